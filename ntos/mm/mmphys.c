/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocation before the PFN database exists. Pages come from the loader's
 * LoaderFree runs above 1 MiB (the low megabyte is kept for real-mode trampolines) in
 * address order; freed pages go on a list threaded through the pages themselves. Every
 * page is reached through the loader's identity map, which covers all of RAM. The PFN
 * database replaces this allocator and takes over whatever it has not handed out.
 */
#include "mi.h"

#define MI_LOW_MEMORY_PAGES 0x100

static KSPIN_LOCK MiPhysicalLock;
static const MEMORY_ALLOCATION_DESCRIPTOR *MiDescriptors;
static ULONG MiDescriptorCount;
static ULONG MiCursorDescriptor;
static ULONG64 MiCursorPage;
static ULONG64 MiFreeListHead; /* page frame number, 0 when empty */
static ULONG64 MiPagesAllocated;

VOID
MmInitializeEarlyMemory(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    MiDescriptors = LoaderBlock->MemoryDescriptors;
    MiDescriptorCount = LoaderBlock->MemoryDescriptorCount;
    MiCursorDescriptor = 0;
    MiCursorPage = 0;
}

static PVOID
MiPageAddress(ULONG64 PageFrame)
{
    return (PVOID)(ULONG_PTR)(PageFrame << PAGE_SHIFT);
}

/* The next never-used free page in address order, or 0. */
static ULONG64
MiTakeFromDescriptors(VOID)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;
    ULONG64 Start;

    for (; MiCursorDescriptor < MiDescriptorCount; MiCursorDescriptor++)
    {
        Descriptor = &MiDescriptors[MiCursorDescriptor];
        if (Descriptor->MemoryType != LoaderFree)
            continue;
        Start =
            Descriptor->BasePage > MI_LOW_MEMORY_PAGES ? Descriptor->BasePage : MI_LOW_MEMORY_PAGES;
        if (MiCursorPage < Start)
            MiCursorPage = Start;
        if (MiCursorPage < Descriptor->BasePage + Descriptor->PageCount)
            return MiCursorPage++;
    }
    return 0;
}

ULONG64
MiAllocatePhysicalPage(VOID)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiPhysicalLock);
    ULONG64 PageFrame = MiFreeListHead;

    if (PageFrame != 0)
        MiFreeListHead = *(ULONG64 *)MiPageAddress(PageFrame);
    else
        PageFrame = MiTakeFromDescriptors();
    if (PageFrame != 0)
        MiPagesAllocated++;
    KeReleaseSpinLock(&MiPhysicalLock, OldIrql);
    if (PageFrame != 0)
        RtlZeroMemory(MiPageAddress(PageFrame), PAGE_SIZE);
    return PageFrame;
}

VOID
MiFreePhysicalPage(ULONG64 PageFrame)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiPhysicalLock);

    *(ULONG64 *)MiPageAddress(PageFrame) = MiFreeListHead;
    MiFreeListHead = PageFrame;
    MiPagesAllocated--;
    KeReleaseSpinLock(&MiPhysicalLock, OldIrql);
}

/* Pages handed out and not yet returned, for leak checks in the self-tests. */
ULONG64
MmQueryPagesInUse(VOID)
{
    return *(volatile ULONG64 *)&MiPagesAllocated;
}

/*
 * A free page below 1 MiB (above page 0), for real-mode code such as the application
 * processors' startup stub; returns its page frame number, or 0. These pages are never
 * handed out by MiAllocatePhysicalPage, and are not returned.
 */
ULONG64
MmAllocateLowPhysicalPage(VOID)
{
    static ULONG64 NextLowPage = 1;
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiPhysicalLock);
    ULONG64 PageFrame = 0;
    ULONG I;

    for (I = 0; I < MiDescriptorCount && PageFrame == 0; I++)
    {
        Descriptor = &MiDescriptors[I];
        if (Descriptor->MemoryType != LoaderFree ||
            Descriptor->BasePage + Descriptor->PageCount <= NextLowPage)
            continue;
        PageFrame = max(Descriptor->BasePage, NextLowPage);
        if (PageFrame >= MI_LOW_MEMORY_PAGES)
            PageFrame = 0;
    }
    if (PageFrame != 0)
        NextLowPage = PageFrame + 1;
    KeReleaseSpinLock(&MiPhysicalLock, OldIrql);
    return PageFrame;
}
