/* SPDX-License-Identifier: MIT */
/*
 * The kernel's initial 4-level page tables. Leaf entries carry the real protection (W^X, NX on
 * everything that is not code); intermediate entries are permissive so the leaves decide.
 * 2 MiB pages are used wherever a run is aligned and long enough.
 */
#include "loader.h"

#define PTE_PRESENT 0x001ull
#define PTE_WRITE 0x002ull
#define PTE_WRITE_THROUGH 0x008ull
#define PTE_CACHE_DISABLE 0x010ull
#define PTE_LARGE 0x080ull
#define PTE_NX 0x8000000000000000ull
#define PTE_ADDRESS 0x000FFFFFFFFFF000ull
#define LARGE_PAGE (2ull * 1024 * 1024)
#define LARGE_PAGE_PAGES (LARGE_PAGE / EFI_PAGE_SIZE)

static UINT64 *Pml4;

static UINT64 *
AllocateTable(void)
{
    EFI_PHYSICAL_ADDRESS Address;

    if (EFI_ERROR(LdrAllocatePages(1, LoaderMemoryData, &Address)))
        return NULL;
    return (UINT64 *)(UINTN)Address;
}

EFI_STATUS
LdrPagingInit(void)
{
    Pml4 = AllocateTable();
    if (Pml4 == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for page tables");
    /* NT's self-map: the PML4 maps itself, so the kernel finds every PTE at a fixed VA. */
    Pml4[LOADER_SELFMAP_PML4_INDEX] = (UINT64)(UINTN)Pml4 | PTE_PRESENT | PTE_WRITE | PTE_NX;
    return EFI_SUCCESS;
}

UINT64
LdrPageTableRoot(void)
{
    return (UINT64)(UINTN)Pml4;
}

/* The table that entry Index of Table points to, created on first use. */
static UINT64 *
NextLevel(UINT64 *Table, UINTN Index)
{
    UINT64 *Next;

    if (Table[Index] & PTE_PRESENT)
    {
        if (Table[Index] & PTE_LARGE)
            return NULL;
        return (UINT64 *)(UINTN)(Table[Index] & PTE_ADDRESS);
    }
    Next = AllocateTable();
    if (Next != NULL)
        Table[Index] = (UINT64)(UINTN)Next | PTE_PRESENT | PTE_WRITE;
    return Next;
}

static UINT64
LeafBits(UINT32 Access)
{
    UINT64 Bits = PTE_PRESENT;

    if (Access & LDR_MAP_WRITE)
        Bits |= PTE_WRITE;
    if (!(Access & LDR_MAP_EXECUTE))
        Bits |= PTE_NX;
    if (Access & LDR_MAP_UNCACHED)
        Bits |= PTE_CACHE_DISABLE | PTE_WRITE_THROUGH;
    return Bits;
}

static EFI_STATUS
MapOne(UINT64 Va, UINT64 Pa, BOOLEAN Large, UINT64 Bits)
{
    UINT64 *Pdpt, *Pd, *Pt;
    UINTN PdIndex = (Va >> 21) & 511, PtIndex = (Va >> 12) & 511;

    Pdpt = NextLevel(Pml4, (Va >> 39) & 511);
    Pd = Pdpt ? NextLevel(Pdpt, (Va >> 30) & 511) : NULL;
    if (Pd == NULL)
        return EFI_OUT_OF_RESOURCES;
    if (Large)
    {
        if (Pd[PdIndex] & PTE_PRESENT)
            return EFI_ACCESS_DENIED;
        Pd[PdIndex] = Pa | Bits | PTE_LARGE;
        return EFI_SUCCESS;
    }
    Pt = NextLevel(Pd, PdIndex);
    if (Pt == NULL)
        return EFI_OUT_OF_RESOURCES;
    if (Pt[PtIndex] & PTE_PRESENT)
        return EFI_ACCESS_DENIED;
    Pt[PtIndex] = Pa | Bits;
    return EFI_SUCCESS;
}

/* Map Pages 4 KiB pages at Va to Pa. Mapping a page twice is an error: it would mean two
 * owners of one virtual range. */
EFI_STATUS
LdrMapRange(UINT64 Va, UINT64 Pa, UINT64 Pages, UINT32 Access)
{
    UINT64 Bits = LeafBits(Access);
    EFI_STATUS Status;
    BOOLEAN Large;

    while (Pages > 0)
    {
        Large = ((Va | Pa) & (LARGE_PAGE - 1)) == 0 && Pages >= LARGE_PAGE_PAGES;
        Status = MapOne(Va, Pa, Large, Bits);
        if (EFI_ERROR(Status))
            return LdrFail(Status, L"cannot map %lx -> %lx", Va, Pa);
        Va += Large ? LARGE_PAGE : EFI_PAGE_SIZE;
        Pa += Large ? LARGE_PAGE : EFI_PAGE_SIZE;
        Pages -= Large ? LARGE_PAGE_PAGES : 1;
    }
    return EFI_SUCCESS;
}

static UINT32
SectionAccess(const PE_SECTION_HEADER *Section)
{
    UINT32 Protection = PeSectionProtection(Section);
    UINT32 Access = 0;

    if (Protection & PE_PROT_WRITE)
        Access |= LDR_MAP_WRITE;
    if (Protection & PE_PROT_EXECUTE)
        Access |= LDR_MAP_EXECUTE;
    return Access;
}

/* Headers read-only, each section with its own protection; pages not covered by a section
 * (alignment padding) stay unmapped so stray accesses fault. */
EFI_STATUS
LdrMapImage(const LDR_IMAGE *Image)
{
    const PE_SECTION_HEADER *Section;
    UINT64 Base = Image->View.LoadBase, Start, Pages;
    UINT16 Count, I;
    EFI_STATUS Status;

    Status = LdrMapRange(Base, Image->Physical,
                         EFI_SIZE_TO_PAGES(Image->View.Nt->OptionalHeader.SizeOfHeaders), 0);
    Section = PeFirstSection(&Image->View, &Count);
    for (I = 0; I < Count && !EFI_ERROR(Status); I++)
    {
        Start = Section[I].VirtualAddress;
        Pages = EFI_SIZE_TO_PAGES(Section[I].VirtualSize ? Section[I].VirtualSize
                                                         : Section[I].SizeOfRawData);
        if (Pages == 0)
            continue;
        Status =
            LdrMapRange(Base + Start, Image->Physical + Start, Pages, SectionAccess(&Section[I]));
    }
    return Status;
}
