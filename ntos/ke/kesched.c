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
 * Everything here runs under the dispatcher lock (ki.h).
 */
#include "ki.h"

volatile LONG64 KiDispatcherLock;
PKPRCB KiProcessorBlock[MAXIMUM_PROCESSORS];
ULONG KiProcessorCount; /* processors 0 .. KiProcessorCount - 1 run the scheduler */
volatile KAFFINITY KeActiveProcessors;

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

static KI_DEAD_THREAD *KiDeadThreadList;
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

static VOID
KiRemoveReadyQueue(PKPRCB Prcb, PKTHREAD Thread)
{
    RemoveEntryList(&Thread->ReadyListEntry);
    if (IsListEmpty(&Prcb->DispatcherReadyListHead[Thread->Priority]))
        Prcb->ReadySummary &= ~(1u << Thread->Priority);
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

/*
 * Load balancing: a processor about to idle takes the best ready thread another processor
 * has queued and that may run here. Threads only queue when no allowed processor is idle
 * (KiSelectProcessor), so this is where queued work spreads out again.
 */
static PKTHREAD
KiStealReadyThread(PKPRCB Prcb)
{
    PKTHREAD Best = NULL, Thread;
    PKPRCB Victim, BestVictim = NULL;
    PLIST_ENTRY Entry;
    ULONG I;
    LONG P;

    for (I = 0; I < KiProcessorCount; I++)
    {
        Victim = KiProcessorBlock[I];
        if (Victim == NULL || Victim == Prcb || Victim->ReadySummary == 0)
            continue;
        for (P = HIGH_PRIORITY; P > (Best != NULL ? Best->Priority : LOW_PRIORITY); P--)
        {
            for (Entry = Victim->DispatcherReadyListHead[P].Flink;
                 Entry != &Victim->DispatcherReadyListHead[P]; Entry = Entry->Flink)
            {
                Thread = CONTAINING_RECORD(Entry, KTHREAD, ReadyListEntry);
                if (Thread->Affinity & Prcb->SetMember)
                {
                    Best = Thread;
                    BestVictim = Victim;
                    break;
                }
            }
            if (Best != NULL && Best->Priority == P)
                break;
        }
    }
    if (Best != NULL)
        KiRemoveReadyQueue(BestVictim, Best);
    return Best;
}

static PKPRCB
KiSelectProcessor(PKTHREAD Thread)
{
    PKPRCB Prcb;
    ULONG I;

    KAFFINITY Allowed = Thread->Affinity & KeActiveProcessors;

    for (I = 0; I < KiProcessorCount; I++)
    {
        Prcb = KiProcessorBlock[I];
        if ((Allowed & Prcb->SetMember) && Prcb->NextThread == NULL &&
            Prcb->CurrentThread == Prcb->IdleThread)
            return Prcb;
    }
    if (Allowed & ((KAFFINITY)1 << Thread->ProcessorNumber))
        return KiProcessorBlock[Thread->ProcessorNumber];
    for (I = 0; I < KiProcessorCount; I++)
    {
        if (Allowed & KiProcessorBlock[I]->SetMember)
            return KiProcessorBlock[I];
    }
    KeBugCheckEx(INVALID_AFFINITY_SET, Thread->Affinity, (ULONG_PTR)Thread, 0, 0);
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

VOID
KiReadyThread(PKTHREAD Thread)
{
    PKPRCB Prcb = KiSelectProcessor(Thread);
    PKTHREAD Running = Prcb->NextThread != NULL ? Prcb->NextThread : Prcb->CurrentThread;

    if (Thread->Priority <= Running->Priority)
    {
        KiInsertReadyQueue(Prcb, Thread, FALSE);
        return;
    }
    if (Prcb->NextThread != NULL)
        KiInsertReadyQueue(Prcb, Prcb->NextThread, TRUE);
    Thread->State = Standby;
    Thread->ProcessorNumber = Prcb->Number;
    Prcb->NextThread = Thread;
    KiRequestDispatch(Prcb);
}

/* Make Next the running thread of Prcb. Returns when Current runs again. */
static VOID
KiSwitchTo(PKPRCB Prcb, PKTHREAD Current, PKTHREAD Next)
{
    Next->State = Running;
    Next->ProcessorNumber = Prcb->Number;
    if (Next == Current)
        return;
    Prcb->CurrentThread = Next;
    Prcb->ContextSwitches++;
    KiRequestApcIfPending(Next);
    KiSwapContext(Current, Next);
}

/*
 * Current has left the Running state (it waits, yields or terminates): run the next thread.
 * Called at SYNCH_LEVEL with the dispatcher lock held; returns, when Current is resumed,
 * with the lock released (IRQL still SYNCH_LEVEL) and Current's wait status.
 */
NTSTATUS
KiSwapThread(PKTHREAD Current, PKPRCB Prcb)
{
    PKTHREAD Next = Prcb->NextThread;

    if (Next != NULL)
        Prcb->NextThread = NULL;
    else if ((Next = KiSelectReadyThread(Prcb, 0)) == NULL &&
             (Next = KiStealReadyThread(Prcb)) == NULL)
        Next = Prcb->IdleThread;
    KiSwitchTo(Prcb, Current, Next);
    KiReleaseDispatcherLockFromSynchLevel();
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
    PKTHREAD Current = Prcb->CurrentThread, Next;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN QuantumEnd = Prcb->QuantumEnd && Current != Prcb->IdleThread;

    Prcb->QuantumEnd = FALSE;
    if (QuantumEnd)
        KiQuantumEnd(Current);
    Next = Prcb->NextThread;
    if (Next != NULL)
        Prcb->NextThread = NULL;
    else if (QuantumEnd)
        Next = KiSelectReadyThread(Prcb, (ULONG)Current->Priority);
    if (Next != NULL)
    {
        /* Round robin goes to the tail; a thread preempted mid-quantum keeps its place. */
        if (Current != Prcb->IdleThread)
            KiInsertReadyQueue(Prcb, Current, !QuantumEnd);
        KiSwitchTo(Prcb, Current, Next);
    }
    KiReleaseDispatcherLock(OldIrql);
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

VOID
KiSetPriorityThread(PKTHREAD Thread, SCHAR Priority)
{
    PKPRCB Prcb = KiProcessorBlock[Thread->ProcessorNumber];
    PKTHREAD Next;

    if (Thread->State == Ready)
    {
        KiRemoveReadyQueue(Prcb, Thread);
        Thread->Priority = Priority;
        KiReadyThread(Thread);
        return;
    }
    Thread->Priority = Priority;
    /* A running thread that lowered itself may now be outranked. */
    if (Thread->State == Running && Prcb->NextThread == NULL &&
        (Next = KiSelectReadyThread(Prcb, (ULONG)Priority + 1)) != NULL)
    {
        Next->State = Standby;
        Prcb->NextThread = Next;
        KiRequestDispatch(Prcb);
    }
}

static VOID NTAPI
KiReaperRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KI_DEAD_THREAD *List, Dead;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    OldIrql = KiAcquireDispatcherLock();
    List = KiDeadThreadList;
    KiDeadThreadList = NULL;
    KiReleaseDispatcherLock(OldIrql);
    while (List != NULL)
    {
        Dead = *List; /* the record goes with the stack */
        MmDeleteKernelStack(Dead.StackBase);
        if (Dead.ReapRoutine != NULL)
            Dead.ReapRoutine(Dead.ReapContext);
        List = Dead.Next;
    }
}

/* Thread is terminating on its own stack: reap it after the switch away. */
VOID
KiDeferStackFree(PKTHREAD Thread)
{
    KI_DEAD_THREAD *Dead = Thread->StackLimit;

    Dead->Next = KiDeadThreadList;
    Dead->StackBase = Thread->StackBase;
    Dead->ReapRoutine = Thread->ReapRoutine;
    Dead->ReapContext = Thread->ReapContext;
    KiDeadThreadList = Dead;
    KeInsertQueueDpc(&KiReaperDpc, NULL, NULL);
}

/* Processor Prcb takes part in scheduling from now on. */
VOID
KiMarkProcessorActive(PKPRCB Prcb)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();

    KiProcessorBlock[Prcb->Number] = Prcb;
    if (Prcb->Number >= KiProcessorCount)
        KiProcessorCount = Prcb->Number + 1;
    InterlockedOr64((volatile LONG64 *)&KeActiveProcessors, (LONG64)Prcb->SetMember);
    KiReleaseDispatcherLock(OldIrql);
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
