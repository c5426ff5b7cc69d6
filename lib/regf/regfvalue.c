/* SPDX-License-Identifier: MIT */
/*
 * Value nodes and their data: inline in the vk cell (4 bytes or less, flagged by the top bit
 * of the length), in one data cell, or, from format 1.4 on and above REGF_BIG_DATA_SEGMENT
 * bytes, in a db cell's list of segment cells.
 */
#include "regfp.h"

/* A db cell: its segment list, each segment long enough for its share of Length. */
static REGF_STATUS
RegfpCheckBigData(const REGF_HIVE *Hive, const uint8_t *Db, uint32_t DbLength, uint32_t Length,
                  const uint8_t **List)
{
    uint32_t Count, ListLength, I, SegmentLength, Remaining = Length;
    const uint8_t *Segment;

    if (DbLength < 8 || !RegfpHasSignature(Db, DbLength, 'd', 'b'))
        return REGF_E_BAD_BIG_DATA;
    Count = RtlReadLe16(Db + REGFP_DB_COUNT);
    if (Count == 0 || (uint64_t)Count * REGF_BIG_DATA_SEGMENT < Length)
        return REGF_E_BAD_BIG_DATA;
    if (RegfCell(Hive, RtlReadLe32(Db + REGFP_DB_LIST), List, &ListLength) != REGF_OK ||
        ListLength / 4 < Count)
        return REGF_E_BAD_BIG_DATA;
    for (I = 0; I < Count && Remaining != 0; I++)
    {
        if (RegfCell(Hive, RtlReadLe32(*List + I * 4), &Segment, &SegmentLength) != REGF_OK)
            return REGF_E_BAD_BIG_DATA;
        if (SegmentLength < (Remaining < REGF_BIG_DATA_SEGMENT ? Remaining : REGF_BIG_DATA_SEGMENT))
            return REGF_E_BAD_BIG_DATA;
        Remaining -= Remaining < REGF_BIG_DATA_SEGMENT ? Remaining : REGF_BIG_DATA_SEGMENT;
    }
    return REGF_OK;
}

static REGF_STATUS
RegfpCheckData(const REGF_HIVE *Hive, const uint8_t *Vk, REGF_VALUE *Value)
{
    uint32_t Raw = RtlReadLe32(Vk + REGFP_VK_DATA_LENGTH), CellLength;
    const uint8_t *Data, *List;

    if (Raw & REGFP_VK_INLINE)
    {
        Value->DataLength = Raw & ~REGFP_VK_INLINE;
        if (Value->DataLength > 4)
            return REGF_E_BAD_VALUE_DATA;
        Value->Inline = Vk + REGFP_VK_DATA;
        return REGF_OK;
    }
    Value->DataLength = Raw;
    if (Raw == 0)
        return REGF_OK;
    Value->DataCell = RtlReadLe32(Vk + REGFP_VK_DATA);
    if (RegfCell(Hive, Value->DataCell, &Data, &CellLength) != REGF_OK)
        return REGF_E_BAD_VALUE_DATA;
    if (Hive->Minor >= 4 && Raw > REGF_BIG_DATA_SEGMENT)
    {
        Value->BigData = 1;
        return RegfpCheckBigData(Hive, Data, CellLength, Raw, &List);
    }
    return CellLength >= Raw ? REGF_OK : REGF_E_BAD_VALUE_DATA;
}

REGF_STATUS
RegfReadValue(const REGF_HIVE *Hive, const REGF_KEY *Key, uint32_t Index, REGF_VALUE *Value)
{
    const uint8_t *List, *Vk;
    uint32_t ListLength, Length;
    REGF_STATUS Status;

    RtlFillBytes(Value, sizeof(*Value), 0);
    Value->DataCell = REGF_NONE;
    if (Index >= Key->ValueCount)
        return REGF_E_NO_MORE_ENTRIES;
    Status = RegfCell(Hive, Key->ValueList, &List, &ListLength);
    if (Status != REGF_OK || ListLength / 4 < Key->ValueCount)
        return REGF_E_BAD_VALUE_LIST;
    Value->Cell = RtlReadLe32(List + Index * 4);
    Status = RegfCell(Hive, Value->Cell, &Vk, &Length);
    if (Status != REGF_OK)
        return Status;
    if (Length < REGFP_VK_NAME || !RegfpHasSignature(Vk, Length, 'v', 'k'))
        return REGF_E_BAD_VALUE;
    Value->Type = RtlReadLe32(Vk + REGFP_VK_TYPE);
    Value->Name.Bytes = Vk + REGFP_VK_NAME;
    Value->Name.Length = RtlReadLe16(Vk + REGFP_VK_NAME_LENGTH);
    Value->Name.Compressed = (RtlReadLe16(Vk + REGFP_VK_FLAGS) & REGF_VALUE_COMP_NAME) != 0;
    if (Value->Name.Length > Length - REGFP_VK_NAME ||
        (!Value->Name.Compressed && Value->Name.Length % 2 != 0))
        return REGF_E_BAD_VALUE;
    return RegfpCheckData(Hive, Vk, Value);
}

REGF_STATUS
RegfCopyValueData(const REGF_HIVE *Hive, const REGF_VALUE *Value, void *Buffer, uint32_t BufferSize)
{
    const uint8_t *Data, *List, *Segment;
    uint32_t Length, Copied = 0, Chunk, I;
    uint8_t *Out = Buffer;

    if (BufferSize < Value->DataLength)
        return REGF_E_BUFFER_TOO_SMALL;
    if (Value->Inline != NULL || Value->DataLength == 0)
    {
        RtlCopyBytes(Out, Value->Inline, Value->DataLength);
        return REGF_OK;
    }
    if (RegfCell(Hive, Value->DataCell, &Data, &Length) != REGF_OK)
        return REGF_E_BAD_VALUE_DATA;
    if (!Value->BigData)
    {
        if (Length < Value->DataLength)
            return REGF_E_BAD_VALUE_DATA;
        RtlCopyBytes(Out, Data, Value->DataLength);
        return REGF_OK;
    }
    if (RegfpCheckBigData(Hive, Data, Length, Value->DataLength, &List) != REGF_OK)
        return REGF_E_BAD_BIG_DATA;
    for (I = 0; Copied < Value->DataLength; I++)
    {
        Chunk = Value->DataLength - Copied;
        Chunk = Chunk < REGF_BIG_DATA_SEGMENT ? Chunk : REGF_BIG_DATA_SEGMENT;
        RegfCell(Hive, RtlReadLe32(List + I * 4), &Segment, &Length);
        RtlCopyBytes(Out + Copied, Segment, Chunk);
        Copied += Chunk;
    }
    return REGF_OK;
}
