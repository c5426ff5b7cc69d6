/* SPDX-License-Identifier: MIT */
/*
 * Push lock and shared spin lock self-tests. Workers run at priority 9 beside the runner
 * (8) on processor 0, so a worker runs as soon as it is started or woken and stops at its
 * first wait, and the test reads the lock word in between: it checks NT's EX_PUSH_LOCK
 * bits (Locked, Waiting, MultipleShared, share count) as well as who got in and when. The
 * multiprocessor tests hammer both locks from every processor and count owners inside.
 */
#include "ntos.h"

#define KT_PL_WORKERS 4
#define KT_PL_LOCKED 0x1
#define KT_PL_WAITING 0x2
#define KT_PL_WAKING 0x4
#define KT_PL_MULTIPLE_SHARED 0x8
#define KT_PL_SHARE(N) ((ULONG_PTR)(N) << 4)
#define KT_LOCK_MP_THREADS 8
#define KT_LOCK_MP_ROUNDS 4000

typedef struct _KT_PL_WORKER
{
    KTHREAD Thread;
    KEVENT Release;
    BOOLEAN Exclusive;
    BOOLEAN Started;
    volatile LONG Order; /* when it acquired, counting from 1 */
} KT_PL_WORKER, *PKT_PL_WORKER;

static EX_PUSH_LOCK KtPushLock;
static KT_PL_WORKER KtPlWorkers[KT_PL_WORKERS];
static volatile LONG KtPlSequence;

static ULONG_PTR
KtPushLockValue(VOID)
{
    return *(volatile ULONG_PTR *)&KtPushLock;
}

static VOID NTAPI
KtPushLockWorker(PVOID Context)
{
    PKT_PL_WORKER Worker = Context;

    if (Worker->Exclusive)
        ExfAcquirePushLockExclusive(&KtPushLock);
    else
        ExfAcquirePushLockShared(&KtPushLock);
    Worker->Order = InterlockedIncrement(&KtPlSequence);
    KeWaitForSingleObject(&Worker->Release, Executive, KernelMode, FALSE, NULL);
    if (Worker->Exclusive)
        ExfReleasePushLockExclusive(&KtPushLock);
    else
        ExfReleasePushLockShared(&KtPushLock);
}

static NTSTATUS
KtStartPushLockWorker(ULONG Index, BOOLEAN Exclusive)
{
    PKT_PL_WORKER Worker = &KtPlWorkers[Index];

    KeInitializeEvent(&Worker->Release, NotificationEvent, FALSE);
    Worker->Exclusive = Exclusive;
    Worker->Started = TRUE;
    return KtStartThread(&Worker->Thread, KtPushLockWorker, Worker, 9);
}

/* Lets a worker release and waits until it ended; a woken waiter takes the lock first. */
static NTSTATUS
KtFinishPushLockWorker(ULONG Index)
{
    KeSetEvent(&KtPlWorkers[Index].Release, 0, FALSE);
    return KtJoinThread(&KtPlWorkers[Index].Thread);
}

typedef VOID (*PKT_PL_BODY)(PKT_CONTEXT Context, PBOOLEAN Held);

/* Runs Body, then releases the runner's ownership if the body left it held (*Held) and
 * ends every worker. */
static VOID
KtRunPushLockTest(PKT_CONTEXT Context, PKT_PL_BODY Body)
{
    BOOLEAN Held = FALSE;
    ULONG I;

    RtlZeroMemory(KtPlWorkers, sizeof(KtPlWorkers));
    KtPlSequence = 0;
    ExInitializePushLock(&KtPushLock);
    KeEnterCriticalRegion();
    Body(Context, &Held);
    if (Held)
        ExfReleasePushLock(&KtPushLock);
    for (I = 0; I < KT_PL_WORKERS; I++)
    {
        if (KtPlWorkers[I].Started && KtFinishPushLockWorker(I) != STATUS_SUCCESS)
            KtFail(Context, __FILE__, __LINE__, "worker %u never finished", I);
    }
    KeLeaveCriticalRegion();
    if (!Context->Failed && KtPushLockValue() != 0)
        KtFail(Context, __FILE__, __LINE__, "lock word 0x%p after every owner left",
               (PVOID)KtPushLockValue());
}

#define KT_PUSH_LOCK_TEST(Name)                                 \
    static VOID Name##Body(PKT_CONTEXT Context, PBOOLEAN Held); \
    static VOID Name(PKT_CONTEXT Context)                       \
    {                                                           \
        KtRunPushLockTest(Context, Name##Body);                 \
    }                                                           \
    static VOID Name##Body(PKT_CONTEXT Context, PBOOLEAN Held)

KT_PUSH_LOCK_TEST(KtPushLockWordLayout)
{
    ULONG I;

    UNREFERENCED_PARAMETER(Held);
    KtPushLock = (EX_PUSH_LOCK)-1;
    ExInitializePushLock(&KtPushLock);
    KT_CHECK(Context, KtPushLockValue() == 0, "initialized lock is 0x%p", (PVOID)KtPushLockValue());
    ExfAcquirePushLockExclusive(&KtPushLock);
    KT_CHECK(Context, KtPushLockValue() == KT_PL_LOCKED, "exclusive owner: 0x%p",
             (PVOID)KtPushLockValue());
    KT_CHECK(Context, !ExfTryAcquirePushLockShared(&KtPushLock), "try-shared beside exclusive");
    ExfReleasePushLockExclusive(&KtPushLock);
    KT_CHECK(Context, KtPushLockValue() == 0, "released: 0x%p", (PVOID)KtPushLockValue());
    for (I = 1; I <= 3; I++)
    {
        ExfAcquirePushLockShared(&KtPushLock);
        KT_CHECK(Context, KtPushLockValue() == (KT_PL_SHARE(I) | KT_PL_LOCKED), "%u sharers: 0x%p",
                 I, (PVOID)KtPushLockValue());
    }
    KT_CHECK(Context, ExfTryAcquirePushLockShared(&KtPushLock), "try-shared beside sharers");
    KT_CHECK(Context, KtPushLockValue() == (KT_PL_SHARE(4) | KT_PL_LOCKED), "4 sharers: 0x%p",
             (PVOID)KtPushLockValue());
    ExfReleasePushLockShared(&KtPushLock);
    ExfReleasePushLock(&KtPushLock);
    ExfReleasePushLockShared(&KtPushLock);
    KT_CHECK(Context, KtPushLockValue() == (KT_PL_SHARE(1) | KT_PL_LOCKED), "1 sharer: 0x%p",
             (PVOID)KtPushLockValue());
    ExfReleasePushLock(&KtPushLock);
    KT_CHECK(Context, KtPushLockValue() == 0, "released: 0x%p", (PVOID)KtPushLockValue());
    KT_CHECK(Context, ExfTryAcquirePushLockShared(&KtPushLock), "try-shared of a free lock");
    ExfReleasePushLockShared(&KtPushLock);
}

KT_PUSH_LOCK_TEST(KtPushLockExclusiveExcludes)
{
    PEXP_PUSH_LOCK_WAIT_BLOCK Block;
    ULONG_PTR Value;

    ExfAcquirePushLockExclusive(&KtPushLock);
    *Held = TRUE;
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(0, FALSE)), "worker 0 not started");
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(1, TRUE)), "worker 1 not started");
    KT_CHECK(Context, KtPlWorkers[0].Order == 0 && KtPlWorkers[1].Order == 0,
             "a worker got in beside the exclusive owner");
    Value = KtPushLockValue();
    KT_CHECK(Context, (Value & 0xF) == (KT_PL_LOCKED | KT_PL_WAITING),
             "two waiters on an exclusive owner: 0x%p", (PVOID)Value);
    Block = (PEXP_PUSH_LOCK_WAIT_BLOCK)(Value & ~(ULONG_PTR)0xF);
    KT_CHECK(Context,
             Block->Exclusive && Block->Next != NULL && !Block->Next->Exclusive &&
                 Block->Next->Next == NULL,
             "the chain is not newest-first (exclusive, then shared)");
    *Held = FALSE;
    ExfReleasePushLockExclusive(&KtPushLock);
    /* The oldest waiter is shared, so everyone was woken; the sharer ran first. */
    KT_CHECK(Context, KtPlWorkers[0].Order == 1, "the shared waiter did not get in first");
    KT_CHECK(Context, KtPlWorkers[1].Order == 0, "the exclusive waiter got in beside a sharer");
    KT_CHECK(Context, NT_SUCCESS(KtFinishPushLockWorker(0)), "shared worker did not finish");
    KT_CHECK(Context, KtPlWorkers[1].Order == 2, "the exclusive waiter did not follow");
}

KT_PUSH_LOCK_TEST(KtPushLockMultipleShared)
{
    PEXP_PUSH_LOCK_WAIT_BLOCK Block;
    ULONG_PTR Value;

    ExfAcquirePushLockShared(&KtPushLock);
    *Held = TRUE;
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(0, FALSE)), "worker 0 not started");
    KT_CHECK(Context, KtPlWorkers[0].Order == 1, "a second sharer was kept out");
    KT_CHECK(Context, KtPushLockValue() == (KT_PL_SHARE(2) | KT_PL_LOCKED), "2 sharers: 0x%p",
             (PVOID)KtPushLockValue());
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(1, TRUE)), "worker 1 not started");
    Value = KtPushLockValue();
    KT_CHECK(Context, (Value & 0xF) == (KT_PL_LOCKED | KT_PL_WAITING | KT_PL_MULTIPLE_SHARED),
             "exclusive waiter behind 2 sharers: 0x%p", (PVOID)Value);
    Block = (PEXP_PUSH_LOCK_WAIT_BLOCK)(Value & ~(ULONG_PTR)0xF);
    KT_CHECK(Context, Block->ShareCount == 2 && Block->Next == NULL,
             "the waiter's block holds share count %d", Block->ShareCount);
    /* New sharers queue behind the exclusive waiter. */
    KT_CHECK(Context, !ExfTryAcquirePushLockShared(&KtPushLock), "try-shared jumped the queue");
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(2, FALSE)), "worker 2 not started");
    KT_CHECK(Context, KtPlWorkers[2].Order == 0, "a new sharer jumped the exclusive waiter");
    KT_CHECK(Context, NT_SUCCESS(KtFinishPushLockWorker(0)), "worker 0 did not finish");
    KT_CHECK(Context, Block->ShareCount == 1 && KtPlWorkers[1].Order == 0,
             "one sharer left: count %d, exclusive order %d", Block->ShareCount,
             KtPlWorkers[1].Order);
    *Held = FALSE;
    ExfReleasePushLockShared(&KtPushLock);
    KT_CHECK(Context, KtPlWorkers[1].Order == 2, "the exclusive waiter was not woken alone first");
    KT_CHECK(Context, KtPlWorkers[2].Order == 0, "the sharer got in beside the exclusive owner");
    KT_CHECK(Context, NT_SUCCESS(KtFinishPushLockWorker(1)), "worker 1 did not finish");
    KT_CHECK(Context, KtPlWorkers[2].Order == 3, "the queued sharer never got in");
}

/* A caller that dropped Locked on its own leaves the waiters to ExfTryToWakePushLock. */
KT_PUSH_LOCK_TEST(KtPushLockTryToWake)
{
    ExfAcquirePushLockExclusive(&KtPushLock);
    *Held = TRUE;
    KT_CHECK(Context, NT_SUCCESS(KtStartPushLockWorker(0, TRUE)), "worker 0 not started");
    InterlockedAnd64((volatile LONG64 *)&KtPushLock, ~(LONG64)KT_PL_LOCKED);
    *Held = FALSE;
    KT_CHECK(Context, KtPlWorkers[0].Order == 0, "the waiter woke without a waker");
    KT_CHECK(Context, (KtPushLockValue() & 0xF) == KT_PL_WAITING, "free lock with a waiter: 0x%p",
             (PVOID)KtPushLockValue());
    ExfTryToWakePushLock(&KtPushLock);
    KT_CHECK(Context, KtPlWorkers[0].Order == 1, "ExfTryToWakePushLock did not wake the waiter");
    KT_CHECK(Context, KtPushLockValue() == KT_PL_LOCKED, "woken exclusive owner: 0x%p",
             (PVOID)KtPushLockValue());
}

static EX_PUSH_LOCK KtBlockLock;

static VOID NTAPI
KtBlockedThread(PVOID Context)
{
    EXP_PUSH_LOCK_WAIT_BLOCK WaitBlock;

    ExpBlockPushLock(&KtBlockLock, &WaitBlock);
    ExpWaitForUnblockPushLock(&WaitBlock);
    InterlockedIncrement((volatile LONG *)Context);
}

static VOID
KtPushLockUnblock(PKT_CONTEXT Context)
{
    static KTHREAD Threads[2];
    volatile LONG Woken = 0;
    ULONG I;

    ExInitializePushLock(&KtBlockLock);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context, NT_SUCCESS(KtStartThread(&Threads[I], KtBlockedThread, (PVOID)&Woken, 9)),
                 "thread %u not started", I);
    KT_CHECK(Context, (KtBlockLock & 0xF) == KT_PL_WAITING && Woken == 0,
             "two blocked threads: 0x%p, %d woken", (PVOID)KtBlockLock, Woken);
    ExfUnblockPushLock(&KtBlockLock, NULL);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context, KtJoinThread(&Threads[I]) == STATUS_SUCCESS, "thread %u still blocked",
                 I);
    KT_CHECK(Context, Woken == 2 && KtBlockLock == 0, "%d woken, lock 0x%p", Woken,
             (PVOID)KtBlockLock);
}

/* Exclusive takes all 64 fanned locks, shared only the current processor's. */
static VOID
KtCacheAwareBody(PKT_CONTEXT Context, PEX_PUSH_LOCK_CACHE_AWARE Lock)
{
    PEX_PUSH_LOCK Mine;
    ULONG I, Held = 0;

    for (I = 0; I < EX_PUSH_LOCK_FANNED_COUNT; I++)
        KT_CHECK(Context,
                 Lock->Locks[I] != NULL && *Lock->Locks[I] == 0 &&
                     ((ULONG_PTR)Lock->Locks[I] & 63) == 0,
                 "fanned lock %u: %p", I, Lock->Locks[I]);
    KT_CHECK(Context, (ULONG_PTR)Lock->Locks[1] - (ULONG_PTR)Lock->Locks[0] >= 64,
             "two fanned locks share a cache line");
    ExAcquireCacheAwarePushLockExclusive(Lock);
    for (I = 0; I < EX_PUSH_LOCK_FANNED_COUNT; I++)
        Held += *Lock->Locks[I] == KT_PL_LOCKED;
    Mine = Lock->Locks[KeGetCurrentProcessorNumber()];
    KT_CHECK(Context, !ExfTryAcquirePushLockShared(Mine), "a sharer got in beside exclusive");
    ExReleaseCacheAwarePushLockExclusive(Lock);
    KT_CHECK(Context, Held == EX_PUSH_LOCK_FANNED_COUNT, "exclusive holds %u of 64 locks", Held);
    Mine = ExpAcquireCacheAwarePushLockShared(Lock);
    for (I = 0, Held = 0; I < EX_PUSH_LOCK_FANNED_COUNT; I++)
        Held += *Lock->Locks[I] != 0;
    ExfReleasePushLockShared(Mine);
    KT_CHECK(Context, Mine == Lock->Locks[KeGetCurrentProcessorNumber()] && Held == 1,
             "shared took %u locks", Held);
    KT_CHECK(Context, *Mine == 0, "released shared lock is 0x%p", (PVOID)*Mine);
}

static VOID
KtCacheAwarePushLock(PKT_CONTEXT Context)
{
    PEX_PUSH_LOCK_CACHE_AWARE Lock = ExAllocateCacheAwarePushLock();

    KT_CHECK(Context, Lock != NULL, "allocation failed");
    KtCacheAwareBody(Context, Lock);
    ExFreeCacheAwarePushLock(Lock);
}

typedef struct _KT_LOCK_MP
{
    volatile LONG Exclusive; /* owners inside, by kind */
    volatile LONG Shared;
    volatile LONG Violations;
    volatile LONG SharedOverlaps; /* a sharer saw another sharer inside */
    volatile LONG64 Counter;      /* bumped non-atomically by exclusive owners */
    volatile LONG64 Expected;     /* exclusive acquisitions made, counted atomically */
    BOOLEAN SpinLock;             /* which lock this run tests */
} KT_LOCK_MP;

static KT_LOCK_MP KtLockMp;
static EX_SPIN_LOCK KtSpinLock;
static KTHREAD KtLockThreads[KT_LOCK_MP_THREADS];

static VOID
KtLockMpAcquire(BOOLEAN Exclusive, PKIRQL OldIrql)
{
    if (KtLockMp.SpinLock)
        *OldIrql = Exclusive ? ExAcquireSpinLockExclusive(&KtSpinLock)
                             : ExAcquireSpinLockShared(&KtSpinLock);
    else if (Exclusive)
        ExfAcquirePushLockExclusive(&KtPushLock);
    else
        ExfAcquirePushLockShared(&KtPushLock);
}

static VOID
KtLockMpRelease(BOOLEAN Exclusive, KIRQL OldIrql)
{
    if (KtLockMp.SpinLock && Exclusive)
        ExReleaseSpinLockExclusive(&KtSpinLock, OldIrql);
    else if (KtLockMp.SpinLock)
        ExReleaseSpinLockShared(&KtSpinLock, OldIrql);
    else if (Exclusive)
        ExfReleasePushLockExclusive(&KtPushLock);
    else
        ExfReleasePushLockShared(&KtPushLock);
}

/* One in four acquisitions is exclusive; owners check nobody of the other kind is inside. */
static VOID NTAPI
KtLockMpThread(PVOID Context)
{
    ULONG Seed = (ULONG)(ULONG_PTR)Context * 7919 + 1, I;
    KIRQL OldIrql = PASSIVE_LEVEL;

    KeEnterCriticalRegion();
    for (I = 0; I < KT_LOCK_MP_ROUNDS; I++)
    {
        BOOLEAN Exclusive = ((Seed = Seed * 1103515245 + 12345) >> 16) % 4 == 0;

        KtLockMpAcquire(Exclusive, &OldIrql);
        if (Exclusive)
        {
            LONG64 Seen = KtLockMp.Counter;
            ULONG Spin;

            if (InterlockedIncrement(&KtLockMp.Exclusive) != 1 || KtLockMp.Shared != 0)
                InterlockedIncrement(&KtLockMp.Violations);
            for (Spin = 0; Spin < 20; Spin++) /* widen the window for an intruder */
                YieldProcessor();
            KtLockMp.Counter = Seen + 1;
            InterlockedDecrement(&KtLockMp.Exclusive);
            InterlockedIncrement64(&KtLockMp.Expected);
        }
        else
        {
            if (InterlockedIncrement(&KtLockMp.Shared) > 1)
                InterlockedIncrement(&KtLockMp.SharedOverlaps);
            if (KtLockMp.Exclusive != 0)
                InterlockedIncrement(&KtLockMp.Violations);
            YieldProcessor();
            InterlockedDecrement(&KtLockMp.Shared);
        }
        KtLockMpRelease(Exclusive, OldIrql);
    }
    KeLeaveCriticalRegion();
}

static VOID
KtLockAcrossProcessors(PKT_CONTEXT Context, BOOLEAN SpinLock)
{
    ULONG Threads = min(KeQueryActiveProcessorCount(NULL) * 2, KT_LOCK_MP_THREADS), I;
    ULONG Started = 0;

    RtlZeroMemory(&KtLockMp, sizeof(KtLockMp));
    KtLockMp.SpinLock = SpinLock;
    KtSpinLock = 0;
    ExInitializePushLock(&KtPushLock);
    for (I = 0; I < Threads; I++)
    {
        KAFFINITY Affinity = (KAFFINITY)1 << (I % KeQueryActiveProcessorCount(NULL));

        if (!NT_SUCCESS(KtStartThreadOn(&KtLockThreads[I], KtLockMpThread, (PVOID)(ULONG_PTR)I,
                                        KT_SYSTEM_PRIORITY, Affinity)))
            break;
        Started++;
    }
    for (I = 0; I < Started; I++)
    {
        LARGE_INTEGER Timeout = {.QuadPart = -30 * 10000000ll};

        if (KeWaitForSingleObject(&KtLockThreads[I], Executive, KernelMode, FALSE, &Timeout) !=
            STATUS_SUCCESS)
        {
            /* A thread stuck on the lock cannot be ended; stop before its stack is reused. */
            KeBugCheckEx(MANUALLY_INITIATED_CRASH, (ULONG_PTR)&KtLockThreads[I], I,
                         SpinLock ? (ULONG_PTR)KtSpinLock : KtPushLockValue(), 0);
        }
    }
    KT_CHECK(Context, Started == Threads, "%u of %u threads started", Started, Threads);
    KT_CHECK(Context, KtLockMp.Violations == 0, "%d owners overlapped an exclusive owner",
             KtLockMp.Violations);
    KT_CHECK(Context, KtLockMp.Counter == KtLockMp.Expected,
             "exclusive owners lost updates: %lld of %lld", KtLockMp.Counter, KtLockMp.Expected);
    KT_CHECK(Context, SpinLock ? KtSpinLock == 0 : KtPushLockValue() == 0,
             "lock word 0x%p after every thread left",
             (PVOID)(SpinLock ? (ULONG_PTR)(ULONG)KtSpinLock : KtPushLockValue()));
    DbgPrint("Ex locks: %u threads, %lld exclusive rounds, %d shared overlaps\n", Threads,
             KtLockMp.Counter, KtLockMp.SharedOverlaps);
}

static VOID
KtPushLockAcrossProcessors(PKT_CONTEXT Context)
{
    KtLockAcrossProcessors(Context, FALSE);
}

/* Checks run at DISPATCH_LEVEL; the wrapper below restores the IRQL when one fails. */
static VOID
KtSpinLockLayoutBody(PKT_CONTEXT Context)
{
    EX_SPIN_LOCK Lock = 0;
    KIRQL OldIrql, Irql;

    OldIrql = ExAcquireSpinLockShared(&Lock);
    KT_CHECK(Context, KeGetCurrentIrql() == DISPATCH_LEVEL && OldIrql == PASSIVE_LEVEL,
             "shared acquire: IRQL %u, returned %u", KeGetCurrentIrql(), OldIrql);
    ExAcquireSpinLockSharedAtDpcLevel(&Lock);
    KT_CHECK(Context, Lock == 2, "two sharers: 0x%x", Lock);
    KT_CHECK(Context, ExTryAcquireSpinLockSharedAtDpcLevel(&Lock) && Lock == 3,
             "try-shared beside sharers: 0x%x", Lock);
    KT_CHECK(Context, !ExTryAcquireSpinLockExclusiveAtDpcLevel(&Lock),
             "try-exclusive beside sharers");
    KT_CHECK(Context, !ExTryConvertSharedSpinLockExclusive(&Lock) && Lock == 3,
             "converted while other sharers held it: 0x%x", Lock);
    ExReleaseSpinLockSharedFromDpcLevel(&Lock);
    ExReleaseSpinLockSharedFromDpcLevel(&Lock);
    KT_CHECK(Context, ExTryConvertSharedSpinLockExclusive(&Lock),
             "the sole sharer could not convert");
    KT_CHECK(Context, (ULONG)Lock == 0x80000000, "converted: 0x%x", Lock);
    KT_CHECK(Context, !ExTryAcquireSpinLockSharedAtDpcLevel(&Lock), "try-shared beside exclusive");
    KT_CHECK(Context, !ExTryAcquireSpinLockExclusiveAtDpcLevel(&Lock), "exclusive twice");
    ExReleaseSpinLockExclusive(&Lock, OldIrql);
    KT_CHECK(Context, Lock == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL, "released: 0x%x at IRQL %u",
             Lock, KeGetCurrentIrql());

    KeRaiseIrql(APC_LEVEL, &Irql);
    OldIrql = ExAcquireSpinLockExclusive(&Lock);
    KT_CHECK(Context,
             OldIrql == APC_LEVEL && KeGetCurrentIrql() == DISPATCH_LEVEL &&
                 (ULONG)Lock == 0x80000000,
             "exclusive acquire: returned %u, lock 0x%x", OldIrql, Lock);
    ExReleaseSpinLockExclusive(&Lock, OldIrql);
    KT_CHECK(Context, KeGetCurrentIrql() == APC_LEVEL, "IRQL %u after release", KeGetCurrentIrql());
    KeLowerIrql(Irql);
    Irql = KeRaiseIrqlToDpcLevel();
    KT_CHECK(Context, ExTryAcquireSpinLockExclusiveAtDpcLevel(&Lock),
             "try-exclusive of a free lock");
    ExReleaseSpinLockExclusiveFromDpcLevel(&Lock);
    ExAcquireSpinLockSharedAtDpcLevel(&Lock);
    ExReleaseSpinLockShared(&Lock, Irql);
    KT_CHECK(Context, Lock == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL, "released: 0x%x at IRQL %u",
             Lock, KeGetCurrentIrql());
}

static VOID
KtSpinLockLayout(PKT_CONTEXT Context)
{
    KtSpinLockLayoutBody(Context);
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeLowerIrql(PASSIVE_LEVEL);
}

typedef struct _KT_SPIN_WRITER
{
    KTHREAD Thread;
    volatile BOOLEAN Inside;
} KT_SPIN_WRITER;

static KT_SPIN_WRITER KtSpinWriter;

static VOID NTAPI
KtSpinLockWriter(PVOID Context)
{
    KIRQL OldIrql = ExAcquireSpinLockExclusive(&KtSpinLock);

    UNREFERENCED_PARAMETER(Context);
    KtSpinWriter.Inside = TRUE;
    ExReleaseSpinLockExclusive(&KtSpinLock, OldIrql);
}

/* A writer on processor 1 claims bit 31 while a sharer is inside and waits for it; new
 * sharers are refused meanwhile. The sharer is simulated by the count in the word, so the
 * runner can watch from PASSIVE_LEVEL. Needs a second processor. */
static VOID
KtSpinLockWriterWaitsForSharers(PKT_CONTEXT Context)
{
    LARGE_INTEGER Delay = {.QuadPart = -10000};
    BOOLEAN Refused;
    KIRQL Irql;
    ULONG I;

    if (KeQueryActiveProcessorCount(NULL) < 2)
    {
        DbgPrint("Ex locks: one processor, writer-waits-for-sharers not run\n");
        return;
    }
    RtlZeroMemory(&KtSpinWriter, sizeof(KtSpinWriter));
    KtSpinLock = 1;
    KT_CHECK(Context,
             NT_SUCCESS(KtStartThreadOn(&KtSpinWriter.Thread, KtSpinLockWriter, NULL,
                                        KT_SYSTEM_PRIORITY, 2)),
             "writer not started");
    for (I = 0; I < 1000 && (ULONG)KtSpinLock != 0x80000001; I++)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    Irql = KeRaiseIrqlToDpcLevel();
    Refused = !ExTryAcquireSpinLockSharedAtDpcLevel(&KtSpinLock);
    KeLowerIrql(Irql);
    InterlockedDecrement(&KtSpinLock); /* the sharer leaves */
    KT_CHECK(Context, KtJoinThread(&KtSpinWriter.Thread) == STATUS_SUCCESS, "writer never got in");
    KT_CHECK(Context, I < 1000, "the writer never claimed bit 31 (lock 0x%x)", KtSpinLock);
    KT_CHECK(Context, Refused, "a new sharer got in beside a waiting writer");
    KT_CHECK(Context, KtSpinWriter.Inside && KtSpinLock == 0, "writer inside %u, lock 0x%x",
             KtSpinWriter.Inside, KtSpinLock);
}

static VOID
KtSpinLockAcrossProcessors(PKT_CONTEXT Context)
{
    KtLockAcrossProcessors(Context, TRUE);
}

static const KT_TEST KtExLockTests[] = {
    {"push lock word: Locked and share count", KtPushLockWordLayout},
    {"push lock: exclusive owner queues waiters, release wakes them", KtPushLockExclusiveExcludes},
    {"push lock: MultipleShared, count in the oldest wait block", KtPushLockMultipleShared},
    {"push lock: ExfTryToWakePushLock wakes a free lock's waiter", KtPushLockTryToWake},
    {"push lock: ExfUnblockPushLock releases blocked threads", KtPushLockUnblock},
    {"push lock: mixed acquisitions from several processors", KtPushLockAcrossProcessors},
    {"cache-aware push lock: exclusive takes all, shared one", KtCacheAwarePushLock},
    {"shared spin lock: word, IRQL, try and convert", KtSpinLockLayout},
    {"shared spin lock: a writer waits for sharers and holds new ones off",
     KtSpinLockWriterWaitsForSharers},
    {"shared spin lock: mixed acquisitions from several processors", KtSpinLockAcrossProcessors},
};

const KT_SUITE KtExLockSuite = {"Ex locks", KtExLockTests, RTL_NUMBER_OF(KtExLockTests)};
