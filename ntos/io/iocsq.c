/* SPDX-License-Identifier: MIT */
/*
 * Cancel-safe queues (IO_CSQ). The driver supplies the queue and its lock through callbacks;
 * these routines pair every insertion and removal with the IRP's cancel routine so that an
 * IRP leaves the queue exactly once: through IoCsqRemove*Irp, or through cancellation, which
 * hands it to the driver's CsqCompleteCanceledIrp. An IRP's DriverContext[3] points to its
 * IO_CSQ_IRP_CONTEXT when the driver gave one, otherwise to the queue; the Type field that
 * starts both tells them apart.
 */
#include "iop.h"

#define IOP_CSQ_SLOT 3

static PIO_CSQ
IopCsqOf(PIRP Irp, PIO_CSQ_IRP_CONTEXT *Context)
{
    PVOID Slot = Irp->Tail.Overlay.DriverContext[IOP_CSQ_SLOT];

    *Context = NULL;
    if (*(PULONG)Slot == IO_TYPE_CSQ_IRP_CONTEXT)
    {
        *Context = Slot;
        return (*Context)->Csq;
    }
    return Slot;
}

/* The IRP is the queue's no longer: forget the links between them. */
static VOID
IopCsqForget(PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;

    IopCsqOf(Irp, &Context);
    if (Context != NULL)
        Context->Irp = NULL;
    Irp->Tail.Overlay.DriverContext[IOP_CSQ_SLOT] = NULL;
}

static VOID NTAPI
IopCsqCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;
    PIO_CSQ Csq;
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Csq = IopCsqOf(Irp, &Context);
    Csq->CsqAcquireLock(Csq, &Irql);
    Csq->CsqRemoveIrp(Csq, Irp);
    IopCsqForget(Irp);
    Csq->CsqReleaseLock(Csq, Irql);
    Csq->CsqCompleteCanceledIrp(Csq, Irp);
}

NTSTATUS NTAPI
IoCsqInitialize(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP CsqInsertIrp, PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp, PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    Csq->Type = IO_TYPE_CSQ;
    Csq->CsqInsertIrp = CsqInsertIrp;
    Csq->CsqRemoveIrp = CsqRemoveIrp;
    Csq->CsqPeekNextIrp = CsqPeekNextIrp;
    Csq->CsqAcquireLock = CsqAcquireLock;
    Csq->CsqReleaseLock = CsqReleaseLock;
    Csq->CsqCompleteCanceledIrp = CsqCompleteCanceledIrp;
    Csq->ReservePointer = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
IoCsqInitializeEx(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP_EX CsqInsertIrp, PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                  PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp, PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                  PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                  PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    IoCsqInitialize(Csq, (PIO_CSQ_INSERT_IRP)(ULONG_PTR)CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp,
                    CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp);
    Csq->Type = IO_TYPE_CSQ_EX;
    return STATUS_SUCCESS;
}

/*
 * Queue Irp (marked pending) unless the driver's CsqInsertIrpEx refuses it, whose status
 * then comes back with the IRP untouched. An IRP cancelled before its cancel routine was in
 * place is taken out again and handed to CsqCompleteCanceledIrp at once.
 */
NTSTATUS NTAPI
IoCsqInsertIrpEx(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context, PVOID InsertContext)
{
    NTSTATUS Status = STATUS_SUCCESS;
    KIRQL Irql;

    Csq->CsqAcquireLock(Csq, &Irql);
    if (Csq->Type == IO_TYPE_CSQ_EX)
        Status = ((PIO_CSQ_INSERT_IRP_EX)(ULONG_PTR)Csq->CsqInsertIrp)(Csq, Irp, InsertContext);
    else
        Csq->CsqInsertIrp(Csq, Irp);
    if (!NT_SUCCESS(Status))
    {
        Csq->CsqReleaseLock(Csq, Irql);
        return Status;
    }
    IoMarkIrpPending(Irp);
    if (Context != NULL)
    {
        Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
        Context->Irp = Irp;
        Context->Csq = Csq;
        Irp->Tail.Overlay.DriverContext[IOP_CSQ_SLOT] = Context;
    }
    else
    {
        Irp->Tail.Overlay.DriverContext[IOP_CSQ_SLOT] = Csq;
    }
    IoSetCancelRoutine(Irp, IopCsqCancelRoutine);
    if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL)
    {
        Csq->CsqRemoveIrp(Csq, Irp);
        IopCsqForget(Irp);
        Csq->CsqReleaseLock(Csq, Irql);
        Csq->CsqCompleteCanceledIrp(Csq, Irp);
        return Status;
    }
    Csq->CsqReleaseLock(Csq, Irql);
    return Status;
}

VOID NTAPI
IoCsqInsertIrp(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context)
{
    IoCsqInsertIrpEx(Csq, Irp, Context, NULL);
}

/* The IRP Context tracks, unless cancellation already has it (NULL). */
PIRP NTAPI
IoCsqRemoveIrp(PIO_CSQ Csq, PIO_CSQ_IRP_CONTEXT Context)
{
    PIRP Irp;
    KIRQL Irql;

    Csq->CsqAcquireLock(Csq, &Irql);
    Irp = Context->Irp;
    if (Irp != NULL && IoSetCancelRoutine(Irp, NULL) != NULL)
    {
        Csq->CsqRemoveIrp(Csq, Irp);
        IopCsqForget(Irp);
    }
    else
    {
        Irp = NULL;
    }
    Csq->CsqReleaseLock(Csq, Irql);
    return Irp;
}

/* The first queued IRP PeekContext selects that is not being cancelled, or NULL. */
PIRP NTAPI
IoCsqRemoveNextIrp(PIO_CSQ Csq, PVOID PeekContext)
{
    PIRP Irp;
    KIRQL Irql;

    Csq->CsqAcquireLock(Csq, &Irql);
    for (Irp = Csq->CsqPeekNextIrp(Csq, NULL, PeekContext); Irp != NULL;
         Irp = Csq->CsqPeekNextIrp(Csq, Irp, PeekContext))
    {
        if (IoSetCancelRoutine(Irp, NULL) != NULL)
        {
            Csq->CsqRemoveIrp(Csq, Irp);
            IopCsqForget(Irp);
            break;
        }
    }
    Csq->CsqReleaseLock(Csq, Irql);
    return Irp;
}
