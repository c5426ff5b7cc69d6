/* SPDX-License-Identifier: MIT */
/*
 * Ke micro-benchmarks, run on /BENCH. Under scripts/bench (QEMU -icount shift=0) a TSC delta
 * counts guest instructions, so each figure is instructions per operation and repeats run
 * to run. Interrupts are off while measuring so the clock's instructions are not counted.
 */
#include "ntos.h"

#define KI_BENCH_ROUNDS 10000

static VOID NTAPI
KiBenchDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    (*(volatile ULONG *)Context)++;
}

static ULONG64
KiBenchSpinLock(VOID)
{
    KSPIN_LOCK Lock;
    KIRQL OldIrql;
    ULONG64 Start;
    ULONG I;

    KeInitializeSpinLock(&Lock);
    Start = __rdtsc();
    for (I = 0; I < KI_BENCH_ROUNDS; I++)
    {
        KeAcquireSpinLock(&Lock, &OldIrql);
        KeReleaseSpinLock(&Lock, OldIrql);
    }
    return (__rdtsc() - Start) / KI_BENCH_ROUNDS;
}

/* From KeInsertQueueDpc at PASSIVE_LEVEL through the software interrupt to the routine's
 * return. Needs interrupts on: the DPC arrives as an interrupt. */
static ULONG64
KiBenchDpc(VOID)
{
    volatile ULONG Ran = 0;
    ULONG64 Start;
    KDPC Dpc;
    ULONG I;

    KeInitializeDpc(&Dpc, KiBenchDpcRoutine, (PVOID)&Ran);
    Start = __rdtsc();
    for (I = 0; I < KI_BENCH_ROUNDS; I++)
        KeInsertQueueDpc(&Dpc, NULL, NULL);
    Start = __rdtsc() - Start;
    if (Ran != KI_BENCH_ROUNDS)
        DbgPrint("Ke: bench: %u of %u DPCs ran\n", Ran, KI_BENCH_ROUNDS);
    return Start / KI_BENCH_ROUNDS;
}

VOID
KiRunBenchmarks(VOID)
{
    ULONG64 Flags = __readeflags(), SpinLock;

    _disable();
    SpinLock = KiBenchSpinLock();
    __writeeflags(Flags);
    DbgPrint("bench ke_spinlock_acquire_release %I64u instructions\n", SpinLock);
    DbgPrint("bench ke_dpc_insert_to_run %I64u instructions\n", KiBenchDpc());
}
