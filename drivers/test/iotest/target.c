/* SPDX-License-Identifier: MIT */
/*
 * \Device\IoTestTarget: the device the cases send requests to. It answers each IOCTL
 * method, pends IRPs and completes them later from a DPC or a work item, keeps IRPs with a
 * cancel routine or in a cancel-safe queue, and serves reads, writes and file information.
 */
#include "iotest.h"

static VOID NTAPI
IotDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PIRP Irp = Iot.DpcIrp;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    Iot.DpcIrp = NULL;
    if (Stack->MajorFunction == IRP_MJ_READ)
    {
        RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Stack->Parameters.Read.Length, 'R');
        IotCompleteIrp(Irp, STATUS_SUCCESS, Stack->Parameters.Read.Length);
        return;
    }
    IotCompleteIrp(Irp, STATUS_SUCCESS, IOT_DPC_INFORMATION);
}

static NTSTATUS
IotPendForDpc(PIRP Irp)
{
    LARGE_INTEGER DueTime = {.QuadPart = -100000LL}; /* 10 ms */

    IoMarkIrpPending(Irp);
    Iot.DpcIrp = Irp;
    KeSetTimer(&Iot.Timer, DueTime, &Iot.Dpc);
    return STATUS_PENDING;
}

static VOID NTAPI
IotWorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PIRP Irp = Context;
    PIO_WORKITEM WorkItem = Irp->Tail.Overlay.DriverContext[0];

    UNREFERENCED_PARAMETER(DeviceObject);
    IoFreeWorkItem(WorkItem);
    IotCompleteIrp(Irp, STATUS_SUCCESS, IOT_WORK_INFORMATION);
}

static VOID NTAPI
IotCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    IotCompleteIrp(Irp, STATUS_CANCELLED, 0);
}

/* The cancel-safe queue's callbacks: a list under a spin lock. */
static NTSTATUS NTAPI
IotCsqInsert(PIO_CSQ Csq, PIRP Irp, PVOID InsertContext)
{
    UNREFERENCED_PARAMETER(Csq);
    if (InsertContext != NULL)
        return STATUS_DEVICE_BUSY;
    InsertTailList(&Iot.CsqList, &Irp->Tail.Overlay.ListEntry);
    return STATUS_SUCCESS;
}

static VOID NTAPI
IotCsqRemove(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static PIRP NTAPI
IotCsqPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PLIST_ENTRY Next = Irp == NULL ? Iot.CsqList.Flink : Irp->Tail.Overlay.ListEntry.Flink;

    UNREFERENCED_PARAMETER(Csq);
    UNREFERENCED_PARAMETER(PeekContext);
    return Next == &Iot.CsqList ? NULL : CONTAINING_RECORD(Next, IRP, Tail.Overlay.ListEntry);
}

static VOID NTAPI
IotCsqAcquire(PIO_CSQ Csq, PKIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeAcquireSpinLock(&Iot.CsqLock, Irql);
}

static VOID NTAPI
IotCsqRelease(PIO_CSQ Csq, KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeReleaseSpinLock(&Iot.CsqLock, Irql);
}

static VOID NTAPI
IotCsqCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    IotCompleteIrp(Irp, STATUS_CANCELLED, 0);
}

VOID
IotInitializeTarget(VOID)
{
    KeInitializeTimer(&Iot.Timer);
    KeInitializeDpc(&Iot.Dpc, IotDpcRoutine, NULL);
    InitializeListHead(&Iot.CsqList);
    KeInitializeSpinLock(&Iot.CsqLock);
    KeInitializeEvent(&Iot.FilterCompleted, NotificationEvent, FALSE);
    IoCsqInitializeEx(&Iot.Csq, IotCsqInsert, IotCsqRemove, IotCsqPeek, IotCsqAcquire,
                      IotCsqRelease, IotCsqCompleteCanceled);
}

static NTSTATUS
IotMethodIoctl(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    PUCHAR System = Irp->AssociatedIrp.SystemBuffer, Mapped;
    ULONG_PTR Sum = 0;
    ULONG I;

    switch (Stack->Parameters.DeviceIoControl.IoControlCode)
    {
        case IOCTL_IOT_ECHO:
            if (Out < In)
                return IotCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
            for (I = 0; I < In; I++)
                System[I]++;
            return IotCompleteIrp(Irp, STATUS_SUCCESS, In);
        case IOCTL_IOT_SUM:
            Mapped = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
            if (Mapped == NULL || System == NULL)
                return IotCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
            for (I = 0; I < In; I++)
                Sum += System[I];
            for (I = 0; I < MmGetMdlByteCount(Irp->MdlAddress); I++)
                Sum += Mapped[I];
            return IotCompleteIrp(Irp, STATUS_SUCCESS, Sum);
        case IOCTL_IOT_FILL:
            Mapped = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
            if (Mapped == NULL || System == NULL || In < 1)
                return IotCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
            RtlFillMemory(Mapped, Out, System[0]);
            return IotCompleteIrp(Irp, STATUS_SUCCESS, Out);
        default:
            RtlCopyMemory(Irp->UserBuffer, Stack->Parameters.DeviceIoControl.Type3InputBuffer,
                          min(In, Out));
            return IotCompleteIrp(Irp, STATUS_SUCCESS, min(In, Out));
    }
}

static NTSTATUS
IotPendingIoctl(PIRP Irp, ULONG Code)
{
    PIO_WORKITEM WorkItem;
    NTSTATUS Status;

    switch (Code)
    {
        case IOCTL_IOT_PEND_DPC:
            return IotPendForDpc(Irp);
        case IOCTL_IOT_PEND_WORK:
            WorkItem = IoAllocateWorkItem(Iot.Target);
            if (WorkItem == NULL)
                return IotCompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
            Irp->Tail.Overlay.DriverContext[0] = WorkItem;
            IoMarkIrpPending(Irp);
            IoQueueWorkItem(WorkItem, IotWorkRoutine, DelayedWorkQueue, Irp);
            return STATUS_PENDING;
        case IOCTL_IOT_PEND_CANCEL:
            IoMarkIrpPending(Irp);
            IoSetCancelRoutine(Irp, IotCancelRoutine);
            if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL)
                IotCompleteIrp(Irp, STATUS_CANCELLED, 0);
            return STATUS_PENDING;
        case IOCTL_IOT_PEND_CSQ:
        case IOCTL_IOT_CSQ_REFUSE:
            Status = IoCsqInsertIrpEx(&Iot.Csq, Irp, NULL,
                                      Code == IOCTL_IOT_CSQ_REFUSE ? (PVOID)1 : NULL);
            return NT_SUCCESS(Status) ? STATUS_PENDING : IotCompleteIrp(Irp, Status, 0);
        default:
            return IotCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS
IotDrainQueue(PIRP Irp)
{
    ULONG Count = 0;
    PIRP Queued;

    while ((Queued = IoCsqRemoveNextIrp(&Iot.Csq, NULL)) != NULL)
    {
        IotCompleteIrp(Queued, STATUS_SUCCESS, 0);
        Count++;
    }
    return IotCompleteIrp(Irp, STATUS_SUCCESS, Count);
}

static NTSTATUS
IotReadWrite(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    ULONG Length = Stack->Parameters.Read.Length;

    if (Stack->MajorFunction == IRP_MJ_WRITE)
        return IotCompleteIrp(Irp, STATUS_SUCCESS, Length);
    if (Stack->Parameters.Read.ByteOffset.QuadPart == IOT_ASYNC_READ_OFFSET)
        return IotPendForDpc(Irp);
    RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Length, 'r');
    if (Stack->FileObject->Flags & FO_SYNCHRONOUS_IO)
        Stack->FileObject->CurrentByteOffset.QuadPart =
            Stack->Parameters.Read.ByteOffset.QuadPart + Length;
    return IotCompleteIrp(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS
IotQueryInformation(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_STANDARD_INFORMATION Standard = Irp->AssociatedIrp.SystemBuffer;

    if (Stack->Parameters.QueryFile.FileInformationClass != FileStandardInformation)
        return IotCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
    RtlZeroMemory(Standard, sizeof(*Standard));
    Standard->EndOfFile.QuadPart = 42;
    Standard->NumberOfLinks = 1;
    return IotCompleteIrp(Irp, STATUS_SUCCESS, sizeof(*Standard));
}

NTSTATUS
IotTargetDispatch(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;

    switch (Stack->MajorFunction)
    {
        case IRP_MJ_CREATE:
            InterlockedIncrement(&Iot.TargetCreates);
            return IotCompleteIrp(Irp, STATUS_SUCCESS, FILE_OPENED);
        case IRP_MJ_CLEANUP:
            InterlockedIncrement(&Iot.TargetCleanups);
            return IotCompleteIrp(Irp, STATUS_SUCCESS, 0);
        case IRP_MJ_CLOSE:
            InterlockedIncrement(&Iot.TargetCloses);
            return IotCompleteIrp(Irp, STATUS_SUCCESS, 0);
        case IRP_MJ_READ:
        case IRP_MJ_WRITE:
            return IotReadWrite(Irp, Stack);
        case IRP_MJ_QUERY_INFORMATION:
            return IotQueryInformation(Irp, Stack);
        case IRP_MJ_DEVICE_CONTROL:
            if (Code == IOCTL_IOT_ECHO || Code == IOCTL_IOT_SUM || Code == IOCTL_IOT_FILL ||
                Code == IOCTL_IOT_COPY)
                return IotMethodIoctl(Irp, Stack);
            if (Code == IOCTL_IOT_CSQ_DRAIN)
                return IotDrainQueue(Irp);
            return IotPendingIoctl(Irp, Code);
        default:
            return IotCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
