/* SPDX-License-Identifier: MIT */
/*
 * Mutant objects through handles (NT's NtCreateMutant, NtOpenMutant, NtReleaseMutant; the DDK
 * names no Zw form, so they are not exported). The body is the KMUTANT. Only the owner may
 * release: anyone else gets STATUS_MUTANT_NOT_OWNED. That is checked before KeReleaseMutant,
 * which would raise instead, and cannot race: only the owner itself changes the owner. An
 * object that goes while owned is abandoned, as on NT.
 */
#include "exp.h"

#define EXP_MUTANT_TAG 0x6174754D /* "Muta" */
#define EXP_MUTANT_INCREMENT 1

static POBJECT_TYPE ExpMutantObjectType;

static VOID
ExpDeleteMutant(PVOID Object)
{
    KeReleaseMutant(Object, EXP_MUTANT_INCREMENT, TRUE, FALSE);
}

NTSTATUS NTAPI
NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
               BOOLEAN InitialOwner)
{
    PKMUTANT Mutant;
    NTSTATUS Status;

    *MutantHandle = NULL;
    Status = ObCreateObject(KernelMode, ExpMutantObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(KMUTANT), 0, 0, (PVOID *)&Mutant);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeMutant(Mutant, InitialOwner);
    return ObInsertObject(Mutant, NULL, DesiredAccess, 0, NULL, MutantHandle);
}

NTSTATUS NTAPI
NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ExpMutantObjectType, KernelMode, NULL,
                              DesiredAccess, NULL, MutantHandle);
}

/* Releasing needs no access right: only the owner can, whatever its handle grants. */
NTSTATUS NTAPI
NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    PKMUTANT Mutant;
    NTSTATUS Status;
    LONG Previous;

    Status = ObReferenceObjectByHandle(MutantHandle, 0, ExpMutantObjectType, KernelMode,
                                       (PVOID *)&Mutant, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Mutant->OwnerThread != KeGetCurrentThread())
    {
        ObfDereferenceObject(Mutant);
        return STATUS_MUTANT_NOT_OWNED;
    }
    Previous = KeReleaseMutant(Mutant, EXP_MUTANT_INCREMENT, FALSE, FALSE);
    ObfDereferenceObject(Mutant);
    if (PreviousCount != NULL)
        *PreviousCount = Previous;
    return STATUS_SUCCESS;
}

NTSTATUS
ExpInitializeMutantObjectType(VOID)
{
    ExpMutantObjectType =
        ObpCreateObjectType(L"Mutant", EXP_MUTANT_TAG, MUTANT_ALL_ACCESS, ExpDeleteMutant);
    if (ExpMutantObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExpMutantObjectType->Waitable = TRUE;
    return STATUS_SUCCESS;
}
