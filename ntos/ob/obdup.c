/* SPDX-License-Identifier: MIT */
/*
 * Handle duplication. The system process is the only process, so both process handles must
 * be NtCurrentProcess() (the target may be NULL to only close the source). The new handle
 * gets the source's access with DUPLICATE_SAME_ACCESS, else DesiredAccess mapped through the
 * type: like NT for a kernel-mode caller, it is not limited to what the source grants (NT
 * checks it against the object's security descriptor, which Basalt does not have yet).
 * DUPLICATE_CLOSE_SOURCE closes the source whatever else happens, as on NT.
 */
#include "obp.h"

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
    if (SourceProcessHandle != NtCurrentProcess())
        return STATUS_INVALID_HANDLE;
    Object = ObpReferenceHandle(SourceHandle, &Granted, &Attributes);
    if (Object == NULL)
        return STATUS_INVALID_HANDLE;
    /* Without a target process only DUPLICATE_CLOSE_SOURCE means anything. */
    if (TargetProcessHandle == NULL && !(Options & DUPLICATE_CLOSE_SOURCE))
        Status = STATUS_INVALID_HANDLE;
    else if (TargetProcessHandle != NULL && TargetProcessHandle != NtCurrentProcess())
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
