/* SPDX-License-Identifier: MIT */
/*
 * Handle duplication. The system process is the only process, so both process handles must
 * name it: NtCurrentProcess() or a handle to it (the target may be NULL to only close the
 * source). NtCurrentProcess() and NtCurrentThread() as the source give real handles to the
 * process and thread, as on NT. The new handle
 * gets the source's access with DUPLICATE_SAME_ACCESS, else DesiredAccess mapped through the
 * type: like NT for a kernel-mode caller, it is not limited to what the source grants (NT
 * checks it against the object's security descriptor, which Basalt does not have yet).
 * DUPLICATE_CLOSE_SOURCE closes the source whatever else happens, as on NT.
 */
#include "obp.h"

/* Does ProcessHandle name the current process (the only one there is)? */
static BOOLEAN
ObpIsCurrentProcessHandle(HANDLE ProcessHandle)
{
    PVOID Process;
    BOOLEAN Current;

    if (!NT_SUCCESS(ObReferenceObjectByHandle(ProcessHandle, PROCESS_DUP_HANDLE, *PsProcessType,
                                              KernelMode, &Process, NULL)))
        return FALSE;
    Current = Process == PsGetCurrentProcess();
    ObfDereferenceObject(Process);
    return Current;
}

NTSTATUS NTAPI
NtDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle, HANDLE TargetProcessHandle,
                  PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                  ULONG Options)
{
    ACCESS_MASK Granted, Access;
    ULONG Attributes;
    NTSTATUS Status = STATUS_SUCCESS;
    PVOID Object;

    if (TargetHandle != NULL)
        *TargetHandle = NULL;
    if (!ObpIsCurrentProcessHandle(SourceProcessHandle))
        return STATUS_INVALID_HANDLE;
    Attributes = 0;
    Object = ObpReferencePseudoHandle(SourceHandle, &Granted);
    if (Object == NULL &&
        (Object = ObpReferenceHandle(SourceHandle, &Granted, &Attributes)) == NULL)
        return STATUS_INVALID_HANDLE;
    /* Without a target process only DUPLICATE_CLOSE_SOURCE means anything. */
    if (TargetProcessHandle == NULL && !(Options & DUPLICATE_CLOSE_SOURCE))
        Status = STATUS_INVALID_HANDLE;
    else if (TargetProcessHandle != NULL && !ObpIsCurrentProcessHandle(TargetProcessHandle))
        Status = STATUS_INVALID_HANDLE;
    else if (TargetProcessHandle != NULL && TargetHandle != NULL)
    {
        Access = (Options & DUPLICATE_SAME_ACCESS)
                     ? Granted
                     : ObpGrantedAccess(ObGetObjectType(Object), DesiredAccess);
        if (Options & DUPLICATE_SAME_ATTRIBUTES)
            HandleAttributes = Attributes;
        Status = ObpInsertHandleEx(Object, Access, TRUE, HandleAttributes, ObDuplicateHandle,
                                   TargetHandle);
    }
    if (Options & DUPLICATE_CLOSE_SOURCE)
        NtClose(SourceHandle);
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI
ZwDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle, HANDLE TargetProcessHandle,
                  PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                  ULONG Options)
{
    return NtDuplicateObject(SourceProcessHandle, SourceHandle, TargetProcessHandle, TargetHandle,
                             DesiredAccess, HandleAttributes, Options);
}
