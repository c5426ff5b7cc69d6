/* SPDX-License-Identifier: MIT */
/*
 * Cancellation. IoCancelIrp marks the IRP cancelled and, if a driver left a cancel routine
 * on it, takes the routine off (so it runs once) and calls it holding the cancel spin lock,
 * which the routine releases with Irp->CancelIrql, as on NT. IoSetCancelRoutine is the
 * DDK's inline interlocked exchange; the global cancel spin lock is only for the drivers and
 * routines that use it.
 */
#include "iop.h"

#define IOP_CANCEL_STATE_IN_COMPLETED_IRP 0x48

static KSPIN_LOCK IopCancelSpinLock;

VOID NTAPI
IoAcquireCancelSpinLock(PKIRQL Irql)
{
    *Irql = KeAcquireSpinLockRaiseToDpc(&IopCancelSpinLock);
}

VOID NTAPI
IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&IopCancelSpinLock, Irql);
}

BOOLEAN NTAPI
IoCancelIrp(PIRP Irp)
{
    PDRIVER_CANCEL CancelRoutine;
    KIRQL Irql;

    if (Irp->Type != IO_TYPE_IRP)
        KeBugCheckEx(IOP_MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Irp->Type, 0, 0);
    IoAcquireCancelSpinLock(&Irql);
    Irp->Cancel = TRUE;
    CancelRoutine = IoSetCancelRoutine(Irp, NULL);
    if (CancelRoutine == NULL)
    {
        IoReleaseCancelSpinLock(Irql);
        return FALSE;
    }
    if (Irp->CurrentLocation > Irp->StackCount)
        KeBugCheckEx(IOP_CANCEL_STATE_IN_COMPLETED_IRP, (ULONG_PTR)Irp,
                     (ULONG_PTR)(ULONG_PTR)CancelRoutine, 0, 0);
    Irp->CancelIrql = Irql;
    CancelRoutine(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp);
    return TRUE;
}
