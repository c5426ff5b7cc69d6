/* SPDX-License-Identifier: MIT */
/*
 * Handle tables. As on NT there are two in use so far: the kernel handle table
 * (OBJ_KERNEL_HANDLE; its handles have the top bit set, so user mode can never name them)
 * and the system process's. A handle is (index + 1) * 4; an entry holds the object, the
 * access granted when the handle was made, and the handle attributes. Each table grows by
 * doubling under its own spin lock; a reference taken through a handle is taken under that
 * lock, so a concurrent close cannot free the object in between.
 * Not yet: per-process tables for user processes, OBJ_INHERIT, ZwDuplicateObject.
 */
#include "obp.h"

#define OBP_HANDLE_TAG 0x62486F4F /* "OoHb" */
#define OBP_KERNEL_HANDLE_BIT 0xFFFFFFFF80000000ull
#define OBP_INITIAL_HANDLES 64

typedef struct _OBP_HANDLE_ENTRY
{
    PVOID Object;
    ACCESS_MASK GrantedAccess;
    ULONG Attributes;
} OBP_HANDLE_ENTRY;

typedef struct _OBP_HANDLE_TABLE
{
    KSPIN_LOCK Lock;
    OBP_HANDLE_ENTRY *Entries;
    ULONG Capacity;
} OBP_HANDLE_TABLE;

static OBP_HANDLE_TABLE ObpKernelHandleTable, ObpSystemHandleTable;

static OBP_HANDLE_TABLE *
ObpTableOf(HANDLE Handle, PULONG Index)
{
    ULONG64 Value = (ULONG64)(ULONG_PTR)Handle;

    if ((Value & 3) != 0 || (Value & ~OBP_KERNEL_HANDLE_BIT) == 0)
        return NULL;
    *Index = (ULONG)((Value & ~OBP_KERNEL_HANDLE_BIT) / 4) - 1;
    return (Value & OBP_KERNEL_HANDLE_BIT) == OBP_KERNEL_HANDLE_BIT ? &ObpKernelHandleTable
                                                                    : &ObpSystemHandleTable;
}

/* Double the table. Lock held; FALSE when pool is short. */
static BOOLEAN
ObpGrowTable(OBP_HANDLE_TABLE *Table)
{
    ULONG Capacity = Table->Capacity ? Table->Capacity * 2 : OBP_INITIAL_HANDLES;
    OBP_HANDLE_ENTRY *Entries =
        ExAllocatePoolWithTag(NonPagedPoolNx, Capacity * sizeof(OBP_HANDLE_ENTRY), OBP_HANDLE_TAG);

    if (Entries == NULL)
        return FALSE;
    RtlZeroMemory(Entries, Capacity * sizeof(OBP_HANDLE_ENTRY));
    if (Table->Entries != NULL)
    {
        RtlCopyMemory(Entries, Table->Entries, Table->Capacity * sizeof(OBP_HANDLE_ENTRY));
        ExFreePoolWithTag(Table->Entries, OBP_HANDLE_TAG);
    }
    Table->Entries = Entries;
    Table->Capacity = Capacity;
    return TRUE;
}

/* The access a handle grants: all the type offers for GENERIC_ALL or MAXIMUM_ALLOWED (no
 * security checks yet), else what was asked within what the type offers. */
static ACCESS_MASK
ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess)
{
    if (DesiredAccess & (GENERIC_ALL | MAXIMUM_ALLOWED))
        return Type->ValidAccessMask;
    return DesiredAccess & Type->ValidAccessMask;
}

NTSTATUS
ObpInsertHandle(PVOID Object, ACCESS_MASK DesiredAccess, ULONG HandleAttributes, PHANDLE Handle)
{
    BOOLEAN Kernel = (HandleAttributes & OBJ_KERNEL_HANDLE) != 0;
    OBP_HANDLE_TABLE *Table = Kernel ? &ObpKernelHandleTable : &ObpSystemHandleTable;
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    KIRQL OldIrql;
    ULONG Index;

    *Handle = NULL;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    for (Index = 0; Index < Table->Capacity && Table->Entries[Index].Object != NULL; Index++)
        ;
    if (Index == Table->Capacity && !ObpGrowTable(Table))
    {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Table->Entries[Index].Object = Object;
    Table->Entries[Index].GrantedAccess = ObpGrantedAccess(Header->Type, DesiredAccess);
    Table->Entries[Index].Attributes = HandleAttributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE);
    ObfReferenceObject(Object);
    InterlockedIncrement64((volatile LONG64 *)&Header->HandleCount);
    InterlockedIncrement(&Header->Type->TotalNumberOfHandles);
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    *Handle = (HANDLE)(ULONG_PTR)(((ULONG64)Index + 1) * 4 | (Kernel ? OBP_KERNEL_HANDLE_BIT : 0));
    return STATUS_SUCCESS;
}

/* The object behind Handle, referenced, or NULL when the handle is not valid. */
static PVOID
ObpReferenceHandle(HANDLE Handle, PACCESS_MASK GrantedAccess, PULONG Attributes)
{
    ULONG Index;
    OBP_HANDLE_TABLE *Table = ObpTableOf(Handle, &Index);
    PVOID Object = NULL;
    KIRQL OldIrql;

    if (Table == NULL)
        return NULL;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
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

NTSTATUS NTAPI
ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                          KPROCESSOR_MODE AccessMode, PVOID *Object,
                          POBJECT_HANDLE_INFORMATION HandleInformation)
{
    ACCESS_MASK Granted = 0;
    ULONG Attributes = 0;
    PVOID Found;

    *Object = NULL;
    if (Handle == NtCurrentThread() && ObpIsObject(KeGetCurrentThread()))
    {
        Found = KeGetCurrentThread();
        ObfReferenceObject(Found);
        Granted = ObGetObjectType(Found)->ValidAccessMask;
    }
    else if (AccessMode == UserMode &&
             ((ULONG64)(ULONG_PTR)Handle & OBP_KERNEL_HANDLE_BIT) == OBP_KERNEL_HANDLE_BIT)
        return STATUS_INVALID_HANDLE;
    else if ((Found = ObpReferenceHandle(Handle, &Granted, &Attributes)) == NULL)
        return STATUS_INVALID_HANDLE;
    if (ObjectType != NULL && ObGetObjectType(Found) != ObjectType)
    {
        ObfDereferenceObject(Found);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    /* Kernel-mode callers are trusted with any access, as on NT. */
    if (AccessMode == UserMode && (Granted & DesiredAccess) != DesiredAccess)
    {
        ObfDereferenceObject(Found);
        return STATUS_ACCESS_DENIED;
    }
    if (HandleInformation != NULL)
    {
        HandleInformation->GrantedAccess = Granted;
        HandleInformation->HandleAttributes = Attributes;
    }
    *Object = Found;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
NtClose(HANDLE Handle)
{
    ULONG Index;
    OBP_HANDLE_TABLE *Table = ObpTableOf(Handle, &Index);
    PVOID Object = NULL;
    POBJECT_HEADER Header;
    KIRQL OldIrql;

    if (Table == NULL)
        return STATUS_INVALID_HANDLE;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    if (Index < Table->Capacity)
    {
        Object = Table->Entries[Index].Object;
        Table->Entries[Index].Object = NULL;
    }
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    if (Object == NULL)
        return STATUS_INVALID_HANDLE;
    Header = ObpCheckedHeader(Object);
    InterlockedDecrement64((volatile LONG64 *)&Header->HandleCount);
    InterlockedDecrement(&Header->Type->TotalNumberOfHandles);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

/* Kernel-mode callers reach the same service (no previous-mode switch exists yet). */
NTSTATUS NTAPI
ZwClose(HANDLE Handle)
{
    return NtClose(Handle);
}
