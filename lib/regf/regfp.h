/* SPDX-License-Identifier: MIT */
/* Internals shared by the files of lib/regf: field offsets of the on-disk structures. */
#ifndef BASALT_REGFP_H
#define BASALT_REGFP_H

#include "regf.h"
#include "rtlbytes.h"

/* Base block. */
#define REGFP_BASE_SEQUENCE1 0x04
#define REGFP_BASE_SEQUENCE2 0x08
#define REGFP_BASE_TIMESTAMP 0x0C
#define REGFP_BASE_MAJOR 0x14
#define REGFP_BASE_MINOR 0x18
#define REGFP_BASE_TYPE 0x1C
#define REGFP_BASE_FORMAT 0x20
#define REGFP_BASE_ROOT 0x24
#define REGFP_BASE_LENGTH 0x28
#define REGFP_BASE_CLUSTER 0x2C
#define REGFP_BASE_FILE_NAME 0x30
#define REGFP_BASE_CHECKSUM 0x1FC

/* nk, offsets into the cell data (after the size field). */
#define REGFP_NK_FLAGS 0x02
#define REGFP_NK_TIMESTAMP 0x04
#define REGFP_NK_PARENT 0x10
#define REGFP_NK_SUBKEY_COUNT 0x14
#define REGFP_NK_SUBKEY_LIST 0x1C
#define REGFP_NK_VOLATILE_LIST 0x20
#define REGFP_NK_VALUE_COUNT 0x24
#define REGFP_NK_VALUE_LIST 0x28
#define REGFP_NK_SECURITY 0x2C
#define REGFP_NK_CLASS 0x30
#define REGFP_NK_MAX_NAME 0x34
#define REGFP_NK_MAX_CLASS 0x38
#define REGFP_NK_MAX_VALUE_NAME 0x3C
#define REGFP_NK_MAX_VALUE_DATA 0x40
#define REGFP_NK_NAME_LENGTH 0x48
#define REGFP_NK_CLASS_LENGTH 0x4A
#define REGFP_NK_NAME 0x4C

/* vk. */
#define REGFP_VK_NAME_LENGTH 0x02
#define REGFP_VK_DATA_LENGTH 0x04
#define REGFP_VK_DATA 0x08
#define REGFP_VK_TYPE 0x0C
#define REGFP_VK_FLAGS 0x10
#define REGFP_VK_NAME 0x14
#define REGFP_VK_INLINE 0x80000000u

/* sk. */
#define REGFP_SK_FLINK 0x04
#define REGFP_SK_BLINK 0x08
#define REGFP_SK_REFS 0x0C
#define REGFP_SK_LENGTH 0x10
#define REGFP_SK_DESCRIPTOR 0x14

/* db. */
#define REGFP_DB_COUNT 0x02
#define REGFP_DB_LIST 0x04
#define REGFP_DB_SIZE 0x0C

#define REGFP_SIG(a, b) ((uint16_t)((a) | ((b) << 8)))

static inline int
RegfpHasSignature(const uint8_t *Data, uint32_t Length, char A, char B)
{
    return Length >= 2 && Data[0] == (uint8_t)A && Data[1] == (uint8_t)B;
}

/* The lh hash of a name: h = h * 37 + upcase(c) over its characters. */
uint32_t RegfpHashName(const uint16_t *Name, uint16_t Length);

#endif
