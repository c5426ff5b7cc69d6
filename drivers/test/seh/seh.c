/* SPDX-License-Identifier: MIT */
/*
 * seh.sys: structured exception handling as a clang-built driver uses it. Built with
 * clang --target=x86_64-w64-windows-gnu against the DDK headers; its __try scopes are run by
 * ntoskrnl.exe's __C_specific_handler. Its cases run when the kernel's Drivers self-test suite
 * asks \Device\KtTestSeh for them (kttest.h), one self-test line each.
 */
#include <ntddk.h>

#include "kttest.h"

DRIVER_INITIALIZE DriverEntry;
/* Exported by ntoskrnl.exe and documented, but not declared by mingw-w64's DDK headers. */
NTSYSAPI VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord);

/* A user-half address the kernel never maps: faults there reach __except, as on Windows. */
#define UNMAPPED_USER_ADDRESS ((volatile LONG *)0x0000700000000000ull)

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
static PCSTR
CaseRaiseFromKernel(VOID)
{
    EXCEPTION_RECORD Seen = {0};
    NTSTATUS Code = STATUS_SUCCESS;
    BOOLEAN Returned = FALSE;

    __try
    {
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        Returned = TRUE;
    }
    __except (RecordFilter(GetExceptionInformation(), STATUS_INSUFFICIENT_RESOURCES, &Seen))
    {
        Code = GetExceptionCode();
    }
    KTTEST_EXPECT(!Returned);
    KTTEST_EXPECT(Code == STATUS_INSUFFICIENT_RESOURCES && Seen.ExceptionCode == Code);
    KTTEST_EXPECT(Seen.ExceptionFlags & EXCEPTION_NONCONTINUABLE);
    return NULL;
}

/* A page fault in a callee becomes STATUS_ACCESS_VIOLATION with the address. */
static PCSTR
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
    KTTEST_EXPECT(Code == STATUS_ACCESS_VIOLATION && Seen.NumberParameters == 2);
    KTTEST_EXPECT(Seen.ExceptionInformation[0] == 0);
    KTTEST_EXPECT(Seen.ExceptionInformation[1] == (ULONG_PTR)UNMAPPED_USER_ADDRESS);
    return NULL;
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
static PCSTR
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
    KTTEST_EXPECT(Caught);
    KTTEST_EXPECT(FinallyRan && Abnormal);
    return NULL;
}

/* An inner filter that declines leaves the exception to the outer scope. */
static PCSTR
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
    KTTEST_EXPECT(Order == 123);
    return NULL;
}

/* EXCEPTION_CONTINUE_EXECUTION resumes right after a continuable raise. */
static PCSTR
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
    KTTEST_EXPECT(Resumed && Filters == 1);
    return NULL;
}

static PCSTR
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
    KTTEST_EXPECT(Steps == 2 && !Abnormal);
    return NULL;
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
static LONG KernelData;
#define USER_RANGE ((PVOID)UNMAPPED_USER_ADDRESS)

static PCSTR
CaseProbeUserRange(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, USER_RANGE, 2 * PAGE_SIZE, 4) == STATUS_SUCCESS);
    return NULL;
}

static PCSTR
CaseProbeKernelAddress(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, &KernelData, sizeof(KernelData), 4) ==
                  STATUS_ACCESS_VIOLATION);
    return NULL;
}

static PCSTR
CaseProbeIntoKernelHalf(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, (PVOID)(MmUserProbeAddress - 8), 16, 1) ==
                  STATUS_ACCESS_VIOLATION);
    return NULL;
}

static PCSTR
CaseProbeWrapping(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, USER_RANGE, ~(SIZE_T)0, 1) == STATUS_ACCESS_VIOLATION);
    return NULL;
}

static PCSTR
CaseProbeMisaligned(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, (PUCHAR)USER_RANGE + 2, 8, 8) == STATUS_DATATYPE_MISALIGNMENT);
    return NULL;
}

static PCSTR
CaseProbeZeroLength(VOID)
{
    KTTEST_EXPECT(ProbeStatus(FALSE, &KernelData, 0, 8) == STATUS_SUCCESS);
    return NULL;
}

static PCSTR
CaseProbeWriteKernel(VOID)
{
    KTTEST_EXPECT(ProbeStatus(TRUE, &KernelData, sizeof(KernelData), 4) == STATUS_ACCESS_VIOLATION);
    return NULL;
}

static PCSTR
CaseProbeWriteUnmapped(VOID)
{
    KTTEST_EXPECT(ProbeStatus(TRUE, USER_RANGE, 16, 4) == STATUS_ACCESS_VIOLATION);
    return NULL;
}

static const KTTEST_CASE SehCases[] = {
    {"ExRaiseStatus caught across modules", CaseRaiseFromKernel},
    {"access violation in a callee caught", CaseAccessViolationInCallee},
    {"__finally runs during unwind", CaseFinallyDuringUnwind},
    {"declining filter passes to the outer scope", CaseContinueSearch},
    {"EXCEPTION_CONTINUE_EXECUTION resumes", CaseContinueExecution},
    {"__finally on normal exit", CaseNormalFinally},
    {"ProbeForRead: a user range passes untouched", CaseProbeUserRange},
    {"ProbeForRead: kernel address -> access violation", CaseProbeKernelAddress},
    {"ProbeForRead: range into the kernel half -> access violation", CaseProbeIntoKernelHalf},
    {"ProbeForRead: wrapping range -> access violation", CaseProbeWrapping},
    {"ProbeForRead: misaligned -> datatype misalignment", CaseProbeMisaligned},
    {"ProbeForRead: zero length checks nothing", CaseProbeZeroLength},
    {"ProbeForWrite: kernel address -> access violation", CaseProbeWriteKernel},
    {"ProbeForWrite: unmapped user page -> access violation", CaseProbeWriteUnmapped},
};

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = KtTestUnload;
    return KtTestCreateDevice(DriverObject, L"\\Device\\" KTTEST_DEVICE_PREFIX L"Seh", SehCases,
                              RTL_NUMBER_OF(SehCases), &Device);
}
