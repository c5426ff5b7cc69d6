/* SPDX-License-Identifier: MIT */
/*
 * Trap dispatch. A page fault goes to the memory manager first (MmAccessFault), which may
 * resolve it. A processor exception in kernel mode is otherwise caught by an armed self-test
 * probe (KiTryProbe), or offered to structured exception handlers (__try/__except), or is
 * fatal: it becomes the bugcheck NT would raise for it.
 */
#include "ntos.h"
#include "kasm.h"

C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Vector) == KTRAP_FRAME_VECTOR);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, ErrorCode) == KTRAP_FRAME_ERROR_CODE);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Rip) == KTRAP_FRAME_RIP);
C_ASSERT(sizeof(KTRAP_FRAME) == KTRAP_FRAME_LENGTH);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, R15) - FIELD_OFFSET(KTRAP_FRAME, Rbp) == 10 * sizeof(ULONG64));
C_ASSERT(FIELD_OFFSET(CONTEXT, R15) - FIELD_OFFSET(CONTEXT, Rbp) == 10 * sizeof(ULONG64));

#define KI_PF_PRESENT 0x1
#define KI_PF_WRITE 0x2
#define KI_EFLAGS_INTERRUPT 0x200
#define MM_SYSTEM_RANGE_START_AMD64 0xFFFF800000000000ull
#define KI_PF_INSTRUCTION_FETCH 0x10

typedef struct _KI_PROBE
{
    BOOLEAN Armed;
    PKI_PROBE_FAULT Fault;
    PVOID JumpBuffer[5];
} KI_PROBE;

static KI_PROBE KiProbe;

/* NTSTATUS exception code for a processor vector, as KiDispatchException would raise it. */
static NTSTATUS
KiVectorToStatus(ULONG Vector)
{
    switch (Vector)
    {
        case 0:
            return STATUS_INTEGER_DIVIDE_BY_ZERO;
        case 1:
            return STATUS_SINGLE_STEP;
        case 3:
            return STATUS_BREAKPOINT;
        case 4:
            return STATUS_INTEGER_OVERFLOW;
        case 5:
            return STATUS_ARRAY_BOUNDS_EXCEEDED;
        case 6:
            return STATUS_ILLEGAL_INSTRUCTION;
        case 13:
        case 14:
            return STATUS_ACCESS_VIOLATION;
        case 16:
        case 19:
            return STATUS_FLOAT_INVALID_OPERATION;
        case 17:
            return STATUS_DATATYPE_MISALIGNMENT;
        default:
            return STATUS_UNSUCCESSFUL;
    }
}

/* Exceptions a probe may catch; NMI, double fault and machine check are never recoverable. */
static BOOLEAN
KiIsRecoverable(ULONG Vector)
{
    return Vector < 32 && Vector != 2 && Vector != 8 && Vector != 18;
}

/*
 * The stop code for a kernel page fault Mm did not resolve: pageable memory above APC_LEVEL
 * is IRQL_NOT_LESS_OR_EQUAL, or DRIVER_IRQL_NOT_LESS_OR_EQUAL when a driver (not ntoskrnl)
 * faulted; a write to a present read-only page and a fetch from a present no-execute page
 * have their own codes; anything else is PAGE_FAULT_IN_NONPAGED_AREA, whose output names the
 * faulting module (the "Faulting address" line).
 */
static DECLSPEC_NORETURN VOID
KiPageFaultBugCheck(PKTRAP_FRAME TrapFrame, ULONG64 Cr2, NTSTATUS Status)
{
    ULONG64 Error = TrapFrame->ErrorCode;
    ULONG_PTR Access = (Error & KI_PF_INSTRUCTION_FETCH) ? 8 : (Error & KI_PF_WRITE) ? 1 : 0;
    PKLDR_MODULE Module;

    if (Status == MM_STATUS_IRQL_FAULT)
    {
        Module = MmFindModuleByAddress(TrapFrame->Rip);
        KiBugCheckWithTrapFrame(
            Module != NULL && Module != MmFindModuleByAddress((ULONG_PTR)KiPageFaultBugCheck)
                ? DRIVER_IRQL_NOT_LESS_OR_EQUAL
                : IRQL_NOT_LESS_OR_EQUAL,
            Cr2, KeGetCurrentIrql(), Access, TrapFrame->Rip, TrapFrame);
    }
    if ((Error & KI_PF_PRESENT) && (Error & KI_PF_INSTRUCTION_FETCH))
        KiBugCheckWithTrapFrame(ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY, Cr2,
                                MmQueryPteContents((PVOID)Cr2), (ULONG_PTR)TrapFrame, 0, TrapFrame);
    if ((Error & KI_PF_PRESENT) && (Error & KI_PF_WRITE))
        KiBugCheckWithTrapFrame(ATTEMPTED_WRITE_TO_READONLY_MEMORY, Cr2,
                                MmQueryPteContents((PVOID)Cr2), (ULONG_PTR)TrapFrame, 0, TrapFrame);
    KiBugCheckWithTrapFrame(PAGE_FAULT_IN_NONPAGED_AREA, Cr2, Access, TrapFrame->Rip, 0, TrapFrame);
}

static DECLSPEC_NORETURN VOID
KiFatalTrap(PKTRAP_FRAME TrapFrame, ULONG64 Cr2, NTSTATUS FaultStatus)
{
    ULONG Vector = (ULONG)TrapFrame->Vector;

    if (Vector == 14)
        KiPageFaultBugCheck(TrapFrame, Cr2, FaultStatus);
    if (KiIsRecoverable(Vector) && KiVectorToStatus(Vector) != STATUS_UNSUCCESSFUL)
        KiBugCheckWithTrapFrame(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)KiVectorToStatus(Vector),
                                TrapFrame->Rip, 0, 0, TrapFrame);
    KiBugCheckWithTrapFrame(UNEXPECTED_KERNEL_MODE_TRAP, Vector, TrapFrame->ErrorCode, 0, 0,
                            TrapFrame);
}

/*
 * Give a page fault to Mm, with interrupts on if the faulting code had them on, as NT does.
 * Resolving a fault takes the PFN lock and may lower IRQL through DISPATCH_LEVEL (zeroing a
 * page), which runs pending DPCs and may switch threads: with interrupts left off, a
 * processor doing that could never answer another's TLB-shootdown IPI, and the pool stress
 * test hung on 4 processors.
 */
static NTSTATUS
KiPageFault(PKTRAP_FRAME TrapFrame, ULONG64 Cr2)
{
    NTSTATUS Status;

    if (TrapFrame->EFlags & KI_EFLAGS_INTERRUPT)
        _enable();
    Status = MmAccessFault(TrapFrame->ErrorCode, (PVOID)Cr2,
                           (TrapFrame->SegCs & 3) ? UserMode : KernelMode, TrapFrame);
    _disable();
    return Status;
}

VOID
KiTrapFrameToContext(PKTRAP_FRAME TrapFrame, PCONTEXT Context)
{
    RtlZeroMemory(Context, sizeof(*Context));
    Context->ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    RtlCopyMemory(&Context->Rax, &TrapFrame->Rax, 4 * sizeof(ULONG64)); /* Rax Rcx Rdx Rbx */
    Context->Rsp = TrapFrame->Rsp;
    RtlCopyMemory(&Context->Rbp, &TrapFrame->Rbp, 11 * sizeof(ULONG64)); /* Rbp .. R15 */
    Context->Rip = TrapFrame->Rip;
    Context->EFlags = (ULONG)TrapFrame->EFlags;
    Context->SegCs = (USHORT)TrapFrame->SegCs;
    Context->SegSs = (USHORT)TrapFrame->SegSs;
}

static VOID
KiContextToTrapFrame(PCONTEXT Context, PKTRAP_FRAME TrapFrame)
{
    RtlCopyMemory(&TrapFrame->Rax, &Context->Rax, 4 * sizeof(ULONG64));
    RtlCopyMemory(&TrapFrame->Rbp, &Context->Rbp, 11 * sizeof(ULONG64));
    TrapFrame->Rsp = Context->Rsp;
    TrapFrame->Rip = Context->Rip;
}

/*
 * Offer a processor exception to the structured exception handlers of the interrupted
 * code. Faults on kernel-space addresses are not offered, as on NT: only user addresses
 * may be probed under __try; a bad system address is PAGE_FAULT_IN_NONPAGED_AREA.
 */
static BOOLEAN
KiDispatchException(PKTRAP_FRAME TrapFrame, ULONG64 Cr2)
{
    EXCEPTION_RECORD Record;
    CONTEXT Context;
    ULONG Vector = (ULONG)TrapFrame->Vector;

    if (KiVectorToStatus(Vector) == STATUS_UNSUCCESSFUL ||
        (Vector == 14 && Cr2 >= MM_SYSTEM_RANGE_START_AMD64))
        return FALSE;
    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = KiVectorToStatus(Vector);
    Record.ExceptionAddress = (PVOID)TrapFrame->Rip;
    if (Record.ExceptionCode == STATUS_ACCESS_VIOLATION)
    {
        Record.NumberParameters = 2;
        Record.ExceptionInformation[0] = (TrapFrame->ErrorCode & KI_PF_INSTRUCTION_FETCH) ? 8
                                         : (TrapFrame->ErrorCode & KI_PF_WRITE)           ? 1
                                                                                          : 0;
        Record.ExceptionInformation[1] = Vector == 14 ? Cr2 : ~0ull;
    }
    KiTrapFrameToContext(TrapFrame, &Context);
    /* Handlers run as the faulting code did: with interrupts on if they were on there. A
     * handler that unwinds never returns here, so this is its interrupt state from now on. */
    if (TrapFrame->EFlags & KI_EFLAGS_INTERRUPT)
        _enable();
    if (!RtlDispatchException(&Record, &Context))
        return FALSE;
    KiContextToTrapFrame(&Context, TrapFrame);
    return TRUE;
}

VOID
KiDispatchTrap(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = (ULONG)TrapFrame->Vector;
    ULONG64 Cr2 = __readcr2();
    NTSTATUS FaultStatus = STATUS_SUCCESS;

    /* Vector 0x1F is reserved by the architecture but never raised by the processor; NT x64
     * uses it for the APC_LEVEL software interrupt, whose class it must be. */
    if (Vector >= 32 || Vector == HAL_SOFTWARE_INTERRUPT_VECTOR(APC_LEVEL))
    {
        KiInterruptDispatch(TrapFrame);
        return;
    }
    if (Vector == 14 && NT_SUCCESS(FaultStatus = KiPageFault(TrapFrame, Cr2)))
        return;
    if (KiProbe.Armed && KiIsRecoverable(Vector))
    {
        KiProbe.Armed = FALSE;
        KiProbe.Fault->Vector = Vector;
        KiProbe.Fault->ErrorCode = TrapFrame->ErrorCode;
        KiProbe.Fault->FaultAddress = Vector == 14 ? Cr2 : 0;
        KiProbe.Fault->Rip = TrapFrame->Rip;
        __builtin_longjmp(KiProbe.JumpBuffer, 1);
    }
    if (KiIsRecoverable(Vector) && KiDispatchException(TrapFrame, Cr2))
        return;
    KiFatalTrap(TrapFrame, Cr2, FaultStatus);
}

NTSTATUS
KiTryProbe(PKI_PROBE_ROUTINE Routine, PVOID Context, PKI_PROBE_FAULT Fault)
{
    /* volatile: must survive the longjmp out of the trap handler. */
    volatile ULONG64 Flags = __readeflags();

    RtlZeroMemory(Fault, sizeof(*Fault));
    KiProbe.Fault = Fault;
    if (__builtin_setjmp(KiProbe.JumpBuffer) != 0)
    {
        /* The trap handler ran with interrupts off; the probe's caller had them as before. */
        __writeeflags(Flags);
        return KiVectorToStatus(Fault->Vector);
    }
    KiProbe.Armed = TRUE;
    Routine(Context);
    KiProbe.Armed = FALSE;
    return STATUS_SUCCESS;
}
