/* SPDX-License-Identifier: MIT */
/*
 * Guarded mutexes, and the lock word they share with fast mutexes (ex/exfmutex.c). The
 * word's bit 0 is set while the mutex is free (the DDK's initial state for both); the bits
 * above count waiters in steps of 4 (FM_LOCK_WAITER_INC, GM_LOCK_WAITER_INC). A contender
 * registers as a waiter, tries once more and only then sleeps on the mutex's dispatcher
 * object; the releaser frees the bit and signals the object if anyone registered, so no
 * wake-up is lost (a stale signal costs a waiter one more try). A guarded mutex keeps its
 * owner in a guarded region (all kernel APCs off) instead of raising IRQL.
 */
#include "ki.h"

#define KI_MUTEX_FREE 0x1
#define KI_MUTEX_WAITER_INC 0x4

C_ASSERT(KI_MUTEX_FREE == FM_LOCK_BIT && KI_MUTEX_FREE == GM_LOCK_BIT);
C_ASSERT(KI_MUTEX_WAITER_INC == FM_LOCK_WAITER_INC && KI_MUTEX_WAITER_INC == GM_LOCK_WAITER_INC);
C_ASSERT(FIELD_OFFSET(FAST_MUTEX, Count) == FIELD_OFFSET(KGUARDED_MUTEX, Count));

static BOOLEAN
KiTryTakeLockWord(volatile LONG *Count)
{
    return InterlockedBitTestAndReset(Count, 0);
}

VOID
KiAcquireLockWord(volatile LONG *Count, PVOID WaitObject, PULONG Contention)
{
    BOOLEAN Taken;

    while (!KiTryTakeLockWord(Count))
    {
        InterlockedExchangeAdd(Count, KI_MUTEX_WAITER_INC);
        (*Contention)++;
        Taken = KiTryTakeLockWord(Count);
        if (!Taken)
            KeWaitForSingleObject(WaitObject, WrMutex, KernelMode, FALSE, NULL);
        InterlockedExchangeAdd(Count, -KI_MUTEX_WAITER_INC);
        if (Taken)
            return;
    }
}

BOOLEAN
KiTryAcquireLockWord(volatile LONG *Count)
{
    return KiTryTakeLockWord(Count);
}

/* Frees the word; TRUE when a waiter must be woken through the mutex's object. */
BOOLEAN
KiReleaseLockWord(volatile LONG *Count)
{
    return InterlockedOr(Count, KI_MUTEX_FREE) >= KI_MUTEX_WAITER_INC;
}

VOID
KiCheckMutexOwner(PVOID Mutex, PKTHREAD Owner)
{
    if (Owner != KeGetCurrentThread())
        KeBugCheckEx(THREAD_NOT_MUTEX_OWNER, (ULONG_PTR)KeGetCurrentThread(), (ULONG_PTR)Mutex,
                     (ULONG_PTR)Owner, 0);
}

/* The gate: a synchronization-event-like object (KiSatisfyObject resets it). */
static VOID
KiSignalGate(PKGATE Gate)
{
    KIRQL OldIrql = KiLockObject(&Gate->Header);

    Gate->Header.SignalState = 1;
    KiWaitTest(&Gate->Header, 0);
    KiReleaseObjectLock(&Gate->Header);
    KiExitDispatcher(OldIrql);
}

VOID FASTCALL
KeInitializeGuardedMutex(PKGUARDED_MUTEX GuardedMutex)
{
    GuardedMutex->Count = KI_MUTEX_FREE;
    GuardedMutex->Owner = NULL;
    GuardedMutex->Contention = 0;
    KiInitializeDispatcherHeader(&GuardedMutex->Gate.Header, GateObject,
                                 sizeof(KGATE) / sizeof(LONG), 0);
}

VOID FASTCALL
KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX GuardedMutex)
{
    KiAcquireLockWord(&GuardedMutex->Count, &GuardedMutex->Gate, &GuardedMutex->Contention);
    GuardedMutex->Owner = KeGetCurrentThread();
}

VOID FASTCALL
KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX GuardedMutex)
{
    KiCheckMutexOwner(GuardedMutex, GuardedMutex->Owner);
    GuardedMutex->Owner = NULL;
    if (KiReleaseLockWord(&GuardedMutex->Count))
        KiSignalGate(&GuardedMutex->Gate);
}

VOID FASTCALL
KeAcquireGuardedMutex(PKGUARDED_MUTEX GuardedMutex)
{
    KeEnterGuardedRegion();
    KeAcquireGuardedMutexUnsafe(GuardedMutex);
}

VOID FASTCALL
KeReleaseGuardedMutex(PKGUARDED_MUTEX GuardedMutex)
{
    KeReleaseGuardedMutexUnsafe(GuardedMutex);
    KeLeaveGuardedRegion();
}

BOOLEAN FASTCALL
KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX GuardedMutex)
{
    KeEnterGuardedRegion();
    if (!KiTryAcquireLockWord(&GuardedMutex->Count))
    {
        KeLeaveGuardedRegion();
        return FALSE;
    }
    GuardedMutex->Owner = KeGetCurrentThread();
    return TRUE;
}
