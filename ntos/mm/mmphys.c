/* SPDX-License-Identifier: MIT */
/*
 * Physical pages while the PFN database is being built: taken in address order from the
 * loader's LoaderFree runs above 1 MiB, never returned. Only the database itself and the
 * page tables that map it come from here; MiInitializePfnDatabase then records every page
 * taken (MiIsBootstrapPage) as in use and hands the rest of memory to the page lists.
 * Also MmAllocateLowPhysicalPage, which serves the pages below 1 MiB the database keeps
 * aside for real-mode code.
 */
#include "mi.h"

static const MEMORY_ALLOCATION_DESCRIPTOR *MiDescriptors;
static ULONG MiDescriptorCount;
static ULONG MiCursorDescriptor;
static PFN_NUMBER MiCursorPage;

VOID
MiInitializeBootstrapPages(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    MiDescriptors = LoaderBlock->MemoryDescriptors;
    MiDescriptorCount = LoaderBlock->MemoryDescriptorCount;
    MiCursorDescriptor = 0;
    MiCursorPage = 0;
}

static PFN_NUMBER
MiFirstUsablePage(const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor)
{
    return max(Descriptor->BasePage, MI_LOW_MEMORY_PAGES);
}

/* The next never-used free page in address order, or 0. Phase 0, one processor. */
PFN_NUMBER
MiTakeBootstrapPage(VOID)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;

    if (MiPfnDatabaseReady)
        KeBugCheckEx(MEMORY_MANAGEMENT, 0x6100, MiCursorPage, 0, 0);
    for (; MiCursorDescriptor < MiDescriptorCount; MiCursorDescriptor++)
    {
        Descriptor = &MiDescriptors[MiCursorDescriptor];
        if (Descriptor->MemoryType != LoaderFree)
            continue;
        MiCursorPage = max(MiCursorPage, MiFirstUsablePage(Descriptor));
        if (MiCursorPage < Descriptor->BasePage + Descriptor->PageCount)
            return MiCursorPage++;
    }
    return 0;
}

/* Whether page Pfn of free descriptor number Descriptor was taken by MiTakeBootstrapPage. */
BOOLEAN
MiIsBootstrapPage(ULONG Descriptor, PFN_NUMBER Pfn)
{
    if (Pfn < MiFirstUsablePage(&MiDescriptors[Descriptor]))
        return FALSE;
    return Descriptor < MiCursorDescriptor ||
           (Descriptor == MiCursorDescriptor && Pfn < MiCursorPage);
}

/*
 * A free page below 1 MiB (above page 0), for real-mode code such as the application
 * processors' startup stub; returns its page frame number, or 0. These pages are never on
 * the free lists, and are not returned.
 */
ULONG64
MmAllocateLowPhysicalPage(VOID)
{
    KLOCK_QUEUE_HANDLE Lock;
    PFN_NUMBER Pfn, Found = 0;
    PMMPFN Entry;

    MiAcquirePfnLock(&Lock);
    for (Pfn = 1; Pfn < MI_LOW_MEMORY_PAGES && Found == 0; Pfn++)
    {
        Entry = MiGetPfnEntry(Pfn);
        if (Entry != NULL && Entry->Usage == MiUsageLowMemory)
        {
            Entry->Usage = MiUsageSystem;
            Found = Pfn;
        }
    }
    MiReleasePfnLock(&Lock);
    return Found;
}
