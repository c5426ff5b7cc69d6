/* SPDX-License-Identifier: MIT */
/*
 * The Windows registry hive file format (regf): a reader that validates every offset and
 * length it follows, and a writer that lays out a hive from a key tree. One implementation,
 * compiled into the kernel (reader) and the host tools and tests (both).
 *
 * Freestanding C11: the library allocates nothing and does no I/O. The reader works on the
 * hive image the caller holds; the writer fills the caller's buffer.
 *
 * Layout (offsets are little-endian; "cell offsets" are relative to the first hive bin,
 * which starts at file offset 4096):
 *   base block  4096 bytes: "regf", sequence numbers, version 1.x, root cell offset, the
 *               size of the bins, and at 508 an XOR checksum of the first 127 dwords.
 *   hive bins   "hbin" headers of 32 bytes, each bin a multiple of 4096 bytes, holding cells.
 *   cells       a signed 32-bit size (negative when allocated, a multiple of 8, counting
 *               the size field) and the data: nk (key), vk (value), sk (security),
 *               lf/lh/li/ri (subkey lists), db (big data), or a raw list/data cell.
 */
#ifndef BASALT_REGF_H
#define BASALT_REGF_H

#include <stddef.h>
#include <stdint.h>

#define REGF_BASE_BLOCK_SIZE 4096u
#define REGF_BIN_HEADER_SIZE 32u
#define REGF_NONE 0xFFFFFFFFu /* "no cell" */
/* Data longer than this is split over a db cell's segments (minor version 4 and later). */
#define REGF_BIG_DATA_SEGMENT 16344u
/* Deepest key nesting a reader accepts (Windows: 512). */
#define REGF_MAX_DEPTH 512u

/* nk flags. */
#define REGF_KEY_VOLATILE 0x0001
#define REGF_KEY_HIVE_EXIT 0x0002
#define REGF_KEY_HIVE_ENTRY 0x0004
#define REGF_KEY_NO_DELETE 0x0008
#define REGF_KEY_SYM_LINK 0x0010
#define REGF_KEY_COMP_NAME 0x0020
/* vk flags. */
#define REGF_VALUE_COMP_NAME 0x0001

typedef enum _REGF_STATUS
{
    REGF_OK = 0,
    REGF_E_TRUNCATED,         /* file smaller than the base block or the bins it declares */
    REGF_E_BAD_SIGNATURE,     /* no "regf" */
    REGF_E_BAD_CHECKSUM,      /* base block checksum mismatch */
    REGF_E_BAD_VERSION,       /* not major version 1, minor 3..6 */
    REGF_E_BAD_FILE_TYPE,     /* not a primary file in direct memory-load format */
    REGF_E_DIRTY,             /* sequence numbers differ: needs a log replay */
    REGF_E_BAD_BIN,           /* hive bin header wrong, misplaced or its size bad */
    REGF_E_BAD_CELL_OFFSET,   /* cell offset outside the bins, unaligned or not a cell start */
    REGF_E_BAD_CELL_SIZE,     /* cell size not a multiple of 8 or past its bin */
    REGF_E_FREE_CELL,         /* a reference to a free cell */
    REGF_E_BAD_ROOT,          /* root cell missing or not a hive-entry key */
    REGF_E_BAD_KEY,           /* nk signature, name or field inconsistent with its cell */
    REGF_E_BAD_SUBKEY_LIST,   /* lf/lh/li/ri wrong signature, count or nesting */
    REGF_E_SUBKEY_COUNT,      /* subkey lists hold a different number than the key says */
    REGF_E_BAD_VALUE_LIST,    /* value list cell smaller than the value count */
    REGF_E_BAD_VALUE,         /* vk signature or name inconsistent with its cell */
    REGF_E_BAD_VALUE_DATA,    /* data cell smaller than the data length */
    REGF_E_BAD_BIG_DATA,      /* db cell or its segment list malformed */
    REGF_E_BAD_SECURITY,      /* sk cell malformed */
    REGF_E_NO_MORE_ENTRIES,   /* index past the last subkey or value */
    REGF_E_BUFFER_TOO_SMALL,  /* writer: output buffer too small */
    REGF_E_INVALID_PARAMETER, /* writer: unsorted or duplicate subkeys, bad names */
    REGF_E_NOT_FOUND,         /* no subkey or value of that name */
    REGF_STATUS_COUNT
} REGF_STATUS;

/* A short English reason for messages. Never NULL. */
const char *RegfStatusText(REGF_STATUS Status);

/* ---- Reader ------------------------------------------------------------------------------ */

typedef struct _REGF_HIVE
{
    const uint8_t *Data;
    size_t Size;
    const uint8_t *Bins; /* Data + 4096 */
    uint32_t BinsSize;
    uint32_t RootCell;
    uint32_t Minor;
} REGF_HIVE;

/* A name as stored: Latin-1 bytes when Compressed, else UTF-16LE; Length in bytes. */
typedef struct _REGF_NAME
{
    const uint8_t *Bytes;
    uint32_t Length;
    int Compressed;
} REGF_NAME;

typedef struct _REGF_KEY
{
    uint32_t Cell;
    uint16_t Flags;
    uint64_t LastWriteTime;
    uint32_t Parent;
    uint32_t SubkeyCount;
    uint32_t SubkeyList;
    uint32_t ValueCount;
    uint32_t ValueList;
    uint32_t Security;
    REGF_NAME Name;
    const uint8_t *Class; /* UTF-16LE, or NULL */
    uint32_t ClassLength; /* bytes */
} REGF_KEY;

typedef struct _REGF_VALUE
{
    uint32_t Cell;
    uint32_t Type;
    REGF_NAME Name; /* Length 0: the default value */
    uint32_t DataLength;
    const uint8_t *Inline; /* data held in the vk cell itself (<= 4 bytes), else NULL */
    uint32_t DataCell;     /* a data cell or db cell, REGF_NONE when inline or empty */
    int BigData;           /* DataCell is a db cell */
} REGF_VALUE;

/* Validate the base block and walk every bin and cell header. */
REGF_STATUS RegfOpenHive(REGF_HIVE *Hive, const void *Data, size_t Size);
/* An allocated cell's data: *Length bytes at *Data. */
REGF_STATUS RegfCell(const REGF_HIVE *Hive, uint32_t Offset, const uint8_t **Data,
                     uint32_t *Length);
REGF_STATUS RegfReadKey(const REGF_HIVE *Hive, uint32_t Cell, REGF_KEY *Key);
/* The Index-th subkey's nk cell, through lf/lh/li lists and one level of ri. */
REGF_STATUS RegfSubkey(const REGF_HIVE *Hive, const REGF_KEY *Key, uint32_t Index, uint32_t *Cell);
REGF_STATUS RegfReadValue(const REGF_HIVE *Hive, const REGF_KEY *Key, uint32_t Index,
                          REGF_VALUE *Value);
/* Copy a value's DataLength bytes (gathering db segments) into Buffer of that size. */
REGF_STATUS RegfCopyValueData(const REGF_HIVE *Hive, const REGF_VALUE *Value, void *Buffer,
                              uint32_t BufferSize);
/* Names equal ignoring the case of ASCII letters (either may be Latin-1 or UTF-16LE). */
int RegfNamesEqual(const REGF_NAME *A, const REGF_NAME *B);
/* The subkey or value of Key called Name; REGF_E_NOT_FOUND when there is none. Subkeys and
 * values whose cells are bad are passed over, as the kernel's hive loader skips them. */
REGF_STATUS RegfFindSubkey(const REGF_HIVE *Hive, const REGF_KEY *Key, const REGF_NAME *Name,
                           REGF_KEY *Subkey);
REGF_STATUS RegfFindValue(const REGF_HIVE *Hive, const REGF_KEY *Key, const REGF_NAME *Name,
                          REGF_VALUE *Value);
/* An sk cell's self-relative security descriptor. */
REGF_STATUS RegfSecurity(const REGF_HIVE *Hive, uint32_t Cell, const uint8_t **Descriptor,
                         uint32_t *Length);
/* The checksum the base block should hold (XOR of its first 127 dwords, 0/-1 avoided). */
uint32_t RegfChecksum(const uint8_t *BaseBlock);

/* ---- Writer ------------------------------------------------------------------------------ */

typedef struct _REGF_WRITE_VALUE
{
    const uint16_t *Name; /* UTF-16, not terminated */
    uint16_t NameLength;  /* characters; 0: the default value */
    uint32_t Type;
    const void *Data;
    uint32_t DataLength;
} REGF_WRITE_VALUE;

typedef struct _REGF_WRITE_KEY
{
    const uint16_t *Name;
    uint16_t NameLength;                   /* characters, 1..255, no backslash */
    uint16_t Flags;                        /* REGF_KEY_SYM_LINK; the writer adds the rest */
    const struct _REGF_WRITE_KEY *Subkeys; /* sorted by upcased name, no duplicates */
    uint32_t SubkeyCount;
    const REGF_WRITE_VALUE *Values;
    uint32_t ValueCount;
} REGF_WRITE_KEY;

typedef enum _REGF_LIST_KIND
{
    RegfListLh = 0, /* what Windows writes today */
    RegfListLf,
    RegfListLi
} REGF_LIST_KIND;

typedef struct _REGF_WRITE_OPTIONS
{
    uint64_t Timestamp; /* FILETIME stored in the base block and every key */
    REGF_LIST_KIND ListKind;
    uint32_t MaxLeafCount; /* more subkeys than this go under an ri list; 0: 1012 */
} REGF_WRITE_OPTIONS;

/* Lay out Root as a hive in Buffer; *Written is the file size (also what a too-small
 * buffer would have needed, with REGF_E_BUFFER_TOO_SMALL). */
REGF_STATUS RegfWriteHive(const REGF_WRITE_KEY *Root, const REGF_WRITE_OPTIONS *Options,
                          void *Buffer, size_t BufferSize, size_t *Written);
/* Order subkeys as the writer expects: <0, 0, >0 like strcmp on upcased names. */
int RegfCompareNames(const uint16_t *A, uint16_t ALength, const uint16_t *B, uint16_t BLength);

#endif
