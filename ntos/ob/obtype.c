/* SPDX-License-Identifier: MIT */
/*
 * Object types and object creation. A type is itself an object, of the Type type (whose type
 * is itself), named in \ObjectTypes; it names its objects' pool tag, the access rights that
 * mean anything for them, and the procedures Ob calls at open, close, parse, security,
 * okay-to-close and delete. Objects live in nonpaged pool with their header in front.
 */
#include "obp.h"

#define OBP_TYPE_TAG 0x6A624F54 /* "TObj" */

POBJECT_TYPE ObpTypeObjectType;
POBJECT_DIRECTORY ObpTypeDirectory;

/* Until its creator says otherwise, a type maps GENERIC_ALL to all its rights and the other
 * generic rights to the standard ones, and keeps descriptors the default way. */
static VOID
ObpSetDefaultSecurity(POBJECT_TYPE Type)
{
    Type->GenericMapping.GenericRead = STANDARD_RIGHTS_READ;
    Type->GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE;
    Type->GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE;
    Type->GenericMapping.GenericAll = Type->ValidAccessMask;
    Type->SecurityProcedure = ObpDefaultSecurityProcedure;
}

/* The Type type is created before there is a type to create it with. */
static POBJECT_TYPE
ObpCreateTypeType(VOID)
{
    POBJECT_HEADER Header;
    POBJECT_TYPE Type;

    Header = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(OBJECT_HEADER) + sizeof(OBJECT_TYPE),
                                   OBP_TYPE_TAG);
    if (Header == NULL)
        return NULL;
    RtlZeroMemory(Header, sizeof(OBJECT_HEADER) + sizeof(OBJECT_TYPE));
    Type = ObpBody(Header);
    Header->PointerCount = 1;
    Header->Type = Type;
    Header->Signature = OBP_HEADER_SIGNATURE;
    Header->Flags = OBP_FLAG_PERMANENT | OBP_FLAG_INSERTED;
    RtlInitUnicodeString(&Type->Name, L"Type");
    Type->PoolTag = OBP_TYPE_TAG;
    Type->ValidAccessMask = OBJECT_TYPE_ALL_ACCESS;
    ObpSetDefaultSecurity(Type);
    Type->TotalNumberOfObjects = 1;
    return Type;
}

/* A type object not yet in \ObjectTypes (Ob's own types, made before the directory). */
POBJECT_TYPE
ObpCreateTypeUnnamed(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                     POB_DELETE_PROCEDURE DeleteProcedure)
{
    POBJECT_TYPE Type;

    if (ObpTypeObjectType == NULL && (ObpTypeObjectType = ObpCreateTypeType()) == NULL)
        return NULL;
    if (!NT_SUCCESS(ObpCreateObject(ObpTypeObjectType, sizeof(OBJECT_TYPE), (PVOID *)&Type)))
        return NULL;
    ObpHeader(Type)->Flags |= OBP_FLAG_PERMANENT | OBP_FLAG_INSERTED;
    RtlInitUnicodeString(&Type->Name, Name);
    Type->PoolTag = PoolTag;
    Type->ValidAccessMask = ValidAccessMask;
    Type->DeleteProcedure = DeleteProcedure;
    ObpSetDefaultSecurity(Type);
    return Type;
}

/* Name Type in \ObjectTypes; the directory's reference keeps it for good. */
NTSTATUS
ObpNameType(POBJECT_TYPE Type)
{
    PVOID Existing = NULL;
    NTSTATUS Status = ObpInsertEntry(ObpTypeDirectory, Type, &Type->Name, 0, &Existing);

    if (Existing != NULL)
        ObfDereferenceObject(Existing);
    return Status;
}

POBJECT_TYPE
ObpCreateObjectType(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                    POB_DELETE_PROCEDURE DeleteProcedure)
{
    POBJECT_TYPE Type = ObpCreateTypeUnnamed(Name, PoolTag, ValidAccessMask, DeleteProcedure);

    if (Type == NULL)
        return NULL;
    if (!NT_SUCCESS(ObpNameType(Type)))
    {
        DbgPrint("Ob: type %wZ: cannot name it in \\ObjectTypes\n", &Type->Name);
        return NULL; /* a type name taken twice is a kernel bug; the object stays */
    }
    return Type;
}

NTSTATUS
ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize, PVOID *Object)
{
    POBJECT_HEADER Header;

    *Object = NULL;
    Header = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(OBJECT_HEADER) + BodySize, Type->PoolTag);
    if (Header == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Header, sizeof(OBJECT_HEADER) + BodySize);
    Header->PointerCount = 1;
    Header->Type = Type;
    Header->Signature = OBP_HEADER_SIGNATURE;
    InterlockedIncrement(&Type->TotalNumberOfObjects);
    *Object = ObpBody(Header);
    return STATUS_SUCCESS;
}

BOOLEAN
ObpIsObject(PVOID Object)
{
    return Object != NULL && ObpHeader(Object)->Signature == OBP_HEADER_SIGNATURE;
}

LONG_PTR
ObpPointerCount(PVOID Object)
{
    return ObpCheckedHeader(Object)->PointerCount;
}

LONG_PTR
ObpHandleCount(PVOID Object)
{
    return ObpCheckedHeader(Object)->HandleCount;
}

POBJECT_TYPE NTAPI
ObGetObjectType(PVOID Object)
{
    return ObpCheckedHeader(Object)->Type;
}
