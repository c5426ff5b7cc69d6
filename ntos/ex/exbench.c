/* SPDX-License-Identifier: MIT */
/*
 * Ex micro-benchmarks, run on /BENCH after Ke's (see ke/kebench.c: under scripts/bench a
 * TSC delta counts guest instructions). The locks are uncontended acquire+release pairs,
 * taken with interrupts off so the clock's instructions are not counted. Pool pairs run
 * with interrupts on, as page-sized and larger blocks map and unmap system PTEs (a TLB
 * shootdown); the lookaside pair is the warm path, an entry taken from and given back to
 * the list.
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

#define EXP_BENCH_TAG 0x68426545 /* "EeBh" */
#define EXP_BENCH_POOL_ROUNDS 2000

static ULONG64
ExpBenchPoolPair(SIZE_T Bytes)
{
    ULONG64 Start = __rdtsc();
    PVOID Block;
    ULONG I;

    for (I = 0; I < EXP_BENCH_POOL_ROUNDS; I++)
    {
        Block = ExAllocatePoolWithTag(NonPagedPoolNx, Bytes, EXP_BENCH_TAG);
        if (Block == NULL)
            return 0;
        ExFreePoolWithTag(Block, EXP_BENCH_TAG);
    }
    return (__rdtsc() - Start) / EXP_BENCH_POOL_ROUNDS;
}

static ULONG64
ExpBenchLookaside(VOID)
{
    NPAGED_LOOKASIDE_LIST List;
    ULONG64 Start;
    PVOID Entry;
    ULONG I;

    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 64, EXP_BENCH_TAG, 0);
    ExFreeToNPagedLookasideList(&List, ExAllocateFromNPagedLookasideList(&List));
    Start = __rdtsc();
    for (I = 0; I < EXP_BENCH_POOL_ROUNDS; I++)
    {
        Entry = ExAllocateFromNPagedLookasideList(&List);
        if (Entry == NULL)
            break;
        ExFreeToNPagedLookasideList(&List, Entry);
    }
    Start = (__rdtsc() - Start) / EXP_BENCH_POOL_ROUNDS;
    ExDeleteNPagedLookasideList(&List);
    return Start;
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
    DbgPrint("bench ex_pool_small_allocate_free %I64u instructions\n", ExpBenchPoolPair(64));
    DbgPrint("bench ex_pool_page_allocate_free %I64u instructions\n", ExpBenchPoolPair(PAGE_SIZE));
    DbgPrint("bench ex_pool_large_allocate_free %I64u instructions\n",
             ExpBenchPoolPair(16 * PAGE_SIZE));
    DbgPrint("bench ex_lookaside_allocate_free %I64u instructions\n", ExpBenchLookaside());
}
