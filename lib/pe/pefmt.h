/* SPDX-License-Identifier: MIT */
/*
 * On-disk PE32+/COFF structures (Microsoft PE/COFF specification), with fixed-width fields
 * so the same declarations serve the LP64 loader and host tests and the LLP64 kernel.
 * Prefixed PE_ so they never collide with winnt.h/ntimage.h inside the kernel.
 */
#ifndef BASALT_PEFMT_H
#define BASALT_PEFMT_H

#include <stdint.h>

#define PE_DOS_SIGNATURE 0x5A4D    /* "MZ" */
#define PE_NT_SIGNATURE 0x00004550 /* "PE\0\0" */
#define PE_MACHINE_AMD64 0x8664
#define PE_OPTIONAL_MAGIC_PE32PLUS 0x20B

#define PE_FILE_RELOCS_STRIPPED 0x0001
#define PE_FILE_EXECUTABLE_IMAGE 0x0002
#define PE_FILE_DLL 0x2000

#define PE_SUBSYSTEM_NATIVE 1
#define PE_SUBSYSTEM_EFI_APPLICATION 10

#define PE_SCN_CNT_CODE 0x00000020
#define PE_SCN_CNT_INITIALIZED_DATA 0x00000040
#define PE_SCN_CNT_UNINITIALIZED_DATA 0x00000080
#define PE_SCN_MEM_DISCARDABLE 0x02000000
#define PE_SCN_MEM_EXECUTE 0x20000000
#define PE_SCN_MEM_READ 0x40000000
#define PE_SCN_MEM_WRITE 0x80000000

#define PE_DIRECTORY_EXPORT 0
#define PE_DIRECTORY_IMPORT 1
#define PE_DIRECTORY_EXCEPTION 3
#define PE_DIRECTORY_BASERELOC 5
#define PE_DIRECTORY_DEBUG 6
#define PE_DIRECTORY_IAT 12
#define PE_NUMBEROF_DIRECTORY_ENTRIES 16

#define PE_REL_BASED_ABSOLUTE 0
#define PE_REL_BASED_HIGH 1
#define PE_REL_BASED_LOW 2
#define PE_REL_BASED_HIGHLOW 3
#define PE_REL_BASED_DIR64 10

#define PE_ORDINAL_FLAG64 0x8000000000000000ull

typedef struct _PE_DOS_HEADER
{
    uint16_t e_magic;
    uint16_t e_unused[29];
    int32_t e_lfanew;
} PE_DOS_HEADER;

typedef struct _PE_FILE_HEADER
{
    uint16_t Machine;
    uint16_t NumberOfSections;
    uint32_t TimeDateStamp;
    uint32_t PointerToSymbolTable;
    uint32_t NumberOfSymbols;
    uint16_t SizeOfOptionalHeader;
    uint16_t Characteristics;
} PE_FILE_HEADER;

typedef struct _PE_DATA_DIRECTORY
{
    uint32_t VirtualAddress;
    uint32_t Size;
} PE_DATA_DIRECTORY;

typedef struct _PE_OPTIONAL_HEADER64
{
    uint16_t Magic;
    uint8_t MajorLinkerVersion;
    uint8_t MinorLinkerVersion;
    uint32_t SizeOfCode;
    uint32_t SizeOfInitializedData;
    uint32_t SizeOfUninitializedData;
    uint32_t AddressOfEntryPoint;
    uint32_t BaseOfCode;
    uint64_t ImageBase;
    uint32_t SectionAlignment;
    uint32_t FileAlignment;
    uint16_t MajorOperatingSystemVersion;
    uint16_t MinorOperatingSystemVersion;
    uint16_t MajorImageVersion;
    uint16_t MinorImageVersion;
    uint16_t MajorSubsystemVersion;
    uint16_t MinorSubsystemVersion;
    uint32_t Win32VersionValue;
    uint32_t SizeOfImage;
    uint32_t SizeOfHeaders;
    uint32_t CheckSum;
    uint16_t Subsystem;
    uint16_t DllCharacteristics;
    uint64_t SizeOfStackReserve;
    uint64_t SizeOfStackCommit;
    uint64_t SizeOfHeapReserve;
    uint64_t SizeOfHeapCommit;
    uint32_t LoaderFlags;
    uint32_t NumberOfRvaAndSizes;
    PE_DATA_DIRECTORY DataDirectory[PE_NUMBEROF_DIRECTORY_ENTRIES];
} PE_OPTIONAL_HEADER64;

typedef struct _PE_NT_HEADERS64
{
    uint32_t Signature;
    PE_FILE_HEADER FileHeader;
    PE_OPTIONAL_HEADER64 OptionalHeader;
} PE_NT_HEADERS64;

#define PE_SIZEOF_SHORT_NAME 8

typedef struct _PE_SECTION_HEADER
{
    uint8_t Name[PE_SIZEOF_SHORT_NAME];
    uint32_t VirtualSize;
    uint32_t VirtualAddress;
    uint32_t SizeOfRawData;
    uint32_t PointerToRawData;
    uint32_t PointerToRelocations;
    uint32_t PointerToLinenumbers;
    uint16_t NumberOfRelocations;
    uint16_t NumberOfLinenumbers;
    uint32_t Characteristics;
} PE_SECTION_HEADER;

typedef struct _PE_BASE_RELOCATION
{
    uint32_t VirtualAddress;
    uint32_t SizeOfBlock;
} PE_BASE_RELOCATION;

typedef struct _PE_EXPORT_DIRECTORY
{
    uint32_t Characteristics;
    uint32_t TimeDateStamp;
    uint16_t MajorVersion;
    uint16_t MinorVersion;
    uint32_t Name;
    uint32_t Base;
    uint32_t NumberOfFunctions;
    uint32_t NumberOfNames;
    uint32_t AddressOfFunctions;
    uint32_t AddressOfNames;
    uint32_t AddressOfNameOrdinals;
} PE_EXPORT_DIRECTORY;

typedef struct _PE_IMPORT_DESCRIPTOR
{
    uint32_t OriginalFirstThunk;
    uint32_t TimeDateStamp;
    uint32_t ForwarderChain;
    uint32_t Name;
    uint32_t FirstThunk;
} PE_IMPORT_DESCRIPTOR;

typedef struct _PE_RUNTIME_FUNCTION
{
    uint32_t BeginAddress;
    uint32_t EndAddress;
    uint32_t UnwindData;
} PE_RUNTIME_FUNCTION;

_Static_assert(sizeof(PE_DOS_HEADER) == 64, "IMAGE_DOS_HEADER is 64 bytes");
_Static_assert(sizeof(PE_FILE_HEADER) == 20, "IMAGE_FILE_HEADER is 20 bytes");
_Static_assert(sizeof(PE_OPTIONAL_HEADER64) == 240, "IMAGE_OPTIONAL_HEADER64 is 240 bytes");
_Static_assert(sizeof(PE_NT_HEADERS64) == 264, "IMAGE_NT_HEADERS64 is 264 bytes");
_Static_assert(sizeof(PE_SECTION_HEADER) == 40, "IMAGE_SECTION_HEADER is 40 bytes");
_Static_assert(sizeof(PE_EXPORT_DIRECTORY) == 40, "IMAGE_EXPORT_DIRECTORY is 40 bytes");
_Static_assert(sizeof(PE_IMPORT_DESCRIPTOR) == 20, "IMAGE_IMPORT_DESCRIPTOR is 20 bytes");

#endif
