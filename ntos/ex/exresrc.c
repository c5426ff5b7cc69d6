/* SPDX-License-Identifier: MIT */
/*
 * Executive resources: reader/writer locks with per-thread recursion, in NT's ERESOURCE.
 *
 * The exclusive owner, or the first shared owner, lives in OwnerEntry; further shared owners
 * in OwnerTable, a nonpaged array whose entry 0 holds its TableSize and which grows by four
 * entries when full. ActiveEntries counts the owner threads and ActiveCount is nonzero while
 * the resource is owned, as on NT since Vista. A request that cannot be granted waits on
 * SharedWaiters (a semaphore) or ExclusiveWaiters (a synchronization event), both allocated
 * on first contention. The releaser hands ownership over under the spin lock before it wakes
 * anyone, so a woken thread already owns the resource: a shared waiter reserves an
 * owner-table entry (count 0) and claims it when it wakes; an exclusive grant writes a
 * placeholder owner that the woken thread replaces with itself. Grants are counts, not
 * names, because the semaphore and event wake whichever waiters come first. Ownership passes
 * to all shared waiters when an exclusive owner lets go, to one exclusive waiter when the
 * last shared owner does. OwnerEntry is never reserved by a waiter, so it is free whenever
 * ActiveEntries is zero.
 */
#include "exp.h"

#define EXP_TABLE_GROWTH 4
#define EXP_EXCLUSIVE_GRANTED ((ERESOURCE_THREAD)1) /* until the woken waiter names itself */

typedef enum _EXP_SHARED_MODE
{
    ExpSharedNormal,
    ExpSharedStarveExclusive,
    ExpSharedWaitForExclusive,
} EXP_SHARED_MODE;

typedef enum _EXP_ATTEMPT
{
    ExpAcquired,
    ExpMustWait,
    ExpNoMemory,
} EXP_ATTEMPT;

static LIST_ENTRY ExpSystemResourcesList = {&ExpSystemResourcesList, &ExpSystemResourcesList};
static KSPIN_LOCK ExpResourceListLock;

C_ASSERT(sizeof(OWNER_ENTRY) == 0x10);
C_ASSERT(FIELD_OFFSET(ERESOURCE, SystemResourcesList) == 0x00);
C_ASSERT(FIELD_OFFSET(ERESOURCE, OwnerTable) == 0x10);
C_ASSERT(FIELD_OFFSET(ERESOURCE, ActiveCount) == 0x18);
C_ASSERT(FIELD_OFFSET(ERESOURCE, Flag) == 0x1A);
C_ASSERT(FIELD_OFFSET(ERESOURCE, SharedWaiters) == 0x20);
C_ASSERT(FIELD_OFFSET(ERESOURCE, ExclusiveWaiters) == 0x28);
C_ASSERT(FIELD_OFFSET(ERESOURCE, OwnerEntry) == 0x30);
C_ASSERT(FIELD_OFFSET(ERESOURCE, ActiveEntries) == 0x40);
C_ASSERT(FIELD_OFFSET(ERESOURCE, ContentionCount) == 0x44);
C_ASSERT(FIELD_OFFSET(ERESOURCE, NumberOfSharedWaiters) == 0x48);
C_ASSERT(FIELD_OFFSET(ERESOURCE, NumberOfExclusiveWaiters) == 0x4C);
C_ASSERT(FIELD_OFFSET(ERESOURCE, Reserved2) == 0x50);
C_ASSERT(FIELD_OFFSET(ERESOURCE, Address) == 0x58);
C_ASSERT(FIELD_OFFSET(ERESOURCE, SpinLock) == 0x60);
C_ASSERT(sizeof(ERESOURCE) == 0x68);

static VOID
ExpSetOwner(POWNER_ENTRY Owner, ERESOURCE_THREAD Thread, ULONG Count)
{
    Owner->OwnerThread = Thread;
    Owner->TableSize = 0;
    Owner->OwnerCount = Count;
}

static ULONG
ExpTableSize(PERESOURCE Resource)
{
    return Resource->OwnerTable != NULL ? Resource->OwnerTable[0].TableSize : 0;
}

/* Reserved entries (a waiter's, count 0) do not make their thread an owner. */
POWNER_ENTRY
ExpFindEntryForThread(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    ULONG Size = ExpTableSize(Resource), I;

    if (Resource->OwnerEntry.OwnerThread == Thread && Resource->OwnerEntry.OwnerCount != 0)
        return &Resource->OwnerEntry;
    for (I = 1; I < Size; I++)
    {
        if (Resource->OwnerTable[I].OwnerThread == Thread &&
            Resource->OwnerTable[I].OwnerCount != 0)
            return &Resource->OwnerTable[I];
    }
    return NULL;
}

/* A free entry, growing the table if needed; NULL if pool is exhausted. Growth moves the
 * table, so no other entry pointer survives this call. */
static POWNER_ENTRY
ExpFindFreeEntry(PERESOURCE Resource, BOOLEAN AllowOwnerEntry)
{
    ULONG Size = ExpTableSize(Resource), NewSize, I;
    POWNER_ENTRY Table;
    SIZE_T Bytes;

    if (AllowOwnerEntry && Resource->OwnerEntry.OwnerThread == 0)
        return &Resource->OwnerEntry;
    for (I = 1; I < Size; I++)
    {
        if (Resource->OwnerTable[I].OwnerThread == 0)
            return &Resource->OwnerTable[I];
    }
    NewSize = Size != 0 ? Size + EXP_TABLE_GROWTH : 1 + EXP_TABLE_GROWTH;
    if (!NT_SUCCESS(RtlSizeTMult(NewSize, sizeof(OWNER_ENTRY), &Bytes)))
        return NULL;
    Table = ExAllocatePoolWithTag(NonPagedPoolNx, Bytes, EXP_RESOURCE_TABLE_TAG);
    if (Table == NULL)
        return NULL;
    RtlZeroMemory(Table, Bytes);
    if (Size != 0)
    {
        RtlCopyMemory(Table, Resource->OwnerTable, Size * sizeof(OWNER_ENTRY));
        ExFreePoolWithTag(Resource->OwnerTable, EXP_RESOURCE_TABLE_TAG);
    }
    Table[0].TableSize = NewSize;
    Resource->OwnerTable = Table;
    return &Table[Size != 0 ? Size : 1];
}

static BOOLEAN
ExpAllocateWaiters(PERESOURCE Resource, BOOLEAN Shared)
{
    PVOID Object;

    if (Shared ? Resource->SharedWaiters != NULL : Resource->ExclusiveWaiters != NULL)
        return TRUE;
    Object = ExAllocatePoolWithTag(NonPagedPoolNx, Shared ? sizeof(KSEMAPHORE) : sizeof(KEVENT),
                                   EXP_RESOURCE_WAITER_TAG);
    if (Object == NULL)
        return FALSE;
    if (Shared)
    {
        KeInitializeSemaphore(Object, 0, MAXLONG);
        Resource->SharedWaiters = Object;
    }
    else
    {
        KeInitializeEvent(Object, SynchronizationEvent, FALSE);
        Resource->ExclusiveWaiters = Object;
    }
    return TRUE;
}

/* Pool ran out while the lock was held: back off and let the caller start over. */
static VOID
ExpWaitForMemory(PKLOCK_QUEUE_HANDLE Lock)
{
    LARGE_INTEGER Delay = {.QuadPart = -100000}; /* 10 ms */

    KeReleaseInStackQueuedSpinLock(Lock);
    KeDelayExecutionThread(KernelMode, FALSE, &Delay);
}

static VOID
ExpCheckAcquireIrql(PERESOURCE Resource, PVOID Caller)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql > APC_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Resource, Irql, 0, (ULONG_PTR)Caller);
}

VOID
ExpResourceNotOwned(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    KeBugCheckEx(RESOURCE_NOT_OWNED, (ULONG_PTR)Resource, Thread, (ULONG_PTR)Resource->OwnerTable,
                 0);
}

/* Counts the waiters as owners; each claims its reserved entry when it wakes. */
VOID
ExpGrantSharedWaiters(PERESOURCE Resource, PLONG Count)
{
    *Count = (LONG)Resource->NumberOfSharedWaiters;
    Resource->ActiveEntries += Resource->NumberOfSharedWaiters;
    Resource->ActiveCount = 1;
    Resource->NumberOfSharedWaiters = 0;
}

/*
 * The semaphore does not know whom a grant was for: a sharer that began waiting after the
 * grant may take a count before a granted thread has reached its wait. That is harmless,
 * since the late thread then owns in the other's place and the other is still counted in
 * NumberOfSharedWaiters; so a woken thread claims its own reserved entry, whichever it is.
 */
static VOID
ExpClaimSharedEntry(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    ULONG Size, I;
    KLOCK_QUEUE_HANDLE Lock;

    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    Size = ExpTableSize(Resource);
    for (I = 1; I < Size; I++)
    {
        if (Resource->OwnerTable[I].OwnerThread == Thread &&
            Resource->OwnerTable[I].OwnerCount == 0)
        {
            Resource->OwnerTable[I].OwnerCount = 1;
            break;
        }
    }
    ASSERT(I < Size);
    KeReleaseInStackQueuedSpinLock(&Lock);
}

/* Called with the resource unowned. */
VOID
ExpGrantExclusiveWaiter(PERESOURCE Resource, PBOOLEAN Signal)
{
    Resource->Flag |= ResourceOwnedExclusive;
    ExpSetOwner(&Resource->OwnerEntry, EXP_EXCLUSIVE_GRANTED, 1);
    Resource->ActiveEntries = 1;
    Resource->ActiveCount = 1;
    Resource->NumberOfExclusiveWaiters--;
    *Signal = TRUE;
}

/* After the spin lock is dropped: the grants are made, wake their owners. */
VOID
ExpWakeWaiters(PERESOURCE Resource, LONG SharedCount, BOOLEAN SignalExclusive)
{
    if (SharedCount != 0)
        KeReleaseSemaphore(Resource->SharedWaiters, SEMAPHORE_INCREMENT, SharedCount, FALSE);
    if (SignalExclusive)
        KeSetEvent(Resource->ExclusiveWaiters, EVENT_INCREMENT, FALSE);
}

static EXP_ATTEMPT
ExpTryAcquireShared(PERESOURCE Resource, ERESOURCE_THREAD Thread, EXP_SHARED_MODE Mode)
{
    POWNER_ENTRY Owner;

    if (Resource->ActiveEntries == 0)
    {
        ExpSetOwner(&Resource->OwnerEntry, Thread, 1);
        Resource->ActiveEntries = 1;
        Resource->ActiveCount = 1;
        return ExpAcquired;
    }
    if (Resource->Flag & ResourceOwnedExclusive)
    {
        if (Resource->OwnerEntry.OwnerThread != Thread)
            return ExpMustWait;
        Resource->OwnerEntry.OwnerCount++;
        return ExpAcquired;
    }
    Owner = ExpFindEntryForThread(Resource, Thread);
    /* Exclusive waiters hold back new sharers, but an owner may always recurse (it would
     * otherwise deadlock against the waiter), except through ExAcquireSharedWaitForExclusive. */
    if (Resource->NumberOfExclusiveWaiters != 0 &&
        (Mode == ExpSharedWaitForExclusive || (Mode == ExpSharedNormal && Owner == NULL)))
        return ExpMustWait;
    if (Owner != NULL)
    {
        Owner->OwnerCount++;
        return ExpAcquired;
    }
    Owner = ExpFindFreeEntry(Resource, TRUE);
    if (Owner == NULL)
        return ExpNoMemory;
    ExpSetOwner(Owner, Thread, 1);
    Resource->ActiveEntries++;
    return ExpAcquired;
}

static BOOLEAN
ExpAcquireShared(PERESOURCE Resource, BOOLEAN Wait, EXP_SHARED_MODE Mode, PVOID Caller)
{
    ERESOURCE_THREAD Thread = ExpCurrentResourceThread();
    KLOCK_QUEUE_HANDLE Lock;
    POWNER_ENTRY Reserved;
    EXP_ATTEMPT Attempt;

    ExpCheckAcquireIrql(Resource, Caller);
    for (;;)
    {
        KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
        Attempt = ExpTryAcquireShared(Resource, Thread, Mode);
        if (Attempt == ExpAcquired || (Attempt == ExpMustWait && !Wait))
        {
            KeReleaseInStackQueuedSpinLock(&Lock);
            return Attempt == ExpAcquired;
        }
        if (Attempt == ExpMustWait && ExpAllocateWaiters(Resource, TRUE))
        {
            Reserved = ExpFindFreeEntry(Resource, FALSE);
            if (Reserved != NULL)
                break;
        }
        ExpWaitForMemory(&Lock);
    }
    ExpSetOwner(Reserved, Thread, 0);
    Resource->NumberOfSharedWaiters++;
    Resource->ContentionCount++;
    KeReleaseInStackQueuedSpinLock(&Lock);
    /* A sharer that waited through ExAcquireSharedWaitForExclusive cannot come back with a
     * second entry: the exclusive waiter it stood behind only got in once every shared
     * entry, its own included, was released (by another thread, as NT documents). */
    KeWaitForSingleObject(Resource->SharedWaiters, WrResource, KernelMode, FALSE, NULL);
    ExpClaimSharedEntry(Resource, Thread);
    return TRUE;
}

static BOOLEAN
ExpAcquireExclusive(PERESOURCE Resource, BOOLEAN Wait, PVOID Caller)
{
    ERESOURCE_THREAD Thread = ExpCurrentResourceThread();
    KLOCK_QUEUE_HANDLE Lock;

    ExpCheckAcquireIrql(Resource, Caller);
    for (;;)
    {
        KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
        if (Resource->ActiveEntries == 0)
        {
            Resource->Flag |= ResourceOwnedExclusive;
            ExpSetOwner(&Resource->OwnerEntry, Thread, 1);
            Resource->ActiveEntries = 1;
            Resource->ActiveCount = 1;
            KeReleaseInStackQueuedSpinLock(&Lock);
            return TRUE;
        }
        if ((Resource->Flag & ResourceOwnedExclusive) && Resource->OwnerEntry.OwnerThread == Thread)
        {
            Resource->OwnerEntry.OwnerCount++;
            KeReleaseInStackQueuedSpinLock(&Lock);
            return TRUE;
        }
        if (!Wait)
        {
            KeReleaseInStackQueuedSpinLock(&Lock);
            return FALSE;
        }
        if (ExpAllocateWaiters(Resource, FALSE))
            break;
        ExpWaitForMemory(&Lock);
    }
    Resource->NumberOfExclusiveWaiters++;
    Resource->ContentionCount++;
    KeReleaseInStackQueuedSpinLock(&Lock);
    KeWaitForSingleObject(Resource->ExclusiveWaiters, WrResource, KernelMode, FALSE, NULL);
    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    Resource->OwnerEntry.OwnerThread = Thread;
    KeReleaseInStackQueuedSpinLock(&Lock);
    return TRUE;
}

NTSTATUS NTAPI
ExInitializeResourceLite(PERESOURCE Resource)
{
    KLOCK_QUEUE_HANDLE Lock;

    ASSERT(((ULONG_PTR)Resource & (sizeof(PVOID) - 1)) == 0);
    RtlZeroMemory(Resource, sizeof(*Resource));
    KeInitializeSpinLock(&Resource->SpinLock);
    KeAcquireInStackQueuedSpinLock(&ExpResourceListLock, &Lock);
    InsertTailList(&ExpSystemResourcesList, &Resource->SystemResourcesList);
    KeReleaseInStackQueuedSpinLock(&Lock);
    return STATUS_SUCCESS;
}

/* Back to the just-initialized state, keeping the owner table and waiter objects. */
NTSTATUS NTAPI
ExReinitializeResourceLite(PERESOURCE Resource)
{
    KLOCK_QUEUE_HANDLE Lock;
    ULONG Size;

    KeAcquireInStackQueuedSpinLock(&Resource->SpinLock, &Lock);
    Size = ExpTableSize(Resource);
    if (Size != 0)
    {
        RtlZeroMemory(Resource->OwnerTable, Size * sizeof(OWNER_ENTRY));
        Resource->OwnerTable[0].TableSize = Size;
    }
    ExpSetOwner(&Resource->OwnerEntry, 0, 0);
    Resource->ActiveCount = 0;
    Resource->ActiveEntries = 0;
    Resource->Flag = 0;
    Resource->ContentionCount = 0;
    Resource->NumberOfSharedWaiters = 0;
    Resource->NumberOfExclusiveWaiters = 0;
    if (Resource->SharedWaiters != NULL)
        KeInitializeSemaphore(Resource->SharedWaiters, 0, MAXLONG);
    if (Resource->ExclusiveWaiters != NULL)
        KeInitializeEvent(Resource->ExclusiveWaiters, SynchronizationEvent, FALSE);
    KeReleaseInStackQueuedSpinLock(&Lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ExDeleteResourceLite(PERESOURCE Resource)
{
    KLOCK_QUEUE_HANDLE Lock;

    ASSERT(Resource->ActiveEntries == 0 && Resource->NumberOfSharedWaiters == 0 &&
           Resource->NumberOfExclusiveWaiters == 0);
    KeAcquireInStackQueuedSpinLock(&ExpResourceListLock, &Lock);
    RemoveEntryList(&Resource->SystemResourcesList);
    KeReleaseInStackQueuedSpinLock(&Lock);
    if (Resource->OwnerTable != NULL)
        ExFreePoolWithTag(Resource->OwnerTable, EXP_RESOURCE_TABLE_TAG);
    if (Resource->SharedWaiters != NULL)
        ExFreePoolWithTag(Resource->SharedWaiters, EXP_RESOURCE_WAITER_TAG);
    if (Resource->ExclusiveWaiters != NULL)
        ExFreePoolWithTag(Resource->ExclusiveWaiters, EXP_RESOURCE_WAITER_TAG);
    Resource->OwnerTable = NULL;
    Resource->SharedWaiters = NULL;
    Resource->ExclusiveWaiters = NULL;
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI
ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireExclusive(Resource, Wait, _ReturnAddress());
}

BOOLEAN NTAPI
ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource)
{
    return ExpAcquireExclusive(Resource, FALSE, _ReturnAddress());
}

BOOLEAN NTAPI
ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireShared(Resource, Wait, ExpSharedNormal, _ReturnAddress());
}

BOOLEAN NTAPI
ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireShared(Resource, Wait, ExpSharedStarveExclusive, _ReturnAddress());
}

BOOLEAN NTAPI
ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireShared(Resource, Wait, ExpSharedWaitForExclusive, _ReturnAddress());
}

/* The return value is opaque to drivers; like NT, it is the calling thread. */
PVOID NTAPI
ExEnterCriticalRegionAndAcquireResourceExclusive(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireExclusive(Resource, TRUE, _ReturnAddress());
    return KeGetCurrentThread();
}

PVOID NTAPI
ExEnterCriticalRegionAndAcquireResourceShared(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireShared(Resource, TRUE, ExpSharedNormal, _ReturnAddress());
    return KeGetCurrentThread();
}

PVOID NTAPI
ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireShared(Resource, TRUE, ExpSharedWaitForExclusive, _ReturnAddress());
    return KeGetCurrentThread();
}
