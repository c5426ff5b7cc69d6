/* SPDX-License-Identifier: MIT */
/*
 * Unloading a boot driver's image. The loader laid boot drivers out in LoaderBootDriver
 * pages mapped in the kernel half of its page tables; when such a driver has unloaded, its
 * mappings go and its pages join the free list as reclaimed loader memory does, so a boot
 * driver can be unloaded and later loaded again at run time, as on NT. Boot modules keep no
 * reference counts (nothing that imports from them took one at boot), so an image another
 * loaded module imports from is found by looking, and stays.
 */
#include "mi.h"

typedef struct _MI_IMPORTER_SEARCH
{
    PCSTR Name;
    BOOLEAN Found;
} MI_IMPORTER_SEARCH;

static PE_STATUS
MiMatchImportedDll(void *Context, const PE_IMPORT *Import)
{
    MI_IMPORTER_SEARCH *Search = Context;

    if (PeModuleNameMatches(Import->Dll, Search->Name, strlen(Search->Name)))
    {
        Search->Found = TRUE;
        return PE_E_BAD_IMPORT; /* stop the walk: the answer is known */
    }
    return PE_OK;
}

/* Does any other loaded module import from Module? Caller holds MiSystemLoadLock. */
static BOOLEAN
MiIsImported(PKLDR_MODULE Module)
{
    MI_IMPORTER_SEARCH Search = {Module->Loader->BaseDllName, FALSE};
    PKLDR_MODULE Other;
    ULONG I;

    for (I = 0; !Search.Found && (Other = MmLoadedModule(I)) != NULL; I++)
    {
        if (Other != Module)
            PeForEachImport(&Other->View, MiMatchImportedDll, &Search);
    }
    return Search.Found;
}

/* Every page of the image must be a 4 KiB mapping of a loader page still in use. */
static BOOLEAN
MiIsLoaderImage(ULONG64 Base, ULONG Pages)
{
    ULONG64 PageSize;
    PMMPTE Pte;
    PMMPFN Entry;
    ULONG I;

    for (I = 0; I < Pages; I++)
    {
        PageSize = PAGE_SIZE;
        Pte = MiFindLeafEntry(Base + (ULONG64)I * PAGE_SIZE, &PageSize);
        if (Pte == NULL || PageSize != PAGE_SIZE || !(*Pte & MI_PTE_VALID))
            return FALSE;
        Entry = MiPfnElement((*Pte & MI_PTE_FRAME_MASK) >> PAGE_SHIFT);
        if (Entry->Usage != MiUsageLoader || Entry->LoaderType != LoaderBootDriver)
            return FALSE;
    }
    return TRUE;
}

/* Unmap the image (4 KiB pages, checked) on every processor (the frames stay in the entries until
 * no translation is left), then free what was under it. */
static VOID
MiFreeLoaderImage(ULONG64 Base, ULONG Pages)
{
    KLOCK_QUEUE_HANDLE Lock;
    ULONG64 Va;
    PFN_NUMBER Pfn;
    PMMPTE Pte;
    ULONG I;

    for (I = 0; I < Pages; I++)
    {
        Va = Base + (ULONG64)I * PAGE_SIZE;
        InterlockedAnd64((volatile LONG64 *)MiAddressToPte(Va), ~(LONG64)MI_PTE_VALID);
        __invlpg((PVOID)(ULONG_PTR)Va);
    }
    MiFlushTlb(Base, Pages);
    for (I = 0; I < Pages; I++)
    {
        Pte = MiAddressToPte(Base + (ULONG64)I * PAGE_SIZE);
        Pfn = (*Pte & MI_PTE_FRAME_MASK) >> PAGE_SHIFT;
        *Pte = 0;
        MiAcquirePfnLock(&Lock);
        MiPfnElement(Pfn)->Usage = MiUsageNone;
        MiReleasePageReference(Pfn);
        MiReleasePfnLock(&Lock);
    }
    MiRequestZeroing();
}

/*
 * Unload boot driver Module: out of the module list, unmapped, its pages free. The kernel,
 * the HAL and images others import from are refused with STATUS_NOT_SUPPORTED. Caller holds
 * MiSystemLoadLock.
 */
NTSTATUS
MiUnloadBootImage(PKLDR_MODULE Module)
{
    ULONG Pages = (ULONG)((Module->View.Size + PAGE_SIZE - 1) >> PAGE_SHIFT);
    PCSTR Name = Module->Loader->BaseDllName;

    if (!(Module->Loader->Flags & LDRP_BOOT_DRIVER))
        return MiLoadFailed(Name, "the kernel and the HAL are not unloaded", STATUS_NOT_SUPPORTED);
    if (MiIsImported(Module))
        return MiLoadFailed(Name, "another module imports from it", STATUS_NOT_SUPPORTED);
    if (!MiIsLoaderImage(Module->View.LoadBase, Pages))
        return MiLoadFailed(Name, "not laid out in loader pages", STATUS_NOT_SUPPORTED);
    MiRemoveLoadedModule(Module);
    MiFreeLoaderImage(Module->View.LoadBase, Pages);
    DbgPrint("Mm: boot image %s unloaded, %u KiB freed\n", Name, Pages * (PAGE_SIZE / 1024));
    return STATUS_SUCCESS;
}
