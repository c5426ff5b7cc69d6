/* SPDX-License-Identifier: MIT */
/*
 * RTL_BITMAP: SizeOfBitMap bits in caller-owned 32-bit words, bit N in word N / 32 at position
 * N % 32. Bits past SizeOfBitMap in the last word are never read, so callers need not keep
 * them clear; RtlSetAllBits/RtlClearAllBits may write them, as NT's do.
 *
 * Ranges that run past the end (a caller bug on NT) are cut at SizeOfBitMap rather than
 * writing beyond the buffer. Searches scan bit by bit but skip whole words that cannot
 * extend or start a run, so a sparse map costs one compare per 32 bits.
 */
#include "rtlp.h"

#define RTLP_NOT_FOUND 0xFFFFFFFFu

VOID NTAPI
RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap)
{
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

static VOID
RtlpFillWords(PRTL_BITMAP BitMapHeader, ULONG Value)
{
    ULONG I, Words = (ULONG)(((ULONG64)BitMapHeader->SizeOfBitMap + 31) / 32);

    for (I = 0; I < Words; I++)
        BitMapHeader->Buffer[I] = Value;
}

VOID NTAPI
RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
    RtlpFillWords(BitMapHeader, 0);
}

VOID NTAPI
RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
    RtlpFillWords(BitMapHeader, 0xFFFFFFFFu);
}

/* Sets or clears [Start, Start + Count), a word at a time, cut at the end of the map. */
static VOID
RtlpFillRange(PRTL_BITMAP BitMapHeader, ULONG Start, ULONG Count, BOOLEAN Set)
{
    ULONG Size = BitMapHeader->SizeOfBitMap;

    if (Start >= Size)
        return;
    if (Count > Size - Start)
        Count = Size - Start;
    while (Count > 0)
    {
        ULONG Shift = Start % 32, Bits = 32 - Shift < Count ? 32 - Shift : Count;
        ULONG Mask = (Bits == 32 ? 0xFFFFFFFFu : ((1u << Bits) - 1)) << Shift;
        PULONG Word = &BitMapHeader->Buffer[Start / 32];

        *Word = Set ? *Word | Mask : *Word & ~Mask;
        Start += Bits;
        Count -= Bits;
    }
}

VOID NTAPI
RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear)
{
    RtlpFillRange(BitMapHeader, StartingIndex, NumberToClear, FALSE);
}

VOID NTAPI
RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet)
{
    RtlpFillRange(BitMapHeader, StartingIndex, NumberToSet, TRUE);
}

VOID NTAPI
RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    RtlpFillRange(BitMapHeader, BitNumber, 1, FALSE);
}

VOID NTAPI
RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    RtlpFillRange(BitMapHeader, BitNumber, 1, TRUE);
}

/* A bit past the end reads as clear. */
BOOLEAN NTAPI
RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    if (BitNumber >= BitMapHeader->SizeOfBitMap)
        return FALSE;
    return (BitMapHeader->Buffer[BitNumber / 32] >> (BitNumber % 32)) & 1;
}

/*
 * The first index >= From and <= LastStart that begins Count consecutive bits equal to Set,
 * or RTLP_NOT_FOUND. The run may extend past LastStart (but not past the map).
 */
static ULONG
RtlpFindRun(PRTL_BITMAP BitMapHeader, ULONG Count, ULONG From, ULONG LastStart, BOOLEAN Set)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Index = From, RunStart = 0, RunLength = 0;
    ULONG Match = Set ? 0xFFFFFFFFu : 0, Miss = ~Match;

    while (Index < Size && (RunLength > 0 || Index <= LastStart))
    {
        if (Index % 32 == 0 && Size - Index >= 32 && BitMapHeader->Buffer[Index / 32] == Miss)
        {
            RunLength = 0;
            Index += 32;
            continue;
        }
        if (Index % 32 == 0 && Size - Index >= 32 && BitMapHeader->Buffer[Index / 32] == Match)
        {
            RunStart = RunLength == 0 ? Index : RunStart;
            RunLength += 32;
            Index += 32;
        }
        else if (RtlTestBit(BitMapHeader, Index++) == Set)
        {
            RunStart = RunLength == 0 ? Index - 1 : RunStart;
            RunLength++;
        }
        else
        {
            RunLength = 0;
        }
        if (RunLength >= Count)
            return RunStart;
    }
    return RTLP_NOT_FOUND;
}

/* From HintIndex to the end, then from the start up to the hint (runs may span the hint).
 * A hint past the end means 0; NumberToFind = 0 finds the (empty) run at the hint. */
static ULONG
RtlpFindRunFromHint(PRTL_BITMAP BitMapHeader, ULONG Count, ULONG Hint, BOOLEAN Set)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Found;

    if (Count > Size)
        return RTLP_NOT_FOUND;
    if (Hint >= Size)
        Hint = 0;
    if (Count == 0)
        return Hint;
    Found = RtlpFindRun(BitMapHeader, Count, Hint, Size - Count, Set);
    if (Found == RTLP_NOT_FOUND && Hint > 0)
        Found = RtlpFindRun(BitMapHeader, Count, 0,
                            Hint - 1 < Size - Count ? Hint - 1 : Size - Count, Set);
    return Found;
}

ULONG NTAPI
RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindRunFromHint(BitMapHeader, NumberToFind, HintIndex, FALSE);
}

ULONG NTAPI
RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindRunFromHint(BitMapHeader, NumberToFind, HintIndex, TRUE);
}

ULONG NTAPI
RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG Index = RtlFindClearBits(BitMapHeader, NumberToFind, HintIndex);

    if (Index != RTLP_NOT_FOUND)
        RtlSetBits(BitMapHeader, Index, NumberToFind);
    return Index;
}

ULONG NTAPI
RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG Index = RtlFindSetBits(BitMapHeader, NumberToFind, HintIndex);

    if (Index != RTLP_NOT_FOUND)
        RtlClearBits(BitMapHeader, Index, NumberToFind);
    return Index;
}

/* FALSE for an empty range or one not inside the map, as documented. */
static BOOLEAN
RtlpAreBits(PRTL_BITMAP BitMapHeader, ULONG Start, ULONG Length, BOOLEAN Set)
{
    ULONG Size = BitMapHeader->SizeOfBitMap;

    if (Length == 0 || Start >= Size || Length > Size - Start)
        return FALSE;
    return RtlpFindRun(BitMapHeader, Length, Start, Start, Set) == Start;
}

BOOLEAN NTAPI
RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    return RtlpAreBits(BitMapHeader, StartingIndex, Length, FALSE);
}

BOOLEAN NTAPI
RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    return RtlpAreBits(BitMapHeader, StartingIndex, Length, TRUE);
}

ULONG NTAPI
RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Count = 0, I;

    for (I = 0; I < Size / 32 + (Size % 32 != 0); I++)
    {
        ULONG Word = BitMapHeader->Buffer[I];

        if (I == Size / 32)
            Word &= (1u << (Size % 32)) - 1;
        for (; Word != 0; Word &= Word - 1)
            Count++;
    }
    return Count;
}

ULONG NTAPI
RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
    return BitMapHeader->SizeOfBitMap - RtlNumberOfSetBits(BitMapHeader);
}

/* The clear run starting at or after From: its length (0 if none) and start. */
static ULONG
RtlpClearRunAt(PRTL_BITMAP BitMapHeader, ULONG From, PULONG Start)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, End;

    while (From < Size && RtlTestBit(BitMapHeader, From))
        From++;
    for (End = From; End < Size && !RtlTestBit(BitMapHeader, End); End++)
        ;
    *Start = From;
    return End - From;
}

ULONG NTAPI
RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    ULONG Length = RtlpClearRunAt(BitMapHeader, 0, StartingIndex);

    if (Length == 0)
        *StartingIndex = 0;
    return Length;
}

/* The first of equally long runs wins. StartingIndex is 0 when there is no clear bit. */
ULONG NTAPI
RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    ULONG Best = 0, BestStart = 0, Start, Length, From = 0;

    while ((Length = RtlpClearRunAt(BitMapHeader, From, &Start)) != 0)
    {
        if (Length > Best)
        {
            Best = Length;
            BestStart = Start;
        }
        From = Start + Length;
    }
    *StartingIndex = BestStart;
    return Best;
}
