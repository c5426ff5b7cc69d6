/* SPDX-License-Identifier: MIT */
/*
 * Building the PFN database from the loader's memory descriptors. Every descriptor except
 * LoaderSpecialMemory (device and reserved ranges) is RAM; adjacent RAM descriptors merge
 * into the physical runs MiGetPfnEntry checks frames against. The database is an array of
 * MMPFN indexed by frame number at MI_PFN_DATABASE (0xFFFFFA80`00000000, where Windows 7-era
 * x64 keeps its PFN database); only the pages of the array that describe a run are mapped,
 * so a machine with memory above a large hole pays nothing for the hole. Those pages, and
 * the page tables that map them, come from the bootstrap allocator (mmphys.c) and are zeroed
 * where they are mapped. Then each page is filed: free pages above 1 MiB on the free list,
 * free pages below it kept for MmAllocateLowPhysicalPage, bad pages on the bad list, and
 * everything the loader or the bootstrap used active, with one reference.
 */
#include "mi.h"

#define MI_MAX_PHYSICAL_RUNS 128

typedef struct _MI_PHYSICAL_RUN
{
    PFN_NUMBER BasePage;
    PFN_NUMBER PageCount;
} MI_PHYSICAL_RUN;

static MI_PHYSICAL_RUN MiPhysicalRuns[MI_MAX_PHYSICAL_RUNS];
static ULONG MiPhysicalRunTotal;
PFN_NUMBER MmHighestPhysicalPage;
PFN_NUMBER MmNumberOfPhysicalPages;
BOOLEAN MiPfnDatabaseReady;

static BOOLEAN
MiIsRamType(ULONG Type)
{
    return Type != LoaderSpecialMemory;
}

static VOID
MiAddPhysicalRun(PFN_NUMBER BasePage, PFN_NUMBER PageCount)
{
    MI_PHYSICAL_RUN *Last = MiPhysicalRunTotal > 0 ? &MiPhysicalRuns[MiPhysicalRunTotal - 1] : NULL;

    if (Last != NULL && Last->BasePage + Last->PageCount == BasePage)
        Last->PageCount += PageCount;
    else if (MiPhysicalRunTotal < MI_MAX_PHYSICAL_RUNS)
        MiPhysicalRuns[MiPhysicalRunTotal++] = (MI_PHYSICAL_RUN){BasePage, PageCount};
    else
        DbgPrint("Mm: more than %u RAM runs; ignoring %I64u pages at page 0x%I64x\n",
                 MI_MAX_PHYSICAL_RUNS, PageCount, BasePage);
}

ULONG
MiPhysicalRunCount(VOID)
{
    return MiPhysicalRunTotal;
}

BOOLEAN
MiPhysicalRun(ULONG Index, PFN_NUMBER *BasePage, PFN_NUMBER *PageCount)
{
    if (Index >= MiPhysicalRunTotal)
        return FALSE;
    *BasePage = MiPhysicalRuns[Index].BasePage;
    *PageCount = MiPhysicalRuns[Index].PageCount;
    return TRUE;
}

/* The entry of a RAM frame; NULL for frames outside every run (devices, holes). */
PMMPFN
MiGetPfnEntry(PFN_NUMBER Pfn)
{
    ULONG Low = 0, High = MiPhysicalRunTotal, Middle;

    while (Low < High)
    {
        Middle = (Low + High) / 2;
        if (Pfn < MiPhysicalRuns[Middle].BasePage)
            High = Middle;
        else if (Pfn >= MiPhysicalRuns[Middle].BasePage + MiPhysicalRuns[Middle].PageCount)
            Low = Middle + 1;
        else
            return MiPfnElement(Pfn);
    }
    return NULL;
}

/* Map (and zero) the database pages that hold the entries of one run. */
static VOID
MiMapPfnRun(const MI_PHYSICAL_RUN *Run)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)MiPfnElement(Run->BasePage) & ~(ULONG64)(PAGE_SIZE - 1);
    ULONG64 End = (ULONG64)(ULONG_PTR)MiPfnElement(Run->BasePage + Run->PageCount);
    PFN_NUMBER Page;

    for (; Va < End; Va += PAGE_SIZE)
    {
        if (MmIsAddressValid((PVOID)(ULONG_PTR)Va))
            continue; /* shared with the previous run */
        Page = MiTakeBootstrapPage();
        if (Page == 0 || !MiMapPage(Va, Page, MI_PTE_WRITE | MI_PTE_NO_EXECUTE))
            KeBugCheckEx(INSTALL_MORE_MEMORY, MmNumberOfPhysicalPages, Run->BasePage, Va, 0);
        RtlZeroMemory((PVOID)(ULONG_PTR)Va, PAGE_SIZE);
    }
}

static VOID
MiFileLoaderPage(ULONG Descriptor, ULONG Type, PFN_NUMBER Pfn)
{
    PMMPFN Entry = MiPfnElement(Pfn);

    Entry->LoaderType = (UCHAR)Type;
    if (Type == LoaderBad)
    {
        MiInsertPageInList(MiBadPageList, Pfn);
        return;
    }
    Entry->Location = MiActiveAndValid;
    Entry->ReferenceCount = 1;
    if (Type != LoaderFree)
        Entry->Usage = MiUsageLoader;
    else if (Pfn == 0)
        Entry->Usage = MiUsageLoader; /* page 0 stays unused: NULL must keep faulting */
    else if (Pfn < MI_LOW_MEMORY_PAGES)
        Entry->Usage = MiUsageLowMemory;
    else if (MiIsBootstrapPage(Descriptor, Pfn))
        Entry->Usage = MiUsageBootstrap;
    else
    {
        Entry->ReferenceCount = 0;
        MiInsertPageInList(MiFreePageList, Pfn);
    }
}

/* Phase 0 on the boot processor, before anything else allocates memory. */
VOID
MiInitializePfnDatabase(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;
    PFN_NUMBER Pfn;
    ULONG I;

    MiInitializeBootstrapPages(LoaderBlock);
    for (I = 0; I < LoaderBlock->MemoryDescriptorCount; I++)
    {
        Descriptor = &LoaderBlock->MemoryDescriptors[I];
        if (!MiIsRamType(Descriptor->MemoryType) || Descriptor->PageCount == 0)
            continue;
        MiAddPhysicalRun(Descriptor->BasePage, Descriptor->PageCount);
        MmNumberOfPhysicalPages += Descriptor->PageCount;
        MmHighestPhysicalPage = Descriptor->BasePage + Descriptor->PageCount - 1;
    }
    for (I = 0; I < MiPhysicalRunTotal; I++)
        MiMapPfnRun(&MiPhysicalRuns[I]);
    MiPfnDatabaseReady = TRUE;
    for (I = 0; I < LoaderBlock->MemoryDescriptorCount; I++)
    {
        Descriptor = &LoaderBlock->MemoryDescriptors[I];
        if (!MiIsRamType(Descriptor->MemoryType) || MiGetPfnEntry(Descriptor->BasePage) == NULL)
            continue;
        for (Pfn = Descriptor->BasePage; Pfn < Descriptor->BasePage + Descriptor->PageCount; Pfn++)
            MiFileLoaderPage(I, Descriptor->MemoryType, Pfn);
    }
    DbgPrint("Mm: %I64u KiB of RAM in %u run(s), highest page 0x%I64x; PFN database at %p, "
             "%I64u pages free\n",
             (ULONG64)MmNumberOfPhysicalPages * (PAGE_SIZE / 1024), MiPhysicalRunTotal,
             (ULONG64)MmHighestPhysicalPage, (PVOID)MI_PFN_DATABASE,
             (ULONG64)MiPageLists[MiFreePageList].Total);
}

/* Phase 0: the PFN database, then the zeroing PTEs (whose page tables come from it). */
VOID
MmInitializeEarlyMemory(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    MiInitializePfnDatabase(LoaderBlock);
    MiInitializeZeroingPtes();
}
