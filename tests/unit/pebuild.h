/* SPDX-License-Identifier: MIT */
/*
 * A small in-memory PE32+ builder for the host tests and the fuzz seeds: sections, export,
 * import, base-relocation and exception tables, linked into a file image that tests then
 * load or deliberately corrupt. Host code: uses libc freely, aborts on allocation failure.
 */
#ifndef BASALT_TESTS_PEBUILD_H
#define BASALT_TESTS_PEBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "pe.h"

#define PB_NT_OFFSET 0x80u
#define PB_HEADERS_SIZE 0x400u
#define PB_FILE_ALIGNMENT 0x200u
#define PB_SECTION_ALIGNMENT 0x1000u
#define PB_MAX_SECTIONS 8
#define PB_DEFAULT_BASE 0x140000000ull

#define PB_CODE (PE_SCN_CNT_CODE | PE_SCN_MEM_EXECUTE | PE_SCN_MEM_READ)
#define PB_DATA (PE_SCN_CNT_INITIALIZED_DATA | PE_SCN_MEM_READ | PE_SCN_MEM_WRITE)
#define PB_RDATA (PE_SCN_CNT_INITIALIZED_DATA | PE_SCN_MEM_READ)
#define PB_BSS (PE_SCN_CNT_UNINITIALIZED_DATA | PE_SCN_MEM_READ | PE_SCN_MEM_WRITE)

typedef struct PB_SECTION
{
    char Name[PE_SIZEOF_SHORT_NAME];
    uint32_t Characteristics;
    uint32_t Rva;
    uint32_t VirtualSize;
    uint32_t RawSize; /* multiple of PB_FILE_ALIGNMENT */
    uint8_t *Data;    /* RawSize bytes */
} PB_SECTION;

typedef struct PB_IMAGE
{
    uint64_t ImageBase;
    uint16_t Characteristics; /* FileHeader.Characteristics */
    uint32_t EntryPoint;
    PE_DATA_DIRECTORY Directories[PE_NUMBEROF_DIRECTORY_ENTRIES];
    PB_SECTION Sections[PB_MAX_SECTIONS];
    unsigned SectionCount;
} PB_IMAGE;

typedef struct PB_EXPORT
{
    const char *Name;      /* NULL: exported by ordinal only */
    uint32_t Rva;          /* the function, when Forwarder is NULL */
    const char *Forwarder; /* "DLL.Name" / "DLL.#n", stored inside the export directory */
} PB_EXPORT;

typedef struct PB_IMPORT
{
    const char *Dll;  /* consecutive entries with the same Dll share a descriptor */
    const char *Name; /* NULL: import by Ordinal */
    uint16_t Ordinal;
} PB_IMPORT;

typedef struct PB_RELOC
{
    uint32_t Rva;
    uint8_t Type;
} PB_RELOC;

void PbInit(PB_IMAGE *Image, uint64_t ImageBase);
void PbFree(PB_IMAGE *Image);

/* RVA the next section will get. */
uint32_t PbNextRva(const PB_IMAGE *Image);
/* Add a section holding Size bytes of Data (NULL: zeros), padded to file alignment;
 * VirtualSize 0 means Size. Returns its RVA. RawSize 0 when Data is NULL and Size 0. */
uint32_t PbAddSection(PB_IMAGE *Image, const char *Name, uint32_t Characteristics, const void *Data,
                      uint32_t Size, uint32_t VirtualSize);
/* Pointer to the initialized bytes of the section data at Rva (aborts when not backed). */
uint8_t *PbAt(PB_IMAGE *Image, uint32_t Rva);
void PbSetDirectory(PB_IMAGE *Image, unsigned Index, uint32_t Rva, uint32_t Size);

/* Table sections. Export i gets ordinal OrdinalBase + i; names are sorted for the table.
 * Imports: SlotRvas (may be NULL) receives the IAT slot RVA of each import. */
uint32_t PbAddExports(PB_IMAGE *Image, const char *DllName, uint32_t OrdinalBase,
                      const PB_EXPORT *Exports, size_t Count);
uint32_t PbAddImports(PB_IMAGE *Image, const PB_IMPORT *Imports, size_t Count, int UseLookupTable,
                      uint32_t *SlotRvas);
uint32_t PbAddRelocs(PB_IMAGE *Image, const PB_RELOC *Relocs, size_t Count);

/* x64 exception data: UNWIND_INFO blobs for .xdata and a RUNTIME_FUNCTION table for .pdata.
 * Infos get their RVAs (XdataRva + offset) as they are added, so that chained entries can
 * name them before the sections exist. */
#define PB_MAX_UNWIND_CODES 16
#define PB_UNW_FLAG_CHAININFO 4

typedef struct PB_UNWIND_INFO
{
    uint8_t Version;
    uint8_t Flags;
    uint8_t SizeOfProlog;
    uint8_t FrameRegister;
    uint8_t FrameOffset; /* in units of 16 bytes */
    uint8_t CountOfCodes;
    uint16_t Codes[PB_MAX_UNWIND_CODES];
    PE_RUNTIME_FUNCTION Chain; /* follows the codes when Flags has PB_UNW_FLAG_CHAININFO */
} PB_UNWIND_INFO;

typedef struct PB_UNWIND
{
    uint32_t XdataRva;
    uint32_t XdataSize;
    uint8_t Xdata[0x800];
    uint32_t FunctionCount;
    PE_RUNTIME_FUNCTION Functions[40];
} PB_UNWIND;

void PbUnwindInit(PB_UNWIND *Unwind, uint32_t XdataRva);
/* Bytes Info takes in .xdata: header, codes padded to an even count, chained entry. */
uint32_t PbUnwindInfoSize(const PB_UNWIND_INFO *Info);
/* Write Info at Offset into .xdata (any alignment, so tests can misplace it); its RVA. */
uint32_t PbPutUnwindInfo(PB_UNWIND *Unwind, uint32_t Offset, const PB_UNWIND_INFO *Info);
/* The RVA the next PbAddUnwindInfo returns (DWORD aligned, after everything written). */
uint32_t PbNextUnwindInfo(const PB_UNWIND *Unwind);
uint32_t PbAddUnwindInfo(PB_UNWIND *Unwind, const PB_UNWIND_INFO *Info);
/* Append a RUNTIME_FUNCTION; add them in ascending order, as linkers sort them. */
void PbAddRuntimeFunction(PB_UNWIND *Unwind, uint32_t Begin, uint32_t End, uint32_t InfoRva);
/* Add .xdata (it must land at XdataRva) and .pdata (the whole Functions array; the exception
 * directory covers FunctionCount entries, and is set only when there are some). Returns
 * the .pdata RVA. */
uint32_t PbAddUnwindSections(PB_IMAGE *Image, const PB_UNWIND *Unwind);

/* The file image (malloc'd; free it). Its NT headers are at PB_NT_OFFSET. */
uint8_t *PbLink(const PB_IMAGE *Image, size_t *Size);
PE_NT_HEADERS64 *PbFileNt(uint8_t *File);
PE_SECTION_HEADER *PbFileSection(uint8_t *File, unsigned Index);

/* A driver-like image: .text, .data with a .bss tail, .bss, exports, relocations. */
#define PB_SAMPLE_TEXT_RVA 0x1000u
#define PB_SAMPLE_DATA_RVA 0x2000u
#define PB_SAMPLE_DATA_SIZE 0x1800u /* 0x100 initialized bytes, the rest zero-filled */
#define PB_SAMPLE_BSS_RVA 0x4000u
void PbBuildSample(PB_IMAGE *Image);

/* ---- Loading ----------------------------------------------------------------------------- */

typedef struct PB_LOADED
{
    const char *Name; /* module name for PbFindModule */
    uint8_t *File;
    size_t FileSize;
    uint8_t *Memory; /* page-aligned mapping */
    PE_VIEW View;
} PB_LOADED;

/* Link, parse, map and open at LoadBase; returns the first failing status. */
PE_STATUS PbLoad(const PB_IMAGE *Image, const char *Name, uint64_t LoadBase, PB_LOADED *Loaded);
void PbUnload(PB_LOADED *Loaded);

typedef struct PB_MODULES
{
    PB_LOADED *Modules[32];
    size_t Count;
    unsigned Lookups; /* how many times PbFindModule was called */
} PB_MODULES;

/* PE_FIND_MODULE over a PB_MODULES context, matching with PeModuleNameMatches. */
const PE_VIEW *PbFindModule(void *Context, const char *Name, size_t NameLength);

#endif
