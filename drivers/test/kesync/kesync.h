/* SPDX-License-Identifier: MIT */
/* kesync.sys: the checks and helpers its case files share. */
#pragma once
#include <ntddk.h>

/* Exported by ntoskrnl.exe but not declared by the DDK headers: declared here, as
 * third-party drivers do. */
typedef enum _KAPC_ENVIRONMENT
{
    OriginalApcEnvironment,
    AttachedApcEnvironment,
    CurrentApcEnvironment,
    InsertApcEnvironment
} KAPC_ENVIRONMENT;

NTKERNELAPI VOID NTAPI KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                                       PKKERNEL_ROUTINE KernelRoutine,
                                       PKRUNDOWN_ROUTINE RundownRoutine,
                                       PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                                       PVOID NormalContext);
NTKERNELAPI BOOLEAN NTAPI KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                                           KPRIORITY Increment);
NTKERNELAPI VOID NTAPI KeInitializeMutant(PRKMUTANT Mutant, BOOLEAN InitialOwner);
NTKERNELAPI LONG NTAPI KeReleaseMutant(PRKMUTANT Mutant, KPRIORITY Increment, BOOLEAN Abandon,
                                       BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateMutant(PRKMUTANT Mutant);

typedef enum _KS_FAILURE_KIND
{
    KsPlain,
    KsInteger,
    KsStatus
} KS_FAILURE_KIND;

/* Records the first failed check of the running case; the case then returns. */
VOID KsFail(PCSTR Expression, KS_FAILURE_KIND Kind, LONG64 Actual, LONG64 Expected, ULONG Line);
BOOLEAN KsFailed(VOID);
VOID KsRun(PCSTR Name, VOID (*Case)(VOID));

#define EXPECT(Condition)                                \
    do                                                   \
    {                                                    \
        if (!(Condition))                                \
        {                                                \
            KsFail(#Condition, KsPlain, 0, 0, __LINE__); \
            return;                                      \
        }                                                \
    } while (0)

#define EXPECT_CHECK(Kind, Text, Actual, Expected)                         \
    do                                                                     \
    {                                                                      \
        LONG64 Actual_ = (LONG64)(Actual), Expected_ = (LONG64)(Expected); \
        if (Actual_ != Expected_)                                          \
        {                                                                  \
            KsFail(Text, Kind, Actual_, Expected_, __LINE__);              \
            return;                                                        \
        }                                                                  \
    } while (0)

#define EXPECT_EQ(Actual, Expected) EXPECT_CHECK(KsInteger, #Actual, Actual, Expected)
#define EXPECT_STATUS(Actual, Expected) \
    EXPECT_CHECK(KsStatus, #Actual, (ULONG)(Actual), (ULONG)(Expected))

/* Relative times in 100 ns units, as KeWait* and KeSetTimer take them. */
#define KS_MS(Milliseconds) (-(LONG64)(Milliseconds)*10000)
/* Bounds waits that must be satisfied, so that a broken kernel fails the case instead of
 * hanging the boot. Never a check of how fast anything was. */
#define KS_SAFETY_TIMEOUT KS_MS(2000)

/* KeWaitForSingleObject(KernelMode, not alertable) with a relative timeout (0: poll). */
NTSTATUS KsWait(PVOID Object, LONG64 Timeout);
/* The least interrupt time that may pass for a wait of Interval (100 ns): one clock tick
 * less, for the tick the wait started in. */
ULONG64 KsMinimumElapsed(ULONG64 Interval);

VOID KsRunObjectCases(VOID);
VOID KsRunTimerCases(VOID);
VOID KsRunApcCases(VOID);
VOID KsRunListCases(VOID);
