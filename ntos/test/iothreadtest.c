/* SPDX-License-Identifier: MIT */
/*
 * "Io thread" self-tests: threaded IRPs on their ETHREAD's IrpList, and a system thread
 * that exits with a request outstanding. The thread sends an asynchronous IOCTL that a
 * \Driver\KtIo device holds with a cancel routine, then ends: its exit cancels the IRP and
 * waits for it, so the status block says STATUS_CANCELLED, the file's close comes once the
 * handle goes, and the thread object goes with its last reference. A driver that ignores
 * the cancel gets its IRP disassociated after the (shortened) wait: the thread still ends,
 * and the IRP completes later without touching the thread's status block.
 */
#include "ktio.h"

#define IOCTL_KT_HOLD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x960, METHOD_NEITHER, FILE_ANY_ACCESS)
#define KT_THREAD_DEVICE L"\\Device\\KtIoThread"

static struct
{
    PIRP Irp;       /* the IRP the device holds */
    BOOLEAN Ignore; /* the cancel routine leaves the IRP held */
    ULONG Cancels;
    HANDLE File; /* the thread's request goes to this asynchronous handle */
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Sent;
    ULONG Queued;      /* IRPs on the thread's list after sending */
    BOOLEAN OnIrpList; /* and the IRP was on its ETHREAD's IrpList */
} KtHold;

static VOID NTAPI
KtHoldCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    KtHold.Cancels++;
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    if (KtHold.Ignore)
        return;
    KtHold.Irp = NULL;
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI
KtHoldDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    KtHold.Irp = Irp;
    IoSetCancelRoutine(Irp, KtHoldCancel);
    return STATUS_PENDING;
}

static VOID NTAPI
KtSendAndExit(PVOID Context)
{
    ETHREAD *Thread = (ETHREAD *)PsGetCurrentThread();

    UNREFERENCED_PARAMETER(Context);
    KtHold.Sent = ZwDeviceIoControlFile(KtHold.File, NULL, NULL, NULL, &KtHold.IoStatus,
                                        IOCTL_KT_HOLD, NULL, 0, NULL, 0);
    KtHold.Queued = IoThreadIrpCount(PsGetCurrentThread());
    KtHold.OnIrpList = KtHold.Irp != NULL && Thread->IrpList.Flink == &KtHold.Irp->ThreadListEntry;
}

/* Run KtSendAndExit in a system thread and wait for it to end; *Id is its ID. */
static PCSTR
KtRunExitingThread(PHANDLE Id)
{
    LARGE_INTEGER Timeout = {.QuadPart = -300000000LL}; /* 30 s */
    OBJECT_ATTRIBUTES Attributes;
    CLIENT_ID ClientId;
    NTSTATUS Waited;
    HANDLE Handle;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, &ClientId,
                                         KtSendAndExit, NULL)))
        return "PsCreateSystemThread failed";
    Waited = ZwWaitForSingleObject(Handle, FALSE, &Timeout);
    ZwClose(Handle);
    *Id = ClientId.UniqueThread;
    return Waited == STATUS_SUCCESS ? NULL : "the thread did not end";
}

/* The thread's object goes once nothing references it (the reaper drops its own). */
static BOOLEAN
KtThreadGone(HANDLE Id)
{
    LARGE_INTEGER Delay = {.QuadPart = -100000LL};
    PETHREAD Thread;
    ULONG Tries;

    for (Tries = 0; Tries < 300; Tries++)
    {
        if (!NT_SUCCESS(PsLookupThreadByThreadId(Id, &Thread)))
            return TRUE;
        ObfDereferenceObject(Thread);
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    }
    return FALSE;
}

/* Close the file; its close request reaches the device only once no IRP holds it. */
static BOOLEAN
KtFileClosed(PDEVICE_OBJECT Device)
{
    LARGE_INTEGER Delay = {.QuadPart = -100000LL};
    ULONG Tries;

    ZwClose(KtHold.File);
    KtHold.File = NULL;
    for (Tries = 0; Tries < 100 && !KtIoOrderIs(Device, "CUX"); Tries++)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    return KtIoOrderIs(Device, "CUX");
}

static PCSTR
KtExitBody(PDEVICE_OBJECT Device, BOOLEAN Ignore)
{
    HANDLE Id = NULL;
    PCSTR Failure;
    PIRP Held;

    RtlZeroMemory(&KtHold, sizeof(KtHold));
    KtHold.Ignore = Ignore;
    KtHold.IoStatus.Status = STATUS_ALERTED;
    if (!NT_SUCCESS(KtIoOpen(KT_THREAD_DEVICE, FALSE, &KtHold.File)))
        return "cannot open the device";
    Failure = KtRunExitingThread(&Id);
    if (Failure != NULL)
        return Failure;
    if (KtHold.Sent != STATUS_PENDING || KtHold.Queued != 1 || !KtHold.OnIrpList)
        return "the request did not pend on the thread's IrpList";
    if (KtHold.Cancels != 1)
        return "the thread's exit did not cancel its IRP";
    Held = KtHold.Irp;
    if (Ignore)
    {
        if (Held == NULL || Held->Tail.Overlay.Thread != NULL || Held->UserIosb != NULL)
            return "the uncompleted IRP was not disassociated";
        KtHold.Irp = NULL;
        Held->IoStatus.Status = STATUS_SUCCESS;
        IofCompleteRequest(Held, IO_NO_INCREMENT);
        if (KtHold.IoStatus.Status != STATUS_ALERTED)
            return "the disassociated IRP wrote the exited thread's status block";
    }
    else if (KtHold.IoStatus.Status != STATUS_CANCELLED)
    {
        return "the cancelled request's status block is not STATUS_CANCELLED";
    }
    if (!KtFileClosed(Device))
        return "the file was not closed: the IRP still holds it";
    return KtThreadGone(Id) ? NULL : "the thread object was not deleted";
}

static VOID
KtExitRun(PKT_CONTEXT Context, BOOLEAN Ignore)
{
    ULONG Steps = IopCancelThreadIoSteps;
    PDEVICE_OBJECT Device = NULL;
    PDRIVER_OBJECT Driver;
    PCSTR Failure;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KtHoldDispatch;
    if (!NT_SUCCESS(KtIoCreateDevice(Driver, KT_THREAD_DEVICE, 0, &Device)))
    {
        Failure = "IoCreateDevice failed";
    }
    else
    {
        IopCancelThreadIoSteps = Ignore ? 2 : Steps;
        Failure = KtExitBody(Device, Ignore);
        IopCancelThreadIoSteps = Steps;
    }
    /* A failed run must not leave the IRP held: the device could never go. */
    if (KtHold.Irp != NULL && (IoSetCancelRoutine(KtHold.Irp, NULL) != NULL || KtHold.Ignore))
    {
        KtHold.Irp->IoStatus.Status = STATUS_CANCELLED;
        IofCompleteRequest(KtHold.Irp, IO_NO_INCREMENT);
    }
    if (KtHold.File != NULL)
        ZwClose(KtHold.File);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Failure == NULL, "%s", Failure);
}

static VOID
KtExitCancels(PKT_CONTEXT Context)
{
    KtExitRun(Context, FALSE);
}

static VOID
KtExitDisassociates(PKT_CONTEXT Context)
{
    KtExitRun(Context, TRUE);
}

static const KT_TEST KtIoThreadTests[] = {
    {"a thread's exit cancels its pending IRP; file and thread go", KtExitCancels},
    {"an IRP never completed is disassociated from its exiting thread", KtExitDisassociates},
};

const KT_SUITE KtIoThreadSuite = {"Io thread", KtIoThreadTests, RTL_NUMBER_OF(KtIoThreadTests)};
