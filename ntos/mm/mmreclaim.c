/* SPDX-License-Identifier: MIT */
/*
 * Giving the loader's memory back, once phase 1 has started every processor and run the
 * boot drivers. Reclaimed: LoaderFirmwareTemporary (boot-services code and data: the
 * firmware's GDT, IDT and stacks, unused since the kernel loaded its own and the
 * application processors were reset by INIT-SIPI), LoaderLoadedProgram (the loader's code;
 * the hand-off ran from it) and LoaderOsloaderHeap (the loader's pool and file buffers).
 * Kept, because the kernel still reads them through the identity map: LoaderSystemBlock
 * (the loader block, module array and option string: KeLoaderBlock, the module list, boot
 * options), LoaderMemoryData (the page tables, identity map included, and the memory
 * descriptors the HAL consults), the boot stack (now the idle thread's), the images, and
 * firmware-permanent memory (ACPI tables, runtime services). The page holding the RSDP is
 * kept whatever its type, and so is everything below 1 MiB.
 * The loader's code is identity-mapped executable: those mappings become no-execute before
 * its pages can be reused for data. The identity map itself stays (the HAL reads ACPI
 * tables through it); reclaimed pages remain reachable there, as free pages always were.
 */
#include "mi.h"

PFN_NUMBER MiReclaimedLoaderPages;

static BOOLEAN
MiIsReclaimableType(ULONG Type)
{
    return Type == LoaderFirmwareTemporary || Type == LoaderLoadedProgram ||
           Type == LoaderOsloaderHeap;
}

static BOOLEAN
MiIsReclaimablePage(PFN_NUMBER Pfn, PMMPFN Entry)
{
    return Pfn >= MI_LOW_MEMORY_PAGES &&
           Pfn != (PFN_NUMBER)(KeLoaderBlock->AcpiRsdp >> PAGE_SHIFT) &&
           Entry->Location == MiActiveAndValid && Entry->Usage == MiUsageLoader &&
           Entry->ReferenceCount == 1 && MiIsReclaimableType(Entry->LoaderType);
}

/* Make the identity mappings of the loader's code no-execute on every processor. */
static VOID
MiRevokeLoaderCode(VOID)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;
    ULONG64 Va, End, PageSize;
    PMMPTE Entry;
    ULONG I;

    for (I = 0; I < KeLoaderBlock->MemoryDescriptorCount; I++)
    {
        Descriptor = &KeLoaderBlock->MemoryDescriptors[I];
        if (Descriptor->MemoryType != LoaderLoadedProgram)
            continue;
        Va = Descriptor->BasePage << PAGE_SHIFT;
        End = (Descriptor->BasePage + Descriptor->PageCount) << PAGE_SHIFT;
        for (; Va < End; Va = (Va & ~(PageSize - 1)) + PageSize)
        {
            PageSize = PAGE_SIZE;
            Entry = MiFindLeafEntry(Va, &PageSize);
            if (Entry != NULL)
                InterlockedOr64((volatile LONG64 *)Entry, (LONG64)MI_PTE_NO_EXECUTE);
        }
        MiFlushTlb(Descriptor->BasePage << PAGE_SHIFT, (ULONG)Descriptor->PageCount);
        for (Va = Descriptor->BasePage << PAGE_SHIFT; Va < End; Va += PAGE_SIZE)
            __invlpg((PVOID)(ULONG_PTR)Va);
    }
}

/* Phase 1, once: the reclaimable pages go to the free list. */
VOID
MmFreeLoaderMemory(VOID)
{
    PFN_NUMBER Base, Count, Pfn;
    KLOCK_QUEUE_HANDLE Lock;
    PMMPFN Entry;
    ULONG Run;

    MiRevokeLoaderCode();
    for (Run = 0; MiPhysicalRun(Run, &Base, &Count); Run++)
    {
        for (Pfn = Base; Pfn < Base + Count; Pfn++)
        {
            Entry = MiPfnElement(Pfn);
            if (!MiIsReclaimableType(Entry->LoaderType))
                continue; /* fixed since boot: no need to take the lock to know */
            MiAcquirePfnLock(&Lock);
            if (MiIsReclaimablePage(Pfn, Entry))
            {
                Entry->Usage = MiUsageNone;
                MiReleasePageReference(Pfn);
                MiReclaimedLoaderPages++;
            }
            MiReleasePfnLock(&Lock);
        }
    }
    DbgPrint("Mm: reclaimed %I64u KiB of loader and boot-services memory\n",
             (ULONG64)MiReclaimedLoaderPages * (PAGE_SIZE / 1024));
    MiRequestZeroing();
}
