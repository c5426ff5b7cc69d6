/* SPDX-License-Identifier: MIT */
/*
 * Waits through handles: NtWaitForSingleObject references the object for SYNCHRONIZE and
 * waits on its dispatcher header. Only types whose bodies start with one can be waited on
 * (OBJECT_TYPE.Waitable); anything else is STATUS_OBJECT_TYPE_MISMATCH.
 * Not yet: NtWaitForMultipleObjects, and user-mode callers (no previous mode exists).
 */
#include "obp.h"

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
