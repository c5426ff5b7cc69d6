/* SPDX-License-Identifier: MIT */
/* Semaphores: the signal state is the count; each satisfied wait takes one. */
#include "ki.h"

VOID NTAPI
KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    KiInitializeDispatcherHeader(&Semaphore->Header, SemaphoreObject,
                                 sizeof(KSEMAPHORE) / sizeof(LONG), Count);
    Semaphore->Limit = Limit;
}

/* Returns the previous count; raises STATUS_SEMAPHORE_LIMIT_EXCEEDED past the limit. */
LONG NTAPI
KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait)
{
    KIRQL OldIrql = KiLockObject(&Semaphore->Header);
    LONG Previous = Semaphore->Header.SignalState;

    if (Adjustment <= 0 || Previous > Semaphore->Limit - Adjustment)
    {
        KiUnlockObject(&Semaphore->Header, OldIrql);
        ExRaiseStatus(STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    }
    Semaphore->Header.SignalState = Previous + Adjustment;
    if (Previous == 0)
        KiWaitTest(&Semaphore->Header, Increment);
    KiLeaveWaitLock(&Semaphore->Header, OldIrql, Wait);
    return Previous;
}

LONG NTAPI
KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
    return Semaphore->Header.SignalState;
}
