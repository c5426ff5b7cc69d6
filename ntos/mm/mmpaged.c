/* SPDX-License-Identifier: MIT */
/*
 * Paged pool pages. Paged pool has its own region at NT x64's address, handed out in page
 * runs from a bitmap (first fit from a moving hint, under one lock). An allocation costs no
 * memory: its PTEs are written demand zero (mi.h), and the first touch of each page faults
 * it in with a zeroed page (mmfault.c) — which is why paged pool may only be touched at
 * APC_LEVEL or below. There is no pagefile yet, so a page once touched stays resident until
 * the allocation is freed; freeing clears the PTEs, shoots down every processor's TLB, and
 * only then returns the frames to the PFN database.
 * Page tables of the region are made when a run is allocated and kept, so the fault path
 * never has to allocate one.
 */
#include "mi.h"

static KSPIN_LOCK MiPagedPoolLock;
static ULONG MiPagedPoolBits[MI_PAGED_POOL_PAGES / 32];
static RTL_BITMAP MiPagedPoolBitmap;
static ULONG MiPagedPoolHint;
volatile LONG64 MiPagedPoolResidentPages;
volatile LONG64 MiPagedPoolFaults;
volatile LONG64 MiPagedPoolRacesLost;

VOID
MiInitializePagedPool(VOID)
{
    RtlInitializeBitMap(&MiPagedPoolBitmap, MiPagedPoolBits, MI_PAGED_POOL_PAGES);
}

BOOLEAN
MiIsPagedPoolAddress(ULONG64 Va)
{
    return Va >= MI_PAGED_POOL_START &&
           Va - MI_PAGED_POOL_START < (ULONG64)MI_PAGED_POOL_PAGES * PAGE_SIZE;
}

static ULONG64
MiReservePagedRange(ULONG Pages)
{
    KIRQL OldIrql;
    ULONG Index;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiPagedPoolLock);
    Index = RtlFindClearBitsAndSet(&MiPagedPoolBitmap, Pages, MiPagedPoolHint);
    if (Index != MAXULONG)
        MiPagedPoolHint = Index + Pages;
    KeReleaseSpinLock(&MiPagedPoolLock, OldIrql);
    return Index == MAXULONG ? 0 : MI_PAGED_POOL_START + (ULONG64)Index * PAGE_SIZE;
}

static VOID
MiReleasePagedRange(ULONG64 Va, ULONG Pages)
{
    ULONG Index = (ULONG)((Va - MI_PAGED_POOL_START) >> PAGE_SHIFT);
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiPagedPoolLock);
    RtlClearBits(&MiPagedPoolBitmap, Index, Pages);
    if (Index < MiPagedPoolHint)
        MiPagedPoolHint = Index;
    KeReleaseSpinLock(&MiPagedPoolLock, OldIrql);
}

/* Returns the first page of Pages demand-zero pages (then GuardAfter empty PTEs), or NULL. */
PVOID
MiAllocatePagedPoolPages(ULONG Pages, ULONG GuardAfter)
{
    ULONG64 Va;
    ULONG I;

    if (Pages == 0 || Pages + GuardAfter > MI_PAGED_POOL_PAGES)
        return NULL;
    Va = MiReservePagedRange(Pages + GuardAfter);
    if (Va == 0)
        return NULL;
    for (I = 0; I < Pages; I++)
    {
        if (!MiEnsurePageTables(Va + (ULONG64)I * PAGE_SIZE))
        {
            MiFreePagedPoolPages((PVOID)(ULONG_PTR)Va, I, Pages + GuardAfter - I);
            return NULL;
        }
        if (*MiAddressToPte(Va + (ULONG64)I * PAGE_SIZE) != 0)
            KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x110, Va + (ULONG64)I * PAGE_SIZE,
                         *MiAddressToPte(Va + (ULONG64)I * PAGE_SIZE), 0);
        *MiAddressToPte(Va + (ULONG64)I * PAGE_SIZE) = MI_DEMAND_ZERO_PTE;
    }
    return (PVOID)(ULONG_PTR)Va;
}

/*
 * Clear the PTEs of a run (resident or still demand zero), flush every TLB, then give the
 * frames back. Batched so the frames wait in a small array between the flush and the free.
 */
static VOID
MiReleasePagedPtes(ULONG64 Va, ULONG Pages)
{
    PFN_NUMBER Frames[16];
    ULONG I, Done = 0, Batch, Count;
    MMPTE Old;

    while (Done < Pages)
    {
        Batch = min(Pages - Done, (ULONG)RTL_NUMBER_OF(Frames));
        for (I = 0, Count = 0; I < Batch; I++)
        {
            Old = InterlockedExchange64(
                (volatile LONG64 *)MiAddressToPte(Va + (ULONG64)(Done + I) * PAGE_SIZE), 0);
            if (Old & MI_PTE_VALID)
            {
                Frames[Count++] = (Old & MI_PTE_FRAME_MASK) >> PAGE_SHIFT;
                __invlpg((PVOID)(ULONG_PTR)(Va + (ULONG64)(Done + I) * PAGE_SIZE));
            }
            else if (!MiIsDemandZeroPte(Old))
                KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x111, Va + (ULONG64)(Done + I) * PAGE_SIZE, Old,
                             0);
        }
        if (Count != 0)
            MiFlushTlb(Va + (ULONG64)Done * PAGE_SIZE, Batch);
        for (I = 0; I < Count; I++)
            MiFreePage(Frames[I]);
        InterlockedAdd64(&MiPagedPoolResidentPages, -(LONG64)Count);
        Done += Batch;
    }
}

/* Free a run from MiAllocatePagedPoolPages. IRQL <= APC_LEVEL (the TLB shootdown waits). */
VOID
MiFreePagedPoolPages(PVOID Va, ULONG Pages, ULONG GuardAfter)
{
    ULONG64 Start = (ULONG64)(ULONG_PTR)Va;

    if (!MiIsPagedPoolAddress(Start) ||
        !MiIsPagedPoolAddress(Start + (ULONG64)(Pages + GuardAfter) * PAGE_SIZE - 1))
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x112, Start, Pages, 0);
    MiReleasePagedPtes(Start, Pages);
    MiReleasePagedRange(Start, Pages + GuardAfter);
}
