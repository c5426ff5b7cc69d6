/* SPDX-License-Identifier: MIT */
/*
 * MmMapIoSpace: device registers mapped into system PTEs with the caller's cache type. PAT is
 * left at its power-on setting, so write-combined requests get uncached mappings (stricter,
 * never wrong for device memory).
 */
#include "mi.h"

ULONG64
MiCacheAttributes(MEMORY_CACHING_TYPE CacheType)
{
    switch (CacheType)
    {
        case MmCached:
        case MmHardwareCoherentCached:
            return 0;
        case MmNonCached:
        case MmNonCachedUnordered:
        case MmWriteCombined:
        case MmUSWCCached:
            return MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH;
        default:
            return MAXULONG64;
    }
}

PVOID NTAPI
MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType)
{
    ULONG64 Offset = (ULONG64)PhysicalAddress.QuadPart & (PAGE_SIZE - 1);
    ULONG64 FirstFrame = (ULONG64)PhysicalAddress.QuadPart >> PAGE_SHIFT;
    ULONG64 Attributes = MiCacheAttributes(CacheType), Va, Pages;

    if (NumberOfBytes == 0 || Attributes == MAXULONG64 || PhysicalAddress.QuadPart < 0)
        return NULL;
    Pages = (Offset + NumberOfBytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
    if (Pages > MI_SYSTEM_PTE_PAGES)
        return NULL;
    Va = MiMapFrames((ULONG)Pages, NULL, FirstFrame, Attributes | MI_PTE_WRITE | MI_PTE_NO_EXECUTE);
    return Va != 0 ? (PVOID)(ULONG_PTR)(Va + Offset) : NULL;
}

PVOID NTAPI
MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect)
{
    MEMORY_CACHING_TYPE CacheType = (Protect & PAGE_NOCACHE)        ? MmNonCached
                                    : (Protect & PAGE_WRITECOMBINE) ? MmWriteCombined
                                                                    : MmCached;

    /* Device memory is never executable, and read-only mappings are not offered yet. */
    if ((Protect & 0xFF) != PAGE_READWRITE)
        return NULL;
    return MmMapIoSpace(PhysicalAddress, NumberOfBytes, CacheType);
}

VOID NTAPI
MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)BaseAddress & ~(ULONG64)(PAGE_SIZE - 1);
    ULONG64 Offset = (ULONG64)(ULONG_PTR)BaseAddress & (PAGE_SIZE - 1);
    ULONG Pages = (ULONG)((Offset + NumberOfBytes + PAGE_SIZE - 1) >> PAGE_SHIFT);

    if (Va < MI_SYSTEM_PTE_START || NumberOfBytes == 0)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x104, (ULONG_PTR)BaseAddress, NumberOfBytes, 0);
    MiUnmapFrames(Va, Pages);
}
