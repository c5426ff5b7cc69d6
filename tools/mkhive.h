/* SPDX-License-Identifier: MIT */
/* mkhive's key tree: built from the command line, sorted, then handed to lib/regf. */
#ifndef BASALT_MKHIVE_H
#define BASALT_MKHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "regf.h"

typedef struct _HIVE_VALUE
{
    uint16_t *Name;
    uint16_t NameLength;
    uint32_t Type;
    uint8_t *Data;
    uint32_t DataLength;
} HIVE_VALUE;

typedef struct _HIVE_KEY
{
    uint16_t *Name;
    uint16_t NameLength;
    uint16_t Flags;
    struct _HIVE_KEY *Subkeys;
    size_t SubkeyCount;
    HIVE_VALUE *Values;
    size_t ValueCount;
} HIVE_KEY;

/* UTF-8 to UTF-16 (BMP), malloc'ed; *Length in characters. Exits on bad input. */
uint16_t *HiveWide(const char *Text, size_t Bytes, uint16_t *Length);
/* The key at Path ("A\B\C", relative to Root), created as needed. */
HIVE_KEY *HiveKey(HIVE_KEY *Root, const char *Path);
/* Set (or replace) a value. */
void HiveSetValue(HIVE_KEY *Key, const char *Name, uint32_t Type, const void *Data,
                  uint32_t Length);
/* The tree as lib/regf wants it (subkeys sorted); freed with the process. */
REGF_WRITE_KEY HiveFreeze(HIVE_KEY *Key);
/* Print the hive in Data: one line per key and value. Returns 0 or 1 on a corrupt hive. */
int HiveDump(const uint8_t *Data, size_t Size);

#endif
