/* SPDX-License-Identifier: MIT */
/*
 * The one wait path every dispatcher object shares. A waiting thread links one KWAIT_BLOCK
 * per object into that object's wait list (plus one on its own timer for a timeout), the
 * blocks of one wait chained in a ring. When an object becomes signalled, KiWaitTest walks
 * its waiters in FIFO order: a WaitAny waiter is satisfied by this object alone, a WaitAll
 * waiter only when all of its objects are signalled at once; satisfying consumes the object
 * as its type says (a synchronization event resets, a semaphore's count drops, a mutant
 * gains an owner).
 *
 * Locks (ki.h): the signaller holds the object's lock and takes each waiter's thread lock;
 * a waiter that is no longer Waiting left a stale block behind, which is dropped. Only the
 * satisfying object's block is unlinked by the signaller; the woken thread unlinks the rest
 * itself (KiUnlinkWait), one object lock at a time. The woken thread is not readied at once
 * but put on the processor's deferred-ready list and readied when the signaller has let go
 * of the object (KiExitDispatcher), so it cannot run, return and free an object on its
 * stack while the signaller still holds that object's lock.
 */
#include "ki.h"

VOID
KiInitializeDispatcherHeader(PDISPATCHER_HEADER Header, UCHAR Type, UCHAR SizeInLongs,
                             LONG SignalState)
{
    Header->Lock = 0;
    Header->Type = Type;
    Header->Size = SizeInLongs;
    Header->SignalState = SignalState;
    InitializeListHead(&Header->WaitListHead);
}

/* A mutant is available to its owner (recursive acquisition) as well as when free. */
BOOLEAN
KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    if (KiObjectType(Object) == MutantObject)
        return Object->SignalState > 0 || ((PKMUTANT)Object)->OwnerThread == Thread;
    return Object->SignalState > 0;
}

/* Consume Object for Thread (both locked); returns STATUS_ABANDONED for an abandoned mutant. */
NTSTATUS
KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    PKMUTANT Mutant = (PKMUTANT)Object;
    NTSTATUS Status = STATUS_SUCCESS;

    switch (KiObjectType(Object))
    {
        case EventSynchronizationObject:
        case TimerSynchronizationObject:
            Object->SignalState = 0;
            break;
        case SemaphoreObject:
            Object->SignalState--;
            break;
        case MutantObject:
            if (--Object->SignalState == 0)
            {
                Mutant->OwnerThread = Thread;
                InsertHeadList(&Thread->MutantListHead, &Mutant->MutantListEntry);
                if (Mutant->ApcDisable)
                    Thread->KernelApcDisable--;
                if (Mutant->Abandoned)
                {
                    Mutant->Abandoned = FALSE;
                    Status = STATUS_ABANDONED;
                }
            }
            break;
        default: /* notification events and timers, threads, processes stay signalled */
            break;
    }
    return Status;
}

/* Unlink a block from its object's wait list; the object's lock is held. */
static VOID
KiRemoveWaitBlock(PKWAIT_BLOCK Block)
{
    if (Block->BlockState == KI_WAIT_BLOCK_ACTIVE)
    {
        RemoveEntryList(&Block->WaitListEntry);
        Block->BlockState = 0;
    }
}

/* Is Block one of the WaitAll objects other than Object, and its first block in the ring? */
static BOOLEAN
KiIsOtherWaitAllObject(PDISPATCHER_HEADER Object, PKWAIT_BLOCK First, PKWAIT_BLOCK Block)
{
    PKWAIT_BLOCK Earlier;

    if (Block->WaitType != WaitAll || Block->Object == Object)
        return FALSE;
    for (Earlier = First; Earlier != Block; Earlier = Earlier->NextWaitBlock)
    {
        if (Earlier->Object == Block->Object)
            return FALSE;
    }
    return TRUE;
}

/* Release the other objects' locks taken before Stop (First to end the ring: all of them). */
static VOID
KiUnlockOtherObjects(PDISPATCHER_HEADER Object, PKWAIT_BLOCK First, PKWAIT_BLOCK Stop)
{
    PKWAIT_BLOCK Block = First;

    do
    {
        if (KiIsOtherWaitAllObject(Object, First, Block))
            KiReleaseObjectLock(Block->Object);
        Block = Block->NextWaitBlock;
    } while (Block != Stop && Block != First);
}

static BOOLEAN
KiAllSignaled(PKWAIT_BLOCK First)
{
    PKWAIT_BLOCK Block = First;

    do
    {
        if (Block->WaitType == WaitAll &&
            !KiIsObjectSignaled((PDISPATCHER_HEADER)Block->Object, Block->Thread))
            return FALSE;
        Block = Block->NextWaitBlock;
    } while (Block != First);
    return TRUE;
}

static NTSTATUS
KiSatisfyAll(PKWAIT_BLOCK First)
{
    PKWAIT_BLOCK Block = First;
    NTSTATUS Status = STATUS_SUCCESS;

    do
    {
        if (Block->WaitType == WaitAll)
            Status |= KiSatisfyObject((PDISPATCHER_HEADER)Block->Object, Block->Thread);
        Block = Block->NextWaitBlock;
    } while (Block != First);
    return Status;
}

/*
 * Object (locked) is signalled: does the WaitAll wait First belongs to complete? Its other
 * objects can only be try-locked here (address order is not ours to keep); if one is busy,
 * the waiter is woken with STATUS_KERNEL_APC, which makes it take every lock in order and
 * test again. STATUS_PENDING: not yet.
 */
static NTSTATUS
KiTryWaitAll(PDISPATCHER_HEADER Object, PKWAIT_BLOCK First)
{
    PKWAIT_BLOCK Block = First;
    NTSTATUS Status = STATUS_PENDING;

    do
    {
        if (KiIsOtherWaitAllObject(Object, First, Block) && !KiTryAcquireObjectLock(Block->Object))
        {
            if (Block != First)
                KiUnlockOtherObjects(Object, First, Block);
            return STATUS_KERNEL_APC;
        }
        Block = Block->NextWaitBlock;
    } while (Block != First);
    if (KiAllSignaled(First))
        Status = KiSatisfyAll(First);
    KiUnlockOtherObjects(Object, First, First);
    return Status;
}

VOID
KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment)
{
    PLIST_ENTRY Entry = Object->WaitListHead.Flink, Next;
    PKWAIT_BLOCK Block;
    PKTHREAD Thread;
    NTSTATUS Status;

    for (; Object->SignalState > 0 && Entry != &Object->WaitListHead; Entry = Next)
    {
        Next = Entry->Flink;
        Block = CONTAINING_RECORD(Entry, KWAIT_BLOCK, WaitListEntry);
        Thread = Block->Thread;
        KiAcquireThreadLock(Thread);
        if (Thread->State != Waiting)
        {
            KiRemoveWaitBlock(Block); /* its wait ended through another object */
        }
        else
        {
            Status = Block->WaitType == WaitAny
                         ? (NTSTATUS)Block->WaitKey | KiSatisfyObject(Object, Thread)
                         : KiTryWaitAll(Object, Block);
            if (Status != STATUS_PENDING)
            {
                KiRemoveWaitBlock(Block);
                KiUnwaitThread(Thread, Status, Increment);
            }
        }
        KiReleaseThreadLock(Thread);
    }
}

/*
 * The woken thread takes its remaining blocks off their objects and its timeout off the
 * timer table. At SYNCH_LEVEL, no locks held. Every object is locked even when its block
 * looks unlinked already: a signaller that dropped a stale block (or a timer expiry) may
 * still hold that object's lock, and the object may live in memory this thread frees as
 * soon as it returns (its stack, its KTHREAD's timer).
 */
VOID
KiUnlinkWait(PKTHREAD Thread)
{
    PKWAIT_BLOCK First = Thread->WaitBlockList, Block = First;
    PDISPATCHER_HEADER Object;

    do
    {
        Object = Block->Object;
        KiAcquireObjectLock(Object);
        KiRemoveWaitBlock(Block);
        if (Object == &Thread->Timer.Header && Thread->Timer.Header.Inserted)
            KiRemoveTimer(&Thread->Timer);
        KiReleaseObjectLock(Object);
        Block = Block->NextWaitBlock;
    } while (Block != First);
}

/* End Thread's wait (its lock held, State Waiting); readied by KiExitDispatcher. */
VOID
KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus, KPRIORITY Increment)
{
    PKPRCB Prcb = KiCurrentPrcb();

    Thread->WaitStatus = WaitStatus;
    KiBoostPriority(Thread, Increment);
    Thread->State = DeferredReady;
    PushEntryList(&Prcb->DeferredReadyListHead, &Thread->SwapListEntry);
}

/* Ready the threads this processor woke, now that it holds no object or thread lock. */
VOID
KiProcessDeferredReadyList(VOID)
{
    PKPRCB Prcb = KiCurrentPrcb();
    PSINGLE_LIST_ENTRY Entry;

    while ((Entry = PopEntryList(&Prcb->DeferredReadyListHead)) != NULL)
        KiReadyThread(CONTAINING_RECORD(Entry, KTHREAD, SwapListEntry));
}

VOID
KiExitDispatcher(KIRQL OldIrql)
{
    KiProcessDeferredReadyList();
    KeLowerIrql(OldIrql);
}

/* After KeSetEvent/KeRelease*(..., Wait): stay at SYNCH_LEVEL for the caller's next wait. */
VOID
KiLeaveWaitLock(PDISPATCHER_HEADER Object, KIRQL OldIrql, BOOLEAN Wait)
{
    PKTHREAD Thread = KeGetCurrentThread();

    KiReleaseObjectLock(Object);
    if (!Wait)
    {
        KiExitDispatcher(OldIrql);
        return;
    }
    KiProcessDeferredReadyList();
    Thread->WaitNext = TRUE;
    Thread->WaitIrql = OldIrql;
}
