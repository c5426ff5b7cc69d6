/* SPDX-License-Identifier: MIT */
/* kesync.sys: timers, timeouts, KeDelayExecutionThread and DPCs. Elapsed times are checked
 * only from below (a wait may not end early), never from above. */
#include "kesync.h"

/* A relative one-shot timer wakes a wait on it and stays signalled (notification timer). */
static KTIMER RelativeTimer;

static PCSTR
RelativeTimerBody(VOID)
{
    LARGE_INTEGER Due;
    ULONG64 Start;

    Due.QuadPart = KS_MS(20);
    Start = KeQueryInterruptTime();
    EXPECT(!KeSetTimer(&RelativeTimer, Due, NULL));
    EXPECT(!KeReadStateTimer(&RelativeTimer));
    EXPECT_STATUS(KsWait(&RelativeTimer, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    EXPECT(KeQueryInterruptTime() - Start >= KsMinimumElapsed(-Due.QuadPart));
    EXPECT(KeReadStateTimer(&RelativeTimer));
    EXPECT_STATUS(KsWait(&RelativeTimer, 0), STATUS_SUCCESS);
    EXPECT(!KeCancelTimer(&RelativeTimer));
    return NULL;
}

PCSTR
KsCaseRelativeTimer(VOID)
{
    PCSTR Failed;

    KeInitializeTimer(&RelativeTimer);
    Failed = RelativeTimerBody();
    KeCancelTimer(&RelativeTimer);
    return Failed;
}

/* A satisfied wait resets a synchronization timer. */
static KTIMER SyncTimer;

static PCSTR
SynchronizationTimerBody(VOID)
{
    LARGE_INTEGER Due;

    Due.QuadPart = KS_MS(10);
    EXPECT(!KeSetTimer(&SyncTimer, Due, NULL));
    EXPECT_STATUS(KsWait(&SyncTimer, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    EXPECT(!KeReadStateTimer(&SyncTimer));
    EXPECT_STATUS(KsWait(&SyncTimer, 0), STATUS_TIMEOUT);
    return NULL;
}

PCSTR
KsCaseSynchronizationTimer(VOID)
{
    PCSTR Failed;

    KeInitializeTimerEx(&SyncTimer, SynchronizationTimer);
    Failed = SynchronizationTimerBody();
    KeCancelTimer(&SyncTimer);
    return Failed;
}

/* KeSetTimer returns TRUE when the timer was still pending; KeCancelTimer returns TRUE
 * when it removed a pending timer. The due time is far enough never to be reached. */
static KTIMER PendingTimer;

static PCSTR
SetCancelTimerBody(VOID)
{
    LARGE_INTEGER Due;

    Due.QuadPart = KS_MS(60000);
    EXPECT(!KeCancelTimer(&PendingTimer));
    EXPECT(!KeSetTimer(&PendingTimer, Due, NULL));
    EXPECT(KeSetTimer(&PendingTimer, Due, NULL));
    EXPECT(KeCancelTimer(&PendingTimer));
    EXPECT(!KeCancelTimer(&PendingTimer));
    EXPECT(!KeReadStateTimer(&PendingTimer));
    EXPECT(!KeSetTimer(&PendingTimer, Due, NULL));
    EXPECT(KeCancelTimer(&PendingTimer));
    return NULL;
}

PCSTR
KsCaseSetCancelTimer(VOID)
{
    PCSTR Failed;

    KeInitializeTimer(&PendingTimer);
    Failed = SetCancelTimerBody();
    KeCancelTimer(&PendingTimer);
    return Failed;
}

/* A periodic timer queues its DPC every period until cancelled. */
static KTIMER PeriodicTimer;
static KDPC PeriodicDpc;
static KEVENT PeriodicEvent;
static volatile LONG PeriodicRuns;

static VOID NTAPI
PeriodicDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement(&PeriodicRuns);
    KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
}

static PCSTR
PeriodicTimerBody(VOID)
{
    LARGE_INTEGER Due, Pause;
    ULONG64 Start;
    LONG Runs;
    ULONG I;

    Due.QuadPart = KS_MS(10);
    Start = KeQueryInterruptTime();
    EXPECT(!KeSetTimerEx(&PeriodicTimer, Due, 10, &PeriodicDpc));
    for (I = 0; I < 3; I++)
        EXPECT_STATUS(KsWait(&PeriodicEvent, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    EXPECT(PeriodicRuns >= 3);
    EXPECT(KeQueryInterruptTime() - Start >= KsMinimumElapsed(3 * -Due.QuadPart));
    EXPECT(KeCancelTimer(&PeriodicTimer));
    KeFlushQueuedDpcs();
    Runs = PeriodicRuns;
    Pause.QuadPart = KS_MS(50);
    EXPECT_STATUS(KeDelayExecutionThread(KernelMode, FALSE, &Pause), STATUS_SUCCESS);
    EXPECT_EQ(PeriodicRuns, Runs);
    EXPECT(!KeCancelTimer(&PeriodicTimer));
    return NULL;
}

PCSTR
KsCasePeriodicTimer(VOID)
{
    PCSTR Failed;

    PeriodicRuns = 0;
    KeInitializeTimer(&PeriodicTimer);
    KeInitializeEvent(&PeriodicEvent, SynchronizationEvent, FALSE);
    KeInitializeDpc(&PeriodicDpc, PeriodicDpcRoutine, &PeriodicEvent);
    Failed = PeriodicTimerBody();
    KeCancelTimer(&PeriodicTimer);
    KeFlushQueuedDpcs();
    return Failed;
}

/* A positive due time is an absolute system time. */
static KTIMER AbsoluteTimer;

static PCSTR
AbsoluteTimerBody(VOID)
{
    LARGE_INTEGER Now, Due;

    KeQuerySystemTime(&Now);
    Due.QuadPart = Now.QuadPart + 20 * 10000;
    EXPECT(Due.QuadPart > 0);
    EXPECT(!KeSetTimer(&AbsoluteTimer, Due, NULL));
    EXPECT_STATUS(KsWait(&AbsoluteTimer, 0), STATUS_TIMEOUT);
    EXPECT_STATUS(KsWait(&AbsoluteTimer, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    KeQuerySystemTime(&Now);
    EXPECT(Now.QuadPart >= Due.QuadPart - (LONG64)KeQueryTimeIncrement());
    EXPECT(KeReadStateTimer(&AbsoluteTimer));
    return NULL;
}

PCSTR
KsCaseAbsoluteTimer(VOID)
{
    PCSTR Failed;

    KeInitializeTimer(&AbsoluteTimer);
    Failed = AbsoluteTimerBody();
    KeCancelTimer(&AbsoluteTimer);
    return Failed;
}

/* A wait on an event nobody signals ends with STATUS_TIMEOUT, and not early. */
PCSTR
KsCaseWaitTimeout(VOID)
{
    KEVENT Event;
    ULONG64 Start;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Start = KeQueryInterruptTime();
    EXPECT_STATUS(KsWait(&Event, KS_MS(30)), STATUS_TIMEOUT);
    EXPECT(KeQueryInterruptTime() - Start >= KsMinimumElapsed(-KS_MS(30)));
    return NULL;
}

/* KeDelayExecutionThread returns STATUS_SUCCESS once the interval has passed. A 10 ms delay
 * is within one clock tick, so it is only checked to let time advance; a longer one is
 * checked against its length. */
PCSTR
KsCaseDelayExecution(VOID)
{
    LARGE_INTEGER Interval;
    ULONG64 Start;

    Interval.QuadPart = KS_MS(10);
    Start = KeQueryInterruptTime();
    EXPECT_STATUS(KeDelayExecutionThread(KernelMode, FALSE, &Interval), STATUS_SUCCESS);
    EXPECT(KeQueryInterruptTime() > Start);
    Interval.QuadPart = KS_MS(30);
    Start = KeQueryInterruptTime();
    EXPECT_STATUS(KeDelayExecutionThread(KernelMode, FALSE, &Interval), STATUS_SUCCESS);
    EXPECT(KeQueryInterruptTime() - Start >= KsMinimumElapsed(-Interval.QuadPart));
    return NULL;
}

/* A DPC runs at DISPATCH_LEVEL with the arguments it was queued with and signals the event
 * this thread waits on. Queued twice before it runs, it runs once; KeRemoveQueueDpc takes a
 * queued DPC back. */
static KDPC Dpc;
static KEVENT DpcEvent;
static volatile LONG DpcRuns;
static KIRQL DpcIrql;
static PVOID DpcArguments[2];

static VOID NTAPI
DpcRoutine(PKDPC Self, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Self);
    DpcIrql = KeGetCurrentIrql();
    DpcArguments[0] = Argument1;
    DpcArguments[1] = Argument2;
    InterlockedIncrement(&DpcRuns);
    KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
}

static PCSTR
DpcBody(VOID)
{
    KIRQL OldIrql;

    EXPECT(KeInsertQueueDpc(&Dpc, &Dpc, &DpcEvent));
    EXPECT_STATUS(KsWait(&DpcEvent, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    EXPECT_EQ(DpcRuns, 1);
    EXPECT_EQ(DpcIrql, DISPATCH_LEVEL);
    EXPECT(DpcArguments[0] == &Dpc && DpcArguments[1] == &DpcEvent);
    OldIrql = KeRaiseIrqlToDpcLevel();
    EXPECT(KeInsertQueueDpc(&Dpc, NULL, NULL));
    EXPECT(!KeInsertQueueDpc(&Dpc, NULL, NULL));
    EXPECT_EQ(DpcRuns, 1);
    KeLowerIrql(OldIrql);
    EXPECT_STATUS(KsWait(&DpcEvent, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    KeFlushQueuedDpcs();
    EXPECT_EQ(DpcRuns, 2);
    OldIrql = KeRaiseIrqlToDpcLevel();
    EXPECT(KeInsertQueueDpc(&Dpc, NULL, NULL));
    EXPECT(KeRemoveQueueDpc(&Dpc));
    EXPECT(!KeRemoveQueueDpc(&Dpc));
    KeLowerIrql(OldIrql);
    KeFlushQueuedDpcs();
    EXPECT_EQ(DpcRuns, 2);
    return NULL;
}

PCSTR
KsCaseDpc(VOID)
{
    PCSTR Failed;

    DpcRuns = 0;
    KeInitializeEvent(&DpcEvent, SynchronizationEvent, FALSE);
    KeInitializeDpc(&Dpc, DpcRoutine, &DpcEvent);
    Failed = DpcBody();
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeLowerIrql(PASSIVE_LEVEL);
    KeFlushQueuedDpcs();
    return Failed;
}
