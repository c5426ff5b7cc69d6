/* SPDX-License-Identifier: MIT */
/*
 * Semaphore objects through handles (NT's NtCreateSemaphore, NtOpenSemaphore,
 * NtReleaseSemaphore; not exported, the DDK names no Zw form). The body starts with the
 * KSEMAPHORE. KeReleaseSemaphore raises past the limit and the kernel has no __try, so
 * releases through handles are serialised by the body's lock and checked first: waits only
 * lower the count, so the check cannot go stale.
 */
#include "exp.h"

#define EXP_SEMAPHORE_TAG 0x616D6553 /* "Sema" */

typedef struct _EXP_SEMAPHORE
{
    KSEMAPHORE Semaphore; /* first: the object is waited on through it */
    KSPIN_LOCK ReleaseLock;
} EXP_SEMAPHORE, *PEXP_SEMAPHORE;

static POBJECT_TYPE ExpSemaphoreObjectType;

NTSTATUS NTAPI
NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                  POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount, LONG MaximumCount)
{
    PEXP_SEMAPHORE Semaphore;
    NTSTATUS Status;

    *SemaphoreHandle = NULL;
    if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(KernelMode, ExpSemaphoreObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(EXP_SEMAPHORE), 0, 0, (PVOID *)&Semaphore);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeSemaphore(&Semaphore->Semaphore, InitialCount, MaximumCount);
    KeInitializeSpinLock(&Semaphore->ReleaseLock);
    return ObInsertObject(Semaphore, NULL, DesiredAccess, 0, NULL, SemaphoreHandle);
}

NTSTATUS NTAPI
NtOpenSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ExpSemaphoreObjectType, KernelMode, NULL,
                              DesiredAccess, NULL, SemaphoreHandle);
}

NTSTATUS NTAPI
NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount, PLONG PreviousCount)
{
    PEXP_SEMAPHORE Semaphore;
    NTSTATUS Status;
    LONG Previous = 0;
    KIRQL OldIrql;

    if (ReleaseCount <= 0)
        return STATUS_INVALID_PARAMETER;
    Status =
        ObReferenceObjectByHandle(SemaphoreHandle, SEMAPHORE_MODIFY_STATE, ExpSemaphoreObjectType,
                                  KernelMode, (PVOID *)&Semaphore, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    KeAcquireSpinLock(&Semaphore->ReleaseLock, &OldIrql);
    if (KeReadStateSemaphore(&Semaphore->Semaphore) > Semaphore->Semaphore.Limit - ReleaseCount)
        Status = STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    else
        Previous =
            KeReleaseSemaphore(&Semaphore->Semaphore, SEMAPHORE_INCREMENT, ReleaseCount, FALSE);
    KeReleaseSpinLock(&Semaphore->ReleaseLock, OldIrql);
    ObfDereferenceObject(Semaphore);
    if (NT_SUCCESS(Status) && PreviousCount != NULL)
        *PreviousCount = Previous;
    return Status;
}

NTSTATUS
ExpInitializeSemaphoreObjectType(VOID)
{
    ExpSemaphoreObjectType =
        ObpCreateObjectType(L"Semaphore", EXP_SEMAPHORE_TAG, SEMAPHORE_ALL_ACCESS, NULL);
    if (ExpSemaphoreObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExpSemaphoreObjectType->Waitable = TRUE;
    return STATUS_SUCCESS;
}
