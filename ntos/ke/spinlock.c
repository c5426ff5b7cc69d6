/* SPDX-License-Identifier: MIT */
/*
 * Executive spin locks. A held KSPIN_LOCK stores its owner thread with bit 0 set, so a
 * recursive acquire or a release by a non-owner is caught (SPIN_LOCK_ALREADY_OWNED,
 * SPIN_LOCK_NOT_OWNED) instead of deadlocking or silently corrupting. Waiters spin on plain
 * reads with PAUSE and retry the atomic exchange only when the lock looks free.
 * Locks are taken at DISPATCH_LEVEL or above; the caller's IRQL contract is checked.
 */
#include "ntos.h"

static ULONG_PTR
KiSpinLockOwnerValue(VOID)
{
    return (ULONG_PTR)KeGetCurrentThread() | 1;
}

static VOID
KiCheckAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    if (KeGetCurrentIrql() < DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, (ULONG_PTR)SpinLock, KeGetCurrentIrql(),
                     DISPATCH_LEVEL, 0);
}

static VOID
KiAcquireSpinLock(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR Owner = KiSpinLockOwnerValue();

    if (*(volatile KSPIN_LOCK *)SpinLock == Owner)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, 0, 0, 0);
    for (;;)
    {
        if (InterlockedCompareExchange64((volatile LONG64 *)SpinLock, (LONG64)Owner, 0) == 0)
            return;
        while (*(volatile KSPIN_LOCK *)SpinLock != 0)
            YieldProcessor();
    }
}

static VOID
KiReleaseSpinLock(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR Owner = KiSpinLockOwnerValue();

    if (InterlockedCompareExchange64((volatile LONG64 *)SpinLock, 0, (LONG64)Owner) !=
        (LONG64)Owner)
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, *SpinLock, Owner, 0);
}

KIRQL NTAPI
KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);

    KiAcquireSpinLock(SpinLock);
    return OldIrql;
}

VOID NTAPI
KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KiReleaseSpinLock(SpinLock);
    KeLowerIrql(NewIrql);
}

VOID NTAPI
KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckAtDpcLevel(SpinLock);
    KiAcquireSpinLock(SpinLock);
}

VOID NTAPI
KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckAtDpcLevel(SpinLock);
    KiReleaseSpinLock(SpinLock);
}

/* For code that may run as a DPC or at passive level: raise only if not already there. */
KIRQL FASTCALL
KeAcquireSpinLockForDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KeGetCurrentIrql();

    if (OldIrql < DISPATCH_LEVEL)
        KfRaiseIrql(DISPATCH_LEVEL);
    KiAcquireSpinLock(SpinLock);
    return OldIrql;
}

VOID FASTCALL
KeReleaseSpinLockForDpc(PKSPIN_LOCK SpinLock, KIRQL OldIrql)
{
    KiReleaseSpinLock(SpinLock);
    if (OldIrql < DISPATCH_LEVEL)
        KeLowerIrql(OldIrql);
}

BOOLEAN FASTCALL
KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckAtDpcLevel(SpinLock);
    if (*(volatile KSPIN_LOCK *)SpinLock != 0)
        return FALSE;
    return InterlockedCompareExchange64((volatile LONG64 *)SpinLock, (LONG64)KiSpinLockOwnerValue(),
                                        0) == 0;
}

/* TRUE when the lock is free (Windows' documented meaning). */
BOOLEAN FASTCALL
KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    YieldProcessor();
    return *(volatile KSPIN_LOCK *)SpinLock == 0;
}
