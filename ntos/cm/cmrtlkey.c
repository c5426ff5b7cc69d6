/* SPDX-License-Identifier: MIT */
/*
 * The Rtl registry helpers that work on one key: RtlCheckRegistryKey, RtlCreateRegistryKey,
 * RtlWriteRegistryValue, RtlDeleteRegistryValue, and the RelativeTo rule they share with
 * RtlQueryRegistryValues (cmrtlquery.c): a path relative to one of the well-known keys, an
 * absolute path, or (RTL_REGISTRY_HANDLE) a key handle the caller already has. As Microsoft
 * documents, RtlCreateRegistryKey creates only the last key of the path (so does
 * RtlWriteRegistryValue); a missing key before it fails the call.
 */
#include "cmp.h"
#include "cmrtl.h"

static const PCWSTR CmpRelativeRoots[RTL_REGISTRY_MAXIMUM] = {
    [RTL_REGISTRY_ABSOLUTE] = L"",
    [RTL_REGISTRY_SERVICES] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
    [RTL_REGISTRY_CONTROL] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
    [RTL_REGISTRY_WINDOWS_NT] =
        L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
    [RTL_REGISTRY_DEVICEMAP] = L"\\Registry\\Machine\\Hardware\\DeviceMap",
    [RTL_REGISTRY_USER] = L"\\Registry\\User\\.Default",
};

NTSTATUS
CmpRtlOpenKey(ULONG RelativeTo, PCWSTR Path, BOOLEAN Create, ACCESS_MASK Access, PHANDLE Handle,
              PBOOLEAN Close)
{
    ULONG Base = RelativeTo & ~(RTL_REGISTRY_HANDLE | RTL_REGISTRY_OPTIONAL);
    UNICODE_STRING Name, Relative;
    OBJECT_ATTRIBUTES Attributes;
    NTSTATUS Status;
    SIZE_T Length;

    *Handle = NULL;
    *Close = FALSE;
    if (RelativeTo & RTL_REGISTRY_HANDLE)
    {
        *Handle = (HANDLE)Path;
        return STATUS_SUCCESS;
    }
    if (Base >= RTL_REGISTRY_MAXIMUM)
        return STATUS_INVALID_PARAMETER;
    RtlInitUnicodeString(&Relative, Path);
    Length = wcslen(CmpRelativeRoots[Base]) * sizeof(WCHAR) + sizeof(WCHAR) + Relative.Length;
    if (Length > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    Name.Buffer = ExAllocatePoolWithTag(PagedPool, Length, CMP_NAME_TAG);
    if (Name.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Name.Length = 0;
    Name.MaximumLength = (USHORT)Length;
    RtlAppendUnicodeToString(&Name, CmpRelativeRoots[Base]);
    if (Base != RTL_REGISTRY_ABSOLUTE && Relative.Length != 0 && Relative.Buffer[0] != L'\\')
        RtlAppendUnicodeToString(&Name, L"\\");
    RtlAppendUnicodeStringToString(&Name, &Relative);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    if (Create)
        Status = ZwCreateKey(Handle, Access, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    else
        Status = ZwOpenKey(Handle, Access, &Attributes);
    ExFreePoolWithTag(Name.Buffer, CMP_NAME_TAG);
    *Close = NT_SUCCESS(Status);
    return Status;
}

NTSTATUS NTAPI
RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    BOOLEAN Close;
    HANDLE Handle;
    NTSTATUS Status = CmpRtlOpenKey(RelativeTo, Path, FALSE, KEY_READ, &Handle, &Close);

    PAGED_CODE();
    if (Close)
        ZwClose(Handle);
    return Status;
}

NTSTATUS NTAPI
RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    BOOLEAN Close;
    HANDLE Handle;
    NTSTATUS Status = CmpRtlOpenKey(RelativeTo, Path, TRUE, KEY_READ, &Handle, &Close);

    PAGED_CODE();
    if (Close)
        ZwClose(Handle);
    return Status;
}

NTSTATUS NTAPI
RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName, ULONG ValueType,
                      PVOID ValueData, ULONG ValueLength)
{
    UNICODE_STRING Name;
    BOOLEAN Close;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    Status = CmpRtlOpenKey(RelativeTo, Path, TRUE, KEY_SET_VALUE, &Handle, &Close);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Name, ValueName);
    Status = ZwSetValueKey(Handle, &Name, 0, ValueType, ValueData, ValueLength);
    if (Close)
        ZwClose(Handle);
    return Status;
}

NTSTATUS NTAPI
RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName)
{
    UNICODE_STRING Name;
    BOOLEAN Close;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    Status = CmpRtlOpenKey(RelativeTo, Path, FALSE, KEY_SET_VALUE, &Handle, &Close);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Name, ValueName);
    Status = ZwDeleteValueKey(Handle, &Name);
    if (Close)
        ZwClose(Handle);
    return Status;
}
