/* SPDX-License-Identifier: MIT */
/*
 * The page lists of the PFN database: zeroed, free, standby and bad, each doubly linked
 * through the MMPFN entries by frame number, all under one PFN lock (an in-stack queued spin
 * lock, so waiting processors spin on their own cache line). A page on a list has no
 * references; taking it off makes it active with one reference, its owner's. Pages leave in
 * the order the caller needs: page tables want the zeroed list first, everything else the
 * free list, and the standby list is only repurposed when both are empty. Zeroing a free
 * page happens after the lock is dropped, through a per-processor mapping (mmzero.c).
 * A page stays active while MDL locks hold references to it, even after its owner frees it.
 */
#include "mi.h"

static KSPIN_LOCK MiPfnLock;
MI_PAGE_LIST MiPageLists[MiPageListCount];
static volatile LONG64 MiPagesInUse; /* system, contiguous and MDL pages handed out */

VOID
MiAcquirePfnLock(PKLOCK_QUEUE_HANDLE Handle)
{
    KeAcquireInStackQueuedSpinLock(&MiPfnLock, Handle);
}

VOID
MiReleasePfnLock(PKLOCK_QUEUE_HANDLE Handle)
{
    KeReleaseInStackQueuedSpinLock(Handle);
}

static BOOLEAN
MiIsListLocation(ULONG Location)
{
    return Location == MiZeroedPageList || Location == MiFreePageList ||
           Location == MiStandbyPageList || Location == MiBadPageList;
}

/* Free, zeroed and bad pages go to the head; standby pages to the tail, so the oldest are
 * repurposed first. PFN lock held. */
VOID
MiInsertPageInList(MI_PFN_LOCATION List, PFN_NUMBER Pfn)
{
    PMMPFN Entry = MiPfnElement(Pfn);
    MI_PAGE_LIST *Head = &MiPageLists[List];

    if (!MiIsListLocation(List) || Entry->ReferenceCount != 0 || Pfn == MI_PFN_LIST_END)
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x8F, Pfn, List, Entry->ReferenceCount);
    Entry->Location = (UCHAR)List;
    Entry->Usage = MiUsageNone;
    Entry->Flags = 0;
    Entry->LockCount = 0;
    if (List == MiStandbyPageList)
    {
        Entry->Flink = MI_PFN_LIST_END;
        Entry->Blink = Head->Blink;
        if (Head->Blink != MI_PFN_LIST_END)
            MiPfnElement(Head->Blink)->Flink = Pfn;
        else
            Head->Flink = Pfn;
        Head->Blink = Pfn;
    }
    else
    {
        Entry->Blink = MI_PFN_LIST_END;
        Entry->Flink = Head->Flink;
        if (Head->Flink != MI_PFN_LIST_END)
            MiPfnElement(Head->Flink)->Blink = Pfn;
        else
            Head->Blink = Pfn;
        Head->Flink = Pfn;
    }
    Head->Total++;
}

/* Take a page off whatever list it is on; it becomes active, still without references. */
VOID
MiUnlinkPage(PFN_NUMBER Pfn)
{
    PMMPFN Entry = MiPfnElement(Pfn);
    MI_PAGE_LIST *Head;

    if (!MiIsListLocation(Entry->Location))
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x8F, Pfn, Entry->Location, 0);
    Head = &MiPageLists[Entry->Location];
    if (Entry->Blink != MI_PFN_LIST_END)
        MiPfnElement(Entry->Blink)->Flink = Entry->Flink;
    else
        Head->Flink = Entry->Flink;
    if (Entry->Flink != MI_PFN_LIST_END)
        MiPfnElement(Entry->Flink)->Blink = Entry->Blink;
    else
        Head->Blink = Entry->Blink;
    Head->Total--;
    Entry->Flink = Entry->Blink = MI_PFN_LIST_END;
    Entry->Location = MiActiveAndValid;
}

/* Pages that may be handed out: zeroed, free, and standby ones (repurposed). */
BOOLEAN
MiIsPageAvailable(PMMPFN Entry)
{
    return Entry->Location == MiZeroedPageList || Entry->Location == MiFreePageList ||
           Entry->Location == MiStandbyPageList;
}

/* Unlink the first page of the preferred list, else of the other, else a standby page;
 * 0 when memory is out. PFN lock held. */
PFN_NUMBER
MiRemoveAnyPage(BOOLEAN WantZeroed, PBOOLEAN IsZeroed)
{
    MI_PFN_LOCATION Order[3] = {MiFreePageList, MiZeroedPageList, MiStandbyPageList};
    PFN_NUMBER Pfn;
    ULONG I;

    if (WantZeroed)
    {
        Order[0] = MiZeroedPageList;
        Order[1] = MiFreePageList;
    }
    for (I = 0; I < RTL_NUMBER_OF(Order); I++)
    {
        Pfn = MiPageLists[Order[I]].Flink;
        if (Pfn != MI_PFN_LIST_END)
        {
            *IsZeroed = Order[I] == MiZeroedPageList;
            MiUnlinkPage(Pfn);
            return Pfn;
        }
    }
    *IsZeroed = FALSE;
    return 0;
}

static BOOLEAN
MiIsCountedUsage(ULONG Usage)
{
    return Usage == MiUsageSystem || Usage == MiUsageContiguous || Usage == MiUsageMdl ||
           Usage == MiUsagePagedPool;
}

/* Give an unlinked page its owner: one reference, cached, no flags. PFN lock held. */
VOID
MiClaimPage(PFN_NUMBER Pfn, MI_PFN_USAGE Usage)
{
    PMMPFN Entry = MiPfnElement(Pfn);

    Entry->ReferenceCount = 1;
    Entry->LockCount = 0;
    Entry->Usage = (UCHAR)Usage;
    Entry->CacheAttribute = MmCached;
    Entry->Flags = 0;
    if (MiIsCountedUsage(Usage))
        InterlockedIncrement64(&MiPagesInUse);
}

/* Drop one reference; the last one puts the page on the free list. PFN lock held. */
VOID
MiReleasePageReference(PFN_NUMBER Pfn)
{
    PMMPFN Entry = MiPfnElement(Pfn);

    if (Entry->Location != MiActiveAndValid || Entry->ReferenceCount == 0)
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, Pfn, Entry->Location, Entry->ReferenceCount);
    if (--Entry->ReferenceCount == 0)
        MiInsertPageInList(MiFreePageList, Pfn);
}

/*
 * One page for Usage, zeroed when asked (page tables) or with whatever the free list left in
 * it (pool, stacks); returns its frame number, or 0 when memory is out. Before the database
 * exists the bootstrap allocator answers. IRQL <= DISPATCH_LEVEL.
 */
PFN_NUMBER
MiAllocatePage(MI_PFN_USAGE Usage, BOOLEAN Zeroed)
{
    KLOCK_QUEUE_HANDLE Lock;
    BOOLEAN IsZeroed = FALSE;
    PFN_NUMBER Pfn;

    if (!MiPfnDatabaseReady)
    {
        Pfn = MiTakeBootstrapPage();
        if (Pfn != 0 && Zeroed)
            MiZeroPhysicalPage(Pfn);
        return Pfn;
    }
    MiAcquirePfnLock(&Lock);
    Pfn = MiRemoveAnyPage(Zeroed, &IsZeroed);
    if (Pfn != 0)
        MiClaimPage(Pfn, Usage);
    MiReleasePfnLock(&Lock);
    if (Pfn != 0 && Zeroed && !IsZeroed)
        MiZeroPhysicalPage(Pfn);
    else if (IsZeroed)
        MiRequestZeroing(); /* top the zeroed list up again */
    return Pfn;
}

/* The owner gives its page back; MDL locks may keep it active a while longer. */
VOID
MiFreePage(PFN_NUMBER Pfn)
{
    KLOCK_QUEUE_HANDLE Lock;
    PMMPFN Entry = MiPfnElement(Pfn);

    MiAcquirePfnLock(&Lock);
    if (Entry->Location != MiActiveAndValid || Entry->Usage == MiUsageNone)
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, Pfn, Entry->Location, Entry->ReferenceCount);
    if (MiIsCountedUsage(Entry->Usage))
        InterlockedDecrement64(&MiPagesInUse);
    Entry->Usage = MiUsageNone;
    MiReleasePageReference(Pfn);
    MiReleasePfnLock(&Lock);
    MiRequestZeroing();
}

PFN_NUMBER
MiAvailablePages(VOID)
{
    return MiPageLists[MiZeroedPageList].Total + MiPageLists[MiFreePageList].Total +
           MiPageLists[MiStandbyPageList].Total;
}

/* Pages handed out for pool, stacks, contiguous memory and MDLs and not yet returned, for
 * leak checks in the self-tests. */
ULONG64
MmQueryPagesInUse(VOID)
{
    return (ULONG64)MiPagesInUse;
}
