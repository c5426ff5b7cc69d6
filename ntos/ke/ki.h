/* SPDX-License-Identifier: MIT */
/*
 * Kernel-core internals shared by the files of ntos/ke.
 *
 * Locking: one dispatcher lock guards every dispatcher object's state and wait list, every
 * thread's scheduling and wait fields, the ready queues of all processors and the timer
 * table. It is taken at SYNCH_LEVEL. Ownership passes across a context switch (the thread
 * that blocks takes it, the thread switched to releases it), so it is a bare test-and-set
 * lock rather than a KSPIN_LOCK with owner tracking. docs/dispatcher.md has the design.
 */
#ifndef BASALT_KI_H
#define BASALT_KI_H

#include "ntos.h"

#define KI_DEFAULT_QUANTUM 2         /* clock ticks a thread runs before round robin */
#define KI_DEFAULT_THREAD_PRIORITY 8 /* NORMAL_PRIORITY_CLASS base */
#define KI_TIMER_TABLE_SIZE 512
#define KI_DEFAULT_TIME_INCREMENT 100000 /* 10 ms, until the HAL announces its clock */

extern volatile LONG64 KiDispatcherLock;
extern KPROCESS KiSystemProcess;
extern PKPRCB KiProcessorBlock[MAXIMUM_PROCESSORS];
extern ULONG KiProcessorCount;
extern volatile LONG KiTimerCount;
extern volatile KAFFINITY KeActiveProcessors;

static inline PKPRCB
KiCurrentPrcb(VOID)
{
    return (PKPRCB)__readgsqword(FIELD_OFFSET(KPCR, CurrentPrcb));
}

/* At SYNCH_LEVEL already (e.g. the caller raised for a context switch). */
static inline VOID
KiAcquireDispatcherLockAtSynchLevel(VOID)
{
    while (_interlockedbittestandset64(&KiDispatcherLock, 0))
    {
        while (KiDispatcherLock != 0)
            YieldProcessor();
    }
}

static inline VOID
KiReleaseDispatcherLockFromSynchLevel(VOID)
{
    _ReadWriteBarrier();
    *(volatile LONG64 *)&KiDispatcherLock = 0;
}

static inline KIRQL
KiAcquireDispatcherLock(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    KiAcquireDispatcherLockAtSynchLevel();
    return OldIrql;
}

/* Release and drop to OldIrql: a preemption or APC requested meanwhile fires here. */
static inline VOID
KiReleaseDispatcherLock(KIRQL OldIrql)
{
    KiReleaseDispatcherLockFromSynchLevel();
    KeLowerIrql(OldIrql);
}

/* Scheduler (kesched.c). Dispatcher lock held for all of these. */
VOID KiInitializeScheduler(PKPRCB Prcb, PKTHREAD IdleThread);
VOID KiMarkProcessorActive(PKPRCB Prcb);
VOID KiInitializeIdleThread(PKPRCB Prcb, PKTHREAD IdleThread);
VOID KiRequestDispatch(PKPRCB Prcb);
VOID KiReadyThread(PKTHREAD Thread);
NTSTATUS KiSwapThread(PKTHREAD Current, PKPRCB Prcb);
VOID KiDispatchSchedule(PKPRCB Prcb);
VOID KiUpdateRunTime(PKPRCB Prcb);
VOID KiBoostPriority(PKTHREAD Thread, KPRIORITY Increment);
VOID KiSetPriorityThread(PKTHREAD Thread, SCHAR Priority);
VOID KiDeferStackFree(PKTHREAD Thread);

/* Context switch (amd64/ctxswap.S, amd64/kithread.c). */
VOID KiSwapContext(PKTHREAD Old, PKTHREAD New);
VOID KiInitializeThreadContext(PKTHREAD Thread);
DECLSPEC_NORETURN VOID KiThreadStartup(VOID);

/* Waits (kewaitsup.c). Dispatcher lock held. */
VOID KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment);
VOID KiUnlinkWait(PKTHREAD Thread);
VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus, KPRIORITY Increment);
BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread);
NTSTATUS KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread);
VOID KiInitializeDispatcherHeader(PDISPATCHER_HEADER Header, UCHAR Type, UCHAR SizeInLongs,
                                  LONG SignalState);
VOID KiLeaveWaitLock(PKTHREAD Thread, KIRQL OldIrql, BOOLEAN Wait);

/* Timers (ketimer.c). Dispatcher lock held. */
VOID KiInitializeTimers(VOID);
BOOLEAN KiInsertTimer(PKTIMER Timer, ULONG64 DueInterruptTime);
VOID KiRemoveTimer(PKTIMER Timer);
ULONG64 KiDueTimeToInterruptTime(LARGE_INTEGER DueTime);
VOID KiTimerExpiration(VOID);

/* Mutants (kemutant.c). Dispatcher lock held. */
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

#endif
