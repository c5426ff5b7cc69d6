/* SPDX-License-Identifier: MIT */
/*
 * Executive internals shared by the files of ntos/ex.
 *
 * Executive resources (exresrc.c, exresrel.c) keep NT's ERESOURCE layout from wdm.h, since
 * drivers allocate the structure themselves. Every field is changed under the resource's
 * own SpinLock (an in-stack queued lock), never under the dispatcher lock; waiters block
 * on dispatcher objects allocated on first contention.
 */
#ifndef BASALT_EXP_H
#define BASALT_EXP_H

#include "ntos.h"

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
