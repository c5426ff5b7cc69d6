/* SPDX-License-Identifier: MIT */
/*
 * Scheduler self-tests, run on the phase-1 thread (priority 8): threads run, end and can be
 * waited for; a higher priority preempts at once, a lower one waits its turn; equal
 * priorities share the processor by quantum; wait boosts decay; alerts and kernel APCs
 * reach a waiting thread; abandoned mutants are reported to the next owner.
 */
#include "ntos.h"

#define KT_BASE_PRIORITY 8
#define KT_MS(n) ((LONG64)(n) * -10000)

typedef struct _KT_SHARED
{
    KEVENT Event;
    KMUTANT Mutant;
    volatile LONG Ran;
    volatile KIRQL Irql;
    volatile KPRIORITY Priority[2];
    volatile NTSTATUS Status;
    volatile BOOLEAN Alerted;
} KT_SHARED, *PKT_SHARED;

static KTHREAD KtThreads[2];
static KT_SHARED KtShared;

static PKT_SHARED
KtResetShared(EVENT_TYPE EventType)
{
    RtlZeroMemory(&KtShared, sizeof(KtShared));
    KeInitializeEvent(&KtShared.Event, EventType, FALSE);
    return &KtShared;
}

static VOID NTAPI
KtMarkRan(PVOID Context)
{
    PKT_SHARED Shared = Context;

    Shared->Irql = KeGetCurrentIrql();
    InterlockedIncrement(&Shared->Ran);
}

static VOID
KtThreadRunsAndIsWaitable(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(NotificationEvent);
    ULONG64 PagesBefore;
    NTSTATUS Status;
    ULONG Try;

    /* The creator's quantum may end right after the start, and then the new thread runs
     * first, rightly: only three such coincidences in a row count as a preemption. */
    for (Try = 0;; Try++)
    {
        KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtMarkRan, Shared, 8)), "start");
        if (Shared->Ran == 0)
            break;
        KT_CHECK(Context, Try < 2, "an equal-priority thread preempted its creator");
        KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
        Shared = KtResetShared(NotificationEvent);
    }
    Status = KtJoinThread(&KtThreads[0]);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "waiting for the thread gave 0x%08X", Status);
    KT_CHECK(Context, Shared->Ran == 1 && Shared->Irql == PASSIVE_LEVEL,
             "thread ran %d time(s) at IRQL %u", Shared->Ran, Shared->Irql);
    KT_CHECK(Context, KtThreads[0].State == Terminated && KtThreads[0].Header.SignalState == 1,
             "terminated thread in state %u, signal state %d", KtThreads[0].State,
             KtThreads[0].Header.SignalState);
    /* The reaper frees the stack in a DPC: a second thread must leave no pages behind. */
    KeFlushQueuedDpcs();
    PagesBefore = MmQueryPagesInUse();
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtMarkRan, Shared, 8)), "start");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "second join");
    KeFlushQueuedDpcs();
    KT_CHECK(Context, MmQueryPagesInUse() == PagesBefore, "a thread leaked %I64d page(s)",
             (LONG64)(MmQueryPagesInUse() - PagesBefore));
}

static VOID
KtHigherPriorityPreempts(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(NotificationEvent);

    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtMarkRan, Shared, 9)), "start");
    KT_CHECK(Context, Shared->Ran == 1, "a priority 9 thread did not preempt priority 8");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtMarkRan, Shared, 7)), "start");
    KeStallExecutionProcessor(30000); /* three clock ticks: quantum end must not hand over */
    KT_CHECK(Context, Shared->Ran == 1, "a priority 7 thread ran while priority 8 was busy");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS && Shared->Ran == 2,
             "the priority 7 thread never ran");
}

typedef struct _KT_ROUND_ROBIN
{
    volatile LONG Count[2];
    volatile BOOLEAN SawOther[2];
    ULONG64 Deadline;
} KT_ROUND_ROBIN;

static KT_ROUND_ROBIN KtRoundRobin;

static VOID
KtSpinTurns(ULONG Self)
{
    LONG Seen = KtRoundRobin.Count[1 - Self];

    while (KeQueryInterruptTime() < KtRoundRobin.Deadline)
    {
        KtRoundRobin.Count[Self]++;
        if (KtRoundRobin.Count[1 - Self] != Seen)
            KtRoundRobin.SawOther[Self] = TRUE;
    }
}

static VOID NTAPI
KtSpinFirst(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KtSpinTurns(0);
}

static VOID NTAPI
KtSpinSecond(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KtSpinTurns(1);
}

/* Two busy threads of equal priority both see the other make progress while they run. */
static VOID
KtEqualPrioritiesShareByQuantum(PKT_CONTEXT Context)
{
    RtlZeroMemory(&KtRoundRobin, sizeof(KtRoundRobin));
    KtRoundRobin.Deadline = KeQueryInterruptTime() + 1500000; /* 150 ms */
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtSpinFirst, NULL, 8)), "start");
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[1], KtSpinSecond, NULL, 8)), "start");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, KtJoinThread(&KtThreads[1]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, KtRoundRobin.SawOther[0] && KtRoundRobin.SawOther[1],
             "no time slicing: first saw second %u, second saw first %u", KtRoundRobin.SawOther[0],
             KtRoundRobin.SawOther[1]);
}

/* Woken with an increment, record the boosted priority, then spin until it decays. */
static VOID NTAPI
KtBoostedWaiter(PVOID Context)
{
    PKT_SHARED Shared = Context;
    PKTHREAD Self = KeGetCurrentThread();
    ULONG64 Deadline;

    Shared->Status = KeWaitForSingleObject(&Shared->Event, Executive, KernelMode, FALSE, NULL);
    Shared->Priority[0] = KeQueryPriorityThread(Self);
    Deadline = KeQueryInterruptTime() + 5000000;
    while (KeQueryPriorityThread(Self) > Self->BasePriority && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
    Shared->Priority[1] = KeQueryPriorityThread(Self);
}

static VOID
KtWaitBoostDecays(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(SynchronizationEvent);

    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtBoostedWaiter, Shared, 9)),
             "start");
    KeSetBasePriorityThread(&KtThreads[0], 0); /* base 8, keeps running its wait */
    KeSetEvent(&Shared->Event, 2, FALSE);
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Status == STATUS_SUCCESS, "wait gave 0x%08X", Shared->Status);
    KT_CHECK(Context, Shared->Priority[0] == 10, "boosted to %d, expected base 8 + 2",
             Shared->Priority[0]);
    KT_CHECK(Context, Shared->Priority[1] == 8, "boost decayed only to %d", Shared->Priority[1]);

    /* Real-time threads are never boosted. */
    Shared = KtResetShared(SynchronizationEvent);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtBoostedWaiter, Shared, 16)),
             "start");
    KeSetEvent(&Shared->Event, 2, FALSE);
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Priority[0] == 16, "real-time thread boosted to %d",
             Shared->Priority[0]);
}

static VOID NTAPI
KtAlertableWaiter(PVOID Context)
{
    PKT_SHARED Shared = Context;
    LARGE_INTEGER Timeout = {.QuadPart = KT_MS(50)};

    Shared->Status =
        KeWaitForSingleObject(&Shared->Event, Executive, KernelMode, Shared->Ran != 0, &Timeout);
    Shared->Alerted = KeTestAlertThread(KernelMode);
}

static VOID
KtAlertsEndOnlyAlertableWaits(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(NotificationEvent);

    Shared->Ran = 1; /* alertable */
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtAlertableWaiter, Shared, 9)),
             "start");
    KT_CHECK(Context, !KeAlertThread(&KtThreads[0], KernelMode), "thread was already alerted");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Status == STATUS_ALERTED && !Shared->Alerted,
             "alertable wait gave 0x%08X, alert left set %u", Shared->Status, Shared->Alerted);

    Shared = KtResetShared(NotificationEvent);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtAlertableWaiter, Shared, 9)),
             "start");
    KeAlertThread(&KtThreads[0], KernelMode);
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Status == STATUS_TIMEOUT && Shared->Alerted,
             "non-alertable wait gave 0x%08X, alert pending %u", Shared->Status, Shared->Alerted);
}

static VOID NTAPI
KtEventWaiter(PVOID Context)
{
    PKT_SHARED Shared = Context;

    Shared->Status = KeWaitForSingleObject(&Shared->Event, Executive, KernelMode, FALSE, NULL);
    InterlockedIncrement(&Shared->Ran);
}

static PKTHREAD KtApcTarget;

static VOID NTAPI
KtSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext, PVOID *Argument1,
             PVOID *Argument2)
{
    PKT_SHARED Shared = *Argument1;

    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(Argument2);
    if (KeGetCurrentThread() == KtApcTarget)
        Shared->Irql = KeGetCurrentIrql();
    Shared->Priority[1]++;
}

/* A special kernel APC runs in the waiting thread, which then goes back to its wait. */
static VOID
KtKernelApcInterruptsWait(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(NotificationEvent);
    KAPC Apc;

    Shared->Irql = 0xFF;
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtEventWaiter, Shared, 9)), "start");
    KtApcTarget = &KtThreads[0];
    KeInitializeApc(&Apc, &KtThreads[0], OriginalApcEnvironment, KtSpecialApc, NULL, NULL,
                    KernelMode, NULL);
    KT_CHECK(Context, KeInsertQueueApc(&Apc, Shared, NULL, 0), "APC not queued");
    KT_CHECK(Context, Shared->Priority[1] == 1 && Shared->Irql == APC_LEVEL,
             "APC ran %d time(s), in the target at IRQL %u", Shared->Priority[1], Shared->Irql);
    KT_CHECK(Context, Shared->Ran == 0, "the wait ended on the APC");
    KeSetEvent(&Shared->Event, 0, FALSE);
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Status == STATUS_SUCCESS && Shared->Ran == 1,
             "resumed wait gave 0x%08X", Shared->Status);
}

/* A synchronization event releases one waiter per KeSetEvent, a notification event all. */
static VOID
KtEventsReleaseOneOrAll(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(SynchronizationEvent);
    ULONG I;

    for (I = 0; I < 2; I++)
        KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[I], KtEventWaiter, Shared, 9)),
                 "start");
    KT_CHECK(Context, KeSetEvent(&Shared->Event, 0, FALSE) == 0, "previous state not 0");
    KT_CHECK(Context, Shared->Ran == 1 && KeReadStateEvent(&Shared->Event) == 0,
             "one set released %d waiter(s), state %d", Shared->Ran,
             KeReadStateEvent(&Shared->Event));
    KeSetEvent(&Shared->Event, 0, FALSE);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context, KtJoinThread(&KtThreads[I]) == STATUS_SUCCESS, "join");

    Shared = KtResetShared(NotificationEvent);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[I], KtEventWaiter, Shared, 9)),
                 "start");
    KeSetEvent(&Shared->Event, 0, FALSE);
    KT_CHECK(Context, Shared->Ran == 2, "notification released %d of 2", Shared->Ran);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context, KtJoinThread(&KtThreads[I]) == STATUS_SUCCESS, "join");
}

static VOID NTAPI
KtMutantOwner(PVOID Context)
{
    PKT_SHARED Shared = Context;

    Shared->Status = KeWaitForSingleObject(&Shared->Mutant, Executive, KernelMode, FALSE, NULL);
}

static VOID
KtAbandonedMutant(PKT_CONTEXT Context)
{
    PKT_SHARED Shared = KtResetShared(NotificationEvent);
    NTSTATUS Status;
    LONG Previous;

    KeInitializeMutant(&Shared->Mutant, FALSE);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtMutantOwner, Shared, 9)), "start");
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, Shared->Status == STATUS_SUCCESS, "owner's wait gave 0x%08X", Shared->Status);
    Status = KeWaitForSingleObject(&Shared->Mutant, Executive, KernelMode, FALSE, NULL);
    KT_CHECK(Context, Status == STATUS_ABANDONED_WAIT_0,
             "acquiring an abandoned mutant gave 0x%08X", Status);
    KT_CHECK(Context, Shared->Mutant.OwnerThread == KeGetCurrentThread(), "not the owner");
    Previous = KeReleaseMutant(&Shared->Mutant, 0, FALSE, FALSE);
    KT_CHECK(Context, Previous == 0 && KeReadStateMutant(&Shared->Mutant) == 1,
             "release returned %d, state %d", Previous, KeReadStateMutant(&Shared->Mutant));
}

typedef struct _KT_DPC_PROBE
{
    KEVENT Ran;
    KIRQL Irql;
    PKTHREAD Thread;
    ULONG64 StackAddress;
    BOOLEAN UnwoundToThread;
} KT_DPC_PROBE;

/* Walk up from the DPC routine until a frame lies on the interrupted thread's stack. */
static DECLSPEC_NOINLINE BOOLEAN
KtUnwindsToThreadStack(PKTHREAD Thread)
{
    CONTEXT Frame;
    PRUNTIME_FUNCTION Function;
    ULONG64 ImageBase, Establisher;
    PVOID HandlerData;
    ULONG I;

    RtlCaptureContext(&Frame);
    for (I = 0; I < 32; I++)
    {
        Function = RtlLookupFunctionEntry(Frame.Rip, &ImageBase, NULL);
        if (Function == NULL)
            return FALSE;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, ImageBase, Frame.Rip, Function, &Frame, &HandlerData,
                         &Establisher, NULL);
        if (Frame.Rsp >= (ULONG64)(ULONG_PTR)Thread->StackLimit &&
            Frame.Rsp < (ULONG64)(ULONG_PTR)Thread->StackBase)
            return TRUE;
    }
    return FALSE;
}

static VOID NTAPI
KtProbeDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KT_DPC_PROBE *Probe = Context;
    volatile UCHAR Local = 0;

    UNREFERENCED_PARAMETER(Argument2);
    Probe->Irql = KeGetCurrentIrql();
    Probe->Thread = KeGetCurrentThread();
    Probe->StackAddress = (ULONG64)(ULONG_PTR)&Local;
    if (Dpc->Type == DpcObject)
        Probe->UnwoundToThread = KtUnwindsToThreadStack(Argument1);
    KeSetEvent(&Probe->Ran, 0, FALSE);
}

static BOOLEAN
KtIsOnDpcStack(ULONG64 Address)
{
    PVOID DpcStack = ((PKIPCR)KeGetPcr())->Prcb.DpcStack;

    return Address < (ULONG64)(ULONG_PTR)DpcStack &&
           Address >= (ULONG64)(ULONG_PTR)DpcStack - KERNEL_STACK_SIZE;
}

/* Ordinary DPCs run on the processor's DPC stack and unwind back to the thread's. */
static VOID
KtDpcsRunOnDpcStack(PKT_CONTEXT Context)
{
    KT_DPC_PROBE Probe = {0};
    KDPC Dpc;

    KeInitializeEvent(&Probe.Ran, NotificationEvent, FALSE);
    KeInitializeDpc(&Dpc, KtProbeDpc, &Probe);
    KeInsertQueueDpc(&Dpc, KeGetCurrentThread(), NULL);
    KeWaitForSingleObject(&Probe.Ran, Executive, KernelMode, FALSE, NULL);
    KT_CHECK(Context, Probe.Irql == DISPATCH_LEVEL, "ran at IRQL %u", Probe.Irql);
    KT_CHECK(Context, KtIsOnDpcStack(Probe.StackAddress), "DPC ran with its frame at %p",
             (PVOID)Probe.StackAddress);
    KT_CHECK(Context, Probe.UnwoundToThread, "unwinding from the DPC stack did not reach %s",
             "the thread's stack");
}

/* Threaded DPCs run at PASSIVE_LEVEL in the processor's priority-31 DPC thread. */
static VOID
KtThreadedDpcsRunInDpcThread(PKT_CONTEXT Context)
{
    PKTHREAD DpcThread = ((PKIPCR)KeGetPcr())->Prcb.DpcThread;
    KT_DPC_PROBE Probe = {0};
    KDPC Dpc;

    KT_CHECK(Context, DpcThread != NULL, "processor 0 has no DPC thread");
    KeInitializeEvent(&Probe.Ran, NotificationEvent, FALSE);
    KeInitializeThreadedDpc(&Dpc, KtProbeDpc, &Probe);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    /* Priority 31 preempts this thread: the DPC has run before the wait even starts. */
    KT_CHECK(Context, KeReadStateEvent(&Probe.Ran) == 1, "threaded DPC did not preempt");
    KT_CHECK(Context, Probe.Irql == PASSIVE_LEVEL && Probe.Thread == DpcThread,
             "ran at IRQL %u in thread %p, not the DPC thread %p", Probe.Irql, Probe.Thread,
             DpcThread);
    KT_CHECK(Context, KeQueryPriorityThread(DpcThread) == HIGH_PRIORITY, "DPC thread priority %d",
             KeQueryPriorityThread(DpcThread));
}

/* The runner holds system affinity 1 (ktest.c); leave it that way. */
static VOID
KtAffinityRoundTrip(PKT_CONTEXT Context)
{
    PKTHREAD Self = KeGetCurrentThread();
    KAFFINITY Previous = KeSetSystemAffinityThreadEx(1);

    KT_CHECK(Context, Previous == 1, "the runner's system affinity came back as %I64x", Previous);
    KeRevertToUserAffinityThreadEx(0);
    KT_CHECK(Context, !Self->SystemAffinityActive && Self->Affinity == Self->UserAffinity,
             "reverting left system affinity %I64x", Self->Affinity);
    KT_CHECK(Context, KeSetSystemAffinityThreadEx(1) == 0, "user affinity reported as system");
    KT_CHECK(Context, KeGetCurrentProcessorNumber() == 0 && Self->Affinity == 1,
             "pinned to processor 0 but running on %u", KeGetCurrentProcessorNumber());
}

static volatile LONG KtRundowns, KtApcRuns;
static KEVENT KtApcQueued;

static VOID NTAPI
KtCountRundown(PKAPC Apc)
{
    UNREFERENCED_PARAMETER(Apc);
    InterlockedIncrement(&KtRundowns);
}

static VOID NTAPI
KtCountApcRun(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
              PVOID *SystemArgument1, PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    InterlockedIncrement(&KtApcRuns);
}

static VOID NTAPI
KtCountNormalRun(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    InterlockedIncrement(&KtApcRuns);
}

static VOID NTAPI
KtWaitForApcThenExit(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&KtApcQueued, Executive, KernelMode, FALSE, NULL);
}

/* User APCs never run here (no user mode): an exiting thread hands them to their rundown
 * routine, and queueing to it fails from then on. */
static VOID
KtExitRunsDownApcs(PKT_CONTEXT Context)
{
    static KAPC Apc;

    KtRundowns = KtApcRuns = 0;
    KeInitializeEvent(&KtApcQueued, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtThreads[0], KtWaitForApcThenExit, NULL, 8)),
             "start");
    KeInitializeApc(&Apc, &KtThreads[0], OriginalApcEnvironment, KtCountApcRun, KtCountRundown,
                    KtCountNormalRun, UserMode, NULL);
    KT_CHECK(Context, KeInsertQueueApc(&Apc, NULL, NULL, 0), "not queued to a live thread");
    KeSetEvent(&KtApcQueued, 0, FALSE);
    KT_CHECK(Context, KtJoinThread(&KtThreads[0]) == STATUS_SUCCESS, "join");
    KT_CHECK(Context, KtRundowns == 1 && KtApcRuns == 0, "rundown ran %d time(s), the APC %d",
             KtRundowns, KtApcRuns);
    KT_CHECK(Context, !KeInsertQueueApc(&Apc, NULL, NULL, 0), "queued to a terminated thread");
}

static const KT_TEST KtKeThreadTests[] = {
    {"a thread runs at PASSIVE_LEVEL, ends, is waitable, frees its stack",
     KtThreadRunsAndIsWaitable},
    {"higher priority preempts, lower priority waits", KtHigherPriorityPreempts},
    {"equal priorities share the processor by quantum", KtEqualPrioritiesShareByQuantum},
    {"a wait boost lifts a variable priority and decays", KtWaitBoostDecays},
    {"alerts end alertable waits only", KtAlertsEndOnlyAlertableWaits},
    {"a kernel APC runs in a waiting thread, which waits on", KtKernelApcInterruptsWait},
    {"synchronization events release one waiter, notification all", KtEventsReleaseOneOrAll},
    {"a mutant left by a terminated owner is abandoned", KtAbandonedMutant},
    {"system affinity is set and reverted", KtAffinityRoundTrip},
    {"ordinary DPCs run on the DPC stack and unwind back to the thread", KtDpcsRunOnDpcStack},
    {"threaded DPCs run at PASSIVE_LEVEL in the priority-31 DPC thread",
     KtThreadedDpcsRunInDpcThread},
    {"an exiting thread runs its queued APCs down and takes no more", KtExitRunsDownApcs},
};

const KT_SUITE KtKeThreadSuite = {"Ke", KtKeThreadTests, RTL_NUMBER_OF(KtKeThreadTests)};
