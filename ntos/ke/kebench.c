/* SPDX-License-Identifier: MIT */
/*
 * Ke micro-benchmarks, run on /BENCH. Under scripts/bench (QEMU -icount shift=0) a TSC delta
 * counts guest instructions, so each figure is instructions per operation and repeats run
 * to run. The spin-lock figure is taken with interrupts off so the clock's instructions are
 * not counted; the others need interrupts (DPCs, switches) and include the odd clock tick.
 */
#include "ki.h"

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

/* KeSetEvent on an unsignalled event nobody waits for (cleared again inline). */
static ULONG64
KiBenchSetEvent(VOID)
{
    ULONG64 Start;
    KEVENT Event;
    ULONG I;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Start = __rdtsc();
    for (I = 0; I < KI_BENCH_ROUNDS; I++)
    {
        KeSetEvent(&Event, 0, FALSE);
        KeClearEvent(&Event);
    }
    return (__rdtsc() - Start) / KI_BENCH_ROUNDS;
}

/* Arming a one-second timer and cancelling it: timer-table insertion and removal. */
static ULONG64
KiBenchTimer(VOID)
{
    LARGE_INTEGER Due = {.QuadPart = -10000000};
    ULONG64 Start;
    KTIMER Timer;
    ULONG I;

    KeInitializeTimer(&Timer);
    Start = __rdtsc();
    for (I = 0; I < KI_BENCH_ROUNDS; I++)
    {
        KeSetTimer(&Timer, Due, NULL);
        KeCancelTimer(&Timer);
    }
    return (__rdtsc() - Start) / KI_BENCH_ROUNDS;
}

typedef struct _KI_PING_PONG
{
    KEVENT Ping, Pong;
} KI_PING_PONG;

static VOID NTAPI
KiBenchPartner(PVOID Context)
{
    KI_PING_PONG *PingPong = Context;
    ULONG I;

    for (I = 0; I < KI_BENCH_ROUNDS; I++)
    {
        KeWaitForSingleObject(&PingPong->Ping, Executive, KernelMode, FALSE, NULL);
        KeSetEvent(&PingPong->Pong, 0, FALSE);
    }
}

/* Two threads of equal priority hand control back and forth through synchronization
 * events: each round is two thread switches, each with its KeSetEvent and wait. */
static ULONG64
KiBenchThreadSwitch(VOID)
{
    static KTHREAD Partner;
    KI_PING_PONG PingPong;
    ULONG64 Start;
    ULONG I;

    KeInitializeEvent(&PingPong.Ping, SynchronizationEvent, FALSE);
    KeInitializeEvent(&PingPong.Pong, SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(
            KeInitializeThread(&Partner, NULL, KiBenchPartner, &PingPong, KeGetSystemProcess())))
        return 0;
    Partner.Priority = Partner.BasePriority = KeGetCurrentThread()->Priority;
    KeStartThread(&Partner);
    Start = __rdtsc();
    for (I = 0; I < KI_BENCH_ROUNDS; I++)
    {
        KeSetEvent(&PingPong.Ping, 0, FALSE);
        KeWaitForSingleObject(&PingPong.Pong, Executive, KernelMode, FALSE, NULL);
    }
    Start = __rdtsc() - Start;
    KeWaitForSingleObject(&Partner, Executive, KernelMode, FALSE, NULL);
    return Start / (2 * KI_BENCH_ROUNDS);
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
    DbgPrint("bench ke_set_event_unwaited %I64u instructions\n", KiBenchSetEvent());
    DbgPrint("bench ke_timer_set_cancel %I64u instructions\n", KiBenchTimer());
    DbgPrint("bench ke_thread_switch_by_event %I64u instructions\n", KiBenchThreadSwitch());
}
