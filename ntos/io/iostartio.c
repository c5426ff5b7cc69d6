/* SPDX-License-Identifier: MIT */
/*
 * StartIo: one request at a time per device. IoStartPacket hands an IRP to the driver's
 * DriverStartIo at once when the device's queue (DEVICE_OBJECT.DeviceQueue) is idle, making
 * it the CurrentIrp, and otherwise queues it, at the tail or by key. When the driver is done
 * with the current packet it calls IoStartNextPacket(ByKey), which takes the next one off the
 * queue (or marks the queue idle) and starts it. DriverStartIo always runs at DISPATCH_LEVEL.
 *
 * Cancellation follows NT's contract with StartIo drivers. IoStartPacket sets the cancel
 * routine under the cancel spin lock, so an IoCancelIrp either comes before (a packet then
 * queued has its cancel routine called at once; one started at once is StartIo's to check)
 * or after (the routine finds the packet queued, and takes it out with
 * KeRemoveEntryDeviceQueue, or current). IoStartNextPacket with Cancelable = TRUE dequeues under
 * the cancel spin lock too, so a cancel routine sees each IRP either queued or current, never in
 * between.
 *
 * IoSetStartIoAttributes: with DeferredStartIo, an IoStartNextPacket made while
 * DriverStartIo runs is remembered and carried out when the outermost DriverStartIo returns,
 * so StartIo never nests; with NonCancelable, the IRP handed to DriverStartIo has its cancel
 * routine taken off.
 */
#include "iop.h"

#define IOP_SIO_NEXT_MASK (IOP_SIO_NEXT_PENDING | IOP_SIO_NEXT_CANCELABLE | IOP_SIO_NEXT_BY_KEY)

static BOOLEAN
IopStartIoFlag(PDEVICE_OBJECT DeviceObject, LONG Flag)
{
    return (IopDeviceExtension(DeviceObject)->StartIoFlags & Flag) != 0;
}

/* DISPATCH_LEVEL. The queue's next packet made current, or NULL with the queue idle again. */
static PIRP
IopDequeuePacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, BOOLEAN ByKey, ULONG Key)
{
    PKDEVICE_QUEUE_ENTRY Entry;
    KIRQL CancelIrql = DISPATCH_LEVEL;
    PIRP Irp = NULL;

    if (Cancelable)
        IoAcquireCancelSpinLock(&CancelIrql);
    DeviceObject->CurrentIrp = NULL;
    Entry = ByKey ? KeRemoveByKeyDeviceQueue(&DeviceObject->DeviceQueue, Key)
                  : KeRemoveDeviceQueue(&DeviceObject->DeviceQueue);
    if (Entry != NULL)
    {
        Irp = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.DeviceQueueEntry);
        DeviceObject->CurrentIrp = Irp;
        if (IopStartIoFlag(DeviceObject, IOP_SIO_NONCANCELABLE))
            IoSetCancelRoutine(Irp, NULL);
    }
    if (Cancelable)
        IoReleaseCancelSpinLock(CancelIrql);
    return Irp;
}

/*
 * DISPATCH_LEVEL. With DeferredStartIo and a DriverStartIo running on this device, record
 * the start-next for the outermost call to carry out; FALSE when it is the caller's to do.
 */
static BOOLEAN
IopDeferStartNext(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, BOOLEAN ByKey, ULONG Key)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(DeviceObject);
    BOOLEAN Deferred;

    if (!IopStartIoFlag(DeviceObject, IOP_SIO_DEFERRED))
        return FALSE;
    KeAcquireSpinLockAtDpcLevel(&Private->StartIoLock);
    Deferred = Private->StartIoCount > 0;
    if (Deferred)
    {
        Private->StartIoNextKey = Key;
        InterlockedAnd(&Private->StartIoFlags, ~IOP_SIO_NEXT_MASK);
        InterlockedOr(&Private->StartIoFlags, IOP_SIO_NEXT_PENDING |
                                                  (Cancelable ? IOP_SIO_NEXT_CANCELABLE : 0) |
                                                  (ByKey ? IOP_SIO_NEXT_BY_KEY : 0));
    }
    KeReleaseSpinLockFromDpcLevel(&Private->StartIoLock);
    return Deferred;
}

/* DISPATCH_LEVEL. After a deferred DriverStartIo: the packet a start-next left, or NULL. */
static PIRP
IopStartIoReturned(PDEVICE_OBJECT DeviceObject)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(DeviceObject);
    LONG Flags = 0;
    ULONG Key;

    KeAcquireSpinLockAtDpcLevel(&Private->StartIoLock);
    if (--Private->StartIoCount == 0)
        Flags = InterlockedAnd(&Private->StartIoFlags, ~IOP_SIO_NEXT_MASK);
    Key = Private->StartIoNextKey;
    KeReleaseSpinLockFromDpcLevel(&Private->StartIoLock);
    if (!(Flags & IOP_SIO_NEXT_PENDING))
        return NULL;
    return IopDequeuePacket(DeviceObject, (Flags & IOP_SIO_NEXT_CANCELABLE) != 0,
                            (Flags & IOP_SIO_NEXT_BY_KEY) != 0, Key);
}

/* DISPATCH_LEVEL: Irp is the device's current packet. */
static VOID
IopCallStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(DeviceObject);
    PDRIVER_STARTIO StartIo = DeviceObject->DriverObject->DriverStartIo;

    ASSERT(StartIo != NULL);
    if (!IopStartIoFlag(DeviceObject, IOP_SIO_DEFERRED))
    {
        StartIo(DeviceObject, Irp);
        return;
    }
    while (Irp != NULL)
    {
        KeAcquireSpinLockAtDpcLevel(&Private->StartIoLock);
        Private->StartIoCount++;
        KeReleaseSpinLockFromDpcLevel(&Private->StartIoLock);
        StartIo(DeviceObject, Irp);
        Irp = IopStartIoReturned(DeviceObject);
    }
}

VOID NTAPI
IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key, PDRIVER_CANCEL CancelFunction)
{
    PKDEVICE_QUEUE_ENTRY Entry = &Irp->Tail.Overlay.DeviceQueueEntry;
    KIRQL OldIrql, CancelIrql = DISPATCH_LEVEL;
    BOOLEAN Queued;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (CancelFunction != NULL)
    {
        IoAcquireCancelSpinLock(&CancelIrql);
        IoSetCancelRoutine(Irp, CancelFunction);
    }
    Queued = Key != NULL ? KeInsertByKeyDeviceQueue(&DeviceObject->DeviceQueue, Entry, *Key)
                         : KeInsertDeviceQueue(&DeviceObject->DeviceQueue, Entry);
    if (!Queued)
    {
        DeviceObject->CurrentIrp = Irp;
        if (IopStartIoFlag(DeviceObject, IOP_SIO_NONCANCELABLE))
            IoSetCancelRoutine(Irp, NULL);
        if (CancelFunction != NULL)
            IoReleaseCancelSpinLock(CancelIrql);
        IopCallStartIo(DeviceObject, Irp);
    }
    else if (CancelFunction != NULL && Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL)
    {
        /* IoCancelIrp came before the routine was set: call it now, as IoCancelIrp would,
         * holding the cancel spin lock for it to release. */
        Irp->CancelIrql = CancelIrql;
        CancelFunction(DeviceObject, Irp);
    }
    else if (CancelFunction != NULL)
    {
        IoReleaseCancelSpinLock(CancelIrql);
    }
    KeLowerIrql(OldIrql);
}

static VOID
IopStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, BOOLEAN ByKey, ULONG Key)
{
    KIRQL OldIrql;
    PIRP Irp;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (!IopDeferStartNext(DeviceObject, Cancelable, ByKey, Key))
    {
        Irp = IopDequeuePacket(DeviceObject, Cancelable, ByKey, Key);
        if (Irp != NULL)
            IopCallStartIo(DeviceObject, Irp);
    }
    KeLowerIrql(OldIrql);
}

VOID NTAPI
IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
    IopStartNextPacket(DeviceObject, Cancelable, FALSE, 0);
}

VOID NTAPI
IoStartNextPacketByKey(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, ULONG Key)
{
    IopStartNextPacket(DeviceObject, Cancelable, TRUE, Key);
}

/* Any IRQL: only flags change. */
VOID NTAPI
IoSetStartIoAttributes(PDEVICE_OBJECT DeviceObject, BOOLEAN DeferredStartIo, BOOLEAN NonCancelable)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(DeviceObject);

    if (DeferredStartIo)
        InterlockedOr(&Private->StartIoFlags, IOP_SIO_DEFERRED);
    else
        InterlockedAnd(&Private->StartIoFlags, ~IOP_SIO_DEFERRED);
    if (NonCancelable)
        InterlockedOr(&Private->StartIoFlags, IOP_SIO_NONCANCELABLE);
    else
        InterlockedAnd(&Private->StartIoFlags, ~IOP_SIO_NONCANCELABLE);
}
