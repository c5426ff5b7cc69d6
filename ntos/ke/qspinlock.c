/* SPDX-License-Identifier: MIT */
/*
 * In-stack queued spin locks (MCS locks). The KSPIN_LOCK holds the tail of a queue of
 * KSPIN_LOCK_QUEUE entries that live in the waiters' KLOCK_QUEUE_HANDLEs; each waiter spins
 * on its own entry's LOCK_QUEUE_WAIT bit, so a contended lock costs one cache-line handoff
 * per release instead of every processor hammering the lock word. Acquisition is FIFO.
 */
#include "ntos.h"

static VOID
KiAcquireQueuedLock(PKSPIN_LOCK SpinLock, PKSPIN_LOCK_QUEUE Entry)
{
    PKSPIN_LOCK_QUEUE Tail;

    Entry->Next = NULL;
    Entry->Lock = SpinLock;
    Tail = (PKSPIN_LOCK_QUEUE)InterlockedExchangePointer((PVOID volatile *)SpinLock, Entry);
    if (Tail == NULL)
        return;
    /* Queue behind the tail and wait for it to hand the lock over. */
    Entry->Lock = (PKSPIN_LOCK)((ULONG_PTR)SpinLock | LOCK_QUEUE_WAIT);
    Tail->Next = Entry;
    while ((ULONG_PTR)Entry->Lock & LOCK_QUEUE_WAIT)
        YieldProcessor();
}

static VOID
KiReleaseQueuedLock(PKSPIN_LOCK_QUEUE Entry)
{
    PKSPIN_LOCK SpinLock = (PKSPIN_LOCK)((ULONG_PTR)Entry->Lock & ~(ULONG_PTR)3);
    PKSPIN_LOCK_QUEUE Next = Entry->Next;

    /* A held queued lock always has a tail; an empty one was released twice. */
    if (*(volatile KSPIN_LOCK *)SpinLock == 0)
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, (ULONG_PTR)Entry, 0, 0);
    if (Next == NULL)
    {
        /* No known successor: free the lock unless one is enqueueing right now. */
        if (InterlockedCompareExchangePointer((PVOID volatile *)SpinLock, NULL, Entry) == Entry)
            return;
        while ((Next = Entry->Next) == NULL)
            YieldProcessor();
    }
    Next->Lock = (PKSPIN_LOCK)((ULONG_PTR)Next->Lock & ~(ULONG_PTR)LOCK_QUEUE_WAIT);
}

VOID FASTCALL
KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    KiAcquireQueuedLock(SpinLock, &LockHandle->LockQueue);
}

VOID FASTCALL
KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KiReleaseQueuedLock(&LockHandle->LockQueue);
    KeLowerIrql(LockHandle->OldIrql);
}

VOID FASTCALL
KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    if (KeGetCurrentIrql() < DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, (ULONG_PTR)SpinLock, KeGetCurrentIrql(),
                     DISPATCH_LEVEL, 0);
    KiAcquireQueuedLock(SpinLock, &LockHandle->LockQueue);
}

VOID FASTCALL
KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KiReleaseQueuedLock(&LockHandle->LockQueue);
}
