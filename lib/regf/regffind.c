/* SPDX-License-Identifier: MIT */
/*
 * Lookup by name: a linear scan over a key's subkeys or values. Registry names compare
 * without regard to case; only ASCII letters are folded here, which is what the loader's
 * fixed names (Select, ControlSet001, Services) and group names need.
 */
#include "regfp.h"

static uint16_t
RegfpNameChar(const REGF_NAME *Name, uint32_t Index)
{
    uint16_t C = Name->Compressed ? Name->Bytes[Index] : RtlReadLe16(Name->Bytes + 2 * Index);

    return C >= 'a' && C <= 'z' ? (uint16_t)(C - 'a' + 'A') : C;
}

int
RegfNamesEqual(const REGF_NAME *A, const REGF_NAME *B)
{
    uint32_t Chars = A->Compressed ? A->Length : A->Length / 2;

    if (Chars != (B->Compressed ? B->Length : B->Length / 2))
        return 0;
    for (uint32_t I = 0; I < Chars; I++)
    {
        if (RegfpNameChar(A, I) != RegfpNameChar(B, I))
            return 0;
    }
    return 1;
}

REGF_STATUS
RegfFindSubkey(const REGF_HIVE *Hive, const REGF_KEY *Key, const REGF_NAME *Name, REGF_KEY *Subkey)
{
    uint32_t Cell;

    for (uint32_t I = 0; I < Key->SubkeyCount; I++)
    {
        if (RegfSubkey(Hive, Key, I, &Cell) == REGF_OK &&
            RegfReadKey(Hive, Cell, Subkey) == REGF_OK && Subkey->Parent == Key->Cell &&
            RegfNamesEqual(&Subkey->Name, Name))
            return REGF_OK;
    }
    RtlFillBytes(Subkey, sizeof(*Subkey), 0);
    return REGF_E_NOT_FOUND;
}

REGF_STATUS
RegfFindValue(const REGF_HIVE *Hive, const REGF_KEY *Key, const REGF_NAME *Name, REGF_VALUE *Value)
{
    for (uint32_t I = 0; I < Key->ValueCount; I++)
    {
        if (RegfReadValue(Hive, Key, I, Value) == REGF_OK && RegfNamesEqual(&Value->Name, Name))
            return REGF_OK;
    }
    RtlFillBytes(Value, sizeof(*Value), 0);
    Value->DataCell = REGF_NONE;
    return REGF_E_NOT_FOUND;
}
