/* SPDX-License-Identifier: MIT */
/*
 * Runs of pages mapped into system PTEs: kernel stacks, pool pages, big and special pool
 * allocations, whose frames the run owns; and device memory and MDL pages, whose frames stay
 * their owner's. Guard pages before or after a run stay unmapped, so running off it faults.
 */
#include "mi.h"

/* Unmap Mapped pages from Va, shoot down every TLB, then (FreeFrames) free the frames. The
 * system PTEs stay reserved. */
VOID
MiUnmapRun(ULONG64 Va, ULONG Mapped, BOOLEAN FreeFrames)
{
    ULONG64 PageFrames[16];
    ULONG I, Done = 0, Batch;

    /* Unmap, shoot down every processor's TLB, and only then reuse the frames. */
    while (Done < Mapped)
    {
        Batch = min(Mapped - Done, (ULONG)RTL_NUMBER_OF(PageFrames));
        for (I = 0; I < Batch; I++)
            PageFrames[I] = MiUnmapPage(Va + (ULONG64)(Done + I) * PAGE_SIZE);
        MiFlushTlb(Va + (ULONG64)Done * PAGE_SIZE, Batch);
        for (I = 0; FreeFrames && I < Batch; I++)
            MiFreePage(PageFrames[I]);
        Done += Batch;
    }
}

/* Returns the address of the first mapped page, or NULL. The pages come off the free list
 * first and hold whatever they held: pool and stacks initialise what they use, as on NT. */
PVOID
MiAllocateMappedPages(ULONG Pages, ULONG GuardBefore, ULONG GuardAfter)
{
    ULONG64 Reserved = MiReserveSystemPtes(GuardBefore + Pages + GuardAfter), Va, PageFrame;
    ULONG I;

    if (Reserved == 0)
        return NULL;
    Va = Reserved + (ULONG64)GuardBefore * PAGE_SIZE;
    for (I = 0; I < Pages; I++)
    {
        PageFrame = MiAllocatePage(MiUsageSystem, FALSE);
        if (PageFrame == 0 ||
            !MiMapPage(Va + (ULONG64)I * PAGE_SIZE, PageFrame, MI_PTE_WRITE | MI_PTE_NO_EXECUTE))
        {
            if (PageFrame != 0)
                MiFreePage(PageFrame);
            MiUnmapRun(Va, I, TRUE);
            MiReleaseSystemPtes(Reserved, GuardBefore + Pages + GuardAfter);
            return NULL;
        }
    }
    return (PVOID)(ULONG_PTR)Va;
}

VOID
MiFreeMappedPages(PVOID Va, ULONG Pages, ULONG GuardBefore, ULONG GuardAfter)
{
    MiUnmapRun((ULONG64)(ULONG_PTR)Va, Pages, TRUE);
    MiReleaseSystemPtes((ULONG64)(ULONG_PTR)Va - (ULONG64)GuardBefore * PAGE_SIZE,
                        GuardBefore + Pages + GuardAfter);
}

/*
 * Map frames someone else owns (Frames[I], or FirstFrame + I when Frames is NULL) into fresh
 * system PTEs with Attributes; returns the first address, or 0 when PTEs or page tables run
 * out.
 */
ULONG64
MiMapFrames(ULONG Pages, const PFN_NUMBER *Frames, ULONG64 FirstFrame, ULONG64 Attributes)
{
    ULONG64 Va = MiReserveSystemPtes(Pages);
    ULONG I;

    for (I = 0; Va != 0 && I < Pages; I++)
    {
        if (!MiMapPage(Va + (ULONG64)I * PAGE_SIZE, Frames != NULL ? Frames[I] : FirstFrame + I,
                       Attributes))
        {
            MiUnmapFrames(Va, I);
            MiReleaseSystemPtes(Va + (ULONG64)I * PAGE_SIZE, Pages - I);
            return 0;
        }
    }
    return Va;
}

/* Undo MiMapFrames: the frames go back to nobody, they were never the mapping's. */
VOID
MiUnmapFrames(ULONG64 Va, ULONG Pages)
{
    MiUnmapRun(Va, Pages, FALSE);
    MiReleaseSystemPtes(Va, Pages);
}
