/* SPDX-License-Identifier: MIT */
/*
 * Opening, creating and changing keys: ZwCreateKey, ZwOpenKey(Ex), ZwDeleteKey,
 * ZwSetValueKey, ZwDeleteValueKey, ZwFlushKey. Opens and creates go through Ob's name lookup
 * into CmpParseKey (cmparse.c); the rest reach the node through the handle. Changes stay
 * in memory: ZwFlushKey succeeds, as there is no storage stack to write the hive to.
 */
#include "cmp.h"

NTSTATUS NTAPI
ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
            ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    CM_PARSE_CONTEXT Context = {CreateOptions, Class, 0};
    NTSTATUS Status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(TitleIndex);
    *KeyHandle = NULL;
    if (CreateOptions & ~REG_LEGAL_OPTION)
        return STATUS_INVALID_PARAMETER;
    Status = ObOpenObjectByName(ObjectAttributes, CmpKeyObjectType, KernelMode, NULL, DesiredAccess,
                                &Context, KeyHandle);
    if (NT_SUCCESS(Status) && Disposition != NULL)
        *Disposition = Context.Disposition;
    return Status;
}

NTSTATUS NTAPI
ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    PAGED_CODE();
    *KeyHandle = NULL;
    return ObOpenObjectByName(ObjectAttributes, CmpKeyObjectType, KernelMode, NULL, DesiredAccess,
                              NULL, KeyHandle);
}

NTSTATUS NTAPI
ZwOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
            ULONG OpenOptions)
{
    OBJECT_ATTRIBUTES Attributes;

    PAGED_CODE();
    *KeyHandle = NULL;
    if (OpenOptions & ~REG_OPEN_LEGAL_OPTION)
        return STATUS_INVALID_PARAMETER;
    if (ObjectAttributes == NULL)
        return STATUS_INVALID_PARAMETER;
    Attributes = *ObjectAttributes;
    if (OpenOptions & REG_OPTION_OPEN_LINK)
        Attributes.Attributes |= OBJ_OPENLINK;
    return ZwOpenKey(KeyHandle, DesiredAccess, &Attributes);
}

static NTSTATUS
CmpEndChange(PCM_KEY_BODY Body, NTSTATUS Status)
{
    CmpUnlock();
    ObfDereferenceObject(Body);
    return Status;
}

NTSTATUS NTAPI
ZwDeleteKey(HANDLE KeyHandle)
{
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    Status = CmpReferenceLockedKey(KeyHandle, DELETE, TRUE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    return CmpEndChange(Body, CmpDeleteNode(Body->Node));
}

NTSTATUS NTAPI
ZwFlushKey(HANDLE KeyHandle)
{
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    Status = CmpReferenceLockedKey(KeyHandle, 0, TRUE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    return CmpEndChange(Body, STATUS_SUCCESS); /* nothing to write: no storage stack yet */
}

NTSTATUS NTAPI
ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
              ULONG DataSize)
{
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(TitleIndex);
    if (ValueName == NULL || (ValueName->Length & 1) || (Data == NULL && DataSize != 0))
        return STATUS_INVALID_PARAMETER;
    Status = CmpReferenceLockedKey(KeyHandle, KEY_SET_VALUE, TRUE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    return CmpEndChange(Body, CmpSetValue(Body->Node, ValueName, Type, Data, DataSize));
}

NTSTATUS NTAPI
ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    PCM_KEY_VALUE Value;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    if (ValueName == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = CmpReferenceLockedKey(KeyHandle, KEY_SET_VALUE, TRUE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    Value = CmpFindValue(Body->Node, ValueName);
    if (Value == NULL)
        return CmpEndChange(Body, STATUS_OBJECT_NAME_NOT_FOUND);
    CmpDeleteValue(Body->Node, Value);
    return CmpEndChange(Body, STATUS_SUCCESS);
}
