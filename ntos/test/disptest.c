/* SPDX-License-Identifier: MIT */
/*
 * The dispatcher's locking under contention (ke/ki.h): threads on every processor wait on
 * overlapping object sets, signal each other, time out and terminate at once. Each test
 * counts what must add up (acquisitions, units produced and consumed, threads run) and
 * checks exclusion where the objects promise it; a lost wake-up shows up as a timeout, a
 * broken lock as a count that is off or two owners at once. On one processor the same
 * code runs interleaved by preemption only.
 */
#include "ntos.h"

#define KT_DISP_THREADS 8
#define KT_DISP_MUTANTS 3
#define KT_DISP_ROUNDS 400
#define KT_DISP_TIMEOUT (-20000000ll) /* 2 s: only a lost wake-up takes this long */

typedef struct _KT_DISP_SHARED
{
    KMUTANT Mutants[KT_DISP_MUTANTS];
    volatile LONG Holders[KT_DISP_MUTANTS];
    KSEMAPHORE Units;
    KEVENT Done;
    volatile LONG Acquired, Overlaps, TimedOut, Produced, Consumed, Started;
} KT_DISP_SHARED;

static KT_DISP_SHARED KtDisp;
static KTHREAD KtDispThreads[KT_DISP_THREADS];

static ULONG
KtDispThreadCount(VOID)
{
    return min(2 * KeQueryActiveProcessorCount(NULL), KT_DISP_THREADS);
}

static KAFFINITY
KtDispAffinity(ULONG Index)
{
    return (KAFFINITY)1 << (Index % KeQueryActiveProcessorCount(NULL));
}

static VOID
KtDispStartAll(PKT_CONTEXT Context, PKSTART_ROUTINE Routine)
{
    ULONG I;

    for (I = 0; I < KtDispThreadCount(); I++)
        KT_CHECK(Context,
                 NT_SUCCESS(KtStartThreadOn(&KtDispThreads[I], Routine, (PVOID)(ULONG_PTR)I,
                                            KT_SYSTEM_PRIORITY, KtDispAffinity(I))),
                 "thread %u", I);
}

static VOID
KtDispJoinAll(VOID)
{
    ULONG I;

    for (I = 0; I < KtDispThreadCount(); I++)
        KeWaitForSingleObject(&KtDispThreads[I], Executive, KernelMode, FALSE, NULL);
}

/* Hold both mutants of a pair taken with WaitAll: nobody else may hold either meanwhile. */
static VOID
KtDispHoldPair(ULONG First, ULONG Second)
{
    ULONG Spin;

    if (InterlockedIncrement(&KtDisp.Holders[First]) != 1)
        InterlockedIncrement(&KtDisp.Overlaps);
    if (InterlockedIncrement(&KtDisp.Holders[Second]) != 1)
        InterlockedIncrement(&KtDisp.Overlaps);
    for (Spin = 0; Spin < 50; Spin++)
        YieldProcessor();
    InterlockedDecrement(&KtDisp.Holders[Second]);
    InterlockedDecrement(&KtDisp.Holders[First]);
}

static VOID NTAPI
KtDispPairThread(PVOID Context)
{
    ULONG Index = (ULONG)(ULONG_PTR)Context, Round, First, Second;
    LARGE_INTEGER Timeout = {.QuadPart = KT_DISP_TIMEOUT};
    KWAIT_BLOCK Blocks[2];
    PVOID Pair[2];
    NTSTATUS Status;

    for (Round = 0; Round < KT_DISP_ROUNDS; Round++)
    {
        First = (Index + Round) % KT_DISP_MUTANTS;
        Second = (First + 1 + Round % 2) % KT_DISP_MUTANTS;
        Pair[0] = &KtDisp.Mutants[First];
        Pair[1] = &KtDisp.Mutants[Second];
        Status = KeWaitForMultipleObjects(2, Pair, WaitAll, Executive, KernelMode, FALSE, &Timeout,
                                          Blocks);
        if (Status != STATUS_SUCCESS)
        {
            InterlockedIncrement(&KtDisp.TimedOut);
            continue;
        }
        InterlockedIncrement(&KtDisp.Acquired);
        KtDispHoldPair(First, Second);
        KeReleaseMutant(&KtDisp.Mutants[Second], 0, FALSE, FALSE);
        KeReleaseMutant(&KtDisp.Mutants[First], 0, FALSE, FALSE);
    }
}

static VOID
KtDispWaitAllPairs(PKT_CONTEXT Context)
{
    ULONG I, Expected = KtDispThreadCount() * KT_DISP_ROUNDS;

    RtlZeroMemory(&KtDisp, sizeof(KtDisp));
    for (I = 0; I < KT_DISP_MUTANTS; I++)
        KeInitializeMutant(&KtDisp.Mutants[I], FALSE);
    KtDispStartAll(Context, KtDispPairThread);
    KtDispJoinAll();
    KT_CHECK(Context, KtDisp.TimedOut == 0 && KtDisp.Overlaps == 0,
             "%d waits timed out, %d overlapping holds", KtDisp.TimedOut, KtDisp.Overlaps);
    KT_CHECK(Context, KtDisp.Acquired == (LONG)Expected, "%d pairs acquired of %u", KtDisp.Acquired,
             Expected);
    for (I = 0; I < KT_DISP_MUTANTS; I++)
        KT_CHECK(Context, KeReadStateMutant(&KtDisp.Mutants[I]) == 1, "mutant %u still held", I);
}

/* Even threads produce units one at a time; odd ones take them with short timeouts. */
static VOID NTAPI
KtDispQueueThread(PVOID Context)
{
    ULONG Index = (ULONG)(ULONG_PTR)Context, Round;
    LARGE_INTEGER Short = {.QuadPart = -10000}; /* 1 ms: timeouts race the releases */
    PVOID Objects[2] = {&KtDisp.Units, &KtDisp.Done};
    NTSTATUS Status;

    if (Index % 2 == 0)
    {
        for (Round = 0; Round < KT_DISP_ROUNDS; Round++)
        {
            InterlockedIncrement(&KtDisp.Produced);
            KeReleaseSemaphore(&KtDisp.Units, 0, 1, FALSE);
        }
        return;
    }
    for (;;)
    {
        Status = KeWaitForMultipleObjects(2, Objects, WaitAny, Executive, KernelMode, FALSE, &Short,
                                          NULL);
        if (Status == STATUS_WAIT_0)
            InterlockedIncrement(&KtDisp.Consumed);
        else if (Status == STATUS_WAIT_1)
            return;
        else if (Status != STATUS_TIMEOUT)
            InterlockedIncrement(&KtDisp.Overlaps); /* no other status is possible */
    }
}

static VOID
KtDispWaitAnyTimeouts(PKT_CONTEXT Context)
{
    ULONG I, Producers = (KtDispThreadCount() + 1) / 2;
    LARGE_INTEGER Timeout = {.QuadPart = KT_DISP_TIMEOUT};

    RtlZeroMemory(&KtDisp, sizeof(KtDisp));
    KeInitializeSemaphore(&KtDisp.Units, 0, MAXLONG);
    KeInitializeEvent(&KtDisp.Done, NotificationEvent, FALSE);
    KtDispStartAll(Context, KtDispQueueThread);
    for (I = 0; I < KtDispThreadCount(); I += 2)
        KeWaitForSingleObject(&KtDispThreads[I], Executive, KernelMode, FALSE, &Timeout);
    /* Let the consumers drain what is left before they are told to stop. */
    while (KeReadStateSemaphore(&KtDisp.Units) != 0)
    {
        LARGE_INTEGER Pause = {.QuadPart = -10000};

        KeDelayExecutionThread(KernelMode, FALSE, &Pause);
    }
    KeSetEvent(&KtDisp.Done, 0, FALSE);
    KtDispJoinAll();
    KT_CHECK(Context, KtDisp.Overlaps == 0, "%d unexpected wait statuses", KtDisp.Overlaps);
    KT_CHECK(Context,
             KtDisp.Produced == (LONG)(Producers * KT_DISP_ROUNDS) &&
                 KtDisp.Consumed == KtDisp.Produced,
             "%d produced, %d consumed", KtDisp.Produced, KtDisp.Consumed);
}

static VOID NTAPI
KtDispShortThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    InterlockedIncrement(&KtDisp.Started);
}

/*
 * Threads terminating on other processors while their joiners wake: the joiner reuses the
 * KTHREAD storage at once, so a dying thread that still wrote to it after signalling would
 * corrupt the next one (and the count, or the kernel, would show it).
 */
static VOID
KtDispJoinAndReuse(PKT_CONTEXT Context)
{
    ULONG Round, I, Count = KtDispThreadCount();
    LARGE_INTEGER Timeout = {.QuadPart = KT_DISP_TIMEOUT};

    RtlZeroMemory(&KtDisp, sizeof(KtDisp));
    for (Round = 0; Round < KT_DISP_ROUNDS / 20; Round++)
    {
        for (I = 0; I < Count; I++)
            KT_CHECK(Context,
                     NT_SUCCESS(KtStartThreadOn(&KtDispThreads[I], KtDispShortThread, NULL,
                                                KT_SYSTEM_PRIORITY + (I % 3),
                                                KtDispAffinity(I + Round))),
                     "thread %u of round %u", I, Round);
        for (I = 0; I < Count; I++)
            KT_CHECK(Context,
                     KeWaitForSingleObject(&KtDispThreads[I], Executive, KernelMode, FALSE,
                                           &Timeout) == STATUS_SUCCESS,
                     "thread %u of round %u never signalled", I, Round);
    }
    KT_CHECK(Context, KtDisp.Started == (LONG)(Count * (KT_DISP_ROUNDS / 20)), "%d of %u ran",
             KtDisp.Started, Count * (KT_DISP_ROUNDS / 20));
}

static KDPC KtDispSharedDpc;

static VOID NTAPI
KtDispCountDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement(&KtDisp.Consumed);
}

static VOID NTAPI
KtDispInsertThread(PVOID Context)
{
    ULONG Round;

    UNREFERENCED_PARAMETER(Context);
    for (Round = 0; Round < KT_DISP_ROUNDS * 5; Round++)
    {
        if (KeInsertQueueDpc(&KtDispSharedDpc, NULL, NULL))
            InterlockedIncrement(&KtDisp.Produced);
        YieldProcessor();
    }
}

/* Every processor queues the same untargeted DPC at once: it may sit in one queue only,
 * and runs exactly once per insertion that returned TRUE. */
static VOID
KtDispOneDpcManyQueuers(PKT_CONTEXT Context)
{
    RtlZeroMemory(&KtDisp, sizeof(KtDisp));
    KeInitializeDpc(&KtDispSharedDpc, KtDispCountDpc, NULL);
    KtDispStartAll(Context, KtDispInsertThread);
    KtDispJoinAll();
    KeFlushQueuedDpcs();
    KT_CHECK(Context, KtDisp.Produced > 0 && KtDisp.Consumed == KtDisp.Produced,
             "%d insertions succeeded, the DPC ran %d times", KtDisp.Produced, KtDisp.Consumed);
}

static const KT_TEST KtDispatcherTests[] = {
    {"one DPC queued from every processor at once runs once per insertion",
     KtDispOneDpcManyQueuers},
    {"WaitAll on overlapping mutant pairs from every processor keeps exclusion",
     KtDispWaitAllPairs},
    {"WaitAny with racing timeouts: every released unit taken exactly once", KtDispWaitAnyTimeouts},
    {"threads terminate on other processors while joiners reuse their KTHREAD", KtDispJoinAndReuse},
};

const KT_SUITE KtDispatcherSuite = {"Ke dispatcher locks", KtDispatcherTests,
                                    RTL_NUMBER_OF(KtDispatcherTests)};
