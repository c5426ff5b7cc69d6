/* SPDX-License-Identifier: MIT */
/*
 * Io self-tests: IRPs. Allocation and layout, IofCallDriver, the default answer to majors a
 * driver does not handle, completion routines and their SL_INVOKE_* flags, requests built by
 * the IoBuild* routines with their buffers, completion in the issuing thread, cancellation
 * and cancel-safe queues.
 */
#include "ktio.h"

static VOID
KtIrpLayout(PKT_CONTEXT Context)
{
    PIRP Irp = IoAllocateIrp(3, FALSE), None = IoAllocateIrp(0, FALSE);
    BOOLEAN Layout, Reused;

    KT_CHECK(Context, Irp != NULL && None == NULL, "IoAllocateIrp(3) %p, (0) %p", Irp, None);
    Layout = Irp->Type == IO_TYPE_IRP && Irp->Size == IoSizeOfIrp(3) && Irp->StackCount == 3 &&
             Irp->CurrentLocation == 4 &&
             IoGetNextIrpStackLocation(Irp) == (PIO_STACK_LOCATION)(Irp + 1) + 2 &&
             IsListEmpty(&Irp->ThreadListEntry);
    Irp->IoStatus.Information = 7;
    IoSetNextIrpStackLocation(Irp);
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    Reused = Irp->CurrentLocation == 4 && Irp->IoStatus.Status == STATUS_UNSUCCESSFUL &&
             Irp->IoStatus.Information == 0 && Irp->AllocationFlags == IRP_ALLOCATED_FIXED_SIZE;
    IoFreeIrp(Irp);
    KT_CHECK(Context, Layout, "a new IRP's layout is wrong");
    KT_CHECK(Context, Reused, "IoReuseIrp did not reset the IRP");
}

typedef struct _KT_COMPLETION
{
    ULONG Calls;
    NTSTATUS Status;
    PDEVICE_OBJECT Device;
    BOOLEAN Cancel;
} KT_COMPLETION;

static NTSTATUS NTAPI
KtKeepIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    KT_COMPLETION *Completion = Context;

    Completion->Calls++;
    Completion->Status = Irp->IoStatus.Status;
    Completion->Device = DeviceObject;
    Completion->Cancel = Irp->Cancel;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Send Major to Device with a routine that keeps the IRP; the routine's view of it. */
static NTSTATUS
KtSendKept(PDEVICE_OBJECT Device, UCHAR Major, BOOLEAN Cancel, KT_COMPLETION *Completion,
           BOOLEAN Success, BOOLEAN Error, BOOLEAN OnCancel)
{
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
    NTSTATUS Status;

    RtlZeroMemory(Completion, sizeof(*Completion));
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = Major;
    IoSetCompletionRoutine(Irp, KtKeepIrp, Completion, Success, Error, OnCancel);
    Irp->Cancel = Cancel;
    Status = IofCallDriver(Device, Irp);
    IoFreeIrp(Irp);
    return Status;
}

/* As KtSendKept, but the routine is not expected to run: the I/O manager frees the IRP. */
static VOID
KtSendUnkept(PDEVICE_OBJECT Device, UCHAR Major, KT_COMPLETION *Completion, BOOLEAN Success,
             BOOLEAN Error, PKEVENT Event, PIO_STATUS_BLOCK IoStatus)
{
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);

    RtlZeroMemory(Completion, sizeof(*Completion));
    KeInitializeEvent(Event, NotificationEvent, FALSE);
    IoStatus->Status = STATUS_ALERTED;
    if (Irp == NULL)
        return;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = Major;
    IoSetCompletionRoutine(Irp, KtKeepIrp, Completion, Success, Error, FALSE);
    Irp->UserIosb = IoStatus;
    Irp->UserEvent = Event;
    IofCallDriver(Device, Irp);
}

static VOID
KtCompletionFlags(PKT_CONTEXT Context)
{
    KT_COMPLETION Succeeded, Failed, SkippedSuccess, SkippedError, Cancelled;
    IO_STATUS_BLOCK SuccessStatus, ErrorStatus;
    KEVENT SuccessEvent, ErrorEvent;
    PDEVICE_OBJECT Device = NULL;
    PDRIVER_OBJECT Driver;
    NTSTATUS Flush, Write;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    Write = KtSendKept(Device, IRP_MJ_WRITE, FALSE, &Succeeded, TRUE, FALSE, FALSE);
    Flush = KtSendKept(Device, IRP_MJ_FLUSH_BUFFERS, FALSE, &Failed, FALSE, TRUE, FALSE);
    /* Routines whose flags do not match are skipped; the IRP then completes to its end. */
    KtSendUnkept(Device, IRP_MJ_WRITE, &SkippedSuccess, FALSE, TRUE, &SuccessEvent, &SuccessStatus);
    KtSendUnkept(Device, IRP_MJ_FLUSH_BUFFERS, &SkippedError, TRUE, FALSE, &ErrorEvent,
                 &ErrorStatus);
    KtSendKept(Device, IRP_MJ_FLUSH_BUFFERS, TRUE, &Cancelled, FALSE, FALSE, TRUE);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context,
             Write == STATUS_SUCCESS && Succeeded.Calls == 1 &&
                 Succeeded.Status == STATUS_SUCCESS && Succeeded.Device == NULL,
             "success routine: %u calls, 0x%08X", Succeeded.Calls, Succeeded.Status);
    KT_CHECK(Context,
             Flush == STATUS_INVALID_DEVICE_REQUEST && Failed.Calls == 1 &&
                 Failed.Status == STATUS_INVALID_DEVICE_REQUEST,
             "an unhandled major gave 0x%08X", Flush);
    KT_CHECK(Context, SkippedSuccess.Calls == 0 && SkippedError.Calls == 0,
             "a routine ran whose flags did not match");
    KT_CHECK(Context, KeReadStateEvent(&SuccessEvent) && SuccessStatus.Status == STATUS_SUCCESS,
             "the unthreaded IRP's event and status block");
    KT_CHECK(Context,
             KeReadStateEvent(&ErrorEvent) && ErrorStatus.Status == STATUS_INVALID_DEVICE_REQUEST,
             "the failed unthreaded IRP's event and status block");
    KT_CHECK(Context, Cancelled.Calls == 1 && Cancelled.Cancel, "the cancel routine flag");
}

/* A second device above the first takes one more stack location. */
static VOID
KtStackLocations(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Device = NULL;
    PDRIVER_OBJECT Driver;
    PIO_STACK_LOCATION Seen;
    KT_COMPLETION Completion;
    PIRP Irp;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    Irp = IoAllocateIrp(2, FALSE);
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_WRITE;
    IoSetCompletionRoutine(Irp, KtKeepIrp, &Completion, TRUE, TRUE, TRUE);
    Seen = IoGetNextIrpStackLocation(Irp);
    IofCallDriver(Device, Irp);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Seen->DeviceObject == Device, "the location has no device object");
    KT_CHECK(Context, Irp->CurrentLocation == 3 && Seen->CompletionRoutine == NULL,
             "completion did not return the IRP to its originator");
    IoFreeIrp(Irp);
}

static VOID
KtBuiltRequests(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Buffered = NULL, Direct = NULL, Neither = NULL, Devices[3];
    CHAR Read[8] = {0}, DirectRead[8] = {0}, NeitherRead[4] = {0}, In[4] = "abc", Out[4];
    IO_STATUS_BLOCK IoStatus;
    LARGE_INTEGER Offset = {0};
    NTSTATUS Status[4];
    PDRIVER_OBJECT Driver;
    BOOLEAN Mdl[2] = {0}, Rejected;
    PCHAR Buffers[3] = {Read, DirectRead, NeitherRead};
    ULONG Lengths[3] = {sizeof(Read), sizeof(DirectRead), sizeof(NeitherRead)};
    KEVENT Event;
    PIRP Irp;
    ULONG I;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, DO_BUFFERED_IO, &Buffered);
    KtIoCreateDevice(Driver, NULL, DO_DIRECT_IO, &Direct);
    KtIoCreateDevice(Driver, NULL, 0, &Neither);
    Devices[0] = Buffered;
    Devices[1] = Direct;
    Devices[2] = Neither;
    for (I = 0; I < 3; I++)
    {
        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Devices[I], Buffers[I], Lengths[I], &Offset,
                                           &Event, &IoStatus);
        Status[I] = Irp == NULL ? STATUS_INSUFFICIENT_RESOURCES : IofCallDriver(Devices[I], Irp);
        if (Status[I] == STATUS_SUCCESS)
            KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        if (I < 2)
            Mdl[I] = KtIoState(Devices[I])->SawMdl;
    }
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_KT_ECHO, Buffered, In, sizeof(In), Out, 2, FALSE,
                                        &Event, &IoStatus);
    Status[3] = IofCallDriver(Buffered, Irp);
    KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    Rejected =
        IoBuildAsynchronousFsdRequest(IRP_MJ_CREATE, Buffered, NULL, 0, NULL, &IoStatus) == NULL;
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Status[0] == STATUS_SUCCESS && Read[0] == 'k' && Read[7] == 'k',
             "buffered read 0x%08X", Status[0]);
    KT_CHECK(Context, !Mdl[0] && Mdl[1], "MDLs: buffered %u, direct %u", Mdl[0], Mdl[1]);
    KT_CHECK(Context, Status[1] == STATUS_SUCCESS && DirectRead[0] == 'd' && DirectRead[7] == 'd',
             "direct read 0x%08X", Status[1]);
    KT_CHECK(Context, Status[2] == STATUS_SUCCESS && NeitherRead[3] == 'n', "neither read 0x%08X",
             Status[2]);
    KT_CHECK(Context, Status[3] == STATUS_BUFFER_TOO_SMALL && IoStatus.Status == Status[3],
             "short IOCTL output gave 0x%08X", Status[3]);
    KT_CHECK(Context, Rejected, "IoBuildAsynchronousFsdRequest built an IRP_MJ_CREATE");
}

typedef struct _KT_COMPLETER
{
    PDEVICE_OBJECT Device;
} KT_COMPLETER;

static VOID NTAPI
KtCompleteElsewhere(PVOID Context)
{
    PKT_IO_DEVICE State = KtIoState(((KT_COMPLETER *)Context)->Device);
    PIRP Irp = State->Pending;

    State->Pending = NULL;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 99;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
}

/*
 * A threaded IRP completed by another thread finishes in the issuing thread: while this
 * thread blocks kernel APCs (a guarded region) its status block stays untouched.
 */
static VOID
KtThreadedCompletion(PKT_CONTEXT Context)
{
    IO_STATUS_BLOCK IoStatus = {.Status = STATUS_ALERTED};
    ULONG Queued, Unqueued = 1;
    NTSTATUS Sent, Untouched = STATUS_SUCCESS;
    PDEVICE_OBJECT Device = NULL;
    PDRIVER_OBJECT Driver;
    KT_COMPLETER Completer;
    KTHREAD Thread;
    KEVENT Event;
    PIRP Irp;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_KT_PEND, Device, NULL, 0, NULL, 0, FALSE, &Event,
                                        &IoStatus);
    Sent = IofCallDriver(Device, Irp);
    Queued = IoThreadIrpCount(PsGetCurrentThread());
    if (Sent == STATUS_PENDING)
    {
        Completer.Device = Device;
        KeEnterGuardedRegion();
        if (NT_SUCCESS(KtStartThread(&Thread, KtCompleteElsewhere, &Completer, KT_SYSTEM_PRIORITY)))
            KtJoinThread(&Thread);
        Untouched = IoStatus.Status;
        KeLeaveGuardedRegion();
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Unqueued = IoThreadIrpCount(PsGetCurrentThread());
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Sent == STATUS_PENDING, "the IOCTL gave 0x%08X", Sent);
    KT_CHECK(Context, Queued == 1 && Unqueued == 0, "thread IRPs: %u then %u", Queued, Unqueued);
    KT_CHECK(Context, Untouched == STATUS_ALERTED, "completed outside the issuing thread");
    KT_CHECK(Context, IoStatus.Status == STATUS_SUCCESS && IoStatus.Information == 99,
             "status block 0x%08X %Iu", IoStatus.Status, IoStatus.Information);
}

static BOOLEAN KtCancelRan;
static KIRQL KtCancelIrql;

static VOID NTAPI
KtCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    KtCancelRan = Irp->Cancel;
    KtCancelIrql = KeGetCurrentIrql();
    IoReleaseCancelSpinLock(Irp->CancelIrql);
}

static VOID
KtCancelIrp(PKT_CONTEXT Context)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    BOOLEAN First, Second, Unset;
    KIRQL Irql, Locked;

    KT_CHECK(Context, Irp != NULL, "IoAllocateIrp failed");
    IoAcquireCancelSpinLock(&Irql);
    Locked = KeGetCurrentIrql();
    IoReleaseCancelSpinLock(Irql);
    Unset = IoCancelIrp(Irp);
    Irp->Cancel = FALSE;
    /* As a driver holding the IRP: one location in use, with a cancel routine. */
    IoSetNextIrpStackLocation(Irp);
    IoSetCancelRoutine(Irp, KtCancelRoutine);
    KtCancelRan = FALSE;
    First = IoCancelIrp(Irp);
    Second = IoCancelIrp(Irp);
    IoFreeIrp(Irp);
    KT_CHECK(Context, Locked == DISPATCH_LEVEL, "the cancel spin lock at IRQL %u", Locked);
    KT_CHECK(Context, !Unset, "IoCancelIrp without a routine returned TRUE");
    KT_CHECK(Context, First && KtCancelRan && KtCancelIrql == DISPATCH_LEVEL,
             "the cancel routine did not run under the cancel spin lock");
    KT_CHECK(Context, !Second, "the cancel routine ran twice");
}

/*
 * A pending return passes up through a location without a completion routine: the
 * originator's routine, two devices up, sees PendingReturned, and the call returns pending.
 */
static VOID
KtPendingPropagates(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Bottom = NULL, Top = NULL;
    KT_COMPLETION Completion = {0};
    PDRIVER_OBJECT Driver;
    PIO_STACK_LOCATION Stack;
    BOOLEAN Pending = FALSE;
    NTSTATUS Status;
    PIRP Irp, Held;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Bottom);
    KtIoCreateDevice(Driver, NULL, 0, &Top);
    KtIoState(Top)->Lower = IoAttachDeviceToDeviceStack(Top, Bottom);
    Irp = IoAllocateIrp(Top->StackSize, FALSE);
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_KT_PEND;
    IoSetCompletionRoutine(Irp, KtKeepIrp, &Completion, TRUE, TRUE, TRUE);
    Status = IofCallDriver(Top, Irp);
    Held = KtIoState(Bottom)->Pending;
    if (Held == Irp)
    {
        Held->IoStatus.Status = STATUS_SUCCESS;
        IofCompleteRequest(Held, IO_NO_INCREMENT);
        Pending = Irp->PendingReturned;
    }
    IoDetachDevice(Bottom);
    KtIoUnloadDriver(Driver);
    IoFreeIrp(Irp);
    KT_CHECK(Context, Status == STATUS_PENDING && Held == Irp, "the call gave 0x%08X", Status);
    KT_CHECK(Context, Completion.Calls == 1 && Pending,
             "the originator's routine did not see "
             "the pending return");
}

static const KT_TEST KtIoIrpTests[] = {
    {"a pending return propagates through locations without routines", KtPendingPropagates},
    {"IoAllocateIrp lays out the stack; IoReuseIrp resets it", KtIrpLayout},
    {"IofCallDriver fills the location; completion returns the IRP", KtStackLocations},
    {"completion routines run as their SL_INVOKE flags say", KtCompletionFlags},
    {"IoBuild* requests carry buffered, direct and neither buffers", KtBuiltRequests},
    {"a threaded IRP completes in its issuing thread", KtThreadedCompletion},
    {"IoCancelIrp calls the cancel routine once, under the lock", KtCancelIrp},
};

const KT_SUITE KtIoIrpSuite = {"Io IRP", KtIoIrpTests, RTL_NUMBER_OF(KtIoIrpTests)};
