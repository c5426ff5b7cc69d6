/* SPDX-License-Identifier: MIT */
/*
 * svcload.sys: a demand-start driver the kernel's "Io load" self-tests load and unload with
 * ZwLoadDriver/ZwUnloadDriver, DDK headers only. DriverEntry reads its Services key with
 * RtlQueryRegistryValues and refuses to start unless Greeting and Number hold what
 * scripts/mkimage wrote; with FailEntry = 1 (the svcfail service, same image) it makes a
 * device and then fails, so the I/O manager must clean up after it. While loaded it holds
 * one pool block tagged 'SvcL', freed by DriverUnload: the tests check the tag returns to
 * zero.
 */
#include <ntddk.h>

#define SVC_TAG 0x4C637653 /* 'SvcL' */
#define SVC_GREETING L"hello from the registry"
#define SVC_NUMBER 42

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SvcUnload;
static DRIVER_DISPATCH SvcCreateClose;

typedef struct _SVC_EXTENSION
{
    PVOID Block;
} SVC_EXTENSION, *PSVC_EXTENSION;

static NTSTATUS NTAPI
SvcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID NTAPI
SvcUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;
    PSVC_EXTENSION Extension;

    if (Device == NULL)
        return;
    Extension = Device->DeviceExtension;
    if (Extension->Block != NULL)
        ExFreePoolWithTag(Extension->Block, SVC_TAG);
    IoDeleteDevice(Device);
}

/* Greeting and Number as the Services key holds them; FailEntry is optional. */
static NTSTATUS
SvcReadParameters(PUNICODE_STRING RegistryPath, PUNICODE_STRING Greeting, PULONG Number,
                  PULONG FailEntry)
{
    ULONG Zero = 0;
    RTL_QUERY_REGISTRY_TABLE Table[4];

    RtlZeroMemory(Table, sizeof(Table));
    Table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    Table[0].Name = L"FailEntry";
    Table[0].EntryContext = FailEntry;
    Table[0].DefaultType = REG_DWORD;
    Table[0].DefaultData = &Zero;
    Table[0].DefaultLength = sizeof(Zero);
    Table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    Table[1].Name = L"Greeting";
    Table[1].EntryContext = Greeting;
    Table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    Table[2].Name = L"Number";
    Table[2].EntryContext = Number;
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, Table, NULL, NULL);
}

static NTSTATUS
SvcCreateDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\SvcLoad");

    return IoCreateDevice(DriverObject, sizeof(SVC_EXTENSION), &Name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                          Device);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Greeting = {0, 0, NULL}, Expected = RTL_CONSTANT_STRING(SVC_GREETING);
    ULONG Number = 0, FailEntry = 0;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    Status = SvcReadParameters(RegistryPath, &Greeting, &Number, &FailEntry);
    if (FailEntry != 0)
    {
        /* A device left behind by a failing DriverEntry is the I/O manager's to delete. */
        if (NT_SUCCESS(SvcCreateDevice(DriverObject, &Device)))
            DbgPrint("svcload: %wZ fails on purpose, leaving a device\n", RegistryPath);
        RtlFreeUnicodeString(&Greeting);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    if (!NT_SUCCESS(Status) || Number != SVC_NUMBER ||
        !RtlEqualUnicodeString(&Greeting, &Expected, FALSE))
    {
        DbgPrint("svcload: %wZ: parameters 0x%08X, Number %u, Greeting '%wZ'\n", RegistryPath,
                 Status, Number, &Greeting);
        RtlFreeUnicodeString(&Greeting);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    RtlFreeUnicodeString(&Greeting);
    Status = SvcCreateDevice(DriverObject, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    ((PSVC_EXTENSION)Device->DeviceExtension)->Block =
        ExAllocatePoolWithTag(NonPagedPoolNx, 256, SVC_TAG);
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SvcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SvcCreateClose;
    DriverObject->DriverUnload = SvcUnload;
    return STATUS_SUCCESS;
}
