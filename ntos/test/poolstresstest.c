/* SPDX-License-Identifier: MIT */
/*
 * Pool stress across processors: one thread per processor allocates and frees blocks of
 * every size class (small, page-sized, multi-page), paged and nonpaged, fills each with a
 * pattern derived from its address and checks it before the free. Some blocks are handed
 * through shared mailboxes to be checked and freed on another processor. A block that two
 * callers got at once, a free list that hands out live memory, or a merge that clobbers a
 * neighbour shows up as a broken pattern.
 */
#include "ntos.h"

#define KT_PS_TAG 0x7453704B /* "KpSt" */
#define KT_PS_THREADS 8
#define KT_PS_SLOTS 24
#define KT_PS_MAILBOXES 16
#define KT_PS_ROUNDS 1500

/* The head of every block: enough to check it wherever it ends up. */
typedef struct _KT_PS_BLOCK
{
    SIZE_T Size;
    ULONG Seed;
    POOL_TYPE Type;
} KT_PS_BLOCK;

static struct
{
    KT_PS_BLOCK *volatile Mailboxes[KT_PS_MAILBOXES];
    volatile LONG Corrupt, Exhausted, Checked, Handed;
} KtPs;
static KTHREAD KtPsThreads[KT_PS_THREADS];

static ULONG
KtPsRandom(PULONG State)
{
    *State = *State * 1103515245u + 12345u;
    return *State >> 8;
}

static UCHAR
KtPsByte(const KT_PS_BLOCK *Block, SIZE_T Offset)
{
    return (UCHAR)((Block->Seed + Offset * 131) ^ ((ULONG_PTR)Block >> 4) ^ (Offset >> 8));
}

/* Sizes of every class NT's pool serves differently, each header included. */
static SIZE_T
KtPsSize(PULONG State)
{
    ULONG Class = KtPsRandom(State) % 10;

    if (Class < 7)
        return sizeof(KT_PS_BLOCK) + KtPsRandom(State) % 500;
    if (Class < 9)
        return PAGE_SIZE - 64 + KtPsRandom(State) % 128;
    return (3 + KtPsRandom(State) % 6) * PAGE_SIZE + KtPsRandom(State) % 100;
}

static KT_PS_BLOCK *
KtPsAllocate(PULONG State)
{
    SIZE_T Size = KtPsSize(State), Offset;
    POOL_TYPE Type = (KtPsRandom(State) & 1) ? PagedPool : NonPagedPoolNx;
    KT_PS_BLOCK *Block = ExAllocatePoolWithTag(Type, Size, KT_PS_TAG);

    if (Block == NULL)
    {
        InterlockedIncrement(&KtPs.Exhausted);
        return NULL;
    }
    Block->Size = Size;
    Block->Seed = KtPsRandom(State);
    Block->Type = Type;
    for (Offset = sizeof(*Block); Offset < Size; Offset++)
        ((PUCHAR)Block)[Offset] = KtPsByte(Block, Offset);
    return Block;
}

static VOID
KtPsCheckAndFree(KT_PS_BLOCK *Block)
{
    SIZE_T Offset;

    for (Offset = sizeof(*Block); Offset < Block->Size; Offset++)
    {
        if (((PUCHAR)Block)[Offset] != KtPsByte(Block, Offset))
        {
            if (InterlockedIncrement(&KtPs.Corrupt) == 1)
                DbgPrint("pool stress: block %p (%Iu bytes) broken at offset %Iu\n", Block,
                         Block->Size, Offset);
            break;
        }
    }
    InterlockedIncrement(&KtPs.Checked);
    ExFreePoolWithTag(Block, KT_PS_TAG);
}

/* Swap the block into a mailbox; whatever was there came from some other round. */
static KT_PS_BLOCK *
KtPsHandOver(KT_PS_BLOCK *Block, PULONG State)
{
    ULONG Box = KtPsRandom(State) % KT_PS_MAILBOXES;

    InterlockedIncrement(&KtPs.Handed);
    return InterlockedExchangePointer((PVOID volatile *)&KtPs.Mailboxes[Box], Block);
}

static VOID NTAPI
KtPsThread(PVOID Context)
{
    KT_PS_BLOCK *Slots[KT_PS_SLOTS] = {0};
    ULONG State = 0x9E3779B9u * (ULONG)((ULONG_PTR)Context + 1), Round, Slot;

    for (Round = 0; Round < KT_PS_ROUNDS; Round++)
    {
        Slot = KtPsRandom(&State) % KT_PS_SLOTS;
        if (Slots[Slot] == NULL)
            Slots[Slot] = KtPsAllocate(&State);
        else if (KtPsRandom(&State) % 4 == 0)
            Slots[Slot] = KtPsHandOver(Slots[Slot], &State);
        else
        {
            KtPsCheckAndFree(Slots[Slot]);
            Slots[Slot] = NULL;
        }
    }
    for (Slot = 0; Slot < KT_PS_SLOTS; Slot++)
        if (Slots[Slot] != NULL)
            KtPsCheckAndFree(Slots[Slot]);
}

static VOID
KtPoolStressAcrossProcessors(PKT_CONTEXT Context)
{
    ULONG Threads = min(KeQueryActiveProcessorCount(NULL), KT_PS_THREADS), I;
    MM_POOL_TAG_USAGE Usage;

    RtlZeroMemory(&KtPs, sizeof(KtPs));
    for (I = 0; I < Threads; I++)
        KT_CHECK(Context,
                 NT_SUCCESS(KtStartThreadOn(&KtPsThreads[I], KtPsThread, (PVOID)(ULONG_PTR)I,
                                            KT_SYSTEM_PRIORITY, (KAFFINITY)1 << I)),
                 "thread %u", I);
    for (I = 0; I < Threads; I++)
        KT_CHECK(Context, KtJoinThread(&KtPsThreads[I]) == STATUS_SUCCESS, "thread %u hangs", I);
    for (I = 0; I < KT_PS_MAILBOXES; I++)
        if (KtPs.Mailboxes[I] != NULL)
            KtPsCheckAndFree(KtPs.Mailboxes[I]);
    KT_CHECK(Context, KtPs.Corrupt == 0, "%d of %d blocks lost their pattern", KtPs.Corrupt,
             KtPs.Checked);
    KT_CHECK(Context, KtPs.Exhausted == 0, "%d allocations failed", KtPs.Exhausted);
    KT_CHECK(Context, KtPs.Handed > 0, "no block changed processor");
    KT_CHECK(Context, MmQueryPoolTag(KT_PS_TAG, &Usage), "tag never counted");
    KT_CHECK(Context, Usage.NonPagedBytes == 0 && Usage.PagedBytes == 0,
             "%Iu nonpaged and %Iu paged bytes still counted", Usage.NonPagedBytes,
             Usage.PagedBytes);
    KT_CHECK(Context,
             Usage.NonPagedAllocations + Usage.PagedAllocations == (ULONG)KtPs.Checked &&
                 Usage.NonPagedFrees + Usage.PagedFrees == (ULONG)KtPs.Checked,
             "%u+%u allocations, %u+%u frees, %d checked", Usage.NonPagedAllocations,
             Usage.PagedAllocations, Usage.NonPagedFrees, Usage.PagedFrees, KtPs.Checked);
}

static const KT_TEST KtPoolStressTests[] = {
    {"pool blocks keep their contents under allocation from every processor",
     KtPoolStressAcrossProcessors},
};

const KT_SUITE KtPoolStressSuite = {"Mm", KtPoolStressTests, RTL_NUMBER_OF(KtPoolStressTests)};
