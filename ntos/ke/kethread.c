/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads: creation on a fresh kernel stack, the first run (KiThreadStartup), and
 * termination, which abandons held mutants, signals the thread object and hands its stack
 * to the reaper. The KTHREAD storage belongs to the caller (Ps, later, with reference
 * counts); it must stay valid until the thread has terminated and been waited for.
 */
#include "ki.h"

KPROCESS KiSystemProcess;

PKPROCESS
KeGetSystemProcess(VOID)
{
    return &KiSystemProcess;
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
    KIRQL OldIrql = KiAcquireDispatcherLock();

    InsertTailList(&Thread->Process->ThreadListHead, &Thread->ThreadListEntry);
    KiReadyThread(Thread);
    KiReleaseDispatcherLock(OldIrql);
}

/* First instructions of every thread: switched to with the dispatcher lock held. */
DECLSPEC_NORETURN VOID
KiThreadStartup(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();

    KiReleaseDispatcherLockFromSynchLevel();
    KeLowerIrql(PASSIVE_LEVEL);
    _enable();
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
    KiAcquireDispatcherLock();
    KiAbandonMutants(Thread);
    RemoveEntryList(&Thread->ThreadListEntry);
    Thread->Header.SignalState = 1;
    KiWaitTest(&Thread->Header, Increment);
    Thread->State = Terminated;
    if (Thread->OwnsStack)
        KiDeferStackFree(Thread);
    KiSwapThread(Thread, KiCurrentPrcb());
    KeBugCheckEx(INVALID_DATA_ACCESS_TRAP, (ULONG_PTR)Thread, 0, 0, 0);
}

/* Returns whether the thread was already alerted; an alertable waiter wakes STATUS_ALERTED. */
BOOLEAN
KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN Previous = Thread->Alerted[(int)AlertMode];

    if (!Previous)
    {
        if (Thread->State == Waiting && Thread->Alertable && AlertMode <= Thread->WaitMode)
            KiUnwaitThread(Thread, STATUS_ALERTED, 0);
        else
            Thread->Alerted[(int)AlertMode] = TRUE;
    }
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

/* Returns and clears the current thread's alert for AlertMode. */
BOOLEAN
KeTestAlertThread(KPROCESSOR_MODE AlertMode)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN Alerted = Thread->Alerted[(int)AlertMode];

    Thread->Alerted[(int)AlertMode] = FALSE;
    KiReleaseDispatcherLock(OldIrql);
    return Alerted;
}

/* The thread running on Prcb (on its stack) becomes that processor's idle thread. */
VOID
KiInitializeIdleThread(PKPRCB Prcb, PKTHREAD IdleThread)
{
    PVOID StackBase = IdleThread->StackBase, StackLimit = IdleThread->StackLimit;

    KiInitializeThreadObject(IdleThread, &KiSystemProcess);
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

    InitializeListHead(&KiSystemProcess.ThreadListHead);
    KiInitializeDispatcherHeader(&KiSystemProcess.Header, ProcessObject,
                                 sizeof(KPROCESS) / sizeof(LONG), 0);
    KiSystemProcess.Affinity = ~(KAFFINITY)0; /* any processor that runs */
    KiSystemProcess.BasePriority = KI_DEFAULT_THREAD_PRIORITY;
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
