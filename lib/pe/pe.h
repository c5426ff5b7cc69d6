/* SPDX-License-Identifier: MIT */
/*
 * The shared PE32+ image library: validation, mapping, base relocation, export lookup
 * (with forwarders) and import binding. One implementation, compiled into the UEFI loader
 * (gcc, SysV ABI), the kernel (mingw-w64, MS ABI) and the host unit tests.
 *
 * The library is freestanding: it allocates nothing and does no I/O. The caller hands it
 * the raw file, the buffer to map into, and a callback that finds loaded modules by name.
 * Every routine validates what it reads against the bounds it was given and reports a
 * precise PE_STATUS; malformed input never makes it read or write out of bounds.
 *
 * Two views of an image:
 *   PE_FILE  - the raw file as read from disk (PeParseFile).
 *   PE_VIEW  - the image mapped at section alignment. Base is where the caller can access
 *              it now; LoadBase is the virtual address it will run at (they differ in the
 *              loader, which fills physical pages that the kernel later sees at LoadBase).
 *              All addresses the library returns (exports, bound imports) are LoadBase-
 *              relative; all accesses it makes go through Base.
 */
#ifndef BASALT_PE_H
#define BASALT_PE_H

#include <stddef.h>
#include <stdint.h>

#include "pefmt.h"

/* Largest SizeOfImage accepted: bigger than any kernel-mode image, small enough that a
 * corrupt header cannot make a caller allocate most of memory. */
#define PE_MAX_IMAGE_SIZE (256u * 1024 * 1024)
#define PE_MAX_SECTIONS 96
/* A forwarder chain longer than this is treated as a loop. */
#define PE_MAX_FORWARDER_DEPTH 16

typedef enum _PE_STATUS
{
    PE_OK = 0,
    PE_E_TRUNCATED,                /* file ends inside the headers or a header-described table */
    PE_E_BAD_DOS_SIGNATURE,        /* no "MZ" */
    PE_E_BAD_NT_SIGNATURE,         /* e_lfanew out of range or no "PE\0\0" */
    PE_E_BAD_MACHINE,              /* not IMAGE_FILE_MACHINE_AMD64 */
    PE_E_BAD_OPTIONAL_HEADER,      /* not PE32+, too small, too few data directories */
    PE_E_BAD_ALIGNMENT,            /* section/file alignment not a power of two, or unaligned */
    PE_E_IMAGE_TOO_LARGE,          /* SizeOfImage above PE_MAX_IMAGE_SIZE or SizeOfHeaders absurd */
    PE_E_TOO_MANY_SECTIONS,        /* NumberOfSections above PE_MAX_SECTIONS */
    PE_E_BAD_SECTION,              /* section not within SizeOfImage, or before SizeOfHeaders */
    PE_E_SECTION_OUTSIDE_FILE,     /* raw data range past the end of the file */
    PE_E_OVERLAPPING_SECTIONS,     /* two sections share virtual addresses */
    PE_E_BAD_DIRECTORY,            /* a data directory lies outside the image */
    PE_E_BAD_RELOCATION,           /* malformed block, unknown type or target outside image */
    PE_E_RELOCS_STRIPPED,          /* image must move but carries no relocations */
    PE_E_BAD_IMPORT,               /* import descriptor, thunk or name out of bounds */
    PE_E_IMPORT_MODULE_NOT_FOUND,  /* the imported DLL is not loaded */
    PE_E_IMPORT_NAME_NOT_FOUND,    /* the DLL does not export that name */
    PE_E_IMPORT_ORDINAL_NOT_FOUND, /* the DLL does not export that ordinal */
    PE_E_BAD_EXPORT,               /* export directory or tables out of bounds */
    PE_E_BAD_FORWARDER,            /* forwarder string malformed ("DLL.Name" / "DLL.#n") */
    PE_E_FORWARDER_LOOP,           /* forwarder chain deeper than PE_MAX_FORWARDER_DEPTH */
    PE_E_BUFFER_TOO_SMALL,         /* destination smaller than SizeOfImage */
    PE_STATUS_COUNT
} PE_STATUS;

/* A short English reason for messages ("section outside file"). Never NULL. */
const char *PeStatusText(PE_STATUS Status);

/* The NTSTATUS Windows reports for the same failure (STATUS_INVALID_IMAGE_FORMAT,
 * STATUS_DRIVER_ENTRYPOINT_NOT_FOUND, STATUS_DRIVER_ORDINAL_NOT_FOUND, STATUS_DLL_NOT_FOUND,
 * STATUS_INVALID_IMAGE_NOT_MZ, STATUS_BUFFER_TOO_SMALL, ...); 0 for PE_OK. */
int32_t PeStatusToNtStatus(PE_STATUS Status);

/* ---- Raw file ---------------------------------------------------------------------------- */

typedef struct _PE_FILE
{
    const uint8_t *Data;
    size_t Size;
    const PE_NT_HEADERS64 *Nt;         /* points into Data */
    const PE_SECTION_HEADER *Sections; /* points into Data */
    uint16_t NumberOfSections;
    uint32_t SizeOfImage;
    uint32_t SizeOfHeaders;
    uint64_t ImageBase; /* preferred base from the optional header */
} PE_FILE;

/* Validate headers and the section table of a raw file: signatures, machine, PE32+,
 * alignments, SizeOfImage limit, every section inside SizeOfImage and its raw data inside
 * the file, no two sections overlapping, every data directory inside SizeOfImage. */
PE_STATUS PeParseFile(const void *Data, size_t Size, PE_FILE *File);

/* Copy headers and sections of a parsed file into Dest (SizeOfImage bytes at section
 * alignment); bytes not backed by the file are zeroed. Dest must hold SizeOfImage bytes. */
PE_STATUS PeMapFile(const PE_FILE *File, void *Dest, size_t DestSize);

/* ---- Mapped image ------------------------------------------------------------------------ */

typedef struct _PE_VIEW
{
    uint8_t *Base;       /* where this code can access the mapped image */
    uint32_t Size;       /* SizeOfImage */
    uint64_t LoadBase;   /* virtual address the image runs at */
    PE_NT_HEADERS64 *Nt; /* inside Base */
} PE_VIEW;

/* Validate the headers of an image already mapped at Base (Size bytes) and fill View.
 * Re-validates everything PeParseFile checks that still applies to a mapped image. */
PE_STATUS PeOpenView(void *Base, size_t Size, uint64_t LoadBase, PE_VIEW *View);

/* Apply base relocations for the move from the header's ImageBase to View->LoadBase, then
 * record LoadBase as the header's ImageBase (as Windows does). No-op when not moving. */
PE_STATUS PeRelocate(PE_VIEW *View);

/* Section helpers. */
#define PE_PROT_READ 1u
#define PE_PROT_WRITE 2u
#define PE_PROT_EXECUTE 4u
/* Page protection a section gets under W^X: executable sections RX (never W), writable
 * sections RW, everything else R. */
uint32_t PeSectionProtection(const PE_SECTION_HEADER *Section);
const PE_SECTION_HEADER *PeFirstSection(const PE_VIEW *View, uint16_t *Count);
/* The section containing Rva, or NULL. */
const PE_SECTION_HEADER *PeSectionOfRva(const PE_VIEW *View, uint32_t Rva);

/* Pointer (through Base) to Size bytes at Rva, or NULL when any byte is outside the image. */
void *PeRvaToPointer(const PE_VIEW *View, uint32_t Rva, uint32_t Size);

/* ---- Exports ----------------------------------------------------------------------------- */

typedef struct _PE_EXPORT
{
    uint64_t Address;      /* LoadBase + RVA; 0 when Forwarder is set */
    const char *Forwarder; /* "DLL.Name" or "DLL.#Ordinal" inside the image, else NULL */
} PE_EXPORT;

PE_STATUS PeFindExportByName(const PE_VIEW *View, const char *Name, PE_EXPORT *Export);
PE_STATUS PeFindExportByOrdinal(const PE_VIEW *View, uint32_t Ordinal, PE_EXPORT *Export);

/* Find a loaded module for an import or forwarder. Name is not NUL-terminated: NameLength
 * bytes. Return NULL when no such module is loaded. Use PeModuleNameMatches to compare. */
typedef const PE_VIEW *(*PE_FIND_MODULE)(void *Context, const char *Name, size_t NameLength);

/* Case-insensitive DLL-name match as Windows does it: "HAL.dll" matches "hal.dll", and a
 * requested name without an extension (from a forwarder, "NTOSKRNL") matches the module's
 * name minus its extension. */
int PeModuleNameMatches(const char *ModuleName, const char *Requested, size_t RequestedLength);

/* Resolve Dll!Name (Name != NULL) or Dll!#Ordinal (Name == NULL), following forwarders
 * through Find up to PE_MAX_FORWARDER_DEPTH. */
PE_STATUS PeResolveExport(PE_FIND_MODULE Find, void *Context, const char *Dll, size_t DllLength,
                          const char *Name, uint32_t Ordinal, uint64_t *Address);

/* ---- Imports ----------------------------------------------------------------------------- */

typedef struct _PE_IMPORT
{
    const char *Dll;  /* NUL-terminated, inside the image */
    const char *Name; /* NUL-terminated, inside the image; NULL for an import by ordinal */
    uint32_t Ordinal; /* valid when Name == NULL */
    uint64_t *Slot;   /* the IAT entry (through Base) */
} PE_IMPORT;

/* Call Visit for every imported function, in import-directory order. Stops at the first
 * non-PE_OK status returned by Visit and returns it. Malformed tables: PE_E_BAD_IMPORT. */
typedef PE_STATUS (*PE_IMPORT_VISITOR)(void *Context, const PE_IMPORT *Import);
PE_STATUS PeForEachImport(const PE_VIEW *View, PE_IMPORT_VISITOR Visit, void *Context);

/* Bind every import of View: each IAT slot gets the resolved address. On failure Failed
 * (if not NULL) describes the import that could not be bound. */
PE_STATUS PeBindImports(PE_VIEW *View, PE_FIND_MODULE Find, void *Context, PE_IMPORT *Failed);

#endif
