/* SPDX-License-Identifier: MIT */
/*
 * kesync.sys: S-lists, interlocked lists and lookaside lists through the DDK's own macros
 * and inline routines (InterlockedPushEntrySList, ExAllocateFromNPagedLookasideList, ...),
 * so the layout and exports they expect from the kernel are checked as a driver uses them.
 */
#include "kesync.h"

#define KS_TAG 'lsKs'

typedef struct DECLSPEC_ALIGN(16) _KS_ITEM
{
    SLIST_ENTRY Link;
    ULONG Value;
} KS_ITEM;

PCSTR
KsCaseSList(VOID)
{
    static SLIST_HEADER Head;
    static KS_ITEM Items[3];
    PSLIST_ENTRY Entry;

    InitializeSListHead(&Head);
    EXPECT(InterlockedPopEntrySList(&Head) == NULL);
    EXPECT(InterlockedPushEntrySList(&Head, &Items[0].Link) == NULL);
    EXPECT(InterlockedPushEntrySList(&Head, &Items[1].Link) == &Items[0].Link);
    EXPECT(InterlockedPushEntrySList(&Head, &Items[2].Link) == &Items[1].Link);
    EXPECT_EQ(QueryDepthSList(&Head), 3);
    EXPECT(InterlockedPopEntrySList(&Head) == &Items[2].Link);
    EXPECT_EQ(ExQueryDepthSList(&Head), 2);
    Entry = InterlockedFlushSList(&Head);
    EXPECT(Entry == &Items[1].Link && Entry->Next == &Items[0].Link);
    EXPECT_EQ(QueryDepthSList(&Head), 0);
    EXPECT(InterlockedPopEntrySList(&Head) == NULL);
    return NULL;
}

PCSTR
KsCaseInterlockedLists(VOID)
{
    static KSPIN_LOCK Lock;
    LIST_ENTRY Head, A, B;
    SINGLE_LIST_ENTRY SingleHead = {NULL}, C, D;

    KeInitializeSpinLock(&Lock);
    InitializeListHead(&Head);
    EXPECT(ExInterlockedInsertHeadList(&Head, &A, &Lock) == NULL);
    EXPECT(ExInterlockedInsertTailList(&Head, &B, &Lock) == &A);
    EXPECT(ExInterlockedRemoveHeadList(&Head, &Lock) == &A);
    EXPECT(ExInterlockedRemoveHeadList(&Head, &Lock) == &B);
    EXPECT(ExInterlockedRemoveHeadList(&Head, &Lock) == NULL);
    EXPECT(ExInterlockedPushEntryList(&SingleHead, &C, &Lock) == NULL);
    EXPECT(ExInterlockedPushEntryList(&SingleHead, &D, &Lock) == &C);
    EXPECT(ExInterlockedPopEntryList(&SingleHead, &Lock) == &D);
    EXPECT(ExInterlockedPopEntryList(&SingleHead, &Lock) == &C);
    EXPECT(ExInterlockedPopEntryList(&SingleHead, &Lock) == NULL);
    return NULL;
}

/* A freed block comes back from the next allocation; beyond Depth, frees go to the pool. */
PCSTR
KsCaseNPagedLookaside(VOID)
{
    static NPAGED_LOOKASIDE_LIST List;
    PVOID Blocks[260], First;
    ULONG I, Depth;

    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 48, KS_TAG, 0);
    Depth = List.L.Depth;
    EXPECT(Depth >= 4 && Depth + 2 <= RTL_NUMBER_OF(Blocks));
    First = ExAllocateFromNPagedLookasideList(&List);
    EXPECT(First != NULL);
    ExFreeToNPagedLookasideList(&List, First);
    EXPECT(ExAllocateFromNPagedLookasideList(&List) == First);
    ExFreeToNPagedLookasideList(&List, First);
    for (I = 0; I < Depth + 2; I++)
    {
        Blocks[I] = ExAllocateFromNPagedLookasideList(&List);
        EXPECT(Blocks[I] != NULL);
        RtlFillMemory(Blocks[I], 48, (UCHAR)I);
    }
    for (I = 0; I < Depth + 2; I++)
        ExFreeToNPagedLookasideList(&List, Blocks[I]);
    EXPECT_EQ(ExQueryDepthSList(&List.L.ListHead), Depth);
    EXPECT_EQ(List.L.FreeMisses, 2);
    EXPECT_EQ(List.L.TotalAllocates, Depth + 4);
    ExDeleteNPagedLookasideList(&List);
    return NULL;
}

PCSTR
KsCaseLookasideEx(VOID)
{
    static LOOKASIDE_LIST_EX List;
    PVOID A, B;

    EXPECT_STATUS(ExInitializeLookasideListEx(&List, NULL, NULL, PagedPool, 0, 100, KS_TAG, 0),
                  STATUS_SUCCESS);
    A = ExAllocateFromLookasideListEx(&List);
    B = ExAllocateFromLookasideListEx(&List);
    EXPECT(A != NULL && B != NULL && A != B);
    ExFreeToLookasideListEx(&List, A);
    ExFreeToLookasideListEx(&List, B);
    EXPECT(ExAllocateFromLookasideListEx(&List) == B);
    ExFreeToLookasideListEx(&List, B);
    EXPECT_EQ(List.L.AllocateMisses, 2);
    ExFlushLookasideListEx(&List);
    EXPECT_EQ(ExQueryDepthSList(&List.L.ListHead), 0);
    ExDeleteLookasideListEx(&List);
    return NULL;
}
