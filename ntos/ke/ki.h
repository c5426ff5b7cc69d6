/* SPDX-License-Identifier: MIT */
/*
 * Kernel-core internals shared by the files of ntos/ke.
 *
 * Locking (docs/dispatcher.md has the whole design). There is no dispatcher-wide lock; all
 * of these are bare test-and-set locks taken at SYNCH_LEVEL, in this order:
 *   1. dispatcher objects: bit 7 of DISPATCHER_HEADER.Lock (the top bit of Type, which no
 *      object type uses, as on NT) guards the signal state, the wait list and the type's
 *      own fields (mutant owner, timer insertion). Several are taken in address order.
 *   2. a timer-table entry's lock (ketimer.c), under the timer's object lock.
 *   3. KTHREAD.ThreadLock guards the Waiting state and what goes with it (wait status,
 *      wait block list, alerts, APC queues, the owned-mutant list while waiting).
 *   4. KPRCB.PrcbLock guards that processor's ready queues, NextThread and CurrentThread,
 *      and a thread's Ready/Standby/Running transitions while it is queued there.
 * Going the other way (timer expiry from an entry to its timer, a WaitAll test from one
 * object to the waiter's others) only try-acquires and backs off.
 */
#ifndef BASALT_KI_H
#define BASALT_KI_H

#include "ntos.h"

#define KI_DEFAULT_QUANTUM 2             /* clock ticks a thread runs before round robin */
#define KI_DEFAULT_THREAD_PRIORITY 8     /* NORMAL_PRIORITY_CLASS base */
#define KI_TIMER_TABLE_SIZE 256          /* as x64 NT: an index fits the header's Hand byte */
#define KI_DEFAULT_TIME_INCREMENT 100000 /* 10 ms, until the HAL announces its clock */
#define KI_OBJECT_LOCK_BIT 7
#define KI_OBJECT_TYPE_MASK 0x7F
#define KI_WAIT_BLOCK_ACTIVE 1 /* KWAIT_BLOCK.BlockState: linked into its object's list */

extern PKPROCESS KiSystemProcess;
extern PKPRCB KiProcessorBlock[MAXIMUM_PROCESSORS];
extern ULONG KiProcessorCount;
extern volatile LONG KiTimerCount;
extern volatile KAFFINITY KeActiveProcessors;

static inline PKPRCB
KiCurrentPrcb(VOID)
{
    return (PKPRCB)__readgsqword(FIELD_OFFSET(KPCR, CurrentPrcb));
}

static inline BOOLEAN
KiTryAcquireBitLock(volatile LONG *Lock, LONG Bit)
{
    return !_interlockedbittestandset((LONG *)Lock, Bit);
}

static inline VOID
KiAcquireBitLock(volatile LONG *Lock, LONG Bit)
{
    while (!KiTryAcquireBitLock(Lock, Bit))
    {
        while (*Lock & (1L << Bit))
            YieldProcessor();
    }
}

/* Atomic: the other bits of an object's lock word are fields its lock holder writes. */
static inline VOID
KiReleaseBitLock(volatile LONG *Lock, LONG Bit)
{
    _interlockedbittestandreset((LONG *)Lock, Bit);
}

static inline VOID
KiAcquireObjectLock(PDISPATCHER_HEADER Object)
{
    KiAcquireBitLock(&Object->Lock, KI_OBJECT_LOCK_BIT);
}

static inline BOOLEAN
KiTryAcquireObjectLock(PDISPATCHER_HEADER Object)
{
    return KiTryAcquireBitLock(&Object->Lock, KI_OBJECT_LOCK_BIT);
}

static inline VOID
KiReleaseObjectLock(PDISPATCHER_HEADER Object)
{
    KiReleaseBitLock(&Object->Lock, KI_OBJECT_LOCK_BIT);
}

/* The type without the lock bit; a locked object's Type byte reads 0x80 higher. */
static inline UCHAR
KiObjectType(PDISPATCHER_HEADER Object)
{
    return *(volatile UCHAR *)&Object->Type & KI_OBJECT_TYPE_MASK;
}

static inline VOID
KiAcquireThreadLock(PKTHREAD Thread)
{
    KiAcquireBitLock(&Thread->ThreadLock, 0);
}

static inline VOID
KiReleaseThreadLock(PKTHREAD Thread)
{
    KiReleaseBitLock(&Thread->ThreadLock, 0);
}

static inline VOID
KiAcquirePrcbLock(PKPRCB Prcb)
{
    KiAcquireBitLock(&Prcb->PrcbLock, 0);
}

static inline BOOLEAN
KiTryAcquirePrcbLock(PKPRCB Prcb)
{
    return KiTryAcquireBitLock(&Prcb->PrcbLock, 0);
}

static inline VOID
KiReleasePrcbLock(PKPRCB Prcb)
{
    KiReleaseBitLock(&Prcb->PrcbLock, 0);
}

/* The common shape: raise to SYNCH_LEVEL and take one object's lock. */
static inline KIRQL
KiLockObject(PDISPATCHER_HEADER Object)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    KiAcquireObjectLock(Object);
    return OldIrql;
}

static inline VOID
KiUnlockObject(PDISPATCHER_HEADER Object, KIRQL OldIrql)
{
    KiReleaseObjectLock(Object);
    KeLowerIrql(OldIrql);
}

static inline KIRQL
KiLockThread(PKTHREAD Thread)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    KiAcquireThreadLock(Thread);
    return OldIrql;
}

static inline VOID
KiUnlockThread(PKTHREAD Thread, KIRQL OldIrql)
{
    KiReleaseThreadLock(Thread);
    KeLowerIrql(OldIrql);
}

/* Scheduler (kesched.c). At SYNCH_LEVEL; the locks each takes are in kesched.c. */
VOID KiInitializeScheduler(PKPRCB Prcb, PKTHREAD IdleThread);
VOID KiMarkProcessorActive(PKPRCB Prcb);
VOID KiInitializeIdleThread(PKPRCB Prcb, PKTHREAD IdleThread);
VOID KiRequestDispatch(PKPRCB Prcb);
VOID KiReadyThread(PKTHREAD Thread);
VOID KiReadyCurrentThread(PKTHREAD Current);
NTSTATUS KiSwapThread(PKTHREAD Current, PKPRCB Prcb);
VOID KiFinishSwitch(VOID);
VOID KiDispatchSchedule(PKPRCB Prcb);
VOID KiUpdateRunTime(PKPRCB Prcb);
VOID KiBoostPriority(PKTHREAD Thread, KPRIORITY Increment);
VOID KiSetPriorityThread(PKTHREAD Thread, SCHAR Priority);
VOID KiDeferStackFree(PKTHREAD Thread);

/* Context switch (amd64/ctxswap.S, amd64/kithread.c). */
VOID KiSwapContext(PKTHREAD Old, PKTHREAD New);
VOID KiInitializeThreadContext(PKTHREAD Thread);
DECLSPEC_NORETURN VOID KiThreadStartup(VOID);
VOID KiSignalTerminatedThread(PKTHREAD Thread);

/* Waits (kewaitsup.c). KiWaitTest: object lock held; KiUnwaitThread: thread lock held. */
VOID KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment);
VOID KiUnlinkWait(PKTHREAD Thread);
VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus, KPRIORITY Increment);
BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread);
NTSTATUS KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread);
VOID KiInitializeDispatcherHeader(PDISPATCHER_HEADER Header, UCHAR Type, UCHAR SizeInLongs,
                                  LONG SignalState);
VOID KiLeaveWaitLock(PDISPATCHER_HEADER Object, KIRQL OldIrql, BOOLEAN Wait);
VOID KiProcessDeferredReadyList(VOID);
VOID KiExitDispatcher(KIRQL OldIrql);

/* Timers (ketimer.c). The timer's object lock held. */
VOID KiInitializeTimers(VOID);
BOOLEAN KiInsertTimer(PKTIMER Timer, ULONG64 DueInterruptTime);
VOID KiRemoveTimer(PKTIMER Timer);
ULONG64 KiDueTimeToInterruptTime(LARGE_INTEGER DueTime);
VOID KiTimerExpiration(VOID);

/* Mutants (kemutant.c). From the terminating thread itself. */
VOID KiAbandonMutants(PKTHREAD Thread);

/* DPCs (dpc.c, dpcthread.c). */
PKDPC KiDequeueDpc(PKDPC_DATA Queue);
NTSTATUS KiStartDpcThread(PKPRCB Prcb);
ULONG_PTR KiCallOnStack(ULONG_PTR (*Routine)(ULONG_PTR), ULONG_PTR Argument, PVOID StackBase);

/* Interprocessor calls (keipi.c); the bugcheck's freeze (bugcheck.c). */
VOID KiInitializeIpi(VOID);
BOOLEAN KiBugCheckInProgress(VOID);
DECLSPEC_NORETURN VOID KiFreezeProcessor(VOID);

/* APCs (keapc.c). */
VOID KiInitializeApcs(VOID);
VOID KiRequestApcIfPending(PKTHREAD Thread);

/* An exiting thread's queued APCs go to their rundown routines; no more can be queued. */
VOID KiRundownApcs(PKTHREAD Thread);

#endif
