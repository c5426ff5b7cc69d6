/* SPDX-License-Identifier: MIT */
/*
 * kesync.sys: the kernel's dispatcher objects, waits, timers, DPCs and APCs as a driver
 * sees them. Built with clang against the DDK headers only (it catches raised statuses with
 * __try/__except). Its cases run when the kernel's Drivers self-test suite asks
 * \Device\KtTestKesync for them (kttest.h), at PASSIVE_LEVEL in a system thread, so they may
 * block; each returns the first check that failed. Return values are checked as Microsoft
 * documents them. Objects that a timer, DPC or APC still references after a case returns
 * live in static storage, and every case cancels what it set, so a failed case cannot
 * corrupt a later one.
 */
#include "kesync.h"

DRIVER_INITIALIZE DriverEntry;

static const KTTEST_CASE KsCases[] = {
    /* objects.c */
    {"notification event: set/reset/pulse return the previous state", KsCaseNotificationEvent},
    {"synchronization event: consumed by a satisfied wait", KsCaseSynchronizationEvent},
    {"KeWaitForMultipleObjects: WaitAny index, WaitAll, zero timeout", KsCaseWaitMultiple},
    {"KeWaitForMultipleObjects: 5 objects with a wait-block array", KsCaseWaitBlockArray},
    {"semaphore: previous count, STATUS_SEMAPHORE_LIMIT_EXCEEDED", KsCaseSemaphore},
    {"mutex: recursive acquisition, KeReadStateMutex, APCs disabled", KsCaseMutex},
    {"mutant: KeReleaseMutant previous state, STATUS_MUTANT_NOT_OWNED", KsCaseMutant},
    /* timers.c */
    {"relative one-shot timer wakes a wait, KeReadStateTimer", KsCaseRelativeTimer},
    {"synchronization timer: consumed by a satisfied wait", KsCaseSynchronizationTimer},
    {"KeSetTimer/KeCancelTimer report a pending timer", KsCaseSetCancelTimer},
    {"periodic timer runs its DPC until cancelled", KsCasePeriodicTimer},
    {"absolute due time", KsCaseAbsoluteTimer},
    {"relative timeout on a never-signalled event", KsCaseWaitTimeout},
    {"KeDelayExecutionThread", KsCaseDelayExecution},
    {"DPC signals an event; queued once; KeRemoveQueueDpc", KsCaseDpc},
    /* apcs.c */
    {"special kernel APC runs at APC_LEVEL when IRQL drops", KsCaseSpecialApc},
    {"normal kernel APC runs its NormalRoutine at PASSIVE_LEVEL", KsCaseNormalApc},
    {"critical region holds off normal APCs only; queued twice", KsCaseCriticalRegion},
    {"guarded region holds off special APCs", KsCaseGuardedRegion},
    {"held KMUTEX holds off normal APCs until released", KsCaseMutexHoldsOffApcs},
    {"KeSetPriorityThread/KeQueryPriorityThread", KsCasePriority},
    /* lists.c */
    {"S-list push, pop, depth and flush", KsCaseSList},
    {"interlocked lists return the old first or last entry", KsCaseInterlockedLists},
    {"non-paged lookaside caches up to Depth blocks", KsCaseNPagedLookaside},
    {"LOOKASIDE_LIST_EX caches and flushes", KsCaseLookasideEx},
};

PCSTR
KsFail(PCSTR File, ULONG Line, PCSTR Expression, KS_FAILURE_KIND Kind, LONG64 Actual,
       LONG64 Expected)
{
    static CHAR Message[sizeof(((PKTTEST_RESULT)NULL)->Message)];

    if (Kind == KsStatus)
        _snprintf(Message, sizeof(Message) - 1, "%s:%u: %s is 0x%08X, expected 0x%08X", File, Line,
                  Expression, (ULONG)Actual, (ULONG)Expected);
    else
        _snprintf(Message, sizeof(Message) - 1, "%s:%u: %s is %I64d, expected %I64d", File, Line,
                  Expression, Actual, Expected);
    Message[sizeof(Message) - 1] = 0;
    return Message;
}

NTSTATUS
KsWait(PVOID Object, LONG64 Timeout)
{
    LARGE_INTEGER Interval;

    Interval.QuadPart = Timeout;
    return KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, &Interval);
}

ULONG64
KsMinimumElapsed(ULONG64 Interval)
{
    ULONG64 Tick = KeQueryTimeIncrement();

    return Interval > Tick ? Interval - Tick : 0;
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = KtTestUnload;
    return KtTestCreateDevice(DriverObject, L"\\Device\\" KTTEST_DEVICE_PREFIX L"Kesync", KsCases,
                              RTL_NUMBER_OF(KsCases), &Device);
}
