/* SPDX-License-Identifier: MIT */
/*
 * Page faults. The trap handler hands every page fault to MmAccessFault first. A fault on a
 * demand-zero PTE (mi.h; paged pool's untouched pages) is resolved with a zeroed page from
 * the PFN database, if the faulting code runs at APC_LEVEL or below; everything else is
 * refused and the trap handler decides what it becomes (a probe's catch, or the bugcheck NT
 * raises for it).
 * Any number of processors may fault on the same page at once: the PTE is set by
 * compare-exchange, so one wins and the others give their page back and return — the
 * translation they retry with is the winner's.
 */
#include "mi.h"

/* The PTE of Va if every table above it is present (and none is a large page), else NULL. */
static PMMPTE
MiPteIfMapped(ULONG64 Va)
{
    PMMPTE Pte = MiAddressToPte(Va);
    PMMPTE Pde = MiAddressToPte((ULONG64)(ULONG_PTR)Pte);
    PMMPTE Ppe = MiAddressToPte((ULONG64)(ULONG_PTR)Pde);
    PMMPTE Pxe = MiAddressToPte((ULONG64)(ULONG_PTR)Ppe);

    if (!(*Pxe & MI_PTE_VALID) || !(*Ppe & MI_PTE_VALID) || (*Ppe & MI_PTE_LARGE) ||
        !(*Pde & MI_PTE_VALID) || (*Pde & MI_PTE_LARGE))
        return NULL;
    return Pte;
}

/* Map a zeroed page at a demand-zero PTE, unless another processor got there first. */
static NTSTATUS
MiResolveDemandZero(PMMPTE Pte, MMPTE Old)
{
    PFN_NUMBER Pfn = MiAllocatePage(MiUsagePagedPool, TRUE);
    MMPTE New;

    if (Pfn == 0)
        KeBugCheckEx(NO_PAGES_AVAILABLE, MiAvailablePages(), MmQueryPagesInUse(), 0, 0);
    New = ((ULONG64)Pfn << PAGE_SHIFT) | (Old & MI_PTE_PROTECTION_MASK) | MI_PTE_VALID;
    if (InterlockedCompareExchange64((volatile LONG64 *)Pte, (LONG64)New, (LONG64)Old) !=
        (LONG64)Old)
    {
        MiFreePage(Pfn); /* the loser: the winner's page is there now (or the run was freed) */
        InterlockedIncrement64(&MiPagedPoolRacesLost);
        return STATUS_SUCCESS;
    }
    InterlockedIncrement64(&MiPagedPoolResidentPages);
    InterlockedIncrement64(&MiPagedPoolFaults);
    return STATUS_SUCCESS;
}

/*
 * Resolve a page fault if it is Mm's to resolve. FaultStatus is the processor's error code.
 * Returns STATUS_SUCCESS when the access can be retried, MM_STATUS_IRQL_FAULT when pageable
 * memory was touched above APC_LEVEL, STATUS_ACCESS_VIOLATION otherwise.
 */
NTSTATUS
MmAccessFault(ULONG_PTR FaultStatus, PVOID VirtualAddress, KPROCESSOR_MODE PreviousMode,
              PVOID TrapInformation)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)VirtualAddress;
    PMMPTE Pte;
    MMPTE Old;

    UNREFERENCED_PARAMETER(TrapInformation);
    if (PreviousMode != KernelMode || Va < MI_SYSTEM_RANGE_START ||
        (Pte = MiPteIfMapped(Va)) == NULL)
        return STATUS_ACCESS_VIOLATION;
    Old = *Pte;
    if (Old & MI_PTE_VALID)
    {
        /* Missing a moment ago, present now: another processor resolved it. */
        if (FaultStatus & MI_FAULT_PRESENT)
            return STATUS_ACCESS_VIOLATION;
        InterlockedIncrement64(&MiPagedPoolRacesLost);
        return STATUS_SUCCESS;
    }
    if (!MiIsDemandZeroPte(Old))
        return STATUS_ACCESS_VIOLATION;
    if (KeGetCurrentIrql() > APC_LEVEL)
        return MM_STATUS_IRQL_FAULT;
    if ((FaultStatus & MI_FAULT_WRITE) && !(Old & MI_PTE_WRITE))
        return STATUS_ACCESS_VIOLATION;
    return MiResolveDemandZero(Pte, Old);
}

/* The leaf entry that maps Va (for a stop code's parameters), or 0. Any IRQL. */
ULONG64
MmQueryPteContents(PVOID VirtualAddress)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)VirtualAddress, PageSize;
    PMMPTE Entry = MiFindLeafEntry(Va, &PageSize);

    if (Entry != NULL)
        return *Entry;
    Entry = Va >= MI_SYSTEM_RANGE_START ? MiPteIfMapped(Va) : NULL;
    return Entry != NULL ? *Entry : 0;
}
