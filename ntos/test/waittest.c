/* SPDX-License-Identifier: MIT */
/*
 * Dispatcher-object self-tests that need no second thread: WaitAny/WaitAll rules, zero and
 * relative timeouts, semaphores, timers (one-shot, absolute, periodic with a DPC, hashed
 * into the same table entry a lap apart) and KeDelayExecutionThread.
 */
#include "ntos.h"

#define KT_MS(n) ((LONG64)(n) * -10000)
#define KT_TICK 100000 /* the HAL's 10 ms clock, in 100 ns */

static VOID
KtWaitAnyAndAll(PKT_CONTEXT Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};
    KEVENT Events[2];
    PVOID Objects[2] = {&Events[0], &Events[1]};
    NTSTATUS Status;

    KeInitializeEvent(&Events[0], SynchronizationEvent, FALSE);
    KeInitializeEvent(&Events[1], SynchronizationEvent, TRUE);
    Status =
        KeWaitForMultipleObjects(2, Objects, WaitAll, Executive, KernelMode, FALSE, &Zero, NULL);
    KT_CHECK(Context, Status == STATUS_TIMEOUT, "WaitAll with one unsignalled gave 0x%08X", Status);
    KT_CHECK(Context, KeReadStateEvent(&Events[1]) == 1, "a failed WaitAll consumed an event");
    Status =
        KeWaitForMultipleObjects(2, Objects, WaitAny, Executive, KernelMode, FALSE, &Zero, NULL);
    KT_CHECK(Context, Status == STATUS_WAIT_1, "WaitAny gave 0x%08X", Status);
    KT_CHECK(Context, KeReadStateEvent(&Events[1]) == 0, "WaitAny did not consume the event");
    KeSetEvent(&Events[0], 0, FALSE);
    KeSetEvent(&Events[1], 0, FALSE);
    Status =
        KeWaitForMultipleObjects(2, Objects, WaitAll, Executive, KernelMode, FALSE, &Zero, NULL);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "WaitAll with both signalled gave 0x%08X", Status);
    KT_CHECK(Context, KeReadStateEvent(&Events[0]) == 0 && KeReadStateEvent(&Events[1]) == 0,
             "WaitAll did not consume both events");
}

static VOID
KtTimeoutsExpire(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = KT_MS(30)};
    ULONG64 Start = KeQueryInterruptTime(), Elapsed;
    NTSTATUS Status;
    KEVENT Event;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Status = KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout);
    Elapsed = KeQueryInterruptTime() - Start;
    KT_CHECK(Context, Status == STATUS_TIMEOUT, "wait gave 0x%08X", Status);
    KT_CHECK(Context, Elapsed >= 300000 - KT_TICK, "timed out after %I64u00 ns", Elapsed);
    Start = KeQueryInterruptTime();
    Timeout.QuadPart = KT_MS(20);
    Status = KeDelayExecutionThread(KernelMode, FALSE, &Timeout);
    Elapsed = KeQueryInterruptTime() - Start;
    KT_CHECK(Context, Status == STATUS_SUCCESS, "delay gave 0x%08X", Status);
    KT_CHECK(Context, Elapsed >= 200000 - KT_TICK, "delay lasted %I64u00 ns", Elapsed);
}

static VOID
KtSemaphoreCounts(PKT_CONTEXT Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};
    KSEMAPHORE Semaphore;
    ULONG I;

    KeInitializeSemaphore(&Semaphore, 2, 3);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context,
                 KeWaitForSingleObject(&Semaphore, Executive, KernelMode, FALSE, &Zero) ==
                     STATUS_SUCCESS,
                 "acquisition %u failed", I);
    KT_CHECK(Context,
             KeWaitForSingleObject(&Semaphore, Executive, KernelMode, FALSE, &Zero) ==
                 STATUS_TIMEOUT,
             "a third acquisition of a count of 2 succeeded");
    KT_CHECK(Context, KeReleaseSemaphore(&Semaphore, 0, 3, FALSE) == 0, "previous count");
    KT_CHECK(Context, KeReadStateSemaphore(&Semaphore) == 3, "count %d after releasing 3",
             KeReadStateSemaphore(&Semaphore));
}

static VOID
KtTimersSignal(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = KT_MS(20)}, Limit = {.QuadPart = KT_MS(1000)};
    KTIMER Timer, Later;
    NTSTATUS Status;

    KeInitializeTimer(&Timer);
    KeInitializeTimer(&Later);
    KT_CHECK(Context, !KeSetTimer(&Timer, Due, NULL), "a fresh timer was reported set");
    /* Same table entry, one lap (512 ticks) later: must not fire with the first. */
    Due.QuadPart = KT_MS(20) - 512 * KT_TICK;
    KeSetTimer(&Later, Due, NULL);
    Status = KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Limit);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KeReadStateTimer(&Timer),
             "relative timer: wait 0x%08X, state %u", Status, KeReadStateTimer(&Timer));
    KT_CHECK(Context, !KeReadStateTimer(&Later), "a timer a lap later fired early");
    KT_CHECK(Context, KeCancelTimer(&Later) && !KeCancelTimer(&Later), "cancel results");

    KeQuerySystemTime(&Due);
    Due.QuadPart += 200000; /* absolute: now + 20 ms */
    KT_CHECK(Context, !KeSetTimer(&Timer, Due, NULL) && !KeReadStateTimer(&Timer),
             "setting an expired timer did not reset it");
    Status = KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Limit);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "absolute timer: wait 0x%08X", Status);
}

typedef struct _KT_PERIODIC
{
    volatile LONG Runs;
    KEVENT ThreeRuns;
} KT_PERIODIC;

static VOID NTAPI
KtPeriodicDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KT_PERIODIC *Periodic = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    if (InterlockedIncrement(&Periodic->Runs) == 3)
        KeSetEvent(&Periodic->ThreeRuns, 0, FALSE);
}

static VOID
KtPeriodicTimerDpc(PKT_CONTEXT Context)
{
    LARGE_INTEGER Due = {.QuadPart = KT_MS(10)}, Limit = {.QuadPart = KT_MS(1000)};
    KT_PERIODIC Periodic = {0};
    KTIMER Timer;
    KDPC Dpc;
    NTSTATUS Status;
    LONG Runs;

    KeInitializeEvent(&Periodic.ThreeRuns, NotificationEvent, FALSE);
    KeInitializeDpc(&Dpc, KtPeriodicDpc, &Periodic);
    KeInitializeTimerEx(&Timer, SynchronizationTimer);
    KeSetTimerEx(&Timer, Due, 10, &Dpc);
    Status = KeWaitForSingleObject(&Periodic.ThreeRuns, Executive, KernelMode, FALSE, &Limit);
    KT_CHECK(Context, KeCancelTimer(&Timer), "periodic timer was not pending");
    KeFlushQueuedDpcs();
    KT_CHECK(Context, Status == STATUS_SUCCESS, "three periods did not pass: 0x%08X, %d run(s)",
             Status, Periodic.Runs);
    Runs = Periodic.Runs;
    Due.QuadPart = KT_MS(40);
    KeDelayExecutionThread(KernelMode, FALSE, &Due);
    KT_CHECK(Context, Periodic.Runs == Runs, "the DPC ran after KeCancelTimer");
}

/* KeSetEvent(..., Wait = TRUE) stays at SYNCH_LEVEL for the wait that must follow. */
static VOID
KtSetEventThenWait(PKT_CONTEXT Context)
{
    KEVENT Signal, Reply;
    NTSTATUS Status;

    KeInitializeEvent(&Signal, NotificationEvent, FALSE);
    KeInitializeEvent(&Reply, NotificationEvent, TRUE);
    KT_CHECK(Context, KeSetEvent(&Signal, 0, TRUE) == 0, "previous state");
    KT_CHECK(Context, KeGetCurrentIrql() == SYNCH_LEVEL, "IRQL %u between set and wait",
             KeGetCurrentIrql());
    Status = KeWaitForSingleObject(&Reply, Executive, KernelMode, FALSE, NULL);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KeGetCurrentIrql() == PASSIVE_LEVEL,
             "wait gave 0x%08X at IRQL %u", Status, KeGetCurrentIrql());
}

static const KT_TEST KtKeWaitTests[] = {
    {"WaitAny takes the first signalled object, WaitAll all or none", KtWaitAnyAndAll},
    {"timeouts and delays last at least as long as asked", KtTimeoutsExpire},
    {"semaphores count acquisitions and releases", KtSemaphoreCounts},
    {"timers signal at relative and absolute times, a lap apart", KtTimersSignal},
    {"a periodic timer queues its DPC until cancelled", KtPeriodicTimerDpc},
    {"KeSetEvent with Wait hands the lock to the next wait", KtSetEventThenWait},
};

const KT_SUITE KtKeWaitSuite = {"Ke", KtKeWaitTests, RTL_NUMBER_OF(KtKeWaitTests)};
