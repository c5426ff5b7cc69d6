/* SPDX-License-Identifier: MIT */
/*
 * Mutants and kernel mutexes. The signal state is 1 when free and drops by one per
 * acquisition, so the owner can acquire recursively; the owner's list of held mutants lets
 * thread termination abandon them: the next acquirer gets STATUS_ABANDONED_WAIT_n. A KMUTEX
 * is a mutant with ApcDisable set: holding it blocks normal kernel APCs, releasing it from
 * another thread bugchecks (THREAD_NOT_MUTEX_OWNER) and dying with it held bugchecks
 * (THREAD_TERMINATE_HELD_MUTEX), where a mutant raises or is abandoned.
 */
#include "ki.h"

#define KI_MUTANT_INCREMENT 1

static VOID
KiInitializeMutant(PKMUTANT Mutant, BOOLEAN InitialOwner, UCHAR ApcDisable)
{
    PKTHREAD Thread = KeGetCurrentThread();

    KiInitializeDispatcherHeader(&Mutant->Header, MutantObject, sizeof(KMUTANT) / sizeof(LONG),
                                 InitialOwner ? 0 : 1);
    Mutant->OwnerThread = NULL;
    Mutant->Abandoned = FALSE;
    Mutant->ApcDisable = ApcDisable;
    if (!InitialOwner)
        return;
    /* Only a waiting thread's list is changed by others (KiSatisfyObject): ours is ours. */
    Mutant->OwnerThread = Thread;
    InsertHeadList(&Thread->MutantListHead, &Mutant->MutantListEntry);
}

VOID NTAPI
KeInitializeMutant(PRKMUTANT Mutant, BOOLEAN InitialOwner)
{
    KiInitializeMutant(Mutant, InitialOwner, 0);
}

/* Level is for lock-order checking on old NT; it is not enforced. */
VOID NTAPI
KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    UNREFERENCED_PARAMETER(Level);
    KiInitializeMutant(Mutex, FALSE, 1);
}

/* The mutant (locked) becomes free: off its owner's list, owner's APCs back on, waiters
 * tested. The owner's lock covers its list against a signaller adding to it. */
static VOID
KiFreeMutant(PKMUTANT Mutant, KPRIORITY Increment)
{
    PKTHREAD Owner = Mutant->OwnerThread;

    if (Owner != NULL)
    {
        KiAcquireThreadLock(Owner);
        RemoveEntryList(&Mutant->MutantListEntry);
        /* Normal APCs held off meanwhile are due now; the flag makes the release (or the
         * wait that follows it) deliver them. */
        if (Mutant->ApcDisable && ++Owner->KernelApcDisable == 0 && Owner->SpecialApcDisable == 0 &&
            !IsListEmpty(&Owner->ApcState.ApcListHead[KernelMode]))
            Owner->ApcState.KernelApcPending = TRUE;
        KiReleaseThreadLock(Owner);
    }
    Mutant->OwnerThread = NULL;
    KiWaitTest(&Mutant->Header, Increment);
}

static NTSTATUS
KiReleaseMutant(PKMUTANT Mutant, KPRIORITY Increment, BOOLEAN Abandon, LONG *Previous)
{
    *Previous = Mutant->Header.SignalState;
    if (Abandon)
    {
        Mutant->Header.SignalState = 1;
        Mutant->Abandoned = TRUE;
    }
    else if (Mutant->OwnerThread != KeGetCurrentThread())
    {
        return Mutant->Abandoned ? STATUS_ABANDONED : STATUS_MUTANT_NOT_OWNED;
    }
    else
    {
        Mutant->Header.SignalState++;
    }
    if (Mutant->Header.SignalState == 1)
        KiFreeMutant(Mutant, Increment);
    return STATUS_SUCCESS;
}

/* Returns the previous signal state; a release by a non-owner raises (mutant) or bugchecks
 * (mutex). Abandon is for thread rundown. */
LONG NTAPI
KeReleaseMutant(PRKMUTANT Mutant, KPRIORITY Increment, BOOLEAN Abandon, BOOLEAN Wait)
{
    KIRQL OldIrql = KiLockObject(&Mutant->Header);
    LONG Previous;
    NTSTATUS Status = KiReleaseMutant(Mutant, Increment, Abandon, &Previous);

    if (!NT_SUCCESS(Status))
    {
        KiUnlockObject(&Mutant->Header, OldIrql);
        if (Mutant->ApcDisable)
            KeBugCheckEx(THREAD_NOT_MUTEX_OWNER, (ULONG_PTR)KeGetCurrentThread(), (ULONG_PTR)Mutant,
                         (ULONG_PTR)Mutant->OwnerThread, 0);
        ExRaiseStatus(Status);
    }
    if (!Wait)
        KiRequestApcIfPending(KeGetCurrentThread());
    KiLeaveWaitLock(&Mutant->Header, OldIrql, Wait);
    return Previous;
}

LONG NTAPI
KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    return KeReleaseMutant(Mutex, KI_MUTANT_INCREMENT, FALSE, Wait);
}

LONG NTAPI
KeReadStateMutant(PRKMUTANT Mutant)
{
    return Mutant->Header.SignalState;
}

LONG NTAPI
KeReadStateMutex(PRKMUTEX Mutex)
{
    return Mutex->Header.SignalState;
}

/* Thread rundown, at SYNCH_LEVEL: abandon every mutant still held; holding a mutex here is
 * a bug. Woken waiters are readied by the caller's KiExitDispatcher. */
VOID
KiAbandonMutants(PKTHREAD Thread)
{
    PKMUTANT Mutant;

    while (!IsListEmpty(&Thread->MutantListHead))
    {
        Mutant = CONTAINING_RECORD(Thread->MutantListHead.Flink, KMUTANT, MutantListEntry);
        if (Mutant->ApcDisable)
            KeBugCheckEx(THREAD_TERMINATE_HELD_MUTEX, (ULONG_PTR)Thread, (ULONG_PTR)Mutant, 0, 0);
        KiAcquireObjectLock(&Mutant->Header);
        Mutant->Header.SignalState = 1;
        Mutant->Abandoned = TRUE;
        KiFreeMutant(Mutant, 0);
        KiReleaseObjectLock(&Mutant->Header);
    }
}
