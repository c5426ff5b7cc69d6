/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads: creation on a fresh kernel stack, the first run (KiThreadStartup), and
 * termination, which abandons held mutants and switches away for good; the thread that
 * runs next on that processor signals the thread object and hands the stack to the reaper
 * (KiSignalTerminatedThread), so nobody woken by the signal can reuse the KTHREAD while
 * the dying thread still runs on it. The KTHREAD storage belongs to the caller (Ps, later, with
 * reference counts); it must stay valid until the thread has terminated and been waited for.
 */
#include "ki.h"

/* Until Ps makes the system process an object, the boot thread lives in this one. */
static KPROCESS KiBootProcess;
PKPROCESS KiSystemProcess = &KiBootProcess;

PKPROCESS
KeGetSystemProcess(VOID)
{
    return KiSystemProcess;
}

VOID
KeInitializeProcess(PKPROCESS Process, KPRIORITY BasePriority, KAFFINITY Affinity)
{
    KiInitializeDispatcherHeader(&Process->Header, ProcessObject, sizeof(KPROCESS) / sizeof(LONG),
                                 0);
    InitializeListHead(&Process->ThreadListHead);
    Process->Affinity = Affinity;
    Process->BasePriority = (SCHAR)BasePriority;
}

/* Phase 0, once, on the boot thread (the only thread so far): Process, inside Ps's system
 * process object, becomes the system process and the boot thread moves into it. */
VOID
KeSetSystemProcess(PKPROCESS Process)
{
    PKTHREAD Thread = KeGetCurrentThread();

    if (KiSystemProcess != &KiBootProcess || !IsListEmpty(&KiBootProcess.ThreadListHead))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Process, 0, 0, 0);
    Thread->Process = Thread->ApcState.Process = Process;
    KiSystemProcess = Process;
}

static VOID
KiInitializeThreadObject(PKTHREAD Thread, PKPROCESS Process)
{
    RtlZeroMemory(Thread, sizeof(*Thread));
    KiInitializeDispatcherHeader(&Thread->Header, ThreadObject, sizeof(KTHREAD) / sizeof(LONG), 0);
    InitializeListHead(&Thread->MutantListHead);
    InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
    InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
    Thread->ApcState.Process = Process;
    Thread->Process = Process;
    KeInitializeTimerEx(&Thread->Timer, NotificationTimer);
    Thread->Priority = Thread->BasePriority = Process->BasePriority;
    Thread->Quantum = KI_DEFAULT_QUANTUM;
    Thread->Affinity = Thread->UserAffinity = Process->Affinity;
    Thread->ApcQueueable = TRUE;
    Thread->State = Initialized;
}

NTSTATUS
KeInitializeThread(PKTHREAD Thread, PVOID StackBase, PKSTART_ROUTINE StartRoutine,
                   PVOID StartContext, PKPROCESS Process)
{
    BOOLEAN OwnsStack = StackBase == NULL;

    if (OwnsStack && (StackBase = MmCreateKernelStack()) == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KiInitializeThreadObject(Thread, Process);
    Thread->OwnsStack = OwnsStack;
    Thread->StackBase = StackBase;
    Thread->StackLimit = (PUCHAR)StackBase - KERNEL_STACK_SIZE;
    Thread->StartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    KiInitializeThreadContext(Thread);
    return STATUS_SUCCESS;
}

VOID
KeStartThread(PKTHREAD Thread)
{
    KIRQL OldIrql = KiLockObject(&Thread->Process->Header);

    InsertTailList(&Thread->Process->ThreadListHead, &Thread->ThreadListEntry);
    KiReleaseObjectLock(&Thread->Process->Header);
    KiReadyThread(Thread);
    KeLowerIrql(OldIrql);
}

/* First instructions of every thread: switched to at SYNCH_LEVEL with interrupts off. */
DECLSPEC_NORETURN VOID
KiThreadStartup(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();

    _enable();
    KiFinishSwitch();
    KeLowerIrql(PASSIVE_LEVEL);
    Thread->StartRoutine(Thread->StartContext);
    KeTerminateThread(0);
}

DECLSPEC_NORETURN VOID
KeTerminateThread(KPRIORITY Increment)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql = KeGetCurrentIrql();

    if (OldIrql != PASSIVE_LEVEL || Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0)
        KeBugCheckEx(KERNEL_APC_PENDING_DURING_EXIT, (ULONG_PTR)Thread->StartRoutine,
                     (ULONG)Thread->KernelApcDisable, OldIrql, (ULONG)Thread->SpecialApcDisable);
    KiRundownApcs(Thread);
    KfRaiseIrql(SYNCH_LEVEL);
    KiAbandonMutants(Thread);
    KiProcessDeferredReadyList();
    KiAcquireObjectLock(&Thread->Process->Header);
    RemoveEntryList(&Thread->ThreadListEntry);
    KiReleaseObjectLock(&Thread->Process->Header);
    KiAcquireThreadLock(Thread);
    Thread->State = Terminated;
    Thread->WaitStatus = Increment;
    KiReleaseThreadLock(Thread);
    KiCurrentPrcb()->DeadThread = Thread;
    KiSwapThread(Thread, KiCurrentPrcb());
    KeBugCheckEx(INVALID_DATA_ACCESS_TRAP, (ULONG_PTR)Thread, 0, 0, 0);
}

/* On the processor's next thread (KiFinishSwitch), once Thread's stack is no longer in
 * use: reap the stack, then wake whoever waits for the thread. Thread may be freed as soon
 * as those are readied; the readying is left to the caller's KiExitDispatcher. */
VOID
KiSignalTerminatedThread(PKTHREAD Thread)
{
    KPRIORITY Increment = Thread->WaitStatus;

    if (Thread->OwnsStack)
        KiDeferStackFree(Thread);
    KiAcquireObjectLock(&Thread->Header);
    Thread->Header.SignalState = 1;
    KiWaitTest(&Thread->Header, Increment);
    KiReleaseObjectLock(&Thread->Header);
}

/* Returns whether the thread was already alerted; an alertable waiter wakes STATUS_ALERTED. */
BOOLEAN
KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode)
{
    KIRQL OldIrql = KiLockThread(Thread);
    BOOLEAN Previous = Thread->Alerted[(int)AlertMode];

    if (!Previous)
    {
        if (Thread->State == Waiting && Thread->Alertable && AlertMode <= Thread->WaitMode)
            KiUnwaitThread(Thread, STATUS_ALERTED, 0);
        else
            Thread->Alerted[(int)AlertMode] = TRUE;
    }
    KiReleaseThreadLock(Thread);
    KiExitDispatcher(OldIrql);
    return Previous;
}

/* Returns and clears the current thread's alert for AlertMode. */
BOOLEAN
KeTestAlertThread(KPROCESSOR_MODE AlertMode)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql = KiLockThread(Thread);
    BOOLEAN Alerted = Thread->Alerted[(int)AlertMode];

    Thread->Alerted[(int)AlertMode] = FALSE;
    KiUnlockThread(Thread, OldIrql);
    return Alerted;
}

/* The thread running on Prcb (on its stack) becomes that processor's idle thread. */
VOID
KiInitializeIdleThread(PKPRCB Prcb, PKTHREAD IdleThread)
{
    PVOID StackBase = IdleThread->StackBase, StackLimit = IdleThread->StackLimit;

    KiInitializeThreadObject(IdleThread, KiSystemProcess);
    IdleThread->StackBase = StackBase;
    IdleThread->StackLimit = StackLimit;
    IdleThread->ProcessorNumber = Prcb->Number;
    KiInitializeScheduler(Prcb, IdleThread);
}

/* On the boot processor: the system process, its idle thread, timers and APCs. */
VOID
KiInitializeKernel(PKTHREAD IdleThread)
{
    PKPRCB Prcb = KiCurrentPrcb();

    /* Any processor that runs. */
    KeInitializeProcess(&KiBootProcess, KI_DEFAULT_THREAD_PRIORITY, ~(KAFFINITY)0);
    KiInitializeIdleThread(Prcb, IdleThread);
    KiMarkProcessorActive(Prcb);
    KiInitializeTimers();
    KiInitializeApcs();
    KiInitializeIpi();
}

/* Is [Address, Address + Length) on the stack this code runs on: the current thread's, or
 * the processor's DPC stack while a DPC runs there? For stack walks and unwinding. */
BOOLEAN
KiIsOnKernelStack(ULONG64 Address, SIZE_T Length)
{
    PKTHREAD Thread = KeGetCurrentThread();
    PKPRCB Prcb = KiCurrentPrcb();
    ULONG64 End = Address + Length;

    if (End <= Address || Thread == NULL)
        return FALSE;
    if (Address >= (ULONG64)(ULONG_PTR)Thread->StackLimit &&
        End <= (ULONG64)(ULONG_PTR)Thread->StackBase)
        return TRUE;
    return Prcb->DpcRoutineActive && Prcb->DpcStack != NULL &&
           Address >= (ULONG64)(ULONG_PTR)Prcb->DpcStack - KERNEL_STACK_SIZE &&
           End <= (ULONG64)(ULONG_PTR)Prcb->DpcStack;
}
