/* SPDX-License-Identifier: MIT */
/*
 * Shared spin locks (EX_SPIN_LOCK): a LONG whose bit 31 marks the exclusive owner, or an
 * exclusive acquirer waiting for the sharers to leave, and whose lower bits count the
 * sharers. An exclusive acquirer claims bit 31 first and then waits for the count to drain,
 * so a stream of new sharers cannot starve it: they spin while bit 31 is set. Neither kind
 * may be acquired recursively (a sharer that asks again behind a waiting writer would spin
 * forever), as Microsoft documents.
 */
#include "exp.h"

#define EXP_SPIN_LOCK_EXCLUSIVE ((LONG)0x80000000)
#define EXP_SPIN_LOCK_SHARERS 0x7FFFFFFF

static inline LONG
ExpReadSpinLock(PEX_SPIN_LOCK SpinLock)
{
    return *(volatile LONG *)SpinLock;
}

LOGICAL
ExTryAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    LONG Old;

    ASSERT(KeGetCurrentIrql() >= DISPATCH_LEVEL);
    for (Old = ExpReadSpinLock(SpinLock); !(Old & EXP_SPIN_LOCK_EXCLUSIVE);
         Old = ExpReadSpinLock(SpinLock))
    {
        if (InterlockedCompareExchange(SpinLock, Old + 1, Old) == Old)
            return TRUE;
    }
    return FALSE;
}

VOID
ExAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    while (!ExTryAcquireSpinLockSharedAtDpcLevel(SpinLock))
    {
        while (ExpReadSpinLock(SpinLock) & EXP_SPIN_LOCK_EXCLUSIVE)
            YieldProcessor();
    }
}

KIRQL
ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KeRaiseIrqlToDpcLevel();

    ExAcquireSpinLockSharedAtDpcLevel(SpinLock);
    return OldIrql;
}

VOID
ExReleaseSpinLockSharedFromDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    LONG New = InterlockedDecrement(SpinLock);

    UNREFERENCED_PARAMETER(New);
    ASSERT((New & EXP_SPIN_LOCK_SHARERS) != EXP_SPIN_LOCK_SHARERS);
}

VOID
ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql)
{
    ExReleaseSpinLockSharedFromDpcLevel(SpinLock);
    KeLowerIrql(OldIrql);
}

LOGICAL
ExTryAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    ASSERT(KeGetCurrentIrql() >= DISPATCH_LEVEL);
    return InterlockedCompareExchange(SpinLock, EXP_SPIN_LOCK_EXCLUSIVE, 0) == 0;
}

VOID
ExAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    LONG Old;

    ASSERT(KeGetCurrentIrql() >= DISPATCH_LEVEL);
    for (;;)
    {
        Old = ExpReadSpinLock(SpinLock);
        if (Old & EXP_SPIN_LOCK_EXCLUSIVE)
            YieldProcessor();
        else if (InterlockedCompareExchange(SpinLock, Old | EXP_SPIN_LOCK_EXCLUSIVE, Old) == Old)
            break;
    }
    /* Bit 31 is ours: wait for the sharers that came first. */
    while (ExpReadSpinLock(SpinLock) & EXP_SPIN_LOCK_SHARERS)
        YieldProcessor();
}

KIRQL
ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KeRaiseIrqlToDpcLevel();

    ExAcquireSpinLockExclusiveAtDpcLevel(SpinLock);
    return OldIrql;
}

VOID
ExReleaseSpinLockExclusiveFromDpcLevel(PEX_SPIN_LOCK SpinLock)
{
    ASSERT(ExpReadSpinLock(SpinLock) == EXP_SPIN_LOCK_EXCLUSIVE);
    InterlockedExchange(SpinLock, 0);
}

VOID
ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql)
{
    ExReleaseSpinLockExclusiveFromDpcLevel(SpinLock);
    KeLowerIrql(OldIrql);
}

/* Succeeds only for the sole sharer with no writer waiting; a waiting writer is waiting for
 * this very sharer, so converting would deadlock the two. */
LOGICAL
ExTryConvertSharedSpinLockExclusive(PEX_SPIN_LOCK SpinLock)
{
    return InterlockedCompareExchange(SpinLock, EXP_SPIN_LOCK_EXCLUSIVE, 1) == 1;
}
