/* SPDX-License-Identifier: MIT */
/*
 * Handle tables. As on NT there are two in use so far: the kernel handle table
 * (OBJ_KERNEL_HANDLE; its handles have the top bit set, so user mode can never name them)
 * and the system process's. A handle is (index + 1) * 4; an entry holds the object, the
 * access granted when the handle was made, and the handle attributes. Each table grows by
 * doubling under its own spin lock; a reference taken through a handle is taken under that
 * lock, so a concurrent close cannot free the object in between. Making a handle calls the
 * type's open procedure (which may refuse); closing one asks its okay-to-close procedure,
 * then calls its close procedure, and the last handle of a temporary object takes its name.
 * OBJ_INHERIT is recorded on the handle; nothing inherits yet, as there are no child processes.
 * Not yet: per-process tables for user processes.
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
ACCESS_MASK
ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess)
{
    if (DesiredAccess & (GENERIC_ALL | MAXIMUM_ALLOWED))
        return Type->ValidAccessMask;
    return DesiredAccess & Type->ValidAccessMask;
}

/* Take a slot in Table for Object. FALSE when pool is short. */
static BOOLEAN
ObpAllocateEntry(OBP_HANDLE_TABLE *Table, PVOID Object, ACCESS_MASK Granted, ULONG Attributes,
                 PULONG Slot)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    ULONG Index;

    for (Index = 0; Index < Table->Capacity && Table->Entries[Index].Object != NULL; Index++)
        ;
    if (Index == Table->Capacity && !ObpGrowTable(Table))
    {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return FALSE;
    }
    Table->Entries[Index].Object = Object;
    Table->Entries[Index].GrantedAccess = Granted;
    Table->Entries[Index].Attributes = Attributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE);
    ObfReferenceObject(Object);
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    *Slot = Index;
    return TRUE;
}

/* A handle to Object: Access is mapped through the type unless AccessIsGranted (duplicates). */
NTSTATUS
ObpInsertHandleEx(PVOID Object, ACCESS_MASK Access, BOOLEAN AccessIsGranted, ULONG HandleAttributes,
                  OB_OPEN_REASON Reason, PHANDLE Handle)
{
    BOOLEAN Kernel = (HandleAttributes & OBJ_KERNEL_HANDLE) != 0;
    OBP_HANDLE_TABLE *Table = Kernel ? &ObpKernelHandleTable : &ObpSystemHandleTable;
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBJECT_TYPE Type = Header->Type;
    ACCESS_MASK Granted = AccessIsGranted ? Access : ObpGrantedAccess(Type, Access);
    LONG64 Count = InterlockedIncrement64((volatile LONG64 *)&Header->HandleCount);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index;

    *Handle = NULL;
    if (Type->OpenProcedure != NULL)
        Status = Type->OpenProcedure(Reason, KernelMode, (PEPROCESS)KeGetSystemProcess(), Object,
                                     &Granted, (ULONG)Count);
    if (NT_SUCCESS(Status) && !ObpAllocateEntry(Table, Object, Granted, HandleAttributes, &Index))
        Status = STATUS_INSUFFICIENT_RESOURCES;
    if (!NT_SUCCESS(Status))
    {
        InterlockedDecrement64((volatile LONG64 *)&Header->HandleCount);
        return Status;
    }
    InterlockedIncrement(&Type->TotalNumberOfHandles);
    *Handle = (HANDLE)(ULONG_PTR)(((ULONG64)Index + 1) * 4 | (Kernel ? OBP_KERNEL_HANDLE_BIT : 0));
    return STATUS_SUCCESS;
}

NTSTATUS
ObpInsertHandle(PVOID Object, ACCESS_MASK DesiredAccess, ULONG HandleAttributes, PHANDLE Handle)
{
    return ObpInsertHandleEx(Object, DesiredAccess, FALSE, HandleAttributes, ObCreateHandle,
                             Handle);
}

/* The object behind Handle, referenced, or NULL when the handle is not valid. */
PVOID
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

/* Empty the slot if it still holds Object. */
static BOOLEAN
ObpFreeEntry(OBP_HANDLE_TABLE *Table, ULONG Index, PVOID Object, PACCESS_MASK Granted)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Table->Lock);
    BOOLEAN Freed = Index < Table->Capacity && Table->Entries[Index].Object == Object;

    if (Freed)
    {
        *Granted = Table->Entries[Index].GrantedAccess;
        Table->Entries[Index].Object = NULL;
    }
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    return Freed;
}

/* A handle to Object is gone: close procedure, counts, the name, the handle's reference. */
static VOID
ObpHandleClosed(PVOID Object, ACCESS_MASK Granted)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBJECT_TYPE Type = Header->Type;
    LONG64 Count = InterlockedDecrement64((volatile LONG64 *)&Header->HandleCount);

    if (Type->CloseProcedure != NULL)
        Type->CloseProcedure((PEPROCESS)KeGetSystemProcess(), Object, Granted, Count + 1,
                             Count + 1);
    InterlockedDecrement(&Type->TotalNumberOfHandles);
    if (Count == 0)
        ObpDeleteNameCheck(Object);
    ObfDereferenceObject(Object);
}

NTSTATUS NTAPI
NtClose(HANDLE Handle)
{
    ULONG Index, Attributes;
    OBP_HANDLE_TABLE *Table = ObpTableOf(Handle, &Index);
    POB_OKAYTOCLOSE_PROCEDURE OkayToClose;
    ACCESS_MASK Granted;
    PVOID Object;

    if (Table == NULL || (Object = ObpReferenceHandle(Handle, &Granted, &Attributes)) == NULL)
        return STATUS_INVALID_HANDLE;
    OkayToClose = ObGetObjectType(Object)->OkayToCloseProcedure;
    if (OkayToClose != NULL &&
        !OkayToClose((PEPROCESS)KeGetSystemProcess(), Object, Handle, KernelMode))
    {
        ObfDereferenceObject(Object);
        return STATUS_HANDLE_NOT_CLOSABLE;
    }
    if (!ObpFreeEntry(Table, Index, Object, &Granted))
    {
        ObfDereferenceObject(Object); /* closed by someone else meanwhile */
        return STATUS_INVALID_HANDLE;
    }
    ObpHandleClosed(Object, Granted);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

/* Kernel-mode callers reach the same service (no previous-mode switch exists yet). */
NTSTATUS NTAPI
ZwClose(HANDLE Handle)
{
    return NtClose(Handle);
}

/* The pseudo-handles (-1, -2) have the kernel bit too, but name no table entry. */
BOOLEAN NTAPI
ObIsKernelHandle(HANDLE Handle)
{
    return ((ULONG64)(ULONG_PTR)Handle & OBP_KERNEL_HANDLE_BIT) == OBP_KERNEL_HANDLE_BIT &&
           Handle != NtCurrentProcess() && Handle != NtCurrentThread();
}

/* ZwClose for a caller of PreviousMode: user mode cannot close a kernel handle. */
NTSTATUS NTAPI
ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE PreviousMode)
{
    if (PreviousMode == UserMode && ObIsKernelHandle(Handle))
        return STATUS_INVALID_HANDLE;
    return NtClose(Handle);
}
