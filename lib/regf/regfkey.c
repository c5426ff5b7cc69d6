/* SPDX-License-Identifier: MIT */
/*
 * Key nodes and their subkey lists. A key's subkeys are one leaf list (lf, lh: offset and
 * hint pairs; li: offsets) or an ri list of leaf lists; RegfReadKey checks that the lists
 * hold exactly the number of subkeys the key claims, so an index below that count always
 * resolves.
 */
#include "regfp.h"

uint32_t
RegfpHashName(const uint16_t *Name, uint16_t Length)
{
    uint32_t Hash = 0;

    for (uint16_t I = 0; I < Length; I++)
        Hash = Hash * 37 + (Name[I] >= 'a' && Name[I] <= 'z' ? Name[I] - 'a' + 'A' : Name[I]);
    return Hash;
}

/* A leaf list: its entry count and the stride of its entries (8 for lf/lh, 4 for li). */
static REGF_STATUS
RegfpLeaf(const REGF_HIVE *Hive, uint32_t Cell, const uint8_t **Entries, uint32_t *Count,
          uint32_t *Stride)
{
    const uint8_t *Data;
    uint32_t Length;
    REGF_STATUS Status = RegfCell(Hive, Cell, &Data, &Length);

    if (Status != REGF_OK)
        return Status;
    if (RegfpHasSignature(Data, Length, 'l', 'f') || RegfpHasSignature(Data, Length, 'l', 'h'))
        *Stride = 8;
    else if (RegfpHasSignature(Data, Length, 'l', 'i'))
        *Stride = 4;
    else
        return REGF_E_BAD_SUBKEY_LIST;
    if (Length < 4)
        return REGF_E_BAD_SUBKEY_LIST;
    *Count = RtlReadLe16(Data + 2);
    if (*Count > (Length - 4) / *Stride)
        return REGF_E_BAD_SUBKEY_LIST;
    *Entries = Data + 4;
    return REGF_OK;
}

/*
 * Find the Index-th entry of the list at Cell (Index REGF_NONE: just count them all into
 * *Total). Leaf lists directly, or one level of ri.
 */
static REGF_STATUS
RegfpWalkList(const REGF_HIVE *Hive, uint32_t Cell, uint32_t Index, uint32_t *Found,
              uint32_t *Total)
{
    const uint8_t *Data, *Entries;
    uint32_t Length, Count, Stride, Leaves, I, Seen = 0;
    REGF_STATUS Status = RegfCell(Hive, Cell, &Data, &Length);

    if (Status != REGF_OK)
        return Status;
    if (!RegfpHasSignature(Data, Length, 'r', 'i'))
    {
        Status = RegfpLeaf(Hive, Cell, &Entries, &Count, &Stride);
        if (Status == REGF_OK && Index != REGF_NONE && Index < Count)
            *Found = RtlReadLe32(Entries + Index * Stride);
        *Total = Count;
        return Status;
    }
    if (Length < 4 || RtlReadLe16(Data + 2) > (Length - 4) / 4)
        return REGF_E_BAD_SUBKEY_LIST;
    Leaves = RtlReadLe16(Data + 2);
    for (I = 0; I < Leaves; I++)
    {
        Status = RegfpLeaf(Hive, RtlReadLe32(Data + 4 + I * 4), &Entries, &Count, &Stride);
        if (Status != REGF_OK)
            return Status == REGF_E_BAD_SUBKEY_LIST || Status == REGF_E_BAD_CELL_OFFSET ||
                           Status == REGF_E_FREE_CELL
                       ? REGF_E_BAD_SUBKEY_LIST
                       : Status;
        if (Index != REGF_NONE && Index >= Seen && Index - Seen < Count)
        {
            *Found = RtlReadLe32(Entries + (Index - Seen) * Stride);
            *Total = Seen + Count;
            return REGF_OK;
        }
        Seen += Count;
    }
    *Total = Seen;
    return REGF_OK;
}

static REGF_STATUS
RegfpCheckName(const uint8_t *Data, uint32_t Length, uint32_t Fixed, uint32_t NameLength,
               int Compressed, REGF_STATUS Error)
{
    if (NameLength > Length - Fixed || (!Compressed && NameLength % 2 != 0))
        return Error;
    (void)Data;
    return REGF_OK;
}

REGF_STATUS
RegfReadKey(const REGF_HIVE *Hive, uint32_t Cell, REGF_KEY *Key)
{
    const uint8_t *Data, *Class;
    uint32_t Length, ClassLength, Total;
    REGF_STATUS Status;

    RtlFillBytes(Key, sizeof(*Key), 0);
    Status = RegfCell(Hive, Cell, &Data, &Length);
    if (Status != REGF_OK)
        return Status;
    if (Length < REGFP_NK_NAME || !RegfpHasSignature(Data, Length, 'n', 'k'))
        return REGF_E_BAD_KEY;
    Key->Cell = Cell;
    Key->Flags = RtlReadLe16(Data + REGFP_NK_FLAGS);
    Key->LastWriteTime = RtlReadLe64(Data + REGFP_NK_TIMESTAMP);
    Key->Parent = RtlReadLe32(Data + REGFP_NK_PARENT);
    Key->SubkeyCount = RtlReadLe32(Data + REGFP_NK_SUBKEY_COUNT);
    Key->SubkeyList = RtlReadLe32(Data + REGFP_NK_SUBKEY_LIST);
    Key->ValueCount = RtlReadLe32(Data + REGFP_NK_VALUE_COUNT);
    Key->ValueList = RtlReadLe32(Data + REGFP_NK_VALUE_LIST);
    Key->Security = RtlReadLe32(Data + REGFP_NK_SECURITY);
    Key->Name.Bytes = Data + REGFP_NK_NAME;
    Key->Name.Length = RtlReadLe16(Data + REGFP_NK_NAME_LENGTH);
    Key->Name.Compressed = (Key->Flags & REGF_KEY_COMP_NAME) != 0;
    if (Key->Name.Length == 0 || RegfpCheckName(Data, Length, REGFP_NK_NAME, Key->Name.Length,
                                                Key->Name.Compressed, REGF_E_BAD_KEY) != REGF_OK)
        return REGF_E_BAD_KEY;
    ClassLength = RtlReadLe16(Data + REGFP_NK_CLASS_LENGTH);
    if (ClassLength != 0)
    {
        Status = RegfCell(Hive, RtlReadLe32(Data + REGFP_NK_CLASS), &Class, &Length);
        if (Status != REGF_OK || ClassLength > Length || ClassLength % 2 != 0)
            return REGF_E_BAD_KEY;
        Key->Class = Class;
        Key->ClassLength = ClassLength;
    }
    if (Key->SubkeyCount != 0)
    {
        Status = RegfpWalkList(Hive, Key->SubkeyList, REGF_NONE, &Total, &Total);
        if (Status != REGF_OK)
            return Status == REGF_E_BAD_CELL_OFFSET || Status == REGF_E_FREE_CELL
                       ? REGF_E_BAD_SUBKEY_LIST
                       : Status;
        if (Total != Key->SubkeyCount)
            return REGF_E_SUBKEY_COUNT;
    }
    return REGF_OK;
}

REGF_STATUS
RegfSubkey(const REGF_HIVE *Hive, const REGF_KEY *Key, uint32_t Index, uint32_t *Cell)
{
    uint32_t Total;
    REGF_STATUS Status;

    *Cell = REGF_NONE;
    if (Index >= Key->SubkeyCount)
        return REGF_E_NO_MORE_ENTRIES;
    Status = RegfpWalkList(Hive, Key->SubkeyList, Index, Cell, &Total);
    if (Status == REGF_OK && *Cell == REGF_NONE)
        return REGF_E_SUBKEY_COUNT;
    return Status;
}

REGF_STATUS
RegfSecurity(const REGF_HIVE *Hive, uint32_t Cell, const uint8_t **Descriptor, uint32_t *Length)
{
    const uint8_t *Data;
    uint32_t CellLength, SdLength;
    REGF_STATUS Status = RegfCell(Hive, Cell, &Data, &CellLength);

    *Descriptor = NULL;
    *Length = 0;
    if (Status != REGF_OK)
        return Status;
    if (CellLength < REGFP_SK_DESCRIPTOR || !RegfpHasSignature(Data, CellLength, 's', 'k'))
        return REGF_E_BAD_SECURITY;
    SdLength = RtlReadLe32(Data + REGFP_SK_LENGTH);
    if (SdLength < 20 || SdLength > CellLength - REGFP_SK_DESCRIPTOR)
        return REGF_E_BAD_SECURITY;
    *Descriptor = Data + REGFP_SK_DESCRIPTOR;
    *Length = SdLength;
    return REGF_OK;
}
