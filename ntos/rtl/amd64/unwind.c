/* SPDX-License-Identifier: MIT */
/*
 * RtlLookupFunctionEntry, RtlVirtualUnwind and RtlUnwindEx over every loaded module's
 * .pdata/.xdata, using the shared PE unwinder. Stack reads are confined to the current
 * thread's kernel stack, so a corrupt frame ends a walk instead of faulting.
 */
#include "ntos.h"
#include "kasm.h"
#include "peunwind.h"

C_ASSERT(FIELD_OFFSET(CONTEXT, Rax) == CONTEXT_RAX);
C_ASSERT(FIELD_OFFSET(CONTEXT, Rsp) == CONTEXT_RSP);
C_ASSERT(FIELD_OFFSET(CONTEXT, R15) == CONTEXT_R15);
C_ASSERT(FIELD_OFFSET(CONTEXT, Rip) == CONTEXT_RIP);
C_ASSERT(FIELD_OFFSET(CONTEXT, EFlags) == CONTEXT_EFLAGS);
C_ASSERT(FIELD_OFFSET(CONTEXT, MxCsr) == CONTEXT_MXCSR);
C_ASSERT(FIELD_OFFSET(CONTEXT, Xmm0) == CONTEXT_XMM0);
C_ASSERT(CONTEXT_FULL == CONTEXT_FULL_AMD64);
C_ASSERT(sizeof(CONTEXT) == 0x4D0);
C_ASSERT(sizeof(DISPATCHER_CONTEXT) == 0x50);
C_ASSERT(sizeof(RUNTIME_FUNCTION) == sizeof(PE_RUNTIME_FUNCTION));
/* The unwinder's register file is CONTEXT's Rax..R15, in the same order. */
C_ASSERT(FIELD_OFFSET(CONTEXT, R15) - FIELD_OFFSET(CONTEXT, Rax) == 15 * sizeof(ULONG64));

static BOOLEAN RtlpContextPointersReported;

BOOLEAN
RtlpIsOnStack(ULONG64 Address, SIZE_T Length)
{
    return KiIsOnKernelStack(Address, Length);
}

static int
RtlpReadStack(void *Context, uint64_t Address, uint64_t *Value)
{
    UNREFERENCED_PARAMETER(Context);
    if ((Address & 7) != 0 || !RtlpIsOnStack(Address, sizeof(ULONG64)))
        return 0;
    *Value = *(const ULONG64 *)(ULONG_PTR)Address;
    return 1;
}

PRUNTIME_FUNCTION NTAPI
RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase, PUNWIND_HISTORY_TABLE HistoryTable)
{
    PKLDR_MODULE Module = MmFindModuleByAddress(ControlPc);

    UNREFERENCED_PARAMETER(HistoryTable);
    *ImageBase = 0;
    if (Module == NULL)
        return NULL;
    *ImageBase = Module->View.LoadBase;
    return (PRUNTIME_FUNCTION)PeLookupFunctionEntry(&Module->View,
                                                    (ULONG)(ControlPc - Module->View.LoadBase));
}

/*
 * Unwind one frame of Context in place. Returns the frame's language handler when its
 * unwind data names one for HandlerType (UNW_FLAG_EHANDLER or UNW_FLAG_UHANDLER) and the
 * frame is past its prologue; NULL otherwise. A frame that cannot be unwound (corrupt
 * data, leaving the stack) comes back with Rip = 0, which ends every walk.
 */
PEXCEPTION_ROUTINE NTAPI
RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                 PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData,
                 PULONG64 EstablisherFrame, PVOID ContextPointers)
{
    PKLDR_MODULE Module = MmFindModuleByAddress(ControlPc);
    PE_UNWIND_CONTEXT Unwind;
    PE_UNWIND_FRAME Frame;

    UNREFERENCED_PARAMETER(FunctionEntry);
    /* Reporting where each register was saved (KNONVOLATILE_CONTEXT_POINTERS) is not
     * implemented; say so rather than leave the caller's pointers silently unfilled. */
    if (ContextPointers != NULL && !RtlpContextPointersReported)
    {
        RtlpContextPointersReported = TRUE;
        DbgPrint("RtlVirtualUnwind: ContextPointers are not filled in (STATUS_NOT_IMPLEMENTED)\n");
    }
    *HandlerData = NULL;
    *EstablisherFrame = ContextRecord->Rsp;
    if (Module == NULL || Module->View.LoadBase != ImageBase)
    {
        ContextRecord->Rip = 0;
        return NULL;
    }
    Unwind.Rip = ControlPc;
    RtlCopyMemory(Unwind.Gpr, &ContextRecord->Rax, sizeof(Unwind.Gpr));
    if (PeVirtualUnwindFrame(&Module->View, &Unwind, RtlpReadStack, NULL, &Frame) != PE_OK)
        Unwind.Rip = 0;
    RtlCopyMemory(&ContextRecord->Rax, Unwind.Gpr, sizeof(Unwind.Gpr));
    ContextRecord->Rip = Unwind.Rip;
    *EstablisherFrame = Frame.EstablisherFrame;
    if (!(Frame.HandlerFlags & HandlerType))
        return NULL;
    *HandlerData = (PVOID)(ULONG_PTR)(ImageBase + Frame.HandlerDataRva);
    return (PEXCEPTION_ROUTINE)(ULONG_PTR)(ImageBase + Frame.HandlerRva);
}
