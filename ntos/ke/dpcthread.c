/* SPDX-License-Identifier: MIT */
/*
 * Threaded DPCs. Each processor runs a DPC thread at priority 31, pinned to it, that waits
 * for the DISPATCH_LEVEL interrupt to signal queued threaded DPCs and runs them at
 * PASSIVE_LEVEL, so ordinary DPCs (and interrupts) can preempt them but other threads
 * cannot. The routines are still bound by the DPC rules: they must not block.
 */
#include "ki.h"

static KTHREAD KiDpcThreads[MAXIMUM_PROCESSORS];

VOID NTAPI
KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
    Dpc->Type = ThreadedDpcObject;
}

/* The next threaded DPC with its arguments copied (the routine may free or requeue it). */
static PKDPC
KiNextThreadedDpc(PKPRCB Prcb, PVOID *Context, PVOID *Argument1, PVOID *Argument2)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    PKDPC Dpc;

    _disable();
    Dpc = KiDequeueDpc(&Prcb->DpcData[DPC_THREADED]);
    if (Dpc != NULL)
    {
        *Context = Dpc->DeferredContext;
        *Argument1 = Dpc->SystemArgument1;
        *Argument2 = Dpc->SystemArgument2;
    }
    _enable();
    KeLowerIrql(OldIrql);
    return Dpc;
}

static VOID NTAPI
KiDpcThread(PVOID StartContext)
{
    PKPRCB Prcb = StartContext;
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, Argument1, Argument2;
    PKDPC Dpc;

    for (;;)
    {
        KeWaitForSingleObject(&Prcb->ThreadedDpcEvent, Executive, KernelMode, FALSE, NULL);
        while ((Dpc = KiNextThreadedDpc(Prcb, &Context, &Argument1, &Argument2)) != NULL)
        {
            Routine = Dpc->DeferredRoutine;
            Routine(Dpc, Context, Argument1, Argument2);
            if (KeGetCurrentIrql() != PASSIVE_LEVEL)
                KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Routine, KeGetCurrentIrql(),
                             (ULONG_PTR)Dpc, 0);
        }
    }
}

/* Give processor Prcb its DPC thread. PASSIVE_LEVEL; the processor must be running. */
NTSTATUS
KiStartDpcThread(PKPRCB Prcb)
{
    PKTHREAD Thread = &KiDpcThreads[Prcb->Number];
    NTSTATUS Status;

    KeInitializeEvent(&Prcb->ThreadedDpcEvent, SynchronizationEvent, FALSE);
    Status = KeInitializeThread(Thread, NULL, KiDpcThread, Prcb, KeGetSystemProcess());
    if (!NT_SUCCESS(Status))
        return Status;
    Thread->Priority = Thread->BasePriority = HIGH_PRIORITY;
    Thread->Affinity = Thread->UserAffinity = Prcb->SetMember;
    KeStartThread(Thread);
    Prcb->DpcThread = Thread;
    return STATUS_SUCCESS;
}
