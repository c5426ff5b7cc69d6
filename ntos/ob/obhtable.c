/* SPDX-License-Identifier: MIT */
/*
 * Handle tables, the structure (NT's HANDLE_TABLE): an array of entries, each the object, the
 * access granted when the handle was made and the handle attributes, owned by a process. Free
 * entries form a list through the array, so taking and giving back a slot is constant time;
 * a full table doubles, with no limit but pool (and the 2^29 slots a 32-bit handle value can
 * name). One spin lock per table guards it: a reference taken through a handle is taken under
 * it, so a concurrent close cannot free the object in between. What a handle means (open and
 * close procedures, counts) is in obhandle.c.
 */
#include "obp.h"

#define OBP_HANDLE_TAG 0x62486F4F /* "OoHb" */
#define OBP_TABLE_TAG 0x74486F4F  /* "OoHt" */
#define OBP_INITIAL_HANDLES 64
#define OBP_MAXIMUM_HANDLES (1u << 29)

PHANDLE_TABLE
ObpCreateHandleTable(PEPROCESS Owner, BOOLEAN Kernel)
{
    PHANDLE_TABLE Table = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Table), OBP_TABLE_TAG);

    if (Table == NULL)
        return NULL;
    RtlZeroMemory(Table, sizeof(*Table));
    KeInitializeSpinLock(&Table->Lock);
    Table->QuotaProcess = Owner;
    Table->Kernel = Kernel;
    Table->FirstFree = OBP_NO_FREE_ENTRY;
    return Table;
}

/* Double the table and chain the new slots in front of the free list. Lock held; FALSE when
 * pool is short or the table is as large as handle values allow. */
static BOOLEAN
ObpGrowTable(PHANDLE_TABLE Table)
{
    ULONG Capacity = Table->Capacity ? Table->Capacity * 2 : OBP_INITIAL_HANDLES;
    POBP_HANDLE_ENTRY Entries;
    ULONG Index;

    if (Capacity > OBP_MAXIMUM_HANDLES)
        return FALSE;
    Entries =
        ExAllocatePoolWithTag(NonPagedPoolNx, Capacity * sizeof(OBP_HANDLE_ENTRY), OBP_HANDLE_TAG);
    if (Entries == NULL)
        return FALSE;
    if (Table->Entries != NULL)
    {
        RtlCopyMemory(Entries, Table->Entries, Table->Capacity * sizeof(OBP_HANDLE_ENTRY));
        ExFreePoolWithTag(Table->Entries, OBP_HANDLE_TAG);
    }
    for (Index = Capacity; Index-- > Table->Capacity;)
    {
        Entries[Index].Object = NULL;
        Entries[Index].NextFree = Table->FirstFree;
        Entries[Index].Attributes = 0;
        Table->FirstFree = Index;
    }
    Table->Entries = Entries;
    Table->Capacity = Capacity;
    return TRUE;
}

/* Take a slot for Object and reference it. FALSE when the table cannot grow. */
BOOLEAN
ObpAllocateHandleEntry(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK Granted, ULONG Attributes,
                       PULONG Slot)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    ULONG Index;

    if (Table->FirstFree == OBP_NO_FREE_ENTRY && !ObpGrowTable(Table))
    {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return FALSE;
    }
    Index = Table->FirstFree;
    Table->FirstFree = Table->Entries[Index].NextFree;
    Table->Entries[Index].Object = Object;
    Table->Entries[Index].GrantedAccess = Granted;
    Table->Entries[Index].Attributes = Attributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE);
    Table->HandleCount++;
    ObfReferenceObject(Object);
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    *Slot = Index;
    return TRUE;
}

/* The object in slot Index, referenced, with its access and attributes; NULL if free. */
PVOID
ObpReferenceHandleEntry(PHANDLE_TABLE Table, ULONG Index, PACCESS_MASK GrantedAccess,
                        PULONG Attributes)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    PVOID Object = NULL;

    if (Index < Table->Capacity && Table->Entries[Index].Object != NULL)
    {
        Object = Table->Entries[Index].Object;
        *GrantedAccess = Table->Entries[Index].GrantedAccess;
        *Attributes = Table->Entries[Index].Attributes;
        ObfReferenceObject(Object);
    }
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    return Object;
}

/* Give slot Index back if it still holds Object; its reference passes to the caller. */
BOOLEAN
ObpFreeHandleEntry(PHANDLE_TABLE Table, ULONG Index, PVOID Object, PACCESS_MASK Granted)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    BOOLEAN Freed = Index < Table->Capacity && Table->Entries[Index].Object == Object;

    if (Freed)
    {
        *Granted = Table->Entries[Index].GrantedAccess;
        Table->Entries[Index].Object = NULL;
        Table->Entries[Index].NextFree = Table->FirstFree;
        Table->FirstFree = Index;
        Table->HandleCount--;
    }
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    return Freed;
}

ULONG
ObpHandleTableCount(PHANDLE_TABLE Table)
{
    return Table != NULL ? Table->HandleCount : 0;
}

ULONG
ObpHandleTableCapacity(PHANDLE_TABLE Table)
{
    return Table != NULL ? Table->Capacity : 0;
}

PEPROCESS
ObpHandleTableOwner(PHANDLE_TABLE Table)
{
    return Table->QuotaProcess;
}
