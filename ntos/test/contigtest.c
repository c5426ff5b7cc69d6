/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the physical-memory exports drivers use: MmAllocateContiguousMemory* (window,
 * boundary, cache type, NULL for every bad request) with MmFreeContiguousMemory, and
 * MmAllocatePagesForMdl(Ex) (zeroed pages in the window, partial MDLs, SkipBytes windows,
 * MM_ALLOCATE_FULLY_REQUIRED, NULL for bad requests) with MmFreePagesFromMdl.
 */
#include "../mm/mi.h"

#define KT_MB (1024ull * 1024)

static PHYSICAL_ADDRESS
KtPa(ULONG64 Value)
{
    PHYSICAL_ADDRESS Address;

    Address.QuadPart = (LONGLONG)Value;
    return Address;
}

static ULONG64
KtPhysical(PVOID Va)
{
    return (ULONG64)MmGetPhysicalAddress(Va).QuadPart;
}

static VOID
KtContiguousWindowAndBoundary(PKT_CONTEXT Context)
{
    ULONG64 InUse = MmQueryPagesInUse(), Base, PageSize;
    PUCHAR Va = MmAllocateContiguousMemorySpecifyCache(
        3 * PAGE_SIZE, KtPa(16 * KT_MB), KtPa(64 * KT_MB - 1), KtPa(0x4000), MmNonCached);
    PMMPTE Pte;
    PMMPFN Entry;
    ULONG I;

    KT_CHECK(Context, Va != NULL, "3 pages in [16 MiB, 64 MiB) within a 16 KiB boundary");
    Base = KtPhysical(Va);
    for (I = 0; I < 3; I++)
        KT_CHECK(Context, KtPhysical(Va + I * PAGE_SIZE) == Base + I * PAGE_SIZE,
                 "page %u not contiguous", I);
    KT_CHECK(Context, Base >= 16 * KT_MB && Base + 3 * PAGE_SIZE <= 64 * KT_MB,
             "run at %I64x outside the window", Base);
    KT_CHECK(Context, Base / 0x4000 == (Base + 3 * PAGE_SIZE - 1) / 0x4000,
             "run at %I64x crosses a 16 KiB boundary", Base);
    Pte = MiFindLeafEntry((ULONG64)(ULONG_PTR)Va, &PageSize);
    KT_CHECK(Context, Pte != NULL && (*Pte & MI_PTE_CACHE_DISABLE) && (*Pte & MI_PTE_NO_EXECUTE),
             "noncached mapping has PTE %I64x", Pte != NULL ? *Pte : 0);
    Entry = MiGetPfnEntry(Base >> PAGE_SHIFT);
    KT_CHECK(Context,
             Entry->Usage == MiUsageContiguous && Entry->CacheAttribute == MmNonCached &&
                 (Entry->Flags & MI_PFN_START_OF_ALLOCATION),
             "first PFN entry: usage %u flags %u", Entry->Usage, Entry->Flags);
    KT_CHECK(Context, MiPfnElement((Base >> PAGE_SHIFT) + 2)->Flags & MI_PFN_END_OF_ALLOCATION,
             "last page not marked");
    Va[3 * PAGE_SIZE - 1] = 1;
    KT_CHECK(Context, MmQueryPagesInUse() == InUse + 3, "%I64u pages counted",
             MmQueryPagesInUse() - InUse);
    MmFreeContiguousMemory(Va);
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "pages not returned");
    KT_CHECK(Context, !MmIsAddressValid(Va), "still mapped after free");
    KT_CHECK(Context, MiIsPageAvailable(Entry), "first page not back on a list");
}

static VOID
KtContiguousBelow16MiB(PKT_CONTEXT Context)
{
    PVOID Va = MmAllocateContiguousMemory(2 * PAGE_SIZE, KtPa(16 * KT_MB - 1));
    ULONG64 Base, PageSize;
    PMMPTE Pte;

    KT_CHECK(Context, Va != NULL, "two pages below 16 MiB");
    Base = KtPhysical(Va);
    Pte = MiFindLeafEntry((ULONG64)(ULONG_PTR)Va, &PageSize);
    MmFreeContiguousMemorySpecifyCache(Va, 2 * PAGE_SIZE, MmCached);
    KT_CHECK(Context, Base + 2 * PAGE_SIZE <= 16 * KT_MB, "run at %I64x", Base);
    KT_CHECK(Context, Pte != NULL && !(*Pte & (MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH)),
             "cached mapping has cache bits");
}

static VOID
KtContiguousRejects(PKT_CONTEXT Context)
{
    ULONG64 End = (MmHighestPhysicalPage + 1) << PAGE_SHIFT;
    ULONG64 InUse = MmQueryPagesInUse();

    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(0, KtPa(0), KtPa(MAXLONGLONG), KtPa(0),
                                                    MmCached) == NULL,
             "zero bytes");
    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, KtPa(0), KtPa(MAXLONGLONG),
                                                    KtPa(0x3000), MmCached) == NULL,
             "boundary not a power of two");
    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(2 * PAGE_SIZE, KtPa(0), KtPa(MAXLONGLONG),
                                                    KtPa(PAGE_SIZE), MmCached) == NULL,
             "boundary smaller than the size");
    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, KtPa(0), KtPa(MAXLONGLONG), KtPa(0),
                                                    MmMaximumCacheType) == NULL,
             "bad cache type");
    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, KtPa(End), KtPa(End + 16 * KT_MB),
                                                    KtPa(0), MmCached) == NULL,
             "window above all RAM");
    KT_CHECK(Context,
             MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, KtPa(64 * KT_MB), KtPa(32 * KT_MB),
                                                    KtPa(0), MmCached) == NULL,
             "window upside down");
    KT_CHECK(Context, MmAllocateContiguousMemory(PAGE_SIZE, KtPa(0xFFF)) == NULL,
             "window below one page");
    KT_CHECK(Context, MmAllocateContiguousMemory(End + PAGE_SIZE, KtPa(MAXLONGLONG)) == NULL,
             "more than all RAM");
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "a failed request kept pages");
}

static BOOLEAN
KtMdlFramesIn(PMDL Mdl, ULONG64 Low, ULONG64 High, ULONG64 Skip, ULONG Windows)
{
    ULONG Pages = MmGetMdlByteCount(Mdl) / PAGE_SIZE, I, W;
    ULONG64 Physical;
    BOOLEAN Inside;

    for (I = 0; I < Pages; I++)
    {
        Physical = (ULONG64)MmGetMdlPfnArray(Mdl)[I] << PAGE_SHIFT;
        for (Inside = FALSE, W = 0; W < Windows && !Inside; W++)
            Inside = Physical >= Low + W * Skip && Physical + PAGE_SIZE - 1 <= High + W * Skip;
        if (!Inside)
            return FALSE;
    }
    return TRUE;
}

static VOID
KtMdlPagesZeroedInWindow(PKT_CONTEXT Context)
{
    ULONG64 InUse = MmQueryPagesInUse();
    PMDL Mdl =
        MmAllocatePagesForMdl(KtPa(32 * KT_MB), KtPa(48 * KT_MB - 1), KtPa(0), 10 * PAGE_SIZE);
    PULONG64 Va;
    ULONG I, Dirty = 0;

    KT_CHECK(Context, Mdl != NULL, "ten pages in [32 MiB, 48 MiB)");
    KT_CHECK(Context, MmGetMdlByteCount(Mdl) == 10 * PAGE_SIZE && MmGetMdlByteOffset(Mdl) == 0,
             "byte count %u", MmGetMdlByteCount(Mdl));
    KT_CHECK(Context, KtMdlFramesIn(Mdl, 32 * KT_MB, 48 * KT_MB - 1, 0, 1),
             "a page outside the window");
    KT_CHECK(Context, Mdl->MdlFlags & MDL_PAGES_LOCKED, "flags 0x%X", Mdl->MdlFlags);
    KT_CHECK(Context, MmQueryPagesInUse() == InUse + 10, "pages in use");
    Va = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, NormalPagePriority);
    KT_CHECK(Context, Va != NULL, "mapping");
    for (I = 0; I < 10 * PAGE_SIZE / 8; I++)
        Dirty += Va[I] != 0;
    Va[0] = 1;
    MmUnmapLockedPages(Va, Mdl);
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    KT_CHECK(Context, Dirty == 0, "%u quadwords were not zero", Dirty);
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "pages not returned");
}

/* A window of exactly four pages (just freed, so available): a request for eight gives a
 * partial MDL, or NULL with MM_ALLOCATE_FULLY_REQUIRED; SkipBytes adds a second window. */
static VOID
KtMdlPartialAndSkip(PKT_CONTEXT Context)
{
    PVOID Run = MmAllocateContiguousMemorySpecifyCache(8 * PAGE_SIZE, KtPa(0), KtPa(MAXLONGLONG),
                                                       KtPa(0), MmCached);
    ULONG64 Base, Low, High, InUse;
    PMDL Mdl;

    KT_CHECK(Context, Run != NULL, "eight contiguous pages");
    Base = KtPhysical(Run);
    MmFreeContiguousMemory(Run);
    InUse = MmQueryPagesInUse();
    Low = Base;
    High = Base + 4 * PAGE_SIZE - 1;
    KT_CHECK(Context,
             MmAllocatePagesForMdlEx(KtPa(Low), KtPa(High), KtPa(0), 8 * PAGE_SIZE, MmCached,
                                     MM_ALLOCATE_FULLY_REQUIRED) == NULL,
             "fully required request succeeded");
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "the failed request kept pages");
    Mdl = MmAllocatePagesForMdl(KtPa(Low), KtPa(High), KtPa(0), 8 * PAGE_SIZE);
    KT_CHECK(Context, Mdl != NULL && MmGetMdlByteCount(Mdl) == 4 * PAGE_SIZE,
             "partial MDL of %u bytes", Mdl != NULL ? MmGetMdlByteCount(Mdl) : 0);
    KT_CHECK(Context, KtMdlFramesIn(Mdl, Low, High, 0, 1), "partial MDL outside the window");
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    High = Base + 2 * PAGE_SIZE - 1;
    Mdl = MmAllocatePagesForMdlEx(KtPa(Low), KtPa(High), KtPa(4 * PAGE_SIZE), 4 * PAGE_SIZE,
                                  MmCached, MM_DONT_ZERO_ALLOCATION);
    KT_CHECK(Context, Mdl != NULL && MmGetMdlByteCount(Mdl) == 4 * PAGE_SIZE,
             "skip windows gave %u bytes", Mdl != NULL ? MmGetMdlByteCount(Mdl) : 0);
    KT_CHECK(Context, KtMdlFramesIn(Mdl, Low, High, 4 * PAGE_SIZE, 2),
             "pages outside the two windows");
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "pages not returned");
}

static VOID
KtMdlPagesRejects(PKT_CONTEXT Context)
{
    ULONG64 End = (MmHighestPhysicalPage + 1) << PAGE_SHIFT;
    PHYSICAL_ADDRESS Zero = KtPa(0), All = KtPa(MAXLONGLONG);

    KT_CHECK(Context, MmAllocatePagesForMdl(Zero, All, Zero, 0) == NULL, "zero bytes");
    KT_CHECK(Context, MmAllocatePagesForMdl(Zero, All, KtPa(100), PAGE_SIZE) == NULL,
             "skip not a page multiple");
    KT_CHECK(Context,
             MmAllocatePagesForMdlEx(Zero, All, Zero, PAGE_SIZE, MmMaximumCacheType, 0) == NULL,
             "bad cache type");
    KT_CHECK(Context,
             MmAllocatePagesForMdlEx(Zero, All, Zero, PAGE_SIZE, MmCached, 0x10000) == NULL,
             "unknown flag");
    KT_CHECK(Context,
             MmAllocatePagesForMdl(KtPa(End), KtPa(End + 16 * KT_MB), Zero, PAGE_SIZE) == NULL,
             "window above all RAM");
}

static const KT_TEST KtContigTests[] = {
    {"contiguous memory honours the window, boundary and cache type",
     KtContiguousWindowAndBoundary},
    {"MmAllocateContiguousMemory stays below the highest address", KtContiguousBelow16MiB},
    {"contiguous requests that cannot be met return NULL", KtContiguousRejects},
    {"MmAllocatePagesForMdl gives zeroed pages in the window", KtMdlPagesZeroedInWindow},
    {"MDL page allocations: partial, fully required, skip windows", KtMdlPartialAndSkip},
    {"MmAllocatePagesForMdl(Ex) rejects bad requests with NULL", KtMdlPagesRejects},
};

const KT_SUITE KtContigSuite = {"Mm", KtContigTests, RTL_NUMBER_OF(KtContigTests)};
