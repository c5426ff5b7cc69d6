/* SPDX-License-Identifier: MIT */
/*
 * Fast mutexes. The DDK initializes FAST_MUTEX inline (Count = FM_LOCK_BIT, a
 * synchronization event); the lock word is the one guarded mutexes use (ke/kegmutex.c).
 * ExAcquireFastMutex raises to APC_LEVEL and records the old IRQL in the mutex; the Unsafe
 * pair leaves IRQL alone, for callers already in a critical region or at APC_LEVEL.
 */
#include "ntos.h"

VOID FASTCALL
ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    KiAcquireLockWord(&FastMutex->Count, &FastMutex->Event, &FastMutex->Contention);
    FastMutex->Owner = KeGetCurrentThread();
}

VOID FASTCALL
ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    KiCheckMutexOwner(FastMutex, FastMutex->Owner);
    FastMutex->Owner = NULL;
    if (KiReleaseLockWord(&FastMutex->Count))
        KeSetEvent(&FastMutex->Event, 0, FALSE);
}

VOID FASTCALL
ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql = KfRaiseIrql(APC_LEVEL);

    ExAcquireFastMutexUnsafe(FastMutex);
    FastMutex->OldIrql = OldIrql;
}

VOID FASTCALL
ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql = (KIRQL)FastMutex->OldIrql;

    ExReleaseFastMutexUnsafe(FastMutex);
    KeLowerIrql(OldIrql);
}

BOOLEAN FASTCALL
ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql = KfRaiseIrql(APC_LEVEL);

    if (!KiTryAcquireLockWord(&FastMutex->Count))
    {
        KeLowerIrql(OldIrql);
        return FALSE;
    }
    FastMutex->Owner = KeGetCurrentThread();
    FastMutex->OldIrql = OldIrql;
    return TRUE;
}
