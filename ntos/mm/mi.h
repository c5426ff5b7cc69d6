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
 * Software PTEs: a PTE whose VALID bit is clear belongs to the memory manager, which may keep
 * anything in the other 63 bits. Basalt has one format so far, "demand zero": pageable kernel
 * memory (paged pool) that has been allocated but never touched. It holds MI_PTE_DEMAND_ZERO
 * (a software bit, 10) and the WRITE and NO_EXECUTE bits the page will be mapped with; the
 * frame field is 0. The first touch makes MmAccessFault (mmfault.c) map a zeroed page there.
 * A PTE of 0 is no memory at all: touching it is PAGE_FAULT_IN_NONPAGED_AREA.
 */
#define MI_PTE_DEMAND_ZERO 0x400ull
#define MI_PTE_PROTECTION_MASK (MI_PTE_WRITE | MI_PTE_NO_EXECUTE)
#define MI_DEMAND_ZERO_PTE (MI_PTE_DEMAND_ZERO | MI_PTE_WRITE | MI_PTE_NO_EXECUTE)

static inline BOOLEAN
MiIsDemandZeroPte(ULONG64 Pte)
{
    return (Pte & (MI_PTE_VALID | MI_PTE_DEMAND_ZERO)) == MI_PTE_DEMAND_ZERO;
}

/*
 * The page tables seen through the self-map (PML4 slot 0x1ED, as on NT x64): the PTE of any
 * address is at MI_PTE_BASE + (VA >> 12) * 8 in the 48-bit space. Applying the same step to a
 * PTE's own address yields its PDE, then PPE, then PXE.
 */
#define MI_PTE_BASE 0xFFFFF68000000000ull
#define MI_SYSTEM_RANGE_START 0xFFFF800000000000ull /* the kernel half */

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

/*
 * Paged pool (mmpaged.c): its own region at NT x64's address, handed out in page runs whose
 * PTEs are demand zero until touched; touching one above APC_LEVEL is a bugcheck, as on NT.
 */
#define MI_PAGED_POOL_START 0xFFFFF8A000000000ull
#define MI_PAGED_POOL_PAGES 65536 /* 256 MiB of the 128 GiB NT reserves */

/*
 * The PFN database (mmpfn.c builds it, mmpfnlist.c keeps its lists): one MMPFN per page of
 * RAM, an array indexed by page frame number at NT x64's Windows 7-era address, mapped only
 * where the loader described memory (so holes and device ranges cost nothing).
 */
#define MI_PFN_DATABASE 0xFFFFFA8000000000ull
#define MI_PFN_LIST_END ((PFN_NUMBER)0) /* page 0 is never on a list */
#define MI_LOW_MEMORY_PAGES 0x100       /* below 1 MiB: kept for real-mode trampolines */

/* Where a page is: NT's MMLISTS values, for the lists Basalt has. */
typedef enum _MI_PFN_LOCATION
{
    MiZeroedPageList = 0,
    MiFreePageList = 1,
    MiStandbyPageList = 2, /* for the cache: reusable, but holds data someone may want back */
    MiBadPageList = 5,
    MiActiveAndValid = 6, /* owned: in use by someone, on no list */
    MiPageListCount = MiBadPageList + 1
} MI_PFN_LOCATION;

/* Who owns an active page; what a page was before Mm took over is in LoaderType. */
typedef enum _MI_PFN_USAGE
{
    MiUsageNone,       /* on a list */
    MiUsageLoader,     /* in use as the loader described it (images, tables, firmware...) */
    MiUsageLowMemory,  /* free below 1 MiB, kept for MmAllocateLowPhysicalPage */
    MiUsageBootstrap,  /* the PFN database and its page tables, taken while building it */
    MiUsagePageTable,  /* page tables made later through the self-map */
    MiUsageSystem,     /* pool pages, kernel stacks, low pages handed out */
    MiUsageContiguous, /* MmAllocateContiguousMemory* */
    MiUsageMdl,        /* MmAllocatePagesForMdl* */
    MiUsageZeroing,    /* off the free list while the zero page thread clears it */
    MiUsagePagedPool   /* a paged-pool page faulted in by MmAccessFault */
} MI_PFN_USAGE;

#define MI_PFN_START_OF_ALLOCATION 0x01 /* first page of a contiguous allocation */
#define MI_PFN_END_OF_ALLOCATION 0x02   /* its last page */

typedef struct _MMPFN
{
    PFN_NUMBER Flink; /* list links while on a list (MI_PFN_LIST_END ends it) */
    PFN_NUMBER Blink;
    ULONG ReferenceCount; /* the owner's reference plus one per lock; 0 on a list */
    ULONG LockCount;      /* MmProbeAndLockPages locks outstanding */
    UCHAR Location;       /* MI_PFN_LOCATION */
    UCHAR Usage;          /* MI_PFN_USAGE */
    UCHAR CacheAttribute; /* MEMORY_CACHING_TYPE the owner maps it with */
    UCHAR Flags;          /* MI_PFN_* */
    UCHAR LoaderType;     /* the loader's TYPE_OF_MEMORY for the page */
} MMPFN, *PMMPFN;

typedef struct _MI_PAGE_LIST
{
    PFN_NUMBER Total;
    PFN_NUMBER Flink; /* head, MI_PFN_LIST_END when empty */
    PFN_NUMBER Blink; /* tail */
} MI_PAGE_LIST;

#define MiPfnElement(Pfn) (&((PMMPFN)(ULONG_PTR)MI_PFN_DATABASE)[(Pfn)])

extern PFN_NUMBER MmHighestPhysicalPage;
extern PFN_NUMBER MmNumberOfPhysicalPages;
extern MI_PAGE_LIST MiPageLists[MiPageListCount];
extern BOOLEAN MiPfnDatabaseReady;

/* mmpfn.c: the database and the RAM it covers. */
VOID MiInitializePfnDatabase(PLOADER_PARAMETER_BLOCK LoaderBlock);
PMMPFN MiGetPfnEntry(PFN_NUMBER Pfn); /* NULL for a frame that is not RAM */
ULONG MiPhysicalRunCount(VOID);
BOOLEAN MiPhysicalRun(ULONG Index, PFN_NUMBER *BasePage, PFN_NUMBER *PageCount);

/* mmpfnlist.c: the lists, under the PFN lock (a queued spin lock, DISPATCH_LEVEL). */
VOID MiAcquirePfnLock(PKLOCK_QUEUE_HANDLE Handle);
VOID MiReleasePfnLock(PKLOCK_QUEUE_HANDLE Handle);
VOID MiInsertPageInList(MI_PFN_LOCATION List, PFN_NUMBER Pfn);
VOID MiUnlinkPage(PFN_NUMBER Pfn);
BOOLEAN MiIsPageAvailable(PMMPFN Entry);
PFN_NUMBER MiRemoveAnyPage(BOOLEAN WantZeroed, PBOOLEAN IsZeroed);
VOID MiClaimPage(PFN_NUMBER Pfn, MI_PFN_USAGE Usage);
VOID MiReleasePageReference(PFN_NUMBER Pfn);
PFN_NUMBER MiAllocatePage(MI_PFN_USAGE Usage, BOOLEAN Zeroed); /* 0 when memory is out */
VOID MiFreePage(PFN_NUMBER Pfn);
PFN_NUMBER MiAvailablePages(VOID);

/* mmphys.c: pages while the database is being built, straight from the loader's free runs. */
VOID MiInitializeBootstrapPages(PLOADER_PARAMETER_BLOCK LoaderBlock);
PFN_NUMBER MiTakeBootstrapPage(VOID);
BOOLEAN MiIsBootstrapPage(ULONG Descriptor, PFN_NUMBER Pfn);

/* mmzero.c: zeroing through per-processor mappings, and the zero page thread. */
VOID MiInitializeZeroingPtes(VOID);
VOID MiZeroPhysicalPage(PFN_NUMBER Pfn);
VOID MiRequestZeroing(VOID);
extern volatile LONG64 MiPagesZeroedByThread;
extern PFN_NUMBER MiZeroedPageTarget; /* the thread stops when the zeroed list holds this many */

/* mmreclaim.c */
extern PFN_NUMBER MiReclaimedLoaderPages;

/* System PTEs (mmsyspte.c). */
ULONG64 MiReserveSystemPtes(ULONG Pages);
VOID MiReleaseSystemPtes(ULONG64 Va, ULONG Pages);
BOOLEAN MiMapPage(ULONG64 Va, ULONG64 PageFrame, ULONG64 Attributes);
ULONG64 MiUnmapPage(ULONG64 Va);
VOID MiFlushTlb(ULONG64 Va, ULONG Pages);
BOOLEAN MiEnsurePageTables(ULONG64 Va); /* the tables above Va's PTE exist (made if not) */

/* sysload.c, sysbootunload.c: a load or unload failure, logged with the image's name. */
NTSTATUS MiLoadFailed(PCSTR Name, PCSTR Reason, NTSTATUS Status);
NTSTATUS MiUnloadBootImage(PKLDR_MODULE Module);

/* Run-time image pages (mmimage.c). */
PVOID MiAllocateImagePages(ULONG Pages);
VOID MiFreeImagePages(PVOID Base, ULONG Pages);
VOID MiProtectImagePages(const PE_VIEW *View);

/* MmAccessFault's FaultStatus: the processor's page-fault error code bits. */
#define MI_FAULT_PRESENT 0x1 /* the page was present: a protection fault, not a missing page */
#define MI_FAULT_WRITE 0x2
BOOLEAN MiIsAddressWritable(PVOID VirtualAddress);
PMMPTE MiFindLeafEntry(ULONG64 Va, PULONG64 PageSize);    /* mmquery.c */
ULONG64 MiCacheAttributes(MEMORY_CACHING_TYPE CacheType); /* PTE bits; MAXULONG64 if invalid */

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
VOID MiUnmapRun(ULONG64 Va, ULONG Mapped, BOOLEAN FreeFrames); /* PTEs stay reserved */
PPFN_NUMBER MiMdlPages(PMDL Mdl);                              /* the MDL's frame array (mmmdl.c) */
ULONG MiMdlPageCount(PMDL Mdl);
extern BOOLEAN MiSpecialPoolEnabled;

/* Paged pool pages (mmpaged.c): demand zero on allocation, frames back to the PFN database
 * (after a TLB shootdown) on free. GuardAfter pages stay no memory at all. */
VOID MiInitializePagedPool(VOID);
PVOID MiAllocatePagedPoolPages(ULONG Pages, ULONG GuardAfter);
VOID MiFreePagedPoolPages(PVOID Va, ULONG Pages, ULONG GuardAfter);
BOOLEAN MiIsPagedPoolAddress(ULONG64 Va);
extern volatile LONG64 MiPagedPoolResidentPages; /* faulted in and not yet freed */
extern volatile LONG64 MiPagedPoolFaults;        /* resolved by MmAccessFault since boot */
extern volatile LONG64 MiPagedPoolRacesLost;     /* faults another processor resolved first */

#endif
