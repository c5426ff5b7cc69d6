/* SPDX-License-Identifier: MIT */
/*
 * The scheduler. Each processor has 32 ready queues, one per priority, and a summary bitmask
 * of the non-empty ones; a thread that becomes ready goes to the processor its affinity
 * allows (an idle one first, else the one it last ran on). A ready thread of higher
 * priority than the one running becomes that processor's NextThread and a DISPATCH_LEVEL
 * software interrupt makes the switch as soon as the processor's IRQL allows. The clock
 * charges the running thread one tick of quantum; at quantum end the thread goes to the
 * tail of its queue if another of at least its priority is ready (round robin), and any
 * priority boost decays by one level. Threads preempted by a higher priority go back to
 * the head of their queue. A processor with nothing ready runs its idle thread, which halts.
 *
 * Locking: each processor's PrcbLock guards its ready queues, NextThread and CurrentThread.
 * Readying a thread takes only the lock of the processor it goes to; a processor choosing
 * what to run next holds its own lock and only try-acquires others' to steal work, so two
 * idle processors never wait on each other. A thread that is still switching out when it
 * is readied keeps SwapBusy set until its context is saved (ctxswap.S).
 */
#include "ki.h"

PKPRCB KiProcessorBlock[MAXIMUM_PROCESSORS];
ULONG KiProcessorCount; /* processors 0 .. KiProcessorCount - 1 run the scheduler */
volatile KAFFINITY KeActiveProcessors;
static volatile LONG KiProcessorListLock;

/*
 * Terminated threads, reaped at DISPATCH_LEVEL once their processor is off their stack: the
 * stack is freed, then the thread's reap routine runs (the process manager drops the
 * thread object's reference there). The record lives at the bottom of the dead stack itself,
 * because a caller-owned KTHREAD may already be reused by then.
 */
typedef struct _KI_DEAD_THREAD
{
    struct _KI_DEAD_THREAD *Next;
    PVOID StackBase;
    PKI_REAP_ROUTINE ReapRoutine;
    PVOID ReapContext;
} KI_DEAD_THREAD;

static KI_DEAD_THREAD *volatile KiDeadThreadList; /* pushed and taken whole, lock-free */
static KDPC KiReaperDpc;

static VOID
KiInsertReadyQueue(PKPRCB Prcb, PKTHREAD Thread, BOOLEAN AtHead)
{
    Thread->State = Ready;
    Thread->ProcessorNumber = Prcb->Number;
    if (AtHead)
        InsertHeadList(&Prcb->DispatcherReadyListHead[Thread->Priority], &Thread->ReadyListEntry);
    else
        InsertTailList(&Prcb->DispatcherReadyListHead[Thread->Priority], &Thread->ReadyListEntry);
    Prcb->ReadySummary |= 1u << Thread->Priority;
}

/* A dequeued thread is Standby until it runs or is queued again: no longer in a queue that
 * KiSetPriorityThread could find it in. */
static VOID
KiRemoveReadyQueue(PKPRCB Prcb, PKTHREAD Thread)
{
    RemoveEntryList(&Thread->ReadyListEntry);
    if (IsListEmpty(&Prcb->DispatcherReadyListHead[Thread->Priority]))
        Prcb->ReadySummary &= ~(1u << Thread->Priority);
    Thread->State = Standby;
}

/* Dequeue the highest-priority ready thread of at least MinimumPriority, or NULL. */
static PKTHREAD
KiSelectReadyThread(PKPRCB Prcb, ULONG MinimumPriority)
{
    ULONG Summary = Prcb->ReadySummary & ~((1u << MinimumPriority) - 1);
    unsigned long Priority;
    PKTHREAD Thread;

    if (!_BitScanReverse(&Priority, Summary))
        return NULL;
    Thread =
        CONTAINING_RECORD(Prcb->DispatcherReadyListHead[Priority].Flink, KTHREAD, ReadyListEntry);
    KiRemoveReadyQueue(Prcb, Thread);
    return Thread;
}

/* The best thread queued on Victim (its lock held) that may run on Prcb, above Priority. */
static PKTHREAD
KiFindStealable(PKPRCB Victim, PKPRCB Prcb, LONG Priority)
{
    PLIST_ENTRY Entry;
    PKTHREAD Thread;
    LONG P;

    for (P = HIGH_PRIORITY; P > Priority; P--)
    {
        for (Entry = Victim->DispatcherReadyListHead[P].Flink;
             Entry != &Victim->DispatcherReadyListHead[P]; Entry = Entry->Flink)
        {
            Thread = CONTAINING_RECORD(Entry, KTHREAD, ReadyListEntry);
            if (Thread->Affinity & Prcb->SetMember)
                return Thread;
        }
    }
    return NULL;
}

/*
 * Load balancing: a processor about to idle takes the best ready thread another processor
 * has queued and that may run here. Threads only queue when no allowed processor is idle
 * (KiSelectProcessor), so this is where queued work spreads out again. Prcb's own lock is
 * held, so victims are only try-acquired: a busy one is skipped this time.
 */
static PKTHREAD
KiStealReadyThread(PKPRCB Prcb)
{
    PKPRCB Victim, Best = NULL;
    PKTHREAD Thread;
    LONG BestPriority = LOW_PRIORITY;
    ULONG I;

    for (I = 0; I < KiProcessorCount; I++)
    {
        Victim = KiProcessorBlock[I];
        if (Victim == NULL || Victim == Prcb || Victim->ReadySummary == 0 ||
            !KiTryAcquirePrcbLock(Victim))
            continue;
        Thread = KiFindStealable(Victim, Prcb, BestPriority);
        if (Thread != NULL)
        {
            BestPriority = Thread->Priority;
            Best = Victim;
        }
        KiReleasePrcbLock(Victim);
    }
    if (Best == NULL || !KiTryAcquirePrcbLock(Best))
        return NULL;
    Thread = KiFindStealable(Best, Prcb, LOW_PRIORITY);
    if (Thread != NULL)
        KiRemoveReadyQueue(Best, Thread);
    KiReleasePrcbLock(Best);
    return Thread;
}

/* The priority of what Prcb runs or is about to run; read without its lock, as a hint. */
static SCHAR
KiRunningPriority(PKPRCB Prcb)
{
    PKTHREAD Next = Prcb->NextThread;

    return Next != NULL ? Next->Priority : Prcb->CurrentThread->Priority;
}

/*
 * Where Thread should go: an idle processor its affinity allows; else the one it last ran
 * on if it outranks what runs there; else the allowed processor running the lowest
 * priority below its own (so a ready thread never waits behind a lower one elsewhere);
 * else the last one, to queue. The choice is a hint; KiReadyThread decides under the lock.
 */
static PKPRCB
KiSelectProcessor(PKTHREAD Thread)
{
    KAFFINITY Allowed = Thread->Affinity & KeActiveProcessors;
    PKPRCB Prcb, Last = NULL, Lowest = NULL;
    SCHAR LowestPriority = Thread->Priority;
    ULONG I;

    if (Allowed == 0)
        KeBugCheckEx(INVALID_AFFINITY_SET, Thread->Affinity, (ULONG_PTR)Thread, 0, 0);
    for (I = 0; I < KiProcessorCount; I++)
    {
        Prcb = KiProcessorBlock[I];
        if (!(Allowed & Prcb->SetMember))
            continue;
        if (Prcb->NextThread == NULL && Prcb->CurrentThread == Prcb->IdleThread)
            return Prcb;
        if (Last == NULL || I == Thread->ProcessorNumber)
            Last = Prcb;
        if (KiRunningPriority(Prcb) < LowestPriority)
        {
            Lowest = Prcb;
            LowestPriority = KiRunningPriority(Prcb);
        }
    }
    if (Lowest == NULL || KiRunningPriority(Last) < Thread->Priority)
        return Last;
    return Lowest;
}

/* Ask Prcb to reschedule when its IRQL drops below DISPATCH_LEVEL. */
VOID
KiRequestDispatch(PKPRCB Prcb)
{
    if (Prcb == KiCurrentPrcb())
        HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
    else
        HalSendSoftwareInterrupt(Prcb->Number, DISPATCH_LEVEL);
}

/*
 * Queue Thread on a processor its affinity allows, or make it that processor's next thread
 * if it outranks what runs there. The caller holds the thread's lock, or owns its readying
 * (a new thread, a DeferredReady one); the chosen processor is locked here. The idle processor
 * picked without its lock is only a hint: the priority test is redone under the lock.
 */
VOID
KiReadyThread(PKTHREAD Thread)
{
    PKPRCB Prcb = KiSelectProcessor(Thread);
    PKTHREAD Running;

    KiAcquirePrcbLock(Prcb);
    Running = Prcb->NextThread != NULL ? Prcb->NextThread : Prcb->CurrentThread;
    if (Thread->Priority <= Running->Priority)
    {
        KiInsertReadyQueue(Prcb, Thread, FALSE);
        KiReleasePrcbLock(Prcb);
        return;
    }
    if (Prcb->NextThread != NULL)
        KiInsertReadyQueue(Prcb, Prcb->NextThread, TRUE);
    Thread->State = Standby;
    Thread->ProcessorNumber = Prcb->Number;
    Prcb->NextThread = Thread;
    KiReleasePrcbLock(Prcb);
    KiRequestDispatch(Prcb);
}

/* The running thread readies itself (a yield, an affinity change) before KiSwapThread;
 * another processor may pick it up before its context is saved, hence SwapBusy. */
VOID
KiReadyCurrentThread(PKTHREAD Current)
{
    Current->SwapBusy = 1;
    KiReadyThread(Current);
}

/*
 * Make Next the running thread of Prcb, whose lock the caller holds and which is released
 * here. Returns when Current runs again, possibly on another processor.
 */
static VOID
KiSwitchTo(PKPRCB Prcb, PKTHREAD Current, PKTHREAD Next)
{
    Next->ProcessorNumber = Prcb->Number;
    Next->State = Running;
    if (Next == Current)
    {
        Current->SwapBusy = 0;
        KiReleasePrcbLock(Prcb);
        return;
    }
    Prcb->CurrentThread = Next;
    Prcb->ContextSwitches++;
    /* The release is a full barrier: an APC queued from now on sees Next Running (keapc.c),
     * one queued before is seen here. */
    KiReleasePrcbLock(Prcb);
    KiRequestApcIfPending(Next);
    /* Next is ours now and cannot set SwapBusy again; wait with interrupts on. */
    while (Next->SwapBusy)
        YieldProcessor();
    KiSwapContext(Current, Next);
    KiFinishSwitch();
}

/* On the thread just resumed: complete the termination of the thread switched away from. */
VOID
KiFinishSwitch(VOID)
{
    PKPRCB Prcb = KiCurrentPrcb();
    PKTHREAD Dead = Prcb->DeadThread;

    if (Dead != NULL)
    {
        Prcb->DeadThread = NULL;
        KiSignalTerminatedThread(Dead);
        KiProcessDeferredReadyList();
    }
}

/*
 * Current has left the Running state (it waits, yields or terminates): run the next thread.
 * Called at SYNCH_LEVEL with no scheduler lock held; returns, when Current is resumed, with
 * its wait status (IRQL still SYNCH_LEVEL). Prcb's lock is held from the choice to the
 * switch, so a thread readied here meanwhile either is seen or sees the new current thread
 * and preempts it.
 */
NTSTATUS
KiSwapThread(PKTHREAD Current, PKPRCB Prcb)
{
    PKTHREAD Next;

    KiAcquirePrcbLock(Prcb);
    Next = Prcb->NextThread;
    if (Next != NULL)
        Prcb->NextThread = NULL;
    else if ((Next = KiSelectReadyThread(Prcb, 0)) == NULL &&
             (Next = KiStealReadyThread(Prcb)) == NULL)
        Next = Prcb->IdleThread;
    KiSwitchTo(Prcb, Current, Next);
    return Current->WaitStatus;
}

/* Quantum end: a fresh quantum, and one level of any priority boost decays. */
static VOID
KiQuantumEnd(PKTHREAD Current)
{
    Current->Quantum = KI_DEFAULT_QUANTUM;
    if (Current->PriorityDecrement > 0)
    {
        Current->Priority--;
        Current->PriorityDecrement--;
    }
}

/* From the DISPATCH_LEVEL software interrupt: act on preemption and quantum end. */
VOID
KiDispatchSchedule(PKPRCB Prcb)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);
    PKTHREAD Current = Prcb->CurrentThread, Next;
    BOOLEAN QuantumEnd = Prcb->QuantumEnd && Current != Prcb->IdleThread;

    KiAcquirePrcbLock(Prcb);
    Prcb->QuantumEnd = FALSE;
    if (QuantumEnd)
        KiQuantumEnd(Current);
    Next = Prcb->NextThread;
    if (Next != NULL)
        Prcb->NextThread = NULL;
    else if (QuantumEnd)
        Next = KiSelectReadyThread(Prcb, (ULONG)Current->Priority);
    if (Next != NULL && Next != Current)
    {
        /* Round robin goes to the tail; a thread preempted mid-quantum keeps its place. */
        if (Current != Prcb->IdleThread)
        {
            Current->SwapBusy = 1;
            KiInsertReadyQueue(Prcb, Current, !QuantumEnd);
        }
        KiSwitchTo(Prcb, Current, Next);
    }
    else
    {
        Current->State = Running;
        KiReleasePrcbLock(Prcb);
    }
    KeLowerIrql(OldIrql);
}

/* The clock's per-tick charge to the running thread, at CLOCK_LEVEL. */
VOID
KiUpdateRunTime(PKPRCB Prcb)
{
    PKTHREAD Current = Prcb->CurrentThread;

    if (Current == Prcb->IdleThread || --Current->Quantum > 0)
        return;
    Prcb->QuantumEnd = TRUE;
    HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
}

/* Wait-completion boost for variable-priority threads: Increment above base, at most 15. */
VOID
KiBoostPriority(PKTHREAD Thread, KPRIORITY Increment)
{
    SCHAR Boosted;

    if (Thread->Priority >= LOW_REALTIME_PRIORITY || Increment <= 0)
        return;
    Boosted = (SCHAR)min(Thread->BasePriority + Increment, LOW_REALTIME_PRIORITY - 1);
    if (Boosted > Thread->Priority)
    {
        Thread->Priority = Boosted;
        Thread->PriorityDecrement = (SCHAR)(Boosted - Thread->BasePriority);
    }
    Thread->Quantum = KI_DEFAULT_QUANTUM;
}

/* Lock the processor whose queues or CurrentThread may hold Thread. */
static PKPRCB
KiLockThreadProcessor(PKTHREAD Thread)
{
    PKPRCB Prcb;

    for (;;)
    {
        Prcb = KiProcessorBlock[Thread->ProcessorNumber];
        KiAcquirePrcbLock(Prcb);
        if (Thread->ProcessorNumber == Prcb->Number)
            return Prcb;
        KiReleasePrcbLock(Prcb);
    }
}

/* The thread's lock is held, so it cannot start or stop waiting meanwhile. */
VOID
KiSetPriorityThread(PKTHREAD Thread, SCHAR Priority)
{
    PKPRCB Prcb = KiLockThreadProcessor(Thread);
    PKTHREAD Next;

    if (Thread->State == Ready)
    {
        KiRemoveReadyQueue(Prcb, Thread);
        Thread->Priority = Priority;
        KiReleasePrcbLock(Prcb);
        KiReadyThread(Thread);
        return;
    }
    Thread->Priority = Priority;
    /* A running thread that lowered itself may now be outranked. */
    if (Thread->State == Running && Prcb->CurrentThread == Thread && Prcb->NextThread == NULL &&
        (Next = KiSelectReadyThread(Prcb, (ULONG)Priority + 1)) != NULL)
    {
        Prcb->NextThread = Next;
        KiReleasePrcbLock(Prcb);
        KiRequestDispatch(Prcb);
        return;
    }
    KiReleasePrcbLock(Prcb);
}

static VOID NTAPI
KiReaperRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KI_DEAD_THREAD *List, Dead;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    List = InterlockedExchangePointer((PVOID volatile *)&KiDeadThreadList, NULL);
    while (List != NULL)
    {
        Dead = *List; /* the record goes with the stack */
        MmDeleteKernelStack(Dead.StackBase);
        if (Dead.ReapRoutine != NULL)
            Dead.ReapRoutine(Dead.ReapContext);
        List = Dead.Next;
    }
}

/* Thread has terminated and its processor is off its stack: reap it at DISPATCH_LEVEL. */
VOID
KiDeferStackFree(PKTHREAD Thread)
{
    KI_DEAD_THREAD *Dead = Thread->StackLimit;

    Dead->StackBase = Thread->StackBase;
    Dead->ReapRoutine = Thread->ReapRoutine;
    Dead->ReapContext = Thread->ReapContext;
    do
        Dead->Next = KiDeadThreadList;
    while (InterlockedCompareExchangePointer((PVOID volatile *)&KiDeadThreadList, Dead,
                                             Dead->Next) != Dead->Next);
    KeInsertQueueDpc(&KiReaperDpc, NULL, NULL);
}

/* Processor Prcb takes part in scheduling from now on. */
VOID
KiMarkProcessorActive(PKPRCB Prcb)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    KiAcquireBitLock(&KiProcessorListLock, 0);
    KiProcessorBlock[Prcb->Number] = Prcb;
    if (Prcb->Number >= KiProcessorCount)
        KiProcessorCount = Prcb->Number + 1;
    InterlockedOr64((volatile LONG64 *)&KeActiveProcessors, (LONG64)Prcb->SetMember);
    KiReleaseBitLock(&KiProcessorListLock, 0);
    KeLowerIrql(OldIrql);
}

VOID
KiInitializeScheduler(PKPRCB Prcb, PKTHREAD IdleThread)
{
    ULONG I;

    for (I = 0; I < MAXIMUM_PRIORITY; I++)
        InitializeListHead(&Prcb->DispatcherReadyListHead[I]);
    Prcb->SetMember = (KAFFINITY)1 << Prcb->Number;
    IdleThread->State = Running;
    IdleThread->Priority = IdleThread->BasePriority = LOW_PRIORITY;
    IdleThread->Affinity = IdleThread->UserAffinity = Prcb->SetMember;
    if (Prcb->Number == 0)
        KeInitializeDpc(&KiReaperDpc, KiReaperRoutine, NULL);
}

/* The idle thread: halt until an interrupt; the DISPATCH_LEVEL interrupt switches away. */
DECLSPEC_NORETURN VOID
KiIdleLoop(VOID)
{
    for (;;)
    {
        _enable();
        __halt();
    }
}
