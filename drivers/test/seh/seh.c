/* SPDX-License-Identifier: MIT */
/*
 * seh.sys: structured exception handling as a clang-built driver uses it. Built with
 * clang --target=x86_64-w64-windows-gnu against the DDK headers; its __try scopes are run by
 * ntoskrnl.exe's __C_specific_handler. Each case prints one line; DriverEntry fails if any
 * case failed, which the kernel's Io self-test reports.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
/* Exported by ntoskrnl.exe and documented, but not declared by mingw-w64's DDK headers. */
NTSYSAPI VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord);

/* A user-half address the kernel never maps: faults there reach __except, as on Windows. */
#define UNMAPPED_USER_ADDRESS ((volatile LONG *)0x0000700000000000ull)

static ULONG Failures;

static VOID
Report(PCSTR Case, BOOLEAN Passed)
{
    DbgPrint("seh.sys: %s: %s\n", Case, Passed ? "ok" : "FAILED");
    if (!Passed)
        Failures++;
}

static __declspec(noinline) LONG TouchUnmapped(volatile LONG *Address)
{
    return *Address;
}

static LONG
RecordFilter(PEXCEPTION_POINTERS Pointers, NTSTATUS Expected, PEXCEPTION_RECORD Copy)
{
    *Copy = *Pointers->ExceptionRecord;
    return Copy->ExceptionCode == Expected ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

/* driver -> ExRaiseStatus in the kernel -> back into this driver's __except. */
static VOID
CaseRaiseFromKernel(VOID)
{
    EXCEPTION_RECORD Seen = {0};
    NTSTATUS Code = STATUS_SUCCESS;

    __try
    {
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        Report("ExRaiseStatus returned", FALSE);
    }
    __except (RecordFilter(GetExceptionInformation(), STATUS_INSUFFICIENT_RESOURCES, &Seen))
    {
        Code = GetExceptionCode();
    }
    Report("ExRaiseStatus caught across modules",
           Code == STATUS_INSUFFICIENT_RESOURCES && Seen.ExceptionCode == Code &&
               (Seen.ExceptionFlags & EXCEPTION_NONCONTINUABLE));
}

/* A page fault in a callee becomes STATUS_ACCESS_VIOLATION with the address. */
static VOID
CaseAccessViolationInCallee(VOID)
{
    EXCEPTION_RECORD Seen = {0};
    NTSTATUS Code = STATUS_SUCCESS;

    __try
    {
        TouchUnmapped(UNMAPPED_USER_ADDRESS);
    }
    __except (RecordFilter(GetExceptionInformation(), STATUS_ACCESS_VIOLATION, &Seen))
    {
        Code = GetExceptionCode();
    }
    Report("access violation in a callee caught",
           Code == STATUS_ACCESS_VIOLATION && Seen.NumberParameters == 2 &&
               Seen.ExceptionInformation[0] == 0 &&
               Seen.ExceptionInformation[1] == (ULONG_PTR)UNMAPPED_USER_ADDRESS);
}

static VOID
RaiseThroughFinally(PBOOLEAN FinallyRan, PBOOLEAN Abnormal)
{
    __try
    {
        ExRaiseStatus(STATUS_DATA_ERROR);
    }
    __finally
    {
        *FinallyRan = TRUE;
        *Abnormal = AbnormalTermination();
    }
}

/* The unwind to the handler runs __finally blocks of the frames it leaves. */
static VOID
CaseFinallyDuringUnwind(VOID)
{
    BOOLEAN FinallyRan = FALSE, Abnormal = FALSE, Caught = FALSE;

    __try
    {
        RaiseThroughFinally(&FinallyRan, &Abnormal);
    }
    __except (GetExceptionCode() == STATUS_DATA_ERROR ? EXCEPTION_EXECUTE_HANDLER
                                                      : EXCEPTION_CONTINUE_SEARCH)
    {
        Caught = TRUE;
    }
    Report("__finally runs during unwind", Caught && FinallyRan && Abnormal);
}

/* An inner filter that declines leaves the exception to the outer scope. */
static VOID
CaseContinueSearch(VOID)
{
    ULONG Order = 0;

    __try
    {
        __try
        {
            ExRaiseStatus(STATUS_TIMEOUT);
        }
        __except (Order = Order * 10 + 1, EXCEPTION_CONTINUE_SEARCH)
        {
            Order = 99;
        }
    }
    __except (Order = Order * 10 + 2, EXCEPTION_EXECUTE_HANDLER)
    {
        Order = Order * 10 + 3;
    }
    Report("declining filter passes to the outer scope", Order == 123);
}

/* EXCEPTION_CONTINUE_EXECUTION resumes right after a continuable raise. */
static VOID
CaseContinueExecution(VOID)
{
    EXCEPTION_RECORD Record = {0};
    ULONG Filters = 0;
    BOOLEAN Resumed = FALSE;

    Record.ExceptionCode = STATUS_INVALID_PARAMETER;
    __try
    {
        RtlRaiseException(&Record);
        Resumed = TRUE;
    }
    __except (Filters++, EXCEPTION_CONTINUE_EXECUTION)
    {
        Resumed = FALSE;
    }
    Report("EXCEPTION_CONTINUE_EXECUTION resumes", Resumed && Filters == 1);
}

static VOID
CaseNormalFinally(VOID)
{
    BOOLEAN Abnormal = TRUE;
    ULONG Steps = 0;

    __try
    {
        Steps++;
    }
    __finally
    {
        Steps++;
        Abnormal = AbnormalTermination();
    }
    Report("__finally on normal exit", Steps == 2 && !Abnormal);
}

/* What a probe raised, or STATUS_SUCCESS when it returned. */
static NTSTATUS
ProbeStatus(BOOLEAN Write, PVOID Address, SIZE_T Length, ULONG Alignment)
{
    __try
    {
        if (Write)
            ProbeForWrite(Address, Length, Alignment);
        else
            ProbeForRead(Address, Length, Alignment);
    }
    __except (EXCEPTION_EXECUTE_HANDLER)
    {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

/* METHOD_NEITHER buffers are checked this way: misalignment first, then the range. */
static VOID
CaseProbes(VOID)
{
    static LONG KernelData;
    PVOID User = (PVOID)UNMAPPED_USER_ADDRESS;

    Report("ProbeForRead: a user range passes untouched",
           ProbeStatus(FALSE, User, 2 * PAGE_SIZE, 4) == STATUS_SUCCESS);
    Report("ProbeForRead: kernel address -> access violation",
           ProbeStatus(FALSE, &KernelData, sizeof(KernelData), 4) == STATUS_ACCESS_VIOLATION);
    Report("ProbeForRead: range into the kernel half -> access violation",
           ProbeStatus(FALSE, (PVOID)(MmUserProbeAddress - 8), 16, 1) == STATUS_ACCESS_VIOLATION);
    Report("ProbeForRead: wrapping range -> access violation",
           ProbeStatus(FALSE, User, ~(SIZE_T)0, 1) == STATUS_ACCESS_VIOLATION);
    Report("ProbeForRead: misaligned -> datatype misalignment",
           ProbeStatus(FALSE, (PUCHAR)User + 2, 8, 8) == STATUS_DATATYPE_MISALIGNMENT);
    Report("ProbeForRead: zero length checks nothing",
           ProbeStatus(FALSE, &KernelData, 0, 8) == STATUS_SUCCESS);
    Report("ProbeForWrite: kernel address -> access violation",
           ProbeStatus(TRUE, &KernelData, sizeof(KernelData), 4) == STATUS_ACCESS_VIOLATION);
    Report("ProbeForWrite: unmapped user page -> access violation",
           ProbeStatus(TRUE, User, 16, 4) == STATUS_ACCESS_VIOLATION);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    CaseRaiseFromKernel();
    CaseAccessViolationInCallee();
    CaseFinallyDuringUnwind();
    CaseContinueSearch();
    CaseContinueExecution();
    CaseNormalFinally();
    CaseProbes();
    DbgPrint("seh.sys: %u case(s) failed\n", Failures);
    return Failures == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
