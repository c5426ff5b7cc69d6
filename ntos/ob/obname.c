/* SPDX-License-Identifier: MIT */
/*
 * Creating and opening objects by name. ObCreateObject captures OBJECT_ATTRIBUTES (name,
 * root directory, attributes) and ObInsertObject acts on them: it names the object through
 * lookup, or with OBJ_OPENIF opens the object already there (STATUS_OBJECT_NAME_EXISTS), and
 * makes the handle. ObInsertObject always consumes the creator's reference, even on failure.
 * The new object's security descriptor is assigned before it is named; opens by name or
 * pointer are access-checked for user-mode callers and OBJ_FORCE_ACCESS_CHECK (obsecure.c).
 */
#include "obp.h"

/* What OBJECT_ATTRIBUTES may ask of any object. */
static NTSTATUS
ObpCheckAttributes(POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (ObjectAttributes->Length != sizeof(OBJECT_ATTRIBUTES) ||
        (ObjectAttributes->Attributes & ~OBJ_VALID_ATTRIBUTES) != 0)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

VOID
ObpFreeCreateInfo(POBP_CREATE_INFO Info)
{
    if (Info->SecurityDescriptor != NULL)
        SeReleaseSecurityDescriptor(Info->SecurityDescriptor, KernelMode, TRUE);
    ExFreePoolWithTag(Info, OBP_NAME_TAG);
}

static NTSTATUS
ObpCaptureCreateInfo(POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE ProbeMode,
                     POBP_CREATE_INFO *Info)
{
    PSECURITY_DESCRIPTOR Sd = NULL;
    PCUNICODE_STRING Name = ObjectAttributes != NULL ? ObjectAttributes->ObjectName : NULL;
    USHORT Length = Name != NULL ? Name->Length : 0;
    NTSTATUS Status;

    *Info = NULL;
    if (ObjectAttributes == NULL)
        return STATUS_SUCCESS;
    Status = ObpCheckAttributes(ObjectAttributes);
    if (NT_SUCCESS(Status) && Length != 0)
        Status = ObpValidateName(Name, ObjectAttributes->RootDirectory != NULL);
    if (NT_SUCCESS(Status))
        Status = SeCaptureSecurityDescriptor(ObjectAttributes->SecurityDescriptor, ProbeMode,
                                             PagedPool, TRUE, &Sd);
    if (!NT_SUCCESS(Status))
        return Status;
    *Info = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(OBP_CREATE_INFO) + Length, OBP_NAME_TAG);
    if (*Info == NULL)
    {
        SeReleaseSecurityDescriptor(Sd, ProbeMode, TRUE);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    (*Info)->RootDirectory = ObjectAttributes->RootDirectory;
    (*Info)->Attributes = ObjectAttributes->Attributes;
    (*Info)->ProbeMode = ProbeMode;
    (*Info)->SecurityDescriptor = Sd;
    (*Info)->Name.Buffer = (PWCH)(*Info + 1);
    (*Info)->Name.Length = (*Info)->Name.MaximumLength = Length;
    if (Length != 0)
        RtlCopyMemory((*Info)->Name.Buffer, Name->Buffer, Length);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE ObjectType,
               POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE OwnershipMode,
               PVOID ParseContext, ULONG ObjectSize, ULONG PagedPoolCharge,
               ULONG NonPagedPoolCharge, PVOID *Object)
{
    POBP_CREATE_INFO Info;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(OwnershipMode);
    UNREFERENCED_PARAMETER(ParseContext);
    UNREFERENCED_PARAMETER(PagedPoolCharge);
    UNREFERENCED_PARAMETER(NonPagedPoolCharge);
    *Object = NULL;
    Status = ObpCaptureCreateInfo(ObjectAttributes, ProbeMode, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpCreateObject(ObjectType, ObjectSize, Object);
    if (!NT_SUCCESS(Status))
    {
        if (Info != NULL)
            ObpFreeCreateInfo(Info);
        return Status;
    }
    ObpHeader(*Object)->CreateInfo = Info;
    return STATUS_SUCCESS;
}

/* Name Object as its create info says; *Target is Object or, with OBJ_OPENIF, the object
 * already named so (referenced, STATUS_OBJECT_NAME_EXISTS). */
static NTSTATUS
ObpInsertName(PVOID Object, POBP_CREATE_INFO Info, PACCESS_STATE AccessState, PVOID *Target)
{
    OBP_LOOKUP Lookup = {
        Info->Attributes, ObGetObjectType(Object), KernelMode, NULL, Object, FALSE, FALSE,
        AccessState,      Info->SecurityDescriptor};
    PVOID Found;
    NTSTATUS Status;

    *Target = Object;
    Status = ObpLookupObjectName(Info->RootDirectory, &Info->Name, &Lookup, &Found);
    if (!NT_SUCCESS(Status) || Lookup.Inserted)
        return Status;
    if (!(Info->Attributes & OBJ_OPENIF))
        Status = STATUS_OBJECT_NAME_COLLISION;
    else if (ObGetObjectType(Found) != ObGetObjectType(Object))
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        Status = STATUS_OBJECT_NAME_EXISTS;
    if (NT_ERROR(Status))
        ObfDereferenceObject(Found);
    else
        *Target = Found;
    return Status;
}

/* The access a handle to an object OBJ_OPENIF found may have: checked like any open when
 * the creator was in user mode or forced the check. */
static NTSTATUS
ObpCheckOpenIf(PVOID Target, POBP_CREATE_INFO Info, PACCESS_STATE AccessState, PACCESS_MASK Access,
               PBOOLEAN Checked)
{
    return ObpCheckOpenAccess(Target, AccessState, *Access, Info->ProbeMode, Info->Attributes,
                              Access, Checked);
}

NTSTATUS NTAPI
ObInsertObject(PVOID Object, PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
               ULONG ObjectPointerBias, PVOID *NewObject, PHANDLE Handle)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBP_CREATE_INFO Info = Header->CreateInfo;
    ULONG Attributes = Info != NULL ? Info->Attributes : 0;
    PVOID Target = Object;
    BOOLEAN Checked = FALSE;
    NTSTATUS Status, Result;
    ULONG I;

    if (NewObject != NULL)
        *NewObject = NULL;
    if (Handle != NULL)
        *Handle = NULL;
    if (Header->Flags & OBP_FLAG_INSERTED)
        return STATUS_INVALID_PARAMETER;
    Header->Flags |= OBP_FLAG_INSERTED;
    Header->CreateInfo = NULL;
    if (Attributes & OBJ_CASE_INSENSITIVE)
        Header->Flags |= OBP_FLAG_CASE_INSENSITIVE;
    if (Info != NULL && Info->Name.Length != 0)
        Result = ObpInsertName(Object, Info, PassedAccessState, &Target);
    else
        Result = ObpAssignSecurity(Object, NULL, PassedAccessState,
                                   Info != NULL ? Info->SecurityDescriptor : NULL);
    if (NT_SUCCESS(Result) && Target != Object && Handle != NULL)
    {
        Status = ObpCheckOpenIf(Target, Info, PassedAccessState, &DesiredAccess, &Checked);
        if (!NT_SUCCESS(Status))
            Result = Status;
    }
    if (Info != NULL)
        ObpFreeCreateInfo(Info);
    if (!NT_SUCCESS(Result))
    {
        if (Target != Object)
            ObfDereferenceObject(Target);
        ObfDereferenceObject(Object);
        return Result;
    }
    Status = STATUS_SUCCESS;
    if (Handle != NULL)
        Status = ObpInsertHandleEx(Target, DesiredAccess, Checked, Attributes,
                                   Target == Object ? ObCreateHandle : ObOpenHandle, Handle);
    if (NT_SUCCESS(Status) && NewObject != NULL)
    {
        for (I = 0; I <= ObjectPointerBias; I++)
            ObfReferenceObject(Target);
        *NewObject = Target;
    }
    if (Target != Object)
        ObfDereferenceObject(Target); /* the lookup's reference */
    else if (!NT_SUCCESS(Status))
        ObpDeleteNameCheck(Object); /* no handle after all: a temporary name goes again */
    ObfDereferenceObject(Object);
    return NT_SUCCESS(Status) ? Result : Status;
}

/* What an unchecked (trusted kernel-mode) open asks for: the access state's request if any. */
static ACCESS_MASK
ObpUncheckedAccess(PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess)
{
    if (AccessState == NULL)
        return DesiredAccess;
    return AccessState->RemainingDesiredAccess | AccessState->PreviouslyGrantedAccess;
}

NTSTATUS NTAPI
ObReferenceObjectByName(PUNICODE_STRING ObjectName, ULONG Attributes,
                        PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
                        POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode, PVOID ParseContext,
                        PVOID *Object)
{
    OBP_LOOKUP Lookup = {Attributes, ObjectType, AccessMode,        ParseContext, NULL,
                         FALSE,      FALSE,      PassedAccessState, NULL};
    ACCESS_MASK Granted;
    BOOLEAN Checked;
    NTSTATUS Status;

    *Object = NULL;
    if (ObjectName == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Status = ObpLookupObjectName(NULL, ObjectName, &Lookup, Object);
    if (NT_SUCCESS(Status) && ObjectType != NULL && ObGetObjectType(*Object) != ObjectType)
    {
        ObfDereferenceObject(*Object);
        *Object = NULL;
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (NT_SUCCESS(Status))
    {
        Status = ObpCheckOpenAccess(*Object, PassedAccessState, DesiredAccess, AccessMode,
                                    Attributes, &Granted, &Checked);
        if (!NT_SUCCESS(Status))
        {
            ObfDereferenceObject(*Object);
            *Object = NULL;
        }
    }
    return Status;
}

NTSTATUS NTAPI
ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                   KPROCESSOR_MODE AccessMode, PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                   PVOID ParseContext, PHANDLE Handle)
{
    UNICODE_STRING Empty = {0, 0, NULL};
    OBP_LOOKUP Lookup = {0,     ObjectType, AccessMode,  ParseContext, NULL,
                         FALSE, FALSE,      AccessState, NULL};
    ACCESS_MASK Granted;
    BOOLEAN Checked;
    PVOID Object;
    NTSTATUS Status;

    *Handle = NULL;
    if (ObjectAttributes == NULL || !NT_SUCCESS(ObpCheckAttributes(ObjectAttributes)))
        return STATUS_INVALID_PARAMETER;
    Lookup.Attributes = ObjectAttributes->Attributes;
    Status = ObpLookupObjectName(ObjectAttributes->RootDirectory,
                                 ObjectAttributes->ObjectName != NULL ? ObjectAttributes->ObjectName
                                                                      : &Empty,
                                 &Lookup, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectType != NULL && ObGetObjectType(Object) != ObjectType)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        Status = ObpCheckOpenAccess(Object, AccessState, DesiredAccess, AccessMode,
                                    ObjectAttributes->Attributes, &Granted, &Checked);
    if (NT_SUCCESS(Status))
        Status = ObpInsertHandleEx(
            Object, Checked ? Granted : ObpUncheckedAccess(AccessState, DesiredAccess), Checked,
            ObjectAttributes->Attributes, ObOpenHandle, Handle);
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI
ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes, PACCESS_STATE PassedAccessState,
                      ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                      KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
    ACCESS_MASK Granted;
    BOOLEAN Checked;
    NTSTATUS Status;

    *Handle = NULL;
    if (ObjectType != NULL && ObGetObjectType(Object) != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    Status = ObpCheckOpenAccess(Object, PassedAccessState, DesiredAccess, AccessMode,
                                HandleAttributes, &Granted, &Checked);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObpInsertHandleEx(
        Object, Checked ? Granted : ObpUncheckedAccess(PassedAccessState, DesiredAccess), Checked,
        HandleAttributes, ObOpenHandle, Handle);
}

/* The name goes once the handles have: now, if there are none. */
VOID NTAPI
ObMakeTemporaryObject(PVOID Object)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);

    Header->Flags &= ~OBP_FLAG_PERMANENT;
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    ObpDeleteNameCheck(Object);
}

NTSTATUS NTAPI
NtMakeTemporaryObject(HANDLE Handle)
{
    PVOID Object;
    NTSTATUS Status = ObReferenceObjectByHandle(Handle, DELETE, NULL, KernelMode, &Object, NULL);

    if (!NT_SUCCESS(Status))
        return Status;
    ObMakeTemporaryObject(Object);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwMakeTemporaryObject(HANDLE Handle)
{
    return NtMakeTemporaryObject(Handle);
}
