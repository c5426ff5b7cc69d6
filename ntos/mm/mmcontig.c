/* SPDX-License-Identifier: MIT */
/*
 * Physically contiguous memory for devices: MmAllocateContiguousMemory* find a run of
 * available pages (zeroed, free or standby) inside the caller's physical window, not
 * crossing its boundary multiple, searching from the top of memory down so the low memory
 * that limited devices need stays free longest; the run is taken under the PFN lock, its
 * first and last entries flagged, and mapped into system PTEs with the cache type asked
 * for. The pages are not zeroed. Freeing finds the run again from the first page's flags.
 * The search walks the PFN database (a scan of the window, under the lock).
 */
#include "mi.h"

/* First page of Pages available pages in a row in [LowPfn, HighPfn] that do not cross a
 * multiple of BoundaryPages (0: any); 0 when there is none. PFN lock held. */
static PFN_NUMBER
MiFindContiguousRun(PFN_NUMBER Pages, PFN_NUMBER LowPfn, PFN_NUMBER HighPfn,
                    PFN_NUMBER BoundaryPages)
{
    PFN_NUMBER Base, Count, First, Last, Pfn, RunEnd = 0, Length;
    ULONG Run;

    for (Run = MiPhysicalRunCount(); Run-- > 0;)
    {
        MiPhysicalRun(Run, &Base, &Count);
        First = max(Base, LowPfn);
        Last = min(Base + Count - 1, HighPfn);
        if (First > Last || Last - First + 1 < Pages)
            continue;
        for (Length = 0, Pfn = Last + 1; Pfn-- > First;)
        {
            if (!MiIsPageAvailable(MiPfnElement(Pfn)))
            {
                Length = 0;
                continue;
            }
            if (Length == 0 ||
                (BoundaryPages != 0 && Pfn / BoundaryPages != RunEnd / BoundaryPages))
            {
                Length = 0;
                RunEnd = Pfn;
            }
            if (++Length == Pages)
                return Pfn;
        }
    }
    return 0;
}

static VOID
MiTakeContiguousRun(PFN_NUMBER First, PFN_NUMBER Pages, MEMORY_CACHING_TYPE CacheType)
{
    PFN_NUMBER I;

    for (I = 0; I < Pages; I++)
    {
        MiUnlinkPage(First + I);
        MiClaimPage(First + I, MiUsageContiguous);
        MiPfnElement(First + I)->CacheAttribute = (UCHAR)CacheType;
    }
    MiPfnElement(First)->Flags |= MI_PFN_START_OF_ALLOCATION;
    MiPfnElement(First + Pages - 1)->Flags |= MI_PFN_END_OF_ALLOCATION;
}

/* NULL for a zero size, an unknown cache type, an empty window, a boundary that is not a
 * power of two or is smaller than the size, or when no such run is free. */
PVOID NTAPI
MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes,
                                       PHYSICAL_ADDRESS LowestAcceptableAddress,
                                       PHYSICAL_ADDRESS HighestAcceptableAddress,
                                       PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                       MEMORY_CACHING_TYPE CacheType)
{
    ULONG64 Attributes = MiCacheAttributes(CacheType), Boundary = BoundaryAddressMultiple.QuadPart;
    ULONG64 Lowest = LowestAcceptableAddress.QuadPart, Highest = HighestAcceptableAddress.QuadPart;
    PFN_NUMBER Pages = BYTES_TO_PAGES(NumberOfBytes), First, I;
    KLOCK_QUEUE_HANDLE Lock;
    ULONG64 Va;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    if (NumberOfBytes == 0 || Attributes == MAXULONG64 || Pages > MI_SYSTEM_PTE_PAGES ||
        LowestAcceptableAddress.QuadPart < 0 || HighestAcceptableAddress.QuadPart < 0 ||
        (Boundary != 0 && ((Boundary & (Boundary - 1)) != 0 || Boundary < NumberOfBytes)))
        return NULL;
    /* Every byte of every page must lie inside [Lowest, Highest]. */
    if (((Highest + 1) >> PAGE_SHIFT) == 0)
        return NULL;
    MiAcquirePfnLock(&Lock);
    First = MiFindContiguousRun(Pages, (Lowest + PAGE_SIZE - 1) >> PAGE_SHIFT,
                                ((Highest + 1) >> PAGE_SHIFT) - 1, Boundary >> PAGE_SHIFT);
    if (First != 0)
        MiTakeContiguousRun(First, Pages, CacheType);
    MiReleasePfnLock(&Lock);
    if (First == 0)
        return NULL;
    Va = MiMapFrames((ULONG)Pages, NULL, First, Attributes | MI_PTE_WRITE | MI_PTE_NO_EXECUTE);
    if (Va == 0)
    {
        for (I = 0; I < Pages; I++)
            MiFreePage(First + I);
        return NULL;
    }
    return (PVOID)(ULONG_PTR)Va;
}

PVOID NTAPI
MmAllocateContiguousMemory(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
    PHYSICAL_ADDRESS Zero = {.QuadPart = 0};

    return MmAllocateContiguousMemorySpecifyCache(NumberOfBytes, Zero, HighestAcceptableAddress,
                                                  Zero, MmCached);
}

/* BAD_POOL_CALLER 0x60 for an address no contiguous allocation starts at, as on NT. */
VOID NTAPI
MmFreeContiguousMemory(PVOID BaseAddress)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)BaseAddress;
    PFN_NUMBER First, Pages = 0;
    PMMPFN Entry;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    if ((Va & (PAGE_SIZE - 1)) != 0 || Va < MI_SYSTEM_PTE_START || !MmIsAddressValid(BaseAddress))
        KeBugCheckEx(BAD_POOL_CALLER, 0x60, Va, 0, 0);
    First = (PFN_NUMBER)(MmGetPhysicalAddress(BaseAddress).QuadPart >> PAGE_SHIFT);
    Entry = MiGetPfnEntry(First);
    if (Entry == NULL || Entry->Usage != MiUsageContiguous ||
        !(Entry->Flags & MI_PFN_START_OF_ALLOCATION))
        KeBugCheckEx(BAD_POOL_CALLER, 0x60, Va, First, 0);
    do
    {
        Entry = MiPfnElement(First + Pages++);
        if (Entry->Usage != MiUsageContiguous)
            KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, First + Pages - 1, Entry->Location, Va);
    } while (!(Entry->Flags & MI_PFN_END_OF_ALLOCATION));
    MiUnmapFrames(Va, (ULONG)Pages);
    while (Pages-- > 0)
        MiFreePage(First + Pages);
}

VOID NTAPI
MmFreeContiguousMemorySpecifyCache(PVOID BaseAddress, SIZE_T NumberOfBytes,
                                   MEMORY_CACHING_TYPE CacheType)
{
    UNREFERENCED_PARAMETER(NumberOfBytes);
    UNREFERENCED_PARAMETER(CacheType);
    MmFreeContiguousMemory(BaseAddress);
}
