/* SPDX-License-Identifier: MIT */
/*
 * Device stacks and completion: a filter device attached over the target, requests that
 * complete at once or later (from a DPC, from a work item), and the order and rules of
 * completion routines.
 */
#include "iotest.h"

#define IOT_WAIT_100NS (-50000000LL) /* five seconds */

static NTSTATUS NTAPI
IotFilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    IotRecord('F');
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    if (Iot.FilterKeeps)
    {
        KeSetEvent(&Iot.FilterCompleted, IO_NO_INCREMENT, FALSE);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    return STATUS_CONTINUE_COMPLETION;
}

/* Creates are counted and passed on; IOCTLs pass with a completion routine; the rest skip. */
NTSTATUS
IotFilterDispatch(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    if (Stack->MajorFunction == IRP_MJ_CREATE)
        InterlockedIncrement(&Iot.FilterCreates);
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL)
    {
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, IotFilterCompletion, NULL, TRUE, TRUE, TRUE);
        return IoCallDriver(Iot.FilterLower, Irp);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Iot.FilterLower, Irp);
}

NTSTATUS
IotAttachFilter(VOID)
{
    NTSTATUS Status =
        IoCreateDevice(Iot.Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Iot.Filter);

    if (!NT_SUCCESS(Status))
        return Status;
    Iot.Filter->Flags |= DO_BUFFERED_IO;
    Status = IoAttachDeviceToDeviceStackSafe(Iot.Filter, Iot.Target, &Iot.FilterLower);
    if (!NT_SUCCESS(Status))
    {
        IoDeleteDevice(Iot.Filter);
        Iot.Filter = NULL;
        return Status;
    }
    Iot.Filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
IotDetachFilter(VOID)
{
    PDEVICE_OBJECT Filter = Iot.Filter;

    IoDetachDevice(Iot.FilterLower);
    Iot.Filter = NULL;
    IoDeleteDevice(Filter);
}

static VOID
IotResetOrder(VOID)
{
    RtlZeroMemory(Iot.Order, sizeof(Iot.Order));
    Iot.OrderCount = 0;
}

PCSTR
IotCaseFilterStack(VOID)
{
    UCHAR In[3] = {1, 2, 3}, Out[3] = {0};
    IO_STATUS_BLOCK IoStatus;
    PDEVICE_OBJECT Top, Lower;
    LONG Creates = Iot.TargetCreates;
    HANDLE Handle;
    NTSTATUS Status;

    KTTEST_EXPECT(NT_SUCCESS(IotAttachFilter()));
    KTTEST_EXPECT(Iot.FilterLower == Iot.Target);
    KTTEST_EXPECT(Iot.Filter->StackSize == Iot.Target->StackSize + 1);
    Top = IoGetAttachedDeviceReference(Iot.Target);
    ObDereferenceObject(Top);
    KTTEST_EXPECT(Top == Iot.Filter);
    Lower = IoGetLowerDeviceObject(Iot.Filter);
    KTTEST_EXPECT(Lower == Iot.Target);
    ObDereferenceObject(Lower);
    KTTEST_EXPECT(IoGetLowerDeviceObject(Iot.Target) == NULL);
    Iot.FilterCreates = 0;
    IotResetOrder();
    KTTEST_EXPECT(NT_SUCCESS(IotOpen(L"\\Device\\IoTestTarget", TRUE, &Handle)));
    Status = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_ECHO, In,
                                   sizeof(In), Out, sizeof(Out));
    ZwClose(Handle);
    IotDetachFilter();
    KTTEST_EXPECT(Iot.FilterCreates == 1 && Iot.TargetCreates == Creates + 1);
    KTTEST_EXPECT(Status == STATUS_SUCCESS && IoStatus.Information == sizeof(Out));
    KTTEST_EXPECT(Out[0] == 2 && Out[2] == 4);
    KTTEST_EXPECT(Iot.OrderCount == 1 && Iot.Order[0] == 'F');
    KTTEST_EXPECT(IoGetAttachedDevice(Iot.Target) == Iot.Target);
    return NULL;
}

PCSTR
IotCaseSynchronousIoctl(VOID)
{
    UCHAR In[4] = {10, 20, 30, 40}, Out[4] = {0}, Small[2] = {0};
    IO_STATUS_BLOCK IoStatus;

    KTTEST_EXPECT(IotSendIoctl(Iot.Target, IOCTL_IOT_ECHO, In, sizeof(In), Out, sizeof(Out),
                               &IoStatus) == STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Information == sizeof(Out) && Out[0] == 11 && Out[3] == 41);
    KTTEST_EXPECT(IotSendIoctl(Iot.Target, IOCTL_IOT_ECHO, In, sizeof(In), Small, sizeof(Small),
                               &IoStatus) == STATUS_BUFFER_TOO_SMALL);
    KTTEST_EXPECT(IoStatus.Information == 0 && Small[0] == 0);
    KTTEST_EXPECT(IotSendIoctl(Iot.Target, IOT_CODE(0x50, METHOD_NEITHER), NULL, 0, NULL, 0,
                               &IoStatus) == STATUS_INVALID_DEVICE_REQUEST);
    return NULL;
}

/* Send Code to the target, which must pend it; then wait for its completion. */
static PCSTR
IotPendAndWait(ULONG Code, ULONG_PTR Information)
{
    LARGE_INTEGER Timeout = {.QuadPart = IOT_WAIT_100NS};
    IO_STATUS_BLOCK IoStatus = {0};
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp =
        IoBuildDeviceIoControlRequest(Code, Iot.Target, NULL, 0, NULL, 0, FALSE, &Event, &IoStatus);
    KTTEST_EXPECT(Irp != NULL);
    KTTEST_EXPECT(IoCallDriver(Iot.Target, Irp) == STATUS_PENDING);
    KTTEST_EXPECT(KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout) ==
                  STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Status == STATUS_SUCCESS && IoStatus.Information == Information);
    return NULL;
}

PCSTR
IotCasePendingDpc(VOID)
{
    return IotPendAndWait(IOCTL_IOT_PEND_DPC, IOT_DPC_INFORMATION);
}

PCSTR
IotCasePendingWorkItem(VOID)
{
    return IotPendAndWait(IOCTL_IOT_PEND_WORK, IOT_WORK_INFORMATION);
}

typedef struct _IOT_ORIGINATOR
{
    KEVENT Done;
    BOOLEAN PendingReturned;
    BOOLEAN DeviceWasNull;
} IOT_ORIGINATOR;

static NTSTATUS NTAPI
IotOriginatorCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    IOT_ORIGINATOR *Originator = Context;

    IotRecord('O');
    Originator->PendingReturned = Irp->PendingReturned;
    Originator->DeviceWasNull = DeviceObject == NULL;
    KeSetEvent(&Originator->Done, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * Our IRP (no location of our own) goes to the filter, which passes it down with its own
 * completion routine; the target pends it and a DPC completes it. The filter's routine runs
 * first and keeps the IRP (MORE_PROCESSING_REQUIRED): ours must not run until the IRP is
 * completed again. Then ours runs, as the originator (no device), seeing the pending return.
 */
PCSTR
IotCaseCompletionOrder(VOID)
{
    LARGE_INTEGER Timeout = {.QuadPart = IOT_WAIT_100NS};
    IOT_ORIGINATOR Originator;
    PIO_STACK_LOCATION Stack;
    NTSTATUS Status, Wait;
    PIRP Irp;

    KTTEST_EXPECT(NT_SUCCESS(IotAttachFilter()));
    KeInitializeEvent(&Originator.Done, NotificationEvent, FALSE);
    KeClearEvent(&Iot.FilterCompleted);
    IotResetOrder();
    Iot.FilterKeeps = TRUE;
    Irp = IoAllocateIrp(Iot.Filter->StackSize, FALSE);
    KTTEST_EXPECT(Irp != NULL);
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_IOT_PEND_DPC;
    IoSetCompletionRoutine(Irp, IotOriginatorCompletion, &Originator, TRUE, TRUE, TRUE);
    Status = IoCallDriver(Iot.Filter, Irp);
    Wait = KeWaitForSingleObject(&Iot.FilterCompleted, Executive, KernelMode, FALSE, &Timeout);
    Iot.FilterKeeps = FALSE;
    KTTEST_EXPECT(Status == STATUS_PENDING && Wait == STATUS_SUCCESS);
    KTTEST_EXPECT(Iot.OrderCount == 1 && Iot.Order[0] == 'F');
    KTTEST_EXPECT(Irp->IoStatus.Information == IOT_DPC_INFORMATION);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    Wait = KeWaitForSingleObject(&Originator.Done, Executive, KernelMode, FALSE, &Timeout);
    IoFreeIrp(Irp);
    IotDetachFilter();
    KTTEST_EXPECT(Wait == STATUS_SUCCESS);
    KTTEST_EXPECT(Iot.OrderCount == 2 && Iot.Order[1] == 'O');
    KTTEST_EXPECT(Originator.PendingReturned && Originator.DeviceWasNull);
    return NULL;
}
