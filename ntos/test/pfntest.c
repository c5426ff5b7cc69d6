/* SPDX-License-Identifier: MIT */
/*
 * PFN database self-tests (white-box, through mm/mi.h): the database covers exactly the
 * RAM the loader described, its lists are consistent, pages leave them in the order
 * callers need, the zero page thread zeroes freed pages, zeroing works with the identity
 * map gone, MDL locks keep freed pages alive, and the loader's memory was reclaimed.
 */
#include "../mm/mi.h"

#define KT_PFN_TAG 0x6E66504B /* "KPfn" */
#define KT_PFN_PATTERN 0xA5A5A5A5A5A5A5A5ull
#define KT_PFN_ZERO_PAGES 8

C_ASSERT(sizeof(MMPFN) == 32);

static BOOLEAN
KtIsRamType(ULONG Type)
{
    return Type != LoaderSpecialMemory;
}

#define KT_PFNS_PER_PAGE (PAGE_SIZE / sizeof(MMPFN))

/* Database pages describing no RAM stay unmapped: past the end, and inside large holes. */
static VOID
KtPfnIsSparse(PKT_CONTEXT Context)
{
    PFN_NUMBER Base, Count, NextBase, NextCount, Middle;
    ULONG Run;

    KT_CHECK(Context, !MmIsAddressValid(MiPfnElement(MmHighestPhysicalPage + 2 * KT_PFNS_PER_PAGE)),
             "the database is mapped past the last RAM page");
    for (Run = 0; MiPhysicalRun(Run + 1, &NextBase, &NextCount); Run++)
    {
        MiPhysicalRun(Run, &Base, &Count);
        if (NextBase - (Base + Count) < 3 * KT_PFNS_PER_PAGE)
            continue; /* the hole shares database pages with its neighbours */
        Middle = (Base + Count + NextBase) / 2;
        KT_CHECK(Context, !MmIsAddressValid(MiPfnElement(Middle)),
                 "entry of page 0x%I64x, in a hole, is mapped", (ULONG64)Middle);
    }
}

static VOID
KtPfnCoversRam(PKT_CONTEXT Context)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Map = KeLoaderBlock->MemoryDescriptors;
    PFN_NUMBER Ram = 0, Last;
    ULONG I;

    for (I = 0; I < KeLoaderBlock->MemoryDescriptorCount; I++)
    {
        Last = Map[I].BasePage + Map[I].PageCount - 1;
        if (KtIsRamType(Map[I].MemoryType))
        {
            Ram += Map[I].PageCount;
            KT_CHECK(Context, MiGetPfnEntry(Map[I].BasePage) == MiPfnElement(Map[I].BasePage),
                     "no entry for page 0x%I64x", (ULONG64)Map[I].BasePage);
            KT_CHECK(Context, MiGetPfnEntry(Last) != NULL && MmIsAddressValid(MiGetPfnEntry(Last)),
                     "entry of page 0x%I64x unmapped", (ULONG64)Last);
            KT_CHECK(Context, MiPfnElement(Last)->LoaderType == Map[I].MemoryType,
                     "page 0x%I64x has type %u, not %u", (ULONG64)Last,
                     MiPfnElement(Last)->LoaderType, Map[I].MemoryType);
        }
        else
            KT_CHECK(Context, MiGetPfnEntry(Map[I].BasePage) == NULL,
                     "device page 0x%I64x has an entry", (ULONG64)Map[I].BasePage);
    }
    KT_CHECK(Context, Ram == MmNumberOfPhysicalPages, "%I64u RAM pages described, %I64u counted",
             (ULONG64)Ram, (ULONG64)MmNumberOfPhysicalPages);
    KT_CHECK(Context,
             (ULONG64)(ULONG_PTR)MiPfnElement(0x1234) == 0xFFFFFA8000000000ull + 0x1234 * 32,
             "database not at NT's address");
    KT_CHECK(Context, MiGetPfnEntry(MmHighestPhysicalPage + 1) == NULL, "entry past the end");
    KtPfnIsSparse(Context);
}

/* Walk one list: links, locations and references agree with its head. PFN lock held. */
static PCSTR
KtCheckList(MI_PFN_LOCATION List)
{
    PFN_NUMBER Pfn, Previous = MI_PFN_LIST_END, Count = 0;
    PMMPFN Entry;

    for (Pfn = MiPageLists[List].Flink; Pfn != MI_PFN_LIST_END; Pfn = Entry->Flink)
    {
        Entry = MiGetPfnEntry(Pfn);
        if (Entry == NULL || Entry->Location != List || Entry->ReferenceCount != 0)
            return "entry on the wrong list, or referenced";
        if (Entry->Blink != Previous)
            return "broken back link";
        if (++Count > MiPageLists[List].Total)
            return "more pages than the total";
        Previous = Pfn;
    }
    if (Count != MiPageLists[List].Total || MiPageLists[List].Blink != Previous)
        return "total or tail wrong";
    return NULL;
}

static VOID
KtPfnListsConsistent(PKT_CONTEXT Context)
{
    static const MI_PFN_LOCATION Lists[] = {MiZeroedPageList, MiFreePageList, MiStandbyPageList,
                                            MiBadPageList};
    PFN_NUMBER Counted[MiPageListCount] = {0}, Base, Count, Pfn;
    PCSTR Problem = NULL;
    KLOCK_QUEUE_HANDLE Lock;
    ULONG I, Run, Bad = 0;

    MiAcquirePfnLock(&Lock);
    for (I = 0; I < RTL_NUMBER_OF(Lists) && Problem == NULL; I++)
        Problem = KtCheckList(Lists[I]);
    for (Run = 0; MiPhysicalRun(Run, &Base, &Count); Run++)
        for (Pfn = Base; Pfn < Base + Count; Pfn++)
        {
            if (MiPfnElement(Pfn)->Location < MiPageListCount)
                Counted[MiPfnElement(Pfn)->Location]++;
            else if (MiPfnElement(Pfn)->Location != MiActiveAndValid)
                Bad++;
        }
    for (I = 0; I < RTL_NUMBER_OF(Lists); I++)
        if (Counted[Lists[I]] != MiPageLists[Lists[I]].Total)
            Bad++;
    MiReleasePfnLock(&Lock);
    KT_CHECK(Context, Problem == NULL, "%s", Problem);
    KT_CHECK(Context, Bad == 0, "%u page locations disagree with the list totals", Bad);
    KT_CHECK(Context, MiAvailablePages() > 0, "no available pages");
}

static PMMPFN
KtEntryOfAddress(PVOID Address)
{
    return MiGetPfnEntry((PFN_NUMBER)(MmGetPhysicalAddress(Address).QuadPart >> PAGE_SHIFT));
}

static VOID
KtPfnLoaderPagesFiled(PKT_CONTEXT Context)
{
    PMMPFN Kernel = KtEntryOfAddress((PVOID)&KtPfnLoaderPagesFiled);
    PMMPFN Block = MiGetPfnEntry((PFN_NUMBER)((ULONG_PTR)KeLoaderBlock >> PAGE_SHIFT));
    PMMPFN Table = MiGetPfnEntry((PFN_NUMBER)(__readcr3() >> PAGE_SHIFT));

    KT_CHECK(Context,
             Kernel != NULL && Kernel->Location == MiActiveAndValid &&
                 Kernel->Usage == MiUsageLoader && Kernel->LoaderType == LoaderSystemCode,
             "kernel page not active loader code");
    KT_CHECK(Context,
             Block != NULL && Block->Usage == MiUsageLoader &&
                 Block->LoaderType == LoaderSystemBlock,
             "the loader block's page was not kept");
    KT_CHECK(Context,
             Table != NULL && Table->Usage == MiUsageLoader &&
                 Table->LoaderType == LoaderMemoryData,
             "the PML4 was not kept");
    KT_CHECK(Context, MiPfnElement(0)->Location == MiActiveAndValid, "page 0 is on a list");
    KT_CHECK(Context,
             MiPageLists[MiBadPageList].Total == 0 ||
                 MiPfnElement(MiPageLists[MiBadPageList].Flink)->LoaderType == LoaderBad,
             "a page on the bad list was not described bad");
}

/* Under the lock, MiRemoveAnyPage must return the head of the list the caller prefers. */
static VOID
KtPfnListOrder(PKT_CONTEXT Context)
{
    PFN_NUMBER ZeroHead, FreeHead, Got[2];
    BOOLEAN IsZeroed[2];
    KLOCK_QUEUE_HANDLE Lock;

    MiAcquirePfnLock(&Lock);
    ZeroHead = MiPageLists[MiZeroedPageList].Flink;
    FreeHead = MiPageLists[MiFreePageList].Flink;
    Got[0] = MiRemoveAnyPage(TRUE, &IsZeroed[0]);
    Got[1] = MiRemoveAnyPage(FALSE, &IsZeroed[1]);
    MiInsertPageInList(IsZeroed[1] ? MiZeroedPageList : MiFreePageList, Got[1]);
    MiInsertPageInList(IsZeroed[0] ? MiZeroedPageList : MiFreePageList, Got[0]);
    MiReleasePfnLock(&Lock);
    if (ZeroHead != MI_PFN_LIST_END)
        KT_CHECK(Context, Got[0] == ZeroHead && IsZeroed[0], "zeroed request got 0x%I64x",
                 (ULONG64)Got[0]);
    else
        KT_CHECK(Context, Got[0] == FreeHead && !IsZeroed[0], "zeroed request fell back wrong");
    if (FreeHead != MI_PFN_LIST_END && ZeroHead != MI_PFN_LIST_END)
        KT_CHECK(Context, Got[1] == FreeHead && !IsZeroed[1], "free request got 0x%I64x",
                 (ULONG64)Got[1]);
    else if (FreeHead != MI_PFN_LIST_END)
        KT_CHECK(Context, !IsZeroed[1] && Got[1] != Got[0], "free request got a zeroed page");
}

/* With the free and zeroed lists set aside, the standby list is repurposed, oldest first. */
static VOID
KtPfnStandbyRepurposed(PKT_CONTEXT Context)
{
    MI_PAGE_LIST Saved[2];
    PFN_NUMBER Pages[2], Got[3];
    BOOLEAN IsZeroed;
    KLOCK_QUEUE_HANDLE Lock;
    ULONG I;

    for (I = 0; I < 2; I++)
        KT_CHECK(Context, (Pages[I] = MiAllocatePage(MiUsageSystem, FALSE)) != 0, "no page");
    for (I = 0; I < 2; I++)
        MiFreePage(Pages[I]);
    MiAcquirePfnLock(&Lock);
    for (I = 0; I < 2; I++)
    {
        MiUnlinkPage(Pages[I]); /* from the free list, or the zeroed one if already cleared */
        MiInsertPageInList(MiStandbyPageList, Pages[I]);
    }
    Saved[0] = MiPageLists[MiZeroedPageList];
    Saved[1] = MiPageLists[MiFreePageList];
    MiPageLists[MiZeroedPageList] = (MI_PAGE_LIST){0, MI_PFN_LIST_END, MI_PFN_LIST_END};
    MiPageLists[MiFreePageList] = MiPageLists[MiZeroedPageList];
    for (I = 0; I < 3; I++)
        Got[I] = MiRemoveAnyPage(TRUE, &IsZeroed);
    MiPageLists[MiZeroedPageList] = Saved[0];
    MiPageLists[MiFreePageList] = Saved[1];
    for (I = 0; I < 2; I++)
        if (Got[I] != 0)
            MiInsertPageInList(MiFreePageList, Got[I]);
    MiReleasePfnLock(&Lock);
    KT_CHECK(Context, Got[0] == Pages[0] && Got[1] == Pages[1] && Got[2] == 0,
             "standby gave 0x%I64x 0x%I64x 0x%I64x", (ULONG64)Got[0], (ULONG64)Got[1],
             (ULONG64)Got[2]);
}

static VOID
KtFillPage(PFN_NUMBER Pfn, ULONG64 Value)
{
    ULONG64 Va = MiMapFrames(1, &Pfn, 0, MI_PTE_WRITE | MI_PTE_NO_EXECUTE);

    if (Va != 0)
    {
        __stosq((PULONG64)(ULONG_PTR)Va, Value, PAGE_SIZE / 8);
        MiUnmapFrames(Va, 1);
    }
}

static BOOLEAN
KtPageIsZero(PFN_NUMBER Pfn)
{
    ULONG64 Va = MiMapFrames(1, &Pfn, 0, MI_PTE_NO_EXECUTE), I, Or = 0;

    if (Va == 0)
        return FALSE;
    for (I = 0; I < PAGE_SIZE / 8; I++)
        Or |= ((volatile ULONG64 *)(ULONG_PTR)Va)[I];
    MiUnmapFrames(Va, 1);
    return Or == 0;
}

/* A zeroed allocation is zero whichever list it came from. */
static VOID
KtPfnZeroedAllocationIsZero(PKT_CONTEXT Context)
{
    PFN_NUMBER Pages[KT_PFN_ZERO_PAGES];
    ULONG I;

    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
    {
        Pages[I] = MiAllocatePage(MiUsageSystem, FALSE);
        KT_CHECK(Context, Pages[I] != 0, "no page");
        KtFillPage(Pages[I], KT_PFN_PATTERN);
    }
    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
        MiFreePage(Pages[I]);
    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
        Pages[I] = MiAllocatePage(MiUsageSystem, TRUE);
    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
    {
        KT_CHECK(Context, Pages[I] != 0 && KtPageIsZero(Pages[I]), "page 0x%I64x not zero",
                 (ULONG64)Pages[I]);
        MiFreePage(Pages[I]);
    }
}

/* Freed pages reach the zeroed list, cleared, without anyone allocating. */
static VOID
KtPfnZeroThread(PKT_CONTEXT Context)
{
    LARGE_INTEGER Step = {.QuadPart = -10 * 1000 * 10}; /* 10 ms */
    PFN_NUMBER Pages[KT_PFN_ZERO_PAGES];
    ULONG I, Tries, Pending = KT_PFN_ZERO_PAGES;
    LONG64 ZeroedBefore = MiPagesZeroedByThread;
    PFN_NUMBER Target = MiZeroedPageTarget, Raised;
    KLOCK_QUEUE_HANDLE Lock;

    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
    {
        KT_CHECK(Context, (Pages[I] = MiAllocatePage(MiUsageSystem, FALSE)) != 0, "no page");
        KtFillPage(Pages[I], KT_PFN_PATTERN);
    }
    /* The thread takes pages from the head of the free list, where these go; raise its
     * target so that it is sure to be woken (below half the target) and to want them. */
    MiZeroedPageTarget = 2 * (MiPageLists[MiZeroedPageList].Total + 4 * KT_PFN_ZERO_PAGES);
    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
        MiFreePage(Pages[I]);
    for (Tries = 0; Tries < 500 && Pending > 0; Tries++)
    {
        /* Pages others free meanwhile land above these: keep the thread wanting more. */
        if (MiPageLists[MiZeroedPageList].Total + 2 * KT_PFN_ZERO_PAGES >= MiZeroedPageTarget)
        {
            MiZeroedPageTarget = 2 * (MiPageLists[MiZeroedPageList].Total + 4 * KT_PFN_ZERO_PAGES);
            MiRequestZeroing();
        }
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
        MiAcquirePfnLock(&Lock);
        for (Pending = 0, I = 0; I < KT_PFN_ZERO_PAGES; I++)
            Pending += MiPfnElement(Pages[I])->Location == MiFreePageList;
        MiReleasePfnLock(&Lock);
    }
    Raised = MiZeroedPageTarget;
    MiZeroedPageTarget = Target;
    KT_CHECK(Context, Pending == 0,
             "%u freed page(s) still not zeroed after 5 s (thread zeroed %I64d, zeroed list %I64u "
             "of %I64u, free %I64u)",
             Pending, MiPagesZeroedByThread - ZeroedBefore,
             (ULONG64)MiPageLists[MiZeroedPageList].Total, (ULONG64)Raised,
             (ULONG64)MiPageLists[MiFreePageList].Total);
    KT_CHECK(Context, MiPagesZeroedByThread - ZeroedBefore >= KT_PFN_ZERO_PAGES,
             "the thread zeroed %I64d page(s)", MiPagesZeroedByThread - ZeroedBefore);
    for (I = 0; I < KT_PFN_ZERO_PAGES; I++)
        if (MiPfnElement(Pages[I])->Location == MiZeroedPageList) /* nobody took it since */
            KT_CHECK(Context, KtPageIsZero(Pages[I]), "page 0x%I64x on the zeroed list is dirty",
                     (ULONG64)Pages[I]);
}

/*
 * Zeroing must not need the identity map: take a 2 MiB-aligned contiguous run (so its
 * identity mapping, large page or not, covers only pages this test owns), unmap it there,
 * and zero a page of it.
 */
static VOID
KtPfnZeroWithoutIdentityMap(PKT_CONTEXT Context)
{
    PHYSICAL_ADDRESS Low = {.QuadPart = 0}, High = {.QuadPart = MAXLONGLONG};
    PHYSICAL_ADDRESS Boundary = {.QuadPart = 2 * 1024 * 1024};
    PUCHAR Run =
        MmAllocateContiguousMemorySpecifyCache(2 * 1024 * 1024, Low, High, Boundary, MmCached);
    ULONG64 Physical, PageSize = 0;
    PMMPTE Leaf;
    MMPTE Saved;
    BOOLEAN Zero;

    KT_CHECK(Context, Run != NULL, "no 2 MiB contiguous run");
    Physical = MmGetPhysicalAddress(Run).QuadPart;
    Run[PAGE_SIZE] = 0x5A;
    Leaf = MiFindLeafEntry(Physical + PAGE_SIZE, &PageSize);
    if (Leaf != NULL && PageSize <= 2 * 1024 * 1024)
    {
        _disable();
        Saved = *Leaf;
        *Leaf = 0;
        __invlpg((PVOID)(ULONG_PTR)(Physical + PAGE_SIZE));
        MiZeroPhysicalPage((Physical >> PAGE_SHIFT) + 1);
        *Leaf = Saved;
        __invlpg((PVOID)(ULONG_PTR)(Physical + PAGE_SIZE));
        _enable();
    }
    else
        MiZeroPhysicalPage((Physical >> PAGE_SHIFT) + 1);
    Zero = Run[PAGE_SIZE] == 0;
    MmFreeContiguousMemory(Run);
    KT_CHECK(Context, (Physical & (2 * 1024 * 1024 - 1)) == 0, "run at %I64x not 2 MiB-aligned",
             Physical);
    KT_CHECK(Context, Zero, "the page was not zeroed");
}

static PMMPFN
KtPfnOfMdl(PMDL Mdl)
{
    return MiGetPfnEntry(MmGetMdlPfnArray(Mdl)[0]);
}

/*
 * Two locks on a pool page; the pool frees it; the page stays active until both unlock.
 * Once free, another processor (the zero page thread, an allocation) may take the page
 * back at once, so a reused page is retried rather than counted as a failure.
 */
static BOOLEAN
KtPfnMdlLockCountsOnce(PKT_CONTEXT Context)
{
    PVOID Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, KT_PFN_TAG);
    ULONG64 InUse = MmQueryPagesInUse();
    PMDL Mdl[2];
    PMMPFN Entry;
    BOOLEAN Freed;
    ULONG I;

    if (Buffer == NULL)
    {
        KtFail(Context, __FILE__, __LINE__, "pool");
        return TRUE;
    }
    for (I = 0; I < 2; I++)
    {
        Mdl[I] = IoAllocateMdl(Buffer, PAGE_SIZE, FALSE, FALSE, NULL);
        if (Mdl[I] == NULL)
        {
            KtFail(Context, __FILE__, __LINE__, "IoAllocateMdl");
            return TRUE;
        }
        MmProbeAndLockPages(Mdl[I], KernelMode, IoWriteAccess);
    }
    Entry = KtPfnOfMdl(Mdl[0]);
    if (Entry == NULL)
    {
        KtFail(Context, __FILE__, __LINE__, "no PFN entry for a pool page");
        return TRUE;
    }
    if (Entry->LockCount != 2 || Entry->ReferenceCount != 3)
        KtFail(Context, __FILE__, __LINE__, "lock count %u, references %u after two locks",
               Entry->LockCount, Entry->ReferenceCount);
    ExFreePoolWithTag(Buffer, KT_PFN_TAG);
    if (Entry->Location != MiActiveAndValid || Entry->ReferenceCount != 2)
        KtFail(Context, __FILE__, __LINE__, "a locked page left (location %u, references %u)",
               Entry->Location, Entry->ReferenceCount);
    if (MmQueryPagesInUse() >= InUse)
        KtFail(Context, __FILE__, __LINE__, "the owner's free was not counted");
    MmUnlockPages(Mdl[0]);
    if (Entry->Location != MiActiveAndValid || Entry->LockCount != 1)
        KtFail(Context, __FILE__, __LINE__, "first unlock freed the page");
    MmUnlockPages(Mdl[1]);
    Freed = MiIsPageAvailable(Entry) && Entry->LockCount == 0;
    for (I = 0; I < 2; I++)
        IoFreeMdl(Mdl[I]);
    return Freed || Context->Failed;
}

static VOID
KtPfnMdlLockCounts(PKT_CONTEXT Context)
{
    ULONG Attempt;

    for (Attempt = 0; Attempt < 3; Attempt++)
    {
        if (KtPfnMdlLockCountsOnce(Context))
            return;
    }
    KT_CHECK(Context, FALSE, "the last unlock did not free the page (3 attempts)");
}

/* Frames that are not RAM (device memory) have no entry and take no count. */
static VOID
KtPfnMdlLockDeviceMemory(PKT_CONTEXT Context)
{
    PHYSICAL_ADDRESS Physical = {.QuadPart = (LONGLONG)KeLoaderBlock->Framebuffer.PhysicalBase};
    PVOID Va;
    PMDL Mdl;

    if (Physical.QuadPart == 0)
        return; /* no framebuffer to borrow */
    KT_CHECK(Context, MiGetPfnEntry((PFN_NUMBER)(Physical.QuadPart >> PAGE_SHIFT)) == NULL,
             "the framebuffer has a PFN entry");
    Va = MmMapIoSpace(Physical, PAGE_SIZE, MmWriteCombined);
    KT_CHECK(Context, Va != NULL, "MmMapIoSpace");
    Mdl = IoAllocateMdl(Va, PAGE_SIZE, FALSE, FALSE, NULL);
    if (Mdl != NULL)
    {
        MmProbeAndLockPages(Mdl, KernelMode, IoReadAccess);
        MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    MmUnmapIoSpace(Va, PAGE_SIZE);
    KT_CHECK(Context, Mdl != NULL, "IoAllocateMdl");
}

static VOID
KtPfnLoaderMemoryReclaimed(PKT_CONTEXT Context)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Map = KeLoaderBlock->MemoryDescriptors;
    PFN_NUMBER Pfn, Rsdp = (PFN_NUMBER)(KeLoaderBlock->AcpiRsdp >> PAGE_SHIFT);
    ULONG64 PageSize;
    PMMPTE Leaf;
    PMMPFN Entry;
    ULONG I;

    KT_CHECK(Context, MiReclaimedLoaderPages > 0, "nothing was reclaimed");
    for (I = 0; I < KeLoaderBlock->MemoryDescriptorCount; I++)
    {
        if (Map[I].MemoryType != LoaderFirmwareTemporary &&
            Map[I].MemoryType != LoaderLoadedProgram && Map[I].MemoryType != LoaderOsloaderHeap)
            continue;
        for (Pfn = max(Map[I].BasePage, MI_LOW_MEMORY_PAGES);
             Pfn < Map[I].BasePage + Map[I].PageCount; Pfn++)
        {
            Entry = MiPfnElement(Pfn);
            KT_CHECK(Context, Pfn == Rsdp || Entry->Usage != MiUsageLoader,
                     "page 0x%I64x (type %u) not reclaimed", (ULONG64)Pfn, Map[I].MemoryType);
        }
        if (Map[I].MemoryType != LoaderLoadedProgram)
            continue;
        Leaf = MiFindLeafEntry(Map[I].BasePage << PAGE_SHIFT, &PageSize);
        KT_CHECK(Context, Leaf == NULL || (*Leaf & MI_PTE_NO_EXECUTE),
                 "the loader's code is still executable at %I64x", Map[I].BasePage << PAGE_SHIFT);
    }
}

static const KT_TEST KtPfnTests[] = {
    {"the PFN database covers exactly the RAM described", KtPfnCoversRam},
    {"the page lists agree with every PFN entry", KtPfnListsConsistent},
    {"loader pages are filed active by type", KtPfnLoaderPagesFiled},
    {"zeroed requests take the zeroed list first, others the free list", KtPfnListOrder},
    {"standby pages are repurposed last, oldest first", KtPfnStandbyRepurposed},
    {"a zeroed allocation is zero", KtPfnZeroedAllocationIsZero},
    {"the zero page thread clears freed pages", KtPfnZeroThread},
    {"zeroing works without the identity map", KtPfnZeroWithoutIdentityMap},
    {"MDL locks keep a freed page until the last unlock", KtPfnMdlLockCounts},
    {"MDL locks skip device memory", KtPfnMdlLockDeviceMemory},
    {"the loader's memory was reclaimed and its code made NX", KtPfnLoaderMemoryReclaimed},
};

const KT_SUITE KtPfnSuite = {"Mm", KtPfnTests, RTL_NUMBER_OF(KtPfnTests)};
