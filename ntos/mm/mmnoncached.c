/* SPDX-License-Identifier: MIT */
/*
 * MmAllocateNonCachedMemory: zeroed pages, not necessarily contiguous, mapped uncached into
 * system PTEs, for drivers that share memory with devices that do not snoop. The pages were
 * last used (and zeroed) through cached mappings, so every cache is written back before
 * the uncached mapping is handed out.
 */
#include "mi.h"

#define MI_NONCACHED_TAG 0x634E6D4D /* "MmNc" */

static VOID
MiFreeFrames(const PFN_NUMBER *Frames, ULONG Count)
{
    ULONG I;

    for (I = 0; I < Count; I++)
        MiFreePage(Frames[I]);
}

PVOID NTAPI
MmAllocateNonCachedMemory(SIZE_T NumberOfBytes)
{
    ULONG64 Pages = BYTES_TO_PAGES(NumberOfBytes), Va;
    PPFN_NUMBER Frames;
    ULONG I;

    if (NumberOfBytes == 0 || Pages > MI_SYSTEM_PTE_PAGES)
        return NULL;
    Frames = ExAllocatePoolWithTag(NonPagedPoolNx, Pages * sizeof(PFN_NUMBER), MI_NONCACHED_TAG);
    if (Frames == NULL)
        return NULL;
    for (I = 0; I < Pages; I++)
    {
        if ((Frames[I] = MiAllocatePage(MiUsageSystem, TRUE)) == 0)
        {
            MiFreeFrames(Frames, I);
            ExFreePoolWithTag(Frames, MI_NONCACHED_TAG);
            return NULL;
        }
    }
    KeInvalidateAllCaches();
    Va = MiMapFrames((ULONG)Pages, Frames, 0,
                     MiCacheAttributes(MmNonCached) | MI_PTE_WRITE | MI_PTE_NO_EXECUTE);
    if (Va == 0)
        MiFreeFrames(Frames, (ULONG)Pages);
    ExFreePoolWithTag(Frames, MI_NONCACHED_TAG);
    return (PVOID)(ULONG_PTR)Va;
}

VOID NTAPI
MmFreeNonCachedMemory(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
    MiFreeMappedPages(BaseAddress, (ULONG)BYTES_TO_PAGES(NumberOfBytes), 0, 0);
}
