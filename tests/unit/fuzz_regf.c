/* SPDX-License-Identifier: MIT */
/* libFuzzer target: open any input as a hive and walk all of it the kernel would read. */
#include <stddef.h>
#include <stdint.h>

#include "regf.h"

static uint8_t Scratch[1 << 20];

static void
Walk(const REGF_HIVE *Hive, uint32_t Cell, uint32_t Depth, uint32_t *Budget)
{
    REGF_KEY Key;
    REGF_VALUE Value;
    uint32_t Child;
    const uint8_t *Sd;
    uint32_t SdLength;

    if (Depth > 64 || *Budget == 0 || RegfReadKey(Hive, Cell, &Key) != REGF_OK)
        return;
    (*Budget)--;
    (void)RegfSecurity(Hive, Key.Security, &Sd, &SdLength);
    for (uint32_t I = 0; I < Key.ValueCount && I < 64; I++)
    {
        if (RegfReadValue(Hive, &Key, I, &Value) == REGF_OK && Value.DataLength <= sizeof(Scratch))
            (void)RegfCopyValueData(Hive, &Value, Scratch, Value.DataLength);
    }
    for (uint32_t I = 0; I < Key.SubkeyCount && I < 64; I++)
    {
        if (RegfSubkey(Hive, &Key, I, &Child) == REGF_OK)
            Walk(Hive, Child, Depth + 1, Budget);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    REGF_HIVE Hive;
    uint32_t Budget = 256;

    if (RegfOpenHive(&Hive, Data, Size) == REGF_OK)
        Walk(&Hive, Hive.RootCell, 0, &Budget);
    return 0;
}
