/* SPDX-License-Identifier: MIT */
/*
 * KeBugCheckEx: the end of the road for kernel-internal corruption. Prints the stop code, its
 * four parameters, the faulting address and a stack trace walked with the images' unwind data
 * and resolved to module+offset, on serial and as a blue screen; then stops the machine.
 */
#include "ki.h"

#define KI_MAX_TRACE_FRAMES 16

static LONG KiBugCheckActive;

static PCSTR
KiStopCodeName(ULONG Code)
{
    switch (Code)
    {
        case IRQL_NOT_GREATER_OR_EQUAL:
            return "IRQL_NOT_GREATER_OR_EQUAL";
        case IRQL_NOT_LESS_OR_EQUAL:
            return "IRQL_NOT_LESS_OR_EQUAL";
        case SPIN_LOCK_ALREADY_OWNED:
            return "SPIN_LOCK_ALREADY_OWNED";
        case SPIN_LOCK_NOT_OWNED:
            return "SPIN_LOCK_NOT_OWNED";
        case HAL_INITIALIZATION_FAILED:
            return "HAL_INITIALIZATION_FAILED";
        case KMODE_EXCEPTION_NOT_HANDLED:
            return "KMODE_EXCEPTION_NOT_HANDLED";
        case PAGE_FAULT_IN_NONPAGED_AREA:
            return "PAGE_FAULT_IN_NONPAGED_AREA";
        case DRIVER_IRQL_NOT_LESS_OR_EQUAL:
            return "DRIVER_IRQL_NOT_LESS_OR_EQUAL";
        case ATTEMPTED_WRITE_TO_READONLY_MEMORY:
            return "ATTEMPTED_WRITE_TO_READONLY_MEMORY";
        case ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY:
            return "ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY";
        case UNEXPECTED_KERNEL_MODE_TRAP:
            return "UNEXPECTED_KERNEL_MODE_TRAP";
        case PHASE0_INITIALIZATION_FAILED:
            return "PHASE0_INITIALIZATION_FAILED";
        case PHASE1_INITIALIZATION_FAILED:
            return "PHASE1_INITIALIZATION_FAILED";
        case MANUALLY_INITIATED_CRASH:
            return "MANUALLY_INITIATED_CRASH";
        case SYSTEM_THREAD_EXCEPTION_NOT_HANDLED:
            return "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED";
        case BAD_POOL_CALLER:
            return "BAD_POOL_CALLER";
        case BAD_POOL_HEADER:
            return "BAD_POOL_HEADER";
        case SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION:
            return "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION";
        case SYSTEM_PTE_MISUSE:
            return "SYSTEM_PTE_MISUSE";
        case THREAD_NOT_MUTEX_OWNER:
            return "THREAD_NOT_MUTEX_OWNER";
        case THREAD_TERMINATE_HELD_MUTEX:
            return "THREAD_TERMINATE_HELD_MUTEX";
        case MAXIMUM_WAIT_OBJECTS_EXCEEDED:
            return "MAXIMUM_WAIT_OBJECTS_EXCEEDED";
        case KERNEL_APC_PENDING_DURING_EXIT:
            return "KERNEL_APC_PENDING_DURING_EXIT";
        case APC_INDEX_MISMATCH:
            return "APC_INDEX_MISMATCH";
        case INVALID_AFFINITY_SET:
            return "INVALID_AFFINITY_SET";
        case TIMER_OR_DPC_INVALID:
            return "TIMER_OR_DPC_INVALID";
        case IRQL_UNEXPECTED_VALUE:
            return "IRQL_UNEXPECTED_VALUE";
        case NO_PAGES_AVAILABLE:
            return "NO_PAGES_AVAILABLE";
        case RESOURCE_NOT_OWNED:
            return "RESOURCE_NOT_OWNED";
        case WORKER_INVALID:
            return "WORKER_INVALID";
        case WORKER_THREAD_RETURNED_AT_BAD_IRQL:
            return "WORKER_THREAD_RETURNED_AT_BAD_IRQL";
        case BAD_OBJECT_HEADER:
            return "BAD_OBJECT_HEADER";
        case PFN_LIST_CORRUPT:
            return "PFN_LIST_CORRUPT";
        case NO_MORE_SYSTEM_PTES:
            return "NO_MORE_SYSTEM_PTES";
        default:
            return "";
    }
}

/* Both sinks, without locks or allocation. */
static VOID
KiBugCheckPrint(PCSTR Format, ...)
{
    CHAR Line[160];
    va_list Args;
    SIZE_T Length;

    va_start(Args, Format);
    Length = RtlFormatStringV(Line, sizeof(Line), Format, Args);
    va_end(Args);
    if (Length >= sizeof(Line))
        Length = sizeof(Line) - 1;
    KdBugCheckWrite(Line);
    if (InbvIsEnabled())
        InbvWrite(Line, Length);
}

static VOID
KiPrintAddress(PCSTR Prefix, ULONG64 Address)
{
    PKLDR_MODULE Module = MmFindModuleByAddress(Address);

    if (Module != NULL)
        KiBugCheckPrint("%s%p %s+0x%I64x\n", Prefix, (PVOID)Address, Module->Loader->BaseDllName,
                        Address - Module->View.LoadBase);
    else
        KiBugCheckPrint("%s%p (not in a loaded module)\n", Prefix, (PVOID)Address);
}

static VOID
KiPrintStackTrace(const CONTEXT *Context)
{
    PVOID Frames[KI_MAX_TRACE_FRAMES];
    ULONG Count = RtlpWalkFrames(Context, 0, Frames, KI_MAX_TRACE_FRAMES), I;
    CHAR Prefix[16];

    KiBugCheckPrint("Stack trace:\n");
    for (I = 0; I < Count; I++)
    {
        RtlFormatString(Prefix, sizeof(Prefix), "  #%-2u ", I);
        KiPrintAddress(Prefix, (ULONG64)(ULONG_PTR)Frames[I]);
    }
}

static volatile LONG KiFrozenProcessors;

/* A processor told to stop by a bugcheck elsewhere: interrupts off, halt for good. */
DECLSPEC_NORETURN VOID
KiFreezeProcessor(VOID)
{
    _disable();
    InterlockedIncrement(&KiFrozenProcessors);
    for (;;)
        __halt();
}

BOOLEAN
KiBugCheckInProgress(VOID)
{
    return KiBugCheckActive != 0;
}

/* Pool misuse names the tag, as NT's stop screen does, so the guilty allocator is known. */
static VOID
KiPrintPoolTag(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    CHAR Tag[5] = {0}, Given[5] = {0};
    ULONG Value;

    if (Code != BAD_POOL_CALLER || (P1 != 0x7 && P1 != 0xA))
        return;
    Value = (ULONG)(P1 == 0x7 ? P2 : P3);
    RtlCopyMemory(Tag, &Value, 4);
    if (P1 == 0x7)
    {
        KiBugCheckPrint("*** Pool tag: %s (block already free)\n", Tag);
        return;
    }
    Value = (ULONG)P4;
    RtlCopyMemory(Given, &Value, 4);
    KiBugCheckPrint("*** Pool tag: %s, freed as %s\n", Tag, Given);
}

/*
 * Stop the other processors before printing, so nothing they do interleaves with the stop
 * screen or changes what it shows. They take the IPI at IPI_LEVEL; one that never does (IRQL
 * at HIGH_LEVEL, interrupts off) is left running and reported.
 */
static LONG
KiFreezeOtherProcessors(VOID)
{
    KAFFINITY Others = KeActiveProcessors & ~((KAFFINITY)1 << KiGetPcr()->Prcb.Number);
    LONG Expected = (LONG)__popcnt64(Others);
    ULONG64 Deadline;

    if (Expected == 0)
        return 0;
    HalRequestIpi(Others);
    Deadline = __rdtsc() + 100000000; /* some tens of milliseconds on any machine */
    while (KiFrozenProcessors < Expected && __rdtsc() < Deadline)
        YieldProcessor();
    return Expected;
}

DECLSPEC_NORETURN VOID
KiBugCheckWithTrapFrame(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4,
                        PKTRAP_FRAME TrapFrame)
{
    CONTEXT Context;
    LONG Others;

    _disable();
    RtlCaptureContext(&Context);
    if (InterlockedIncrement(&KiBugCheckActive) == 1)
    {
        Others = KiFreezeOtherProcessors();
        if (InbvIsEnabled())
        {
            InbvSetColors(INBV_COLOR_WHITE, INBV_COLOR_BLUE);
            InbvClearScreen();
        }
        KiBugCheckPrint("\n*** STOP: 0x%08X (0x%p,0x%p,0x%p,0x%p)\n", Code, (PVOID)P1, (PVOID)P2,
                        (PVOID)P3, (PVOID)P4);
        KiBugCheckPrint("%s\n", KiStopCodeName(Code));
        KiPrintPoolTag(Code, P1, P2, P3, P4);
        if (TrapFrame != NULL)
        {
            KiTrapFrameToContext(TrapFrame, &Context);
            KiPrintAddress("*** Faulting address: ", TrapFrame->Rip);
        }
        else
            KiPrintAddress("*** Raised at: ", Context.Rip);
        KiPrintStackTrace(&Context);
        if (Others != 0)
            KiBugCheckPrint("%d of %d other processor(s) stopped\n", KiFrozenProcessors, Others);
        KiBugCheckPrint("System halted.\n");
    }
    /* Also when a second bugcheck interrupted the first: a test run must end, not hang. */
    if (ExpBootOption("SELFTEST", NULL, 0))
        ExpTestExit(FALSE);
    for (;;)
        __halt();
}

DECLSPEC_NORETURN VOID NTAPI
KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    KiBugCheckWithTrapFrame(BugCheckCode, P1, P2, P3, P4, NULL);
}

DECLSPEC_NORETURN VOID NTAPI
KeBugCheck(ULONG BugCheckCode)
{
    KiBugCheckWithTrapFrame(BugCheckCode, 0, 0, 0, 0, NULL);
}
