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
    PUCHAR Stack = MiAllocateMappedPages(MI_STACK_PAGES, 1, 0);

    return Stack != NULL ? Stack + KERNEL_STACK_SIZE : NULL;
}

VOID
MmDeleteKernelStack(PVOID StackBase)
{
    MiFreeMappedPages((PUCHAR)StackBase - KERNEL_STACK_SIZE, MI_STACK_PAGES, 1, 0);
}
