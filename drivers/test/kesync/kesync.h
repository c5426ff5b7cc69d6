/* SPDX-License-Identifier: MIT */
/* kesync.sys: the checks and helpers its case files share. */
#pragma once
#include <ntddk.h>

#include "kttest.h"

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

/* Exported by ntoskrnl.exe (and in libntoskrnl.a), not declared by the DDK headers. */
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);

typedef enum _KS_FAILURE_KIND
{
    KsInteger,
    KsStatus
} KS_FAILURE_KIND;

/* The message a case returns for a failed comparison: where, the expression and both
 * values. The buffer is shared; the Drivers suite runs one case at a time. */
PCSTR KsFail(PCSTR File, ULONG Line, PCSTR Expression, KS_FAILURE_KIND Kind, LONG64 Actual,
             LONG64 Expected);

#define EXPECT(Condition) KTTEST_EXPECT(Condition)

#define EXPECT_CHECK(Kind, Text, Actual, Expected)                                \
    do                                                                            \
    {                                                                             \
        LONG64 Actual_ = (LONG64)(Actual), Expected_ = (LONG64)(Expected);        \
        if (Actual_ != Expected_)                                                 \
            return KsFail(KTTEST_FILE, __LINE__, Text, Kind, Actual_, Expected_); \
    } while (0)

#define EXPECT_EQ(Actual, Expected) EXPECT_CHECK(KsInteger, #Actual, Actual, Expected)
#define EXPECT_STATUS(Actual, Expected) \
    EXPECT_CHECK(KsStatus, #Actual, (ULONG)(Actual), (ULONG)(Expected))
/* A helper's failure is the case's. */
#define EXPECT_PASSED(Call)     \
    do                          \
    {                           \
        PCSTR Failed_ = (Call); \
        if (Failed_ != NULL)    \
            return Failed_;     \
    } while (0)

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

/* The cases, listed with their names in kesync.c. */
PCSTR KsCaseNotificationEvent(VOID);
PCSTR KsCaseSynchronizationEvent(VOID);
PCSTR KsCaseWaitMultiple(VOID);
PCSTR KsCaseWaitBlockArray(VOID);
PCSTR KsCaseSemaphore(VOID);
PCSTR KsCaseMutex(VOID);
PCSTR KsCaseMutant(VOID);
PCSTR KsCaseRelativeTimer(VOID);
PCSTR KsCaseSynchronizationTimer(VOID);
PCSTR KsCaseSetCancelTimer(VOID);
PCSTR KsCasePeriodicTimer(VOID);
PCSTR KsCaseAbsoluteTimer(VOID);
PCSTR KsCaseWaitTimeout(VOID);
PCSTR KsCaseDelayExecution(VOID);
PCSTR KsCaseDpc(VOID);
PCSTR KsCaseSpecialApc(VOID);
PCSTR KsCaseNormalApc(VOID);
PCSTR KsCaseCriticalRegion(VOID);
PCSTR KsCaseGuardedRegion(VOID);
PCSTR KsCaseMutexHoldsOffApcs(VOID);
PCSTR KsCasePriority(VOID);
PCSTR KsCaseSList(VOID);
PCSTR KsCaseInterlockedLists(VOID);
PCSTR KsCaseNPagedLookaside(VOID);
PCSTR KsCaseLookasideEx(VOID);
