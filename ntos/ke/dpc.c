/* SPDX-License-Identifier: MIT */
/*
 * Deferred procedure calls. Each processor's KPRCB holds a DPC queue under its own lock
 * (no global lock). Queuing a DPC requests a DISPATCH_LEVEL software interrupt, which the
 * local APIC delivers as soon as that processor's IRQL drops below DISPATCH_LEVEL; the
 * handler, KiDispatchInterrupt, retires the queue at DISPATCH_LEVEL with interrupts on.
 * High-importance DPCs go to the head of the queue, the others to the tail.
 * A DPC targeted at another processor is queued there and that processor is interrupted.
 * Not yet: threaded DPCs, and a separate DPC stack (DPCs run on the interrupted thread's
 * stack).
 */
#include "ki.h"

#define KI_DPC_OBJECT 19 /* KOBJECTS DpcObject */

VOID NTAPI
KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    RtlZeroMemory(Dpc, sizeof(*Dpc));
    Dpc->Type = KI_DPC_OBJECT;
    Dpc->Importance = MediumImportance;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
}

VOID NTAPI
KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}

/* Number is the target processor plus MAXIMUM_PROCESSORS, as on NT; 0 means "current". */
VOID NTAPI
KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    if ((ULONG)(UCHAR)Number >= MAXIMUM_PROCESSORS ||
        !(KeActiveProcessors & ((KAFFINITY)1 << (UCHAR)Number)))
        KeBugCheckEx(INVALID_AFFINITY_SET, (ULONG_PTR)(UCHAR)Number, (ULONG_PTR)Dpc, 0, 0);
    Dpc->Number = (USHORT)(MAXIMUM_PROCESSORS + (UCHAR)Number);
}

static PKPRCB
KiDpcTarget(PRKDPC Dpc)
{
    if (Dpc->Number >= MAXIMUM_PROCESSORS)
        return KiProcessorBlock[Dpc->Number - MAXIMUM_PROCESSORS];
    return KiCurrentPrcb();
}

BOOLEAN NTAPI
KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    KIRQL OldIrql = (KIRQL)__readcr8();
    PKPRCB Prcb;
    BOOLEAN Queued = FALSE;

    /* Callable at any IRQL: the queue is only ever touched at HIGH_LEVEL. */
    __writecr8(HIGH_LEVEL);
    Prcb = KiDpcTarget(Dpc);
    KeAcquireSpinLockAtDpcLevel(&Prcb->DpcLock);
    if (Dpc->DpcData == NULL)
    {
        Dpc->SystemArgument1 = SystemArgument1;
        Dpc->SystemArgument2 = SystemArgument2;
        Dpc->DpcData = Prcb;
        if (Dpc->Importance == HighImportance)
            InsertHeadList(&Prcb->DpcListHead, &Dpc->DpcListEntry);
        else
            InsertTailList(&Prcb->DpcListHead, &Dpc->DpcListEntry);
        Prcb->DpcQueueDepth++;
        Queued = TRUE;
    }
    KeReleaseSpinLockFromDpcLevel(&Prcb->DpcLock);
    if (Queued && Prcb != KiCurrentPrcb())
        HalSendSoftwareInterrupt(Prcb->Number, DISPATCH_LEVEL);
    else if (Queued && !Prcb->DpcRoutineActive)
        HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
    __writecr8(OldIrql);
    return Queued;
}

BOOLEAN NTAPI
KeRemoveQueueDpc(PRKDPC Dpc)
{
    KIRQL OldIrql = (KIRQL)__readcr8();
    PKPRCB Prcb;
    BOOLEAN Removed = FALSE;

    __writecr8(HIGH_LEVEL);
    Prcb = Dpc->DpcData;
    if (Prcb != NULL)
    {
        KeAcquireSpinLockAtDpcLevel(&Prcb->DpcLock);
        if (Dpc->DpcData == Prcb)
        {
            RemoveEntryList(&Dpc->DpcListEntry);
            Prcb->DpcQueueDepth--;
            Dpc->DpcData = NULL;
            Removed = TRUE;
        }
        KeReleaseSpinLockFromDpcLevel(&Prcb->DpcLock);
    }
    __writecr8(OldIrql);
    return Removed;
}

/* Take the next DPC off the queue, or NULL. Interrupts must be disabled. */
static PKDPC
KiDequeueDpc(PKPRCB Prcb)
{
    PKDPC Dpc = NULL;

    KeAcquireSpinLockAtDpcLevel(&Prcb->DpcLock);
    if (!IsListEmpty(&Prcb->DpcListHead))
    {
        Dpc = CONTAINING_RECORD(RemoveHeadList(&Prcb->DpcListHead), KDPC, DpcListEntry);
        Prcb->DpcQueueDepth--;
        Dpc->DpcData = NULL;
    }
    KeReleaseSpinLockFromDpcLevel(&Prcb->DpcLock);
    return Dpc;
}

static VOID
KiRetireDpcList(PKPRCB Prcb)
{
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, Argument1, Argument2;
    PKDPC Dpc;

    /* The queue lock is only ever held with interrupts off: KeInsertQueueDpc may run in an
     * interrupt that nests above DISPATCH_LEVEL on this processor. */
    _disable();
    Prcb->DpcRoutineActive = TRUE;
    while ((Dpc = KiDequeueDpc(Prcb)) != NULL)
    {
        /* Copy first: the routine may free or requeue its DPC. */
        Routine = Dpc->DeferredRoutine;
        Context = Dpc->DeferredContext;
        Argument1 = Dpc->SystemArgument1;
        Argument2 = Dpc->SystemArgument2;
        _enable();
        Routine(Dpc, Context, Argument1, Argument2);
        _disable();
        if (KeGetCurrentIrql() != DISPATCH_LEVEL)
            KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Routine, KeGetCurrentIrql(),
                         (ULONG_PTR)Dpc, 0);
        Prcb->DpcCount++;
    }
    Prcb->DpcRoutineActive = FALSE;
    _enable();
}

/*
 * The DISPATCH_LEVEL software interrupt, at DISPATCH_LEVEL:
 * expire timers (which may queue DPCs), retire the DPC queue, then let the scheduler act on
 * a preemption or quantum end. The thread switch happens last, on the interrupted thread's
 * stack, so this handler returns on the new thread's.
 */
static VOID NTAPI
KiDispatchInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    PKPRCB Prcb = KiCurrentPrcb();

    UNREFERENCED_PARAMETER(TrapFrame);
    if (Prcb->TimerRequest)
    {
        Prcb->TimerRequest = FALSE;
        KiTimerExpiration();
    }
    KiRetireDpcList(Prcb);
    if (Prcb->NextThread != NULL || Prcb->QuantumEnd)
        KiDispatchSchedule(Prcb);
}

/* Wait until every DPC queued so far, on any processor, has run. PASSIVE_LEVEL only. */
VOID NTAPI
KeFlushQueuedDpcs(VOID)
{
    PKPRCB Prcb;
    ULONG I;

    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, 0, KeGetCurrentIrql(), 0,
                     (ULONG_PTR)__builtin_return_address(0));
    for (I = 0; I < KiProcessorCount; I++)
    {
        Prcb = KiProcessorBlock[I];
        while (*(volatile ULONG *)&Prcb->DpcQueueDepth != 0)
        {
            if (Prcb == KiCurrentPrcb())
                HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
            YieldProcessor();
        }
    }
}

VOID
KiInitializeDpcs(VOID)
{
    KeRegisterInterruptHandler(HAL_SOFTWARE_INTERRUPT_VECTOR(DISPATCH_LEVEL), KiDispatchInterrupt);
}
