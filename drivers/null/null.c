/* SPDX-License-Identifier: MIT */
/*
 * null.sys: \Device\Null, the bit bucket, as Windows' Null driver behaves: opens, cleanups
 * and closes succeed, reads find the end of the file at once, writes succeed for their whole
 * length, and the standard and position information of an empty file can be queried.
 * Everything else is an invalid device request. Built against the DDK headers only.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD NullUnload;
static DRIVER_DISPATCH NullDispatch;

static NTSTATUS
NullComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
NullQueryInformation(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Length = Stack->Parameters.QueryFile.Length;

    switch (Stack->Parameters.QueryFile.FileInformationClass)
    {
        case FileStandardInformation:
            if (Length < sizeof(FILE_STANDARD_INFORMATION))
                return NullComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
            RtlZeroMemory(Buffer, sizeof(FILE_STANDARD_INFORMATION));
            ((PFILE_STANDARD_INFORMATION)Buffer)->NumberOfLinks = 1;
            return NullComplete(Irp, STATUS_SUCCESS, sizeof(FILE_STANDARD_INFORMATION));
        case FilePositionInformation:
            if (Length < sizeof(FILE_POSITION_INFORMATION))
                return NullComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
            ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset.QuadPart = 0;
            return NullComplete(Irp, STATUS_SUCCESS, sizeof(FILE_POSITION_INFORMATION));
        default:
            return NullComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }
}

static NTSTATUS NTAPI
NullDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->MajorFunction)
    {
        case IRP_MJ_CREATE:
        case IRP_MJ_CLEANUP:
        case IRP_MJ_CLOSE:
            return NullComplete(Irp, STATUS_SUCCESS,
                                Stack->MajorFunction == IRP_MJ_CREATE ? FILE_OPENED : 0);
        case IRP_MJ_READ:
            return NullComplete(Irp, STATUS_END_OF_FILE, 0);
        case IRP_MJ_WRITE:
            return NullComplete(Irp, STATUS_SUCCESS, Stack->Parameters.Write.Length);
        case IRP_MJ_QUERY_INFORMATION:
            return NullQueryInformation(Irp, Stack);
        default:
            return NullComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID NTAPI
NullUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\Null");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;
    ULONG I;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_NULL, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    for (I = 0; I <= IRP_MJ_MAXIMUM_FUNCTION; I++)
        DriverObject->MajorFunction[I] = NullDispatch;
    DriverObject->DriverUnload = NullUnload;
    return STATUS_SUCCESS;
}
