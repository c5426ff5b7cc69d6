/* SPDX-License-Identifier: MIT */
/*
 * Client IDs: one table for process and thread IDs (NT's PspCidTable). An ID is
 * (index + 1) * 4, so System, the first, is 4 as on Windows. Free slots form a list through
 * the entries, so making, deleting and looking up an ID are constant time; the table doubles
 * when full, with no limit but pool. One spin lock guards it, as lookups may come at
 * DISPATCH_LEVEL.
 */
#include "psp.h"

#define PSP_CID_TAG 0x64695350 /* "PSid" */
#define PSP_CID_INITIAL 64
#define PSP_CID_NONE 0xFFFFFFFFu

typedef union _PSP_CID_ENTRY
{
    PVOID Object;   /* in use */
    ULONG_PTR Free; /* (next free index << 1) | 1: object pointers are never odd */
} PSP_CID_ENTRY;

static KSPIN_LOCK PspCidLock;
static PSP_CID_ENTRY *PspCidEntries;
static ULONG PspCidCapacity, PspCidFirstFree = PSP_CID_NONE;

static VOID
PspChainFree(PSP_CID_ENTRY *Entries, ULONG From, ULONG To, ULONG Next)
{
    ULONG Index;

    for (Index = To; Index-- > From;)
    {
        Entries[Index].Free = ((ULONG_PTR)Next << 1) | 1;
        Next = Index;
    }
}

/* Double the table (lock held); FALSE when pool is short. */
static BOOLEAN
PspGrowCidTable(VOID)
{
    ULONG Capacity = PspCidCapacity ? PspCidCapacity * 2 : PSP_CID_INITIAL;
    PSP_CID_ENTRY *Entries;

    if (Capacity > MAXLONG / 4 / 2)
        return FALSE;
    Entries = ExAllocatePoolWithTag(NonPagedPoolNx, Capacity * sizeof(PSP_CID_ENTRY), PSP_CID_TAG);
    if (Entries == NULL)
        return FALSE;
    if (PspCidEntries != NULL)
    {
        RtlCopyMemory(Entries, PspCidEntries, PspCidCapacity * sizeof(PSP_CID_ENTRY));
        ExFreePoolWithTag(PspCidEntries, PSP_CID_TAG);
    }
    PspChainFree(Entries, PspCidCapacity, Capacity, PspCidFirstFree);
    PspCidFirstFree = PspCidCapacity;
    PspCidEntries = Entries;
    PspCidCapacity = Capacity;
    return TRUE;
}

NTSTATUS
PspInitializeCidTable(VOID)
{
    KeInitializeSpinLock(&PspCidLock);
    return PspGrowCidTable() ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS
PspCreateCid(PVOID Object, PHANDLE Id)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PspCidLock);
    ULONG Index;

    *Id = NULL;
    if (PspCidFirstFree == PSP_CID_NONE && !PspGrowCidTable())
    {
        KeReleaseSpinLock(&PspCidLock, OldIrql);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Index = PspCidFirstFree;
    PspCidFirstFree = (ULONG)(PspCidEntries[Index].Free >> 1);
    PspCidEntries[Index].Object = Object;
    KeReleaseSpinLock(&PspCidLock, OldIrql);
    *Id = (HANDLE)(((ULONG_PTR)Index + 1) * 4);
    return STATUS_SUCCESS;
}

/* The index Id names, or PSP_CID_NONE when it is not one (lock held). */
static ULONG
PspCidIndex(HANDLE Id)
{
    ULONG_PTR Value = (ULONG_PTR)Id;

    if (Value == 0 || (Value & 3) != 0 || Value / 4 > PspCidCapacity)
        return PSP_CID_NONE;
    if (PspCidEntries[Value / 4 - 1].Free & 1)
        return PSP_CID_NONE;
    return (ULONG)(Value / 4 - 1);
}

VOID
PspDeleteCid(HANDLE Id, PVOID Object)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PspCidLock);
    ULONG Index = PspCidIndex(Id);

    if (Index == PSP_CID_NONE || PspCidEntries[Index].Object != Object)
        KeBugCheckEx(CID_HANDLE_DELETION, (ULONG_PTR)Id, (ULONG_PTR)Object, 0, 0);
    PspCidEntries[Index].Free = ((ULONG_PTR)PspCidFirstFree << 1) | 1;
    PspCidFirstFree = Index;
    KeReleaseSpinLock(&PspCidLock, OldIrql);
}

PVOID
PspReferenceCid(HANDLE Id, POBJECT_TYPE Type)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PspCidLock);
    ULONG Index = PspCidIndex(Id);
    PVOID Object = NULL;

    if (Index != PSP_CID_NONE && ObGetObjectType(PspCidEntries[Index].Object) == Type &&
        ObpReferenceObjectSafe(PspCidEntries[Index].Object))
        Object = PspCidEntries[Index].Object;
    KeReleaseSpinLock(&PspCidLock, OldIrql);
    return Object;
}
