/* SPDX-License-Identifier: MIT */
/*
 * Kernel stacks: KERNEL_STACK_SIZE bytes of system PTEs above one unmapped guard page, so an
 * overflow faults (and bugchecks) instead of overwriting whatever lies below.
 */
#include "mi.h"

#define MI_STACK_PAGES (KERNEL_STACK_SIZE / PAGE_SIZE)

/* Returns the stack base (highest address + 1), or NULL when memory is short. */
PVOID
MmCreateKernelStack(VOID)
{
    ULONG64 Va = MiReserveSystemPtes(MI_STACK_PAGES + 1), PageFrame;
    ULONG I;

    if (Va == 0)
        return NULL;
    for (I = 1; I <= MI_STACK_PAGES; I++)
    {
        PageFrame = MiAllocatePhysicalPage();
        if (PageFrame == 0 ||
            !MiMapPage(Va + I * PAGE_SIZE, PageFrame, MI_PTE_WRITE | MI_PTE_NO_EXECUTE))
        {
            if (PageFrame != 0)
                MiFreePhysicalPage(PageFrame);
            while (--I >= 1)
                MiFreePhysicalPage(MiUnmapPage(Va + I * PAGE_SIZE));
            MiReleaseSystemPtes(Va, MI_STACK_PAGES + 1);
            return NULL;
        }
    }
    return (PVOID)(ULONG_PTR)(Va + (MI_STACK_PAGES + 1) * PAGE_SIZE);
}

VOID
MmDeleteKernelStack(PVOID StackBase)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)StackBase - (MI_STACK_PAGES + 1) * PAGE_SIZE;
    ULONG I;

    ULONG64 PageFrames[MI_STACK_PAGES];

    for (I = 1; I <= MI_STACK_PAGES; I++)
        PageFrames[I - 1] = MiUnmapPage(Va + I * PAGE_SIZE);
    /* Another processor may still cache the stack's translations (the thread ran there). */
    MiFlushTlb(Va, MI_STACK_PAGES + 1);
    for (I = 0; I < MI_STACK_PAGES; I++)
        MiFreePhysicalPage(PageFrames[I]);
    MiReleaseSystemPtes(Va, MI_STACK_PAGES + 1);
}
