/* SPDX-License-Identifier: MIT */
/*
 * The hive writer. Cells are laid out in one pass, depth first, by bumping through hive bins
 * of 4096 bytes (larger when a cell needs it); the tail of a bin is a free cell. Every store
 * is bounds-checked against the caller's buffer and skipped past its end, so one call with a
 * small buffer reports the size needed. All keys share one sk cell: owner Administrators,
 * Everyone read, SYSTEM and Administrators full control, inherited by subkeys.
 */
#include "regfp.h"

#define REGFP_DEFAULT_LEAF 1012u

typedef struct _REGFP_WRITER
{
    uint8_t *Buffer;
    size_t Capacity;
    uint32_t BinStart; /* cell offsets (relative to the first bin) */
    uint32_t BinEnd;
    uint32_t Next;
    uint32_t Security;
    uint32_t KeyCount;
    const REGF_WRITE_OPTIONS *Options;
} REGFP_WRITER;

static const uint8_t RegfpDescriptor[] = {
    /* header: revision 1, control SE_SELF_RELATIVE | SE_DACL_PRESENT */
    1, 0, 0x04, 0x80, 92, 0, 0, 0, 108, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0,
    /* DACL: revision 2, 72 bytes, 3 ACEs */
    2, 0, 72, 0, 3, 0, 0, 0,
    /* allow, container inherit: Everyone KEY_READ */
    0, 2, 20, 0, 0x19, 0, 0x02, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    /* SYSTEM KEY_ALL_ACCESS */
    0, 2, 20, 0, 0x3F, 0, 0x0F, 0, 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,
    /* Administrators KEY_ALL_ACCESS */
    0, 2, 24, 0, 0x3F, 0, 0x0F, 0, 1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0,
    /* owner Administrators, group SYSTEM */
    1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};

/* Pointer to Length bytes at bin offset Offset, or NULL past the caller's buffer. */
static uint8_t *
RegfpAt(REGFP_WRITER *W, uint32_t Offset, uint32_t Length)
{
    size_t Start = REGF_BASE_BLOCK_SIZE + (size_t)Offset;

    if (Start > W->Capacity || Length > W->Capacity - Start)
        return NULL;
    return W->Buffer + Start;
}

static void
RegfpPut32(REGFP_WRITER *W, uint32_t Offset, uint32_t Value)
{
    uint8_t *P = RegfpAt(W, Offset, 4);

    if (P != NULL)
        RtlWriteLe32(P, Value);
}

static void
RegfpPut16(REGFP_WRITER *W, uint32_t Offset, uint16_t Value)
{
    uint8_t *P = RegfpAt(W, Offset, 2);

    if (P != NULL)
        RtlWriteLe16(P, Value);
}

static void
RegfpPutBytes(REGFP_WRITER *W, uint32_t Offset, const void *Data, uint32_t Length)
{
    uint8_t *P = RegfpAt(W, Offset, Length);

    if (P != NULL)
        RtlCopyBytes(P, Data, Length);
}

/* Close the current bin: what is left of it becomes one free cell. */
static void
RegfpCloseBin(REGFP_WRITER *W)
{
    if (W->Next < W->BinEnd)
        RegfpPut32(W, W->Next, W->BinEnd - W->Next);
    W->Next = W->BinEnd;
}

/* A zeroed allocated cell with Length bytes of data; returns its offset. */
static uint32_t
RegfpAllocate(REGFP_WRITER *W, uint32_t Length)
{
    uint32_t Size = (Length + 4 + 7) & ~7u, BinSize, Cell;
    uint8_t *P;

    if (W->BinEnd - W->Next < Size)
    {
        RegfpCloseBin(W);
        BinSize =
            (Size + REGF_BIN_HEADER_SIZE + REGF_BASE_BLOCK_SIZE - 1) & ~(REGF_BASE_BLOCK_SIZE - 1);
        W->BinStart = W->BinEnd;
        W->BinEnd = W->BinStart + BinSize;
        P = RegfpAt(W, W->BinStart, REGF_BIN_HEADER_SIZE);
        if (P != NULL)
        {
            RtlFillBytes(P, REGF_BIN_HEADER_SIZE, 0);
            RtlCopyBytes(P, "hbin", 4);
            RtlWriteLe32(P + 4, W->BinStart);
            RtlWriteLe32(P + 8, BinSize);
            RtlWriteLe64(P + 20, W->Options->Timestamp);
        }
        W->Next = W->BinStart + REGF_BIN_HEADER_SIZE;
    }
    Cell = W->Next;
    W->Next += Size;
    P = RegfpAt(W, Cell, Size);
    if (P != NULL)
        RtlFillBytes(P, Size, 0);
    RegfpPut32(W, Cell, 0u - Size);
    return Cell + 4; /* offsets name the size field; data starts 4 bytes on */
}

static int
RegfpCompressible(const uint16_t *Name, uint16_t Length)
{
    for (uint16_t I = 0; I < Length; I++)
    {
        if (Name[I] > 0xFF)
            return 0;
    }
    return 1;
}

/* Store a name at Offset: Latin-1 when every character fits, else UTF-16LE. */
static void
RegfpPutName(REGFP_WRITER *W, uint32_t Offset, const uint16_t *Name, uint16_t Length)
{
    int Compressed = RegfpCompressible(Name, Length);

    for (uint16_t I = 0; I < Length; I++)
    {
        if (Compressed)
        {
            uint8_t C = (uint8_t)Name[I];
            RegfpPutBytes(W, Offset + I, &C, 1);
        }
        else
            RegfpPut16(W, Offset + I * 2u, Name[I]);
    }
}

static uint32_t
RegfpNameBytes(const uint16_t *Name, uint16_t Length)
{
    return RegfpCompressible(Name, Length) ? Length : Length * 2u;
}

int
RegfCompareNames(const uint16_t *A, uint16_t ALength, const uint16_t *B, uint16_t BLength)
{
    uint16_t I, CA, CB;

    for (I = 0; I < ALength && I < BLength; I++)
    {
        CA = A[I] >= 'a' && A[I] <= 'z' ? A[I] - 'a' + 'A' : A[I];
        CB = B[I] >= 'a' && B[I] <= 'z' ? B[I] - 'a' + 'A' : B[I];
        if (CA != CB)
            return CA < CB ? -1 : 1;
    }
    return ALength == BLength ? 0 : (ALength < BLength ? -1 : 1);
}

static uint32_t
RegfpWriteData(REGFP_WRITER *W, const REGF_WRITE_VALUE *Value)
{
    const uint8_t *Data = Value->Data;
    uint32_t Db, List, Count, I, Chunk, Segment;

    if (Value->DataLength <= REGF_BIG_DATA_SEGMENT)
    {
        Segment = RegfpAllocate(W, Value->DataLength);
        RegfpPutBytes(W, Segment, Data, Value->DataLength);
        return Segment;
    }
    Count = (Value->DataLength + REGF_BIG_DATA_SEGMENT - 1) / REGF_BIG_DATA_SEGMENT;
    Db = RegfpAllocate(W, REGFP_DB_SIZE);
    List = RegfpAllocate(W, Count * 4);
    RegfpPutBytes(W, Db, "db", 2);
    RegfpPut16(W, Db + REGFP_DB_COUNT, (uint16_t)Count);
    RegfpPut32(W, Db + REGFP_DB_LIST, List - 4);
    for (I = 0; I < Count; I++)
    {
        Chunk = Value->DataLength - I * REGF_BIG_DATA_SEGMENT;
        Chunk = Chunk < REGF_BIG_DATA_SEGMENT ? Chunk : REGF_BIG_DATA_SEGMENT;
        Segment = RegfpAllocate(W, Chunk);
        RegfpPutBytes(W, Segment, Data + I * REGF_BIG_DATA_SEGMENT, Chunk);
        RegfpPut32(W, List + I * 4, Segment - 4);
    }
    return Db;
}

static uint32_t
RegfpWriteValue(REGFP_WRITER *W, const REGF_WRITE_VALUE *Value)
{
    uint32_t NameBytes = RegfpNameBytes(Value->Name, Value->NameLength);
    uint32_t Vk = RegfpAllocate(W, REGFP_VK_NAME + NameBytes), Data;

    RegfpPutBytes(W, Vk, "vk", 2);
    RegfpPut16(W, Vk + REGFP_VK_NAME_LENGTH, (uint16_t)NameBytes);
    RegfpPut32(W, Vk + REGFP_VK_TYPE, Value->Type);
    if (Value->NameLength != 0 && RegfpCompressible(Value->Name, Value->NameLength))
        RegfpPut16(W, Vk + REGFP_VK_FLAGS, REGF_VALUE_COMP_NAME);
    RegfpPutName(W, Vk + REGFP_VK_NAME, Value->Name, Value->NameLength);
    if (Value->DataLength <= 4)
    {
        RegfpPut32(W, Vk + REGFP_VK_DATA_LENGTH, Value->DataLength | REGFP_VK_INLINE);
        RegfpPutBytes(W, Vk + REGFP_VK_DATA, Value->Data, Value->DataLength);
        return Vk;
    }
    RegfpPut32(W, Vk + REGFP_VK_DATA_LENGTH, Value->DataLength);
    Data = RegfpWriteData(W, Value);
    RegfpPut32(W, Vk + REGFP_VK_DATA, Data - 4);
    return Vk;
}

static REGF_STATUS
RegfpCheckKey(const REGF_WRITE_KEY *Key)
{
    uint32_t I, J;

    if (Key->NameLength == 0 || Key->NameLength > 255)
        return REGF_E_INVALID_PARAMETER;
    for (I = 0; I < Key->NameLength; I++)
    {
        if (Key->Name[I] == '\\' || Key->Name[I] == 0)
            return REGF_E_INVALID_PARAMETER;
    }
    for (I = 1; I < Key->SubkeyCount; I++)
    {
        if (RegfCompareNames(Key->Subkeys[I - 1].Name, Key->Subkeys[I - 1].NameLength,
                             Key->Subkeys[I].Name, Key->Subkeys[I].NameLength) >= 0)
            return REGF_E_INVALID_PARAMETER;
    }
    for (I = 0; I < Key->ValueCount; I++)
    {
        if (Key->Values[I].NameLength > 16383)
            return REGF_E_INVALID_PARAMETER;
        for (J = 0; J < I; J++)
        {
            if (RegfCompareNames(Key->Values[I].Name, Key->Values[I].NameLength,
                                 Key->Values[J].Name, Key->Values[J].NameLength) == 0)
                return REGF_E_INVALID_PARAMETER;
        }
    }
    return Key->SubkeyCount > 0xFFFFu * 0xFFFFu ? REGF_E_INVALID_PARAMETER : REGF_OK;
}

/* An empty leaf list for Count subkeys; returns its data offset. */
static uint32_t
RegfpAllocateLeaf(REGFP_WRITER *W, uint32_t Count)
{
    REGF_LIST_KIND Kind = W->Options->ListKind;
    uint32_t List = RegfpAllocate(W, 4 + Count * (Kind == RegfListLi ? 4 : 8));

    RegfpPutBytes(W, List, Kind == RegfListLi ? "li" : (Kind == RegfListLf ? "lf" : "lh"), 2);
    RegfpPut16(W, List + 2, (uint16_t)Count);
    return List;
}

static uint32_t
RegfpMaxLeaf(const REGFP_WRITER *W)
{
    return W->Options->MaxLeafCount ? W->Options->MaxLeafCount : REGFP_DEFAULT_LEAF;
}

/* The subkey list(s) for Key, allocated before its children so their entries can be filled
 * in as each child is written: one leaf, or an ri of leaves. Returns the top list. */
static uint32_t
RegfpAllocateSubkeyList(REGFP_WRITER *W, const REGF_WRITE_KEY *Key)
{
    uint32_t Max = RegfpMaxLeaf(W), Leaves = (Key->SubkeyCount + Max - 1) / Max, Ri, I, Count;

    if (Leaves == 1)
        return RegfpAllocateLeaf(W, Key->SubkeyCount);
    Ri = RegfpAllocate(W, 4 + Leaves * 4);
    RegfpPutBytes(W, Ri, "ri", 2);
    RegfpPut16(W, Ri + 2, (uint16_t)Leaves);
    for (I = 0; I < Leaves; I++)
    {
        Count = Key->SubkeyCount - I * Max < Max ? Key->SubkeyCount - I * Max : Max;
        RegfpPut32(W, Ri + 4 + I * 4, RegfpAllocateLeaf(W, Count) - 4);
    }
    return Ri;
}

/* Record subkey Index (nk data offset Child) in the list at List. */
static void
RegfpFillSubkeyEntry(REGFP_WRITER *W, const REGF_WRITE_KEY *Key, uint32_t List, uint32_t Index,
                     uint32_t Child)
{
    uint32_t Max = RegfpMaxLeaf(W), Stride = W->Options->ListKind == RegfListLi ? 4 : 8, Hint;
    const REGF_WRITE_KEY *Sub = &Key->Subkeys[Index];
    uint8_t *P;

    if (Key->SubkeyCount > Max)
    {
        P = RegfpAt(W, List + 4 + (Index / Max) * 4, 4);
        if (P == NULL)
            return; /* sizing only: past the caller's buffer */
        List = RtlReadLe32(P) + 4;
        Index %= Max;
    }
    RegfpPut32(W, List + 4 + Index * Stride, Child - 4);
    if (W->Options->ListKind == RegfListLh)
        RegfpPut32(W, List + 8 + Index * Stride, RegfpHashName(Sub->Name, Sub->NameLength));
    else if (W->Options->ListKind == RegfListLf)
    {
        Hint = 0;
        for (uint32_t C = 0; C < 4 && C < Sub->NameLength; C++)
            Hint |= (uint32_t)(uint8_t)Sub->Name[C] << (8 * C);
        RegfpPut32(W, List + 8 + Index * Stride, Hint);
    }
}

/* Fill the nk's counts and maxima from the tree. */
static void
RegfpPutKeyTotals(REGFP_WRITER *W, const REGF_WRITE_KEY *Key, uint32_t Nk)
{
    uint32_t MaxName = 0, MaxValueName = 0, MaxData = 0, I;

    for (I = 0; I < Key->SubkeyCount; I++)
        MaxName =
            Key->Subkeys[I].NameLength * 2u > MaxName ? Key->Subkeys[I].NameLength * 2u : MaxName;
    for (I = 0; I < Key->ValueCount; I++)
    {
        MaxValueName = Key->Values[I].NameLength * 2u > MaxValueName
                           ? Key->Values[I].NameLength * 2u
                           : MaxValueName;
        MaxData = Key->Values[I].DataLength > MaxData ? Key->Values[I].DataLength : MaxData;
    }
    RegfpPut32(W, Nk + REGFP_NK_SUBKEY_COUNT, Key->SubkeyCount);
    RegfpPut32(W, Nk + REGFP_NK_VALUE_COUNT, Key->ValueCount);
    RegfpPut32(W, Nk + REGFP_NK_MAX_NAME, MaxName);
    RegfpPut32(W, Nk + REGFP_NK_MAX_VALUE_NAME, MaxValueName);
    RegfpPut32(W, Nk + REGFP_NK_MAX_VALUE_DATA, MaxData);
}

static uint32_t
RegfpWriteNode(REGFP_WRITER *W, const REGF_WRITE_KEY *Key, uint32_t Parent, uint16_t ExtraFlags)
{
    uint32_t NameBytes = RegfpNameBytes(Key->Name, Key->NameLength);
    uint32_t Nk = RegfpAllocate(W, REGFP_NK_NAME + NameBytes);
    uint8_t *P;

    W->KeyCount++;
    RegfpPutBytes(W, Nk, "nk", 2);
    RegfpPut16(
        W, Nk + REGFP_NK_FLAGS,
        (uint16_t)(ExtraFlags | (Key->Flags & REGF_KEY_SYM_LINK) |
                   (RegfpCompressible(Key->Name, Key->NameLength) ? REGF_KEY_COMP_NAME : 0)));
    P = RegfpAt(W, Nk + REGFP_NK_TIMESTAMP, 8);
    if (P != NULL)
        RtlWriteLe64(P, W->Options->Timestamp);
    RegfpPut32(W, Nk + REGFP_NK_PARENT, Parent);
    RegfpPut32(W, Nk + REGFP_NK_SUBKEY_LIST, REGF_NONE);
    RegfpPut32(W, Nk + REGFP_NK_VOLATILE_LIST, REGF_NONE);
    RegfpPut32(W, Nk + REGFP_NK_VALUE_LIST, REGF_NONE);
    RegfpPut32(W, Nk + REGFP_NK_SECURITY, W->Security - 4);
    RegfpPut32(W, Nk + REGFP_NK_CLASS, REGF_NONE);
    RegfpPut16(W, Nk + REGFP_NK_NAME_LENGTH, (uint16_t)NameBytes);
    RegfpPutName(W, Nk + REGFP_NK_NAME, Key->Name, Key->NameLength);
    RegfpPutKeyTotals(W, Key, Nk);
    return Nk;
}

/* Key, its values and (recursively) its subkeys; returns the nk's data offset. */
static uint32_t
RegfpWriteKey(REGFP_WRITER *W, const REGF_WRITE_KEY *Key, uint32_t Parent, uint16_t ExtraFlags,
              uint32_t Depth, REGF_STATUS *Status)
{
    uint32_t Nk, Values, I, List, Child;

    *Status = Depth >= REGF_MAX_DEPTH ? REGF_E_INVALID_PARAMETER : RegfpCheckKey(Key);
    if (*Status != REGF_OK)
        return 0;
    Nk = RegfpWriteNode(W, Key, Parent, ExtraFlags);
    if (Key->ValueCount != 0)
    {
        Values = RegfpAllocate(W, Key->ValueCount * 4);
        RegfpPut32(W, Nk + REGFP_NK_VALUE_LIST, Values - 4);
        for (I = 0; I < Key->ValueCount; I++)
            RegfpPut32(W, Values + I * 4, RegfpWriteValue(W, &Key->Values[I]) - 4);
    }
    if (Key->SubkeyCount == 0)
        return Nk;
    List = RegfpAllocateSubkeyList(W, Key);
    RegfpPut32(W, Nk + REGFP_NK_SUBKEY_LIST, List - 4);
    for (I = 0; I < Key->SubkeyCount; I++)
    {
        Child = RegfpWriteKey(W, &Key->Subkeys[I], Nk - 4, 0, Depth + 1, Status);
        if (*Status != REGF_OK)
            return 0;
        RegfpFillSubkeyEntry(W, Key, List, I, Child);
    }
    return Nk;
}

static void
RegfpWriteBaseBlock(REGFP_WRITER *W, uint32_t Root)
{
    uint8_t *Base = W->Buffer;

    RtlFillBytes(Base, REGF_BASE_BLOCK_SIZE, 0);
    RtlCopyBytes(Base, "regf", 4);
    RtlWriteLe32(Base + REGFP_BASE_SEQUENCE1, 1);
    RtlWriteLe32(Base + REGFP_BASE_SEQUENCE2, 1);
    RtlWriteLe64(Base + REGFP_BASE_TIMESTAMP, W->Options->Timestamp);
    RtlWriteLe32(Base + REGFP_BASE_MAJOR, 1);
    RtlWriteLe32(Base + REGFP_BASE_MINOR, 5);
    RtlWriteLe32(Base + REGFP_BASE_FORMAT, 1);
    RtlWriteLe32(Base + REGFP_BASE_ROOT, Root - 4);
    RtlWriteLe32(Base + REGFP_BASE_LENGTH, W->BinEnd);
    RtlWriteLe32(Base + REGFP_BASE_CLUSTER, 1);
    RtlWriteLe32(Base + REGFP_BASE_CHECKSUM, RegfChecksum(Base));
}

REGF_STATUS
RegfWriteHive(const REGF_WRITE_KEY *Root, const REGF_WRITE_OPTIONS *Options, void *Buffer,
              size_t BufferSize, size_t *Written)
{
    static const REGF_WRITE_OPTIONS Defaults = {0, RegfListLh, 0};
    REGFP_WRITER W = {Buffer, Buffer != NULL ? BufferSize : 0,      0, 0, 0, 0,
                      0,      Options != NULL ? Options : &Defaults};
    REGF_STATUS Status = REGF_OK;
    uint32_t Sk, RootCell;

    *Written = 0;
    if (Root == NULL || W.Options->ListKind > RegfListLi)
        return REGF_E_INVALID_PARAMETER;
    Sk = RegfpAllocate(&W, REGFP_SK_DESCRIPTOR + sizeof(RegfpDescriptor));
    W.Security = Sk;
    RegfpPutBytes(&W, Sk, "sk", 2);
    RegfpPut32(&W, Sk + REGFP_SK_FLINK, Sk - 4);
    RegfpPut32(&W, Sk + REGFP_SK_BLINK, Sk - 4);
    RegfpPut32(&W, Sk + REGFP_SK_LENGTH, sizeof(RegfpDescriptor));
    RegfpPutBytes(&W, Sk + REGFP_SK_DESCRIPTOR, RegfpDescriptor, sizeof(RegfpDescriptor));
    RootCell = RegfpWriteKey(&W, Root, 0, REGF_KEY_HIVE_ENTRY | REGF_KEY_NO_DELETE, 0, &Status);
    if (Status != REGF_OK)
        return Status;
    RegfpPut32(&W, Sk + REGFP_SK_REFS, W.KeyCount);
    RegfpCloseBin(&W);
    *Written = REGF_BASE_BLOCK_SIZE + (size_t)W.BinEnd;
    if (*Written > W.Capacity)
        return REGF_E_BUFFER_TOO_SMALL;
    RegfpWriteBaseBlock(&W, RootCell);
    return REGF_OK;
}
