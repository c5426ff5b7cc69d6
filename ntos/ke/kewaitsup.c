/* SPDX-License-Identifier: MIT */
/*
 * The one wait path every dispatcher object shares. A waiting thread links one KWAIT_BLOCK
 * per object into that object's wait list (plus one on its own timer for a timeout), the
 * blocks of one wait chained in a ring. When an object becomes signalled, KiWaitTest walks
 * its waiters in FIFO order: a WaitAny waiter is satisfied by this object alone, a WaitAll
 * waiter only when all of its objects are signalled at once; satisfying consumes the object
 * as its type says (a synchronization event resets, a semaphore's count drops, a mutant
 * gains an owner). KiUnwaitThread unlinks every block and the timeout and readies the
 * thread with its wait status and priority boost. Dispatcher lock held throughout.
 */
#include "ki.h"

#define KI_WAIT_BLOCK_ACTIVE 1

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
    if (Object->Type == MutantObject)
        return Object->SignalState > 0 || ((PKMUTANT)Object)->OwnerThread == Thread;
    return Object->SignalState > 0;
}

/* Consume Object for Thread; returns STATUS_ABANDONED for an abandoned mutant. */
NTSTATUS
KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    PKMUTANT Mutant = (PKMUTANT)Object;
    NTSTATUS Status = STATUS_SUCCESS;

    switch (Object->Type)
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

VOID
KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment)
{
    PLIST_ENTRY Entry = Object->WaitListHead.Flink;
    PKWAIT_BLOCK Block;
    NTSTATUS Status;

    while (Object->SignalState > 0 && Entry != &Object->WaitListHead)
    {
        Block = CONTAINING_RECORD(Entry, KWAIT_BLOCK, WaitListEntry);
        if (Block->WaitType == WaitAny)
        {
            Status = (NTSTATUS)Block->WaitKey | KiSatisfyObject(Object, Block->Thread);
        }
        else if (KiAllSignaled(Block))
        {
            Status = KiSatisfyAll(Block);
        }
        else
        {
            Entry = Entry->Flink;
            continue;
        }
        KiUnwaitThread(Block->Thread, Status, Increment);
        /* Unwaiting unlinked that thread's blocks, possibly the next one: start over. */
        Entry = Object->WaitListHead.Flink;
    }
}

/* Take every wait block of Thread off its object, and the timeout off the timer table. */
VOID
KiUnlinkWait(PKTHREAD Thread)
{
    PKWAIT_BLOCK First = Thread->WaitBlockList, Block = First;

    do
    {
        if (Block->BlockState == KI_WAIT_BLOCK_ACTIVE)
        {
            RemoveEntryList(&Block->WaitListEntry);
            Block->BlockState = 0;
        }
        Block = Block->NextWaitBlock;
    } while (Block != First);
    if (Thread->Timer.Header.Inserted)
        KiRemoveTimer(&Thread->Timer);
}

VOID
KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus, KPRIORITY Increment)
{
    KiUnlinkWait(Thread);
    Thread->WaitStatus = WaitStatus;
    KiBoostPriority(Thread, Increment);
    KiReadyThread(Thread);
}

/* After KeSetEvent/KeRelease*(..., Wait): keep the lock for the caller's next wait. */
VOID
KiLeaveWaitLock(PKTHREAD Thread, KIRQL OldIrql, BOOLEAN Wait)
{
    if (Wait)
    {
        Thread->WaitNext = TRUE;
        Thread->WaitIrql = OldIrql;
        return;
    }
    KiReleaseDispatcherLock(OldIrql);
}
