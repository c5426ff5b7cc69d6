/* SPDX-License-Identifier: MIT */
/*
 * Questions about the current address space, answered by walking the page tables through
 * the self-map from the top: each level's entry is only read once the level above says the
 * table holding it is present, and large pages (1 GiB, 2 MiB) end the walk early.
 */
#include "mi.h"

#define MI_CANONICAL_LOW_END 0x0000800000000000ull
#define MI_CANONICAL_HIGH_START 0xFFFF800000000000ull

/* The valid entry that maps Va (PTE, or a large PDE/PPE) and the size it maps; NULL if none. */
PMMPTE
MiFindLeafEntry(ULONG64 Va, PULONG64 PageSize)
{
    PMMPTE Pte = MiAddressToPte(Va);
    PMMPTE Pde = MiAddressToPte((ULONG64)(ULONG_PTR)Pte);
    PMMPTE Ppe = MiAddressToPte((ULONG64)(ULONG_PTR)Pde);
    PMMPTE Pxe = MiAddressToPte((ULONG64)(ULONG_PTR)Ppe);

    if (Va >= MI_CANONICAL_LOW_END && Va < MI_CANONICAL_HIGH_START)
        return NULL;
    if (!(*Pxe & MI_PTE_VALID) || !(*Ppe & MI_PTE_VALID))
        return NULL;
    if (*Ppe & MI_PTE_LARGE)
    {
        *PageSize = 1ull << 30;
        return Ppe;
    }
    if (!(*Pde & MI_PTE_VALID))
        return NULL;
    if (*Pde & MI_PTE_LARGE)
    {
        *PageSize = 1ull << 21;
        return Pde;
    }
    *PageSize = PAGE_SIZE;
    return (*Pte & MI_PTE_VALID) ? Pte : NULL;
}

static MMPTE
MiTranslate(ULONG64 Va, PULONG64 PageSize)
{
    PMMPTE Entry = MiFindLeafEntry(Va, PageSize);

    return Entry != NULL ? *Entry : 0;
}

/* TRUE when touching VirtualAddress would not fault on a missing page. Any IRQL. */
BOOLEAN NTAPI
MmIsAddressValid(PVOID VirtualAddress)
{
    ULONG64 PageSize;

    return MiTranslate((ULONG64)(ULONG_PTR)VirtualAddress, &PageSize) != 0;
}

/* The physical address VirtualAddress maps to; 0 when it maps nothing. */
PHYSICAL_ADDRESS NTAPI
MmGetPhysicalAddress(PVOID BaseAddress)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)BaseAddress, PageSize = 0;
    MMPTE Entry = MiTranslate(Va, &PageSize);
    PHYSICAL_ADDRESS Physical;

    Physical.QuadPart = 0;
    if (Entry != 0)
        Physical.QuadPart =
            (LONGLONG)((Entry & MI_PTE_FRAME_MASK & ~(PageSize - 1)) | (Va & (PageSize - 1)));
    return Physical;
}

/* Present and writable (the leaf entry's write bit; Basalt's upper levels always allow it). */
BOOLEAN
MiIsAddressWritable(PVOID VirtualAddress)
{
    ULONG64 PageSize;

    return (MiTranslate((ULONG64)(ULONG_PTR)VirtualAddress, &PageSize) & MI_PTE_WRITE) != 0;
}
