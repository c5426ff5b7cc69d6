/* SPDX-License-Identifier: MIT */
/*
 * Memory descriptor lists: the page frames behind a virtual range, and mappings of them
 * into system PTEs. All kernel memory is resident today (no pagefile), so "locking" a
 * kernel range checks that every page is present (and writable for a write operation) and
 * records its frames; a range that is not raises STATUS_ACCESS_VIOLATION as on NT.
 * Locking a page of RAM adds a lock count and a reference to its PFN entry, so that an
 * owner freeing it while an MDL still describes it leaves the page active until the last
 * MmUnlockPages; frames that are not RAM (device memory) have no entry and no count.
 * Not yet: user buffers and user-mode mappings (there is no user mode).
 */
#include "mi.h"

#define MI_CREATE_MDL_TAG 0x6C646D4D /* "Mmdl" */

PPFN_NUMBER
MiMdlPages(PMDL Mdl)
{
    return (PPFN_NUMBER)(Mdl + 1);
}

ULONG
MiMdlPageCount(PMDL Mdl)
{
    return ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount);
}

/*
 * Frames of the pages the MDL describes; FALSE at the first page that is not present. With
 * FaultIn, pageable pages not present yet (paged pool never touched) are faulted in first,
 * as NT's probe touches each page: the caller is at APC_LEVEL or below, as locking requires.
 */
static BOOLEAN
MiFillMdlFrames(PMDL Mdl, BOOLEAN Write, BOOLEAN FaultIn)
{
    PUCHAR Va = (PUCHAR)Mdl->StartVa;
    ULONG I, Pages = MiMdlPageCount(Mdl);
    PHYSICAL_ADDRESS Physical;

    for (I = 0; I < Pages; I++, Va += PAGE_SIZE)
    {
        if (FaultIn && !MmIsAddressValid(Va))
            MmAccessFault(Write ? MI_FAULT_WRITE : 0, Va, KernelMode, NULL);
        if (!MmIsAddressValid(Va) || (Write && !MiIsAddressWritable(Va)))
            return FALSE;
        Physical = MmGetPhysicalAddress(Va);
        MiMdlPages(Mdl)[I] = (PFN_NUMBER)(Physical.QuadPart >> PAGE_SHIFT);
    }
    return TRUE;
}

VOID NTAPI
MmBuildMdlForNonPagedPool(PMDLX Mdl)
{
    if (!MiFillMdlFrames(Mdl, FALSE, FALSE))
        KeBugCheckEx(PAGE_FAULT_IN_NONPAGED_AREA, (ULONG_PTR)Mdl->StartVa, 0, (ULONG_PTR)Mdl, 0);
    Mdl->MappedSystemVa = (PUCHAR)Mdl->StartVa + Mdl->ByteOffset;
    Mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

/* Add (Lock) or drop a lock on each RAM page the MDL describes. */
static VOID
MiLockMdlFrames(PMDL Mdl, BOOLEAN Lock)
{
    ULONG I, Pages = MiMdlPageCount(Mdl);
    KLOCK_QUEUE_HANDLE Handle;
    PFN_NUMBER Pfn;
    PMMPFN Entry;

    MiAcquirePfnLock(&Handle);
    for (I = 0; I < Pages; I++)
    {
        Pfn = MiMdlPages(Mdl)[I];
        Entry = MiGetPfnEntry(Pfn);
        if (Entry == NULL || Entry->Location != MiActiveAndValid || Entry->Usage == MiUsageZeroing)
            continue;
        if (Lock)
        {
            Entry->LockCount++;
            Entry->ReferenceCount++;
        }
        else if (Entry->LockCount > 0)
        {
            Entry->LockCount--;
            MiReleasePageReference(Pfn); /* the last one frees a page its owner let go */
        }
    }
    MiReleasePfnLock(&Handle);
    if (!Lock)
        MiRequestZeroing();
}

VOID NTAPI
MmProbeAndLockPages(PMDL Mdl, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation)
{
    BOOLEAN Write = Operation != IoReadAccess;

    if (AccessMode == UserMode || !MiFillMdlFrames(Mdl, Write, TRUE))
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    MiLockMdlFrames(Mdl, TRUE);
    Mdl->MdlFlags |= MDL_PAGES_LOCKED | (Write ? MDL_WRITE_OPERATION : 0);
}

VOID NTAPI
MmUnlockPages(PMDL Mdl)
{
    if (!(Mdl->MdlFlags & MDL_PAGES_LOCKED))
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x7, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0); /* unlocked twice */
    if (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
    MiLockMdlFrames(Mdl, FALSE);
    Mdl->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_WRITE_OPERATION);
}

/* Kernel-mode mappings only; NULL (or, if asked, a bugcheck) when system PTEs run out. */
PVOID NTAPI
MmMapLockedPagesSpecifyCache(PMDLX Mdl, KPROCESSOR_MODE AccessMode, MEMORY_CACHING_TYPE CacheType,
                             PVOID BaseAddress, ULONG BugCheckOnFailure, MM_PAGE_PRIORITY Priority)
{
    ULONG Pages = MiMdlPageCount(Mdl);
    ULONG64 Attributes = MI_PTE_WRITE | MI_PTE_NO_EXECUTE, Va;

    UNREFERENCED_PARAMETER(BaseAddress);
    UNREFERENCED_PARAMETER(Priority);
    if (AccessMode == UserMode)
    {
        DbgPrint("Mm: MmMapLockedPagesSpecifyCache into user mode is not implemented\n");
        ExRaiseStatus(STATUS_NOT_IMPLEMENTED);
    }
    if (CacheType == MmNonCached || CacheType == MmWriteCombined)
        Attributes |= MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH;
    Va = MiMapFrames(Pages, MiMdlPages(Mdl), 0, Attributes);
    if (Va == 0)
    {
        if (BugCheckOnFailure)
            KeBugCheckEx(NO_MORE_SYSTEM_PTES, 0, Pages, 0, 0);
        return NULL;
    }
    Mdl->MappedSystemVa = (PUCHAR)(ULONG_PTR)Va + Mdl->ByteOffset;
    Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    if (Mdl->MdlFlags & MDL_PARTIAL)
        Mdl->MdlFlags |= MDL_PARTIAL_HAS_BEEN_MAPPED; /* its own mapping, not its source's */
    return Mdl->MappedSystemVa;
}

/* The obsolete form: cached, and for KernelMode a bugcheck instead of NULL, as NT does. */
PVOID NTAPI
MmMapLockedPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode)
{
    return MmMapLockedPagesSpecifyCache(MemoryDescriptorList, AccessMode, MmCached, NULL,
                                        AccessMode == KernelMode, NormalPagePriority);
}

VOID NTAPI
MmUnmapLockedPages(PVOID BaseAddress, PMDL Mdl)
{
    ULONG64 Va = (ULONG64)(ULONG_PTR)PAGE_ALIGN(BaseAddress);

    /* A partial MDL may only unmap a mapping of its own, never its source's. */
    if (!(Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) || BaseAddress != Mdl->MappedSystemVa ||
        (Mdl->MdlFlags & (MDL_PARTIAL | MDL_PARTIAL_HAS_BEEN_MAPPED)) == MDL_PARTIAL)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x105, (ULONG_PTR)BaseAddress, (ULONG_PTR)Mdl, 0);
    MiUnmapFrames(Va, MiMdlPageCount(Mdl));
    Mdl->MdlFlags &= ~(MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED);
    Mdl->MappedSystemVa = (PUCHAR)Mdl->StartVa + Mdl->ByteOffset;
}

SIZE_T NTAPI
MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
    return sizeof(MDL) + ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length) * sizeof(PFN_NUMBER);
}

/* The obsolete IoAllocateMdl: initialise MemoryDescriptorList, or one from nonpaged pool
 * (freed with ExFreePool), NULL when pool runs out. The frames are not filled in. */
PMDL NTAPI
MmCreateMdl(PMDL MemoryDescriptorList, PVOID Base, SIZE_T Length)
{
    SIZE_T Size = MmSizeOfMdl(Base, Length);

    if (MemoryDescriptorList == NULL)
    {
        MemoryDescriptorList = ExAllocatePoolWithTag(NonPagedPoolNx, Size, MI_CREATE_MDL_TAG);
        if (MemoryDescriptorList == NULL)
            return NULL;
    }
    MmInitializeMdl(MemoryDescriptorList, Base, Length);
    return MemoryDescriptorList;
}
