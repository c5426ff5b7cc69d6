/* SPDX-License-Identifier: MIT */
/*
 * KeWaitForSingleObject, KeWaitForMultipleObjects and KeDelayExecutionThread. Under the
 * dispatcher lock a wait is tried in NT's order: a pending kernel APC is delivered first
 * (the wait is then retried), then the objects are tested and, if satisfied, consumed; then
 * an alertable wait checks alerts and pending user APCs; then a zero timeout fails with
 * STATUS_TIMEOUT. Otherwise the thread links its wait blocks, arms its timer and blocks.
 * A wait ended by STATUS_KERNEL_APC lowers IRQL (delivering the APC) and starts over with
 * the same absolute deadline.
 */
#include "ki.h"

#define KI_WAIT_BLOCK_ACTIVE 1
#define KI_NO_TIMEOUT MAXULONG64

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

/* Link the blocks in a ring and arm the timeout; FALSE if the deadline has already passed. */
static BOOLEAN
KiPrepareToBlock(PKTHREAD Thread, PKI_WAIT Wait)
{
    PKWAIT_BLOCK Blocks = Wait->WaitBlocks, TimerBlock = &Thread->WaitBlock[KI_TIMER_WAIT_BLOCK];
    ULONG I;

    for (I = 0; I < Wait->Count; I++)
    {
        KiLinkWaitBlock(&Blocks[I], Thread, Wait->Objects[I], (USHORT)I, (UCHAR)Wait->WaitType);
        Blocks[I].NextWaitBlock = &Blocks[I + 1 < Wait->Count ? I + 1 : 0];
    }
    Thread->WaitBlockList = Blocks;
    if (Wait->DueTime == KI_NO_TIMEOUT)
        return TRUE;
    Thread->Timer.Header.SignalState = 0;
    KiLinkWaitBlock(TimerBlock, Thread, &Thread->Timer, (USHORT)STATUS_TIMEOUT, WaitAny);
    TimerBlock->NextWaitBlock = Wait->Count > 0 ? Blocks[0].NextWaitBlock : TimerBlock;
    if (Wait->Count > 0)
        Blocks[0].NextWaitBlock = TimerBlock;
    else
        Thread->WaitBlockList = TimerBlock;
    Thread->Timer.Period = 0;
    Thread->Timer.Dpc = NULL;
    if (KiInsertTimer(&Thread->Timer, Wait->DueTime))
        return TRUE;
    KiUnlinkWait(Thread);
    return FALSE;
}

static NTSTATUS
KiWait(PKI_WAIT Wait)
{
    PKTHREAD Thread = KeGetCurrentThread();
    NTSTATUS Status;

    for (;;)
    {
        if (Thread->WaitNext)
            Thread->WaitNext = FALSE;
        else
            Thread->WaitIrql = KiAcquireDispatcherLock();
        if (Thread->ApcState.KernelApcPending && Thread->SpecialApcDisable == 0 &&
            Thread->WaitIrql < APC_LEVEL)
        {
            HalRequestSoftwareInterrupt(APC_LEVEL);
            KiReleaseDispatcherLock(Thread->WaitIrql);
            continue;
        }
        Status = KiTrySatisfy(Thread, Wait);
        if (Status == STATUS_PENDING)
            Status = KiTestAlert(Thread, Wait);
        if (Status == STATUS_PENDING && Wait->DueTime <= KeQueryInterruptTime())
            Status = STATUS_TIMEOUT;
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
        Status = KiSwapThread(Thread, KiCurrentPrcb());
        KeLowerIrql(Thread->WaitIrql);
        if (Status != STATUS_KERNEL_APC)
            return Status;
    }
    KiReleaseDispatcherLock(Thread->WaitIrql);
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
        if (Header->Type == MutantObject && Header->SignalState == (LONG)MINLONG &&
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
    KIRQL OldIrql = KiAcquireDispatcherLock();

    Thread->State = Ready;
    KiReadyThread(Thread);
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
