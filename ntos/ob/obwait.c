/* SPDX-License-Identifier: MIT */
/*
 * Waits through handles: the objects are referenced for SYNCHRONIZE and waited on through
 * their dispatcher headers. Only types whose bodies start with one can be waited on
 * (OBJECT_TYPE.Waitable); anything else is STATUS_OBJECT_TYPE_MISMATCH. More objects than a
 * thread's own wait blocks cover take a wait block array from pool.
 * Not yet: user-mode callers (no previous mode exists).
 */
#include "obp.h"

#define OBP_WAIT_TAG 0x74696157 /* "Wait" */

NTSTATUS NTAPI
NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    PVOID Object;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL, KernelMode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!ObGetObjectType(Object)->Waitable)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        Status = KeWaitForSingleObject(Object, UserRequest, KernelMode, Alertable, Timeout);
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI
ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    return NtWaitForSingleObject(Handle, Alertable, Timeout);
}

/* Reference the objects behind Handles; on failure none stays referenced. */
static NTSTATUS
ObpReferenceWaitObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType, PVOID *Objects)
{
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG I, J;

    for (I = 0; I < Count; I++)
    {
        Status =
            ObReferenceObjectByHandle(Handles[I], SYNCHRONIZE, NULL, KernelMode, &Objects[I], NULL);
        if (!NT_SUCCESS(Status))
            break;
        if (!ObGetObjectType(Objects[I])->Waitable)
            Status = STATUS_OBJECT_TYPE_MISMATCH;
        /* WaitAll on one object twice could never be satisfied. */
        for (J = 0; J < I && NT_SUCCESS(Status) && WaitType == WaitAll; J++)
        {
            if (Objects[J] == Objects[I])
                Status = STATUS_INVALID_PARAMETER_MIX;
        }
        if (!NT_SUCCESS(Status))
        {
            ObfDereferenceObject(Objects[I]);
            break;
        }
    }
    if (!NT_SUCCESS(Status))
    {
        while (I-- > 0)
            ObfDereferenceObject(Objects[I]);
    }
    return Status;
}

NTSTATUS NTAPI
NtWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType, BOOLEAN Alertable,
                         PLARGE_INTEGER Timeout)
{
    PVOID Objects[MAXIMUM_WAIT_OBJECTS];
    PKWAIT_BLOCK WaitBlocks = NULL;
    NTSTATUS Status;
    ULONG I;

    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    if (WaitType != WaitAll && WaitType != WaitAny)
        return STATUS_INVALID_PARAMETER_3;
    if (Count > THREAD_WAIT_OBJECTS)
    {
        WaitBlocks =
            ExAllocatePoolWithTag(NonPagedPoolNx, Count * sizeof(KWAIT_BLOCK), OBP_WAIT_TAG);
        if (WaitBlocks == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    Status = ObpReferenceWaitObjects(Count, Handles, WaitType, Objects);
    if (NT_SUCCESS(Status))
    {
        Status = KeWaitForMultipleObjects(Count, Objects, WaitType, UserRequest, KernelMode,
                                          Alertable, Timeout, WaitBlocks);
        for (I = 0; I < Count; I++)
            ObfDereferenceObject(Objects[I]);
    }
    if (WaitBlocks != NULL)
        ExFreePoolWithTag(WaitBlocks, OBP_WAIT_TAG);
    return Status;
}

NTSTATUS NTAPI
ZwWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType, BOOLEAN Alertable,
                         PLARGE_INTEGER Timeout)
{
    return NtWaitForMultipleObjects(Count, Handles, WaitType, Alertable, Timeout);
}
