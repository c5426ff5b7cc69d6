/* SPDX-License-Identifier: MIT */
/*
 * RtlQueryRegistryValues: a table of value names (or subkey switches) and what to do with
 * each, as the DDK documents it. For each value found the entry's QueryRoutine is called, or
 * with RTL_QUERY_REGISTRY_DIRECT the data is stored at EntryContext. Without NOEXPAND a
 * REG_MULTI_SZ is handed over one string at a time and a REG_EXPAND_SZ as the REG_SZ it
 * expands to (%NAME% from the Environment block when one is given). A missing value takes
 * the entry's default, unless it has none (REG_NONE); with REQUIRED it is an error. An
 * entry without a name enumerates every value of the key (or, with NOVALUE, calls the
 * routine once). SUBKEY entries move to a subkey of the top key; TOPKEY moves back.
 */
#include "cmp.h"
#include "cmrtl.h"

#define CMP_QUERY_BUFFER 512
/* DIRECT strings are freed by the caller with RtlFreeUnicodeString: its tag. */
#define CMP_RTL_STRING_TAG 0x67727453 /* "Strg", lib/rtl/rtlnt.h's RTLP_STRING_TAG */

/* Store one value for RTL_QUERY_REGISTRY_DIRECT. */
static NTSTATUS
CmpQueryDirect(ULONG Type, PVOID Data, ULONG Length, PVOID EntryContext)
{
    PUNICODE_STRING String = EntryContext;
    PLONG Buffer = EntryContext;
    ULONG Size;

    if (Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ)
    {
        if (Length > MAXUSHORT)
            return STATUS_BUFFER_TOO_SMALL;
        if (String->Buffer == NULL)
        {
            String->Buffer =
                ExAllocatePoolWithTag(PagedPool, max(Length, sizeof(WCHAR)), CMP_RTL_STRING_TAG);
            if (String->Buffer == NULL)
                return STATUS_NO_MEMORY;
            String->MaximumLength = (USHORT)max(Length, sizeof(WCHAR));
        }
        else if (Length > String->MaximumLength)
            return STATUS_BUFFER_TOO_SMALL;
        RtlCopyMemory(String->Buffer, Data, Length);
        String->Length = (USHORT)Length;
        /* The length counts no terminator, when there is one. */
        if (Length >= sizeof(WCHAR) && String->Buffer[Length / sizeof(WCHAR) - 1] == 0)
            String->Length -= sizeof(WCHAR);
        if (String->Length < String->MaximumLength && String->Length == Length)
            String->Buffer[String->Length / sizeof(WCHAR)] = 0;
        return STATUS_SUCCESS;
    }
    if (Length <= sizeof(ULONG))
    {
        RtlCopyMemory(EntryContext, Data, Length);
        return STATUS_SUCCESS;
    }
    /* A buffer whose first LONG is its size; negative: the data alone, else length, type,
     * data. */
    Size = (ULONG)(Buffer[0] < 0 ? -Buffer[0] : Buffer[0]);
    if (Buffer[0] < 0)
    {
        if (Size < Length)
            return STATUS_BUFFER_TOO_SMALL;
        RtlCopyMemory(Buffer, Data, Length);
        return STATUS_SUCCESS;
    }
    if (Size < 2 * sizeof(ULONG) + Length)
        return STATUS_BUFFER_TOO_SMALL;
    Buffer[0] = (LONG)Length;
    Buffer[1] = (LONG)Type;
    RtlCopyMemory(Buffer + 2, Data, Length);
    return STATUS_SUCCESS;
}

static NTSTATUS
CmpQueryCall(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR Name, ULONG Type, PVOID Data, ULONG Length,
             PVOID Context)
{
    if (Entry->Flags & RTL_QUERY_REGISTRY_DIRECT)
        return CmpQueryDirect(Type, Data, Length, Entry->EntryContext);
    if (Entry->QueryRoutine == NULL)
        return STATUS_INVALID_PARAMETER;
    return Entry->QueryRoutine(Name, Type, Data, Length, Context, Entry->EntryContext);
}

static BOOLEAN
CmpEnvironmentMatch(PCWSTR Entry, PCWSTR Name, ULONG Chars)
{
    for (ULONG I = 0; I < Chars; I++)
    {
        if (Entry[I] == 0 || RtlUpcaseUnicodeChar(Entry[I]) != RtlUpcaseUnicodeChar(Name[I]))
            return FALSE;
    }
    return Entry[Chars] == L'=';
}

/* %NAME% replaced from Environment ("NAME=VALUE\0...\0"); unknown names stay as written. */
static NTSTATUS
CmpExpand(PCWSTR Text, ULONG Length, PVOID Environment, PWSTR *Out, PULONG OutLength)
{
    ULONG Chars = Length / sizeof(WCHAR), I, J, N = 0, Size = Length + 2 * sizeof(WCHAR);
    PCWSTR Env, Value;
    PWSTR Buffer;

    for (Env = Environment; Env != NULL && *Env != 0; Env += wcslen(Env) + 1)
        Size += (ULONG)wcslen(Env) * sizeof(WCHAR);
    Buffer = ExAllocatePoolWithTag(PagedPool, Size, CMP_NAME_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (I = 0; I < Chars && Text[I] != 0; I++)
    {
        Value = NULL;
        if (Text[I] == L'%')
        {
            for (J = I + 1; J < Chars && Text[J] != L'%' && Text[J] != 0; J++)
                ;
            for (Env = Environment; J < Chars && Text[J] == L'%' && J > I + 1 && Env != NULL &&
                                    *Env != 0 && Value == NULL;
                 Env += wcslen(Env) + 1)
            {
                if (CmpEnvironmentMatch(Env, Text + I + 1, J - I - 1))
                    Value = Env + (J - I);
            }
            if (Value != NULL)
            {
                while (*Value != 0)
                    Buffer[N++] = *Value++;
                I = J;
                continue;
            }
        }
        Buffer[N++] = Text[I];
    }
    Buffer[N++] = 0;
    *Out = Buffer;
    *OutLength = N * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* One value's data through the entry: split, expanded or whole. */
static NTSTATUS
CmpQueryValue(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR Name, ULONG Type, PVOID Data, ULONG Length,
              PVOID Context, PVOID Environment)
{
    PWSTR String = Data, Expanded;
    ULONG Chars = Length / sizeof(WCHAR), I, Start, ExpandedLength;
    NTSTATUS Status;

    if (Entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND)
        return CmpQueryCall(Entry, Name, Type, Data, Length, Context);
    if (Type == REG_MULTI_SZ)
    {
        for (Start = 0; Start < Chars && String[Start] != 0; Start = I + 1)
        {
            for (I = Start; I < Chars && String[I] != 0; I++)
                ;
            Status = CmpQueryCall(Entry, Name, REG_SZ, String + Start,
                                  (I - Start + (I < Chars ? 1 : 0)) * sizeof(WCHAR), Context);
            if (!NT_SUCCESS(Status))
                return Status;
        }
        return STATUS_SUCCESS;
    }
    if (Type == REG_EXPAND_SZ && Length != 0)
    {
        Status = CmpExpand(Data, Length, Environment, &Expanded, &ExpandedLength);
        if (!NT_SUCCESS(Status))
            return Status;
        Status = CmpQueryCall(Entry, Name, REG_SZ, Expanded, ExpandedLength, Context);
        ExFreePoolWithTag(Expanded, CMP_NAME_TAG);
        return Status;
    }
    return CmpQueryCall(Entry, Name, Type, Data, Length, Context);
}

/* Full information on a value (by name, or by index when Name is NULL) in pool. */
static NTSTATUS
CmpQueryFetch(HANDLE Key, PCWSTR Name, ULONG Index, PKEY_VALUE_FULL_INFORMATION *Info)
{
    ULONG Length = CMP_QUERY_BUFFER, Needed;
    UNICODE_STRING String;
    NTSTATUS Status;

    RtlInitUnicodeString(&String, Name);
    for (;;)
    {
        *Info = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), CMP_NAME_TAG);
        if (*Info == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        Status =
            Name != NULL
                ? ZwQueryValueKey(Key, &String, KeyValueFullInformation, *Info, Length, &Needed)
                : ZwEnumerateValueKey(Key, Index, KeyValueFullInformation, *Info, Length, &Needed);
        if (Status != STATUS_BUFFER_OVERFLOW && Status != STATUS_BUFFER_TOO_SMALL)
            break;
        ExFreePoolWithTag(*Info, CMP_NAME_TAG);
        Length = Needed;
    }
    if (!NT_SUCCESS(Status))
    {
        ExFreePoolWithTag(*Info, CMP_NAME_TAG);
        *Info = NULL;
    }
    return Status;
}

static NTSTATUS
CmpQueryFound(PRTL_QUERY_REGISTRY_TABLE Entry, HANDLE Key, PKEY_VALUE_FULL_INFORMATION Info,
              PVOID Context, PVOID Environment)
{
    PWSTR Name = ExAllocatePoolWithTag(PagedPool, Info->NameLength + sizeof(WCHAR), CMP_NAME_TAG);
    UNICODE_STRING String;
    NTSTATUS Status;

    if (Name == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Name, Info->Name, Info->NameLength);
    Name[Info->NameLength / sizeof(WCHAR)] = 0; /* the routine gets a terminated name */
    Status = CmpQueryValue(Entry, Name, Info->Type, (PUCHAR)Info + Info->DataOffset,
                           Info->DataLength, Context, Environment);
    if (NT_SUCCESS(Status) && (Entry->Flags & RTL_QUERY_REGISTRY_DELETE))
    {
        String.Buffer = Name;
        String.Length = String.MaximumLength = (USHORT)Info->NameLength;
        Status = ZwDeleteValueKey(Key, &String);
    }
    ExFreePoolWithTag(Name, CMP_NAME_TAG);
    return Status;
}

/* A named value that is not there: its default, an error when REQUIRED, else nothing. */
static NTSTATUS
CmpQueryMissing(PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context, PVOID Environment)
{
    ULONG Length = Entry->DefaultLength;
    PWSTR String = Entry->DefaultData;

    if (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (Entry->DefaultType == REG_NONE)
        return STATUS_SUCCESS;
    if (Length == 0 && String != NULL)
    {
        /* Strings without a length are measured: one terminator, two for REG_MULTI_SZ. */
        if (Entry->DefaultType == REG_SZ || Entry->DefaultType == REG_EXPAND_SZ)
            Length = (ULONG)(wcslen(String) + 1) * sizeof(WCHAR);
        else if (Entry->DefaultType == REG_MULTI_SZ)
        {
            PWSTR Walk = String;
            while (*Walk != 0)
                Walk += wcslen(Walk) + 1;
            Length = (ULONG)(Walk - String + 1) * sizeof(WCHAR);
        }
    }
    return CmpQueryValue(Entry, (PWSTR)Entry->Name, Entry->DefaultType, Entry->DefaultData, Length,
                         Context, Environment);
}

/* Every value of Key through Entry (an entry without a name). */
static NTSTATUS
CmpQueryAll(PRTL_QUERY_REGISTRY_TABLE Entry, HANDLE Key, PVOID Context, PVOID Environment)
{
    PKEY_VALUE_FULL_INFORMATION Info;
    NTSTATUS Status;
    ULONG Index = 0;

    if (Entry->Flags & RTL_QUERY_REGISTRY_NOVALUE)
        return CmpQueryCall(Entry, NULL, REG_NONE, NULL, 0, Context);
    for (;;)
    {
        /* A deleted value moves the rest down: the index stays. */
        Status = CmpQueryFetch(Key, NULL, Index, &Info);
        if (Status == STATUS_NO_MORE_ENTRIES)
            return STATUS_SUCCESS;
        if (!NT_SUCCESS(Status))
            return Status;
        Status = CmpQueryFound(Entry, Key, Info, Context, Environment);
        ExFreePoolWithTag(Info, CMP_NAME_TAG);
        if (!NT_SUCCESS(Status))
            return Status;
        if (!(Entry->Flags & RTL_QUERY_REGISTRY_DELETE))
            Index++;
    }
}

static NTSTATUS
CmpQueryEntry(PRTL_QUERY_REGISTRY_TABLE Entry, HANDLE Key, PVOID Context, PVOID Environment)
{
    PKEY_VALUE_FULL_INFORMATION Info;
    NTSTATUS Status;

    if (Entry->Name == NULL)
        return CmpQueryAll(Entry, Key, Context, Environment);
    Status = CmpQueryFetch(Key, Entry->Name, 0, &Info);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return CmpQueryMissing(Entry, Context, Environment);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpQueryFound(Entry, Key, Info, Context, Environment);
    ExFreePoolWithTag(Info, CMP_NAME_TAG);
    return Status;
}

/* Move to Entry's subkey of Top (SUBKEY) or back to Top (TOPKEY); *Current is closed when it
 * is not Top. */
static NTSTATUS
CmpQuerySwitch(PRTL_QUERY_REGISTRY_TABLE Entry, HANDLE Top, PHANDLE Current)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    NTSTATUS Status = STATUS_SUCCESS;

    if (*Current != Top)
        ZwClose(*Current);
    *Current = Top;
    if ((Entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) && Entry->Name != NULL)
    {
        RtlInitUnicodeString(&Name, Entry->Name);
        InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   Top, NULL);
        Status = ZwOpenKey(Current, KEY_READ | KEY_SET_VALUE, &Attributes);
        if (!NT_SUCCESS(Status))
            *Current = Top;
    }
    return Status;
}

NTSTATUS NTAPI
RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                       PVOID Context, PVOID Environment)
{
    PRTL_QUERY_REGISTRY_TABLE Entry;
    HANDLE Top, Current;
    BOOLEAN Close;
    NTSTATUS Status;

    PAGED_CODE();
    if (QueryTable == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = CmpRtlOpenKey(RelativeTo, Path, FALSE, KEY_READ | KEY_SET_VALUE, &Top, &Close);
    if (!NT_SUCCESS(Status))
        return Status;
    Current = Top;
    for (Entry = QueryTable; Entry->QueryRoutine != NULL || Entry->Name != NULL; Entry++)
    {
        if (Entry->Flags & (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_TOPKEY))
        {
            Status = CmpQuerySwitch(Entry, Top, &Current);
            if (!NT_SUCCESS(Status))
                break;
            if (Entry->QueryRoutine == NULL || (Entry->Flags & RTL_QUERY_REGISTRY_DIRECT))
                continue;
            /* A routine on a SUBKEY entry gets every value of the subkey. */
            Status = CmpQueryAll(Entry, Current, Context, Environment);
        }
        else
            Status = CmpQueryEntry(Entry, Current, Context, Environment);
        if (!NT_SUCCESS(Status))
            break;
    }
    if (Current != Top)
        ZwClose(Current);
    if (Close)
        ZwClose(Top);
    return Status;
}
