/* SPDX-License-Identifier: MIT */
/*
 * Lock-free S-lists (SLIST_HEADER) in the x64 "Header16" layout the DDK defines: the first
 * quadword holds Depth (16 bits) and Sequence (48 bits), the second the 16-byte-aligned
 * address of the first entry with four flag bits below it (HeaderType, Init, Reserved).
 * Every change replaces both quadwords with one cmpxchg16b and bumps Sequence, so a pop that
 * read First and First->Next cannot succeed after First was popped and pushed back by
 * someone else (ABA): the sequence it compares against is stale.
 * The DDK's InitializeSListHead zeroes the header (HeaderType 0); the flag bits are carried
 * through unchanged, so headers a Windows 8+ kernel would mark as Header16 work as well.
 * Like NT, a pop reads First->Next before knowing First is still on the list; the entry
 * must stay mapped while on or just off the list. NT recovers from that read faulting on a
 * page another processor freed; Basalt cannot yet, so entries must not live in memory that
 * is unmapped while another processor may still be popping (lookaside entries come from
 * pool, which keeps small blocks mapped).
 */
#include "exp.h"

#undef InitializeSListHead
#undef ExQueryDepthSList

C_ASSERT(sizeof(SLIST_HEADER) == 16 && TYPE_ALIGNMENT(SLIST_HEADER) == 16);
C_ASSERT(sizeof(SLIST_ENTRY) == 16 && TYPE_ALIGNMENT(SLIST_ENTRY) == 16);
C_ASSERT(FIELD_OFFSET(SLIST_HEADER, Alignment) == 0 && FIELD_OFFSET(SLIST_HEADER, Region) == 8);

#define EXP_SLIST_DEPTH_MASK 0xFFFFull
#define EXP_SLIST_SEQUENCE_ONE 0x10000ull /* Sequence starts at bit 16 of the first quadword */
#define EXP_SLIST_FLAGS_MASK 0xFull       /* HeaderType, Init, Reserved below NextEntry */

/* Low: Depth | Sequence << 16; High: NextEntry address | flag bits. */
typedef EXP_QUAD_PAIR EXP_SLIST_STATE;

static inline PSLIST_ENTRY
ExpSListFirst(const EXP_SLIST_STATE *State)
{
    return (PSLIST_ENTRY)((ULONG64)State->High & ~EXP_SLIST_FLAGS_MASK);
}

/* Sequence wraps inside its 48 bits; the carry out of bit 63 is simply lost. */
static inline LONG64
ExpSListLow(const EXP_SLIST_STATE *State, LONG Delta)
{
    ULONG64 Depth = ((ULONG64)State->Low + (ULONG64)(LONG64)Delta) & EXP_SLIST_DEPTH_MASK;
    ULONG64 Sequence = ((ULONG64)State->Low & ~EXP_SLIST_DEPTH_MASK) + EXP_SLIST_SEQUENCE_ONE;

    return (LONG64)(Sequence | Depth);
}

static inline LONG64
ExpSListHigh(const EXP_SLIST_STATE *State, PSLIST_ENTRY First)
{
    return (LONG64)((ULONG64)First | ((ULONG64)State->High & EXP_SLIST_FLAGS_MASK));
}

/* A plain read may tear between the quadwords; the compare-exchange then simply fails. */
static inline VOID
ExpReadSList(PSLIST_HEADER ListHead, EXP_SLIST_STATE *State)
{
    State->Low = *(volatile LONG64 *)&ListHead->Alignment;
    State->High = *(volatile LONG64 *)&ListHead->Region;
}

static VOID
ExpCheckSListHeader(PSLIST_HEADER ListHead)
{
    if (((ULONG_PTR)ListHead & 15) != 0)
        ExRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
}

VOID
InitializeSListHead(PSLIST_HEADER SListHead)
{
    ExpCheckSListHeader(SListHead);
    SListHead->Alignment = 0;
    SListHead->Region = 0;
}

USHORT
ExQueryDepthSList(PSLIST_HEADER ListHead)
{
    return (USHORT)(*(volatile ULONG64 *)&ListHead->Alignment & EXP_SLIST_DEPTH_MASK);
}

/* Returns the entry that was first before the push (NULL if the list was empty). */
PSLIST_ENTRY
ExpInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    EXP_SLIST_STATE State;
    PSLIST_ENTRY First;

    if (((ULONG_PTR)ListEntry & 15) != 0)
        ExRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
    ExpReadSList(ListHead, &State);
    do
    {
        First = ExpSListFirst(&State);
        ListEntry->Next = First;
    } while (!ExpInterlockedCompareExchange128((volatile LONG64 *)ListHead,
                                               ExpSListHigh(&State, ListEntry),
                                               ExpSListLow(&State, 1), &State));
    return First;
}

PSLIST_ENTRY
ExpInterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    EXP_SLIST_STATE State;
    PSLIST_ENTRY First;

    ExpReadSList(ListHead, &State);
    do
    {
        First = ExpSListFirst(&State);
        if (First == NULL)
            return NULL;
    } while (!ExpInterlockedCompareExchange128((volatile LONG64 *)ListHead,
                                               ExpSListHigh(&State, First->Next),
                                               ExpSListLow(&State, -1), &State));
    return First;
}

/* Detaches the whole chain at once; the entries stay linked through Next. */
PSLIST_ENTRY
ExpInterlockedFlushSList(PSLIST_HEADER ListHead)
{
    EXP_SLIST_STATE State;
    PSLIST_ENTRY First;

    ExpReadSList(ListHead, &State);
    do
    {
        First = ExpSListFirst(&State);
        if (First == NULL)
            return NULL;
    } while (!ExpInterlockedCompareExchange128(
        (volatile LONG64 *)ListHead, ExpSListHigh(&State, NULL),
        ExpSListLow(&State, -(LONG)(State.Low & EXP_SLIST_DEPTH_MASK)), &State));
    return First;
}
