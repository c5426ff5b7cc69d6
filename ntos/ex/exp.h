/* SPDX-License-Identifier: MIT */
/*
 * Executive internals shared by the files of ntos/ex.
 *
 * S-lists are built on a 16-byte compare-exchange. Executive resources (exresrc.c,
 * exresrel.c) keep NT's ERESOURCE layout from wdm.h, since drivers allocate the structure
 * themselves; every field is changed under the resource's own SpinLock (an in-stack queued
 * lock), never under a dispatcher object's lock, and waiters block on dispatcher objects
 * allocated on first contention.
 */
#ifndef BASALT_EXP_H
#define BASALT_EXP_H

#include "ntos.h"
/* Two quadwords as one 16-byte, 16-aligned unit (low quadword first in memory). */
typedef struct _EXP_QUAD_PAIR
{
    LONG64 Low;
    LONG64 High;
} EXP_QUAD_PAIR, *PEXP_QUAD_PAIR;

/*
 * lock cmpxchg16b: if *Destination equals *Comparand store (ExchangeLow, ExchangeHigh) and
 * return TRUE, else load *Destination into *Comparand and return FALSE. mingw-w64's
 * intrin.h has no _InterlockedCompareExchange128, so this is its MSVC shape in inline asm.
 * Destination must be 16-byte aligned or the instruction raises #GP.
 */
static inline BOOLEAN
ExpInterlockedCompareExchange128(volatile LONG64 *Destination, LONG64 ExchangeHigh,
                                 LONG64 ExchangeLow, PEXP_QUAD_PAIR Comparand)
{
    BOOLEAN Exchanged;

    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(Exchanged), "+m"(*(volatile __int128 *)Destination),
                       "+a"(Comparand->Low), "+d"(Comparand->High)
                     : "b"(ExchangeLow), "c"(ExchangeHigh)
                     : "memory");
    return Exchanged;
}

/* The spin lock of the ExInterlocked*List routines, taken with interrupts off (exintlst.c). */
ULONG64 ExpAcquireListLock(PKSPIN_LOCK Lock);
VOID ExpReleaseListLock(PKSPIN_LOCK Lock, ULONG64 Flags);
/*
 * A timer object's body (extimer.c, extimapc.c). While a timer APC is associated, Apc points
 * to a block of its own (one per ZwSetTimer), the timer holds a reference on itself, and
 * KeTimer's expiry queues Dpc, which queues the block's APC to the thread that set the timer.
 */
typedef struct _EXP_TIMER_APC
{
    KAPC Apc;
    struct _EXP_TIMER *Timer;
    PTIMER_APC_ROUTINE Routine;
    PVOID Context;
    PETHREAD ThreadObject;  /* referenced when the setting thread is an object, else NULL */
    LARGE_INTEGER FireTime; /* system time of the latest expiry */
    BOOLEAN Queued;         /* in the thread's queue, holding a timer reference */
} EXP_TIMER_APC, *PEXP_TIMER_APC;

typedef struct _EXP_TIMER
{
    KTIMER KeTimer;     /* first: the body is waitable */
    KSPIN_LOCK Lock;    /* Apc, and Queued in the blocks */
    KDPC Dpc;           /* KeTimer's DPC while an APC is associated */
    PEXP_TIMER_APC Apc; /* the association, NULL when none */
    BOOLEAN DpcUsed;    /* Dpc was ever armed: deletion must wait for it */
} EXP_TIMER, *PEXP_TIMER;

VOID ExpInitializeTimerApcSupport(VOID);
VOID ExpInitializeTimerApc(PEXP_TIMER Timer);
NTSTATUS ExpSetTimer(PEXP_TIMER Timer, LARGE_INTEGER DueTime, PTIMER_APC_ROUTINE Routine,
                     PVOID Context, LONG Period, PBOOLEAN PreviousState);
VOID ExpCancelTimer(PEXP_TIMER Timer);
VOID ExpDeleteTimer(PVOID Object);

#define EXP_RESOURCE_TABLE_TAG 0x54727352  /* "RsrT": owner tables */
#define EXP_RESOURCE_WAITER_TAG 0x57727352 /* "RsrW": waiter semaphores and events */

/* Thread ids of ordinary owners are KTHREAD addresses; ExSetResourceOwnerPointer's have
 * the low two bits set, so the two can never collide. */
static inline ERESOURCE_THREAD
ExpCurrentResourceThread(VOID)
{
    return (ERESOURCE_THREAD)KeGetCurrentThread();
}

/* Owner bookkeeping (exresrc.c). Resource spin lock held. */
POWNER_ENTRY ExpFindEntryForThread(PERESOURCE Resource, ERESOURCE_THREAD Thread);
VOID ExpGrantSharedWaiters(PERESOURCE Resource, PLONG Count);
VOID ExpGrantExclusiveWaiter(PERESOURCE Resource, PBOOLEAN Signal);
VOID ExpWakeWaiters(PERESOURCE Resource, LONG SharedCount, BOOLEAN SignalExclusive);
DECLSPEC_NORETURN VOID ExpResourceNotOwned(PERESOURCE Resource, ERESOURCE_THREAD Thread);

#endif
