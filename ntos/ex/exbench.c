/* SPDX-License-Identifier: MIT */
/*
 * Ex micro-benchmarks, run on /BENCH after Ke's (see ke/kebench.c: under scripts/bench a
 * TSC delta counts guest instructions). Both are uncontended acquire+release pairs, taken
 * with interrupts off so the clock's instructions are not counted.
 */
#include "exp.h"

#define EXP_BENCH_ROUNDS 10000

static ULONG64
ExpBenchPushLockExclusive(VOID)
{
    EX_PUSH_LOCK Lock;
    ULONG64 Start;
    ULONG I;

    ExInitializePushLock(&Lock);
    Start = __rdtsc();
    for (I = 0; I < EXP_BENCH_ROUNDS; I++)
    {
        ExfAcquirePushLockExclusive(&Lock);
        ExfReleasePushLockExclusive(&Lock);
    }
    return (__rdtsc() - Start) / EXP_BENCH_ROUNDS;
}

/* Includes the raise to DISPATCH_LEVEL and the lower, as a driver's call does. */
static ULONG64
ExpBenchSpinLockShared(VOID)
{
    EX_SPIN_LOCK Lock = 0;
    ULONG64 Start;
    KIRQL OldIrql;
    ULONG I;

    Start = __rdtsc();
    for (I = 0; I < EXP_BENCH_ROUNDS; I++)
    {
        OldIrql = ExAcquireSpinLockShared(&Lock);
        ExReleaseSpinLockShared(&Lock, OldIrql);
    }
    return (__rdtsc() - Start) / EXP_BENCH_ROUNDS;
}

VOID
ExpRunBenchmarks(VOID)
{
    ULONG64 PushLock, SpinLock;

    _disable();
    PushLock = ExpBenchPushLockExclusive();
    SpinLock = ExpBenchSpinLockShared();
    _enable();
    DbgPrint("bench ex_push_lock_exclusive %I64u instructions\n", PushLock);
    DbgPrint("bench ex_spin_lock_shared %I64u instructions\n", SpinLock);
}
