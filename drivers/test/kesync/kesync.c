/* SPDX-License-Identifier: MIT */
/*
 * kesync.sys: the kernel's dispatcher objects, waits, timers, DPCs and APCs as a driver
 * sees them. Built with clang against the DDK headers only (it catches raised statuses with
 * __try/__except), and run as a boot driver from the phase 1 system thread at PASSIVE_LEVEL,
 * so it may block. Every case prints one line, "ok" or "FAILED:" with the first check that
 * failed; DriverEntry fails if any case failed, which the kernel's Io self-test reports.
 * Return values are checked as Microsoft documents them. Objects that a timer, DPC or APC
 * still references after a case returns live in static storage, and every case cancels
 * what it set, so a failed case cannot corrupt a later one.
 */
#include "kesync.h"

DRIVER_INITIALIZE DriverEntry;

static ULONG Failures;

static struct
{
    BOOLEAN Failed;
    KS_FAILURE_KIND Kind;
    PCSTR Expression;
    LONG64 Actual, Expected;
    ULONG Line;
} Failure;

VOID
KsFail(PCSTR Expression, KS_FAILURE_KIND Kind, LONG64 Actual, LONG64 Expected, ULONG Line)
{
    if (Failure.Failed)
        return;
    Failure.Failed = TRUE;
    Failure.Kind = Kind;
    Failure.Expression = Expression;
    Failure.Actual = Actual;
    Failure.Expected = Expected;
    Failure.Line = Line;
}

BOOLEAN
KsFailed(VOID)
{
    return Failure.Failed;
}

VOID
KsRun(PCSTR Name, VOID (*Case)(VOID))
{
    RtlZeroMemory(&Failure, sizeof(Failure));
    Case();
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
    {
        KsFail("case returned above PASSIVE_LEVEL", KsInteger, KeGetCurrentIrql(), 0, 0);
        KeLowerIrql(PASSIVE_LEVEL);
    }
    if (!Failure.Failed)
    {
        DbgPrint("kesync.sys: %s: ok\n", Name);
        return;
    }
    Failures++;
    if (Failure.Kind == KsStatus)
        DbgPrint("kesync.sys: %s: FAILED: %s is 0x%08X, expected 0x%08X (line %u)\n", Name,
                 Failure.Expression, (ULONG)Failure.Actual, (ULONG)Failure.Expected, Failure.Line);
    else if (Failure.Kind == KsInteger)
        DbgPrint("kesync.sys: %s: FAILED: %s is %I64d, expected %I64d (line %u)\n", Name,
                 Failure.Expression, Failure.Actual, Failure.Expected, Failure.Line);
    else
        DbgPrint("kesync.sys: %s: FAILED: %s (line %u)\n", Name, Failure.Expression, Failure.Line);
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
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    KsRunObjectCases();
    KsRunTimerCases();
    KsRunApcCases();
    KsRunListCases();
    DbgPrint("kesync.sys: %u case(s) failed\n", Failures);
    return Failures == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
