/* SPDX-License-Identifier: MIT */
/*
 * Executive resource self-tests. The runner (priority 8) and worker threads (priority 9)
 * share processor 0, so a worker runs as soon as it is started or granted the resource and
 * stops at its first wait: after each call the test can read who owns and who waits.
 * Every test runs inside a fixture that frees its workers and the resource even when a
 * check fails, so one failure does not leave threads behind for the next test.
 */
#include "ntos.h"

#define KT_RES_WORKERS 6
#define KT_RES_TABLE_TAG 0x54727352  /* "RsrT", exresrc.c's owner tables */
#define KT_RES_WAITER_TAG 0x57727352 /* "RsrW", its semaphores and events */

typedef enum _KT_RES_MODE
{
    KtResExclusive,
    KtResShared,
    KtResStarveExclusive,
    KtResWaitForExclusive,
} KT_RES_MODE;

typedef struct _KT_RES_WORKER
{
    KTHREAD Thread;
    KEVENT Release;
    KT_RES_MODE Mode;
    BOOLEAN Wait;
    BOOLEAN Started;
    volatile BOOLEAN Returned; /* the acquire routine returned */
    volatile BOOLEAN Result;
    volatile LONG Order; /* when it acquired, counting from 1 */
} KT_RES_WORKER, *PKT_RES_WORKER;

static ERESOURCE KtResource;
static KT_RES_WORKER KtWorkers[KT_RES_WORKERS];
static volatile LONG KtSequence;

typedef struct _KT_RES_RECURSER
{
    KEVENT Go;
    volatile BOOLEAN Waited;   /* ExAcquireSharedWaitForExclusive returned */
    volatile ULONG CountAfter; /* the thread's recursion count when it did */
} KT_RES_RECURSER;

static KT_RES_RECURSER KtRecurser;

static VOID NTAPI
KtResourceWorker(PVOID Context)
{
    PKT_RES_WORKER Worker = Context;

    KeEnterCriticalRegion();
    switch (Worker->Mode)
    {
        case KtResExclusive:
            Worker->Result = ExAcquireResourceExclusiveLite(&KtResource, Worker->Wait);
            break;
        case KtResShared:
            Worker->Result = ExAcquireResourceSharedLite(&KtResource, Worker->Wait);
            break;
        case KtResStarveExclusive:
            Worker->Result = ExAcquireSharedStarveExclusive(&KtResource, Worker->Wait);
            break;
        case KtResWaitForExclusive:
            Worker->Result = ExAcquireSharedWaitForExclusive(&KtResource, Worker->Wait);
            break;
    }
    if (Worker->Result)
        Worker->Order = InterlockedIncrement(&KtSequence);
    Worker->Returned = TRUE;
    if (Worker->Result)
    {
        KeWaitForSingleObject(&Worker->Release, Executive, KernelMode, FALSE, NULL);
        ExReleaseResourceLite(&KtResource);
    }
    KeLeaveCriticalRegion();
}

static NTSTATUS
KtStartWorker(ULONG Index, KT_RES_MODE Mode, BOOLEAN Wait)
{
    PKT_RES_WORKER Worker = &KtWorkers[Index];

    KeInitializeEvent(&Worker->Release, NotificationEvent, FALSE);
    Worker->Mode = Mode;
    Worker->Wait = Wait;
    Worker->Started = TRUE;
    return KtStartThread(&Worker->Thread, KtResourceWorker, Worker, 9);
}

/* Lets a worker release what it acquired and waits until it has ended. */
static NTSTATUS
KtFinishWorker(ULONG Index)
{
    KeSetEvent(&KtWorkers[Index].Release, 0, FALSE);
    return KtJoinThread(&KtWorkers[Index].Thread);
}

static BOOLEAN
KtHolds(ULONG Index)
{
    return KtWorkers[Index].Returned && KtWorkers[Index].Result;
}

typedef VOID (*PKT_RES_BODY)(PKT_CONTEXT Context);

static VOID
KtRunResourceTest(PKT_CONTEXT Context, PKT_RES_BODY Body)
{
    BOOLEAN Joined = TRUE;
    ULONG I;

    RtlZeroMemory(KtWorkers, sizeof(KtWorkers));
    RtlZeroMemory(&KtRecurser, sizeof(KtRecurser));
    KeInitializeEvent(&KtRecurser.Go, NotificationEvent, FALSE);
    KtSequence = 0;
    ExInitializeResourceLite(&KtResource);
    KeEnterCriticalRegion();
    Body(Context);
    KeSetEvent(&KtRecurser.Go, 0, FALSE);
    for (I = 0; I < KT_RES_WORKERS; I++)
    {
        if (KtWorkers[I].Started)
            KeSetEvent(&KtWorkers[I].Release, 0, FALSE);
    }
    while (ExIsResourceAcquiredSharedLite(&KtResource) != 0)
        ExReleaseResourceLite(&KtResource);
    for (I = 0; I < KT_RES_WORKERS; I++)
    {
        if (KtWorkers[I].Started && KtJoinThread(&KtWorkers[I].Thread) != STATUS_SUCCESS)
        {
            KtFail(Context, __FILE__, __LINE__, "worker %u never finished", I);
            Joined = FALSE;
        }
    }
    KeLeaveCriticalRegion();
    /* A worker still blocked on the resource would wake into freed waiter objects. */
    if (Joined)
        ExDeleteResourceLite(&KtResource);
}

#define KT_RESOURCE_TEST(Name)                   \
    static VOID Name##Body(PKT_CONTEXT Context); \
    static VOID Name(PKT_CONTEXT Context)        \
    {                                            \
        KtRunResourceTest(Context, Name##Body);  \
    }                                            \
    static VOID Name##Body(PKT_CONTEXT Context)

KT_RESOURCE_TEST(KtRecursionCounts)
{
    PERESOURCE R = &KtResource;

    KT_CHECK(Context,
             !ExIsResourceAcquiredExclusiveLite(R) && ExIsResourceAcquiredSharedLite(R) == 0,
             "a fresh resource reports an owner");
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(R, TRUE), "exclusive acquire failed");
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(R, FALSE), "recursive exclusive refused");
    KT_CHECK(Context, ExAcquireResourceSharedLite(R, FALSE), "exclusive owner refused shared");
    KT_CHECK(Context, ExIsResourceAcquiredExclusiveLite(R), "exclusive owner not reported");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(R) == 3, "exclusive owner count %u, not 3",
             ExIsResourceAcquiredSharedLite(R));
    KT_CHECK(Context, (R->Flag & ResourceOwnedExclusive) && R->ActiveEntries == 1,
             "flag 0x%x, %u active entries", R->Flag, R->ActiveEntries);
    ExReleaseResourceLite(R);
    ExReleaseResourceLite(R);
    KT_CHECK(Context,
             ExIsResourceAcquiredExclusiveLite(R) && ExIsResourceAcquiredSharedLite(R) == 1,
             "after two releases: count %u", ExIsResourceAcquiredSharedLite(R));
    ExReleaseResourceLite(R);
    KT_CHECK(Context,
             !ExIsResourceAcquiredExclusiveLite(R) && ExIsResourceAcquiredSharedLite(R) == 0,
             "still owned after the last release");
    KT_CHECK(Context, R->ActiveCount == 0 && R->ActiveEntries == 0 && R->Flag == 0,
             "released resource: active %d/%u, flag 0x%x", R->ActiveCount, R->ActiveEntries,
             R->Flag);

    KT_CHECK(Context, ExAcquireResourceSharedLite(R, TRUE), "shared acquire failed");
    KT_CHECK(Context, ExAcquireResourceSharedLite(R, FALSE), "recursive shared refused");
    KT_CHECK(Context, !ExIsResourceAcquiredExclusiveLite(R), "shared owner reported exclusive");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(R) == 2, "shared count %u, not 2",
             ExIsResourceAcquiredSharedLite(R));
    KT_CHECK(Context, !ExAcquireResourceExclusiveLite(R, FALSE),
             "a shared owner was granted exclusive access");
    KT_CHECK(Context, !ExTryToAcquireResourceExclusiveLite(R), "try-exclusive over a shared owner");
    ExReleaseResourceLite(R);
    ExReleaseResourceLite(R);
    KT_CHECK(Context, ExTryToAcquireResourceExclusiveLite(R), "try-exclusive of a free resource");
    KT_CHECK(Context, ExTryToAcquireResourceExclusiveLite(R), "recursive try-exclusive refused");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(R) == 2, "try-exclusive count %u",
             ExIsResourceAcquiredSharedLite(R));
}

KT_RESOURCE_TEST(KtSharedBySeveralThreads)
{
    ULONG I;

    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared acquire failed");
    for (I = 0; I < 3; I++)
    {
        KT_CHECK(Context, NT_SUCCESS(KtStartWorker(I, KtResShared, TRUE)), "start");
        KT_CHECK(Context, KtHolds(I), "shared worker %u had to wait beside a shared owner", I);
    }
    KT_CHECK(Context, KtResource.ActiveEntries == 4 && ExGetSharedWaiterCount(&KtResource) == 0,
             "%u owners, %u waiting", KtResource.ActiveEntries,
             ExGetSharedWaiterCount(&KtResource));
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 1,
             "workers' ownership counted for the runner: %u",
             ExIsResourceAcquiredSharedLite(&KtResource));
    for (I = 0; I < 3; I++)
        KT_CHECK(Context, KtFinishWorker(I) == STATUS_SUCCESS, "worker %u did not end", I);
    KT_CHECK(Context, KtResource.ActiveEntries == 1, "%u owners after the workers left",
             KtResource.ActiveEntries);
}

KT_RESOURCE_TEST(KtExclusiveExcludesShared)
{
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResShared, FALSE)), "start");
    KT_CHECK(Context, KtWorkers[0].Returned && !KtWorkers[0].Result,
             "Wait=FALSE shared request beside an exclusive owner returned %u",
             KtWorkers[0].Result);
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResShared, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[1].Returned, "shared worker got in beside an exclusive owner");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(2, KtResStarveExclusive, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[2].Returned, "starve-exclusive got in beside an exclusive owner");
    KT_CHECK(Context, ExGetSharedWaiterCount(&KtResource) == 2, "%u shared waiters, not 2",
             ExGetSharedWaiterCount(&KtResource));
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, KtHolds(1) && KtHolds(2), "shared waiters not let in by the release");
    KT_CHECK(Context, ExGetSharedWaiterCount(&KtResource) == 0 && KtResource.ActiveEntries == 2,
             "%u waiting, %u owners", ExGetSharedWaiterCount(&KtResource),
             KtResource.ActiveEntries);
}

KT_RESOURCE_TEST(KtSharedExcludesExclusive)
{
    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared failed");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResExclusive, FALSE)), "start");
    KT_CHECK(Context, KtWorkers[0].Returned && !KtWorkers[0].Result,
             "Wait=FALSE exclusive request beside a shared owner returned %u", KtWorkers[0].Result);
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResExclusive, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[1].Returned, "exclusive worker got in beside a shared owner");
    KT_CHECK(Context, ExGetExclusiveWaiterCount(&KtResource) == 1, "%u exclusive waiters",
             ExGetExclusiveWaiterCount(&KtResource));
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, KtHolds(1), "the exclusive waiter was not let in by the last release");
    KT_CHECK(Context, ExGetExclusiveWaiterCount(&KtResource) == 0, "waiter still counted");
    KT_CHECK(Context, !ExAcquireResourceSharedLite(&KtResource, FALSE),
             "shared granted beside the new exclusive owner");
    KT_CHECK(Context, KtResource.OwnerEntry.OwnerThread == (ERESOURCE_THREAD)&KtWorkers[1].Thread,
             "exclusive owner recorded as %p", (PVOID)KtResource.OwnerEntry.OwnerThread);
}

/* With an exclusive waiter, new sharers wait (except through ExAcquireSharedStarveExclusive)
 * while an owner may still recurse; the waiter is served before the sharers behind it. */
KT_RESOURCE_TEST(KtSharedWaitsBehindExclusiveWaiter)
{
    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared failed");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResExclusive, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[0].Returned, "exclusive worker got in beside a shared owner");
    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, FALSE),
             "a shared owner could not recurse past an exclusive waiter");
    KT_CHECK(Context, !ExAcquireSharedWaitForExclusive(&KtResource, FALSE),
             "ExAcquireSharedWaitForExclusive recursed past an exclusive waiter");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResShared, FALSE)), "start");
    KT_CHECK(Context, KtWorkers[1].Returned && !KtWorkers[1].Result,
             "a new sharer was let in past an exclusive waiter");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(2, KtResShared, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[2].Returned, "a new sharer did not wait for the exclusive waiter");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(3, KtResStarveExclusive, TRUE)), "start");
    KT_CHECK(Context, KtHolds(3), "ExAcquireSharedStarveExclusive waited for an exclusive waiter");
    KT_CHECK(Context, KtFinishWorker(3) == STATUS_SUCCESS, "starving worker did not end");
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, !KtWorkers[0].Returned, "exclusive waiter let in beside a shared owner");
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, KtHolds(0) && !KtWorkers[2].Returned,
             "after the last shared release: exclusive %u, shared %u", KtHolds(0),
             KtWorkers[2].Returned);
    KT_CHECK(Context, KtFinishWorker(0) == STATUS_SUCCESS, "exclusive worker did not end");
    KT_CHECK(Context, KtHolds(2) && KtWorkers[2].Order > KtWorkers[0].Order,
             "shared waiter order %d, exclusive %d", KtWorkers[2].Order, KtWorkers[0].Order);
}

KT_RESOURCE_TEST(KtConvertLetsSharedWaitersIn)
{
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "recursion failed");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResShared, TRUE)), "start");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResWaitForExclusive, TRUE)), "start");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(2, KtResExclusive, TRUE)), "start");
    KT_CHECK(Context, !KtWorkers[0].Returned && !KtWorkers[1].Returned && !KtWorkers[2].Returned,
             "a worker got in beside an exclusive owner");
    ExConvertExclusiveToSharedLite(&KtResource);
    KT_CHECK(Context, KtHolds(0) && KtHolds(1), "shared waiters not let in by the conversion");
    KT_CHECK(Context, !KtWorkers[2].Returned, "exclusive waiter let in beside shared owners");
    KT_CHECK(Context, !ExIsResourceAcquiredExclusiveLite(&KtResource), "still exclusive");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 2,
             "conversion changed the count to %u", ExIsResourceAcquiredSharedLite(&KtResource));
    KT_CHECK(Context, KtResource.ActiveEntries == 3, "%u owners, not 3", KtResource.ActiveEntries);
    ExReleaseResourceLite(&KtResource);
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, KtFinishWorker(0) == STATUS_SUCCESS, "worker 0 did not end");
    KT_CHECK(Context, !KtWorkers[2].Returned, "exclusive waiter let in beside a shared owner");
    KT_CHECK(Context, KtFinishWorker(1) == STATUS_SUCCESS, "worker 1 did not end");
    KT_CHECK(Context, KtHolds(2), "exclusive waiter not let in after the sharers left");
}

/* Six sharers fill OwnerEntry and a first table of four, so the table grows once. */
KT_RESOURCE_TEST(KtOwnerTableGrowsAndIsFreed)
{
    MM_POOL_TAG_USAGE Before = {0}, After = {0};
    ULONG I;

    MmQueryPoolTag(KT_RES_TABLE_TAG, &Before);
    for (I = 0; I < KT_RES_WORKERS; I++)
    {
        KT_CHECK(Context, NT_SUCCESS(KtStartWorker(I, KtResShared, TRUE)), "start");
        KT_CHECK(Context, KtHolds(I), "sharer %u had to wait", I);
    }
    KT_CHECK(Context, KtResource.ActiveEntries == KT_RES_WORKERS, "%u owners",
             KtResource.ActiveEntries);
    KT_CHECK(Context, KtResource.OwnerTable != NULL && KtResource.OwnerTable[0].TableSize >= 6,
             "owner table %p too small for 6 sharers", KtResource.OwnerTable);
    KT_CHECK(Context, MmQueryPoolTag(KT_RES_TABLE_TAG, &After), "owner-table tag never used");
    KT_CHECK(Context,
             After.NonPagedAllocations - Before.NonPagedAllocations == 2 &&
                 After.NonPagedFrees - Before.NonPagedFrees == 1,
             "table growth: %u allocations, %u frees",
             After.NonPagedAllocations - Before.NonPagedAllocations,
             After.NonPagedFrees - Before.NonPagedFrees);
    for (I = 0; I < KT_RES_WORKERS; I++)
        KT_CHECK(Context, KtFinishWorker(I) == STATUS_SUCCESS, "worker %u did not end", I);
    KT_CHECK(Context, KtResource.ActiveEntries == 0 && KtResource.ActiveCount == 0,
             "%u owners after all left", KtResource.ActiveEntries);
    RtlZeroMemory(KtWorkers, sizeof(KtWorkers));
    ExDeleteResourceLite(&KtResource);
    MmQueryPoolTag(KT_RES_TABLE_TAG, &After);
    ExInitializeResourceLite(&KtResource); /* for the fixture's own delete */
    KT_CHECK(Context,
             After.NonPagedAllocations - Before.NonPagedAllocations ==
                 After.NonPagedFrees - Before.NonPagedFrees,
             "delete left %u owner table(s)",
             (After.NonPagedAllocations - Before.NonPagedAllocations) -
                 (After.NonPagedFrees - Before.NonPagedFrees));
}

/* The semaphore and event appear on first contention and go with the resource. */
KT_RESOURCE_TEST(KtWaiterObjectsOnContention)
{
    MM_POOL_TAG_USAGE Before = {0}, After = {0};

    MmQueryPoolTag(KT_RES_WAITER_TAG, &Before);
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    KT_CHECK(Context, KtResource.SharedWaiters == NULL && KtResource.ExclusiveWaiters == NULL,
             "waiter objects allocated without contention");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResExclusive, TRUE)), "start");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResShared, TRUE)), "start");
    KT_CHECK(Context, KtResource.SharedWaiters != NULL && KtResource.ExclusiveWaiters != NULL,
             "contention did not allocate the waiter objects");
    KT_CHECK(Context, KtResource.ContentionCount == 2, "contention count %u",
             KtResource.ContentionCount);
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, KtHolds(1) && !KtWorkers[0].Returned,
             "an exclusive release did not prefer the shared waiter");
    KT_CHECK(Context, KtFinishWorker(1) == STATUS_SUCCESS, "worker 1 did not end");
    KT_CHECK(Context, KtFinishWorker(0) == STATUS_SUCCESS && KtHolds(0), "worker 0 did not run");
    RtlZeroMemory(KtWorkers, sizeof(KtWorkers));
    ExDeleteResourceLite(&KtResource);
    MmQueryPoolTag(KT_RES_WAITER_TAG, &After);
    ExInitializeResourceLite(&KtResource);
    KT_CHECK(Context,
             After.NonPagedAllocations - Before.NonPagedAllocations == 2 &&
                 After.NonPagedFrees - Before.NonPagedFrees == 2,
             "waiter objects: %u allocated, %u freed",
             After.NonPagedAllocations - Before.NonPagedAllocations,
             After.NonPagedFrees - Before.NonPagedFrees);
}

/* Owns the resource shared, then asks again through ExAcquireSharedWaitForExclusive. */
static VOID NTAPI
KtSharedThenWaitForExclusive(PVOID Context)
{
    PKT_RES_WORKER Worker = Context;

    KeEnterCriticalRegion();
    Worker->Result = ExAcquireResourceSharedLite(&KtResource, TRUE);
    Worker->Returned = TRUE;
    KeWaitForSingleObject(&KtRecurser.Go, Executive, KernelMode, FALSE, NULL);
    KtRecurser.Waited = ExAcquireSharedWaitForExclusive(&KtResource, TRUE);
    KtRecurser.CountAfter = ExIsResourceAcquiredSharedLite(&KtResource);
    KeWaitForSingleObject(&Worker->Release, Executive, KernelMode, FALSE, NULL);
    ExReleaseResourceLite(&KtResource);
    KeLeaveCriticalRegion();
}

/* NT's documented way out of an owner waiting behind an exclusive waiter: another thread
 * releases the owner's shared access on its behalf. */
KT_RESOURCE_TEST(KtWaitForExclusiveReleasedOnBehalf)
{
    PKT_RES_WORKER Owner = &KtWorkers[0];

    KeInitializeEvent(&Owner->Release, NotificationEvent, FALSE);
    Owner->Started = TRUE;
    KT_CHECK(Context,
             NT_SUCCESS(KtStartThread(&Owner->Thread, KtSharedThenWaitForExclusive, Owner, 9)),
             "start");
    KT_CHECK(Context, KtHolds(0), "the first sharer did not get in");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(1, KtResExclusive, TRUE)), "start");
    KeSetEvent(&KtRecurser.Go, 0, FALSE);
    KT_CHECK(Context, !KtRecurser.Waited,
             "an owner's ExAcquireSharedWaitForExclusive did not wait for the exclusive waiter");
    KT_CHECK(Context, ExGetSharedWaiterCount(&KtResource) == 1, "%u shared waiters",
             ExGetSharedWaiterCount(&KtResource));
    ExReleaseResourceForThreadLite(&KtResource, (ERESOURCE_THREAD)&Owner->Thread);
    KT_CHECK(Context, KtHolds(1) && !KtRecurser.Waited,
             "release on the owner's behalf: exclusive %u, owner %u", KtHolds(1),
             KtRecurser.Waited);
    KT_CHECK(Context, KtFinishWorker(1) == STATUS_SUCCESS, "exclusive worker did not end");
    KT_CHECK(Context, KtRecurser.Waited && KtRecurser.CountAfter == 1,
             "owner woke %u with count %u, expected 1", KtRecurser.Waited, KtRecurser.CountAfter);
    KT_CHECK(Context, KtResource.ActiveEntries == 1, "%u owners", KtResource.ActiveEntries);
    KT_CHECK(Context, KtFinishWorker(0) == STATUS_SUCCESS, "owner did not end");
    KT_CHECK(Context, KtResource.ActiveEntries == 0, "%u owners left", KtResource.ActiveEntries);
}

KT_RESOURCE_TEST(KtOwnerPointerAndReleaseForThread)
{
    static ULONG_PTR OwnerCookie;
    PVOID OwnerPointer = (PVOID)((ULONG_PTR)&OwnerCookie | 3);

    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared failed");
    ExSetResourceOwnerPointer(&KtResource, OwnerPointer);
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 0,
             "the thread still owns what it handed over");
    KT_CHECK(Context, KtResource.ActiveEntries == 1, "%u owners", KtResource.ActiveEntries);
    ExReleaseResourceForThreadLite(&KtResource, (ERESOURCE_THREAD)OwnerPointer);
    KT_CHECK(Context, KtResource.ActiveEntries == 0, "the owner pointer's release did not count");

    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    ExSetResourceOwnerPointer(&KtResource, OwnerPointer);
    KT_CHECK(Context, !ExIsResourceAcquiredExclusiveLite(&KtResource), "ownership not handed over");
    KT_CHECK(Context, !ExAcquireResourceSharedLite(&KtResource, FALSE),
             "shared granted beside the owner pointer's exclusive ownership");
    ExReleaseResourceForThreadLite(&KtResource, (ERESOURCE_THREAD)OwnerPointer);
    KT_CHECK(Context, ExTryToAcquireResourceExclusiveLite(&KtResource), "still owned");
}

typedef struct _KT_RES_RECIPIENT
{
    KTHREAD Thread;
    KEVENT Go;
    volatile BOOLEAN OwnedExclusive; /* what ExIsResourceAcquiredExclusiveLite said */
} KT_RES_RECIPIENT;

static KT_RES_RECIPIENT KtRecipient;

/* Handed exclusive ownership by the runner, it finds itself the owner and releases. */
static VOID NTAPI
KtOwnershipRecipient(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&KtRecipient.Go, Executive, KernelMode, FALSE, NULL);
    KtRecipient.OwnedExclusive = ExIsResourceAcquiredExclusiveLite(&KtResource);
    if (KtRecipient.OwnedExclusive)
        ExReleaseResourceLite(&KtResource);
}

KT_RESOURCE_TEST(KtOwnerPointerExToThread)
{
    PKTHREAD Worker = &KtWorkers[0].Thread;

    /* Shared: the count moves onto the thread's own entry. */
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResShared, TRUE)), "worker not started");
    KT_CHECK(Context, KtHolds(0), "worker does not share the resource");
    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared failed");
    KT_CHECK(Context, KtResource.ActiveEntries == 2, "%u owners", KtResource.ActiveEntries);
    ExSetResourceOwnerPointerEx(&KtResource, Worker, FLAG_OWNER_POINTER_IS_THREAD);
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 0,
             "the thread still owns what it handed over");
    KT_CHECK(Context, KtResource.ActiveEntries == 1, "%u owner entries after the merge",
             KtResource.ActiveEntries);
    ExReleaseResourceForThreadLite(&KtResource, (ERESOURCE_THREAD)Worker);
    KT_CHECK(Context, KtResource.ActiveEntries == 1, "the worker's merged count was lost");
    KT_CHECK(Context, KtFinishWorker(0) == STATUS_SUCCESS, "worker did not finish");
    KT_CHECK(Context, KtResource.ActiveEntries == 0 && KtResource.ActiveCount == 0,
             "%u owners after the worker's release", KtResource.ActiveEntries);

    /* Exclusive: the receiving thread owns it as if it had acquired it. */
    RtlZeroMemory(&KtRecipient, sizeof(KtRecipient));
    KeInitializeEvent(&KtRecipient.Go, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&KtRecipient.Thread, KtOwnershipRecipient, NULL, 9)),
             "recipient not started");
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    ExSetResourceOwnerPointerEx(&KtResource, &KtRecipient.Thread, FLAG_OWNER_POINTER_IS_THREAD);
    KT_CHECK(Context, !ExIsResourceAcquiredExclusiveLite(&KtResource), "ownership not handed over");
    KeSetEvent(&KtRecipient.Go, 0, FALSE);
    KT_CHECK(Context, KtJoinThread(&KtRecipient.Thread) == STATUS_SUCCESS, "recipient hung");
    KT_CHECK(Context, KtRecipient.OwnedExclusive, "the recipient did not own the resource");
    KT_CHECK(Context, ExTryToAcquireResourceExclusiveLite(&KtResource),
             "the recipient's release did not free the resource");
}

KT_RESOURCE_TEST(KtCriticalRegionWrappers)
{
    PKTHREAD Thread = KeGetCurrentThread();
    SHORT Disable = Thread->KernelApcDisable;

    ExEnterCriticalRegionAndAcquireResourceExclusive(&KtResource);
    KT_CHECK(Context, Thread->KernelApcDisable == Disable - 1, "no critical region entered");
    KT_CHECK(Context, ExIsResourceAcquiredExclusiveLite(&KtResource), "not acquired");
    ExReleaseResourceAndLeaveCriticalRegion(&KtResource);
    KT_CHECK(Context, Thread->KernelApcDisable == Disable, "critical region not left");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 0, "not released");
    ExEnterCriticalRegionAndAcquireResourceShared(&KtResource);
    KT_CHECK(Context,
             ExIsResourceAcquiredSharedLite(&KtResource) == 1 &&
                 !ExIsResourceAcquiredExclusiveLite(&KtResource),
             "shared wrapper did not acquire shared");
    ExReleaseResourceAndLeaveCriticalRegion(&KtResource);
    KT_CHECK(Context, Thread->KernelApcDisable == Disable, "critical region not left");
}

KT_RESOURCE_TEST(KtReinitializeResets)
{
    KT_CHECK(Context, ExAcquireResourceExclusiveLite(&KtResource, TRUE), "exclusive failed");
    KT_CHECK(Context, NT_SUCCESS(KtStartWorker(0, KtResShared, FALSE)), "start");
    ExReleaseResourceLite(&KtResource);
    KT_CHECK(Context, ExAcquireResourceSharedLite(&KtResource, TRUE), "shared failed");
    KT_CHECK(Context, NT_SUCCESS(ExReinitializeResourceLite(&KtResource)), "reinitialize failed");
    KT_CHECK(Context,
             KtResource.ActiveEntries == 0 && KtResource.ActiveCount == 0 &&
                 KtResource.OwnerEntry.OwnerThread == 0 && KtResource.Flag == 0,
             "reinitialized resource still owned");
    KT_CHECK(Context, ExIsResourceAcquiredSharedLite(&KtResource) == 0, "still counted");
    KT_CHECK(Context, ExTryToAcquireResourceExclusiveLite(&KtResource), "not free after reinit");
}

#define KT_RES_STRESS_THREADS 4

typedef struct _KT_RES_STRESS
{
    KTHREAD Threads[KT_RES_STRESS_THREADS];
    ULONG64 Deadline;
    volatile LONG Readers, Writers, Violations, Rounds;
} KT_RES_STRESS;

static KT_RES_STRESS KtStress;

/* Mixed acquisitions until the deadline; a writer must be alone, a reader see no writer. */
static VOID NTAPI
KtResourceStressThread(PVOID Context)
{
    ULONG Round = (ULONG)(ULONG_PTR)Context;

    KeEnterCriticalRegion();
    while (KeQueryInterruptTime() < KtStress.Deadline)
    {
        BOOLEAN Exclusive = Round % 3 == 0;

        if (Exclusive)
            ExAcquireResourceExclusiveLite(&KtResource, TRUE);
        else if (Round % 3 == 1)
            ExAcquireResourceSharedLite(&KtResource, TRUE);
        else
            ExAcquireSharedStarveExclusive(&KtResource, TRUE);
        if (Exclusive ? InterlockedIncrement(&KtStress.Writers) != 1 || KtStress.Readers != 0
                      : (InterlockedIncrement(&KtStress.Readers), KtStress.Writers != 0))
            InterlockedIncrement(&KtStress.Violations);
        KeStallExecutionProcessor(Round % 7);
        InterlockedDecrement(Exclusive ? &KtStress.Writers : &KtStress.Readers);
        ExReleaseResourceLite(&KtResource);
        InterlockedIncrement(&KtStress.Rounds);
        Round += 5;
    }
    KeLeaveCriticalRegion();
}

/* Threads on every processor (or all on one) contend; waiters must all be served. */
KT_RESOURCE_TEST(KtStressAcrossProcessors)
{
    ULONG Processors = KeQueryActiveProcessorCount(NULL), I;
    LARGE_INTEGER Timeout = {.QuadPart = -50000000};

    RtlZeroMemory(&KtStress, sizeof(KtStress));
    KtStress.Deadline = KeQueryInterruptTime() + 2000000; /* 200 ms */
    for (I = 0; I < KT_RES_STRESS_THREADS; I++)
    {
        PKTHREAD Thread = &KtStress.Threads[I];

        KT_CHECK(Context,
                 NT_SUCCESS(KtStartThreadOn(Thread, KtResourceStressThread, (PVOID)(ULONG_PTR)I,
                                            KT_SYSTEM_PRIORITY, (KAFFINITY)1 << (I % Processors))),
                 "thread %u", I);
    }
    for (I = 0; I < KT_RES_STRESS_THREADS; I++)
        KT_CHECK(Context,
                 KeWaitForSingleObject(&KtStress.Threads[I], Executive, KernelMode, FALSE,
                                       &Timeout) == STATUS_SUCCESS,
                 "stress thread %u never finished (%d rounds)", I, KtStress.Rounds);
    KT_CHECK(Context, KtStress.Violations == 0, "%d exclusion violations in %d rounds",
             KtStress.Violations, KtStress.Rounds);
    KT_CHECK(Context, KtStress.Rounds > KT_RES_STRESS_THREADS, "only %d rounds", KtStress.Rounds);
    KT_CHECK(Context,
             KtResource.ActiveEntries == 0 && KtResource.ActiveCount == 0 &&
                 ExGetSharedWaiterCount(&KtResource) == 0 &&
                 ExGetExclusiveWaiterCount(&KtResource) == 0,
             "left %u owners, %u/%u waiters", KtResource.ActiveEntries,
             ExGetSharedWaiterCount(&KtResource), ExGetExclusiveWaiterCount(&KtResource));
}

static const KT_TEST KtResourceTests[] = {
    {"recursion counts and ExIsResourceAcquired*", KtRecursionCounts},
    {"several threads share", KtSharedBySeveralThreads},
    {"exclusive owner excludes sharers; its release lets them in", KtExclusiveExcludesShared},
    {"sharer excludes exclusive; the last release hands over", KtSharedExcludesExclusive},
    {"new sharers wait behind an exclusive waiter, starve-exclusive does not",
     KtSharedWaitsBehindExclusiveWaiter},
    {"convert exclusive to shared lets shared waiters in", KtConvertLetsSharedWaitersIn},
    {"owner table grows past 2 sharers and is freed by delete", KtOwnerTableGrowsAndIsFreed},
    {"waiter objects allocated on contention, freed by delete", KtWaiterObjectsOnContention},
    {"owner waiting behind an exclusive waiter, released on its behalf",
     KtWaitForExclusiveReleasedOnBehalf},
    {"owner pointer and ExReleaseResourceForThreadLite", KtOwnerPointerAndReleaseForThread},
    {"ExSetResourceOwnerPointerEx hands ownership to a thread", KtOwnerPointerExToThread},
    {"critical-region wrappers", KtCriticalRegionWrappers},
    {"reinitialize resets ownership", KtReinitializeResets},
    {"mixed acquisitions from several processors keep exclusion", KtStressAcrossProcessors},
};

const KT_SUITE KtExResourceSuite = {"Ex resources", KtResourceTests,
                                    RTL_NUMBER_OF(KtResourceTests)};
