/* SPDX-License-Identifier: MIT */
/*
 * Asynchronous procedure calls. Each thread has a kernel-mode and a user-mode APC queue;
 * special kernel APCs (no normal routine) sit before normal ones. A kernel APC for the
 * running thread requests the APC_LEVEL software interrupt, which fires when IRQL drops to
 * PASSIVE_LEVEL; a thread blocked at PASSIVE_LEVEL is woken with STATUS_KERNEL_APC, takes
 * the APC and resumes its wait. Special APCs run at APC_LEVEL unless the thread is in a
 * guarded region; normal ones run their kernel routine at APC_LEVEL and then their normal
 * routine at PASSIVE_LEVEL, one at a time, and not inside a critical region. User APCs are
 * queued and end an alertable user-mode wait with STATUS_USER_APC; running them needs user
 * mode. The queues are guarded by the thread's lock.
 */
#include "ki.h"

VOID NTAPI
KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode, PVOID NormalContext)
{
    RtlZeroMemory(Apc, sizeof(*Apc));
    Apc->Type = ApcObject;
    Apc->Size = sizeof(KAPC);
    Apc->Thread = Thread;
    Apc->ApcStateIndex =
        Environment == CurrentApcEnvironment ? OriginalApcEnvironment : (CCHAR)Environment;
    Apc->KernelRoutine = KernelRoutine;
    Apc->RundownRoutine = RundownRoutine;
    Apc->NormalRoutine = NormalRoutine;
    Apc->ApcMode = NormalRoutine != NULL ? ApcMode : KernelMode;
    Apc->NormalContext = NormalRoutine != NULL ? NormalContext : NULL;
}

static VOID
KiQueueApc(PKTHREAD Thread, PKAPC Apc)
{
    PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[(int)Apc->ApcMode], Entry;

    if (Apc->NormalRoutine != NULL)
    {
        InsertTailList(Head, &Apc->ApcListEntry);
        return;
    }
    /* After the last special APC, ahead of every normal one. */
    for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink)
    {
        if (CONTAINING_RECORD(Entry, KAPC, ApcListEntry)->NormalRoutine != NULL)
            break;
    }
    InsertTailList(Entry, &Apc->ApcListEntry);
}

/* Can a thread blocked at PASSIVE_LEVEL take this kernel APC now? */
static BOOLEAN
KiCanDeliverKernelApc(PKTHREAD Thread, PKAPC Apc)
{
    if (Thread->SpecialApcDisable != 0)
        return FALSE;
    return Apc->NormalRoutine == NULL ||
           (Thread->KernelApcDisable == 0 && !Thread->ApcState.KernelApcInProgress);
}

static VOID
KiSignalApc(PKTHREAD Thread, PKAPC Apc, KPRIORITY Increment)
{
    if (Apc->ApcMode == UserMode)
    {
        if (Thread->State == Waiting && Thread->WaitMode == UserMode && Thread->Alertable)
        {
            Thread->ApcState.UserApcPending = TRUE;
            KiUnwaitThread(Thread, STATUS_USER_APC, Increment);
        }
        return;
    }
    Thread->ApcState.KernelApcPending = TRUE;
    /* Pairs with KiSwitchTo: it sets Running then reads the flag; we set the flag then read
     * the state. One of the two sees the other, so a thread switched in meanwhile is not
     * missed. Waiting cannot change under the thread lock. */
    __faststorefence();
    if (Thread == KeGetCurrentThread())
        HalRequestSoftwareInterrupt(APC_LEVEL);
    else if (Thread->State == Running)
        HalSendSoftwareInterrupt(Thread->ProcessorNumber, APC_LEVEL);
    else if (Thread->State == Waiting && Thread->WaitIrql == PASSIVE_LEVEL &&
             KiCanDeliverKernelApc(Thread, Apc))
        KiUnwaitThread(Thread, STATUS_KERNEL_APC, Increment);
}

/* FALSE if the APC is already queued or its thread is exiting. */
BOOLEAN NTAPI
KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2, KPRIORITY Increment)
{
    PKTHREAD Thread = Apc->Thread;
    KIRQL OldIrql = KiLockThread(Thread);
    BOOLEAN Queued = !Apc->Inserted && Thread->ApcQueueable;

    if (Queued)
    {
        Apc->SystemArgument1 = SystemArgument1;
        Apc->SystemArgument2 = SystemArgument2;
        Apc->Inserted = TRUE;
        KiQueueApc(Thread, Apc);
        KiSignalApc(Thread, Apc, Increment);
    }
    KiReleaseThreadLock(Thread);
    KiExitDispatcher(OldIrql);
    return Queued;
}

/* Dequeue the next kernel APC this thread may run now, or NULL. */
static PKAPC
KiNextKernelApc(PKTHREAD Thread)
{
    PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[KernelMode];
    KIRQL OldIrql = KiLockThread(Thread);
    PKAPC Apc = NULL;

    if (!IsListEmpty(Head))
    {
        Apc = CONTAINING_RECORD(Head->Flink, KAPC, ApcListEntry);
        if (KiCanDeliverKernelApc(Thread, Apc))
        {
            RemoveEntryList(&Apc->ApcListEntry);
            Apc->Inserted = FALSE;
        }
        else
        {
            Apc = NULL;
        }
    }
    KiUnlockThread(Thread, OldIrql);
    return Apc;
}

/* Run one dequeued kernel APC. At APC_LEVEL; the APC may be freed by its kernel routine. */
static VOID
KiRunKernelApc(PKTHREAD Thread, PKAPC Apc)
{
    PKNORMAL_ROUTINE NormalRoutine = Apc->NormalRoutine;
    PVOID NormalContext = Apc->NormalContext;
    PVOID Argument1 = Apc->SystemArgument1, Argument2 = Apc->SystemArgument2;

    Apc->KernelRoutine(Apc, &NormalRoutine, &NormalContext, &Argument1, &Argument2);
    if (KeGetCurrentIrql() != APC_LEVEL)
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE, KeGetCurrentIrql(), (ULONG_PTR)Apc, 0, 0);
    if (NormalRoutine == NULL)
        return;
    Thread->ApcState.KernelApcInProgress = TRUE;
    KeLowerIrql(PASSIVE_LEVEL);
    NormalRoutine(NormalContext, Argument1, Argument2);
    KfRaiseIrql(APC_LEVEL);
    Thread->ApcState.KernelApcInProgress = FALSE;
}

/* The APC_LEVEL software interrupt: drain what the current thread may run. */
static VOID NTAPI
KiApcInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    PKTHREAD Thread = KeGetCurrentThread();
    PKAPC Apc;

    UNREFERENCED_PARAMETER(TrapFrame);
    _enable();
    Thread->ApcState.KernelApcPending = FALSE;
    while ((Apc = KiNextKernelApc(Thread)) != NULL)
        KiRunKernelApc(Thread, Apc);
    _disable();
}

VOID
KiRequestApcIfPending(PKTHREAD Thread)
{
    if (Thread->ApcState.KernelApcPending)
        HalRequestSoftwareInterrupt(APC_LEVEL);
}

/* Leaving a critical or guarded region may unblock queued kernel APCs. */
static VOID
KiCheckDeferredApcs(PKTHREAD Thread)
{
    if (Thread->KernelApcDisable == 0 && Thread->SpecialApcDisable == 0 &&
        !IsListEmpty(&Thread->ApcState.ApcListHead[KernelMode]))
    {
        Thread->ApcState.KernelApcPending = TRUE;
        HalRequestSoftwareInterrupt(APC_LEVEL);
    }
}

VOID NTAPI
KeEnterCriticalRegion(VOID)
{
    KeGetCurrentThread()->KernelApcDisable--;
}

VOID NTAPI
KeLeaveCriticalRegion(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();

    if (++Thread->KernelApcDisable > 0)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)_ReturnAddress(), 0,
                     (ULONG)Thread->KernelApcDisable, 0);
    KiCheckDeferredApcs(Thread);
}

VOID NTAPI
KeEnterGuardedRegion(VOID)
{
    KeGetCurrentThread()->SpecialApcDisable--;
}

VOID NTAPI
KeLeaveGuardedRegion(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();

    if (++Thread->SpecialApcDisable > 0)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)_ReturnAddress(), 0,
                     (ULONG)Thread->SpecialApcDisable, 0);
    KiCheckDeferredApcs(Thread);
}

BOOLEAN NTAPI
KeAreApcsDisabled(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();

    return Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0;
}

BOOLEAN NTAPI
KeAreAllApcsDisabled(VOID)
{
    return KeGetCurrentThread()->SpecialApcDisable != 0 || KeGetCurrentIrql() >= APC_LEVEL;
}

VOID
KiInitializeApcs(VOID)
{
    KeRegisterInterruptHandler(HAL_SOFTWARE_INTERRUPT_VECTOR(APC_LEVEL), KiApcInterrupt);
}

/*
 * The exiting thread's last APCs, at PASSIVE_LEVEL: no APC can be queued from here on, and
 * those still queued (user APCs, which need user mode, and kernel APCs queued since the
 * thread last reached PASSIVE_LEVEL) are taken out and given to their rundown routines, as
 * NT's exit does, so their owners can free them. An APC without one is left alone: NT
 * would free it to pool, but Basalt's callers may have put it anywhere.
 */
VOID
KiRundownApcs(PKTHREAD Thread)
{
    LIST_ENTRY Taken;
    KIRQL OldIrql = KiLockThread(Thread);
    ULONG Mode;
    PKAPC Apc;

    Thread->ApcQueueable = FALSE;
    InitializeListHead(&Taken);
    for (Mode = KernelMode; Mode < MaximumMode; Mode++)
    {
        PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[Mode];

        while (!IsListEmpty(Head))
        {
            Apc = CONTAINING_RECORD(RemoveHeadList(Head), KAPC, ApcListEntry);
            Apc->Inserted = FALSE;
            InsertTailList(&Taken, &Apc->ApcListEntry);
        }
    }
    Thread->ApcState.KernelApcPending = FALSE;
    Thread->ApcState.UserApcPending = FALSE;
    KiReleaseThreadLock(Thread);
    KeLowerIrql(OldIrql);
    while (!IsListEmpty(&Taken))
    {
        Apc = CONTAINING_RECORD(RemoveHeadList(&Taken), KAPC, ApcListEntry);
        if (Apc->RundownRoutine != NULL)
            Apc->RundownRoutine(Apc);
    }
}
