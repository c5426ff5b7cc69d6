/* SPDX-License-Identifier: MIT */
/*
 * Services keys: what HKLM\SYSTEM\CurrentControlSet\Services\<name> says about a driver
 * (ImagePath, Type, Start, ErrorControl, Group, Tag), read through the registry's Zw calls
 * as any other client reads it.
 */
#include "iop.h"

#define IOP_VALUE_BUFFER 256

NTSTATUS
IopOpenRegistryKey(PCUNICODE_STRING Path, HANDLE Root, PHANDLE Key)
{
    OBJECT_ATTRIBUTES Attributes;

    InitializeObjectAttributes(&Attributes, (PUNICODE_STRING)Path,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, Root, NULL);
    return ZwOpenKey(Key, KEY_READ, &Attributes);
}

/* A value of one of two types into pool the caller frees; STATUS_OBJECT_NAME_NOT_FOUND when
 * absent, STATUS_OBJECT_TYPE_MISMATCH when of another type. */
NTSTATUS
IopQueryRegistryValue(HANDLE Key, PCWSTR Name, ULONG Type, ULONG OtherType,
                      PKEY_VALUE_PARTIAL_INFORMATION *Value)
{
    UNICODE_STRING ValueName;
    PKEY_VALUE_PARTIAL_INFORMATION Info;
    ULONG Length = IOP_VALUE_BUFFER;
    NTSTATUS Status;

    *Value = NULL;
    RtlInitUnicodeString(&ValueName, Name);
    for (;;)
    {
        Info = ExAllocatePoolWithTag(PagedPool, Length, IOP_MISC_TAG);
        if (Info == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        Status =
            ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, Info, Length, &Length);
        if (Status != STATUS_BUFFER_OVERFLOW && Status != STATUS_BUFFER_TOO_SMALL)
            break;
        ExFreePoolWithTag(Info, IOP_MISC_TAG);
    }
    if (NT_SUCCESS(Status) && Info->Type != Type && Info->Type != OtherType)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    if (!NT_SUCCESS(Status))
    {
        ExFreePoolWithTag(Info, IOP_MISC_TAG);
        return Status;
    }
    *Value = Info;
    return STATUS_SUCCESS;
}

static ULONG
IopQueryDword(HANDLE Key, PCWSTR Name, ULONG Default)
{
    PKEY_VALUE_PARTIAL_INFORMATION Value;
    ULONG Result = Default;

    if (!NT_SUCCESS(IopQueryRegistryValue(Key, Name, REG_DWORD, REG_DWORD, &Value)))
        return Default;
    if (Value->DataLength >= sizeof(ULONG))
        Result = *(PULONG)Value->Data;
    ExFreePoolWithTag(Value, IOP_MISC_TAG);
    return Result;
}

/* Length bytes of Source as a terminated pool string (IOP_MISC_TAG). */
static NTSTATUS
IopDuplicateString(PUNICODE_STRING String, PCWCH Source, ULONG Length)
{
    RtlZeroMemory(String, sizeof(*String));
    if (Length > MAXUSHORT - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    String->Buffer = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), IOP_MISC_TAG);
    if (String->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(String->Buffer, Source, Length);
    String->Buffer[Length / sizeof(WCHAR)] = UNICODE_NULL;
    String->Length = (USHORT)Length;
    String->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* A REG_SZ or REG_EXPAND_SZ value without its terminators. */
static NTSTATUS
IopQueryString(HANDLE Key, PCWSTR Name, PUNICODE_STRING String)
{
    PKEY_VALUE_PARTIAL_INFORMATION Value;
    ULONG Length;
    NTSTATUS Status;

    RtlZeroMemory(String, sizeof(*String));
    Status = IopQueryRegistryValue(Key, Name, REG_SZ, REG_EXPAND_SZ, &Value);
    if (!NT_SUCCESS(Status))
        return Status;
    Length = Value->DataLength & ~1u;
    while (Length >= sizeof(WCHAR) && ((PWCHAR)Value->Data)[Length / sizeof(WCHAR) - 1] == 0)
        Length -= sizeof(WCHAR);
    Status = IopDuplicateString(String, (PWCHAR)Value->Data, Length);
    ExFreePoolWithTag(Value, IOP_MISC_TAG);
    return Status;
}

/* No ImagePath: NT's default, System32\drivers\<service>.sys under \SystemRoot. */
static NTSTATUS
IopDefaultImagePath(PIOP_SERVICE Service)
{
    WCHAR Path[IOP_SERVICE_PATH_CHARS];
    NTSTATUS Status;

    Status = RtlStringCchPrintfW(Path, RTL_NUMBER_OF(Path),
                                 L"\\SystemRoot\\System32\\drivers\\%wZ.sys", &Service->Name);
    if (!NT_SUCCESS(Status))
        return STATUS_NAME_TOO_LONG;
    return IopDuplicateString(&Service->ImagePath, Path, (ULONG)wcslen(Path) * sizeof(WCHAR));
}

VOID
IopFreeService(PIOP_SERVICE Service)
{
    PUNICODE_STRING Strings[] = {&Service->KeyPath, &Service->Name, &Service->ImagePath,
                                 &Service->Group};
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Strings); I++)
    {
        if (Strings[I]->Buffer != NULL)
            ExFreePoolWithTag(Strings[I]->Buffer, IOP_MISC_TAG);
        RtlZeroMemory(Strings[I], sizeof(UNICODE_STRING));
    }
}

static NTSTATUS
IopReadServiceValues(HANDLE Key, PIOP_SERVICE Service)
{
    NTSTATUS Status = IopQueryString(Key, L"ImagePath", &Service->ImagePath);

    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        Status = IopDefaultImagePath(Service);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopQueryString(Key, L"Group", &Service->Group);
    if (!NT_SUCCESS(Status) && Status != STATUS_OBJECT_NAME_NOT_FOUND &&
        Status != STATUS_OBJECT_TYPE_MISMATCH)
        return Status;
    Service->Type = IopQueryDword(Key, L"Type", SERVICE_KERNEL_DRIVER);
    Service->Start = IopQueryDword(Key, L"Start", SERVICE_DEMAND_START);
    Service->ErrorControl = IopQueryDword(Key, L"ErrorControl", SERVICE_ERROR_NORMAL);
    Service->Tag = IopQueryDword(Key, L"Tag", MAXULONG);
    return STATUS_SUCCESS;
}

/*
 * The service behind the Services key KeyPath: its name is the key's last component. Fails
 * with the registry's status when the key cannot be opened (STATUS_OBJECT_NAME_NOT_FOUND).
 */
NTSTATUS
IopReadService(PCUNICODE_STRING KeyPath, PIOP_SERVICE Service)
{
    USHORT Start, Count = KeyPath->Length / sizeof(WCHAR);
    HANDLE Key;
    NTSTATUS Status;

    PAGED_CODE();
    RtlZeroMemory(Service, sizeof(*Service));
    for (Start = Count; Start > 0 && KeyPath->Buffer[Start - 1] != L'\\'; Start--)
        ;
    if (Start == Count)
        return STATUS_OBJECT_NAME_INVALID;
    Status = IopOpenRegistryKey(KeyPath, NULL, &Key);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopDuplicateString(&Service->KeyPath, KeyPath->Buffer, KeyPath->Length);
    if (NT_SUCCESS(Status))
        Status = IopDuplicateString(&Service->Name, KeyPath->Buffer + Start,
                                    (Count - Start) * sizeof(WCHAR));
    if (NT_SUCCESS(Status))
        Status = IopReadServiceValues(Key, Service);
    ZwClose(Key);
    if (!NT_SUCCESS(Status))
        IopFreeService(Service);
    return Status;
}
