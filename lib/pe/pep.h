/* SPDX-License-Identifier: MIT */
/*
 * Private to lib/pe: byte-wise little-endian access (image data may be unaligned, and the
 * library may call no libc), overflow-safe range checks, and the header validation shared
 * by the raw-file and mapped-image entry points.
 */
#ifndef BASALT_PEP_H
#define BASALT_PEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pe.h"
#include "rtlbytes.h"

/* ---- Ranges and alignment ---------------------------------------------------------------- */

/* True when [Offset, Offset + Length) lies within [0, Limit). Computed in 64 bits with no
 * addition that can wrap, so it holds for any 32-bit inputs. */
static inline bool
PepRangeInside(uint64_t Offset, uint64_t Length, uint64_t Limit)
{
    return Offset <= Limit && Length <= Limit - Offset;
}

static inline bool
PepIsPowerOfTwo(uint32_t Value)
{
    return Value != 0 && (Value & (Value - 1)) == 0;
}

static inline bool
PepPointerAligned(const void *Pointer, size_t Alignment)
{
    return ((uintptr_t)Pointer & (Alignment - 1)) == 0;
}

static inline uint8_t
PepToLower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
}

static inline size_t
PepStringLength(const char *String)
{
    size_t Length = 0;

    while (String[Length] != '\0')
    {
        Length++;
    }
    return Length;
}

/* Length of a NUL-terminated string at Rva that ends inside the image, or -1 when the
 * string runs off the end (or starts outside). */
static inline int64_t
PepImageStringLength(const PE_VIEW *View, uint32_t Rva)
{
    for (uint64_t i = Rva; i < View->Size; i++)
    {
        if (View->Base[i] == 0)
        {
            return (int64_t)(i - Rva);
        }
    }
    return -1;
}

/* The size a section occupies in memory: VirtualSize, or SizeOfRawData for the linkers
 * that leave VirtualSize zero. */
static inline uint32_t
PepSectionVirtualSize(const PE_SECTION_HEADER *Section)
{
    return Section->VirtualSize != 0 ? Section->VirtualSize : Section->SizeOfRawData;
}

/* ---- Header validation (peheaders.c) ----------------------------------------------------- */

/* The certificate directory holds a file offset, not an RVA, and is never mapped. */
#define PEP_DIRECTORY_SECURITY 4

typedef struct _PEP_HEADERS
{
    const PE_NT_HEADERS64 *Nt;
    const PE_SECTION_HEADER *Sections;
    uint16_t NumberOfSections;
    uint32_t SectionTableEnd; /* offset of the first byte past the section table */
} PEP_HEADERS;

/* DOS header, signatures, machine, optional header and the section table's placement, all
 * within Data[0, Size). Leaves aligned Nt and Sections pointers in Headers on success. */
PE_STATUS PepLocateHeaders(const uint8_t *Data, size_t Size, PEP_HEADERS *Headers);

/* The layout the headers describe: alignments, size limits, every section inside
 * SizeOfImage and not overlapping another, every data directory inside SizeOfImage. */
PE_STATUS PepCheckLayout(const PEP_HEADERS *Headers);

/* The section table of an opened view, re-derived and re-checked from the (writable, thus
 * untrusted) mapped headers. NULL with *Count = 0 when it no longer fits. */
const PE_SECTION_HEADER *PepViewSections(const PE_VIEW *View, uint16_t *Count);

/* A data directory of an opened view, re-read from the mapped headers. An absent one (zero
 * size or address) comes back all zero; one not inside the image is PE_E_BAD_DIRECTORY. */
PE_STATUS PepViewDirectory(const PE_VIEW *View, uint32_t Index, PE_DATA_DIRECTORY *Directory);

#endif
