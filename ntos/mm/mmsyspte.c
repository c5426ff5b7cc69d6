/* SPDX-License-Identifier: MIT */
/*
 * System PTEs: a fixed virtual region in the kernel half, handed out in page runs for kernel
 * stacks and I/O-space mappings. A bitmap records which pages are reserved (first fit, under
 * one lock); page tables are edited through the self-map, and missing intermediate tables
 * are allocated (zeroed, from the PFN database) on first use and kept.
 * Unmapping flushes the local TLB at once; callers that unmap ranges other processors may
 * have touched follow up with MiFlushTlb, which interrupts them all.
 */
#include "mi.h"

#define MI_BITS_PER_WORD 64

static KSPIN_LOCK MiSystemPteLock;
static ULONG64 MiSystemPteBitmap[MI_SYSTEM_PTE_PAGES / MI_BITS_PER_WORD];
static ULONG MiSystemPteHint;

static BOOLEAN
MiTestBit(ULONG Index)
{
    return (MiSystemPteBitmap[Index / MI_BITS_PER_WORD] >> (Index % MI_BITS_PER_WORD)) & 1;
}

static VOID
MiSetBits(ULONG Index, ULONG Count, BOOLEAN Set)
{
    for (; Count > 0; Index++, Count--)
    {
        if (Set)
            MiSystemPteBitmap[Index / MI_BITS_PER_WORD] |= 1ull << (Index % MI_BITS_PER_WORD);
        else
            MiSystemPteBitmap[Index / MI_BITS_PER_WORD] &= ~(1ull << (Index % MI_BITS_PER_WORD));
    }
}

/* First run of Pages clear bits at or after Start; MI_SYSTEM_PTE_PAGES when there is none. */
static ULONG
MiFindClearRun(ULONG Start, ULONG Pages)
{
    ULONG Index, Run = 0;

    for (Index = Start; Index < MI_SYSTEM_PTE_PAGES; Index++)
    {
        Run = MiTestBit(Index) ? 0 : Run + 1;
        if (Run == Pages)
            return Index + 1 - Pages;
    }
    return MI_SYSTEM_PTE_PAGES;
}

/* Reserve Pages consecutive system PTEs; returns their first address, or 0. */
ULONG64
MiReserveSystemPtes(ULONG Pages)
{
    KIRQL OldIrql;
    ULONG Index;

    if (Pages == 0 || Pages > MI_SYSTEM_PTE_PAGES)
        return 0;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiSystemPteLock);
    Index = MiFindClearRun(MiSystemPteHint, Pages);
    if (Index == MI_SYSTEM_PTE_PAGES)
        Index = MiFindClearRun(0, Pages);
    if (Index != MI_SYSTEM_PTE_PAGES)
    {
        MiSetBits(Index, Pages, TRUE);
        MiSystemPteHint = Index + Pages;
    }
    KeReleaseSpinLock(&MiSystemPteLock, OldIrql);
    return Index == MI_SYSTEM_PTE_PAGES ? 0 : MI_SYSTEM_PTE_START + (ULONG64)Index * PAGE_SIZE;
}

VOID
MiReleaseSystemPtes(ULONG64 Va, ULONG Pages)
{
    ULONG Index = (ULONG)((Va - MI_SYSTEM_PTE_START) >> PAGE_SHIFT);
    KIRQL OldIrql;

    if (Va < MI_SYSTEM_PTE_START || Index + Pages > MI_SYSTEM_PTE_PAGES)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x100, Va, Pages, 0);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiSystemPteLock);
    MiSetBits(Index, Pages, FALSE);
    if (Index < MiSystemPteHint)
        MiSystemPteHint = Index;
    KeReleaseSpinLock(&MiSystemPteLock, OldIrql);
}

/*
 * Make sure the table that holds *Entry exists, one level down from its parent entry. Two
 * processors may want the same missing table at once (a page fault and a mapping, say): the
 * parent is set by compare-exchange, and the loser gives its page back.
 */
static BOOLEAN
MiEnsureTable(PMMPTE Entry)
{
    PMMPTE Parent = MiAddressToPte((ULONG64)(ULONG_PTR)Entry);
    ULONG64 PageFrame;
    MMPTE Current = *Parent;

    if (!(Current & MI_PTE_VALID))
    {
        PageFrame = MiAllocatePage(MiUsagePageTable, TRUE);
        if (PageFrame == 0)
            return FALSE;
        Current = (PageFrame << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE;
        if (InterlockedCompareExchange64((volatile LONG64 *)Parent, (LONG64)Current, 0) != 0)
        {
            MiFreePage(PageFrame);
            Current = *Parent;
        }
        __invlpg(Entry);
    }
    if (Current & MI_PTE_LARGE)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x101, (ULONG_PTR)Entry, Current, 0);
    return TRUE;
}

/* The page table for Va, and the tables above it, exist (made from zeroed pages if not). */
BOOLEAN
MiEnsurePageTables(ULONG64 Va)
{
    PMMPTE Pte = MiAddressToPte(Va);
    PMMPTE Pde = MiAddressToPte((ULONG64)(ULONG_PTR)Pte);
    PMMPTE Ppe = MiAddressToPte((ULONG64)(ULONG_PTR)Pde);

    return MiEnsureTable(Ppe) && MiEnsureTable(Pde) && MiEnsureTable(Pte);
}

/* Map one page. Kernel-half only; Attributes are MI_PTE_* bits beyond VALID. */
BOOLEAN
MiMapPage(ULONG64 Va, ULONG64 PageFrame, ULONG64 Attributes)
{
    PMMPTE Pte = MiAddressToPte(Va);

    if (!MiEnsurePageTables(Va))
        return FALSE;
    if (*Pte & MI_PTE_VALID)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x102, Va, *Pte, 0);
    *Pte = (PageFrame << PAGE_SHIFT) | Attributes | MI_PTE_VALID;
    return TRUE;
}

/* Unmap one page mapped by MiMapPage; returns its page frame number. */
ULONG64
MiUnmapPage(ULONG64 Va)
{
    PMMPTE Pte = MiAddressToPte(Va);
    ULONG64 Old = *Pte;

    if (!(Old & MI_PTE_VALID))
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x103, Va, Old, 0);
    *Pte = 0;
    __invlpg((PVOID)(ULONG_PTR)Va);
    return (Old & MI_PTE_FRAME_MASK) >> PAGE_SHIFT;
}

typedef struct _MI_FLUSH_RANGE
{
    ULONG64 Va;
    ULONG Pages;
} MI_FLUSH_RANGE;

static ULONG_PTR NTAPI
MiFlushRange(ULONG_PTR Context)
{
    const MI_FLUSH_RANGE *Range = (const MI_FLUSH_RANGE *)Context;
    ULONG I;

    for (I = 0; I < Range->Pages; I++)
        __invlpg((PVOID)(ULONG_PTR)(Range->Va + (ULONG64)I * PAGE_SIZE));
    return 0;
}

/* TLB shootdown: no processor may keep a translation of [Va, Va + Pages) after this. */
VOID
MiFlushTlb(ULONG64 Va, ULONG Pages)
{
    MI_FLUSH_RANGE Range = {Va, Pages};

    if (KeQueryActiveProcessorCount(NULL) > 1)
        KeIpiGenericCall(MiFlushRange, (ULONG_PTR)&Range);
}
