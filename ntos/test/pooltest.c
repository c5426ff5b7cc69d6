/* SPDX-License-Identifier: MIT */
/*
 * Pool self-tests: small blocks of every awkward size are usable to their last byte and
 * give their pages back when freed in any order; big allocations are page-aligned and
 * return their pages; tags are counted; ExAllocatePool2 zeroes and validates its flags;
 * special pool puts the end of an allocation against an unmapped page.
 */
#include "ntos.h"

#define KT_TAG 0x2074744B                   /* "Ktt " */
#define KT_TAG_COUNT 0x2063744B             /* "Ktc " */
#define MI_POOL_WHOLE_PAGE (PAGE_SIZE - 16) /* the largest small block: one page */

/* Each pool keeps one empty page: make sure it exists before counting pages. A whole-page
 * block takes (and gives back) an empty page even when other pages have room. */
static VOID
KtWarmPools(VOID)
{
    ExFreePoolWithTag(ExAllocatePoolWithTag(NonPagedPoolNx, MI_POOL_WHOLE_PAGE, KT_TAG), KT_TAG);
    ExFreePoolWithTag(ExAllocatePoolWithTag(PagedPool, MI_POOL_WHOLE_PAGE, KT_TAG), KT_TAG);
}

static VOID
KtSmallBlocksReturnPages(PKT_CONTEXT Context)
{
    static const SIZE_T Sizes[] = {1, 15, 16, 17, 31, 100, 1000, 2048, 4000, 4080};
    PVOID Blocks[3 * RTL_NUMBER_OF(Sizes)];
    ULONG64 PagesBefore;
    ULONG I, Count = 0;

    KtWarmPools();
    PagesBefore = MmQueryPagesInUse();
    for (I = 0; I < RTL_NUMBER_OF(Blocks); I++)
    {
        SIZE_T Size = Sizes[I % RTL_NUMBER_OF(Sizes)];

        Blocks[I] = ExAllocatePoolWithTag(I % 2 ? PagedPool : NonPagedPoolNx, Size, KT_TAG);
        KT_CHECK(Context, Blocks[I] != NULL, "allocation %u of %Iu bytes failed", I, Size);
        KT_CHECK(Context, ((ULONG_PTR)Blocks[I] & 15) == 0, "block %p not 16-byte aligned",
                 Blocks[I]);
        RtlFillMemory(Blocks[I], Size, (UCHAR)I);
        Count++;
    }
    for (I = 0; I < Count; I++)
    {
        SIZE_T Size = Sizes[I % RTL_NUMBER_OF(Sizes)];

        KT_CHECK(Context,
                 ((PUCHAR)Blocks[I])[0] == (UCHAR)I && ((PUCHAR)Blocks[I])[Size - 1] == (UCHAR)I,
                 "block %u was overwritten by a neighbour", I);
    }
    /* Free odd ones first, then even ones, so merges happen in both directions. */
    for (I = 1; I < Count; I += 2)
        ExFreePoolWithTag(Blocks[I], KT_TAG);
    for (I = 0; I < Count; I += 2)
        ExFreePool(Blocks[I]);
    KT_CHECK(Context, MmQueryPagesInUse() == PagesBefore,
             "%I64d page(s) not given back after freeing everything",
             (LONG64)(MmQueryPagesInUse() - PagesBefore));
}

static VOID
KtBigAllocations(PKT_CONTEXT Context)
{
    ULONG64 PagesBefore = MmQueryPagesInUse();
    SIZE_T Size = 3 * PAGE_SIZE + 1;
    PUCHAR Big = ExAllocatePoolWithTag(NonPagedPoolNx, Size, KT_TAG);

    KT_CHECK(Context, Big != NULL, "a 3-page allocation failed");
    KT_CHECK(Context, ((ULONG_PTR)Big & (PAGE_SIZE - 1)) == 0, "big block %p not page-aligned",
             Big);
    RtlFillMemory(Big, Size, 0x5A);
    KT_CHECK(Context, MmQueryPagesInUse() - PagesBefore >= 4, "only %I64u page(s) taken",
             MmQueryPagesInUse() - PagesBefore);
    ExFreePoolWithTag(Big, KT_TAG);
    KT_CHECK(Context, MmQueryPagesInUse() == PagesBefore, "big allocation leaked %I64d page(s)",
             (LONG64)(MmQueryPagesInUse() - PagesBefore));
}

/* Bytes are what the pool charged (granules, or whole pages under special pool). */
static VOID
KtTagsAreCounted(PKT_CONTEXT Context)
{
    MM_POOL_TAG_USAGE Before, Three, Two;
    PVOID Blocks[3];
    ULONG I;

    MmQueryPoolTag(KT_TAG_COUNT, &Before);
    for (I = 0; I < 3; I++)
    {
        Blocks[I] = ExAllocatePoolWithTag(NonPagedPoolNx, 40, KT_TAG_COUNT);
        KT_CHECK(Context, Blocks[I] != NULL, "allocation failed");
    }
    KT_CHECK(Context, MmQueryPoolTag(KT_TAG_COUNT, &Three), "tag not found");
    ExFreePoolWithTag(Blocks[0], KT_TAG_COUNT);
    MmQueryPoolTag(KT_TAG_COUNT, &Two);
    KT_CHECK(Context,
             Two.NonPagedAllocations - Before.NonPagedAllocations == 3 &&
                 Two.NonPagedFrees - Before.NonPagedFrees == 1,
             "%u allocations, %u frees", Two.NonPagedAllocations - Before.NonPagedAllocations,
             Two.NonPagedFrees - Before.NonPagedFrees);
    /* A block may also carry a remainder too small to split off, so charges can differ. */
    KT_CHECK(Context, Two.NonPagedBytes >= 2 * 40 && Three.NonPagedBytes >= Two.NonPagedBytes + 40,
             "%Iu bytes for three blocks, %Iu for two", Three.NonPagedBytes, Two.NonPagedBytes);
    ExFreePoolWithTag(Blocks[1], KT_TAG_COUNT);
    ExFreePoolWithTag(Blocks[2], KT_TAG_COUNT);
    MmQueryPoolTag(KT_TAG_COUNT, &Two);
    KT_CHECK(Context, Two.NonPagedBytes == 0 && Two.PagedAllocations == 0, "%Iu bytes left",
             Two.NonPagedBytes);
}

static VOID
KtPool2ZeroesAndValidates(PKT_CONTEXT Context)
{
    PUCHAR P;
    ULONG I;

    P = ExAllocatePool2(POOL_FLAG_NON_PAGED, 300, KT_TAG);
    KT_CHECK(Context, P != NULL, "ExAllocatePool2 failed");
    for (I = 0; I < 300; I++)
        KT_CHECK(Context, P[I] == 0, "byte %u is 0x%02X, not zeroed", I, P[I]);
    ExFreePoolWithTag(P, KT_TAG);
    KT_CHECK(Context, ExAllocatePool2(0, 16, KT_TAG) == NULL, "no pool flag accepted");
    KT_CHECK(Context, ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED, 16, KT_TAG) == NULL,
             "two pool flags accepted");
    KT_CHECK(Context, ExAllocatePool2(POOL_FLAG_NON_PAGED | 0x10, 16, KT_TAG) == NULL,
             "a reserved required flag accepted");
}

static VOID
KtWriteByte(PVOID Address)
{
    *(volatile UCHAR *)Address = 1;
}

/* Special pool on request: the byte after the allocation's 16-byte-rounded end faults. */
static VOID
KtSpecialPoolGuardsTheEnd(PKT_CONTEXT Context)
{
    PUCHAR P = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_SPECIAL_POOL, 48, KT_TAG);
    KI_PROBE_FAULT Fault;
    NTSTATUS Status;

    KT_CHECK(Context, P != NULL, "special pool allocation failed");
    RtlFillMemory(P, 48, 1);
    Status = KiTryProbe(KtWriteByte, P + 48, &Fault);
    KT_CHECK(Context,
             Status == STATUS_ACCESS_VIOLATION && Fault.FaultAddress == (ULONG_PTR)(P + 48),
             "writing past the end gave 0x%08X at %p", Status, (PVOID)Fault.FaultAddress);
    ExFreePoolWithTag(P, KT_TAG);
}

static const KT_TEST KtPoolTests[] = {
    {"small pool blocks hold their size and give pages back", KtSmallBlocksReturnPages},
    {"big pool allocations are page-aligned and freed whole", KtBigAllocations},
    {"pool tags count allocations, frees and bytes", KtTagsAreCounted},
    {"ExAllocatePool2 zeroes and checks its flags", KtPool2ZeroesAndValidates},
    {"special pool puts the allocation's end at a guard page", KtSpecialPoolGuardsTheEnd},
};

const KT_SUITE KtPoolSuite = {"Mm", KtPoolTests, RTL_NUMBER_OF(KtPoolTests)};
