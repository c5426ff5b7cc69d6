/* SPDX-License-Identifier: MIT */
/*
 * The base block, the hive bins and cell lookup. RegfOpenHive checks the base block and
 * walks every bin and cell header once, so later lookups can trust the chain of bin sizes;
 * RegfCell still walks from the start of the containing bin to prove an offset is a cell
 * start, so a reference into the middle of a cell is an error, not a misread.
 */
#include "regfp.h"

uint32_t
RegfChecksum(const uint8_t *BaseBlock)
{
    uint32_t Sum = 0;

    for (uint32_t I = 0; I < REGFP_BASE_CHECKSUM; I += 4)
        Sum ^= RtlReadLe32(BaseBlock + I);
    if (Sum == 0)
        return 1;
    if (Sum == 0xFFFFFFFFu)
        return 0xFFFFFFFEu;
    return Sum;
}

static REGF_STATUS
RegfpCheckBaseBlock(const uint8_t *Base, size_t Size)
{
    uint32_t Minor = RtlReadLe32(Base + REGFP_BASE_MINOR);
    uint32_t Length = RtlReadLe32(Base + REGFP_BASE_LENGTH);

    if (Base[0] != 'r' || Base[1] != 'e' || Base[2] != 'g' || Base[3] != 'f')
        return REGF_E_BAD_SIGNATURE;
    if (RtlReadLe32(Base + REGFP_BASE_CHECKSUM) != RegfChecksum(Base))
        return REGF_E_BAD_CHECKSUM;
    if (RtlReadLe32(Base + REGFP_BASE_MAJOR) != 1 || Minor < 3 || Minor > 6)
        return REGF_E_BAD_VERSION;
    if (RtlReadLe32(Base + REGFP_BASE_TYPE) != 0 || RtlReadLe32(Base + REGFP_BASE_FORMAT) != 1)
        return REGF_E_BAD_FILE_TYPE;
    if (RtlReadLe32(Base + REGFP_BASE_SEQUENCE1) != RtlReadLe32(Base + REGFP_BASE_SEQUENCE2))
        return REGF_E_DIRTY;
    if (Length == 0 || Length % REGF_BASE_BLOCK_SIZE != 0)
        return REGF_E_BAD_BIN;
    if (Length > Size - REGF_BASE_BLOCK_SIZE)
        return REGF_E_TRUNCATED;
    return REGF_OK;
}

/* The bin at Offset: its header and every cell header in it. */
static REGF_STATUS
RegfpCheckBin(const REGF_HIVE *Hive, uint32_t Offset, uint32_t *BinSize)
{
    const uint8_t *Bin = Hive->Bins + Offset;
    uint32_t Size, Cell;
    int32_t CellSize;
    uint32_t Magnitude;

    if (Hive->BinsSize - Offset < REGF_BIN_HEADER_SIZE || Bin[0] != 'h' || Bin[1] != 'b' ||
        Bin[2] != 'i' || Bin[3] != 'n' || RtlReadLe32(Bin + 4) != Offset)
        return REGF_E_BAD_BIN;
    Size = RtlReadLe32(Bin + 8);
    if (Size < REGF_BASE_BLOCK_SIZE || Size % REGF_BASE_BLOCK_SIZE != 0 ||
        Size > Hive->BinsSize - Offset)
        return REGF_E_BAD_BIN;
    for (Cell = REGF_BIN_HEADER_SIZE; Cell < Size; Cell += Magnitude)
    {
        CellSize = (int32_t)RtlReadLe32(Bin + Cell);
        Magnitude = CellSize < 0 ? 0u - (uint32_t)CellSize : (uint32_t)CellSize;
        if (Magnitude < 8 || Magnitude % 8 != 0 || Magnitude > Size - Cell)
            return REGF_E_BAD_CELL_SIZE;
    }
    *BinSize = Size;
    return REGF_OK;
}

REGF_STATUS
RegfOpenHive(REGF_HIVE *Hive, const void *Data, size_t Size)
{
    REGF_KEY Root;
    REGF_STATUS Status;
    uint32_t Offset, BinSize;

    RtlFillBytes(Hive, sizeof(*Hive), 0);
    if (Data == NULL || Size < REGF_BASE_BLOCK_SIZE)
        return REGF_E_TRUNCATED;
    Status = RegfpCheckBaseBlock(Data, Size);
    if (Status != REGF_OK)
        return Status;
    Hive->Data = Data;
    Hive->Size = Size;
    Hive->Bins = Hive->Data + REGF_BASE_BLOCK_SIZE;
    Hive->BinsSize = RtlReadLe32(Hive->Data + REGFP_BASE_LENGTH);
    Hive->RootCell = RtlReadLe32(Hive->Data + REGFP_BASE_ROOT);
    Hive->Minor = RtlReadLe32(Hive->Data + REGFP_BASE_MINOR);
    for (Offset = 0; Offset < Hive->BinsSize; Offset += BinSize)
    {
        Status = RegfpCheckBin(Hive, Offset, &BinSize);
        if (Status != REGF_OK)
            return Status;
    }
    if (RegfReadKey(Hive, Hive->RootCell, &Root) != REGF_OK ||
        (Root.Flags & REGF_KEY_HIVE_ENTRY) == 0)
        return REGF_E_BAD_ROOT;
    return REGF_OK;
}

REGF_STATUS
RegfCell(const REGF_HIVE *Hive, uint32_t Offset, const uint8_t **Data, uint32_t *Length)
{
    uint32_t Bin = 0, BinSize, Cell, Magnitude;
    int32_t Size;

    *Data = NULL;
    *Length = 0;
    if (Hive->Bins == NULL || Offset >= Hive->BinsSize || Offset % 8 != 0)
        return REGF_E_BAD_CELL_OFFSET;
    /* Bin headers and cell sizes were validated by RegfOpenHive. */
    for (;;)
    {
        BinSize = RtlReadLe32(Hive->Bins + Bin + 8);
        if (Offset < Bin + BinSize)
            break;
        Bin += BinSize;
    }
    for (Cell = Bin + REGF_BIN_HEADER_SIZE; Cell < Offset; Cell += Magnitude)
    {
        Size = (int32_t)RtlReadLe32(Hive->Bins + Cell);
        Magnitude = Size < 0 ? 0u - (uint32_t)Size : (uint32_t)Size;
    }
    if (Cell != Offset)
        return REGF_E_BAD_CELL_OFFSET;
    Size = (int32_t)RtlReadLe32(Hive->Bins + Cell);
    if (Size >= 0)
        return REGF_E_FREE_CELL;
    *Data = Hive->Bins + Cell + 4;
    *Length = (0u - (uint32_t)Size) - 4;
    return REGF_OK;
}
