/* SPDX-License-Identifier: MIT */
/*
 * Small pool blocks, as NT's executive pool carves them: pool pages are cut into blocks of
 * 16-byte granules, each led by a 16-byte header that records its own size, its
 * predecessor's size, its pool and its tag. Free blocks sit on per-size free lists; an
 * allocation takes the smallest free block that fits and splits off the rest; a free merges
 * with free neighbours in the same page, and a page that becomes wholly free is returned,
 * except that each pool keeps one empty page (fewer map/unmap rounds, and a double free of
 * the last block in a page still finds its header).
 * The header's signature and state catch frees of non-pool pointers, double frees and
 * overwritten headers. One lock per pool.
 */
#include "mi.h"

#define MI_POOL_PAGE_BLOCKS (PAGE_SIZE / MI_POOL_BLOCK)
#define MI_POOL_MIN_BLOCKS 2 /* header + the free-list links */
#define MI_POOL_FREE 0xFF
#define MI_POOL_SIGNATURE 0x6C50 /* "Pl" */

typedef struct _MI_POOL_HEADER
{
    USHORT PreviousSize; /* granules of the block before; 0 for the first in its page */
    USHORT BlockSize;    /* granules, header included */
    UCHAR State;         /* MI_POOL_KIND, or MI_POOL_FREE */
    UCHAR Reserved;
    USHORT Signature;
    ULONG PoolTag;
    ULONG Reserved2;
} MI_POOL_HEADER, *PMI_POOL_HEADER;

C_ASSERT(sizeof(MI_POOL_HEADER) == MI_POOL_BLOCK);

typedef struct _MI_POOL
{
    KSPIN_LOCK Lock;
    LIST_ENTRY FreeLists[MI_POOL_PAGE_BLOCKS + 1];  /* by size in granules */
    ULONG64 NonEmpty[MI_POOL_PAGE_BLOCKS / 64 + 1]; /* bit N: FreeLists[N] has a block */
    ULONG Pages;
    ULONG EmptyPages; /* wholly free pages kept on FreeLists[MI_POOL_PAGE_BLOCKS] */
} MI_POOL;

static MI_POOL MiPools[MiPoolKinds];

static PLIST_ENTRY
MiFreeLinks(PMI_POOL_HEADER Block)
{
    return (PLIST_ENTRY)(Block + 1);
}

static PMI_POOL_HEADER
MiNextBlock(PMI_POOL_HEADER Block)
{
    PMI_POOL_HEADER Next = Block + Block->BlockSize;

    return ((ULONG_PTR)Next & (PAGE_SIZE - 1)) == 0 ? NULL : Next;
}

static VOID
MiInsertFree(MI_POOL *Pool, PMI_POOL_HEADER Block)
{
    Block->State = MI_POOL_FREE;
    InsertTailList(&Pool->FreeLists[Block->BlockSize], MiFreeLinks(Block));
    Pool->NonEmpty[Block->BlockSize / 64] |= 1ull << (Block->BlockSize % 64);
}

/* Take Block off its free list, keeping the non-empty bitmap true. */
static VOID
MiUnlinkFree(MI_POOL *Pool, PMI_POOL_HEADER Block)
{
    if (RemoveEntryList(MiFreeLinks(Block)))
        Pool->NonEmpty[Block->BlockSize / 64] &= ~(1ull << (Block->BlockSize % 64));
}

/* The first free block of Blocks granules or more: the bitmap finds its list in a few
 * steps however fragmented the pool is, where probing each list could take 256. */
static PMI_POOL_HEADER
MiTakeFree(MI_POOL *Pool, USHORT Blocks)
{
    ULONG Word = Blocks / 64, Size;
    ULONG64 Bits = Pool->NonEmpty[Word] & (~0ull << (Blocks % 64));
    PMI_POOL_HEADER Block;

    while (Bits == 0)
    {
        if (++Word == RTL_NUMBER_OF(Pool->NonEmpty))
            return NULL;
        Bits = Pool->NonEmpty[Word];
    }
    Size = Word * 64 + (ULONG)__builtin_ctzll(Bits);
    if (Size == MI_POOL_PAGE_BLOCKS)
        Pool->EmptyPages--;
    Block = (PMI_POOL_HEADER)Pool->FreeLists[Size].Flink - 1;
    MiUnlinkFree(Pool, Block);
    return Block;
}

/* Cut Block to Blocks granules; the rest, if big enough to stand alone, becomes free. */
static VOID
MiSplitBlock(MI_POOL *Pool, PMI_POOL_HEADER Block, USHORT Blocks)
{
    PMI_POOL_HEADER Rest, After;

    if (Block->BlockSize - Blocks < MI_POOL_MIN_BLOCKS)
        return;
    Rest = Block + Blocks;
    Rest->PreviousSize = Blocks;
    Rest->BlockSize = Block->BlockSize - Blocks;
    Rest->Signature = MI_POOL_SIGNATURE;
    Rest->PoolTag = 0;
    Block->BlockSize = Blocks;
    if ((After = MiNextBlock(Rest)) != NULL)
        After->PreviousSize = Rest->BlockSize;
    MiInsertFree(Pool, Rest);
}

/* A paged-pool page is demand zero; writing its first header below faults it in, at the
 * caller's IRQL (APC_LEVEL at most), so that later work on it under the pool lock never does. */
static PMI_POOL_HEADER
MiNewPoolPage(MI_POOL_KIND Kind)
{
    PMI_POOL_HEADER Page =
        Kind == MiPagedPool ? MiAllocatePagedPoolPages(1, 0) : MiAllocateMappedPages(1, 0, 0);

    if (Page == NULL)
        return NULL;
    Page->PreviousSize = 0;
    Page->BlockSize = MI_POOL_PAGE_BLOCKS;
    Page->Signature = MI_POOL_SIGNATURE;
    InterlockedIncrement((volatile LONG *)&MiPools[Kind].Pages);
    return Page;
}

PVOID
MiAllocateSmallPool(MI_POOL_KIND Kind, SIZE_T Bytes, ULONG Tag, PSIZE_T Charged)
{
    MI_POOL *Pool = &MiPools[Kind];
    USHORT Blocks =
        (USHORT)max((Bytes + 2 * MI_POOL_BLOCK - 1) / MI_POOL_BLOCK, MI_POOL_MIN_BLOCKS);
    PMI_POOL_HEADER Block, Page = NULL;
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&Pool->Lock);
    Block = MiTakeFree(Pool, Blocks);
    if (Block == NULL)
    {
        KeReleaseSpinLock(&Pool->Lock, OldIrql);
        if ((Page = MiNewPoolPage(Kind)) == NULL)
            return NULL;
        OldIrql = KeAcquireSpinLockRaiseToDpc(&Pool->Lock);
        Block = Page;
    }
    MiSplitBlock(Pool, Block, Blocks);
    Block->State = (UCHAR)Kind;
    Block->PoolTag = Tag;
    /* A remainder too small to split off stays in the block, and the free charges it too. */
    *Charged = (SIZE_T)Block->BlockSize * MI_POOL_BLOCK;
    KeReleaseSpinLock(&Pool->Lock, OldIrql);
    return Block + 1;
}

/* Merge Block with its free neighbours; returns the merged block. */
static PMI_POOL_HEADER
MiCoalesce(MI_POOL *Pool, PMI_POOL_HEADER Block)
{
    PMI_POOL_HEADER Next = MiNextBlock(Block), Previous, After;

    if (Next != NULL && Next->State == MI_POOL_FREE)
    {
        MiUnlinkFree(Pool, Next);
        Block->BlockSize += Next->BlockSize;
    }
    if (Block->PreviousSize != 0)
    {
        Previous = Block - Block->PreviousSize;
        if (Previous->State == MI_POOL_FREE)
        {
            MiUnlinkFree(Pool, Previous);
            Previous->BlockSize += Block->BlockSize;
            Block = Previous;
        }
    }
    if ((After = MiNextBlock(Block)) != NULL)
        After->PreviousSize = Block->BlockSize;
    return Block;
}

static VOID
MiCheckHeader(PMI_POOL_HEADER Block, PVOID P)
{
    if (Block->Signature != MI_POOL_SIGNATURE || Block->BlockSize < MI_POOL_MIN_BLOCKS ||
        (ULONG_PTR)(Block + Block->BlockSize) - (ULONG_PTR)PAGE_ALIGN(Block) > PAGE_SIZE)
        KeBugCheckEx(BAD_POOL_HEADER, 0x3, (ULONG_PTR)Block, Block->BlockSize, (ULONG_PTR)P);
    if (Block->State == MI_POOL_FREE)
        KeBugCheckEx(BAD_POOL_CALLER, 0x7, Block->PoolTag, (ULONG_PTR)Block, (ULONG_PTR)P);
    if (Block->State >= MiPoolKinds)
        KeBugCheckEx(BAD_POOL_HEADER, 0x5, (ULONG_PTR)Block, Block->State, (ULONG_PTR)P);
}

VOID
MiFreeSmallPool(PVOID P, ULONG Tag, MI_POOL_FREED *Freed)
{
    PMI_POOL_HEADER Block = (PMI_POOL_HEADER)P - 1;
    MI_POOL *Pool;
    KIRQL OldIrql;

    /* A pointer into a page that is not mapped (any more) is no pool block. */
    if (((ULONG_PTR)P & (MI_POOL_BLOCK - 1)) != 0 ||
        !(*MiAddressToPte((ULONG64)(ULONG_PTR)Block) & MI_PTE_VALID))
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    MiCheckHeader(Block, P);
    if (Tag != 0 && Block->PoolTag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0xA, (ULONG_PTR)P, Block->PoolTag, Tag);
    Freed->Kind = (MI_POOL_KIND)Block->State;
    Freed->Charged = (SIZE_T)Block->BlockSize * MI_POOL_BLOCK;
    Freed->Tag = Block->PoolTag;
    Pool = &MiPools[Freed->Kind];
    OldIrql = KeAcquireSpinLockRaiseToDpc(&Pool->Lock);
    Block->State = MI_POOL_FREE;
    Block = MiCoalesce(Pool, Block);
    if (Block->BlockSize == MI_POOL_PAGE_BLOCKS && Pool->EmptyPages++ != 0)
    {
        Pool->EmptyPages--;
        KeReleaseSpinLock(&Pool->Lock, OldIrql);
        InterlockedDecrement((volatile LONG *)&Pool->Pages);
        if (Freed->Kind == MiPagedPool)
            MiFreePagedPoolPages(Block, 1, 0);
        else
            MiFreeMappedPages(Block, 1, 0, 0);
        return;
    }
    MiInsertFree(Pool, Block);
    KeReleaseSpinLock(&Pool->Lock, OldIrql);
}

VOID
MiInitializePool(VOID)
{
    ULONG Kind, Size;

    for (Kind = 0; Kind < MiPoolKinds; Kind++)
    {
        for (Size = 0; Size <= MI_POOL_PAGE_BLOCKS; Size++)
            InitializeListHead(&MiPools[Kind].FreeLists[Size]);
    }
}

/* Pages each pool holds for small blocks, for leak checks. */
ULONG
MmQueryPoolPages(MI_POOL_KIND Kind)
{
    return MiPools[Kind].Pages;
}
