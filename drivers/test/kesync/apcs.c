/* SPDX-License-Identifier: MIT */
/*
 * kesync.sys: kernel APCs queued to the current thread, what holds them off (raised IRQL,
 * critical and guarded regions, a held KMUTEX), and the thread priority setters. Each case
 * has its own static APC, and a case that fails while its APC is still queued lets it run
 * before returning, so no APC outlives its case.
 */
#include "kesync.h"

typedef struct _APC_RECORD
{
    KAPC Apc;
    volatile LONG KernelRuns, NormalRuns;
    KIRQL KernelIrql, NormalIrql;
    PVOID NormalArguments[3];
} APC_RECORD, *PAPC_RECORD;

static VOID NTAPI
ApcKernelRoutine(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext, PVOID *Argument1,
                 PVOID *Argument2)
{
    PAPC_RECORD Record = CONTAINING_RECORD(Apc, APC_RECORD, Apc);

    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    Record->KernelIrql = KeGetCurrentIrql();
    InterlockedIncrement(&Record->KernelRuns);
}

static VOID NTAPI
ApcNormalRoutine(PVOID NormalContext, PVOID Argument1, PVOID Argument2)
{
    PAPC_RECORD Record = NormalContext;

    Record->NormalIrql = KeGetCurrentIrql();
    Record->NormalArguments[0] = NormalContext;
    Record->NormalArguments[1] = Argument1;
    Record->NormalArguments[2] = Argument2;
    InterlockedIncrement(&Record->NormalRuns);
}

/* A special kernel APC (no normal routine) or a normal kernel APC for this thread. */
static VOID
InitializeApc(PAPC_RECORD Record, BOOLEAN Normal)
{
    RtlZeroMemory(Record, sizeof(*Record));
    Record->KernelIrql = Record->NormalIrql = 0xFF;
    KeInitializeApc(&Record->Apc, KeGetCurrentThread(), OriginalApcEnvironment, ApcKernelRoutine,
                    NULL, Normal ? ApcNormalRoutine : NULL, KernelMode, Normal ? Record : NULL);
}

/* After a failed case: let a still-queued APC run now, at PASSIVE_LEVEL outside any
 * region, rather than after this driver's frames are gone. */
static VOID
DrainApc(PAPC_RECORD Record)
{
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeLowerIrql(PASSIVE_LEVEL);
    if (Record->Apc.Inserted)
    {
        KeEnterCriticalRegion();
        KeLeaveCriticalRegion();
    }
}

/* A special kernel APC queued at APC_LEVEL runs, at APC_LEVEL, once IRQL drops. */
static APC_RECORD SpecialApc;

static PCSTR
SpecialApcBody(VOID)
{
    KIRQL OldIrql;

    KeRaiseIrql(APC_LEVEL, &OldIrql);
    EXPECT(KeAreAllApcsDisabled());
    EXPECT(KeInsertQueueApc(&SpecialApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT_EQ(SpecialApc.KernelRuns, 0);
    KeLowerIrql(OldIrql);
    EXPECT_EQ(SpecialApc.KernelRuns, 1);
    EXPECT_EQ(SpecialApc.KernelIrql, APC_LEVEL);
    EXPECT(!SpecialApc.Apc.Inserted);
    return NULL;
}

PCSTR
KsCaseSpecialApc(VOID)
{
    PCSTR Failed;

    InitializeApc(&SpecialApc, FALSE);
    Failed = SpecialApcBody();
    DrainApc(&SpecialApc);
    return Failed;
}

/* A normal kernel APC runs its kernel routine at APC_LEVEL, then its normal routine at
 * PASSIVE_LEVEL with the normal context and system arguments. */
static APC_RECORD NormalApc;

static PCSTR
NormalApcBody(VOID)
{
    EXPECT(!KeAreApcsDisabled());
    EXPECT(KeInsertQueueApc(&NormalApc.Apc, &NormalApc.KernelIrql, &NormalApc.NormalIrql,
                            IO_NO_INCREMENT));
    EXPECT_EQ(NormalApc.KernelRuns, 1);
    EXPECT_EQ(NormalApc.NormalRuns, 1);
    EXPECT_EQ(NormalApc.KernelIrql, APC_LEVEL);
    EXPECT_EQ(NormalApc.NormalIrql, PASSIVE_LEVEL);
    EXPECT(NormalApc.NormalArguments[0] == &NormalApc);
    EXPECT(NormalApc.NormalArguments[1] == &NormalApc.KernelIrql);
    EXPECT(NormalApc.NormalArguments[2] == &NormalApc.NormalIrql);
    return NULL;
}

PCSTR
KsCaseNormalApc(VOID)
{
    PCSTR Failed;

    InitializeApc(&NormalApc, TRUE);
    Failed = NormalApcBody();
    DrainApc(&NormalApc);
    return Failed;
}

/* Inside a critical region a normal APC waits for KeLeaveCriticalRegion while a special
 * one still runs. Queuing an APC that is already queued returns FALSE. */
static APC_RECORD CriticalNormalApc, CriticalSpecialApc;
static BOOLEAN InCriticalRegion;

static PCSTR
CriticalRegionBody(VOID)
{
    KeEnterCriticalRegion();
    InCriticalRegion = TRUE;
    EXPECT(KeAreApcsDisabled());
    EXPECT(KeInsertQueueApc(&CriticalNormalApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT(!KeInsertQueueApc(&CriticalNormalApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT_EQ(CriticalNormalApc.KernelRuns, 0);
    EXPECT(KeInsertQueueApc(&CriticalSpecialApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT_EQ(CriticalSpecialApc.KernelRuns, 1);
    EXPECT_EQ(CriticalNormalApc.KernelRuns, 0);
    EXPECT(CriticalNormalApc.Apc.Inserted);
    InCriticalRegion = FALSE;
    KeLeaveCriticalRegion();
    EXPECT_EQ(CriticalNormalApc.KernelRuns, 1);
    EXPECT_EQ(CriticalNormalApc.NormalRuns, 1);
    EXPECT_EQ(CriticalNormalApc.NormalIrql, PASSIVE_LEVEL);
    return NULL;
}

PCSTR
KsCaseCriticalRegion(VOID)
{
    PCSTR Failed;

    InitializeApc(&CriticalNormalApc, TRUE);
    InitializeApc(&CriticalSpecialApc, FALSE);
    InCriticalRegion = FALSE;
    Failed = CriticalRegionBody();
    if (InCriticalRegion)
        KeLeaveCriticalRegion();
    DrainApc(&CriticalNormalApc);
    DrainApc(&CriticalSpecialApc);
    return Failed;
}

/* Inside a guarded region even a special APC waits for KeLeaveGuardedRegion. */
static APC_RECORD GuardedApc;
static BOOLEAN InGuardedRegion;

static PCSTR
GuardedRegionBody(VOID)
{
    KeEnterGuardedRegion();
    InGuardedRegion = TRUE;
    EXPECT(KeAreApcsDisabled());
    EXPECT(KeAreAllApcsDisabled());
    EXPECT(KeInsertQueueApc(&GuardedApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT_EQ(GuardedApc.KernelRuns, 0);
    InGuardedRegion = FALSE;
    KeLeaveGuardedRegion();
    EXPECT_EQ(GuardedApc.KernelRuns, 1);
    EXPECT_EQ(GuardedApc.KernelIrql, APC_LEVEL);
    return NULL;
}

PCSTR
KsCaseGuardedRegion(VOID)
{
    PCSTR Failed;

    InitializeApc(&GuardedApc, FALSE);
    InGuardedRegion = FALSE;
    Failed = GuardedRegionBody();
    if (InGuardedRegion)
        KeLeaveGuardedRegion();
    DrainApc(&GuardedApc);
    return Failed;
}

/* Holding a KMUTEX holds off normal kernel APCs; the last release lets them run. */
static APC_RECORD MutexApc;
static KMUTEX ApcMutex;

static PCSTR
MutexApcBody(VOID)
{
    EXPECT_STATUS(KsWait(&ApcMutex, 0), STATUS_SUCCESS);
    EXPECT(KeAreApcsDisabled());
    EXPECT(KeInsertQueueApc(&MutexApc.Apc, NULL, NULL, IO_NO_INCREMENT));
    EXPECT_EQ(MutexApc.KernelRuns, 0);
    EXPECT_EQ(KeReleaseMutex(&ApcMutex, FALSE), 0);
    EXPECT(!KeAreApcsDisabled());
    EXPECT_EQ(MutexApc.KernelRuns, 1);
    EXPECT_EQ(MutexApc.NormalRuns, 1);
    return NULL;
}

PCSTR
KsCaseMutexHoldsOffApcs(VOID)
{
    PCSTR Failed;

    InitializeApc(&MutexApc, TRUE);
    KeInitializeMutex(&ApcMutex, 0);
    Failed = MutexApcBody();
    if (KeReadStateMutex(&ApcMutex) < 1)
        KeReleaseMutex(&ApcMutex, FALSE);
    DrainApc(&MutexApc);
    return Failed;
}

/* KeSetPriorityThread returns the previous priority; KeQueryPriorityThread the current. */
PCSTR
KsCasePriority(VOID)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KPRIORITY Original = KeQueryPriorityThread(Thread);
    KPRIORITY Other = Original == 10 ? 11 : 10;
    KPRIORITY Previous = KeSetPriorityThread(Thread, Other);
    KPRIORITY Current = KeQueryPriorityThread(Thread);
    KPRIORITY Restored = KeSetPriorityThread(Thread, Original);

    EXPECT_EQ(Previous, Original);
    EXPECT_EQ(Current, Other);
    EXPECT_EQ(Restored, Other);
    EXPECT_EQ(KeQueryPriorityThread(Thread), Original);
    return NULL;
}
