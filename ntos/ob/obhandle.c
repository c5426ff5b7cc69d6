/* SPDX-License-Identifier: MIT */
/*
 * Handles. Each process has a handle table (EPROCESS.ObjectTable, obhtable.c) and a handle
 * names a slot in the current process's; kernel handles (OBJ_KERNEL_HANDLE, with the top bit
 * set so user mode can never name them) live in a table of their own that belongs to the
 * system process, as on NT, and mean the same in any process. A handle is (index + 1) * 4.
 * NtCurrentProcess() and NtCurrentThread() name the current process and thread. Making a
 * handle calls the type's open procedure (which may refuse); closing one asks its okay-to-close
 * procedure, then calls its close procedure, and the last handle of a temporary object takes
 * its name. OBJ_INHERIT is recorded on the handle; nothing inherits yet, as there are no
 * child processes.
 */
#include "obp.h"

#define OBP_KERNEL_HANDLE_BIT 0xFFFFFFFF80000000ull

PHANDLE_TABLE ObpKernelHandleTable;

NTSTATUS
ObInitProcess(PEPROCESS Process)
{
    if (ObpKernelHandleTable == NULL &&
        (ObpKernelHandleTable = ObpCreateHandleTable(Process, TRUE)) == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Process->ObjectTable = ObpCreateHandleTable(Process, FALSE);
    return Process->ObjectTable != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

/* The current process's table, or NULL before Ps made the system process. */
static PHANDLE_TABLE
ObpCurrentTable(VOID)
{
    return PsInitialSystemProcess != NULL ? PsGetCurrentProcess()->ObjectTable : NULL;
}

static PHANDLE_TABLE
ObpTableOf(HANDLE Handle, PULONG Index)
{
    ULONG64 Value = (ULONG64)(ULONG_PTR)Handle;
    BOOLEAN Kernel = (Value & OBP_KERNEL_HANDLE_BIT) == OBP_KERNEL_HANDLE_BIT;

    /* The upper 33 bits are all set (kernel) or all clear; anything else names nothing. */
    if ((Value & 3) != 0 || (Value & ~OBP_KERNEL_HANDLE_BIT) == 0 ||
        (!Kernel && (Value & OBP_KERNEL_HANDLE_BIT) != 0))
        return NULL;
    *Index = (ULONG)((Value & ~OBP_KERNEL_HANDLE_BIT) / 4) - 1;
    return Kernel ? ObpKernelHandleTable : ObpCurrentTable();
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

/* A handle to Object: Access is mapped through the type unless AccessIsGranted (duplicates). */
NTSTATUS
ObpInsertHandleEx(PVOID Object, ACCESS_MASK Access, BOOLEAN AccessIsGranted, ULONG HandleAttributes,
                  OB_OPEN_REASON Reason, PHANDLE Handle)
{
    BOOLEAN Kernel = (HandleAttributes & OBJ_KERNEL_HANDLE) != 0;
    PHANDLE_TABLE Table = Kernel ? ObpKernelHandleTable : ObpCurrentTable();
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBJECT_TYPE Type = Header->Type;
    ACCESS_MASK Granted = AccessIsGranted ? Access : ObpGrantedAccess(Type, Access);
    LONG64 Count = InterlockedIncrement64((volatile LONG64 *)&Header->HandleCount);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index;

    *Handle = NULL;
    if (Table == NULL)
        Status = STATUS_INVALID_HANDLE; /* no process yet: too early in phase 0 */
    else if (Type->OpenProcedure != NULL)
        Status = Type->OpenProcedure(Reason, KernelMode, Table->QuotaProcess, Object, &Granted,
                                     (ULONG)Count);
    if (NT_SUCCESS(Status) &&
        !ObpAllocateHandleEntry(Table, Object, Granted, HandleAttributes, &Index))
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
    PHANDLE_TABLE Table = ObpTableOf(Handle, &Index);

    return Table != NULL ? ObpReferenceHandleEntry(Table, Index, GrantedAccess, Attributes) : NULL;
}

/* The current process or thread, referenced with all access, for NtCurrentProcess() and
 * NtCurrentThread(); NULL for any other handle (or a thread that is not an object). */
PVOID
ObpReferencePseudoHandle(HANDLE Handle, PACCESS_MASK GrantedAccess)
{
    PVOID Object = NULL;

    if (Handle == NtCurrentProcess() && PsInitialSystemProcess != NULL)
        Object = PsGetCurrentProcess();
    else if (Handle == NtCurrentThread() && ObpIsObject(KeGetCurrentThread()))
        Object = KeGetCurrentThread();
    if (Object == NULL)
        return NULL;
    ObfReferenceObject(Object);
    *GrantedAccess = ObGetObjectType(Object)->ValidAccessMask;
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
    Found = ObpReferencePseudoHandle(Handle, &Granted);
    if (Found == NULL && AccessMode == UserMode && ObIsKernelHandle(Handle))
        return STATUS_INVALID_HANDLE;
    if (Found == NULL && (Found = ObpReferenceHandle(Handle, &Granted, &Attributes)) == NULL)
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

/* A handle to Object is gone: close procedure, counts, the name, the handle's reference. */
static VOID
ObpHandleClosed(PEPROCESS Process, PVOID Object, ACCESS_MASK Granted)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBJECT_TYPE Type = Header->Type;
    LONG64 Count = InterlockedDecrement64((volatile LONG64 *)&Header->HandleCount);

    if (Type->CloseProcedure != NULL)
        Type->CloseProcedure(Process, Object, Granted, Count + 1, Count + 1);
    InterlockedDecrement(&Type->TotalNumberOfHandles);
    if (Count == 0)
        ObpDeleteNameCheck(Object);
    ObfDereferenceObject(Object);
}

NTSTATUS NTAPI
NtClose(HANDLE Handle)
{
    ULONG Index, Attributes;
    PHANDLE_TABLE Table = ObpTableOf(Handle, &Index);
    POB_OKAYTOCLOSE_PROCEDURE OkayToClose;
    ACCESS_MASK Granted;
    PVOID Object;

    if (Table == NULL ||
        (Object = ObpReferenceHandleEntry(Table, Index, &Granted, &Attributes)) == NULL)
        return STATUS_INVALID_HANDLE;
    OkayToClose = ObGetObjectType(Object)->OkayToCloseProcedure;
    if (OkayToClose != NULL && !OkayToClose(Table->QuotaProcess, Object, Handle, KernelMode))
    {
        ObfDereferenceObject(Object);
        return STATUS_HANDLE_NOT_CLOSABLE;
    }
    if (!ObpFreeHandleEntry(Table, Index, Object, &Granted))
    {
        ObfDereferenceObject(Object); /* closed by someone else meanwhile */
        return STATUS_INVALID_HANDLE;
    }
    ObpHandleClosed(Table->QuotaProcess, Object, Granted);
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
