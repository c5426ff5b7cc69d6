/* SPDX-License-Identifier: MIT */
/*
 * Object security. Each type has a security procedure; unless the type keeps descriptors
 * itself, it is ObpDefaultSecurityProcedure (NT's SeDefaultObjectMethod), which keeps a
 * self-relative descriptor per object, referenced from its header. The descriptors are
 * reference counted so that a reader (an access check) keeps the one it took while
 * ZwSetSecurityObject swaps in a new one; ObpSecurityLock guards only the header pointers.
 * A new object's descriptor is assigned before it can be reached (ObpAssignSecurity);
 * opens are checked by ObpCheckOpenAccess.
 */
#include "obp.h"

/* Precedes each kept descriptor, which starts 16 bytes after it. */
typedef struct _OBP_SECURITY
{
    volatile LONG RefCount;
    ULONG Length;
    ULONG64 Reserved;
} OBP_SECURITY, *POBP_SECURITY;

static KSPIN_LOCK ObpSecurityLock;

/* A kept copy of Sd (self-relative), one reference; NULL when pool is short. */
static PSECURITY_DESCRIPTOR
ObpKeepDescriptor(PSECURITY_DESCRIPTOR Sd)
{
    ULONG Length = RtlLengthSecurityDescriptor(Sd);
    POBP_SECURITY Block =
        ExAllocatePoolWithTag(PagedPool, sizeof(OBP_SECURITY) + Length, OBP_SECURITY_TAG);

    if (Block == NULL)
        return NULL;
    Block->RefCount = 1;
    Block->Length = Length;
    RtlCopyMemory(Block + 1, Sd, Length);
    return Block + 1;
}

static VOID
ObpDereferenceDescriptor(PSECURITY_DESCRIPTOR Sd)
{
    POBP_SECURITY Block = (POBP_SECURITY)Sd - 1;

    if (InterlockedDecrement(&Block->RefCount) == 0)
        ExFreePoolWithTag(Block, OBP_SECURITY_TAG);
}

static PSECURITY_DESCRIPTOR
ObpReferenceDescriptor(POBJECT_HEADER Header)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpSecurityLock);
    PSECURITY_DESCRIPTOR Sd = Header->SecurityDescriptor;

    if (Sd != NULL)
        InterlockedIncrement(&((POBP_SECURITY)Sd - 1)->RefCount);
    KeReleaseSpinLock(&ObpSecurityLock, OldIrql);
    return Sd;
}

static VOID
ObpReplaceDescriptor(POBJECT_HEADER Header, PSECURITY_DESCRIPTOR New)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpSecurityLock);
    PSECURITY_DESCRIPTOR Old = Header->SecurityDescriptor;

    Header->SecurityDescriptor = New;
    KeReleaseSpinLock(&ObpSecurityLock, OldIrql);
    if (Old != NULL)
        ObpDereferenceDescriptor(Old);
}

/* Set: merge the request into the current descriptor and swap the result in. */
static NTSTATUS
ObpSetDescriptor(POBJECT_HEADER Header, SECURITY_INFORMATION Information,
                 PSECURITY_DESCRIPTOR Input)
{
    PSECURITY_DESCRIPTOR Current = ObpReferenceDescriptor(Header), Merged, Kept;
    NTSTATUS Status = SepMergeSecurityDescriptor(Information, Input, Current, PagedPool, &Merged);

    if (Current != NULL)
        ObpDereferenceDescriptor(Current);
    if (!NT_SUCCESS(Status))
        return Status;
    Kept = ObpKeepDescriptor(Merged);
    SeDeassignSecurity(&Merged);
    if (Kept == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObpReplaceDescriptor(Header, Kept);
    return STATUS_SUCCESS;
}

NTSTATUS
ObpDefaultSecurityProcedure(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
                            PSECURITY_INFORMATION SecurityInformation,
                            PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG CapturedLength,
                            PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, POOL_TYPE PoolType,
                            PGENERIC_MAPPING GenericMapping)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    PSECURITY_DESCRIPTOR Kept;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(ObjectsSecurityDescriptor);
    UNREFERENCED_PARAMETER(PoolType);
    UNREFERENCED_PARAMETER(GenericMapping);
    switch (OperationCode)
    {
        case AssignSecurityDescriptor:
            Kept = SecurityDescriptor != NULL ? ObpKeepDescriptor(SecurityDescriptor) : NULL;
            if (SecurityDescriptor != NULL && Kept == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            ObpReplaceDescriptor(Header, Kept);
            return STATUS_SUCCESS;
        case DeleteSecurityDescriptor:
            ObpReplaceDescriptor(Header, NULL);
            return STATUS_SUCCESS;
        case QuerySecurityDescriptor:
            Kept = ObpReferenceDescriptor(Header);
            Status = SeQuerySecurityDescriptorInfo(SecurityInformation, SecurityDescriptor,
                                                   CapturedLength, &Kept);
            if (Kept != NULL)
                ObpDereferenceDescriptor(Kept);
            return Status;
        case SetSecurityDescriptor:
            return ObpSetDescriptor(Header, *SecurityInformation, SecurityDescriptor);
        default:
            return STATUS_INVALID_PARAMETER;
    }
}

/* Ask a type's own security procedure for the object's descriptor, into pool. */
static NTSTATUS
ObpQueryTypeSecurity(POBJECT_HEADER Header, PSECURITY_DESCRIPTOR *Sd)
{
    POBJECT_TYPE Type = Header->Type;
    SECURITY_INFORMATION Information =
        OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    ULONG Length = 256, Try;
    NTSTATUS Status = STATUS_SUCCESS;

    for (Try = 0; Try < 2; Try++)
    {
        *Sd = ExAllocatePoolWithTag(PagedPool, Length, OBP_SECURITY_TAG);
        if (*Sd == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlZeroMemory(*Sd, Length);
        Status = Type->SecurityProcedure(ObpBody(Header), QuerySecurityDescriptor, &Information,
                                         *Sd, &Length, &Header->SecurityDescriptor, PagedPool,
                                         &Type->GenericMapping);
        if (NT_SUCCESS(Status) && ((PISECURITY_DESCRIPTOR)*Sd)->Revision != 0)
            return Status;
        ExFreePoolWithTag(*Sd, OBP_SECURITY_TAG);
        *Sd = NULL;
        if (Status != STATUS_BUFFER_TOO_SMALL)
            break;
    }
    return NT_SUCCESS(Status) ? STATUS_SUCCESS : Status; /* success, nothing filled: none */
}

NTSTATUS NTAPI
ObGetObjectSecurity(PVOID Object, PSECURITY_DESCRIPTOR *SecurityDescriptor,
                    PBOOLEAN MemoryAllocated)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);

    PAGED_CODE();
    *SecurityDescriptor = NULL;
    *MemoryAllocated = FALSE;
    if (Header->Type->SecurityProcedure == ObpDefaultSecurityProcedure)
    {
        *SecurityDescriptor = ObpReferenceDescriptor(Header);
        return STATUS_SUCCESS;
    }
    if (Header->Type->SecurityProcedure == NULL)
        return STATUS_SUCCESS;
    *MemoryAllocated = TRUE;
    return ObpQueryTypeSecurity(Header, SecurityDescriptor);
}

VOID NTAPI
ObReleaseObjectSecurity(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN MemoryAllocated)
{
    if (SecurityDescriptor == NULL)
        return;
    if (MemoryAllocated)
        ExFreePoolWithTag(SecurityDescriptor, OBP_SECURITY_TAG);
    else
        ObpDereferenceDescriptor(SecurityDescriptor);
}

/* Before Se is up (the root and Ob's types) there is no token and no descriptor. */
NTSTATUS
ObpAssignSecurity(PVOID Object, PVOID Parent, PACCESS_STATE AccessState,
                  PSECURITY_DESCRIPTOR Explicit)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBJECT_TYPE Type = Header->Type;
    SECURITY_SUBJECT_CONTEXT Captured, *Subject = &Captured;
    PSECURITY_DESCRIPTOR ParentSd = NULL, New = NULL;
    BOOLEAN ParentAllocated = FALSE;
    NTSTATUS Status = STATUS_SUCCESS;

    if ((Header->Flags & OBP_FLAG_SECURITY) || Type->SecurityProcedure == NULL)
        return STATUS_SUCCESS;
    if (AccessState != NULL)
        Subject = &AccessState->SubjectSecurityContext;
    else
        SeCaptureSubjectContext(&Captured);
    if (Parent != NULL)
        Status = ObGetObjectSecurity(Parent, &ParentSd, &ParentAllocated);
    if (NT_SUCCESS(Status) && SeQuerySubjectContextToken(Subject) != NULL)
        Status = SeAssignSecurity(ParentSd, Explicit, &New, Type == ObpDirectoryObjectType, Subject,
                                  &Type->GenericMapping, PagedPool);
    ObReleaseObjectSecurity(ParentSd, ParentAllocated);
    if (NT_SUCCESS(Status) && SeQuerySubjectContextToken(Subject) != NULL)
    {
        Status =
            Type->SecurityProcedure(Object, AssignSecurityDescriptor, NULL, New, NULL,
                                    &Header->SecurityDescriptor, PagedPool, &Type->GenericMapping);
        if (NT_SUCCESS(Status))
            Header->Flags |= OBP_FLAG_SECURITY;
    }
    SeDeassignSecurity(&New);
    if (Subject == &Captured)
        SeReleaseSubjectContext(&Captured);
    return Status;
}

/* The check for a subject and a descriptor; no descriptor means no restriction. */
static NTSTATUS
ObpAccessCheck(POBJECT_TYPE Type, PSECURITY_DESCRIPTOR Sd, PACCESS_STATE AccessState,
               ACCESS_MASK Desired, ACCESS_MASK Previous, PACCESS_MASK Granted)
{
    SECURITY_SUBJECT_CONTEXT Captured;
    NTSTATUS Status;

    if (Sd == NULL)
    {
        RtlMapGenericMask(&Desired, &Type->GenericMapping);
        *Granted = Previous | ((Desired & MAXIMUM_ALLOWED) ? Type->ValidAccessMask : Desired);
        return STATUS_SUCCESS;
    }
    if (AccessState == NULL)
        SeCaptureSubjectContext(&Captured);
    SeAccessCheck(Sd, AccessState != NULL ? &AccessState->SubjectSecurityContext : &Captured, FALSE,
                  Desired, Previous, NULL, &Type->GenericMapping, UserMode, Granted, &Status);
    if (AccessState == NULL)
        SeReleaseSubjectContext(&Captured);
    return Status;
}

NTSTATUS
ObpCheckOpenAccess(PVOID Object, PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                   KPROCESSOR_MODE AccessMode, ULONG Attributes, PACCESS_MASK Granted,
                   PBOOLEAN Checked)
{
    ACCESS_MASK Desired = AccessState ? AccessState->RemainingDesiredAccess : DesiredAccess;
    ACCESS_MASK Previous = AccessState ? AccessState->PreviouslyGrantedAccess : 0;
    PSECURITY_DESCRIPTOR Sd;
    BOOLEAN Allocated;
    NTSTATUS Status;

    *Granted = 0;
    *Checked = FALSE;
    if (AccessMode == KernelMode && !(Attributes & OBJ_FORCE_ACCESS_CHECK))
        return STATUS_SUCCESS;
    *Checked = TRUE;
    Status = ObGetObjectSecurity(Object, &Sd, &Allocated);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpAccessCheck(ObGetObjectType(Object), Sd, AccessState, Desired, Previous, Granted);
    ObReleaseObjectSecurity(Sd, Allocated);
    if (NT_SUCCESS(Status) && AccessState != NULL)
    {
        AccessState->PreviouslyGrantedAccess = *Granted;
        AccessState->RemainingDesiredAccess = 0;
    }
    return Status;
}

NTSTATUS NTAPI
NtQuerySecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                      PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Length, PULONG ResultLength)
{
    ACCESS_MASK Desired =
        READ_CONTROL |
        ((SecurityInformation & SACL_SECURITY_INFORMATION) ? ACCESS_SYSTEM_SECURITY : 0);
    PSECURITY_DESCRIPTOR None = NULL;
    POBJECT_HEADER Header;
    PVOID Object;
    NTSTATUS Status;

    PAGED_CODE();
    *ResultLength = 0;
    Status = ObReferenceObjectByHandle(Handle, Desired, NULL, KernelMode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Header = ObpCheckedHeader(Object);
    if (Header->Type->SecurityProcedure == NULL)
        Status =
            SeQuerySecurityDescriptorInfo(&SecurityInformation, SecurityDescriptor, &Length, &None);
    else
        Status = Header->Type->SecurityProcedure(
            Object, QuerySecurityDescriptor, &SecurityInformation, SecurityDescriptor, &Length,
            &Header->SecurityDescriptor, PagedPool, &Header->Type->GenericMapping);
    *ResultLength = Length;
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI
ZwQuerySecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                      PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Length, PULONG ResultLength)
{
    return NtQuerySecurityObject(Handle, SecurityInformation, SecurityDescriptor, Length,
                                 ResultLength);
}

NTSTATUS NTAPI
NtSetSecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                    PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    ACCESS_MASK Desired = 0;
    POBJECT_HEADER Header;
    PVOID Object;
    NTSTATUS Status;

    PAGED_CODE();
    if (SecurityDescriptor == NULL)
        return STATUS_ACCESS_VIOLATION;
    if (SecurityInformation & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION))
        Desired |= WRITE_OWNER;
    if (SecurityInformation & DACL_SECURITY_INFORMATION)
        Desired |= WRITE_DAC;
    if (SecurityInformation & SACL_SECURITY_INFORMATION)
        Desired |= ACCESS_SYSTEM_SECURITY;
    Status = ObReferenceObjectByHandle(Handle, Desired, NULL, KernelMode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Header = ObpCheckedHeader(Object);
    if (Header->Type->SecurityProcedure == NULL)
        Status = STATUS_INVALID_PARAMETER; /* the type keeps no descriptors */
    else
        Status = Header->Type->SecurityProcedure(
            Object, SetSecurityDescriptor, &SecurityInformation, SecurityDescriptor, NULL,
            &Header->SecurityDescriptor, PagedPool, &Header->Type->GenericMapping);
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI
ZwSetSecurityObject(HANDLE Handle, SECURITY_INFORMATION SecurityInformation,
                    PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    return NtSetSecurityObject(Handle, SecurityInformation, SecurityDescriptor);
}
