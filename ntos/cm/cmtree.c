/* SPDX-License-Identifier: MIT */
/*
 * Key nodes and values in memory. Subkeys are kept sorted by upcased name, so enumeration
 * returns them in the order Windows does (its hive lists are sorted the same way); values
 * keep their creation order. Names compare case-insensitively, as registry names do.
 */
#include "cmp.h"

PCM_KEY_NODE CmpRootNode;

VOID
CmpTouchNode(PCM_KEY_NODE Node)
{
    KeQuerySystemTime(&Node->LastWriteTime);
}

NTSTATUS
CmpCreateNode(PCM_KEY_NODE Parent, PCUNICODE_STRING Name, ULONG Flags, PCM_KEY_NODE *Out)
{
    PCM_KEY_NODE Node;
    PLIST_ENTRY Entry;

    *Out = NULL;
    if (Name->Length == 0 || Name->Length > CMP_MAX_KEY_NAME * sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    Node = ExAllocatePoolWithTag(PagedPool, sizeof(*Node) + Name->Length, CMP_KEY_TAG);
    if (Node == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Node, sizeof(*Node));
    InitializeListHead(&Node->Subkeys);
    InitializeListHead(&Node->Values);
    Node->ReferenceCount = 1;
    Node->Flags = Flags;
    Node->Name.Buffer = (PWCH)(Node + 1);
    Node->Name.Length = Node->Name.MaximumLength = Name->Length;
    RtlCopyMemory(Node->Name.Buffer, Name->Buffer, Name->Length);
    CmpTouchNode(Node);
    Node->Parent = Parent;
    if (Parent != NULL)
    {
        for (Entry = Parent->Subkeys.Flink; Entry != &Parent->Subkeys; Entry = Entry->Flink)
        {
            PCM_KEY_NODE Sibling = CONTAINING_RECORD(Entry, CM_KEY_NODE, SiblingLink);
            if (RtlCompareUnicodeString(&Sibling->Name, Name, TRUE) > 0)
                break;
        }
        if (Parent->Security != NULL &&
            !NT_SUCCESS(CmpSetNodeSecurity(Node, Parent->Security,
                                           RtlLengthSecurityDescriptor(Parent->Security))))
        {
            ExFreePoolWithTag(Node, CMP_KEY_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        InsertTailList(Entry, &Node->SiblingLink); /* before Entry */
        Parent->SubkeyCount++;
        CmpTouchNode(Parent);
    }
    *Out = Node;
    return STATUS_SUCCESS;
}

PCM_KEY_NODE
CmpFindSubkey(PCM_KEY_NODE Parent, PCUNICODE_STRING Name)
{
    PLIST_ENTRY Entry;

    for (Entry = Parent->Subkeys.Flink; Entry != &Parent->Subkeys; Entry = Entry->Flink)
    {
        PCM_KEY_NODE Node = CONTAINING_RECORD(Entry, CM_KEY_NODE, SiblingLink);
        if (RtlEqualUnicodeString(&Node->Name, Name, TRUE))
            return Node;
    }
    return NULL;
}

PCM_KEY_NODE
CmpSubkeyByIndex(PCM_KEY_NODE Parent, ULONG Index)
{
    PLIST_ENTRY Entry;

    if (Index >= Parent->SubkeyCount)
        return NULL;
    for (Entry = Parent->Subkeys.Flink; Index-- > 0; Entry = Entry->Flink)
        ;
    return CONTAINING_RECORD(Entry, CM_KEY_NODE, SiblingLink);
}

VOID
CmpReferenceNode(PCM_KEY_NODE Node)
{
    InterlockedIncrement(&Node->ReferenceCount);
}

static VOID
CmpFreeNode(PCM_KEY_NODE Node)
{
    while (!IsListEmpty(&Node->Values))
    {
        PCM_KEY_VALUE Value = CONTAINING_RECORD(RemoveHeadList(&Node->Values), CM_KEY_VALUE, Link);
        ExFreePoolWithTag(Value, CMP_VALUE_TAG);
    }
    if (Node->Class.Buffer != NULL)
        ExFreePoolWithTag(Node->Class.Buffer, CMP_VALUE_TAG);
    if (Node->Security != NULL)
        ExFreePool(Node->Security);
    ExFreePoolWithTag(Node, CMP_KEY_TAG);
}

VOID
CmpDereferenceNode(PCM_KEY_NODE Node)
{
    if (InterlockedDecrement(&Node->ReferenceCount) == 0)
    {
        ASSERT(Node->Flags & CMP_KEY_DELETED);
        CmpFreeNode(Node);
    }
}

/* Out of the tree; freed with the last reference. Windows refuses a key with subkeys. */
NTSTATUS
CmpDeleteNode(PCM_KEY_NODE Node)
{
    if (Node->Flags & CMP_KEY_DELETED)
        return STATUS_KEY_DELETED;
    if (Node->SubkeyCount != 0 || (Node->Flags & CMP_KEY_NO_DELETE) || Node->Parent == NULL)
        return STATUS_CANNOT_DELETE;
    RemoveEntryList(&Node->SiblingLink);
    Node->Parent->SubkeyCount--;
    CmpTouchNode(Node->Parent);
    Node->Parent = NULL;
    Node->Flags |= CMP_KEY_DELETED;
    CmpDereferenceNode(Node);
    return STATUS_SUCCESS;
}

PCM_KEY_VALUE
CmpFindValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name)
{
    PLIST_ENTRY Entry;

    for (Entry = Node->Values.Flink; Entry != &Node->Values; Entry = Entry->Flink)
    {
        PCM_KEY_VALUE Value = CONTAINING_RECORD(Entry, CM_KEY_VALUE, Link);
        if (RtlEqualUnicodeString(&Value->Name, Name, TRUE))
            return Value;
    }
    return NULL;
}

PCM_KEY_VALUE
CmpValueByIndex(PCM_KEY_NODE Node, ULONG Index)
{
    PLIST_ENTRY Entry;

    if (Index >= Node->ValueCount)
        return NULL;
    for (Entry = Node->Values.Flink; Index-- > 0; Entry = Entry->Flink)
        ;
    return CONTAINING_RECORD(Entry, CM_KEY_VALUE, Link);
}

/* A replaced value keeps its place in the enumeration order, as in a hive's value list. */
NTSTATUS
CmpSetValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name, ULONG Type, const VOID *Data,
            ULONG DataLength)
{
    PCM_KEY_VALUE Old = CmpFindValue(Node, Name), Value;
    SIZE_T Size = sizeof(*Value) + ALIGN_UP_BY(Name->Length, 8) + (SIZE_T)DataLength;

    if (Name->Length > CMP_MAX_VALUE_NAME * sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    Value = ExAllocatePoolWithTag(PagedPool, Size, CMP_VALUE_TAG);
    if (Value == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Value->Type = Type;
    Value->DataLength = DataLength;
    Value->Name.Buffer = (PWCH)(Value + 1);
    Value->Name.Length = Value->Name.MaximumLength = Name->Length;
    RtlCopyMemory(Value->Name.Buffer, Name->Buffer, Name->Length);
    Value->Data = (PUCHAR)(Value + 1) + ALIGN_UP_BY(Name->Length, 8);
    if (DataLength != 0)
        RtlCopyMemory(Value->Data, Data, DataLength);
    if (Old != NULL)
    {
        InsertHeadList(&Old->Link, &Value->Link); /* right after Old */
        RemoveEntryList(&Old->Link);
        ExFreePoolWithTag(Old, CMP_VALUE_TAG);
    }
    else
    {
        InsertTailList(&Node->Values, &Value->Link);
        Node->ValueCount++;
    }
    CmpTouchNode(Node);
    return STATUS_SUCCESS;
}

VOID
CmpDeleteValue(PCM_KEY_NODE Node, PCM_KEY_VALUE Value)
{
    RemoveEntryList(&Value->Link);
    Node->ValueCount--;
    ExFreePoolWithTag(Value, CMP_VALUE_TAG);
    CmpTouchNode(Node);
}

NTSTATUS
CmpSetClass(PCM_KEY_NODE Node, PCUNICODE_STRING Class)
{
    PWCH Buffer;

    if (Class == NULL || Class->Length == 0)
        return STATUS_SUCCESS;
    Buffer = ExAllocatePoolWithTag(PagedPool, Class->Length, CMP_VALUE_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Buffer, Class->Buffer, Class->Length);
    Node->Class.Buffer = Buffer;
    Node->Class.Length = Node->Class.MaximumLength = Class->Length;
    return STATUS_SUCCESS;
}

ULONG
CmpFullName(PCM_KEY_NODE Node, PWCH Buffer, ULONG Length)
{
    PCM_KEY_NODE Walk;
    ULONG Needed = 0, End;

    for (Walk = Node; Walk != NULL; Walk = Walk->Parent)
        Needed += sizeof(WCHAR) + Walk->Name.Length;
    if (Needed > Length)
        return Needed;
    End = Needed;
    for (Walk = Node; Walk != NULL; Walk = Walk->Parent)
    {
        End -= Walk->Name.Length;
        RtlCopyMemory((PUCHAR)Buffer + End, Walk->Name.Buffer, Walk->Name.Length);
        End -= sizeof(WCHAR);
        Buffer[End / sizeof(WCHAR)] = L'\\';
    }
    return Needed;
}
