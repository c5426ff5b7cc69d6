/* SPDX-License-Identifier: MIT */
/*
 * System-start drivers: after the boot drivers, every Services key with Start = 1
 * (SERVICE_SYSTEM_START) is loaded, as NT's IopInitializeSystemDrivers does. Order: groups
 * in Control\ServiceGroupOrder\List order, services of no listed group last; within a group
 * by the Tag's place in Control\GroupOrderList\<group>, then by Tag, then by key order.
 * A driver that fails is logged and skipped; the boot goes on.
 */
#include "iop.h"

#define IOP_MAX_SYSTEM_DRIVERS 64
#define IOP_SERVICES_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services"
#define IOP_CONTROL_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Control"

typedef struct _IOP_START_ENTRY
{
    IOP_SERVICE Service;
    ULONG GroupIndex;
    ULONG TagIndex;
} IOP_START_ENTRY, *PIOP_START_ENTRY;

static HANDLE
IopOpenControlKey(PCWSTR SubKey)
{
    WCHAR Buffer[IOP_SERVICE_PATH_CHARS];
    UNICODE_STRING Path;
    HANDLE Key;

    if (!NT_SUCCESS(
            RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s\\%s", IOP_CONTROL_KEY, SubKey)))
        return NULL;
    RtlInitUnicodeString(&Path, Buffer);
    return NT_SUCCESS(IopOpenRegistryKey(&Path, NULL, &Key)) ? Key : NULL;
}

/* The place of Group in ServiceGroupOrder\List; MAXULONG when not listed. */
static ULONG
IopGroupIndex(PCUNICODE_STRING Group)
{
    PKEY_VALUE_PARTIAL_INFORMATION Value;
    UNICODE_STRING Entry;
    HANDLE Key = IopOpenControlKey(L"ServiceGroupOrder");
    ULONG Index = MAXULONG, Position = 0, Offset = 0, Count;

    if (Key == NULL || Group->Length == 0)
        goto Done;
    if (!NT_SUCCESS(IopQueryRegistryValue(Key, L"List", REG_MULTI_SZ, REG_MULTI_SZ, &Value)))
        goto Done;
    Count = Value->DataLength / sizeof(WCHAR);
    while (Offset < Count && ((PWCHAR)Value->Data)[Offset] != 0 && Index == MAXULONG)
    {
        Entry.Buffer = (PWCHAR)Value->Data + Offset;
        for (Entry.Length = 0; Offset < Count && ((PWCHAR)Value->Data)[Offset] != 0; Offset++)
            Entry.Length += sizeof(WCHAR);
        Entry.MaximumLength = Entry.Length;
        if (RtlEqualUnicodeString(&Entry, Group, TRUE))
            Index = Position;
        Offset++;
        Position++;
    }
    ExFreePoolWithTag(Value, IOP_MISC_TAG);
Done:
    if (Key != NULL)
        ZwClose(Key);
    return Index;
}

/* The place of Tag in GroupOrderList\<group> (a ULONG count, then the tags); MAXULONG when
 * not listed. */
static ULONG
IopTagIndex(PCUNICODE_STRING Group, ULONG Tag)
{
    PKEY_VALUE_PARTIAL_INFORMATION Value;
    WCHAR Name[IOP_SERVICE_PATH_CHARS];
    HANDLE Key = IopOpenControlKey(L"GroupOrderList");
    ULONG Index = MAXULONG, I, Count;
    PULONG Tags;

    if (Key == NULL || Group->Length == 0 || Tag == MAXULONG ||
        !NT_SUCCESS(RtlStringCchPrintfW(Name, RTL_NUMBER_OF(Name), L"%wZ", Group)))
        goto Done;
    if (!NT_SUCCESS(IopQueryRegistryValue(Key, Name, REG_BINARY, REG_BINARY, &Value)))
        goto Done;
    Tags = (PULONG)Value->Data;
    Count = Value->DataLength >= sizeof(ULONG) ? Tags[0] : 0;
    for (I = 0; I < Count && (I + 2) * sizeof(ULONG) <= Value->DataLength; I++)
    {
        if (Tags[I + 1] == Tag)
        {
            Index = I;
            break;
        }
    }
    ExFreePoolWithTag(Value, IOP_MISC_TAG);
Done:
    if (Key != NULL)
        ZwClose(Key);
    return Index;
}

static BOOLEAN
IopStartsBefore(const IOP_START_ENTRY *A, const IOP_START_ENTRY *B)
{
    if (A->GroupIndex != B->GroupIndex)
        return A->GroupIndex < B->GroupIndex;
    if (A->TagIndex != B->TagIndex)
        return A->TagIndex < B->TagIndex;
    return A->Service.Tag < B->Service.Tag;
}

/* Read the Services key named by Basic and keep it in Entries if it is system-start. */
static VOID
IopCollectService(PKEY_BASIC_INFORMATION Basic, PIOP_START_ENTRY Entries, PULONG Count)
{
    WCHAR Buffer[IOP_SERVICE_PATH_CHARS];
    UNICODE_STRING Path;
    IOP_START_ENTRY Entry;
    ULONG I;

    if (!NT_SUCCESS(RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s\\%.*s",
                                        IOP_SERVICES_KEY, (int)(Basic->NameLength / sizeof(WCHAR)),
                                        Basic->Name)))
        return;
    RtlInitUnicodeString(&Path, Buffer);
    if (!NT_SUCCESS(IopReadService(&Path, &Entry.Service)))
        return;
    if (Entry.Service.Start != SERVICE_SYSTEM_START || *Count == IOP_MAX_SYSTEM_DRIVERS)
    {
        if (Entry.Service.Start == SERVICE_SYSTEM_START)
            DbgPrint("Io: more than %u system-start drivers; %wZ skipped\n", IOP_MAX_SYSTEM_DRIVERS,
                     &Entry.Service.Name);
        IopFreeService(&Entry.Service);
        return;
    }
    Entry.GroupIndex = IopGroupIndex(&Entry.Service.Group);
    Entry.TagIndex = IopTagIndex(&Entry.Service.Group, Entry.Service.Tag);
    for (I = *Count; I > 0 && IopStartsBefore(&Entry, &Entries[I - 1]); I--)
        Entries[I] = Entries[I - 1];
    Entries[I] = Entry;
    (*Count)++;
}

static ULONG
IopCollectSystemDrivers(PIOP_START_ENTRY Entries)
{
    UNICODE_STRING Path = RTL_CONSTANT_STRING(IOP_SERVICES_KEY);
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + IOP_SERVICE_PATH_CHARS * sizeof(WCHAR)];
    ULONG Index, Length, Count = 0;
    HANDLE Services;

    if (!NT_SUCCESS(IopOpenRegistryKey(&Path, NULL, &Services)))
    {
        DbgPrint("Io: no Services key; no system-start drivers\n");
        return 0;
    }
    for (Index = 0;; Index++)
    {
        NTSTATUS Status =
            ZwEnumerateKey(Services, Index, KeyBasicInformation, Buffer, sizeof(Buffer), &Length);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (NT_SUCCESS(Status))
            IopCollectService((PKEY_BASIC_INFORMATION)Buffer, Entries, &Count);
    }
    ZwClose(Services);
    return Count;
}

VOID
IoInitializeSystemDrivers(VOID)
{
    PIOP_START_ENTRY Entries;
    PDRIVER_OBJECT Driver;
    PKLDR_MODULE Module;
    NTSTATUS Status;
    ULONG I, Count;

    PAGED_CODE();
    Entries = ExAllocatePoolWithTag(PagedPool, sizeof(IOP_START_ENTRY) * IOP_MAX_SYSTEM_DRIVERS,
                                    IOP_MISC_TAG);
    if (Entries == NULL)
    {
        DbgPrint("Io: no memory to start the system-start drivers\n");
        return;
    }
    Count = IopCollectSystemDrivers(Entries);
    for (I = 0; I < Count; I++)
    {
        Status = IopLoadDriver(&Entries[I].Service.KeyPath, &Driver, &Module);
        IopRecordStartedDriver(Module, Driver, Status);
        DbgPrint("Io: %wZ DriverEntry returned 0x%08X\n", &Entries[I].Service.Name, Status);
        if (!NT_SUCCESS(Status) && Entries[I].Service.ErrorControl >= SERVICE_ERROR_CRITICAL)
            DbgPrint("Io: %wZ is critical (ErrorControl %u) and failed\n", &Entries[I].Service.Name,
                     Entries[I].Service.ErrorControl);
        IopFreeService(&Entries[I].Service);
    }
    ExFreePoolWithTag(Entries, IOP_MISC_TAG);
    IopReinitializeSystemDrivers();
}
