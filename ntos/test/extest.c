/* SPDX-License-Identifier: MIT */
/*
 * Executive self-tests: S-lists are LIFO, count their depth and flush whole, and stay
 * consistent when every processor pushes and pops at once; the interlocked lists return
 * what Microsoft documents; lookaside lists hand back the block just freed, keep at most
 * Depth blocks and give every one back to the pool when deleted. The lookaside tests go
 * through the DDK's inline allocate/free routines, as drivers do.
 */
#include "ntos.h"

#define KT_EX_TAG 0x6C78454B    /* "KExl" */
#define KT_EX_TAG_EX 0x7878454B /* "KExx" */
#define KT_MAX_EX_THREADS 8
#define KT_EX_ENTRIES_PER_THREAD 32
#define KT_EX_ROUNDS 20000

typedef struct DECLSPEC_ALIGN(16) _KT_SLIST_ITEM
{
    SLIST_ENTRY Link;
    volatile LONG Owned; /* set while one thread holds the item off the list */
} KT_SLIST_ITEM;

static SLIST_HEADER KtSList;
static KT_SLIST_ITEM KtItems[KT_MAX_EX_THREADS * KT_EX_ENTRIES_PER_THREAD];

static VOID
KtSListIsLifo(PKT_CONTEXT Context)
{
    ULONG I;

    InitializeSListHead(&KtSList);
    KT_CHECK(Context, InterlockedPopEntrySList(&KtSList) == NULL, "empty list popped an entry");
    for (I = 0; I < 3; I++)
    {
        PSLIST_ENTRY Old = InterlockedPushEntrySList(&KtSList, &KtItems[I].Link);

        KT_CHECK(Context, Old == (I == 0 ? NULL : &KtItems[I - 1].Link),
                 "push %u returned %p, not the previous first entry", I, Old);
        KT_CHECK(Context, QueryDepthSList(&KtSList) == I + 1, "depth %u after %u pushes",
                 QueryDepthSList(&KtSList), I + 1);
    }
    for (I = 3; I-- > 0;)
    {
        PSLIST_ENTRY Entry = InterlockedPopEntrySList(&KtSList);

        KT_CHECK(Context, Entry == &KtItems[I].Link, "popped %p, expected item %u", Entry, I);
        KT_CHECK(Context, QueryDepthSList(&KtSList) == I, "depth %u after a pop",
                 QueryDepthSList(&KtSList));
    }
    KT_CHECK(Context, InterlockedPopEntrySList(&KtSList) == NULL, "emptied list popped again");
}

static VOID
KtSListFlushes(PKT_CONTEXT Context)
{
    PSLIST_ENTRY Entry;
    ULONG I;

    InitializeSListHead(&KtSList);
    KT_CHECK(Context, InterlockedFlushSList(&KtSList) == NULL, "empty flush returned an entry");
    for (I = 0; I < 5; I++)
        InterlockedPushEntrySList(&KtSList, &KtItems[I].Link);
    Entry = InterlockedFlushSList(&KtSList);
    KT_CHECK(Context, QueryDepthSList(&KtSList) == 0 && InterlockedPopEntrySList(&KtSList) == NULL,
             "flushed list still holds entries");
    for (I = 5; I-- > 0; Entry = Entry->Next)
        KT_CHECK(Context, Entry == &KtItems[I].Link, "flushed chain has %p where item %u was",
                 Entry, I);
    KT_CHECK(Context, Entry == NULL, "flushed chain does not end after 5 entries");
}

typedef struct _KT_EX_MP
{
    volatile LONG Started;
    LONG Threads;
    volatile LONG Collisions; /* an item popped while another thread held it */
    volatile LONG Pops;
} KT_EX_MP;

static KT_EX_MP KtExMp;
static KTHREAD KtExThreads[KT_MAX_EX_THREADS];

static VOID NTAPI
KtSListWorker(PVOID Context)
{
    ULONG64 Deadline = KeQueryInterruptTime() + 10000000;
    LONG Pops = 0;
    ULONG I;

    UNREFERENCED_PARAMETER(Context);
    /* Start together so the processors really contend. */
    InterlockedIncrement(&KtExMp.Started);
    while (KtExMp.Started < KtExMp.Threads && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
    for (I = 0; I < KT_EX_ROUNDS; I++)
    {
        KT_SLIST_ITEM *Item = (KT_SLIST_ITEM *)InterlockedPopEntrySList(&KtSList);

        if (Item == NULL)
            continue;
        Pops++;
        if (InterlockedCompareExchange(&Item->Owned, 1, 0) != 0)
            InterlockedIncrement(&KtExMp.Collisions);
        if (I & 1)
            YieldProcessor(); /* hold it a little, so others pop past it */
        InterlockedExchange(&Item->Owned, 0);
        InterlockedPushEntrySList(&KtSList, &Item->Link);
    }
    InterlockedAdd(&KtExMp.Pops, Pops);
}

/* Threads pinned one per processor pop and push the same items; none is lost or shared. */
static VOID
KtSListSurvivesContention(PKT_CONTEXT Context)
{
    ULONG Threads = min(KeQueryActiveProcessorCount(NULL), KT_MAX_EX_THREADS);
    ULONG Items = Threads * KT_EX_ENTRIES_PER_THREAD, Seen = 0, I, Tries;
    PSLIST_ENTRY Entry;

    RtlZeroMemory(&KtExMp, sizeof(KtExMp));
    RtlZeroMemory(KtItems, sizeof(KtItems));
    KtExMp.Threads = (LONG)Threads;
    InitializeSListHead(&KtSList);
    for (I = 0; I < Items; I++)
        InterlockedPushEntrySList(&KtSList, &KtItems[I].Link);
    for (I = 0; I < Threads; I++)
    {
        KT_CHECK(Context,
                 NT_SUCCESS(KtStartThreadOn(&KtExThreads[I], KtSListWorker, NULL,
                                            KT_SYSTEM_PRIORITY, (KAFFINITY)1 << I)),
                 "thread %u not created", I);
    }
    for (I = 0; I < Threads; I++)
    {
        for (Tries = 0; Tries < 30 && KtJoinThread(&KtExThreads[I]) != STATUS_SUCCESS; Tries++)
            ;
        KT_CHECK(Context, Tries < 30, "thread %u still running after 30 s", I);
    }
    KT_CHECK(Context, KtExMp.Collisions == 0, "%d pops returned an item another thread held",
             KtExMp.Collisions);
    KT_CHECK(Context, KtExMp.Pops > 0, "no thread ever popped");
    KT_CHECK(Context, QueryDepthSList(&KtSList) == Items, "depth %u, %u items pushed",
             QueryDepthSList(&KtSList), Items);
    for (Entry = InterlockedFlushSList(&KtSList); Entry != NULL; Entry = Entry->Next)
    {
        KT_SLIST_ITEM *Item = CONTAINING_RECORD(Entry, KT_SLIST_ITEM, Link);

        KT_CHECK(Context, Item >= KtItems && Item < KtItems + Items, "foreign entry %p", Entry);
        KT_CHECK(Context, Item->Owned == 0, "item %u on the list twice (or still held)",
                 (ULONG)(Item - KtItems));
        Item->Owned = 1;
        Seen++;
    }
    KT_CHECK(Context, Seen == Items, "%u of %u items on the list after %d pops", Seen, Items,
             KtExMp.Pops);
}

/* Return values are Microsoft's: the old first (or last) entry, NULL for an empty list. */
static VOID
KtInterlockedDoublyLinked(PKT_CONTEXT Context)
{
    LIST_ENTRY Head, A, B, C;
    KSPIN_LOCK Lock;
    PLIST_ENTRY Old;
    KIRQL OldIrql;

    KeInitializeSpinLock(&Lock);
    InitializeListHead(&Head);
    KT_CHECK(Context, ExInterlockedRemoveHeadList(&Head, &Lock) == NULL, "empty list removed");
    KT_CHECK(Context, ExInterlockedInsertTailList(&Head, &B, &Lock) == NULL,
             "insert into an empty list returned an entry");
    Old = ExInterlockedInsertHeadList(&Head, &A, &Lock);
    KT_CHECK(Context, Old == &B, "head insert returned %p, not the old first entry", Old);
    /* Any IRQL: the tail insert runs at HIGH_LEVEL. */
    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    Old = ExInterlockedInsertTailList(&Head, &C, &Lock);
    KeLowerIrql(OldIrql);
    KT_CHECK(Context, Old == &B, "tail insert returned %p, not the old last entry", Old);
    KT_CHECK(Context, Lock == 0, "lock still held: %Ix", (ULONG_PTR)Lock);
    KT_CHECK(Context, ExInterlockedRemoveHeadList(&Head, &Lock) == &A, "first removal not A");
    KT_CHECK(Context, ExInterlockedRemoveHeadList(&Head, &Lock) == &B, "second removal not B");
    KT_CHECK(Context, ExInterlockedRemoveHeadList(&Head, &Lock) == &C, "third removal not C");
    KT_CHECK(Context, ExInterlockedRemoveHeadList(&Head, &Lock) == NULL && IsListEmpty(&Head),
             "list not empty after three removals");
}

static VOID
KtInterlockedSinglyLinked(PKT_CONTEXT Context)
{
    SINGLE_LIST_ENTRY Head = {NULL}, A, B;
    KSPIN_LOCK Lock;

    KeInitializeSpinLock(&Lock);
    KT_CHECK(Context, ExInterlockedPopEntryList(&Head, &Lock) == NULL, "empty list popped");
    KT_CHECK(Context, ExInterlockedPushEntryList(&Head, &A, &Lock) == NULL,
             "push onto an empty list returned an entry");
    KT_CHECK(Context, ExInterlockedPushEntryList(&Head, &B, &Lock) == &A,
             "push did not return the old first entry");
    KT_CHECK(Context, ExInterlockedPopEntryList(&Head, &Lock) == &B, "first pop not B");
    KT_CHECK(Context, ExInterlockedPopEntryList(&Head, &Lock) == &A, "second pop not A");
    KT_CHECK(Context, ExInterlockedPopEntryList(&Head, &Lock) == NULL && Head.Next == NULL,
             "list not empty after two pops");
    KT_CHECK(Context, Lock == 0, "lock still held: %Ix", (ULONG_PTR)Lock);
}

static NPAGED_LOOKASIDE_LIST KtNPagedLookaside;

/* Blocks outstanding under Tag: allocated from the pool and not yet given back. */
static LONG
KtPoolOutstanding(ULONG Tag, BOOLEAN Paged)
{
    MM_POOL_TAG_USAGE Usage;

    MmQueryPoolTag(Tag, &Usage);
    return Paged ? (LONG)(Usage.PagedAllocations - Usage.PagedFrees)
                 : (LONG)(Usage.NonPagedAllocations - Usage.NonPagedFrees);
}

static VOID
KtNPagedLookasideCaches(PKT_CONTEXT Context)
{
    PNPAGED_LOOKASIDE_LIST List = &KtNPagedLookaside;
    LONG Before = KtPoolOutstanding(KT_EX_TAG, FALSE);
    PVOID First, Again, Blocks[300];
    ULONG I, Depth;

    ExInitializeNPagedLookasideList(List, NULL, NULL, 0, 200, KT_EX_TAG, 0);
    Depth = List->L.Depth;
    KT_CHECK(Context, Depth >= 4 && Depth <= 256 && Depth + 2 <= RTL_NUMBER_OF(Blocks), "Depth %u",
             Depth);
    First = ExAllocateFromNPagedLookasideList(List);
    KT_CHECK(Context, First != NULL && List->L.AllocateMisses == 1, "first allocation failed");
    ExFreeToNPagedLookasideList(List, First);
    Again = ExAllocateFromNPagedLookasideList(List);
    KT_CHECK(Context, Again == First, "got %p back, not the cached %p", Again, First);
    KT_CHECK(Context, List->L.TotalAllocates == 2 && List->L.AllocateMisses == 1,
             "%u allocations, %u misses", List->L.TotalAllocates, List->L.AllocateMisses);
    ExFreeToNPagedLookasideList(List, Again);
    for (I = 0; I < Depth + 2; I++)
    {
        Blocks[I] = ExAllocateFromNPagedLookasideList(List);
        KT_CHECK(Context, Blocks[I] != NULL, "allocation %u failed", I);
        RtlFillMemory(Blocks[I], 200, (UCHAR)I);
    }
    for (I = 0; I < Depth + 2; I++)
        ExFreeToNPagedLookasideList(List, Blocks[I]);
    KT_CHECK(Context, ExQueryDepthSList(&List->L.ListHead) == Depth && List->L.FreeMisses == 2,
             "%u cached with Depth %u, %u free misses", ExQueryDepthSList(&List->L.ListHead), Depth,
             List->L.FreeMisses);
    KT_CHECK(Context, KtPoolOutstanding(KT_EX_TAG, FALSE) - Before == (LONG)Depth,
             "%d blocks out of the pool, %u cached", KtPoolOutstanding(KT_EX_TAG, FALSE) - Before,
             Depth);
    ExDeleteNPagedLookasideList(List);
    KT_CHECK(Context, KtPoolOutstanding(KT_EX_TAG, FALSE) == Before,
             "%d block(s) not returned by delete", KtPoolOutstanding(KT_EX_TAG, FALSE) - Before);
}

static PAGED_LOOKASIDE_LIST KtPagedLookaside;

static VOID
KtPagedLookasideCaches(PKT_CONTEXT Context)
{
    LONG Before = KtPoolOutstanding(KT_EX_TAG, TRUE);
    PVOID A, B;

    ExInitializePagedLookasideList(&KtPagedLookaside, NULL, NULL, 0, 24, KT_EX_TAG, 0);
    A = ExAllocateFromPagedLookasideList(&KtPagedLookaside);
    B = ExAllocateFromPagedLookasideList(&KtPagedLookaside);
    KT_CHECK(Context, A != NULL && B != NULL && A != B, "allocations %p %p", A, B);
    ExFreeToPagedLookasideList(&KtPagedLookaside, A);
    ExFreeToPagedLookasideList(&KtPagedLookaside, B);
    KT_CHECK(Context, ExAllocateFromPagedLookasideList(&KtPagedLookaside) == B,
             "the last freed block did not come back first");
    ExFreeToPagedLookasideList(&KtPagedLookaside, B);
    KT_CHECK(Context, KtPoolOutstanding(KT_EX_TAG, TRUE) - Before == 2, "%d paged blocks out",
             KtPoolOutstanding(KT_EX_TAG, TRUE) - Before);
    ExDeletePagedLookasideList(&KtPagedLookaside);
    KT_CHECK(Context, KtPoolOutstanding(KT_EX_TAG, TRUE) == Before,
             "%d block(s) not returned by delete", KtPoolOutstanding(KT_EX_TAG, TRUE) - Before);
}

static LONG KtExAllocateCalls, KtExFreeCalls;

static PVOID NTAPI
KtCountingAllocate(POOL_TYPE PoolType, SIZE_T Bytes, ULONG Tag, PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    KtExAllocateCalls++;
    return ExAllocatePoolWithTag(PoolType, Bytes, Tag);
}

static VOID NTAPI
KtCountingFree(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    KtExFreeCalls++;
    ExFreePoolWithTag(Buffer, Lookaside->L.Tag);
}

static LOOKASIDE_LIST_EX KtLookasideEx;

static VOID
KtLookasideExFlushes(PKT_CONTEXT Context)
{
    LONG Before = KtPoolOutstanding(KT_EX_TAG_EX, FALSE);
    PVOID Blocks[3];
    NTSTATUS Status;
    ULONG I;

    Status = ExInitializeLookasideListEx(&KtLookasideEx, NULL, NULL, NonPagedPoolNx,
                                         EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                                             EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE,
                                         64, KT_EX_TAG_EX, 0);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER_5, "contradictory flags gave 0x%08X",
             Status);
    KtExAllocateCalls = KtExFreeCalls = 0;
    Status = ExInitializeLookasideListEx(&KtLookasideEx, KtCountingAllocate, KtCountingFree,
                                         NonPagedPoolNx, 0, 64, KT_EX_TAG_EX, 0);
    KT_CHECK(Context, NT_SUCCESS(Status), "initialisation failed: 0x%08X", Status);
    for (I = 0; I < 3; I++)
        Blocks[I] = ExAllocateFromLookasideListEx(&KtLookasideEx);
    for (I = 0; I < 3; I++)
        ExFreeToLookasideListEx(&KtLookasideEx, Blocks[I]);
    KT_CHECK(Context, ExAllocateFromLookasideListEx(&KtLookasideEx) == Blocks[2],
             "the cached block did not come back");
    ExFreeToLookasideListEx(&KtLookasideEx, Blocks[2]);
    KT_CHECK(Context, KtExAllocateCalls == 3 && KtExFreeCalls == 0, "%d allocate, %d free calls",
             KtExAllocateCalls, KtExFreeCalls);
    ExFlushLookasideListEx(&KtLookasideEx);
    KT_CHECK(Context,
             KtExFreeCalls == 3 && ExQueryDepthSList(&KtLookasideEx.L.ListHead) == 0 &&
                 KtPoolOutstanding(KT_EX_TAG_EX, FALSE) == Before,
             "flush freed %d of 3 blocks", KtExFreeCalls);
    Blocks[0] = ExAllocateFromLookasideListEx(&KtLookasideEx);
    ExFreeToLookasideListEx(&KtLookasideEx, Blocks[0]);
    ExDeleteLookasideListEx(&KtLookasideEx);
    KT_CHECK(Context, KtExFreeCalls == 4 && KtPoolOutstanding(KT_EX_TAG_EX, FALSE) == Before,
             "delete left %d block(s) out", KtPoolOutstanding(KT_EX_TAG_EX, FALSE) - Before);
}

static const KT_TEST KtExTests[] = {
    {"S-lists pop in LIFO order and count their depth", KtSListIsLifo},
    {"an S-list flush returns the whole chain", KtSListFlushes},
    {"S-lists lose and share no entry under contention from every processor",
     KtSListSurvivesContention},
    {"interlocked doubly linked lists return the documented entries", KtInterlockedDoublyLinked},
    {"interlocked singly linked lists return the documented entries", KtInterlockedSinglyLinked},
    {"non-paged lookaside lists cache up to Depth blocks and free all on delete",
     KtNPagedLookasideCaches},
    {"paged lookaside lists cache and free all on delete", KtPagedLookasideCaches},
    {"LOOKASIDE_LIST_EX uses its routines and flushes to the pool", KtLookasideExFlushes},
};

const KT_SUITE KtExSuite = {"Ex", KtExTests, RTL_NUMBER_OF(KtExTests)};
