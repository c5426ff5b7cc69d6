/* SPDX-License-Identifier: MIT */
/* Memory manager internals shared by the files of ntos/mm. */
#ifndef BASALT_MI_H
#define BASALT_MI_H

#include "ntos.h"

#define MI_PTE_VALID 0x001ull
#define MI_PTE_WRITE 0x002ull
#define MI_PTE_WRITE_THROUGH 0x008ull
#define MI_PTE_CACHE_DISABLE 0x010ull
#define MI_PTE_LARGE 0x080ull
#define MI_PTE_NO_EXECUTE 0x8000000000000000ull
#define MI_PTE_FRAME_MASK 0x000FFFFFFFFFF000ull

/*
 * The page tables seen through the self-map (PML4 slot 0x1ED, as on NT x64): the PTE of any
 * address is at MI_PTE_BASE + (VA >> 12) * 8 in the 48-bit space. Applying the same step to a
 * PTE's own address yields its PDE, then PPE, then PXE.
 */
#define MI_PTE_BASE 0xFFFFF68000000000ull

typedef ULONG64 MMPTE, *PMMPTE;

static inline PMMPTE
MiAddressToPte(ULONG64 Va)
{
    return (PMMPTE)(ULONG_PTR)(MI_PTE_BASE + ((Va >> 9) & 0x7FFFFFFFF8ull));
}

/*
 * The system PTE region: kernel stacks and I/O mappings are carved from it one page at a
 * time. It lies in the kernel half above the boot stack, in the range NT x64 uses for system
 * PTEs.
 */
#define MI_SYSTEM_PTE_START 0xFFFFF88001000000ull
#define MI_SYSTEM_PTE_PAGES 65536 /* 256 MiB */

/* Physical pages before the PFN database exists (mmphys.c). */
ULONG64 MiAllocatePhysicalPage(VOID); /* zeroed; returns a page frame number, 0 if none left */
VOID MiFreePhysicalPage(ULONG64 PageFrame);

/* System PTEs (mmsyspte.c). */
ULONG64 MiReserveSystemPtes(ULONG Pages);
VOID MiReleaseSystemPtes(ULONG64 Va, ULONG Pages);
BOOLEAN MiMapPage(ULONG64 Va, ULONG64 PageFrame, ULONG64 Attributes);
ULONG64 MiUnmapPage(ULONG64 Va);
VOID MiFlushTlb(ULONG64 Va, ULONG Pages);
BOOLEAN MiIsAddressWritable(PVOID VirtualAddress);

/* Pools (mmpool.c small blocks, mmbigpool.c page-sized and special pool, mmpooltag.c). */
typedef enum _MI_POOL_KIND
{
    MiNonPagedPool,
    MiPagedPool,
    MiPoolKinds
} MI_POOL_KIND;

#define MI_POOL_BLOCK 16 /* allocation granule and header size */
#define MI_POOL_SMALL_LIMIT (PAGE_SIZE - MI_POOL_BLOCK)

/* What a freed allocation was: its pool, the bytes it held, its tag. */
typedef struct _MI_POOL_FREED
{
    MI_POOL_KIND Kind;
    SIZE_T Charged;
    ULONG Tag;
} MI_POOL_FREED;

PVOID MiAllocateSmallPool(MI_POOL_KIND Kind, SIZE_T Bytes, ULONG Tag, PSIZE_T Charged);
VOID MiFreeSmallPool(PVOID P, ULONG Tag, MI_POOL_FREED *Freed);
PVOID MiAllocateBigPool(MI_POOL_KIND Kind, SIZE_T Bytes, ULONG Tag, BOOLEAN Special,
                        PSIZE_T Charged);
BOOLEAN MiFreeBigPool(PVOID P, ULONG Tag, MI_POOL_FREED *Freed);
VOID MiInitializePool(VOID);
VOID MiInitializeBigPool(VOID);
VOID MiTrackPoolAllocation(ULONG Tag, MI_POOL_KIND Kind, SIZE_T Bytes);
VOID MiTrackPoolFree(ULONG Tag, MI_POOL_KIND Kind, SIZE_T Bytes);
PVOID MiAllocateMappedPages(ULONG Pages, ULONG GuardBefore, ULONG GuardAfter);
VOID MiFreeMappedPages(PVOID Va, ULONG Pages, ULONG GuardBefore, ULONG GuardAfter);
ULONG64 MiMapFrames(ULONG Pages, const PFN_NUMBER *Frames, ULONG64 FirstFrame, ULONG64 Attributes);
VOID MiUnmapFrames(ULONG64 Va, ULONG Pages);
extern BOOLEAN MiSpecialPoolEnabled;

#endif
