/* SPDX-License-Identifier: MIT */
/*
 * x64 structured exception handling: the structures compiled SEH code and language handlers
 * share with the dispatcher. Windows declares them in winnt.h, which kernel code does not
 * include, so they are defined here with the documented layout (asserted in rtl/amd64).
 */
#ifndef BASALT_RTLX_H
#define BASALT_RTLX_H

#define EXCEPTION_UNWINDING 0x02
#define EXCEPTION_EXIT_UNWIND 0x04
#define EXCEPTION_TARGET_UNWIND 0x20
#define EXCEPTION_COLLIDED_UNWIND 0x40
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

#define UNW_FLAG_NHANDLER 0
#define UNW_FLAG_EHANDLER 1
#define UNW_FLAG_UHANDLER 2

typedef struct _RUNTIME_FUNCTION
{
    ULONG BeginAddress;
    ULONG EndAddress;
    ULONG UnwindData;
} RUNTIME_FUNCTION, *PRUNTIME_FUNCTION;

/* Lookup cache a caller may pass to RtlLookupFunctionEntry; Basalt does not need one, but
 * the parameter is part of the API. */
typedef struct _UNWIND_HISTORY_TABLE *PUNWIND_HISTORY_TABLE;

typedef struct _DISPATCHER_CONTEXT
{
    ULONG64 ControlPc;
    ULONG64 ImageBase;
    PRUNTIME_FUNCTION FunctionEntry;
    ULONG64 EstablisherFrame;
    ULONG64 TargetIp;
    PCONTEXT ContextRecord;
    PEXCEPTION_ROUTINE LanguageHandler;
    PVOID HandlerData;
    PUNWIND_HISTORY_TABLE HistoryTable;
    ULONG ScopeIndex;
    ULONG Fill0;
} DISPATCHER_CONTEXT, *PDISPATCHER_CONTEXT;

/* __C_specific_handler's data: the __try scopes of a function, innermost first. */
typedef struct _SCOPE_TABLE
{
    ULONG Count;
    struct
    {
        ULONG BeginAddress;
        ULONG EndAddress;
        ULONG HandlerAddress; /* filter, 1 (EXCEPTION_EXECUTE_HANDLER) or __finally body */
        ULONG JumpTarget;     /* __except body; 0 for __finally */
    } ScopeRecord[1];
} SCOPE_TABLE, *PSCOPE_TABLE;

typedef LONG(NTAPI *PEXCEPTION_FILTER)(PEXCEPTION_POINTERS ExceptionPointers,
                                       PVOID EstablisherFrame);
typedef VOID(NTAPI *PTERMINATION_HANDLER)(BOOLEAN AbnormalTermination, PVOID EstablisherFrame);

PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase,
                                               PUNWIND_HISTORY_TABLE HistoryTable);
VOID NTAPI RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord,
                     PVOID ReturnValue);
PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord,
                                          PVOID *HandlerData, PULONG64 EstablisherFrame,
                                          PVOID ContextPointers);
VOID NTAPI RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord,
                       PVOID ReturnValue, PCONTEXT ContextRecord,
                       PUNWIND_HISTORY_TABLE HistoryTable);
BOOLEAN RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord, PCONTEXT Context);
VOID NTAPI RtlCaptureContext(PCONTEXT ContextRecord);
DECLSPEC_NORETURN VOID NTAPI RtlRestoreContext(PCONTEXT ContextRecord,
                                               PEXCEPTION_RECORD ExceptionRecord);
VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord);
/* __C_specific_handler is declared by excpt.h (through the DDK headers). */

/* Whether Address is on the current thread's kernel stack (frames outside it end a walk). */
BOOLEAN RtlpIsOnStack(ULONG64 Address, SIZE_T Length);
/* Return addresses of Context's frames after the first Skip (rtl/amd64/stackwalk.c). */
ULONG RtlpWalkFrames(const CONTEXT *Context, ULONG Skip, PVOID *Callers, ULONG Count);
/* Exported, but the DDK headers do not declare it. */
PVOID NTAPI RtlPcToFileHeader(PVOID PcValue, PVOID *BaseOfImage);

#endif
