/* SPDX-License-Identifier: MIT */
/*
 * Deferred procedure calls. Each processor's KPRCB holds two DPC queues, ordinary and
 * threaded, each under its own lock (not a dispatcher lock). Queuing a DPC requests a
 * DISPATCH_LEVEL software interrupt, which the local APIC delivers as soon as that
 * processor's IRQL drops below DISPATCH_LEVEL; the handler, KiDispatchInterrupt, retires
 * the ordinary queue at DISPATCH_LEVEL on the processor's DPC stack, and wakes the
 * processor's DPC thread for the threaded queue (dpcthread.c). High-importance DPCs go to
 * the head of a queue, the others to the tail. A DPC targeted at another processor is
 * queued there and that processor is interrupted.
 */
#include "ki.h"

VOID NTAPI
KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    RtlZeroMemory(Dpc, sizeof(*Dpc));
    Dpc->Type = DpcObject;
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

/* Threaded DPCs go to the threaded queue once the processor's DPC thread runs; before
 * that, as when Windows has them disabled, they are ordinary DPCs. */
static ULONG
KiDpcQueueIndex(PRKDPC Dpc, PKPRCB Prcb)
{
    return Dpc->Type == ThreadedDpcObject && Prcb->DpcThread != NULL ? DPC_THREADED : DPC_NORMAL;
}

BOOLEAN NTAPI
KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    KIRQL OldIrql = (KIRQL)__readcr8();
    PKDPC_DATA Queue;
    PKPRCB Prcb;
    BOOLEAN Queued = FALSE;

    /* Callable at any IRQL: the queues are only ever touched at HIGH_LEVEL. */
    __writecr8(HIGH_LEVEL);
    Prcb = KiDpcTarget(Dpc);
    Queue = &Prcb->DpcData[KiDpcQueueIndex(Dpc, Prcb)];
    KeAcquireSpinLockAtDpcLevel(&Queue->DpcLock);
    /* Claimed atomically: two processors may queue one DPC at once, each holding only its
     * own queue's lock (an untargeted DPC goes to the caller's processor). */
    if (InterlockedCompareExchangePointer((PVOID volatile *)&Dpc->DpcData, Queue, NULL) == NULL)
    {
        Dpc->SystemArgument1 = SystemArgument1;
        Dpc->SystemArgument2 = SystemArgument2;
        if (Dpc->Importance == HighImportance)
            InsertHeadList(&Queue->DpcListHead, &Dpc->DpcListEntry);
        else
            InsertTailList(&Queue->DpcListHead, &Dpc->DpcListEntry);
        Queue->DpcQueueDepth++;
        Queued = TRUE;
    }
    KeReleaseSpinLockFromDpcLevel(&Queue->DpcLock);
    /* Both kinds start in the DISPATCH_LEVEL interrupt, which wakes the DPC thread. */
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
    PKDPC_DATA Queue;
    BOOLEAN Removed = FALSE;

    __writecr8(HIGH_LEVEL);
    Queue = Dpc->DpcData;
    if (Queue != NULL)
    {
        KeAcquireSpinLockAtDpcLevel(&Queue->DpcLock);
        if (Dpc->DpcData == Queue)
        {
            RemoveEntryList(&Dpc->DpcListEntry);
            Queue->DpcQueueDepth--;
            Dpc->DpcData = NULL;
            Removed = TRUE;
        }
        KeReleaseSpinLockFromDpcLevel(&Queue->DpcLock);
    }
    __writecr8(OldIrql);
    return Removed;
}

/* Take the next DPC off Queue, or NULL. At DISPATCH_LEVEL or above, interrupts disabled. */
PKDPC
KiDequeueDpc(PKDPC_DATA Queue)
{
    PKDPC Dpc = NULL;

    KeAcquireSpinLockAtDpcLevel(&Queue->DpcLock);
    if (!IsListEmpty(&Queue->DpcListHead))
    {
        Dpc = CONTAINING_RECORD(RemoveHeadList(&Queue->DpcListHead), KDPC, DpcListEntry);
        Queue->DpcQueueDepth--;
        Queue->DpcCount++;
        Dpc->DpcData = NULL;
    }
    KeReleaseSpinLockFromDpcLevel(&Queue->DpcLock);
    return Dpc;
}

static ULONG_PTR
KiRetireDpcList(ULONG_PTR PrcbAddress)
{
    PKPRCB Prcb = (PKPRCB)PrcbAddress;
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, Argument1, Argument2;
    PKDPC Dpc;

    /* The queue lock is only ever held with interrupts off: KeInsertQueueDpc may run in an
     * interrupt that nests above DISPATCH_LEVEL on this processor. */
    _disable();
    Prcb->DpcRoutineActive = TRUE;
    while ((Dpc = KiDequeueDpc(&Prcb->DpcData[DPC_NORMAL])) != NULL)
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
    }
    Prcb->DpcRoutineActive = FALSE;
    _enable();
    return 0;
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
    if (Prcb->DpcData[DPC_NORMAL].DpcQueueDepth != 0)
        KiCallOnStack(KiRetireDpcList, (ULONG_PTR)Prcb, Prcb->DpcStack);
    if (Prcb->DpcData[DPC_THREADED].DpcQueueDepth != 0)
        KeSetEvent(&Prcb->ThreadedDpcEvent, 0, FALSE);
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
        while (Prcb->DpcData[DPC_NORMAL].DpcQueueDepth != 0 ||
               Prcb->DpcData[DPC_THREADED].DpcQueueDepth != 0)
        {
            if (Prcb == KiCurrentPrcb())
                HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
            YieldProcessor();
        }
    }
}

/* The boot processor's DPC stack and the DISPATCH_LEVEL interrupt; the others get their
 * stack in KiSystemStartupAp. */
VOID
KiInitializeDpcs(VOID)
{
    KiCurrentPrcb()->DpcStack = MmCreateKernelStack();
    if (KiCurrentPrcb()->DpcStack == NULL)
        KeBugCheckEx(NO_PAGES_AVAILABLE, 0, 0, 0, 0);
    KeRegisterInterruptHandler(HAL_SOFTWARE_INTERRUPT_VECTOR(DISPATCH_LEVEL), KiDispatchInterrupt);
}
