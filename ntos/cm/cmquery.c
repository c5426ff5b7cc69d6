/* SPDX-License-Identifier: MIT */
/*
 * ZwQueryKey, ZwEnumerateKey, ZwQueryValueKey, ZwEnumerateValueKey: the information classes
 * and Windows' buffer rules. A record is built whole in pool, then copied: a buffer smaller
 * than the record's fixed part gets nothing and STATUS_BUFFER_TOO_SMALL; a larger one that
 * still cannot hold the names and data gets as much as fits and STATUS_BUFFER_OVERFLOW.
 * ResultLength is always the size of the whole record.
 */
#include "cmp.h"

typedef struct _CMP_RECORD
{
    PUCHAR Data;
    ULONG Fixed;  /* bytes a caller's buffer must hold to get anything */
    ULONG Length; /* the whole record */
} CMP_RECORD, *PCMP_RECORD;

static NTSTATUS
CmpAllocateRecord(PCMP_RECORD Record, ULONG Fixed, ULONG Length)
{
    Record->Fixed = Fixed;
    Record->Length = Length;
    Record->Data = ExAllocatePoolWithTag(PagedPool, Length, CMP_NAME_TAG);
    if (Record->Data == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Record->Data, Length);
    return STATUS_SUCCESS;
}

static NTSTATUS
CmpCopyRecord(PCMP_RECORD Record, PVOID Buffer, ULONG Length, PULONG ResultLength)
{
    NTSTATUS Status = STATUS_SUCCESS;

    *ResultLength = Record->Length;
    if (Length < Record->Fixed)
        Status = STATUS_BUFFER_TOO_SMALL;
    else
    {
        RtlCopyMemory(Buffer, Record->Data, min(Length, Record->Length));
        if (Length < Record->Length)
            Status = STATUS_BUFFER_OVERFLOW;
    }
    ExFreePoolWithTag(Record->Data, CMP_NAME_TAG);
    return Status;
}

/* The largest subkey name, class, value name and data below Node, in bytes. */
static VOID
CmpNodeMaxima(PCM_KEY_NODE Node, PULONG Name, PULONG Class, PULONG ValueName, PULONG Data)
{
    PLIST_ENTRY Entry;

    *Name = *Class = *ValueName = *Data = 0;
    for (Entry = Node->Subkeys.Flink; Entry != &Node->Subkeys; Entry = Entry->Flink)
    {
        PCM_KEY_NODE Sub = CONTAINING_RECORD(Entry, CM_KEY_NODE, SiblingLink);
        *Name = max(*Name, Sub->Name.Length);
        *Class = max(*Class, Sub->Class.Length);
    }
    for (Entry = Node->Values.Flink; Entry != &Node->Values; Entry = Entry->Flink)
    {
        PCM_KEY_VALUE Value = CONTAINING_RECORD(Entry, CM_KEY_VALUE, Link);
        *ValueName = max(*ValueName, Value->Name.Length);
        *Data = max(*Data, Value->DataLength);
    }
}

static NTSTATUS
CmpKeyRecord(PCM_KEY_NODE Node, KEY_INFORMATION_CLASS Class, PCMP_RECORD Record)
{
    ULONG Fixed, NameLength = Node->Name.Length, ClassLength = Node->Class.Length;
    ULONG MaxName, MaxClass, MaxValueName, MaxData;
    NTSTATUS Status;

    switch (Class)
    {
        case KeyBasicInformation:
        {
            PKEY_BASIC_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_BASIC_INFORMATION, Name);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + NameLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->LastWriteTime = Node->LastWriteTime;
            Info->NameLength = NameLength;
            RtlCopyMemory(Info->Name, Node->Name.Buffer, NameLength);
            return STATUS_SUCCESS;
        }
        case KeyNodeInformation:
        {
            PKEY_NODE_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_NODE_INFORMATION, Name);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + NameLength + ClassLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->LastWriteTime = Node->LastWriteTime;
            Info->ClassOffset = ClassLength ? Fixed + NameLength : 0xFFFFFFFF;
            Info->ClassLength = ClassLength;
            Info->NameLength = NameLength;
            RtlCopyMemory(Info->Name, Node->Name.Buffer, NameLength);
            RtlCopyMemory(Record->Data + Fixed + NameLength, Node->Class.Buffer, ClassLength);
            return STATUS_SUCCESS;
        }
        case KeyFullInformation:
        {
            PKEY_FULL_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_FULL_INFORMATION, Class);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + ClassLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            CmpNodeMaxima(Node, &MaxName, &MaxClass, &MaxValueName, &MaxData);
            Info->LastWriteTime = Node->LastWriteTime;
            Info->ClassOffset = ClassLength ? Fixed : 0xFFFFFFFF;
            Info->ClassLength = ClassLength;
            Info->SubKeys = Node->SubkeyCount;
            Info->MaxNameLen = MaxName;
            Info->MaxClassLen = MaxClass;
            Info->Values = Node->ValueCount;
            Info->MaxValueNameLen = MaxValueName;
            Info->MaxValueDataLen = MaxData;
            RtlCopyMemory(Info->Class, Node->Class.Buffer, ClassLength);
            return STATUS_SUCCESS;
        }
        case KeyCachedInformation:
        {
            CMP_KEY_CACHED_INFORMATION *Info;
            Status = CmpAllocateRecord(Record, sizeof(*Info), sizeof(*Info));
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            CmpNodeMaxima(Node, &MaxName, &MaxClass, &MaxValueName, &MaxData);
            Info->LastWriteTime = Node->LastWriteTime;
            Info->SubKeys = Node->SubkeyCount;
            Info->MaxNameLen = MaxName;
            Info->Values = Node->ValueCount;
            Info->MaxValueNameLen = MaxValueName;
            Info->MaxValueDataLen = MaxData;
            Info->NameLength = NameLength;
            return STATUS_SUCCESS;
        }
        case KeyNameInformation:
        {
            CMP_KEY_NAME_INFORMATION *Info;
            ULONG Full = CmpFullName(Node, NULL, 0);
            Fixed = FIELD_OFFSET(CMP_KEY_NAME_INFORMATION, Name);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + Full);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->NameLength = Full;
            CmpFullName(Node, Info->Name, Full);
            return STATUS_SUCCESS;
        }
        default:
            return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS
CmpValueRecord(PCM_KEY_VALUE Value, KEY_VALUE_INFORMATION_CLASS Class, PCMP_RECORD Record)
{
    ULONG Fixed, NameLength = Value->Name.Length, DataOffset;
    NTSTATUS Status;

    switch (Class)
    {
        case KeyValueBasicInformation:
        {
            PKEY_VALUE_BASIC_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + NameLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->Type = Value->Type;
            Info->NameLength = NameLength;
            RtlCopyMemory(Info->Name, Value->Name.Buffer, NameLength);
            return STATUS_SUCCESS;
        }
        case KeyValueFullInformation:
        case KeyValueFullInformationAlign64:
        {
            PKEY_VALUE_FULL_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name);
            DataOffset = ALIGN_UP_BY(Fixed + NameLength, sizeof(ULONGLONG));
            Status = CmpAllocateRecord(Record, Fixed, DataOffset + Value->DataLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->Type = Value->Type;
            Info->DataOffset = DataOffset;
            Info->DataLength = Value->DataLength;
            Info->NameLength = NameLength;
            RtlCopyMemory(Info->Name, Value->Name.Buffer, NameLength);
            RtlCopyMemory(Record->Data + DataOffset, Value->Data, Value->DataLength);
            return STATUS_SUCCESS;
        }
        case KeyValuePartialInformation:
        {
            PKEY_VALUE_PARTIAL_INFORMATION Info;
            Fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + Value->DataLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->Type = Value->Type;
            Info->DataLength = Value->DataLength;
            RtlCopyMemory(Info->Data, Value->Data, Value->DataLength);
            return STATUS_SUCCESS;
        }
        case KeyValuePartialInformationAlign64:
        {
            PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64 Info;
            Fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data);
            Status = CmpAllocateRecord(Record, Fixed, Fixed + Value->DataLength);
            if (!NT_SUCCESS(Status))
                return Status;
            Info = (PVOID)Record->Data;
            Info->Type = Value->Type;
            Info->DataLength = Value->DataLength;
            RtlCopyMemory(Info->Data, Value->Data, Value->DataLength);
            return STATUS_SUCCESS;
        }
        default:
            return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS
CmpEndQuery(PCM_KEY_BODY Body, NTSTATUS Status, PCMP_RECORD Record, PVOID Buffer, ULONG Length,
            PULONG ResultLength)
{
    CmpUnlock();
    ObfDereferenceObject(Body);
    if (!NT_SUCCESS(Status))
        return Status;
    return CmpCopyRecord(Record, Buffer, Length, ResultLength);
}

NTSTATUS NTAPI
ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
           ULONG Length, PULONG ResultLength)
{
    CMP_RECORD Record;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    *ResultLength = 0;
    Status = CmpReferenceLockedKey(
        KeyHandle, KeyInformationClass == KeyNameInformation ? 0 : KEY_QUERY_VALUE, FALSE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpKeyRecord(Body->Node, KeyInformationClass, &Record);
    return CmpEndQuery(Body, Status, &Record, KeyInformation, Length, ResultLength);
}

NTSTATUS NTAPI
ZwEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
               PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    PCM_KEY_NODE Subkey;
    CMP_RECORD Record;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    *ResultLength = 0;
    if (KeyInformationClass != KeyBasicInformation && KeyInformationClass != KeyNodeInformation &&
        KeyInformationClass != KeyFullInformation)
        return STATUS_INVALID_PARAMETER;
    Status = CmpReferenceLockedKey(KeyHandle, KEY_ENUMERATE_SUB_KEYS, FALSE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    Subkey = CmpSubkeyByIndex(Body->Node, Index);
    Status = Subkey == NULL ? STATUS_NO_MORE_ENTRIES
                            : CmpKeyRecord(Subkey, KeyInformationClass, &Record);
    return CmpEndQuery(Body, Status, &Record, KeyInformation, Length, ResultLength);
}

NTSTATUS NTAPI
ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                ULONG Length, PULONG ResultLength)
{
    UNICODE_STRING Empty = {0, 0, NULL};
    PCM_KEY_VALUE Value;
    CMP_RECORD Record;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    *ResultLength = 0;
    Status = CmpReferenceLockedKey(KeyHandle, KEY_QUERY_VALUE, FALSE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    Value = CmpFindValue(Body->Node, ValueName != NULL ? ValueName : &Empty);
    Status = Value == NULL ? STATUS_OBJECT_NAME_NOT_FOUND
                           : CmpValueRecord(Value, KeyValueInformationClass, &Record);
    return CmpEndQuery(Body, Status, &Record, KeyValueInformation, Length, ResultLength);
}

NTSTATUS NTAPI
ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                    KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                    ULONG Length, PULONG ResultLength)
{
    PCM_KEY_VALUE Value;
    CMP_RECORD Record;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    PAGED_CODE();
    *ResultLength = 0;
    Status = CmpReferenceLockedKey(KeyHandle, KEY_QUERY_VALUE, FALSE, &Body);
    if (!NT_SUCCESS(Status))
        return Status;
    Value = CmpValueByIndex(Body->Node, Index);
    Status = Value == NULL ? STATUS_NO_MORE_ENTRIES
                           : CmpValueRecord(Value, KeyValueInformationClass, &Record);
    return CmpEndQuery(Body, Status, &Record, KeyValueInformation, Length, ResultLength);
}
