/* SPDX-License-Identifier: MIT */
/*
 * Symbolic links. A link holds an absolute target name; its type's parse procedure splices
 * the target in front of the rest of the name being looked up and answers STATUS_REPARSE, so
 * lookup follows links wherever they stand in a path. A link that ends the name and is
 * looked up as a SymbolicLink (ZwOpenSymbolicLinkObject) is the link itself.
 */
#include "obp.h"

#define OBP_LINK_TAG 0x6B6E6C53 /* "Slnk" */

typedef struct _OBP_SYMBOLIC_LINK
{
    UNICODE_STRING Target; /* pool, NUL-terminated: MaximumLength = Length + 2 */
    LARGE_INTEGER CreationTime;
} OBP_SYMBOLIC_LINK, *POBP_SYMBOLIC_LINK;

POBJECT_TYPE ObpSymbolicLinkObjectType;

static VOID
ObpDeleteSymbolicLink(PVOID Object)
{
    POBP_SYMBOLIC_LINK Link = Object;

    if (Link->Target.Buffer != NULL)
        ExFreePoolWithTag(Link->Target.Buffer, OBP_LINK_TAG);
}

static NTSTATUS
ObpParseSymbolicLink(PVOID ParseObject, PVOID ObjectType, PACCESS_STATE AccessState,
                     KPROCESSOR_MODE AccessMode, ULONG Attributes, PUNICODE_STRING CompleteName,
                     PUNICODE_STRING RemainingName, PVOID Context,
                     PSECURITY_QUALITY_OF_SERVICE SecurityQos, PVOID *Object)
{
    POBP_SYMBOLIC_LINK Link = ParseObject;
    ULONG Length = (ULONG)Link->Target.Length + RemainingName->Length;
    PWCH Buffer;

    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(AccessMode);
    UNREFERENCED_PARAMETER(Attributes);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(SecurityQos);
    *Object = NULL;
    if (RemainingName->Length == 0 && ObjectType == ObpSymbolicLinkObjectType)
    {
        ObfReferenceObject(ParseObject);
        *Object = ParseObject;
        return STATUS_SUCCESS;
    }
    if (Length > MAXUSHORT - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Length + sizeof(WCHAR), OBP_NAME_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Buffer, Link->Target.Buffer, Link->Target.Length);
    RtlCopyMemory((PUCHAR)Buffer + Link->Target.Length, RemainingName->Buffer,
                  RemainingName->Length);
    Buffer[Length / sizeof(WCHAR)] = UNICODE_NULL;
    ExFreePool(CompleteName->Buffer);
    CompleteName->Buffer = Buffer;
    CompleteName->Length = (USHORT)Length;
    CompleteName->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    return STATUS_REPARSE;
}

/* A link object named by ObjectAttributes, not yet inserted. */
static NTSTATUS
ObpNewSymbolicLink(POBJECT_ATTRIBUTES ObjectAttributes, PCUNICODE_STRING TargetName,
                   POBP_SYMBOLIC_LINK *Link)
{
    NTSTATUS Status;

    *Link = NULL;
    if (TargetName == NULL || (TargetName->Length & 1) != 0 ||
        TargetName->Length > TargetName->MaximumLength ||
        TargetName->Length > MAXUSHORT - sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(KernelMode, ObpSymbolicLinkObjectType, ObjectAttributes, KernelMode,
                            NULL, sizeof(OBP_SYMBOLIC_LINK), 0, 0, (PVOID *)Link);
    if (!NT_SUCCESS(Status))
        return Status;
    (*Link)->Target.Buffer =
        ExAllocatePoolWithTag(NonPagedPoolNx, TargetName->Length + sizeof(WCHAR), OBP_LINK_TAG);
    if ((*Link)->Target.Buffer == NULL)
    {
        ObfDereferenceObject(*Link);
        *Link = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory((*Link)->Target.Buffer, TargetName->Buffer, TargetName->Length);
    (*Link)->Target.Buffer[TargetName->Length / sizeof(WCHAR)] = UNICODE_NULL;
    (*Link)->Target.Length = TargetName->Length;
    (*Link)->Target.MaximumLength = TargetName->Length + sizeof(WCHAR);
    KeQuerySystemTime(&(*Link)->CreationTime);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING TargetName)
{
    POBP_SYMBOLIC_LINK Link;
    NTSTATUS Status;

    *LinkHandle = NULL;
    Status = ObpNewSymbolicLink(ObjectAttributes, TargetName, &Link);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Link, NULL, DesiredAccess, 0, NULL, LinkHandle);
}

NTSTATUS NTAPI
ZwOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ObpSymbolicLinkObjectType, KernelMode, NULL,
                              DesiredAccess, NULL, LinkHandle);
}

/*
 * Copies the target into LinkTarget's buffer (NUL-terminated when there is room). The size
 * needed is the target's length, or with ReturnedLength its length with the terminator,
 * which is what ReturnedLength receives, as on NT.
 */
NTSTATUS NTAPI
ZwQuerySymbolicLinkObject(HANDLE LinkHandle, PUNICODE_STRING LinkTarget, PULONG ReturnedLength)
{
    POBP_SYMBOLIC_LINK Link;
    NTSTATUS Status;
    ULONG Needed;

    Status = ObReferenceObjectByHandle(LinkHandle, SYMBOLIC_LINK_QUERY, ObpSymbolicLinkObjectType,
                                       KernelMode, (PVOID *)&Link, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Needed = ReturnedLength != NULL ? Link->Target.MaximumLength : Link->Target.Length;
    if (Needed > LinkTarget->MaximumLength)
    {
        Status = STATUS_BUFFER_TOO_SMALL;
    }
    else
    {
        RtlCopyMemory(LinkTarget->Buffer, Link->Target.Buffer, Link->Target.Length);
        LinkTarget->Length = Link->Target.Length;
        if (LinkTarget->MaximumLength >= Link->Target.MaximumLength)
            LinkTarget->Buffer[Link->Target.Length / sizeof(WCHAR)] = UNICODE_NULL;
    }
    if (ReturnedLength != NULL)
        *ReturnedLength = Needed;
    ObfDereferenceObject(Link);
    return Status;
}

/* A permanent link for the boot namespace. */
NTSTATUS
ObpCreateSymbolicLink(PCWSTR Name, PCWSTR Target)
{
    UNICODE_STRING LinkName, TargetName;
    OBJECT_ATTRIBUTES Attributes;
    POBP_SYMBOLIC_LINK Link;
    NTSTATUS Status;

    RtlInitUnicodeString(&LinkName, Name);
    RtlInitUnicodeString(&TargetName, Target);
    InitializeObjectAttributes(&Attributes, &LinkName, OBJ_PERMANENT, NULL, NULL);
    Status = ObpNewSymbolicLink(&Attributes, &TargetName, &Link);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Link, NULL, 0, 0, NULL, NULL);
}

NTSTATUS
ObpInitializeSymbolicLinks(VOID)
{
    ObpSymbolicLinkObjectType = ObpCreateTypeUnnamed(
        L"SymbolicLink", OBP_LINK_TAG, SYMBOLIC_LINK_ALL_ACCESS, ObpDeleteSymbolicLink);
    if (ObpSymbolicLinkObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObpSymbolicLinkObjectType->ParseProcedure = ObpParseSymbolicLink;
    return STATUS_SUCCESS;
}
