/* SPDX-License-Identifier: MIT */
/* The Io self-tests' in-kernel driver (ktio.h). */
#include "ktio.h"

static VOID
KtIoRecord(PDEVICE_OBJECT Device, CHAR Letter)
{
    PKT_IO_DEVICE State = Device->DeviceExtension;
    LONG Index = InterlockedIncrement(&State->OrderCount) - 1;

    if (Index < (LONG)sizeof(State->Order) - 1)
        State->Order[Index] = Letter;
}

static NTSTATUS
KtIoComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
KtIoTransfer(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PKT_IO_DEVICE State = Device->DeviceExtension;
    ULONG Length = Stack->Parameters.Read.Length;

    State->SawMdl = Irp->MdlAddress != NULL;
    State->SawSystemBuffer = Irp->AssociatedIrp.SystemBuffer;
    if (Stack->MajorFunction == IRP_MJ_READ && Length != 0)
    {
        if (Device->Flags & DO_BUFFERED_IO)
            RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Length, 'k');
        else if (Device->Flags & DO_DIRECT_IO)
            RtlFillMemory(MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority), Length,
                          'd');
        else
            RtlFillMemory(Irp->UserBuffer, Length, 'n');
    }
    return KtIoComplete(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS
KtIoControl(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PKT_IO_DEVICE State = Device->DeviceExtension;
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;

    switch (Stack->Parameters.DeviceIoControl.IoControlCode)
    {
        case IOCTL_KT_ECHO:
            if (Out < In)
                return KtIoComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
            return KtIoComplete(Irp, STATUS_SUCCESS, In);
        case IOCTL_KT_PEND:
            IoMarkIrpPending(Irp);
            State->Pending = Irp;
            return STATUS_PENDING;
        default:
            return KtIoComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS NTAPI
KtIoDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PKT_IO_DEVICE State = Device->DeviceExtension;

    if (State->Lower != NULL)
    {
        IoCopyCurrentIrpStackLocationToNext(Irp);
        return IofCallDriver(State->Lower, Irp);
    }
    switch (Stack->MajorFunction)
    {
        case IRP_MJ_CREATE:
            KtIoRecord(Device, 'C');
            return KtIoComplete(Irp, State->CreateStatus, FILE_OPENED);
        case IRP_MJ_CLEANUP:
            KtIoRecord(Device, 'U');
            return KtIoComplete(Irp, STATUS_SUCCESS, 0);
        case IRP_MJ_CLOSE:
            KtIoRecord(Device, 'X');
            return KtIoComplete(Irp, STATUS_SUCCESS, 0);
        case IRP_MJ_READ:
        case IRP_MJ_WRITE:
            KtIoRecord(Device, Stack->MajorFunction == IRP_MJ_READ ? 'R' : 'W');
            return KtIoTransfer(Device, Irp, Stack);
        default:
            KtIoRecord(Device, 'I');
            return KtIoControl(Device, Irp, Stack);
    }
}

/* Devices left over go with the driver; those already deleted are waited for. */
static VOID NTAPI
KtIoUnload(PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT Device, Next;

    for (Device = Driver->DeviceObject; Device != NULL; Device = Next)
    {
        Next = Device->NextDevice;
        IoDeleteDevice(Device);
    }
}

static NTSTATUS NTAPI
KtIoDriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    Driver->MajorFunction[IRP_MJ_CREATE] = KtIoDispatch;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = KtIoDispatch;
    Driver->MajorFunction[IRP_MJ_CLOSE] = KtIoDispatch;
    Driver->MajorFunction[IRP_MJ_READ] = KtIoDispatch;
    Driver->MajorFunction[IRP_MJ_WRITE] = KtIoDispatch;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KtIoDispatch;
    Driver->DriverUnload = KtIoUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
KtIoCreateDriver(PDRIVER_OBJECT *Driver)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"KtIo");
    UNICODE_STRING Path =
        RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\KtIo");

    return IopCreateDriver(&Name, KtIoDriverEntry, &Path, NULL, 0, Driver);
}

VOID
KtIoUnloadDriver(PDRIVER_OBJECT Driver)
{
    if (Driver != NULL)
        IopUnloadDriver(Driver);
}

NTSTATUS
KtIoCreateDevice(PDRIVER_OBJECT Driver, PCWSTR Name, ULONG Flags, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING String;
    NTSTATUS Status;

    if (Name != NULL)
        RtlInitUnicodeString(&String, Name);
    Status = IoCreateDevice(Driver, sizeof(KT_IO_DEVICE), Name != NULL ? &String : NULL,
                            FILE_DEVICE_UNKNOWN, 0, FALSE, Device);
    if (NT_SUCCESS(Status))
        (*Device)->Flags = ((*Device)->Flags & ~DO_DEVICE_INITIALIZING) | Flags;
    return Status;
}

NTSTATUS
KtIoOpen(PCWSTR Name, BOOLEAN Synchronous, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    return ZwCreateFile(Handle, GENERIC_READ | GENERIC_WRITE | (Synchronous ? SYNCHRONIZE : 0),
                        &Attributes, &IoStatus, NULL, 0, 0, FILE_OPEN,
                        Synchronous ? FILE_SYNCHRONOUS_IO_NONALERT : 0, NULL, 0);
}

PKT_IO_DEVICE
KtIoState(PDEVICE_OBJECT Device)
{
    return Device->DeviceExtension;
}

BOOLEAN
KtIoOrderIs(PDEVICE_OBJECT Device, PCSTR Expected)
{
    PKT_IO_DEVICE State = Device->DeviceExtension;
    SIZE_T Length = strlen(Expected);

    return (SIZE_T)State->OrderCount == Length &&
           RtlCompareMemory(State->Order, Expected, Length) == Length;
}

BOOLEAN
KtIoIsNamed(PCWSTR Name)
{
    UNICODE_STRING String;
    PVOID Object;

    RtlInitUnicodeString(&String, Name);
    if (!NT_SUCCESS(ObReferenceObjectByName(&String, OBJ_CASE_INSENSITIVE, NULL, 0, NULL,
                                            KernelMode, NULL, &Object)))
        return FALSE;
    ObfDereferenceObject(Object);
    return TRUE;
}
