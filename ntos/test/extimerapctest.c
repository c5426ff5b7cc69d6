/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of timer APCs: a one-shot timer's APC runs once, in the setting thread at
 * PASSIVE_LEVEL, with TimerContext and the expiry's system time; a periodic one repeats until
 * cancelled; cancelling or setting again takes back an APC that is already queued; the timer
 * outlives its handle until the APC has run; a thread that ends before the expiry gets
 * nothing and lets go of the timer.
 */
#include "ntos.h"

typedef struct _KT_TIMER_APC_LOG
{
    volatile LONG Calls;
    PVOID Context;
    LARGE_INTEGER Time;
    PKTHREAD Thread;
    KIRQL Irql;
    KEVENT Ran;
} KT_TIMER_APC_LOG, *PKT_TIMER_APC_LOG;

static VOID NTAPI
KtTimerApc(PVOID TimerContext, ULONG TimerLowValue, LONG TimerHighValue)
{
    PKT_TIMER_APC_LOG Log = TimerContext;

    Log->Context = TimerContext;
    Log->Time.LowPart = TimerLowValue;
    Log->Time.HighPart = TimerHighValue;
    Log->Thread = KeGetCurrentThread();
    Log->Irql = KeGetCurrentIrql();
    InterlockedIncrement(&Log->Calls);
    KeSetEvent(&Log->Ran, IO_NO_INCREMENT, FALSE);
}

static VOID
KtInitLog(PKT_TIMER_APC_LOG Log)
{
    RtlZeroMemory(Log, sizeof(*Log));
    KeInitializeEvent(&Log->Ran, SynchronizationEvent, FALSE);
}

static VOID
KtSleepMs(LONG Ms)
{
    LARGE_INTEGER Delay = {.QuadPart = -10000ll * Ms};

    KeDelayExecutionThread(KernelMode, FALSE, &Delay);
}

/* Wait (alertable or not, kernel APCs come anyway) up to 5 s for the APC. */
static NTSTATUS
KtWaitForApc(PKT_TIMER_APC_LOG Log)
{
    LARGE_INTEGER Timeout = {.QuadPart = -50000000ll};

    return KeWaitForSingleObject(&Log->Ran, Executive, KernelMode, FALSE, &Timeout);
}

static LONG
KtTimerObjects(HANDLE Timer)
{
    return ObGetObjectType(KtObjectByHandle(Timer))->TotalNumberOfObjects;
}

static VOID
KtTimerApcOnce(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = -200000ll}, Before, After; /* 20 ms */
    KT_TIMER_APC_LOG Log;
    HANDLE Timer;
    NTSTATUS Status;
    BOOLEAN State = TRUE;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    KeQuerySystemTime(&Before);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, 0, &State);
    if (NT_SUCCESS(Status))
        Status = KtWaitForApc(&Log);
    KeQuerySystemTime(&After);
    KtSleepMs(60);
    ZwClose(Timer);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "no APC: 0x%x", Status);
    KT_CHECK(Context, !State, "previous state %u", State);
    KT_CHECK(Context, Log.Calls == 1, "APC ran %d times", Log.Calls);
    KT_CHECK(Context, Log.Context == &Log, "context %p", Log.Context);
    KT_CHECK(Context, Log.Thread == KeGetCurrentThread() && Log.Irql == PASSIVE_LEVEL,
             "ran on thread %p at IRQL %u", Log.Thread, Log.Irql);
    KT_CHECK(Context,
             Log.Time.QuadPart >= Before.QuadPart - Due.QuadPart - 200000 &&
                 Log.Time.QuadPart <= After.QuadPart,
             "expiry time %lld outside [%lld, %lld]", Log.Time.QuadPart,
             Before.QuadPart - Due.QuadPart, After.QuadPart);
}

static VOID
KtTimerApcPeriodic(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = -100000ll};
    KT_TIMER_APC_LOG Log;
    HANDLE Timer;
    NTSTATUS Status;
    LONG Seen, I;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, SynchronizationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, 10, NULL);
    for (I = 0; NT_SUCCESS(Status) && I < 3; I++)
        Status = KtWaitForApc(&Log);
    ZwCancelTimer(Timer, NULL);
    Seen = Log.Calls;
    KtSleepMs(60);
    ZwClose(Timer);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "periodic APC stopped: 0x%x after %d", Status,
             Log.Calls);
    KT_CHECK(Context, Seen >= 3 && Log.Calls == Seen, "%d APCs after cancel (%d before)", Log.Calls,
             Seen);
}

/* Expire the timer while this thread cannot take kernel APCs (APC_LEVEL), so its APC is
 * queued; then Undo (cancel or set again) must take it back. */
static VOID
KtTimerApcTakenBack(PKT_CONTEXT Context, BOOLEAN SetAgain)
{
    LARGE_INTEGER Due = {.QuadPart = -10000ll}, Later = {.QuadPart = -100000000ll};
    LARGE_INTEGER Timeout = {.QuadPart = -50000000ll};
    KT_TIMER_APC_LOG Log;
    PVOID Object;
    HANDLE Timer;
    NTSTATUS Status, Waited = STATUS_UNSUCCESSFUL;
    KIRQL OldIrql;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Object = KtObjectByHandle(Timer);
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, 0, NULL);
    if (NT_SUCCESS(Status))
        Waited = KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, &Timeout);
    KeStallExecutionProcessor(2000); /* the expiry's DPC runs on the clock processor */
    if (SetAgain)
        ZwSetTimer(Timer, &Later, KtTimerApc, &Log, FALSE, 0, NULL);
    else
        ZwCancelTimer(Timer, NULL);
    KeLowerIrql(OldIrql);
    KtSleepMs(30);
    ZwCancelTimer(Timer, NULL);
    ZwClose(Timer);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Waited == STATUS_SUCCESS, "set 0x%x, wait 0x%x",
             Status, Waited);
    KT_CHECK(Context, Log.Calls == 0, "a taken-back APC ran %d times", Log.Calls);
}

static VOID
KtTimerApcCancel(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = -200000ll};
    KT_TIMER_APC_LOG Log;
    HANDLE Timer;
    NTSTATUS Status;
    BOOLEAN State = TRUE;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, 0, NULL);
    if (NT_SUCCESS(Status))
        Status = ZwCancelTimer(Timer, &State);
    KtSleepMs(60);
    ZwClose(Timer);
    KT_CHECK(Context, Status == STATUS_SUCCESS && !State, "cancel: 0x%x, state %u", Status, State);
    KT_CHECK(Context, Log.Calls == 0, "a cancelled timer's APC ran");
    KtTimerApcTakenBack(Context, FALSE);
}

static VOID
KtTimerApcSetAgain(PKT_CONTEXT Context)
{
    KtTimerApcTakenBack(Context, TRUE);
}

/* Closing the handle does not cancel: the timer lives until its APC has run, then goes. */
static VOID
KtTimerApcOutlivesHandle(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = -200000ll};
    KT_TIMER_APC_LOG Log;
    HANDLE Timer;
    NTSTATUS Status;
    LONG Objects, After = -1;
    POBJECT_TYPE Type;
    ULONG I;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Type = ObGetObjectType(KtObjectByHandle(Timer));
    Objects = KtTimerObjects(Timer);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, 0, NULL);
    ZwClose(Timer);
    if (NT_SUCCESS(Status))
        Status = KtWaitForApc(&Log);
    for (I = 0; I < 500 && (After = Type->TotalNumberOfObjects) >= Objects; I++)
        KtSleepMs(10); /* the last dereference may be deferred to a worker */
    KT_CHECK(Context, Status == STATUS_SUCCESS && Log.Calls == 1, "APC after close: 0x%x, %d calls",
             Status, Log.Calls);
    KT_CHECK(Context, After == Objects - 1, "timer objects %d, expected %d", After, Objects - 1);
}

typedef struct _KT_EXITING_SETTER
{
    HANDLE Timer;
    KT_TIMER_APC_LOG Log;
    NTSTATUS Status;
} KT_EXITING_SETTER, *PKT_EXITING_SETTER;

static VOID NTAPI
KtSetAndExit(PVOID Context)
{
    PKT_EXITING_SETTER Setter = Context;
    LARGE_INTEGER Due = {.QuadPart = -300000ll};

    Setter->Status = ZwSetTimer(Setter->Timer, &Due, KtTimerApc, &Setter->Log, FALSE, 0, NULL);
}

static VOID
KtTimerApcThreadExit(PKT_CONTEXT Context)
{
    static KT_EXITING_SETTER Setter;
    LARGE_INTEGER Timeout = {.QuadPart = -50000000ll};
    OBJECT_ATTRIBUTES Attributes;
    POBJECT_TYPE Type;
    HANDLE Thread;
    NTSTATUS Status, Waited = STATUS_UNSUCCESSFUL;
    LONG Objects, After = -1;
    ULONG I;

    KtInitLog(&Setter.Log);
    Status = ZwCreateTimer(&Setter.Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Type = ObGetObjectType(KtObjectByHandle(Setter.Timer));
    Objects = KtTimerObjects(Setter.Timer);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, &Attributes, NULL, NULL, KtSetAndExit,
                                  &Setter);
    if (NT_SUCCESS(Status))
    {
        Waited = ZwWaitForSingleObject(Thread, FALSE, &Timeout);
        ZwClose(Thread);
    }
    KtSleepMs(80); /* past the expiry */
    ZwClose(Setter.Timer);
    for (I = 0; I < 500 && (After = Type->TotalNumberOfObjects) >= Objects; I++)
        KtSleepMs(10);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Waited == STATUS_SUCCESS,
             "thread: 0x%x, wait 0x%x", Status, Waited);
    KT_CHECK(Context, Setter.Status == STATUS_SUCCESS, "ZwSetTimer in the thread: 0x%x",
             Setter.Status);
    KT_CHECK(Context, Setter.Log.Calls == 0, "APC ran for an ended thread");
    KT_CHECK(Context, After == Objects - 1, "timer objects %d, expected %d", After, Objects - 1);
}

static VOID
KtTimerSetStatuses(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = -100000000ll};
    KT_TIMER_APC_LOG Log;
    HANDLE Timer, Event;
    NTSTATUS Status;

    KtInitLog(&Log);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateTimer: 0x%x", Status);
    Status = ZwSetTimer(Timer, &Due, KtTimerApc, &Log, FALSE, -1, NULL);
    ZwClose(Timer);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER_6, "negative period: 0x%x", Status);
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateEvent: 0x%x", Status);
    Status = ZwSetTimer(Event, &Due, KtTimerApc, &Log, FALSE, 0, NULL);
    ZwClose(Event);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "an event as timer: 0x%x", Status);
    Status = ZwSetTimer(NULL, &Due, KtTimerApc, &Log, FALSE, 0, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "NULL handle: 0x%x", Status);
}

static const KT_TEST KtExTimerApcTests[] = {
    {"timer APC runs once with context and expiry time", KtTimerApcOnce},
    {"periodic timer APC repeats until cancelled", KtTimerApcPeriodic},
    {"ZwCancelTimer prevents and takes back the APC", KtTimerApcCancel},
    {"setting again takes back a queued APC", KtTimerApcSetAgain},
    {"timer with an APC outlives its handle, then goes", KtTimerApcOutlivesHandle},
    {"setting thread ends first: no APC, timer freed", KtTimerApcThreadExit},
    {"ZwSetTimer with an APC: error statuses", KtTimerSetStatuses},
};

const KT_SUITE KtExTimerApcSuite = {"Ex timer APCs", KtExTimerApcTests,
                                    RTL_NUMBER_OF(KtExTimerApcTests)};
