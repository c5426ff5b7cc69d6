/* SPDX-License-Identifier: MIT */
/*
 * The executive pool routines drivers call. They check the caller's contract the way NT's
 * pool does (IRQL per pool, a non-zero tag, the right tag on free) and stop with
 * BAD_POOL_CALLER when it is broken, then hand the request to the small-block pool, the
 * page pool, or special pool (/SPECIALPOOL), and keep the per-tag counts.
 * Paged pool is demand zero (mmpaged.c): its pages fault in on first touch, which is why its
 * IRQL rules matter; there is no pagefile yet, so they then stay until freed.
 */
#include "mi.h"

#undef ExAllocatePoolWithTag
#undef ExAllocatePool
#undef ExFreePool

#define MI_DEFAULT_TAG 0x656E6F4E /* "None" in memory, as NT tags untagged allocations */

static MI_POOL_KIND
MiPoolKind(POOL_TYPE PoolType)
{
    /* Paged types are the odd ones in every group (PagedPool, ...CacheAligned, ...Session). */
    return (PoolType & 1) ? MiPagedPool : MiNonPagedPool;
}

static VOID
MiCheckPoolIrql(MI_POOL_KIND Kind, ULONG_PTR PoolType, SIZE_T Bytes, ULONG_PTR What)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql > (Kind == MiPagedPool ? APC_LEVEL : DISPATCH_LEVEL))
        KeBugCheckEx(BAD_POOL_CALLER, What, Irql, PoolType, Bytes);
}

static PVOID
MiAllocatePool(MI_POOL_KIND Kind, SIZE_T Bytes, ULONG Tag, BOOLEAN Special)
{
    SIZE_T Charged = 0;
    PVOID P;

    if (Special && Bytes <= MI_POOL_SMALL_LIMIT)
        P = MiAllocateBigPool(Kind, Bytes, Tag, TRUE, &Charged);
    else if (Bytes <= MI_POOL_SMALL_LIMIT)
        P = MiAllocateSmallPool(Kind, Bytes, Tag, &Charged);
    else
        P = MiAllocateBigPool(Kind, Bytes, Tag, FALSE, &Charged);
    if (P != NULL)
        MiTrackPoolAllocation(Tag, Kind, Charged);
    return P;
}

PVOID NTAPI
ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    MI_POOL_KIND Kind = MiPoolKind(PoolType);

    MiCheckPoolIrql(Kind, PoolType, NumberOfBytes, 0x8);
    if (Tag == 0)
        KeBugCheckEx(BAD_POOL_CALLER, 0x9B, PoolType, NumberOfBytes, (ULONG_PTR)_ReturnAddress());
    return MiAllocatePool(Kind, NumberOfBytes, Tag, MiSpecialPoolEnabled);
}

PVOID NTAPI
ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, MI_DEFAULT_TAG);
}

/* Priority only matters when memory runs short, which this pool does not rank yet. */
PVOID NTAPI
ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                              EX_POOL_PRIORITY Priority)
{
    UNREFERENCED_PARAMETER(Priority);
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

/*
 * Exactly one of NON_PAGED, NON_PAGED_EXECUTE and PAGED; unknown required flags or
 * session pool make the call fail (NULL), as Windows documents. Memory is zeroed unless
 * UNINITIALIZED. Quota is not charged yet: there are no process quotas to charge.
 */
PVOID NTAPI
ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    const POOL_FLAGS Known = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED |
                             POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE |
                             POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED;
    POOL_FLAGS Pools =
        Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
    MI_POOL_KIND Kind = Pools == POOL_FLAG_PAGED ? MiPagedPool : MiNonPagedPool;
    BOOLEAN Special;
    PVOID P;

    if ((Flags & (POOL_FLAG_REQUIRED_END * 2 - 1) & ~Known) != 0 || __popcnt64(Pools) != 1)
        return NULL;
    MiCheckPoolIrql(Kind, (ULONG_PTR)Flags, NumberOfBytes, 0x8);
    if (Tag == 0)
        KeBugCheckEx(BAD_POOL_CALLER, 0x9B, (ULONG_PTR)Flags, NumberOfBytes,
                     (ULONG_PTR)_ReturnAddress());
    Special = MiSpecialPoolEnabled || (Flags & POOL_FLAG_SPECIAL_POOL);
    P = MiAllocatePool(Kind, NumberOfBytes, Tag, Special);
    if (P == NULL && (Flags & POOL_FLAG_RAISE_ON_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    /* Page-sized paged allocations are fresh demand-zero pages: already zero, and clearing
     * them would fault every one in for nothing. */
    if (P != NULL && !(Flags & POOL_FLAG_UNINITIALIZED) &&
        !(Kind == MiPagedPool && !Special && NumberOfBytes > MI_POOL_SMALL_LIMIT))
        RtlZeroMemory(P, NumberOfBytes);
    return P;
}

VOID NTAPI
ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    MI_POOL_FREED Freed;

    if (P == NULL || (ULONG_PTR)P < MI_SYSTEM_PTE_START)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    if (!MiFreeBigPool(P, Tag, &Freed))
        MiFreeSmallPool(P, Tag, &Freed);
    MiCheckPoolIrql(Freed.Kind, (ULONG_PTR)P, Freed.Charged, 0x9);
    MiTrackPoolFree(Freed.Tag, Freed.Kind, Freed.Charged);
}

VOID NTAPI
ExFreePool(PVOID P)
{
    ExFreePoolWithTag(P, 0);
}

VOID
MmInitializePool(VOID)
{
    MiInitializePool();
    MiInitializeBigPool();
    MiInitializePagedPool();
    MiSpecialPoolEnabled = ExpBootOption("SPECIALPOOL", NULL, 0);
    if (MiSpecialPoolEnabled)
        DbgPrint("Mm: special pool on: every allocation ends at a guard page\n");
}
