/* SPDX-License-Identifier: MIT */
/*
 * Object types and object creation. A type names its objects' pool tag, the access rights
 * that mean anything for them, and the procedure that tears an object down when its last
 * reference goes. Objects live in nonpaged pool with their header in front.
 * Not yet: the \ObjectTypes directory and the other type procedures (open, close, parse,
 * security) arrive with the namespace.
 */
#include "obp.h"

#define OBP_TYPE_TAG 0x6A624F54 /* "TObj" */

POBJECT_TYPE
ObpCreateObjectType(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                    POB_DELETE_PROCEDURE DeleteProcedure)
{
    POBJECT_TYPE Type = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(OBJECT_TYPE), OBP_TYPE_TAG);

    if (Type == NULL)
        return NULL;
    RtlZeroMemory(Type, sizeof(*Type));
    RtlInitUnicodeString(&Type->Name, Name);
    Type->PoolTag = PoolTag;
    Type->ValidAccessMask = ValidAccessMask;
    Type->DeleteProcedure = DeleteProcedure;
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

POBJECT_TYPE NTAPI
ObGetObjectType(PVOID Object)
{
    return ObpCheckedHeader(Object)->Type;
}
