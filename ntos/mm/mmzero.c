/* SPDX-License-Identifier: MIT */
/*
 * Zeroing physical pages, and the zero page thread. A page is zeroed through a mapping of
 * its own: each processor owns one system PTE (reserved at boot with its page table), maps
 * the frame there at DISPATCH_LEVEL, clears it and unmaps it again with a local invlpg, as
 * NT zeroes through hyperspace. No other processor ever touches that address, so no
 * shootdown is needed. Only while the PFN database is being built, before those PTEs
 * exist, are pages zeroed through the loader's identity map.
 * The zero page thread runs at the lowest priority a thread can be given (1; Basalt's idle
 * threads are alone at 0) and moves free pages to the zeroed list one at a time, so page
 * tables and zeroed allocations rarely pay for clearing. Unlike NT it stops once the zeroed
 * list holds MiZeroedPageTarget pages (1/64 of RAM, at least 4 MiB, at most 256 MiB), and
 * is woken again only when the list is down to half that: clearing all of a large
 * machine's memory keeps a processor busy for seconds (much longer under emulation), and
 * the scheduler counts a processor running even this thread as busy when it places new
 * threads, so the thread should run seldom and in batches. Freeing a page, or taking one
 * off the zeroed list, checks with a DPC that sets the thread's event: page frees happen
 * under other locks (the dispatcher's reaper frees stacks), where setting an event
 * directly could deadlock.
 */
#include "mi.h"

static ULONG64 MiZeroingVa; /* MAXIMUM_PROCESSORS pages, one per processor */
static BOOLEAN MiZeroingReady;
static KEVENT MiZeroPageEvent;
static KDPC MiZeroPageDpc;
static volatile LONG MiZeroingRequested;
static BOOLEAN MiZeroThreadStarted;
volatile LONG64 MiPagesZeroedByThread;
PFN_NUMBER MiZeroedPageTarget;

VOID
MiInitializeZeroingPtes(VOID)
{
    ULONG64 Va;
    ULONG I;

    MiZeroingVa = MiReserveSystemPtes(MAXIMUM_PROCESSORS);
    for (I = 0; I < MAXIMUM_PROCESSORS; I++)
    {
        /* Mapping frame 0 once builds the page tables; the PTE is then left empty. */
        Va = MiZeroingVa + (ULONG64)I * PAGE_SIZE;
        if (MiZeroingVa == 0 || !MiMapPage(Va, 0, MI_PTE_WRITE | MI_PTE_NO_EXECUTE))
            KeBugCheckEx(INSTALL_MORE_MEMORY, MmNumberOfPhysicalPages, 0x200, I, 0);
        MiUnmapPage(Va);
    }
    MiZeroingReady = TRUE;
    MiZeroedPageTarget = min(max(MmNumberOfPhysicalPages / 64, 1024), 65536);
}

/* Clear one page the caller owns. IRQL <= DISPATCH_LEVEL. */
VOID
MiZeroPhysicalPage(PFN_NUMBER Pfn)
{
    KIRQL OldIrql = KeGetCurrentIrql();
    PMMPTE Pte;
    ULONG64 Va;

    if (!MiZeroingReady)
    {
        RtlZeroMemory((PVOID)(ULONG_PTR)(Pfn << PAGE_SHIFT), PAGE_SIZE); /* phase 0 only */
        return;
    }
    if (OldIrql < DISPATCH_LEVEL)
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Va = MiZeroingVa + (ULONG64)KeGetCurrentProcessorNumber() * PAGE_SIZE;
    Pte = MiAddressToPte(Va);
    *Pte = (Pfn << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_NO_EXECUTE;
    __stosq((PULONG64)(ULONG_PTR)Va, 0, PAGE_SIZE / sizeof(ULONG64));
    *Pte = 0;
    __invlpg((PVOID)(ULONG_PTR)Va);
    if (OldIrql < DISPATCH_LEVEL)
        KeLowerIrql(OldIrql);
}

static VOID NTAPI
MiZeroPageDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeSetEvent(&MiZeroPageEvent, 0, FALSE);
}

/* Whether the zeroed list is below Target with free pages to clear. Reads the totals
 * without the lock: a stale answer only moves the work to the next call. */
static BOOLEAN
MiZeroingWanted(PFN_NUMBER Target)
{
    return MiPageLists[MiZeroedPageList].Total < Target && MiPageLists[MiFreePageList].Total > 0;
}

/* The lists changed: wake the zero page thread once the zeroed list is down to half its
 * target (so it runs seldom, in batches), unless it was asked already. */
VOID
MiRequestZeroing(VOID)
{
    if (MiZeroThreadStarted && MiZeroingRequested == 0 && MiZeroingWanted(MiZeroedPageTarget / 2) &&
        InterlockedExchange(&MiZeroingRequested, 1) == 0)
        KeInsertQueueDpc(&MiZeroPageDpc, NULL, NULL);
}

/* Move one page from the free list to the zeroed list; FALSE when the free list is empty. */
static BOOLEAN
MiZeroOneFreePage(VOID)
{
    KLOCK_QUEUE_HANDLE Lock;
    PFN_NUMBER Pfn;

    MiAcquirePfnLock(&Lock);
    Pfn = MiPageLists[MiFreePageList].Flink;
    if (Pfn != MI_PFN_LIST_END)
    {
        MiUnlinkPage(Pfn);
        MiPfnElement(Pfn)->Usage = MiUsageZeroing;
    }
    MiReleasePfnLock(&Lock);
    if (Pfn == MI_PFN_LIST_END)
        return FALSE;
    MiZeroPhysicalPage(Pfn);
    MiAcquirePfnLock(&Lock);
    MiInsertPageInList(MiZeroedPageList, Pfn);
    MiReleasePfnLock(&Lock);
    InterlockedIncrement64(&MiPagesZeroedByThread);
    return TRUE;
}

static VOID NTAPI
MiZeroPageThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetPriorityThread(KeGetCurrentThread(), LOW_PRIORITY + 1);
    for (;;)
    {
        InterlockedExchange(&MiZeroingRequested, 0);
        while (MiZeroingWanted(MiZeroedPageTarget) && MiZeroOneFreePage())
            ;
        KeWaitForSingleObject(&MiZeroPageEvent, Executive, KernelMode, FALSE, NULL);
    }
}

/* Phase 1: start the zero page thread. */
NTSTATUS
MmStartZeroPageThread(VOID)
{
    HANDLE Handle;
    NTSTATUS Status;

    KeInitializeEvent(&MiZeroPageEvent, SynchronizationEvent, FALSE);
    KeInitializeDpc(&MiZeroPageDpc, MiZeroPageDpcRoutine, NULL);
    Status =
        PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, MiZeroPageThread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ZwClose(Handle);
    MiZeroThreadStarted = TRUE;
    return STATUS_SUCCESS;
}
