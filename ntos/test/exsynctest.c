/* SPDX-License-Identifier: MIT */
/*
 * Executive synchronisation self-tests: fast and guarded mutexes exclude and hand over to a
 * waiter, rundown protection closes and waits for its users, and work items run on the
 * system worker threads at PASSIVE_LEVEL.
 */
#include "ntos.h"

typedef struct _KT_MUTEX_RACE
{
    FAST_MUTEX FastMutex;
    KGUARDED_MUTEX GuardedMutex;
    BOOLEAN Guarded;
    KEVENT Holding, Release;
    volatile LONG Order[2];
    volatile LONG Next;
    volatile KIRQL Irql;
    volatile BOOLEAN ApcsOff;
} KT_MUTEX_RACE;

static KT_MUTEX_RACE KtRace;
static KTHREAD KtExThreads[2];

static VOID
KtRaceAcquire(VOID)
{
    if (KtRace.Guarded)
        KeAcquireGuardedMutex(&KtRace.GuardedMutex);
    else
        ExAcquireFastMutex(&KtRace.FastMutex);
}

static VOID
KtRaceRelease(VOID)
{
    if (KtRace.Guarded)
        KeReleaseGuardedMutex(&KtRace.GuardedMutex);
    else
        ExReleaseFastMutex(&KtRace.FastMutex);
}

/* Thread 0 takes the mutex and holds it until told; thread 1 then has to wait for it. */
static VOID NTAPI
KtRaceThread(PVOID Context)
{
    ULONG Self = (ULONG)(ULONG_PTR)Context;

    KtRaceAcquire();
    KtRace.Order[InterlockedIncrement(&KtRace.Next) - 1] = (LONG)Self;
    KtRace.Irql = KeGetCurrentIrql();
    KtRace.ApcsOff = KeAreAllApcsDisabled();
    if (Self == 0)
    {
        KeSetEvent(&KtRace.Holding, 0, FALSE);
        KeWaitForSingleObject(&KtRace.Release, Executive, KernelMode, FALSE, NULL);
    }
    KtRaceRelease();
}

static VOID
KtMutexExcludes(PKT_CONTEXT Context, BOOLEAN Guarded)
{
    BOOLEAN Got;

    RtlZeroMemory(&KtRace, sizeof(KtRace));
    KtRace.Guarded = Guarded;
    ExInitializeFastMutex(&KtRace.FastMutex);
    KeInitializeGuardedMutex(&KtRace.GuardedMutex);
    KeInitializeEvent(&KtRace.Holding, NotificationEvent, FALSE);
    KeInitializeEvent(&KtRace.Release, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtExThreads[0], KtRaceThread, (PVOID)0, 9)),
             "start");
    KeWaitForSingleObject(&KtRace.Holding, Executive, KernelMode, FALSE, NULL);
    KT_CHECK(Context, KtRace.Irql == (Guarded ? PASSIVE_LEVEL : APC_LEVEL) && KtRace.ApcsOff,
             "owner at IRQL %u, all APCs off %u", KtRace.Irql, KtRace.ApcsOff);
    Got = Guarded ? KeTryToAcquireGuardedMutex(&KtRace.GuardedMutex)
                  : ExTryToAcquireFastMutex(&KtRace.FastMutex);
    KT_CHECK(Context, !Got, "a held mutex was acquired by another thread");
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtExThreads[1], KtRaceThread, (PVOID)1, 9)),
             "start");
    KT_CHECK(Context, KtRace.Next == 1, "the second thread got in while the first held it");
    KeSetEvent(&KtRace.Release, 0, FALSE);
    KtJoinThread(&KtExThreads[0]);
    KtJoinThread(&KtExThreads[1]);
    KT_CHECK(Context, KtRace.Next == 2 && KtRace.Order[0] == 0 && KtRace.Order[1] == 1,
             "order %d,%d after %d acquisitions", KtRace.Order[0], KtRace.Order[1], KtRace.Next);
    Got = Guarded ? KeTryToAcquireGuardedMutex(&KtRace.GuardedMutex)
                  : ExTryToAcquireFastMutex(&KtRace.FastMutex);
    KT_CHECK(Context, Got, "the mutex was not free at the end");
    KtRaceRelease();
    KT_CHECK(Context, KeGetCurrentIrql() == PASSIVE_LEVEL && !KeAreApcsDisabled(),
             "release left IRQL %u", KeGetCurrentIrql());
}

static VOID
KtFastMutexExcludes(PKT_CONTEXT Context)
{
    KtMutexExcludes(Context, FALSE);
}

static VOID
KtGuardedMutexExcludes(PKT_CONTEXT Context)
{
    KtMutexExcludes(Context, TRUE);
}

typedef struct _KT_RUNDOWN
{
    EX_RUNDOWN_REF Ref;
    volatile BOOLEAN Waited;
} KT_RUNDOWN;

static VOID NTAPI
KtRundownWaiter(PVOID Context)
{
    KT_RUNDOWN *Rundown = Context;

    ExWaitForRundownProtectionRelease(&Rundown->Ref);
    Rundown->Waited = TRUE;
}

static VOID
KtRundownWaitsForUsers(PKT_CONTEXT Context)
{
    static KT_RUNDOWN Rundown;

    ExInitializeRundownProtection(&Rundown.Ref);
    Rundown.Waited = FALSE;
    KT_CHECK(Context, ExAcquireRundownProtection(&Rundown.Ref), "first acquisition");
    KT_CHECK(Context, ExAcquireRundownProtectionEx(&Rundown.Ref, 2), "acquisition of two");
    ExReleaseRundownProtectionEx(&Rundown.Ref, 2);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtExThreads[0], KtRundownWaiter, &Rundown, 9)),
             "start");
    KT_CHECK(Context, !Rundown.Waited, "rundown finished with a user inside");
    KT_CHECK(Context, !ExAcquireRundownProtection(&Rundown.Ref), "acquired during rundown");
    ExReleaseRundownProtection(&Rundown.Ref);
    KtJoinThread(&KtExThreads[0]);
    KT_CHECK(Context, Rundown.Waited, "the last release did not end the rundown");
    KT_CHECK(Context, !ExAcquireRundownProtection(&Rundown.Ref), "acquired after rundown");
    ExReInitializeRundownProtection(&Rundown.Ref);
    KT_CHECK(Context, ExAcquireRundownProtection(&Rundown.Ref), "not open after reinitializing");
    ExReleaseRundownProtection(&Rundown.Ref);
}

typedef struct _KT_WORK
{
    WORK_QUEUE_ITEM Items[3];
    volatile LONG Ran;
    volatile BOOLEAN Wrong;
    KEVENT Done;
} KT_WORK;

static KT_WORK KtWork;

static VOID NTAPI
KtWorkRoutine(PVOID Parameter)
{
    PKTHREAD Runner = Parameter;

    if (KeGetCurrentIrql() != PASSIVE_LEVEL || KeGetCurrentThread() == Runner ||
        KeQueryPriorityThread(KeGetCurrentThread()) != 12)
        KtWork.Wrong = TRUE;
    if (InterlockedIncrement(&KtWork.Ran) == 3)
        KeSetEvent(&KtWork.Done, 0, FALSE);
}

static VOID
KtWorkItemsRun(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10000000};
    ULONG I;

    RtlZeroMemory(&KtWork, sizeof(KtWork));
    KeInitializeEvent(&KtWork.Done, NotificationEvent, FALSE);
    for (I = 0; I < 3; I++)
    {
        ExInitializeWorkItem(&KtWork.Items[I], KtWorkRoutine, KeGetCurrentThread());
        ExQueueWorkItem(&KtWork.Items[I], DelayedWorkQueue);
    }
    KT_CHECK(Context,
             KeWaitForSingleObject(&KtWork.Done, Executive, KernelMode, FALSE, &Timeout) ==
                 STATUS_SUCCESS,
             "%d of 3 work items ran", KtWork.Ran);
    KT_CHECK(Context, !KtWork.Wrong, "a work item ran outside a priority-12 worker at PASSIVE");
    KT_CHECK(Context, KtWork.Items[0].List.Flink == NULL, "a finished item is still linked");
}

static const KT_TEST KtExSyncTests[] = {
    {"a fast mutex excludes at APC_LEVEL and hands over to a waiter", KtFastMutexExcludes},
    {"a guarded mutex excludes with APCs off and hands over", KtGuardedMutexExcludes},
    {"rundown protection closes and waits for its users", KtRundownWaitsForUsers},
    {"work items run on the system worker threads", KtWorkItemsRun},
};

const KT_SUITE KtExSyncSuite = {"Ex", KtExSyncTests, RTL_NUMBER_OF(KtExSyncTests)};
