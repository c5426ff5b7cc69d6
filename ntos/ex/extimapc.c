/* SPDX-License-Identifier: MIT */
/*
 * Timer APCs. ZwSetTimer with a TimerApcRoutine associates the timer with the calling thread:
 * each expiry runs the timer's DPC, which queues an APC to that thread, and the APC calls
 * TimerApcRoutine(TimerContext, low and high part of the system time at expiry). As on NT the
 * APC is queued in the caller's previous mode: a user-mode caller would get a user APC, run
 * in an alertable wait; kernel callers (the only ones here) get a normal kernel APC, run at
 * PASSIVE_LEVEL outside critical regions. A one-shot timer's association ends when its APC
 * runs; setting the timer again or cancelling it ends it at once, and an APC of an ended
 * association that is still queued runs no routine (Ke cannot take an APC back out of a
 * queue, so its kernel routine checks). A periodic timer whose APC is still queued at the
 * next expiry delivers one APC with the latest time.
 *
 * Lifetime: each association block is freed by whoever ends the association, or by its APC
 * when it was queued then; the association and each queued APC hold a timer reference, and
 * the setting thread's object is referenced while a block exists. Deletion waits until no
 * processor can still be running the timer's DPC (ExpFlushTimerDpc).
 * A thread's exit hands an APC still queued to the rundown routine, which ends the
 * association as a cancel would; an expiry after the exit finds the thread refusing APCs and
 * ends it too. Not yet: NT's ExTimerRundown, cancelling the thread's timers at exit.
 */
#include "exp.h"

#define EXP_TIMER_APC_TAG 0x41726D54 /* "TmrA" */

/* Deletion's wait for running DPCs (ExpWaitForRunningDpcs), one caller at a time. */
static struct
{
    FAST_MUTEX Mutex;
    KDPC Dpcs[MAXIMUM_PROCESSORS];
    volatile LONG Remaining;
    KEVENT Done;
} ExpDpcBarrier;

/* What to let go of once the timer's lock is dropped. */
typedef struct _EXP_TIMER_RELEASE
{
    PEXP_TIMER_APC Block;
    PEXP_TIMER Timer; /* the association's reference */
} EXP_TIMER_RELEASE, *PEXP_TIMER_RELEASE;

static VOID
ExpRelease(PEXP_TIMER_RELEASE Release)
{
    if (Release->Block != NULL)
    {
        if (Release->Block->ThreadObject != NULL)
            ObDereferenceObjectDeferDelete(Release->Block->ThreadObject);
        ExFreePoolWithTag(Release->Block, EXP_TIMER_APC_TAG);
    }
    if (Release->Timer != NULL)
        ObfDereferenceObject(Release->Timer);
}

/* End the association, if any. Timer lock held. A queued block is freed by its APC. */
static VOID
ExpDissociate(PEXP_TIMER Timer, PEXP_TIMER_RELEASE Release)
{
    PEXP_TIMER_APC Block = Timer->Apc;

    if (Block == NULL)
        return;
    Timer->Apc = NULL;
    Release->Timer = Timer;
    if (!Block->Queued)
        Release->Block = Block;
}

/*
 * The APC has left its thread's queue: to run (NormalRoutine given: filled in, or NULL if
 * the association it was queued for has ended) or because the thread exited (NULL: end the
 * association, run nothing). A one-shot association ends once delivered.
 */
static VOID
ExpTimerApcDequeued(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                    PVOID *SystemArgument1, PVOID *SystemArgument2)
{
    PEXP_TIMER_APC Block = CONTAINING_RECORD(Apc, EXP_TIMER_APC, Apc);
    PEXP_TIMER Timer = Block->Timer;
    EXP_TIMER_RELEASE Release = {NULL, NULL};
    BOOLEAN Current;
    KIRQL OldIrql;

    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    Block->Queued = FALSE;
    Current = Timer->Apc == Block;
    if (NormalRoutine != NULL)
    {
        *NormalRoutine = Current ? (PKNORMAL_ROUTINE)(void (*)(void))Block->Routine : NULL;
        *NormalContext = Block->Context;
        *SystemArgument1 = (PVOID)(ULONG_PTR)Block->FireTime.LowPart;
        *SystemArgument2 = (PVOID)(LONG_PTR)Block->FireTime.HighPart;
    }
    if (!Current)
        Release.Block = Block;
    else if (NormalRoutine == NULL || Timer->KeTimer.Period == 0)
        ExpDissociate(Timer, &Release);
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    ExpRelease(&Release);
    ObfDereferenceObject(Timer); /* the queued APC's reference */
}

/* Runs first in the target thread, at APC_LEVEL. */
static VOID NTAPI
ExpTimerApcKernelRoutine(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                         PVOID *SystemArgument1, PVOID *SystemArgument2)
{
    ExpTimerApcDequeued(Apc, NormalRoutine, NormalContext, SystemArgument1, SystemArgument2);
}

/* The thread exited with this APC still queued. */
static VOID NTAPI
ExpTimerApcRundown(PKAPC Apc)
{
    ExpTimerApcDequeued(Apc, NULL, NULL, NULL, NULL);
}

/* KeTimer expired (DISPATCH_LEVEL): Argument1 and 2 are the system time's low and high part. */
static VOID NTAPI
ExpTimerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PEXP_TIMER Timer = Context;
    EXP_TIMER_RELEASE Release = {NULL, NULL};
    PEXP_TIMER_APC Block;
    BOOLEAN Failed = FALSE;

    UNREFERENCED_PARAMETER(Dpc);
    KeAcquireSpinLockAtDpcLevel(&Timer->Lock);
    Block = Timer->Apc;
    if (Block != NULL)
    {
        Block->FireTime.LowPart = (ULONG)(ULONG_PTR)Argument1;
        Block->FireTime.HighPart = (LONG)(ULONG_PTR)Argument2;
        if (!Block->Queued)
        {
            ObfReferenceObject(Timer); /* the association holds one: the count is not 0 */
            Block->Queued = KeInsertQueueApc(&Block->Apc, NULL, NULL, IO_NO_INCREMENT);
            /* Not queued and not already in the queue: the thread has terminated. */
            Failed = !Block->Queued;
            if (Failed)
                ExpDissociate(Timer, &Release);
        }
    }
    KeReleaseSpinLockFromDpcLevel(&Timer->Lock);
    ExpRelease(&Release);
    if (Failed)
        ObfDereferenceObject(Timer);
}

VOID
ExpInitializeTimerApcSupport(VOID)
{
    ExInitializeFastMutex(&ExpDpcBarrier.Mutex);
}

VOID
ExpInitializeTimerApc(PEXP_TIMER Timer)
{
    KeInitializeSpinLock(&Timer->Lock);
    KeInitializeDpc(&Timer->Dpc, ExpTimerDpc, Timer);
    Timer->Apc = NULL;
    Timer->DpcUsed = FALSE;
}

/* A block for Routine on the calling thread, referencing it and the timer; NULL if no pool. */
static PEXP_TIMER_APC
ExpAllocateTimerApc(PEXP_TIMER Timer, PTIMER_APC_ROUTINE Routine, PVOID Context)
{
    PKTHREAD Thread = KeGetCurrentThread();
    PEXP_TIMER_APC Block;

    Block = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Block), EXP_TIMER_APC_TAG);
    if (Block == NULL)
        return NULL;
    RtlZeroMemory(Block, sizeof(*Block));
    Block->Timer = Timer;
    Block->Routine = Routine;
    Block->Context = Context;
    if (ObpIsObject(Thread) && ObGetObjectType(Thread) == *PsThreadType)
    {
        ObfReferenceObject(Thread);
        Block->ThreadObject = (PETHREAD)Thread;
    }
    /* The real routine is filled in by the kernel routine, when it decides to deliver. */
    KeInitializeApc(&Block->Apc, Thread, OriginalApcEnvironment, ExpTimerApcKernelRoutine,
                    ExpTimerApcRundown, (PKNORMAL_ROUTINE)(void (*)(void))Routine, KernelMode,
                    Context);
    ObfReferenceObject(Timer); /* the association's */
    return Block;
}

NTSTATUS
ExpSetTimer(PEXP_TIMER Timer, LARGE_INTEGER DueTime, PTIMER_APC_ROUTINE Routine, PVOID Context,
            LONG Period, PBOOLEAN PreviousState)
{
    EXP_TIMER_RELEASE Release = {NULL, NULL};
    PEXP_TIMER_APC Block = NULL;
    KIRQL OldIrql;

    if (Routine != NULL)
    {
        Block = ExpAllocateTimerApc(Timer, Routine, Context);
        if (Block == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    KeCancelTimer(&Timer->KeTimer);
    KeRemoveQueueDpc(&Timer->Dpc); /* an expiry of the old setting must not deliver */
    ExpDissociate(Timer, &Release);
    *PreviousState = KeReadStateTimer(&Timer->KeTimer);
    Timer->Apc = Block;
    if (Block != NULL)
        Timer->DpcUsed = TRUE;
    KeSetTimerEx(&Timer->KeTimer, DueTime, Period, Block != NULL ? &Timer->Dpc : NULL);
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    ExpRelease(&Release);
    return STATUS_SUCCESS;
}

VOID
ExpCancelTimer(PEXP_TIMER Timer)
{
    EXP_TIMER_RELEASE Release = {NULL, NULL};
    KIRQL OldIrql;

    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    KeCancelTimer(&Timer->KeTimer);
    KeRemoveQueueDpc(&Timer->Dpc);
    ExpDissociate(Timer, &Release);
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    ExpRelease(&Release);
}

static VOID NTAPI
ExpBarrierDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    if (InterlockedDecrement(&ExpDpcBarrier.Remaining) == 0)
        KeSetEvent(&ExpDpcBarrier.Done, IO_NO_INCREMENT, FALSE);
}

/* Returns once every processor has finished the DPC it was running (or about to run) when
 * this was called: each runs its DPCs one at a time, and ours is queued behind. */
static VOID
ExpWaitForRunningDpcs(VOID)
{
    KAFFINITY Active = KeQueryActiveProcessors();
    ULONG I;

    ExAcquireFastMutex(&ExpDpcBarrier.Mutex);
    KeInitializeEvent(&ExpDpcBarrier.Done, NotificationEvent, FALSE);
    ExpDpcBarrier.Remaining = (LONG)__popcnt64(Active);
    for (I = 0; I < MAXIMUM_PROCESSORS; I++)
    {
        if (!(Active & ((KAFFINITY)1 << I)))
            continue;
        KeInitializeDpc(&ExpDpcBarrier.Dpcs[I], ExpBarrierDpc, NULL);
        KeSetTargetProcessorDpc(&ExpDpcBarrier.Dpcs[I], (CCHAR)I);
        KeInsertQueueDpc(&ExpDpcBarrier.Dpcs[I], NULL, NULL);
    }
    KeWaitForSingleObject(&ExpDpcBarrier.Done, Executive, KernelMode, FALSE, NULL);
    ExReleaseFastMutex(&ExpDpcBarrier.Mutex);
}

/*
 * No DPC of Timer runs after this. KeTimer is cancelled; an expiry already under way on the
 * clock processor may still queue Dpc, so: wait for that pass (it runs before any DPC of its
 * processor), take a queued Dpc back out, then wait for one that was already running.
 */
static VOID
ExpFlushTimerDpc(PEXP_TIMER Timer)
{
    ExpWaitForRunningDpcs();
    KeRemoveQueueDpc(&Timer->Dpc);
    ExpWaitForRunningDpcs();
}

/* The last reference went (at or below APC_LEVEL): no association and no APC is left. */
VOID
ExpDeleteTimer(PVOID Object)
{
    PEXP_TIMER Timer = Object;

    KeCancelTimer(&Timer->KeTimer);
    if (Timer->DpcUsed)
        ExpFlushTimerDpc(Timer);
}
