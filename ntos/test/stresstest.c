/* SPDX-License-Identifier: MIT */
/*
 * The opt-in stress self-test (/STRESS): one thread per processor runs thousands of DPC
 * round trips, each DPC sent to a different processor and answered through a semaphore the
 * thread waits on, and every so often a timer whose DPC signals an event. Every DPC and
 * timer must run exactly once and no wait may time out: lost or duplicated wake-ups,
 * DPCs or timer expirations show up as wrong counts.
 */
#include "ntos.h"

#define KT_STRESS_THREADS 8
#define KT_STRESS_ROUNDS 3000
#define KT_STRESS_TIMER_EVERY 100
#define KT_STRESS_TIMEOUT (-20000000ll) /* 2 s: only a lost wake-up takes this long */

typedef struct _KT_STRESS_LANE
{
    KDPC Dpc, TimerDpc;
    KTIMER Timer;
    KSEMAPHORE Answers;
    KEVENT TimerFired;
    volatile LONG DpcRuns, TimerRuns, TimedOut;
} KT_STRESS_LANE;

static KT_STRESS_LANE KtLanes[KT_STRESS_THREADS];
static KTHREAD KtStressThreads[KT_STRESS_THREADS];

static VOID NTAPI
KtStressDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KT_STRESS_LANE *Lane = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement(&Lane->DpcRuns);
    KeReleaseSemaphore(&Lane->Answers, 0, 1, FALSE);
}

static VOID NTAPI
KtStressTimerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KT_STRESS_LANE *Lane = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement(&Lane->TimerRuns);
    KeSetEvent(&Lane->TimerFired, 0, FALSE);
}

static VOID NTAPI
KtStressThread(PVOID Context)
{
    ULONG Index = (ULONG)(ULONG_PTR)Context, Processors = KeQueryActiveProcessorCount(NULL), I;
    KT_STRESS_LANE *Lane = &KtLanes[Index];
    LARGE_INTEGER Timeout = {.QuadPart = KT_STRESS_TIMEOUT}, Due = {.QuadPart = -10000};

    for (I = 0; I < KT_STRESS_ROUNDS; I++)
    {
        KeSetTargetProcessorDpc(&Lane->Dpc, (CCHAR)((Index + I) % Processors));
        KeInsertQueueDpc(&Lane->Dpc, NULL, NULL);
        if (KeWaitForSingleObject(&Lane->Answers, Executive, KernelMode, FALSE, &Timeout) !=
            STATUS_SUCCESS)
            InterlockedIncrement(&Lane->TimedOut);
        if (I % KT_STRESS_TIMER_EVERY != 0)
            continue;
        KeSetTimer(&Lane->Timer, Due, &Lane->TimerDpc);
        if (KeWaitForSingleObject(&Lane->TimerFired, Executive, KernelMode, FALSE, &Timeout) !=
            STATUS_SUCCESS)
            InterlockedIncrement(&Lane->TimedOut);
    }
}

static VOID
KtStressDpcsTimersWaits(PKT_CONTEXT Context)
{
    ULONG Count = min(KeQueryActiveProcessorCount(NULL), KT_STRESS_THREADS), I;
    ULONG Timers = (KT_STRESS_ROUNDS + KT_STRESS_TIMER_EVERY - 1) / KT_STRESS_TIMER_EVERY;
    KT_STRESS_LANE *Lane;

    for (I = 0; I < Count; I++)
    {
        Lane = &KtLanes[I];
        RtlZeroMemory(Lane, sizeof(*Lane));
        KeInitializeDpc(&Lane->Dpc, KtStressDpc, Lane);
        KeInitializeDpc(&Lane->TimerDpc, KtStressTimerDpc, Lane);
        KeInitializeTimer(&Lane->Timer);
        KeInitializeSemaphore(&Lane->Answers, 0, MAXLONG);
        KeInitializeEvent(&Lane->TimerFired, SynchronizationEvent, FALSE);
        KT_CHECK(
            Context,
            NT_SUCCESS(KtStartThreadOn(&KtStressThreads[I], KtStressThread, (PVOID)(ULONG_PTR)I,
                                       KT_SYSTEM_PRIORITY, (KAFFINITY)1 << I)),
            "thread");
    }
    for (I = 0; I < Count; I++)
        KeWaitForSingleObject(&KtStressThreads[I], Executive, KernelMode, FALSE, NULL);
    KeFlushQueuedDpcs();
    for (I = 0; I < Count; I++)
    {
        Lane = &KtLanes[I];
        KT_CHECK(Context,
                 Lane->DpcRuns == KT_STRESS_ROUNDS && Lane->TimerRuns == (LONG)Timers &&
                     Lane->TimedOut == 0,
                 "lane %u: %d DPCs of %u, %d timers of %u, %d timeouts", I, Lane->DpcRuns,
                 KT_STRESS_ROUNDS, Lane->TimerRuns, Timers, Lane->TimedOut);
    }
}

static const KT_TEST KtStressTests[] = {
    {"thousands of DPCs, timers and waits across processors, none lost or doubled",
     KtStressDpcsTimersWaits},
};

const KT_SUITE KtStressSuite = {"Stress", KtStressTests, RTL_NUMBER_OF(KtStressTests)};
