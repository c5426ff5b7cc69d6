/* SPDX-License-Identifier: MIT */
/*
 * Lookaside lists: per-list caches of fixed-size blocks. Drivers allocate and free through
 * the DDK's inline ExAllocateFrom...LookasideList and ExFreeTo...LookasideList, which pop and
 * push the list's S-list and call the list's Allocate/Free routines only on a miss or when
 * the list already holds Depth entries; this file sets the list up for that code and takes
 * it down again. The default routines are the pool's, with the list's pool type and tag.
 * NT starts Depth at 4 and lets a balancer thread move it towards MaximumDepth (256) by
 * hit rate; Basalt has no balancer yet, so Depth is fixed at creation: as many entries as
 * fit in 64 KiB, at least 4 and at most 256 (the Depth argument is reserved, as on NT).
 * Every list is linked into one registry (L.ListEntry) for a future balancer and debugger.
 */
#include "exp.h"

#define EXP_LOOKASIDE_CACHE_BYTES 0x10000
#define EXP_LOOKASIDE_MINIMUM_DEPTH 4

static LIST_ENTRY ExpLookasideListHead = {&ExpLookasideListHead, &ExpLookasideListHead};
static KSPIN_LOCK ExpLookasideListLock;

C_ASSERT(sizeof(GENERAL_LOOKASIDE) == sizeof(GENERAL_LOOKASIDE_POOL) + 32);
C_ASSERT(FIELD_OFFSET(GENERAL_LOOKASIDE, ListEntry) ==
         FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, ListEntry));
C_ASSERT(FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, Depth) == 0x10 &&
         FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, Type) == 0x24 &&
         FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, Allocate) == 0x30 &&
         FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, ListEntry) == 0x40 &&
         sizeof(GENERAL_LOOKASIDE_POOL) == 0x60);
C_ASSERT(sizeof(NPAGED_LOOKASIDE_LIST) == 0x80 && sizeof(LOOKASIDE_LIST_EX) == 0x60);

static PVOID
ExpAllocatePoolForLookaside(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID Block = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);

    if (Block == NULL && (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return Block;
}

static PVOID NTAPI
ExpDefaultAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocatePoolForLookaside(PoolType, NumberOfBytes, Tag);
}

/* The legacy Free routine gets no list, hence no tag to check against. */
static VOID NTAPI
ExpDefaultFree(PVOID Buffer)
{
    ExFreePool(Buffer);
}

static PVOID NTAPI
ExpDefaultAllocateEx(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                     PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    return ExpAllocatePoolForLookaside(PoolType, NumberOfBytes, Tag);
}

static VOID NTAPI
ExpDefaultFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    ExFreePoolWithTag(Buffer, Lookaside->L.Tag);
}

/* Everything but the routines, which the callers set through the union member they own. */
static VOID
ExpInitializeLookaside(PGENERAL_LOOKASIDE_POOL L, POOL_TYPE Type, SIZE_T Size, ULONG Tag)
{
    ULONG64 Flags;

    RtlZeroMemory(L, sizeof(*L));
    InitializeSListHead(&L->ListHead);
    Size = max(Size, LOOKASIDE_MINIMUM_BLOCK_SIZE);
    L->Depth = (USHORT)min(max(EXP_LOOKASIDE_CACHE_BYTES / Size, EXP_LOOKASIDE_MINIMUM_DEPTH),
                           EX_MAXIMUM_LOOKASIDE_DEPTH_BASE);
    L->MaximumDepth = EX_MAXIMUM_LOOKASIDE_DEPTH_BASE;
    L->Type = Type;
    L->Tag = Tag;
    L->Size = (ULONG)Size;
    Flags = ExpAcquireListLock(&ExpLookasideListLock);
    InsertTailList(&ExpLookasideListHead, &L->ListEntry);
    ExpReleaseListLock(&ExpLookasideListLock, Flags);
}

static VOID
ExpUnlinkLookaside(PGENERAL_LOOKASIDE_POOL L)
{
    ULONG64 Flags = ExpAcquireListLock(&ExpLookasideListLock);

    RemoveEntryList(&L->ListEntry);
    ExpReleaseListLock(&ExpLookasideListLock, Flags);
}

/* Gives every cached entry to the list's Free routine (FreeEx when Ex is TRUE). */
static VOID
ExpFlushLookaside(PGENERAL_LOOKASIDE_POOL L, BOOLEAN Ex)
{
    PSLIST_ENTRY Entry = ExpInterlockedFlushSList(&L->ListHead);

    while (Entry != NULL)
    {
        PSLIST_ENTRY Next = Entry->Next;

        if (Ex)
            L->FreeEx(Entry, CONTAINING_RECORD(L, LOOKASIDE_LIST_EX, L));
        else
            L->Free(Entry);
        Entry = Next;
    }
}

VOID NTAPI
ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag,
                                USHORT Depth)
{
    PGENERAL_LOOKASIDE_POOL L = (PGENERAL_LOOKASIDE_POOL)&Lookaside->L;

    UNREFERENCED_PARAMETER(Depth);
    ExpInitializeLookaside(L, (POOL_TYPE)(NonPagedPool | Flags), Size, Tag);
    L->Allocate = Allocate != NULL ? Allocate : ExpDefaultAllocate;
    L->Free = Free != NULL ? Free : ExpDefaultFree;
}

VOID NTAPI
ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    PGENERAL_LOOKASIDE_POOL L = (PGENERAL_LOOKASIDE_POOL)&Lookaside->L;

    ExpUnlinkLookaside(L);
    ExpFlushLookaside(L, FALSE);
}

/* Paged lists are set up and taken down at IRQL <= APC_LEVEL, as their entries are paged. */
VOID NTAPI
ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                               PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag,
                               USHORT Depth)
{
    PGENERAL_LOOKASIDE_POOL L = (PGENERAL_LOOKASIDE_POOL)&Lookaside->L;

    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    UNREFERENCED_PARAMETER(Depth);
    ExpInitializeLookaside(L, (POOL_TYPE)(PagedPool | Flags), Size, Tag);
    L->Allocate = Allocate != NULL ? Allocate : ExpDefaultAllocate;
    L->Free = Free != NULL ? Free : ExpDefaultFree;
}

VOID NTAPI
ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    PGENERAL_LOOKASIDE_POOL L = (PGENERAL_LOOKASIDE_POOL)&Lookaside->L;

    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    ExpUnlinkLookaside(L);
    ExpFlushLookaside(L, FALSE);
}

/*
 * RAISE_ON_FAIL makes a miss that finds no memory raise STATUS_INSUFFICIENT_RESOURCES
 * (POOL_RAISE_IF_ALLOCATION_FAILURE); FAIL_NO_RAISE asks quota failures to return NULL.
 * The two contradict each other, so asking for both is an invalid Flags argument.
 */
NTSTATUS NTAPI
ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PALLOCATE_FUNCTION_EX Allocate,
                            PFREE_FUNCTION_EX Free, POOL_TYPE PoolType, ULONG Flags, SIZE_T Size,
                            ULONG Tag, USHORT Depth)
{
    const ULONG Known =
        EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL | EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE;
    ULONG Type = PoolType;

    UNREFERENCED_PARAMETER(Depth);
    if ((Flags & ~Known) != 0 || Flags == Known)
        return STATUS_INVALID_PARAMETER_5;
    if (Size > MAXULONG)
        return STATUS_INVALID_PARAMETER_6;
    if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL)
        Type |= POOL_RAISE_IF_ALLOCATION_FAILURE;
    if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)
        Type |= POOL_QUOTA_FAIL_INSTEAD_OF_RAISE;
    ExpInitializeLookaside(&Lookaside->L, (POOL_TYPE)Type, Size, Tag);
    Lookaside->L.AllocateEx = Allocate != NULL ? Allocate : ExpDefaultAllocateEx;
    Lookaside->L.FreeEx = Free != NULL ? Free : ExpDefaultFreeEx;
    return STATUS_SUCCESS;
}

VOID NTAPI
ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    ExpFlushLookaside(&Lookaside->L, TRUE);
}

VOID NTAPI
ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    ExpUnlinkLookaside(&Lookaside->L);
    ExpFlushLookaside(&Lookaside->L, TRUE);
}
