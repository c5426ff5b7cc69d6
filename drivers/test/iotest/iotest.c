/* SPDX-License-Identifier: MIT */
/*
 * iotest.sys: the I/O manager exercised from outside, as a third-party driver uses it,
 * against mingw-w64's DDK headers and import libraries only. DriverEntry makes the
 * reporting device \Device\KtTestIo and the target device \Device\IoTestTarget; the cases
 * (stack.c, cancel.c, files.c) run when the kernel's Drivers suite asks for them.
 */
#include "iotest.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD IotUnload;
static DRIVER_DISPATCH IotDispatch;

IOT_GLOBALS Iot;

static const KTTEST_CASE IotCases[] = {
    {"a filter attached over a device sees its requests first", IotCaseFilterStack},
    {"a built IOCTL completed at once", IotCaseSynchronousIoctl},
    {"a pending IRP completed from a DPC", IotCasePendingDpc},
    {"a pending IRP completed from a work item", IotCasePendingWorkItem},
    {"completion routines run bottom-up, until one keeps the IRP", IotCaseCompletionOrder},
    {"IoCancelIrp runs a pending IRP's cancel routine", IotCaseCancelRoutine},
    {"a cancel-safe queue gives up each IRP once", IotCaseCancelSafeQueue},
    {"every IOCTL method round-trips through ZwDeviceIoControlFile", IotCaseIoctlMethods},
    {"\\Device\\Null: writes succeed, reads reach the end", IotCaseNullDevice},
    {"ZwCreateFile through a symbolic link", IotCaseSymbolicLink},
    {"an asynchronous read completes through its event and APC", IotCaseAsynchronousRead},
    {"a synchronous file keeps its position", IotCaseSynchronousPosition},
};

NTSTATUS
IotCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

VOID
IotRecord(CHAR Letter)
{
    LONG Index = InterlockedIncrement(&Iot.OrderCount) - 1;

    if (Index < (LONG)sizeof(Iot.Order))
        Iot.Order[Index] = Letter;
}

static NTSTATUS NTAPI
IotDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    if (DeviceObject == Iot.Target)
        return IotTargetDispatch(Irp);
    if (DeviceObject == Iot.Filter)
        return IotFilterDispatch(Irp);
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL)
        return KtTestDispatchIoctl(IotCases, RTL_NUMBER_OF(IotCases), Irp);
    if (Stack->MajorFunction == IRP_MJ_CREATE || Stack->MajorFunction == IRP_MJ_CLEANUP ||
        Stack->MajorFunction == IRP_MJ_CLOSE)
        return IotCompleteIrp(Irp, STATUS_SUCCESS, 0);
    return IotCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

/* Open Name (no share restrictions); Synchronous gives a synchronous file. */
NTSTATUS
IotOpen(PCWSTR Name, BOOLEAN Synchronous, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    return ZwCreateFile(Handle, GENERIC_READ | GENERIC_WRITE | (Synchronous ? SYNCHRONIZE : 0),
                        &Attributes, &IoStatus, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        FILE_OPEN, Synchronous ? FILE_SYNCHRONOUS_IO_NONALERT : 0, NULL, 0);
}

NTSTATUS
IotSendIoctl(PDEVICE_OBJECT Device, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
             ULONG OutLength, PIO_STATUS_BLOCK IoStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -50000000LL};
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(Code, Device, In, InLength, Out, OutLength, FALSE, &Event,
                                        IoStatus);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (IoCallDriver(Device, Irp) == STATUS_PENDING &&
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout) != STATUS_SUCCESS)
        return STATUS_TIMEOUT;
    return IoStatus->Status;
}

static VOID NTAPI
IotUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(Iot.Target);
    IoDeleteDevice(Iot.Report);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Report = RTL_CONSTANT_STRING(L"\\Device\\" KTTEST_DEVICE_PREFIX L"Io");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\IoTestTarget");
    NTSTATUS Status;
    ULONG I;

    UNREFERENCED_PARAMETER(RegistryPath);
    Iot.Driver = DriverObject;
    for (I = 0; I <= IRP_MJ_MAXIMUM_FUNCTION; I++)
        DriverObject->MajorFunction[I] = IotDispatch;
    DriverObject->DriverUnload = IotUnload;
    Status = IoCreateDevice(DriverObject, 0, &Report, FILE_DEVICE_KTTEST, 0, FALSE, &Iot.Report);
    if (!NT_SUCCESS(Status))
        return Status;
    Iot.Report->Flags |= DO_BUFFERED_IO;
    Status = IoCreateDevice(DriverObject, 0, &Target, FILE_DEVICE_UNKNOWN, 0, FALSE, &Iot.Target);
    if (!NT_SUCCESS(Status))
    {
        IoDeleteDevice(Iot.Report);
        return Status;
    }
    Iot.Target->Flags |= DO_BUFFERED_IO;
    IotInitializeTarget();
    return STATUS_SUCCESS;
}
