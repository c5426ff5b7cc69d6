/* SPDX-License-Identifier: MIT */
/*
 * Threaded IRPs: the requests the I/O manager builds for a thread (file requests, the
 * IoBuild* synchronous ones) stay on that thread's ETHREAD.IrpList while outstanding, as on
 * NT, and name it in Tail.Overlay.Thread; completion takes them off and finishes them in the
 * thread (iocomplete.c). Kernel threads that are not Ps objects (the phase-1 thread, the
 * self-tests' bare KTHREADs) have no ETHREAD: their IRPs go on one I/O-manager list.
 * One spin lock guards every list, so that completion on any processor and a thread's exit
 * agree on who owns an IRP.
 *
 * A Ps thread that exits with IRPs outstanding (IoCancelThreadIo, from Ps's exit path)
 * cancels them all, then waits in 100 ms steps for them to complete, which their completion
 * APCs do in the thread; a driver that never completes one gets its IRP disassociated
 * after the bound: the IRP forgets the thread and the caller's status block, buffer, event
 * and APC routine (all of them the exiting thread's), completes later without them, and the
 * log names the device that holds it, as NT's IoCancelThreadIo does (NT waits 5 minutes).
 */
#include "iop.h"

#define IOP_CANCEL_WAIT_STEP (-1000000LL) /* 100 ms */

ULONG IopCancelThreadIoSteps = 3000; /* 5 minutes, as NT */

static KSPIN_LOCK IopThreadIrpLock;
static LIST_ENTRY IopKernelThreadIrps = {&IopKernelThreadIrps, &IopKernelThreadIrps};

static BOOLEAN
IopIsPsThread(PETHREAD Thread)
{
    return Thread != NULL && ObpIsObject(Thread) && ObGetObjectType(Thread) == *PsThreadType;
}

/* The list Thread's IRPs go on. */
static PLIST_ENTRY
IopThreadIrpList(PETHREAD Thread)
{
    return IopIsPsThread(Thread) ? &((ETHREAD *)Thread)->IrpList : &IopKernelThreadIrps;
}

/* Lock held. */
static VOID
IopUnlinkThreadIrp(PIRP Irp)
{
    RemoveEntryList(&Irp->ThreadListEntry);
    InitializeListHead(&Irp->ThreadListEntry);
}

/* Irp->Tail.Overlay.Thread is set. */
VOID
IopQueueThreadIrp(PIRP Irp)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);

    InsertTailList(IopThreadIrpList(Irp->Tail.Overlay.Thread), &Irp->ThreadListEntry);
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
}

VOID
IopDequeueThreadIrp(PIRP Irp)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);

    if (!IsListEmpty(&Irp->ThreadListEntry))
        IopUnlinkThreadIrp(Irp);
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
}

/* For IofCompleteRequest: the IRP off its thread's list, and its thread (NULL if none, or
 * disassociated when its thread exited). */
PETHREAD
IopTakeCompletedIrp(PIRP Irp)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    if (!IsListEmpty(&Irp->ThreadListEntry))
        IopUnlinkThreadIrp(Irp);
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
    return Thread;
}

/* How many threaded IRPs Thread has outstanding (for the self-tests and diagnostics). */
ULONG
IoThreadIrpCount(PETHREAD Thread)
{
    PLIST_ENTRY List = IopThreadIrpList(Thread), Entry;
    ULONG Count = 0;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);

    for (Entry = List->Flink; Entry != List; Entry = Entry->Flink)
    {
        if (CONTAINING_RECORD(Entry, IRP, ThreadListEntry)->Tail.Overlay.Thread == Thread)
            Count++;
    }
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
    return Count;
}

/*
 * APC_LEVEL in the exiting thread: its first IRP not yet cancelled. Its memory stays valid
 * after the lock is dropped even if it completes meanwhile: completed threaded IRPs are
 * freed only by their completion APC, which waits for this thread to leave APC_LEVEL.
 */
static PIRP
IopNextIrpToCancel(PLIST_ENTRY List)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);
    PLIST_ENTRY Entry;
    PIRP Irp = NULL;

    for (Entry = List->Flink; Entry != List && Irp == NULL; Entry = Entry->Flink)
    {
        if (!CONTAINING_RECORD(Entry, IRP, ThreadListEntry)->Cancel)
            Irp = CONTAINING_RECORD(Entry, IRP, ThreadListEntry);
    }
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
    return Irp;
}

/*
 * The first IRP stops belonging to its exiting thread: nothing of the thread's is touched
 * later. FALSE when none is left; else *Device (referenced, or NULL) is the device that
 * holds it, for the log: once the lock is dropped the IRP may complete and be freed.
 */
static BOOLEAN
IopDisassociateFirstIrp(PLIST_ENTRY List, PIRP *Irp, PDEVICE_OBJECT *Device)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopThreadIrpLock);
    PIRP First = NULL;

    *Device = NULL;
    if (!IsListEmpty(List))
    {
        First = CONTAINING_RECORD(List->Flink, IRP, ThreadListEntry);
        IopUnlinkThreadIrp(First);
        First->Tail.Overlay.Thread = NULL;
        First->UserIosb = NULL;
        First->UserBuffer = NULL;
        First->Overlay.AsynchronousParameters.UserApcRoutine = NULL;
        /* A file request's event is a referenced object; an IoBuild* request's is on the
         * exiting thread's stack. */
        if (First->Tail.Overlay.OriginalFileObject == NULL)
            First->UserEvent = NULL;
        if (First->CurrentLocation <= First->StackCount)
            *Device = IoGetCurrentIrpStackLocation(First)->DeviceObject;
        if (*Device != NULL)
            ObfReferenceObject(*Device);
    }
    KeReleaseSpinLock(&IopThreadIrpLock, OldIrql);
    *Irp = First;
    return First != NULL;
}

static VOID
IopLogDisassociatedIrp(PIRP Irp, PDEVICE_OBJECT Device)
{
    if (Device == NULL)
    {
        DbgPrint("Io: IRP %p of an exiting thread not completed; disassociated\n", Irp);
        return;
    }
    DbgPrint("Io: IRP %p of an exiting thread not completed by %wZ (device %p); disassociated\n",
             Irp, &Device->DriverObject->DriverName, Device);
    ObfDereferenceObject(Device);
}

/*
 * From Ps's thread exit, in the exiting thread at PASSIVE_LEVEL: cancel every IRP the
 * thread has outstanding, wait (bounded) for them, disassociate what is left.
 */
VOID
IoCancelThreadIo(PETHREAD Thread)
{
    LARGE_INTEGER Step = {.QuadPart = IOP_CANCEL_WAIT_STEP};
    PDEVICE_OBJECT Device;
    PLIST_ENTRY List;
    KIRQL OldIrql;
    ULONG Steps;
    PIRP Irp;

    PAGED_CODE();
    if (!IopIsPsThread(Thread))
        return;
    ASSERT(Thread == PsGetCurrentThread());
    List = IopThreadIrpList(Thread);
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    while ((Irp = IopNextIrpToCancel(List)) != NULL)
        IoCancelIrp(Irp);
    KeLowerIrql(OldIrql);
    for (Steps = 0; IoThreadIrpCount(Thread) != 0 && Steps < IopCancelThreadIoSteps; Steps++)
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    while (IopDisassociateFirstIrp(List, &Irp, &Device))
        IopLogDisassociatedIrp(Irp, Device);
    KeLowerIrql(OldIrql);
}
