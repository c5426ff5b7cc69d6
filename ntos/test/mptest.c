/* SPDX-License-Identifier: MIT */
/*
 * Multiprocessor self-tests: every processor the firmware lists runs (up to /NUMPROC),
 * threads run where their affinity says, ready threads spread over idle processors,
 * KeIpiGenericCall reaches every processor at IPI_LEVEL, and DPCs and APCs reach another
 * processor. On a one-processor machine they check the same things for processor 0.
 */
#include "ntos.h"

#define KT_MAX_MP_THREADS 8
#define KT_SECOND 10000000

typedef struct _KT_MP
{
    volatile LONG Started;
    LONG Expected;
    volatile ULONG Processor[KT_MAX_MP_THREADS];
    volatile KAFFINITY Seen;
    volatile KIRQL Irql[KT_MAX_MP_THREADS];
    KEVENT Done;
} KT_MP;

static KTHREAD KtMpThreads[KT_MAX_MP_THREADS];
static KT_MP KtMp;

static ULONG
KtMpThreadCount(VOID)
{
    return min(KeQueryActiveProcessorCount(NULL), KT_MAX_MP_THREADS);
}

static NTSTATUS
KtStartOn(ULONG Index, KAFFINITY Affinity, PKSTART_ROUTINE Routine)
{
    return KtStartThreadOn(&KtMpThreads[Index], Routine, (PVOID)(ULONG_PTR)Index,
                           KT_SYSTEM_PRIORITY, Affinity);
}

static VOID
KtJoinAll(ULONG Count)
{
    ULONG I;

    for (I = 0; I < Count; I++)
        KtJoinThread(&KtMpThreads[I]);
}

static VOID
KtEveryProcessorRuns(PKT_CONTEXT Context)
{
    HAL_ACPI_INFORMATION Info = {.Size = sizeof(Info)};
    ULONG Expected = 1, Active = KeQueryActiveProcessorCount(NULL);

    KT_CHECK(Context, NT_SUCCESS(HalQueryAcpiInformation(&Info)), "no ACPI information");
    if (ExpBootOptionNumber("NUMPROC", &Expected))
        Expected = min(max(Expected, 1), Info.ProcessorCount);
    else
        Expected = Info.ProcessorCount;
    KT_CHECK(Context, Active == min(Expected, MAXIMUM_PROCESSORS),
             "%u processor(s) running, the MADT lists %u", Active, Info.ProcessorCount);
    KT_CHECK(Context, KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS) == Active,
             "KeQueryActiveProcessorCountEx disagrees");
}

static VOID NTAPI
KtRecordProcessor(PVOID Context)
{
    ULONG Index = (ULONG)(ULONG_PTR)Context;
    ULONG64 Deadline = KeQueryInterruptTime() + KT_SECOND;

    KtMp.Processor[Index] = KeGetCurrentProcessorNumber();
    InterlockedOr64((volatile LONG64 *)&KtMp.Seen, 1ll << KtMp.Processor[Index]);
    /* Stay busy until all have started, so none can take another's processor. */
    InterlockedIncrement(&KtMp.Started);
    while (KtMp.Started < KtMp.Expected && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
}

static VOID
KtAffinityPlacesThreads(PKT_CONTEXT Context)
{
    ULONG Count = KtMpThreadCount(), I;

    RtlZeroMemory(&KtMp, sizeof(KtMp));
    KtMp.Expected = 1;
    for (I = 0; I < Count; I++)
    {
        KtMp.Started = 0;
        KT_CHECK(Context, NT_SUCCESS(KtStartOn(I, (KAFFINITY)1 << I, KtRecordProcessor)), "start");
        KT_CHECK(Context, KtJoinThread(&KtMpThreads[I]) == STATUS_SUCCESS, "join");
        KT_CHECK(Context, KtMp.Processor[I] == I, "thread for processor %u ran on %u", I,
                 KtMp.Processor[I]);
    }
}

/* Start Count busy threads that may run anywhere; the processors they ran on. */
static KAFFINITY
KtSpreadOnce(ULONG Count)
{
    ULONG I;

    RtlZeroMemory(&KtMp, sizeof(KtMp));
    KtMp.Expected = (LONG)Count;
    for (I = 0; I < Count; I++)
        if (!NT_SUCCESS(KtStartOn(I, ~(KAFFINITY)0, KtRecordProcessor)))
            return 0;
    KtJoinAll(Count);
    return KtMp.Started == (LONG)Count ? KtMp.Seen : 0;
}

/*
 * Busy threads that may run anywhere each get a processor of their own while some idle.
 * A system thread (a DPC thread, a worker) that happens to run on one of them when a test
 * thread is readied makes that processor not idle, and the thread rightly queues behind
 * this runner: so a few attempts, and one must spread the threads perfectly.
 */
static VOID
KtReadyThreadsSpread(PKT_CONTEXT Context)
{
    ULONG Count = KtMpThreadCount() - 1, Attempt;
    KAFFINITY Seen = 0;

    for (Attempt = 0; Attempt < 3; Attempt++)
    {
        Seen = KtSpreadOnce(Count);
        if ((ULONG)__popcnt64(Seen) == Count && !(Seen & 1))
            return;
    }
    KT_CHECK(Context, FALSE, "%u threads ran on processors %I64x while processor 0 was busy", Count,
             (ULONG64)Seen);
}

static ULONG_PTR NTAPI
KtIpiWorker(ULONG_PTR Context)
{
    ULONG Number = KeGetCurrentProcessorNumber();

    UNREFERENCED_PARAMETER(Context);
    KtMp.Irql[min(Number, KT_MAX_MP_THREADS - 1)] = KeGetCurrentIrql();
    InterlockedOr64((volatile LONG64 *)&KtMp.Seen, 1ll << Number);
    return Number;
}

static VOID
KtIpiReachesAll(PKT_CONTEXT Context)
{
    KAFFINITY Active;
    ULONG_PTR Result;
    ULONG I;

    KeQueryActiveProcessorCount(&Active);
    RtlZeroMemory(&KtMp, sizeof(KtMp));
    Result = KeIpiGenericCall(KtIpiWorker, 0);
    KT_CHECK(Context, Result == KeGetCurrentProcessorNumber(), "returned %I64u", (ULONG64)Result);
    KT_CHECK(Context, KtMp.Seen == Active, "ran on %I64x of %I64x", (ULONG64)KtMp.Seen,
             (ULONG64)Active);
    for (I = 0; I < KtMpThreadCount(); I++)
        KT_CHECK(Context, KtMp.Irql[I] == IPI_LEVEL, "processor %u ran it at IRQL %u", I,
                 KtMp.Irql[I]);
}

static VOID NTAPI
KtTargetedDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KtMp.Processor[0] = KeGetCurrentProcessorNumber();
    KtMp.Irql[0] = KeGetCurrentIrql();
    KeSetEvent(Context, 0, FALSE);
}

static VOID
KtDpcReachesTarget(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = -KT_SECOND};
    ULONG Target, Count = KeQueryActiveProcessorCount(NULL);
    PROCESSOR_NUMBER Number;
    KEVENT Ran;
    KDPC Dpc;

    for (Target = 0; Target < Count; Target++)
    {
        RtlZeroMemory(&KtMp, sizeof(KtMp));
        KeInitializeEvent(&Ran, NotificationEvent, FALSE);
        KeInitializeDpc(&Dpc, KtTargetedDpc, &Ran);
        /* Every other one by group-relative number, as newer drivers target. */
        if (Target % 2 == 0)
            KeSetTargetProcessorDpc(&Dpc, (CCHAR)Target);
        else
            KT_CHECK(Context,
                     NT_SUCCESS(KeGetProcessorNumberFromIndex(Target, &Number)) &&
                         NT_SUCCESS(KeSetTargetProcessorDpcEx(&Dpc, &Number)),
                     "processor %u by number", Target);
        KT_CHECK(Context, KeInsertQueueDpc(&Dpc, NULL, NULL), "not queued");
        KT_CHECK(Context,
                 KeWaitForSingleObject(&Ran, Executive, KernelMode, FALSE, &Timeout) ==
                     STATUS_SUCCESS,
                 "the DPC for processor %u never ran", Target);
        KT_CHECK(Context, KtMp.Processor[0] == Target && KtMp.Irql[0] == DISPATCH_LEVEL,
                 "DPC for processor %u ran on %u at IRQL %u", Target, KtMp.Processor[0],
                 KtMp.Irql[0]);
    }
}

/*
 * Contention across processors: one thread per processor, each doing KT_ROUNDS rounds that
 * increment plain counters under a spin lock, a mutex and a semaphore of count 1, and a
 * notification event that holds them all at a starting line. Every count must come out
 * exact: any lost exclusion shows up as a lost increment.
 */
#define KT_ROUNDS 2000

typedef struct _KT_CONTENTION
{
    KSPIN_LOCK Lock;
    KMUTEX Mutex;
    KSEMAPHORE Semaphore;
    KEVENT Start;
    ULONG LockCount, MutexCount, SemaphoreCount;
    volatile LONG Finished;
} KT_CONTENTION;

static KT_CONTENTION KtContention;

static VOID NTAPI
KtContend(PVOID Context)
{
    KIRQL OldIrql;
    ULONG I;

    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&KtContention.Start, Executive, KernelMode, FALSE, NULL);
    for (I = 0; I < KT_ROUNDS; I++)
    {
        KeAcquireSpinLock(&KtContention.Lock, &OldIrql);
        KtContention.LockCount++;
        KeReleaseSpinLock(&KtContention.Lock, OldIrql);
        KeWaitForSingleObject(&KtContention.Mutex, Executive, KernelMode, FALSE, NULL);
        KtContention.MutexCount++;
        KeReleaseMutex(&KtContention.Mutex, FALSE);
        KeWaitForSingleObject(&KtContention.Semaphore, Executive, KernelMode, FALSE, NULL);
        KtContention.SemaphoreCount++;
        KeReleaseSemaphore(&KtContention.Semaphore, 0, 1, FALSE);
    }
    InterlockedIncrement(&KtContention.Finished);
}

static VOID
KtProcessorsContend(PKT_CONTEXT Context)
{
    ULONG Count = KtMpThreadCount(), I, Expected;

    RtlZeroMemory(&KtContention, sizeof(KtContention));
    KeInitializeMutex(&KtContention.Mutex, 0);
    KeInitializeSemaphore(&KtContention.Semaphore, 1, 1);
    KeInitializeEvent(&KtContention.Start, NotificationEvent, FALSE);
    for (I = 0; I < Count; I++)
        KT_CHECK(Context, NT_SUCCESS(KtStartOn(I, (KAFFINITY)1 << I, KtContend)), "start");
    KeSetEvent(&KtContention.Start, 0, FALSE);
    KtJoinAll(Count);
    Expected = Count * KT_ROUNDS;
    KT_CHECK(Context, KtContention.Finished == (LONG)Count, "%d of %u threads finished",
             KtContention.Finished, Count);
    KT_CHECK(Context,
             KtContention.LockCount == Expected && KtContention.MutexCount == Expected &&
                 KtContention.SemaphoreCount == Expected,
             "counts %u/%u/%u, expected %u each", KtContention.LockCount, KtContention.MutexCount,
             KtContention.SemaphoreCount, Expected);
    KT_CHECK(Context,
             KeReadStateMutex(&KtContention.Mutex) == 1 &&
                 KeReadStateSemaphore(&KtContention.Semaphore) == 1,
             "mutex or semaphore left taken");
}

static VOID NTAPI
KtRemoteApcRoutine(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                   PVOID *Argument1, PVOID *Argument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KtMp.Processor[1] = KeGetCurrentProcessorNumber();
    KtMp.Irql[1] = KeGetCurrentIrql();
    InterlockedIncrement(&KtMp.Started);
}

static VOID NTAPI
KtSpinUntilApc(PVOID Context)
{
    ULONG64 Deadline = KeQueryInterruptTime() + KT_SECOND;

    UNREFERENCED_PARAMETER(Context);
    KtMp.Processor[0] = KeGetCurrentProcessorNumber();
    KeSetEvent(&KtMp.Done, 0, FALSE);
    while (KtMp.Started == 0 && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
}

/* A special APC for a thread running on another processor interrupts it there. */
static VOID
KtApcReachesRunningThread(PKT_CONTEXT Context)
{
    ULONG Target = KeQueryActiveProcessorCount(NULL) - 1;
    KAPC Apc;

    if (Target == 0)
        return; /* the one-processor case is KtKernelApcInterruptsWait's */
    RtlZeroMemory(&KtMp, sizeof(KtMp));
    KeInitializeEvent(&KtMp.Done, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(KtStartOn(0, (KAFFINITY)1 << Target, KtSpinUntilApc)), "start");
    KeWaitForSingleObject(&KtMp.Done, Executive, KernelMode, FALSE, NULL);
    KeInitializeApc(&Apc, &KtMpThreads[0], OriginalApcEnvironment, KtRemoteApcRoutine, NULL, NULL,
                    KernelMode, NULL);
    KT_CHECK(Context, KeInsertQueueApc(&Apc, NULL, NULL, 0), "not queued");
    KtJoinThread(&KtMpThreads[0]);
    KT_CHECK(Context, KtMp.Started == 1, "the APC never ran in the spinning thread");
    KT_CHECK(Context, KtMp.Processor[1] == Target && KtMp.Irql[1] == APC_LEVEL,
             "APC ran on processor %u at IRQL %u, thread on %u", KtMp.Processor[1], KtMp.Irql[1],
             KtMp.Processor[0]);
}

static VOID NTAPI
KtSpinUntilStopped(PVOID Context)
{
    ULONG64 Deadline = KeQueryInterruptTime() + 2 * KT_SECOND;

    UNREFERENCED_PARAMETER(Context);
    InterlockedIncrement(&KtMp.Started);
    while (KtMp.Expected == 0 && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
}

static VOID NTAPI
KtRecordOnce(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KtMp.Processor[1] = KeGetCurrentProcessorNumber();
    InterlockedOr64((volatile LONG64 *)&KtMp.Seen, 2);
}

/* Spin (without blocking, which would free processor 0) until Flag is set or a second. */
static VOID
KtSpinFor(volatile LONG64 *Flag)
{
    ULONG64 Deadline = KeQueryInterruptTime() + KT_SECOND;

    while (*Flag == 0 && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
}

/*
 * No idle processor: a readied thread that cannot preempt its last processor (0, where
 * this runner sits at a higher priority) preempts a lower-priority thread on another one
 * instead of queueing behind the runner.
 */
static VOID
KtReadyPreemptsElsewhere(PKT_CONTEXT Context)
{
    KPRIORITY Old;

    if (KeQueryActiveProcessorCount(NULL) < 2)
        return;
    RtlZeroMemory(&KtMp, sizeof(KtMp));
    KT_CHECK(Context, NT_SUCCESS(KtStartOn(0, 2, KtSpinUntilStopped)), "spinner");
    KtSpinFor((volatile LONG64 *)&KtMp.Started);
    Old = KeSetPriorityThread(KeGetCurrentThread(), LOW_REALTIME_PRIORITY - 1);
    KT_CHECK(
        Context,
        NT_SUCCESS(KtStartThreadOn(&KtMpThreads[1], KtRecordOnce, NULL, KT_SYSTEM_PRIORITY + 4, 3)),
        "thread");
    KtSpinFor((volatile LONG64 *)&KtMp.Seen);
    KeSetPriorityThread(KeGetCurrentThread(), Old);
    KtMp.Expected = 1;
    KtJoinAll(2);
    KT_CHECK(Context, KtMp.Seen == 2 && KtMp.Processor[1] == 1, "the thread ran on processor %u%s",
             KtMp.Processor[1], KtMp.Seen ? "" : ", only once this runner blocked");
}

/* One group, one node, no hot-add: the queries agree with each other and reject the rest. */
static VOID
KtGroupsAndNumbers(PKT_CONTEXT Context)
{
    ULONG Count = KeQueryActiveProcessorCount(NULL), Index, Line;
    PROCESSOR_NUMBER Number = {.Group = 1};
    GROUP_AFFINITY Node;
    USHORT NodeCount;
    ULONG64 Before;
    KDPC Dpc;

    KT_CHECK(Context,
             KeQueryMaximumProcessorCount() == Count &&
                 KeQueryMaximumProcessorCountEx(0) == Count &&
                 KeQueryMaximumProcessorCountEx(ALL_PROCESSOR_GROUPS) == Count &&
                 KeQueryMaximumProcessorCountEx(1) == 0,
             "maximum %u, active %u", KeQueryMaximumProcessorCount(), Count);
    KT_CHECK(Context,
             KeQueryActiveGroupCount() == 1 && KeQueryMaximumGroupCount() == 1 &&
                 KeQueryGroupAffinity(0) == KeQueryActiveProcessors() &&
                 KeQueryGroupAffinity(1) == 0 && __popcnt64(KeQueryActiveProcessors()) == Count,
             "group queries");
    KeQueryNodeActiveAffinity(0, &Node, &NodeCount);
    KT_CHECK(Context, Node.Mask == KeQueryActiveProcessors() && NodeCount == Count, "node 0");
    KT_CHECK(Context, KeGetProcessorIndexFromNumber(&Number) == INVALID_PROCESSOR_INDEX,
             "group 1 has an index");
    KT_CHECK(Context, KeGetProcessorNumberFromIndex(Count, &Number) == STATUS_INVALID_PARAMETER,
             "index %u past the last processor accepted", Count);
    for (Index = 0; Index < Count; Index++)
        KT_CHECK(Context,
                 NT_SUCCESS(KeGetProcessorNumberFromIndex(Index, &Number)) && Number.Group == 0 &&
                     Number.Number == Index && KeGetProcessorIndexFromNumber(&Number) == Index,
                 "processor %u does not round-trip", Index);
    KeInitializeDpc(&Dpc, KtTargetedDpc, NULL);
    Number.Group = 1;
    Number.Number = 0;
    KT_CHECK(Context, KeSetTargetProcessorDpcEx(&Dpc, &Number) == STATUS_INVALID_PARAMETER,
             "a DPC targeted at group 1");
    Line = KeGetRecommendedSharedDataAlignment();
    KT_CHECK(Context, Line >= 16 && (Line & (Line - 1)) == 0, "shared data alignment %u", Line);
    Before = KeQueryInterruptTime();
    KT_CHECK(Context, KeQueryUnbiasedInterruptTime() >= Before,
             "unbiased interrupt time behind interrupt time");
}

static const KT_TEST KtMpTests[] = {
    {"one processor group: counts, numbers and indexes agree; others rejected", KtGroupsAndNumbers},
    {"every processor the MADT lists runs (up to /NUMPROC)", KtEveryProcessorRuns},
    {"a thread runs on the processor its affinity names", KtAffinityPlacesThreads},
    {"ready threads spread over idle processors", KtReadyThreadsSpread},
    {"a ready thread preempts a lower priority on another processor", KtReadyPreemptsElsewhere},
    {"KeIpiGenericCall runs on every processor at IPI_LEVEL", KtIpiReachesAll},
    {"a DPC targeted at each processor runs there", KtDpcReachesTarget},
    {"threads on every processor contend on a spin lock, mutex and semaphore exactly",
     KtProcessorsContend},
    {"an APC interrupts a thread running on another processor", KtApcReachesRunningThread},
};

const KT_SUITE KtMpSuite = {"Ke", KtMpTests, RTL_NUMBER_OF(KtMpTests)};
