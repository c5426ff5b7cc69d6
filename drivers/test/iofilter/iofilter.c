/* SPDX-License-Identifier: MIT */
/*
 * iofilter.sys: a filter driver as a third party writes one, against mingw-w64's DDK headers
 * and import libraries only. DriverEntry finds \Device\IoTestTarget (iotest.sys's; without it
 * the driver does not start) and attaches an unnamed filter device over it with
 * IoAttachDeviceToDeviceStackSafe. Creates, cleanups and closes are counted and skipped
 * down (IoSkipCurrentIrpStackLocation); every other request is copied down with a completion
 * routine that counts it and propagates a pending return. DriverUnload detaches. The cases
 * (cases.c) run when the kernel's Drivers suite asks \Device\KtTestIoFilter for them; the
 * kernel loads the driver with ZwLoadDriver for that and checks the stack after unloading.
 */
#include "iofilter.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD IofUnload;
static DRIVER_DISPATCH IofDispatch;
static IO_COMPLETION_ROUTINE IofCompletion;

IOF_GLOBALS Iof;

static const KTTEST_CASE IofCases[] = {
    {"the filter is on top of \\Device\\IoTestTarget's stack", IofCaseOnTop},
    {"opening the target by name goes through the filter", IofCaseOpenByName},
    {"completions pass up through the filter, pending propagated", IofCaseCompletions},
    {"a cancelled request's status passes up through the filter", IofCaseCancelled},
    {"detaching restores the stack, attaching puts the filter back", IofCaseDetach},
};

static NTSTATUS
IofComplete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI
IofCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    Iof.LastStatus = Irp->IoStatus.Status;
    InterlockedIncrement(&Iof.Completions);
    if (Irp->PendingReturned)
    {
        IoMarkIrpPending(Irp);
        InterlockedIncrement(&Iof.PendingReturns);
    }
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS
IofFilterDispatch(PIRP Irp)
{
    switch (IoGetCurrentIrpStackLocation(Irp)->MajorFunction)
    {
        case IRP_MJ_CREATE:
            InterlockedIncrement(&Iof.Creates);
            break;
        case IRP_MJ_CLEANUP:
            InterlockedIncrement(&Iof.Cleanups);
            break;
        case IRP_MJ_CLOSE:
            InterlockedIncrement(&Iof.Closes);
            break;
        default:
            InterlockedIncrement(&Iof.Passed);
            IoCopyCurrentIrpStackLocationToNext(Irp);
            IoSetCompletionRoutine(Irp, IofCompletion, NULL, TRUE, TRUE, TRUE);
            return IoCallDriver(Iof.Lower, Irp);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Iof.Lower, Irp);
}

static NTSTATUS NTAPI
IofDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    if (DeviceObject == Iof.Filter)
        return IofFilterDispatch(Irp);
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL)
        return KtTestDispatchIoctl(IofCases, RTL_NUMBER_OF(IofCases), Irp);
    if (Stack->MajorFunction == IRP_MJ_CREATE || Stack->MajorFunction == IRP_MJ_CLEANUP ||
        Stack->MajorFunction == IRP_MJ_CLOSE)
        return IofComplete(Irp, STATUS_SUCCESS);
    return IofComplete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

/* Open the target by name, as any client would: the open goes to the top of its stack. */
NTSTATUS
IofOpenTarget(BOOLEAN Synchronous, PHANDLE Handle)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(IOF_TARGET_NAME);
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    return ZwCreateFile(Handle, GENERIC_READ | GENERIC_WRITE | (Synchronous ? SYNCHRONIZE : 0),
                        &Attributes, &IoStatus, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        FILE_OPEN, Synchronous ? FILE_SYNCHRONOUS_IO_NONALERT : 0, NULL, 0);
}

NTSTATUS
IofAttach(VOID)
{
    NTSTATUS Status = IoAttachDeviceToDeviceStackSafe(Iof.Filter, Iof.Target, &Iof.Lower);

    if (NT_SUCCESS(Status))
        Iof.Filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

VOID
IofDetach(VOID)
{
    if (Iof.Lower == NULL)
        return;
    IoDetachDevice(Iof.Lower);
    Iof.Lower = NULL;
}

static VOID NTAPI
IofUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IofDetach();
    IoDeleteDevice(Iof.Filter);
    IoDeleteDevice(Iof.Report);
    ObDereferenceObject(Iof.Target);
}

/* The target device, referenced; the open IoGetDeviceObjectPointer made goes at once. */
static NTSTATUS
IofFindTarget(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(IOF_TARGET_NAME);
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    Status = IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &FileObject, &Iof.Target);
    if (!NT_SUCCESS(Status))
        return Status;
    ObReferenceObject(Iof.Target);
    ObDereferenceObject(FileObject);
    return STATUS_SUCCESS;
}

static NTSTATUS
IofCreateDevices(VOID)
{
    UNICODE_STRING Report = RTL_CONSTANT_STRING(L"\\Device\\" KTTEST_DEVICE_PREFIX L"IoFilter");
    NTSTATUS Status;

    Status = IoCreateDevice(Iof.Driver, 0, &Report, FILE_DEVICE_KTTEST, 0, FALSE, &Iof.Report);
    if (!NT_SUCCESS(Status))
        return Status;
    Iof.Report->Flags |= DO_BUFFERED_IO;
    Iof.Report->Flags &= ~DO_DEVICE_INITIALIZING;
    Status = IoCreateDevice(Iof.Driver, 0, NULL, Iof.Target->DeviceType, 0, FALSE, &Iof.Filter);
    if (!NT_SUCCESS(Status))
    {
        IoDeleteDevice(Iof.Report);
        return Status;
    }
    /* A filter presents the buffering its lower device asks for. */
    Iof.Filter->Flags |= Iof.Target->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;
    ULONG I;

    UNREFERENCED_PARAMETER(RegistryPath);
    Iof.Driver = DriverObject;
    for (I = 0; I <= IRP_MJ_MAXIMUM_FUNCTION; I++)
        DriverObject->MajorFunction[I] = IofDispatch;
    Status = IofFindTarget();
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("iofilter: no %ws to attach to: 0x%08X\n", IOF_TARGET_NAME, Status);
        return Status;
    }
    Status = IofCreateDevices();
    if (NT_SUCCESS(Status) && !NT_SUCCESS(Status = IofAttach()))
    {
        IoDeleteDevice(Iof.Filter);
        IoDeleteDevice(Iof.Report);
    }
    if (!NT_SUCCESS(Status))
    {
        ObDereferenceObject(Iof.Target);
        return Status;
    }
    DriverObject->DriverUnload = IofUnload;
    return STATUS_SUCCESS;
}
