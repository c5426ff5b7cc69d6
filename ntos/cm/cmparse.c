/* SPDX-License-Identifier: MIT */
/*
 * The Key object type and its parse procedure. \Registry is a named Key object in the root
 * directory; Ob hands the rest of a name below it (or the whole name relative to a key
 * handle) to CmpParseKey, which walks the node tree case-insensitively, creates the last
 * component for ZwCreateKey, and answers a new Key object for the node it reaches. A link
 * key on the way (CurrentControlSet) makes it rewrite the name with the link's
 * SymbolicLinkValue and answer STATUS_REPARSE, unless the link itself is being opened
 * (OBJ_OPENLINK) or created (REG_OPTION_CREATE_LINK).
 */
#include "cmp.h"

POBJECT_TYPE CmpKeyObjectType;

static VOID
CmpDeleteKeyBody(PVOID Object)
{
    PCM_KEY_BODY Body = Object;

    if (Body->Node != NULL)
        CmpDereferenceNode(Body->Node);
}

/* A new Key object open on Node (which it references). */
static NTSTATUS
CmpCreateKeyBody(PCM_KEY_NODE Node, PVOID *Object)
{
    PCM_KEY_BODY Body;
    NTSTATUS Status = ObpCreateObject(CmpKeyObjectType, sizeof(CM_KEY_BODY), (PVOID *)&Body);

    if (!NT_SUCCESS(Status))
        return Status;
    CmpReferenceNode(Node);
    Body->Node = Node;
    *Object = Body;
    return STATUS_SUCCESS;
}

/* Replace CompleteName with the link's target followed by Rest; STATUS_REPARSE. */
static NTSTATUS
CmpReparseLink(PCM_KEY_NODE Link, PUNICODE_STRING CompleteName, PCUNICODE_STRING Rest)
{
    static const UNICODE_STRING LinkValue = RTL_CONSTANT_STRING(L"SymbolicLinkValue");
    PCM_KEY_VALUE Target = CmpFindValue(Link, &LinkValue);
    ULONG Length;
    PWCH Buffer;

    if (Target == NULL || Target->Type != REG_LINK || Target->DataLength < sizeof(WCHAR) ||
        (Target->DataLength & 1) || ((PWCH)Target->Data)[0] != L'\\')
        return STATUS_OBJECT_NAME_NOT_FOUND;
    Length = Target->DataLength + Rest->Length;
    if (Length > MAXUSHORT - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    Buffer = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), CMP_NAME_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Buffer, Target->Data, Target->DataLength);
    RtlCopyMemory((PUCHAR)Buffer + Target->DataLength, Rest->Buffer, Rest->Length);
    Buffer[Length / sizeof(WCHAR)] = UNICODE_NULL;
    ExFreePool(CompleteName->Buffer);
    CompleteName->Buffer = Buffer;
    CompleteName->Length = (USHORT)Length;
    CompleteName->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    return STATUS_REPARSE;
}

/* Create Name under Parent for ZwCreateKey. Exclusive lock held. */
static NTSTATUS
CmpCreateChild(PCM_KEY_NODE Parent, PCUNICODE_STRING Name, PCM_PARSE_CONTEXT Context,
               PCM_KEY_NODE *Node)
{
    ULONG Flags = 0;
    NTSTATUS Status;

    if (Context->CreateOptions & REG_OPTION_VOLATILE)
        Flags |= CMP_KEY_VOLATILE;
    else if (Parent->Flags & CMP_KEY_VOLATILE)
        return STATUS_CHILD_MUST_BE_VOLATILE;
    if (Context->CreateOptions & REG_OPTION_CREATE_LINK)
        Flags |= CMP_KEY_LINK;
    Status = CmpCreateNode(Parent, Name, Flags, Node);
    if (NT_SUCCESS(Status))
    {
        Status = CmpInheritSecurity(*Node, Parent);
        if (NT_SUCCESS(Status))
            Status = CmpSetClass(*Node, Context->Class);
        if (!NT_SUCCESS(Status))
            CmpDeleteNode(*Node);
    }
    return Status;
}

/* Walk Remaining from Node. Lock held (exclusive when creating). */
static NTSTATUS
CmpWalk(PCM_KEY_NODE Node, PUNICODE_STRING CompleteName, PUNICODE_STRING Remaining,
        ULONG Attributes, PCM_PARSE_CONTEXT Context, PCM_KEY_NODE *Found)
{
    USHORT Offset = 0, End, Length = Remaining->Length;
    UNICODE_STRING Component, Rest;
    PCM_KEY_NODE Next;
    BOOLEAN Last;

    while (Offset < Length && Remaining->Buffer[Offset / sizeof(WCHAR)] == L'\\')
        Offset += sizeof(WCHAR);
    while (Offset < Length)
    {
        for (End = Offset; End < Length && Remaining->Buffer[End / sizeof(WCHAR)] != L'\\';
             End += sizeof(WCHAR))
            ;
        Component.Buffer = Remaining->Buffer + Offset / sizeof(WCHAR);
        Component.Length = Component.MaximumLength = End - Offset;
        Last = End == Length;
        if (Component.Length > CMP_MAX_KEY_NAME * sizeof(WCHAR))
            return STATUS_INVALID_PARAMETER;
        Next = CmpFindSubkey(Node, &Component);
        if (Next == NULL)
        {
            if (!Last || Context == NULL)
                return STATUS_OBJECT_NAME_NOT_FOUND;
            Context->Disposition = REG_CREATED_NEW_KEY;
            return CmpCreateChild(Node, &Component, Context, Found);
        }
        if ((Next->Flags & CMP_KEY_LINK) &&
            !(Last && ((Attributes & OBJ_OPENLINK) ||
                       (Context != NULL && (Context->CreateOptions & REG_OPTION_CREATE_LINK)))))
        {
            Rest.Buffer = Remaining->Buffer + End / sizeof(WCHAR);
            Rest.Length = Rest.MaximumLength = Length - End;
            return CmpReparseLink(Next, CompleteName, &Rest);
        }
        Node = Next;
        Offset = End + sizeof(WCHAR);
    }
    if (Context != NULL)
        Context->Disposition = REG_OPENED_EXISTING_KEY;
    *Found = Node;
    return STATUS_SUCCESS;
}

static NTSTATUS
CmpParseKey(PVOID ParseObject, PVOID ObjectType, PACCESS_STATE AccessState,
            KPROCESSOR_MODE AccessMode, ULONG Attributes, PUNICODE_STRING CompleteName,
            PUNICODE_STRING RemainingName, PVOID Context, PSECURITY_QUALITY_OF_SERVICE SecurityQos,
            PVOID *Object)
{
    PCM_KEY_BODY Body = ParseObject;
    PCM_PARSE_CONTEXT Create = Context;
    PCM_KEY_NODE Found = NULL;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(AccessMode);
    UNREFERENCED_PARAMETER(SecurityQos);
    *Object = NULL;
    if (ObjectType != NULL && ObjectType != CmpKeyObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (Create != NULL)
        CmpLockExclusive();
    else
        CmpLockShared();
    if (Body->Node->Flags & CMP_KEY_DELETED)
        Status = STATUS_KEY_DELETED;
    else
        Status = CmpWalk(Body->Node, CompleteName, RemainingName, Attributes, Create, &Found);
    if (Status == STATUS_SUCCESS)
        Status = CmpCreateKeyBody(Found, Object);
    CmpUnlock();
    return Status;
}

/*
 * The key behind Handle, referenced, with the registry lock taken shared (queries) or
 * exclusive (changes); STATUS_KEY_DELETED, holding nothing, once the key is gone.
 */
NTSTATUS
CmpReferenceLockedKey(HANDLE Handle, ACCESS_MASK Access, BOOLEAN Exclusive, PCM_KEY_BODY *Body)
{
    NTSTATUS Status = ObReferenceObjectByHandle(Handle, Access, CmpKeyObjectType, KernelMode,
                                                (PVOID *)Body, NULL);

    if (!NT_SUCCESS(Status))
        return Status;
    if (Exclusive)
        CmpLockExclusive();
    else
        CmpLockShared();
    if ((*Body)->Node->Flags & CMP_KEY_DELETED)
    {
        CmpUnlock();
        ObfDereferenceObject(*Body);
        return STATUS_KEY_DELETED;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
CmpCreateKeyType(VOID)
{
    CmpKeyObjectType = ObpCreateObjectType(L"Key", CMP_KEY_TAG, KEY_ALL_ACCESS, CmpDeleteKeyBody);
    if (CmpKeyObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    CmpKeyObjectType->ParseProcedure = CmpParseKey;
    CmpKeyObjectType->SecurityProcedure = CmpSecurityProcedure;
    CmpKeyObjectType->GenericMapping =
        (GENERIC_MAPPING){KEY_READ, KEY_WRITE, KEY_EXECUTE, KEY_ALL_ACCESS};
    return STATUS_SUCCESS;
}

/* \Registry as a permanent named Key object on the root node. */
static NTSTATUS
CmpNameRegistry(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Registry");
    OBJECT_ATTRIBUTES Attributes;
    PCM_KEY_BODY Body;
    HANDLE Handle;
    NTSTATUS Status;

    InitializeObjectAttributes(
        &Attributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ObCreateObject(KernelMode, CmpKeyObjectType, &Attributes, KernelMode, NULL,
                            sizeof(CM_KEY_BODY), 0, 0, (PVOID *)&Body);
    if (!NT_SUCCESS(Status))
        return Status;
    CmpReferenceNode(CmpRootNode);
    Body->Node = CmpRootNode;
    Status = ObInsertObject(Body, NULL, KEY_READ, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

static NTSTATUS
CmpCreateFixedKey(PCM_KEY_NODE Parent, PCWSTR Name, ULONG Flags, PCM_KEY_NODE *Node)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return CmpCreateNode(Parent, &String, Flags | CMP_KEY_NO_DELETE, Node);
}

/* Create each backslash-separated component of Path below Parent that is missing. */
static NTSTATUS
CmpCreatePath(PCM_KEY_NODE Parent, PCWSTR Path, ULONG Flags)
{
    UNICODE_STRING Component;
    PCM_KEY_NODE Next;
    NTSTATUS Status;
    PCWSTR End;

    while (*Path != 0)
    {
        for (End = Path; *End != 0 && *End != L'\\'; End++)
            ;
        Component.Buffer = (PWCH)Path;
        Component.Length = Component.MaximumLength = (USHORT)((End - Path) * sizeof(WCHAR));
        Next = CmpFindSubkey(Parent, &Component);
        if (Next == NULL)
        {
            Status = CmpCreateNode(Parent, &Component, Flags, &Next);
            if (!NT_SUCCESS(Status))
                return Status;
        }
        Parent = Next;
        Path = *End ? End + 1 : End;
    }
    return STATUS_SUCCESS;
}

/* Without a usable hive SYSTEM still gets a control set, so drivers find the keys that
 * RTL_REGISTRY_SERVICES and RTL_REGISTRY_CONTROL name. */
static NTSTATUS
CmpEnsureControlSet(PCM_KEY_NODE System)
{
    static const UNICODE_STRING Current = RTL_CONSTANT_STRING(L"CurrentControlSet");
    static const UNICODE_STRING LinkValue = RTL_CONSTANT_STRING(L"SymbolicLinkValue");
    static const WCHAR Target[] = L"\\Registry\\Machine\\SYSTEM\\ControlSet001";
    PCM_KEY_NODE Link;
    NTSTATUS Status;

    if (CmpFindSubkey(System, &Current) != NULL)
        return STATUS_SUCCESS;
    Status = CmpCreatePath(System, L"ControlSet001\\Control", 0);
    if (NT_SUCCESS(Status))
        Status = CmpCreatePath(System, L"ControlSet001\\Services", 0);
    if (NT_SUCCESS(Status))
        Status = CmpCreateNode(System, &Current, CMP_KEY_LINK, &Link);
    if (NT_SUCCESS(Status))
        Status = CmpSetValue(Link, &LinkValue, REG_LINK, Target, sizeof(Target) - sizeof(WCHAR));
    return Status;
}

NTSTATUS
CmInitSystem1(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    PCM_KEY_NODE Machine, User, System, Software, Hardware;
    NTSTATUS Status;

    ExInitializeResourceLite(&CmpRegistryLock);
    Status = CmpCreateKeyType();
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(NULL, L"REGISTRY", 0, &CmpRootNode);
    if (NT_SUCCESS(Status))
        Status = CmpSetDefaultSecurity(CmpRootNode);
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(CmpRootNode, L"MACHINE", 0, &Machine);
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(CmpRootNode, L"USER", 0, &User);
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(Machine, L"SYSTEM", 0, &System);
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(Machine, L"SOFTWARE", 0, &Software);
    if (NT_SUCCESS(Status))
        Status = CmpCreateFixedKey(Machine, L"HARDWARE", CMP_KEY_VOLATILE, &Hardware);
    if (!NT_SUCCESS(Status))
        return Status;
    if (LoaderBlock->RegistryBase == 0)
        DbgPrint("Cm: no SYSTEM hive from the loader; \\Registry\\Machine\\SYSTEM starts empty\n");
    else
        CmpLoadSystemHive(System, (PVOID)(ULONG_PTR)LoaderBlock->RegistryBase,
                          LoaderBlock->RegistryLength);
    Status = CmpEnsureControlSet(System);
    if (NT_SUCCESS(Status))
        Status = CmpCreatePath(Hardware, L"DESCRIPTION\\System", CMP_KEY_VOLATILE);
    if (NT_SUCCESS(Status))
        Status = CmpCreatePath(Hardware, L"DEVICEMAP", CMP_KEY_VOLATILE);
    if (NT_SUCCESS(Status))
        Status = CmpCreatePath(Hardware, L"RESOURCEMAP", CMP_KEY_VOLATILE);
    if (NT_SUCCESS(Status))
        Status = CmpCreatePath(Software, L"Microsoft\\Windows NT\\CurrentVersion", 0);
    if (NT_SUCCESS(Status))
        Status = CmpNameRegistry();
    return Status;
}
