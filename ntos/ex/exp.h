/* SPDX-License-Identifier: MIT */
/* Executive (Ex) private declarations: the 16-byte compare-exchange S-lists are built on. */
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

#endif
