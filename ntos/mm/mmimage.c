/* SPDX-License-Identifier: MIT */
/*
 * Pages for run-time images and boot files. An image is laid out in fresh system pages that
 * start read-write and no-execute, while the PE library maps, relocates and binds it; then
 * each page takes its final protection as the loader gives boot images (W^X): code RX,
 * writable data RW, everything else (headers, read-only data, the padding after a section)
 * R, all but code no-execute. Guard pages on both sides stay unmapped.
 */
#include "mi.h"

#define MI_IMAGE_GUARD_PAGES 1

PVOID
MiAllocateImagePages(ULONG Pages)
{
    return MiAllocateMappedPages(Pages, MI_IMAGE_GUARD_PAGES, MI_IMAGE_GUARD_PAGES);
}

VOID
MiFreeImagePages(PVOID Base, ULONG Pages)
{
    MiFreeMappedPages(Base, Pages, MI_IMAGE_GUARD_PAGES, MI_IMAGE_GUARD_PAGES);
}

static ULONG64
MiImagePteProtection(ULONG Protection)
{
    if (Protection & PE_PROT_EXECUTE)
        return 0; /* RX: PeSectionProtection never makes code writable */
    return (Protection & PE_PROT_WRITE) ? MI_PTE_WRITE | MI_PTE_NO_EXECUTE : MI_PTE_NO_EXECUTE;
}

static VOID
MiSetPageProtection(ULONG64 Va, ULONG64 Attributes)
{
    PMMPTE Pte = MiAddressToPte(Va);

    *Pte = (*Pte & (MI_PTE_FRAME_MASK | MI_PTE_VALID)) | Attributes;
    __invlpg((PVOID)(ULONG_PTR)Va);
}

/*
 * Give every page of View (mapped by MiAllocateImagePages at View->Base) its final
 * protection and shoot the old read-write translations out of every TLB. Sections start at
 * page boundaries (MmLoadSystemImage refuses a smaller SectionAlignment).
 */
VOID
MiProtectImagePages(const PE_VIEW *View)
{
    ULONG64 Base = (ULONG64)(ULONG_PTR)View->Base, Offset, Start, End, Attributes;
    ULONG Pages = (ULONG)((View->Size + PAGE_SIZE - 1) >> PAGE_SHIFT);
    const PE_SECTION_HEADER *Section;
    USHORT Count, I;

    for (Offset = 0; Offset < (ULONG64)Pages * PAGE_SIZE; Offset += PAGE_SIZE)
        MiSetPageProtection(Base + Offset, MI_PTE_NO_EXECUTE);
    Section = PeFirstSection(View, &Count);
    for (I = 0; I < Count; I++)
    {
        Start = Section[I].VirtualAddress;
        End = Start + (Section[I].VirtualSize ? Section[I].VirtualSize : Section[I].SizeOfRawData);
        Attributes = MiImagePteProtection(PeSectionProtection(&Section[I]));
        for (Offset = Start; Offset < End && Offset < (ULONG64)Pages * PAGE_SIZE;
             Offset += PAGE_SIZE)
            MiSetPageProtection(Base + Offset, Attributes);
    }
    MiFlushTlb(Base, Pages);
}

/* Loader pages (a boot file) mapped read-only and no-execute; NULL when PTEs run out. */
PVOID
MmMapLoaderMemory(ULONG64 PhysicalBase, SIZE_T Size)
{
    ULONG64 Pages = (Size + PAGE_SIZE - 1) >> PAGE_SHIFT, Va;

    if (Pages == 0)
        Pages = 1;
    if ((PhysicalBase & (PAGE_SIZE - 1)) != 0 || Pages > MI_SYSTEM_PTE_PAGES)
        return NULL;
    Va = MiMapFrames((ULONG)Pages, NULL, PhysicalBase >> PAGE_SHIFT, MI_PTE_NO_EXECUTE);
    return (PVOID)(ULONG_PTR)Va;
}
