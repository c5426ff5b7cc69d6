/* SPDX-License-Identifier: MIT */
/*
 * KeWaitForSingleObject, KeWaitForMultipleObjects and KeDelayExecutionThread. With the
 * locks of all its objects (in address order, the timer's among them) and its own thread
 * lock held, a wait is tried in NT's order: a pending kernel APC is delivered first (the
 * wait is then retried), then the objects are tested and, if satisfied, consumed; then an
 * alertable wait checks alerts and pending user APCs; then a zero timeout fails with
 * STATUS_TIMEOUT. Otherwise the thread arms its timer, links its wait blocks, becomes
 * Waiting and, with the locks dropped, switches away. A wait ended by STATUS_KERNEL_APC
 * (an APC, or a WaitAll that must be retested) lowers IRQL and starts over with the same
 * absolute deadline.
 */
#include "ki.h"

#define KI_NO_TIMEOUT MAXULONG64
#define KI_MAXIMUM_WAIT_LOCKS (MAXIMUM_WAIT_OBJECTS + 1)

typedef struct _KI_WAIT
{
    ULONG Count;
    PVOID *Objects;
    WAIT_TYPE WaitType;
    KPROCESSOR_MODE WaitMode;
    BOOLEAN Alertable;
    ULONG64 DueTime; /* interrupt time; KI_NO_TIMEOUT; 0 (or any past time): do not block */
    PKWAIT_BLOCK WaitBlocks;
} KI_WAIT, *PKI_WAIT;

/* The objects a wait locks (its timer among them): distinct, in ascending address order. */
typedef struct _KI_WAIT_LOCKS
{
    ULONG Count;
    PDISPATCHER_HEADER Objects[KI_MAXIMUM_WAIT_LOCKS];
} KI_WAIT_LOCKS, *PKI_WAIT_LOCKS;

static VOID
KiAddWaitLock(PKI_WAIT_LOCKS Locks, PDISPATCHER_HEADER Object)
{
    ULONG I;

    for (I = 0; I < Locks->Count; I++)
    {
        if (Locks->Objects[I] == Object)
            return;
    }
    for (I = Locks->Count++; I > 0 && Locks->Objects[I - 1] > Object; I--)
        Locks->Objects[I] = Locks->Objects[I - 1];
    Locks->Objects[I] = Object;
}

static VOID
KiBuildWaitLocks(PKTHREAD Thread, PKI_WAIT Wait, PKI_WAIT_LOCKS Locks)
{
    ULONG I;

    Locks->Count = 0;
    for (I = 0; I < Wait->Count; I++)
        KiAddWaitLock(Locks, Wait->Objects[I]);
    if (Wait->DueTime != KI_NO_TIMEOUT)
        KiAddWaitLock(Locks, &Thread->Timer.Header);
}

static VOID
KiLockWait(PKTHREAD Thread, PKI_WAIT_LOCKS Locks)
{
    ULONG I;

    for (I = 0; I < Locks->Count; I++)
        KiAcquireObjectLock(Locks->Objects[I]);
    KiAcquireThreadLock(Thread);
}

static VOID
KiUnlockWait(PKTHREAD Thread, PKI_WAIT_LOCKS Locks)
{
    ULONG I;

    KiReleaseThreadLock(Thread);
    for (I = Locks->Count; I > 0; I--)
        KiReleaseObjectLock(Locks->Objects[I - 1]);
}

/* The status of a wait that can complete now, or STATUS_PENDING. */
static NTSTATUS
KiTrySatisfy(PKTHREAD Thread, PKI_WAIT Wait)
{
    PDISPATCHER_HEADER Object;
    ULONG I;
    NTSTATUS Status = STATUS_SUCCESS;

    for (I = 0; I < Wait->Count; I++)
    {
        Object = Wait->Objects[I];
        if (KiIsObjectSignaled(Object, Thread))
        {
            if (Wait->WaitType == WaitAny)
                return (NTSTATUS)I | KiSatisfyObject(Object, Thread);
        }
        else if (Wait->WaitType == WaitAll)
        {
            return STATUS_PENDING;
        }
    }
    if (Wait->WaitType == WaitAny)
        return STATUS_PENDING;
    for (I = 0; I < Wait->Count; I++)
        Status |= KiSatisfyObject(Wait->Objects[I], Thread);
    return Status;
}

static NTSTATUS
KiTestAlert(PKTHREAD Thread, PKI_WAIT Wait)
{
    if (!Wait->Alertable)
        return STATUS_PENDING;
    if (Thread->Alerted[(int)Wait->WaitMode])
    {
        Thread->Alerted[(int)Wait->WaitMode] = FALSE;
        return STATUS_ALERTED;
    }
    if (Wait->WaitMode == UserMode && !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode]))
    {
        Thread->ApcState.UserApcPending = TRUE;
        return STATUS_USER_APC;
    }
    return STATUS_PENDING;
}

static VOID
KiLinkWaitBlock(PKWAIT_BLOCK Block, PKTHREAD Thread, PVOID Object, USHORT Key, UCHAR Type)
{
    Block->Thread = Thread;
    Block->Object = Object;
    Block->WaitKey = Key;
    Block->WaitType = Type;
    Block->BlockState = KI_WAIT_BLOCK_ACTIVE;
    InsertTailList(&((PDISPATCHER_HEADER)Object)->WaitListHead, &Block->WaitListEntry);
}

/* Arm the timeout, then link the blocks in a ring; FALSE if the deadline has passed. */
static BOOLEAN
KiPrepareToBlock(PKTHREAD Thread, PKI_WAIT Wait)
{
    PKWAIT_BLOCK Blocks = Wait->WaitBlocks, TimerBlock = &Thread->WaitBlock[KI_TIMER_WAIT_BLOCK];
    ULONG I;

    if (Wait->DueTime != KI_NO_TIMEOUT)
    {
        Thread->Timer.Header.SignalState = 0;
        Thread->Timer.Period = 0;
        Thread->Timer.Dpc = NULL;
        if (!KiInsertTimer(&Thread->Timer, Wait->DueTime))
            return FALSE;
    }
    for (I = 0; I < Wait->Count; I++)
    {
        KiLinkWaitBlock(&Blocks[I], Thread, Wait->Objects[I], (USHORT)I, (UCHAR)Wait->WaitType);
        Blocks[I].NextWaitBlock = &Blocks[I + 1 < Wait->Count ? I + 1 : 0];
    }
    Thread->WaitBlockList = Blocks;
    if (Wait->DueTime == KI_NO_TIMEOUT)
        return TRUE;
    KiLinkWaitBlock(TimerBlock, Thread, &Thread->Timer, (USHORT)STATUS_TIMEOUT, WaitAny);
    TimerBlock->NextWaitBlock = Wait->Count > 0 ? Blocks[0].NextWaitBlock : TimerBlock;
    if (Wait->Count > 0)
        Blocks[0].NextWaitBlock = TimerBlock;
    else
        Thread->WaitBlockList = TimerBlock;
    return TRUE;
}

/* With the wait's locks held: complete the wait now, or return STATUS_PENDING. */
static NTSTATUS
KiTryWait(PKTHREAD Thread, PKI_WAIT Wait)
{
    NTSTATUS Status = KiTrySatisfy(Thread, Wait);

    if (Status == STATUS_PENDING)
        Status = KiTestAlert(Thread, Wait);
    if (Status == STATUS_PENDING && Wait->DueTime <= KeQueryInterruptTime())
        Status = STATUS_TIMEOUT;
    return Status;
}

static NTSTATUS
KiWait(PKI_WAIT Wait)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KI_WAIT_LOCKS Locks;
    NTSTATUS Status;

    KiBuildWaitLocks(Thread, Wait, &Locks);
    for (;;)
    {
        if (Thread->WaitNext)
            Thread->WaitNext = FALSE;
        else
            Thread->WaitIrql = KfRaiseIrql(SYNCH_LEVEL);
        KiLockWait(Thread, &Locks);
        /* Under the thread lock, so that an APC queued from now on finds us Waiting. */
        if (Thread->ApcState.KernelApcPending && Thread->SpecialApcDisable == 0 &&
            Thread->WaitIrql < APC_LEVEL)
        {
            KiUnlockWait(Thread, &Locks);
            HalRequestSoftwareInterrupt(APC_LEVEL);
            KeLowerIrql(Thread->WaitIrql);
            continue;
        }
        Status = KiTryWait(Thread, Wait);
        if (Status != STATUS_PENDING)
            break;
        if (Thread->WaitIrql > APC_LEVEL)
            KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Wait->Objects, Thread->WaitIrql, 0,
                         (ULONG_PTR)_ReturnAddress());
        if (!KiPrepareToBlock(Thread, Wait))
        {
            Status = STATUS_TIMEOUT;
            break;
        }
        Thread->Alertable = Wait->Alertable;
        Thread->WaitMode = Wait->WaitMode;
        Thread->State = Waiting;
        Thread->SwapBusy = 1;
        KiUnlockWait(Thread, &Locks);
        Status = KiSwapThread(Thread, KiCurrentPrcb());
        KiUnlinkWait(Thread);
        KeLowerIrql(Thread->WaitIrql);
        if (Status != STATUS_KERNEL_APC)
            return Status;
    }
    KiUnlockWait(Thread, &Locks);
    KiExitDispatcher(Thread->WaitIrql);
    return Status;
}

static ULONG64
KiWaitDueTime(PLARGE_INTEGER Timeout)
{
    if (Timeout == NULL)
        return KI_NO_TIMEOUT;
    if (Timeout->QuadPart == 0)
        return 0;
    return KiDueTimeToInterruptTime(*Timeout);
}

/* Mutant recursion beyond MINLONG acquisitions is the caller's error, raised as on NT. */
static VOID
KiCheckMutantLimit(ULONG Count, PVOID *Objects)
{
    PDISPATCHER_HEADER Header;
    ULONG I;

    for (I = 0; I < Count; I++)
    {
        Header = Objects[I];
        if (KiObjectType(Header) == MutantObject && Header->SignalState == (LONG)MINLONG &&
            ((PKMUTANT)Header)->OwnerThread == KeGetCurrentThread())
            ExRaiseStatus(STATUS_MUTANT_LIMIT_EXCEEDED);
    }
}

NTSTATUS NTAPI
KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                         KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                         PKWAIT_BLOCK WaitBlockArray)
{
    KI_WAIT Wait = {Count,
                    Object,
                    WaitType,
                    WaitMode,
                    Alertable,
                    KiWaitDueTime(Timeout),
                    WaitBlockArray != NULL ? WaitBlockArray : KeGetCurrentThread()->WaitBlock};

    if (Count == 0 || Count > (WaitBlockArray != NULL ? MAXIMUM_WAIT_OBJECTS : THREAD_WAIT_OBJECTS))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count, (ULONG_PTR)WaitBlockArray, 0, 0);
    if (WaitType != WaitAny && WaitType != WaitAll)
        return STATUS_INVALID_PARAMETER_3;
    KeGetCurrentThread()->WaitReason = (UCHAR)WaitReason;
    KiCheckMutantLimit(Count, Object);
    return KiWait(&Wait);
}

NTSTATUS NTAPI
KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                      BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KI_WAIT Wait = {1,
                    &Object,
                    WaitAny,
                    WaitMode,
                    Alertable,
                    KiWaitDueTime(Timeout),
                    KeGetCurrentThread()->WaitBlock};

    KeGetCurrentThread()->WaitReason = (UCHAR)WaitReason;
    KiCheckMutantLimit(1, &Object);
    return KiWait(&Wait);
}

/* A zero interval yields to ready threads of equal or higher priority. */
static VOID
KiYield(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    KiReadyCurrentThread(Thread);
    KiSwapThread(Thread, KiCurrentPrcb());
    KeLowerIrql(OldIrql);
}

NTSTATUS NTAPI
KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval)
{
    KI_WAIT Wait = {0, NULL, WaitAny, WaitMode, Alertable, KiWaitDueTime(Interval), NULL};
    NTSTATUS Status;

    if (Wait.DueTime == 0)
    {
        KiYield();
        return STATUS_SUCCESS;
    }
    KeGetCurrentThread()->WaitReason = DelayExecution;
    Status = KiWait(&Wait);
    return Status == STATUS_TIMEOUT ? STATUS_SUCCESS : Status;
}
