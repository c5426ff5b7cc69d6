/* SPDX-License-Identifier: MIT */
/*
 * "Io StartIo" self-tests: device queues (KeInsertDeviceQueue and the rest) and the StartIo
 * routines built on them. A \Driver\KtIo device gets a DriverStartIo that records which
 * packet it was handed, at which IRQL and how deeply nested; its dispatch routine hands
 * every IOCTL to IoStartPacket, and its cancel routine is the one NT documents for StartIo
 * drivers (the current packet: start the next; a queued one: KeRemoveEntryDeviceQueue).
 * Each IRP carries a completion routine that keeps it, so a test sees how each ended.
 */
#include "ktio.h"

#define KT_SIO_IOCTL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x950, METHOD_NEITHER, FILE_ANY_ACCESS)
#define KT_SIO_BY_KEY 0x1     /* IoStartPacket with the IRP's key */
#define KT_SIO_CANCELABLE 0x2 /* IoStartPacket with the cancel routine */
#define KT_SIO_MAX_PACKETS 6

#define KT_SIO_EXPECT(Condition)           \
    do                                     \
    {                                      \
        if (!(Condition))                  \
            return "expected " #Condition; \
    } while (0)

typedef struct _KT_SIO_PACKET
{
    PIRP Irp;
    NTSTATUS Returned; /* what IofCallDriver answered */
    BOOLEAN Completed;
    NTSTATUS Status;
} KT_SIO_PACKET, *PKT_SIO_PACKET;

static struct
{
    PDEVICE_OBJECT Device;
    CHAR Started[16]; /* the packets' names, in the order DriverStartIo got them */
    ULONG StartedCount;
    BOOLEAN NotAtDispatch, NotCurrent;
    volatile LONG Depth;
    LONG MaxDepth;
    BOOLEAN CompleteInStartIo; /* DriverStartIo starts the next packet, then completes */
    ULONG Cancels, RemovedFromQueue;
    KT_SIO_PACKET Packets[KT_SIO_MAX_PACKETS];
} KtSio;

static CHAR
KtSioName(PIRP Irp)
{
    return (CHAR)IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength;
}

static VOID
KtSioComplete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID NTAPI
KtSioStartIo(PDEVICE_OBJECT Device, PIRP Irp)
{
    LONG Depth = InterlockedIncrement(&KtSio.Depth);

    KtSio.NotAtDispatch |= KeGetCurrentIrql() != DISPATCH_LEVEL;
    KtSio.NotCurrent |= Device->CurrentIrp != Irp;
    KtSio.MaxDepth = max(KtSio.MaxDepth, Depth);
    if (KtSio.StartedCount < sizeof(KtSio.Started) - 1)
        KtSio.Started[KtSio.StartedCount++] = KtSioName(Irp);
    if (KtSio.CompleteInStartIo)
    {
        IoSetCancelRoutine(Irp, NULL);
        IoStartNextPacket(Device, TRUE);
        KtSioComplete(Irp, STATUS_SUCCESS);
    }
    InterlockedDecrement(&KtSio.Depth);
}

/* NT's cancel routine for a StartIo driver; called holding the cancel spin lock. */
static VOID NTAPI
KtSioCancel(PDEVICE_OBJECT Device, PIRP Irp)
{
    KtSio.Cancels++;
    if (Irp == Device->CurrentIrp)
    {
        IoReleaseCancelSpinLock(Irp->CancelIrql);
        IoStartNextPacket(Device, TRUE);
    }
    else
    {
        KtSio.RemovedFromQueue +=
            KeRemoveEntryDeviceQueue(&Device->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);
        IoReleaseCancelSpinLock(Irp->CancelIrql);
    }
    KtSioComplete(Irp, STATUS_CANCELLED);
}

static NTSTATUS NTAPI
KtSioDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Key = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Options = (ULONG)(ULONG_PTR)Stack->Parameters.DeviceIoControl.Type3InputBuffer;

    IoMarkIrpPending(Irp);
    IoStartPacket(Device, Irp, (Options & KT_SIO_BY_KEY) ? &Key : NULL,
                  (Options & KT_SIO_CANCELABLE) ? KtSioCancel : NULL);
    return STATUS_PENDING;
}

static NTSTATUS NTAPI
KtSioCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKT_SIO_PACKET Packet = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    Packet->Completed = TRUE;
    Packet->Status = Irp->IoStatus.Status;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Send packet Name ('A' is Packets[0]) to the device; Cancelled: IoCancelIrp came first. */
static PKT_SIO_PACKET
KtSioSend(CHAR Name, ULONG Options, ULONG Key, BOOLEAN Cancelled)
{
    PKT_SIO_PACKET Packet = &KtSio.Packets[Name - 'A'];
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(KtSio.Device->StackSize, FALSE);

    Packet->Irp = Irp;
    if (Irp == NULL)
        return Packet;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.IoControlCode = KT_SIO_IOCTL;
    Stack->Parameters.DeviceIoControl.InputBufferLength = Key;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = (ULONG)Name;
    Stack->Parameters.DeviceIoControl.Type3InputBuffer = (PVOID)(ULONG_PTR)Options;
    IoSetCompletionRoutine(Irp, KtSioCompleted, Packet, TRUE, TRUE, TRUE);
    Irp->Cancel = Cancelled;
    Packet->Returned = IofCallDriver(KtSio.Device, Irp);
    return Packet;
}

/* The driver is done with the current packet: start the next (by key if ByKey), complete. */
static BOOLEAN
KtSioFinish(BOOLEAN ByKey, ULONG Key)
{
    PIRP Irp = KtSio.Device->CurrentIrp;

    if (Irp == NULL)
        return FALSE;
    IoSetCancelRoutine(Irp, NULL);
    if (ByKey)
        IoStartNextPacketByKey(KtSio.Device, TRUE, Key);
    else
        IoStartNextPacket(KtSio.Device, TRUE);
    KtSioComplete(Irp, STATUS_SUCCESS);
    return TRUE;
}

static BOOLEAN
KtSioStartedIs(PCSTR Expected)
{
    return KtSio.StartedCount == strlen(Expected) &&
           RtlCompareMemory(KtSio.Started, Expected, KtSio.StartedCount) == KtSio.StartedCount;
}

static BOOLEAN
KtSioEnded(CHAR Name, NTSTATUS Status)
{
    PKT_SIO_PACKET Packet = &KtSio.Packets[Name - 'A'];

    return Packet->Returned == STATUS_PENDING && Packet->Completed && Packet->Status == Status;
}

static BOOLEAN
KtSioIdle(VOID)
{
    return KtSio.Device->CurrentIrp == NULL && !KtSio.Device->DeviceQueue.Busy &&
           IsListEmpty(&KtSio.Device->DeviceQueue.DeviceListHead);
}

/* Run Body against a fresh device; whatever it leaves is finished and freed. */
static VOID
KtSioRun(PKT_CONTEXT Context, PCSTR (*Body)(VOID))
{
    PDRIVER_OBJECT Driver;
    PCSTR Failure;
    ULONG I;

    RtlZeroMemory(&KtSio, sizeof(KtSio));
    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    Driver->DriverStartIo = KtSioStartIo;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KtSioDispatch;
    if (!NT_SUCCESS(KtIoCreateDevice(Driver, NULL, 0, &KtSio.Device)))
        Failure = "IoCreateDevice failed";
    else
        Failure = Body();
    KtSio.CompleteInStartIo = FALSE;
    while (KtSio.Device != NULL && KtSioFinish(FALSE, 0))
        ;
    for (I = 0; I < KT_SIO_MAX_PACKETS; I++)
    {
        if (KtSio.Packets[I].Irp != NULL && KtSio.Packets[I].Completed)
            IoFreeIrp(KtSio.Packets[I].Irp);
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Failure == NULL, "%s", Failure);
    KT_CHECK(Context, !KtSio.NotAtDispatch, "DriverStartIo ran below DISPATCH_LEVEL");
    KT_CHECK(Context, !KtSio.NotCurrent, "DriverStartIo got a packet that was not CurrentIrp");
}

static PCSTR
KtSioOrderBody(VOID)
{
    KtSioSend('A', KT_SIO_CANCELABLE, 0, FALSE);
    KT_SIO_EXPECT(KtSioStartedIs("A") && KtSio.Device->CurrentIrp == KtSio.Packets[0].Irp);
    KtSioSend('B', KT_SIO_CANCELABLE, 0, FALSE);
    KtSioSend('C', 0, 0, FALSE);
    KT_SIO_EXPECT(KtSioStartedIs("A") && KtSio.Device->DeviceQueue.Busy);
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("AB") && KtSioEnded('A', STATUS_SUCCESS));
    KT_SIO_EXPECT(KtSio.Device->CurrentIrp == KtSio.Packets[1].Irp);
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("ABC"));
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioEnded('C', STATUS_SUCCESS) && KtSioIdle());
    return NULL;
}

static VOID
KtSioOrder(PKT_CONTEXT Context)
{
    KtSioRun(Context, KtSioOrderBody);
}

/* Queued by key: C(10) E(10) D(20) B(30); by key 15 gives D, 25 gives B, 35 wraps to C. */
static PCSTR
KtSioByKeyBody(VOID)
{
    KtSioSend('A', KT_SIO_BY_KEY, 5, FALSE);
    KtSioSend('B', KT_SIO_BY_KEY, 30, FALSE);
    KtSioSend('C', KT_SIO_BY_KEY, 10, FALSE);
    KtSioSend('D', KT_SIO_BY_KEY, 20, FALSE);
    KtSioSend('E', KT_SIO_BY_KEY, 10, FALSE);
    KT_SIO_EXPECT(KtSioStartedIs("A"));
    KT_SIO_EXPECT(KtSioFinish(TRUE, 15) && KtSioStartedIs("AD"));
    KT_SIO_EXPECT(KtSioFinish(TRUE, 25) && KtSioStartedIs("ADB"));
    KT_SIO_EXPECT(KtSioFinish(TRUE, 35) && KtSioStartedIs("ADBC"));
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("ADBCE"));
    KT_SIO_EXPECT(KtSioFinish(TRUE, 0) && KtSioIdle() && KtSioEnded('E', STATUS_SUCCESS));
    return NULL;
}

static VOID
KtSioByKey(PKT_CONTEXT Context)
{
    KtSioRun(Context, KtSioByKeyBody);
}

/* B is cancelled in the queue, D before IoStartPacket queued it: neither ever starts. */
static PCSTR
KtSioCancelQueuedBody(VOID)
{
    KtSioSend('A', KT_SIO_CANCELABLE, 0, FALSE);
    KtSioSend('B', KT_SIO_CANCELABLE, 0, FALSE);
    KtSioSend('C', KT_SIO_CANCELABLE, 0, FALSE);
    KT_SIO_EXPECT(IoCancelIrp(KtSio.Packets[1].Irp));
    KT_SIO_EXPECT(KtSioEnded('B', STATUS_CANCELLED) && KtSio.RemovedFromQueue == 1);
    KtSioSend('D', KT_SIO_CANCELABLE, 0, TRUE);
    KT_SIO_EXPECT(KtSioEnded('D', STATUS_CANCELLED) && KtSio.RemovedFromQueue == 2);
    KT_SIO_EXPECT(KtSio.Cancels == 2 && KtSio.Device->CurrentIrp == KtSio.Packets[0].Irp);
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("AC"));
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioIdle() && KtSioStartedIs("AC"));
    return NULL;
}

static VOID
KtSioCancelQueued(PKT_CONTEXT Context)
{
    KtSioRun(Context, KtSioCancelQueuedBody);
}

/*
 * Cancelling A, the current packet, starts B. Then NonCancelable: C, started by
 * IoStartNextPacket, has no cancel routine left, so IoCancelIrp only marks it.
 */
static PCSTR
KtSioCancelCurrentBody(VOID)
{
    PIRP Irp;

    KtSioSend('A', KT_SIO_CANCELABLE, 0, FALSE);
    KtSioSend('B', KT_SIO_CANCELABLE, 0, FALSE);
    KT_SIO_EXPECT(IoCancelIrp(KtSio.Packets[0].Irp));
    KT_SIO_EXPECT(KtSioEnded('A', STATUS_CANCELLED) && KtSio.RemovedFromQueue == 0);
    KT_SIO_EXPECT(KtSioStartedIs("AB") && KtSio.Device->CurrentIrp == KtSio.Packets[1].Irp);
    IoSetStartIoAttributes(KtSio.Device, FALSE, TRUE);
    KtSioSend('C', KT_SIO_CANCELABLE, 0, FALSE);
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("ABC"));
    Irp = KtSio.Packets[2].Irp;
    KT_SIO_EXPECT(Irp->CancelRoutine == NULL);
    KT_SIO_EXPECT(!IoCancelIrp(Irp) && Irp->Cancel && !KtSio.Packets[2].Completed);
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioEnded('C', STATUS_SUCCESS) && KtSioIdle());
    KT_SIO_EXPECT(KtSio.Cancels == 1);
    return NULL;
}

static VOID
KtSioCancelCurrent(PKT_CONTEXT Context)
{
    KtSioRun(Context, KtSioCancelCurrentBody);
}

/* A busy, B C D queued; then DriverStartIo finishes each packet itself, starting the next. */
static PCSTR
KtSioChain(LONG ExpectedDepth)
{
    CHAR Name;

    for (Name = 'A'; Name <= 'D'; Name++)
        KtSioSend(Name, KT_SIO_CANCELABLE, 0, FALSE);
    KT_SIO_EXPECT(KtSioStartedIs("A"));
    KtSio.CompleteInStartIo = TRUE;
    KT_SIO_EXPECT(KtSioFinish(FALSE, 0) && KtSioStartedIs("ABCD") && KtSioIdle());
    for (Name = 'A'; Name <= 'D'; Name++)
        KT_SIO_EXPECT(KtSioEnded(Name, STATUS_SUCCESS));
    KT_SIO_EXPECT(KtSio.MaxDepth == ExpectedDepth);
    return NULL;
}

static PCSTR
KtSioNestedBody(VOID)
{
    return KtSioChain(3);
}

static PCSTR
KtSioDeferredBody(VOID)
{
    IoSetStartIoAttributes(KtSio.Device, TRUE, FALSE);
    return KtSioChain(1);
}

static VOID
KtSioDeferred(PKT_CONTEXT Context)
{
    KtSioRun(Context, KtSioNestedBody);
    if (!Context->Failed)
        KtSioRun(Context, KtSioDeferredBody);
}

/* The Ke routines alone, at DISPATCH_LEVEL as their callers are. */
static PCSTR
KtDeviceQueueChecks(PKDEVICE_QUEUE Queue, KDEVICE_QUEUE_ENTRY Entries[4])
{
    KeInitializeDeviceQueue(Queue);
    KT_SIO_EXPECT(Queue->Type == DeviceQueueObject && !Queue->Busy);
    KT_SIO_EXPECT(KeRemoveByKeyDeviceQueueIfBusy(Queue, 0) == NULL && !Queue->Busy);
    KT_SIO_EXPECT(!KeInsertDeviceQueue(Queue, &Entries[0]) && Queue->Busy && !Entries[0].Inserted);
    KT_SIO_EXPECT(KeInsertDeviceQueue(Queue, &Entries[1]) && Entries[1].Inserted);
    KT_SIO_EXPECT(!KeRemoveEntryDeviceQueue(Queue, &Entries[0]));
    KT_SIO_EXPECT(KeRemoveEntryDeviceQueue(Queue, &Entries[1]) && !Entries[1].Inserted);
    KT_SIO_EXPECT(!KeRemoveEntryDeviceQueue(Queue, &Entries[1]));
    KT_SIO_EXPECT(KeRemoveDeviceQueue(Queue) == NULL && !Queue->Busy);
    KT_SIO_EXPECT(!KeInsertByKeyDeviceQueue(Queue, &Entries[0], 9) && Queue->Busy);
    KT_SIO_EXPECT(KeInsertByKeyDeviceQueue(Queue, &Entries[1], 7));
    KT_SIO_EXPECT(KeInsertByKeyDeviceQueue(Queue, &Entries[2], 3));
    KT_SIO_EXPECT(KeInsertByKeyDeviceQueue(Queue, &Entries[3], 7));
    KT_SIO_EXPECT(KeRemoveByKeyDeviceQueue(Queue, 4) == &Entries[1]);
    KT_SIO_EXPECT(KeRemoveByKeyDeviceQueueIfBusy(Queue, 8) == &Entries[2]);
    KT_SIO_EXPECT(KeRemoveDeviceQueue(Queue) == &Entries[3] && Queue->Busy);
    KT_SIO_EXPECT(KeRemoveByKeyDeviceQueue(Queue, 0) == NULL && !Queue->Busy);
    return NULL;
}

static VOID
KtDeviceQueue(PKT_CONTEXT Context)
{
    KDEVICE_QUEUE_ENTRY Entries[4];
    KDEVICE_QUEUE Queue;
    PCSTR Failure;
    KIRQL OldIrql;

    RtlZeroMemory(Entries, sizeof(Entries));
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Failure = KtDeviceQueueChecks(&Queue, Entries);
    KeLowerIrql(OldIrql);
    KT_CHECK(Context, Failure == NULL, "%s", Failure);
}

static const KT_TEST KtIoStartIoTests[] = {
    {"device queues: busy state, tail and key order, removal by entry", KtDeviceQueue},
    {"IoStartPacket starts an idle device's packet and queues the rest in order", KtSioOrder},
    {"IoStartNextPacketByKey takes the next key at or above, then wraps", KtSioByKey},
    {"a packet cancelled while queued, or before, leaves the queue", KtSioCancelQueued},
    {"cancelling the current packet starts the next; NonCancelable", KtSioCancelCurrent},
    {"DeferredStartIo: a StartIo that starts the next packet is not re-entered", KtSioDeferred},
};

const KT_SUITE KtIoStartIoSuite = {"Io StartIo", KtIoStartIoTests, RTL_NUMBER_OF(KtIoStartIoTests)};
