/* SPDX-License-Identifier: MIT */
/*
 * Reserved mappings: a driver reserves a run of system PTEs up front (MmAllocateMappingAddress)
 * so that later it can map an MDL there without needing PTEs, which may have run out, as
 * storage drivers do to make progress under memory pressure. Each reservation is recorded
 * with its tag and size; misuse (a wrong tag, an address that was never reserved, freeing a
 * range that is still mapped, mapping over a mapping) stops with SYSTEM_PTE_MISUSE, as on NT,
 * rather than leave stale translations behind.
 */
#include "mi.h"

#define MI_RESERVE_TAG 0x76526D4D /* "MmRv" */

/* SYSTEM_PTE_MISUSE first parameters (Basalt's; NT's differ by version). */
#define MI_MISUSE_NOT_RESERVED 0x200
#define MI_MISUSE_WRONG_TAG 0x201
#define MI_MISUSE_STILL_MAPPED 0x202
#define MI_MISUSE_NOT_MAPPED 0x203
#define MI_MISUSE_ALREADY_MAPPED 0x204

typedef struct _MI_RESERVATION
{
    LIST_ENTRY Links;
    ULONG64 Va;
    ULONG Pages;
    ULONG Tag;
    ULONG MappedPages; /* 0 when nothing is mapped */
} MI_RESERVATION;

static KSPIN_LOCK MiReservationLock;
static LIST_ENTRY MiReservations = {&MiReservations, &MiReservations};

/* The reservation starting at Va with Tag; anything else is a driver bug. Lock held. */
static MI_RESERVATION *
MiFindReservation(PVOID BaseAddress, ULONG Tag)
{
    PLIST_ENTRY Entry;

    for (Entry = MiReservations.Flink; Entry != &MiReservations; Entry = Entry->Flink)
    {
        MI_RESERVATION *Reservation = CONTAINING_RECORD(Entry, MI_RESERVATION, Links);

        if (Reservation->Va != (ULONG64)(ULONG_PTR)BaseAddress)
            continue;
        if (Reservation->Tag != Tag)
            KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_MISUSE_WRONG_TAG, (ULONG_PTR)BaseAddress,
                         Reservation->Tag, Tag);
        return Reservation;
    }
    KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_MISUSE_NOT_RESERVED, (ULONG_PTR)BaseAddress, Tag, 0);
}

/* Every page table the range needs, made now so that mapping into it later cannot fail. */
static BOOLEAN
MiPrepareTables(ULONG64 Va, ULONG64 Pages)
{
    const ULONG64 TableSpan = PAGE_SIZE * (PAGE_SIZE / sizeof(MMPTE));
    ULONG64 Page;

    for (Page = 0; Page < Pages; Page++)
    {
        ULONG64 At = Va + Page * PAGE_SIZE;

        if ((Page == 0 || (At & (TableSpan - 1)) == 0) && !MiEnsurePageTables(At))
            return FALSE;
    }
    return TRUE;
}

PVOID NTAPI
MmAllocateMappingAddress(SIZE_T NumberOfBytes, ULONG PoolTag)
{
    ULONG64 Pages = BYTES_TO_PAGES(NumberOfBytes);
    MI_RESERVATION *Reservation;
    KIRQL OldIrql;

    if (NumberOfBytes == 0 || PoolTag == 0 || Pages > MI_SYSTEM_PTE_PAGES)
        return NULL;
    Reservation = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Reservation), MI_RESERVE_TAG);
    if (Reservation == NULL)
        return NULL;
    Reservation->Va = MiReserveSystemPtes((ULONG)Pages);
    if (Reservation->Va == 0)
    {
        ExFreePoolWithTag(Reservation, MI_RESERVE_TAG);
        return NULL;
    }
    Reservation->Pages = (ULONG)Pages;
    if (!MiPrepareTables(Reservation->Va, Pages))
    {
        MiReleaseSystemPtes(Reservation->Va, (ULONG)Pages);
        ExFreePoolWithTag(Reservation, MI_RESERVE_TAG);
        return NULL;
    }
    Reservation->Tag = PoolTag;
    Reservation->MappedPages = 0;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiReservationLock);
    InsertTailList(&MiReservations, &Reservation->Links);
    KeReleaseSpinLock(&MiReservationLock, OldIrql);
    return (PVOID)(ULONG_PTR)Reservation->Va;
}

VOID NTAPI
MmFreeMappingAddress(PVOID BaseAddress, ULONG PoolTag)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiReservationLock);
    MI_RESERVATION *Reservation = MiFindReservation(BaseAddress, PoolTag);

    if (Reservation->MappedPages != 0)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_MISUSE_STILL_MAPPED, (ULONG_PTR)BaseAddress,
                     Reservation->MappedPages, PoolTag);
    RemoveEntryList(&Reservation->Links);
    KeReleaseSpinLock(&MiReservationLock, OldIrql);
    MiReleaseSystemPtes(Reservation->Va, Reservation->Pages);
    ExFreePoolWithTag(Reservation, MI_RESERVE_TAG);
}

/*
 * NULL only when the MDL does not fit the reservation: the point of reserving is that this
 * cannot fail for want of resources. As documented, the address returned includes the MDL's
 * byte offset and the MDL's MappedSystemVa does not.
 */
PVOID NTAPI
MmMapLockedPagesWithReservedMapping(PVOID MappingAddress, ULONG PoolTag, PMDL Mdl,
                                    MEMORY_CACHING_TYPE CacheType)
{
    ULONG Pages = MiMdlPageCount(Mdl);
    ULONG64 Attributes = MiCacheAttributes(CacheType);
    PPFN_NUMBER Frames = MiMdlPages(Mdl);
    MI_RESERVATION *Reservation;
    KIRQL OldIrql;
    ULONG I;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiReservationLock);
    Reservation = MiFindReservation(MappingAddress, PoolTag);
    if (Reservation->MappedPages != 0)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_MISUSE_ALREADY_MAPPED, (ULONG_PTR)MappingAddress,
                     (ULONG_PTR)Mdl, PoolTag);
    if (Pages > Reservation->Pages || Attributes == MAXULONG64 ||
        !(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL)))
    {
        KeReleaseSpinLock(&MiReservationLock, OldIrql);
        return NULL;
    }
    Reservation->MappedPages = Pages;
    KeReleaseSpinLock(&MiReservationLock, OldIrql);
    /* The page tables were made with the reservation: this cannot fail. */
    for (I = 0; I < Pages; I++)
        if (!MiMapPage(Reservation->Va + (ULONG64)I * PAGE_SIZE, Frames[I],
                       Attributes | MI_PTE_WRITE | MI_PTE_NO_EXECUTE))
            KeBugCheckEx(NO_MORE_SYSTEM_PTES, 1, Pages, I, 0);
    Mdl->MappedSystemVa = MappingAddress;
    Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return (PUCHAR)MappingAddress + Mdl->ByteOffset;
}

VOID NTAPI
MmUnmapReservedMapping(PVOID BaseAddress, ULONG PoolTag, PMDL Mdl)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiReservationLock);
    MI_RESERVATION *Reservation = MiFindReservation(BaseAddress, PoolTag);
    ULONG Pages = Reservation->MappedPages;

    if (Pages == 0 || Mdl->MappedSystemVa != BaseAddress)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_MISUSE_NOT_MAPPED, (ULONG_PTR)BaseAddress,
                     (ULONG_PTR)Mdl, PoolTag);
    KeReleaseSpinLock(&MiReservationLock, OldIrql);
    MiUnmapRun(Reservation->Va, Pages, FALSE);
    Mdl->MdlFlags &= ~MDL_MAPPED_TO_SYSTEM_VA;
    Mdl->MappedSystemVa = (PUCHAR)Mdl->StartVa + Mdl->ByteOffset;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&MiReservationLock);
    Reservation->MappedPages = 0;
    KeReleaseSpinLock(&MiReservationLock, OldIrql);
}
