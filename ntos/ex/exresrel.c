/* SPDX-License-Identifier: MIT */
/*
 * Executive resources: release, conversion, owner transfer and queries. A release that ends
 * the last ownership hands the resource to its waiters (exresrc.c has the design); releasing
 * a resource the thread does not own stops with RESOURCE_NOT_OWNED, as on NT.
 */
#include "exp.h"

static VOID
ExpReleaseResource(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    KLOCK_QUEUE_HANDLE Lock;
    POWNER_ENTRY Owner;
    LONG SharedCount = 0;
    BOOLEAN SignalExclusive = FALSE;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    if (Resource->Flag & ResourceOwnedExclusive)
    {
        if (Resource->OwnerEntry.OwnerThread != Thread)
            ExpResourceNotOwned(Resource, Thread);
        if (--Resource->OwnerEntry.OwnerCount == 0)
        {
            Resource->OwnerEntry.OwnerThread = 0;
            Resource->Flag &= ~ResourceOwnedExclusive;
            Resource->ActiveEntries = 0;
            Resource->ActiveCount = 0;
            /* Readers first, as NT: they were held back by this writer. */
            if (Resource->NumberOfSharedWaiters != 0)
                ExpGrantSharedWaiters(Resource, &SharedCount);
            else if (Resource->NumberOfExclusiveWaiters != 0)
                ExpGrantExclusiveWaiter(Resource, &SignalExclusive);
        }
    }
    else
    {
        Owner = ExpFindEntryForThread(Resource, Thread);
        if (Owner == NULL)
            ExpResourceNotOwned(Resource, Thread);
        if (--Owner->OwnerCount == 0)
        {
            Owner->OwnerThread = 0;
            if (--Resource->ActiveEntries == 0)
            {
                Resource->ActiveCount = 0;
                if (Resource->NumberOfExclusiveWaiters != 0)
                    ExpGrantExclusiveWaiter(Resource, &SignalExclusive);
            }
        }
    }
    KeReleaseInStackQueuedSpinLock(&Lock);
    ExpWakeWaiters(Resource, SharedCount, SignalExclusive);
}

VOID FASTCALL
ExReleaseResourceLite(PERESOURCE Resource)
{
    ExpReleaseResource(Resource, ExpCurrentResourceThread());
}

VOID NTAPI
ExReleaseResourceForThreadLite(PERESOURCE Resource, ERESOURCE_THREAD ResourceThreadId)
{
    ExpReleaseResource(Resource, ResourceThreadId);
}

VOID FASTCALL
ExReleaseResourceAndLeaveCriticalRegion(PERESOURCE Resource)
{
    ExpReleaseResource(Resource, ExpCurrentResourceThread());
    KeLeaveCriticalRegion();
}

/* Keeps the caller's recursion count, now as shared ownership, and lets waiting readers in. */
VOID NTAPI
ExConvertExclusiveToSharedLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Thread = ExpCurrentResourceThread();
    KLOCK_QUEUE_HANDLE Lock;
    LONG SharedCount = 0;

    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    if (!(Resource->Flag & ResourceOwnedExclusive) || Resource->OwnerEntry.OwnerThread != Thread)
        ExpResourceNotOwned(Resource, Thread);
    Resource->Flag &= ~ResourceOwnedExclusive;
    if (Resource->NumberOfSharedWaiters != 0)
        ExpGrantSharedWaiters(Resource, &SharedCount);
    KeReleaseInStackQueuedSpinLock(&Lock);
    ExpWakeWaiters(Resource, SharedCount, FALSE);
}

/* Hands the caller's ownership to OwnerPointer. Without FLAG_OWNER_POINTER_IS_THREAD it is
 * an address with its low two bits set, so it can never equal a thread's, and only
 * ExReleaseResourceForThreadLite names it; with the flag it is a thread, which then owns the
 * resource as if it had acquired it (a shared count it already held is merged in). */
VOID NTAPI
ExSetResourceOwnerPointerEx(PERESOURCE Resource, PVOID OwnerPointer, ULONG Flags)
{
    ERESOURCE_THREAD Thread = ExpCurrentResourceThread(), NewOwner = (ERESOURCE_THREAD)OwnerPointer;
    KLOCK_QUEUE_HANDLE Lock;
    POWNER_ENTRY Owner, Existing = NULL;

    UNREFERENCED_PARAMETER(Flags);
    ASSERT((Flags & ~FLAG_OWNER_POINTER_IS_THREAD) == 0);
    ASSERT((NewOwner & 3) == ((Flags & FLAG_OWNER_POINTER_IS_THREAD) ? 0 : 3));
    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    if (Resource->Flag & ResourceOwnedExclusive)
    {
        Owner = Resource->OwnerEntry.OwnerThread == Thread ? &Resource->OwnerEntry : NULL;
    }
    else
    {
        Owner = ExpFindEntryForThread(Resource, Thread);
        if (NewOwner != Thread)
            Existing = ExpFindEntryForThread(Resource, NewOwner);
    }
    if (Owner == NULL)
        ExpResourceNotOwned(Resource, Thread);
    if (Existing != NULL)
    {
        Existing->OwnerCount += Owner->OwnerCount;
        Owner->OwnerThread = 0;
        Owner->OwnerCount = 0;
        Resource->ActiveEntries--;
    }
    else
    {
        Owner->OwnerThread = NewOwner;
    }
    KeReleaseInStackQueuedSpinLock(&Lock);
}

VOID NTAPI
ExSetResourceOwnerPointer(PERESOURCE Resource, PVOID OwnerPointer)
{
    ExSetResourceOwnerPointerEx(Resource, OwnerPointer, 0);
}

BOOLEAN NTAPI
ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
    KLOCK_QUEUE_HANDLE Lock;
    BOOLEAN Exclusive;

    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    Exclusive = (Resource->Flag & ResourceOwnedExclusive) &&
                Resource->OwnerEntry.OwnerThread == ExpCurrentResourceThread();
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Exclusive;
}

/* The caller's recursion count, shared or exclusive (an exclusive owner may read). */
ULONG NTAPI
ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Thread = ExpCurrentResourceThread();
    KLOCK_QUEUE_HANDLE Lock;
    POWNER_ENTRY Owner;
    ULONG Count = 0;

    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    if (Resource->Flag & ResourceOwnedExclusive)
        Owner = Resource->OwnerEntry.OwnerThread == Thread ? &Resource->OwnerEntry : NULL;
    else
        Owner = ExpFindEntryForThread(Resource, Thread);
    if (Owner != NULL)
        Count = Owner->OwnerCount;
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Count;
}

ULONG NTAPI
ExGetExclusiveWaiterCount(PERESOURCE Resource)
{
    return Resource->NumberOfExclusiveWaiters;
}

ULONG NTAPI
ExGetSharedWaiterCount(PERESOURCE Resource)
{
    return Resource->NumberOfSharedWaiters;
}
