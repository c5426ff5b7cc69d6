/* SPDX-License-Identifier: MIT */
/*
 * __C_specific_handler: the language handler MSVC and clang name for functions with
 * __try/__except/__finally. Its data is the function's scope table. For an exception it runs
 * the filters of the scopes covering the faulting PC, innermost first; for an unwind it runs
 * the __finally blocks being left, up to the target scope.
 */
#include "ntos.h"

#define SCOPE_CONSTANT_FILTER 1 /* HandlerAddress of __except(EXCEPTION_EXECUTE_HANDLER) */

static BOOLEAN
RtlpScopeCovers(const SCOPE_TABLE *Table, ULONG Index, ULONG Rva)
{
    return Rva >= Table->ScopeRecord[Index].BeginAddress &&
           Rva < Table->ScopeRecord[Index].EndAddress;
}

static EXCEPTION_DISPOSITION
RtlpRunFilters(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame, PCONTEXT Context,
               PDISPATCHER_CONTEXT Dispatcher)
{
    const SCOPE_TABLE *Table = Dispatcher->HandlerData;
    ULONG Rva = (ULONG)(Dispatcher->ControlPc - Dispatcher->ImageBase), Index;
    EXCEPTION_POINTERS Pointers = {ExceptionRecord, Context};
    LONG Filter;

    for (Index = Dispatcher->ScopeIndex; Index < Table->Count; Index++)
    {
        if (!RtlpScopeCovers(Table, Index, Rva) || Table->ScopeRecord[Index].JumpTarget == 0)
            continue;
        if (Table->ScopeRecord[Index].HandlerAddress == SCOPE_CONSTANT_FILTER)
            Filter = EXCEPTION_EXECUTE_HANDLER;
        else
            Filter = ((PEXCEPTION_FILTER)(Dispatcher->ImageBase +
                                          Table->ScopeRecord[Index].HandlerAddress))(
                &Pointers, EstablisherFrame);
        if (Filter < 0)
            return ExceptionContinueExecution;
        if (Filter > 0)
            RtlUnwindEx(EstablisherFrame,
                        (PVOID)(Dispatcher->ImageBase + Table->ScopeRecord[Index].JumpTarget),
                        ExceptionRecord, (PVOID)(ULONG_PTR)(ULONG)ExceptionRecord->ExceptionCode,
                        Context, Dispatcher->HistoryTable);
    }
    return ExceptionContinueSearch;
}

static EXCEPTION_DISPOSITION
RtlpRunTerminationHandlers(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame,
                           PDISPATCHER_CONTEXT Dispatcher)
{
    const SCOPE_TABLE *Table = Dispatcher->HandlerData;
    ULONG Rva = (ULONG)(Dispatcher->ControlPc - Dispatcher->ImageBase), Index;
    ULONG TargetRva = (ULONG)(Dispatcher->TargetIp - Dispatcher->ImageBase);

    for (Index = Dispatcher->ScopeIndex; Index < Table->Count; Index++)
    {
        if (!RtlpScopeCovers(Table, Index, Rva))
            continue;
        /* Reaching the __except whose body is the unwind's target: stop here. */
        if ((ExceptionRecord->ExceptionFlags & EXCEPTION_TARGET_UNWIND) &&
            Table->ScopeRecord[Index].JumpTarget == TargetRva)
            break;
        if (Table->ScopeRecord[Index].JumpTarget != 0)
            continue;
        /* Record progress first: a __finally that raises must not run twice. */
        Dispatcher->ScopeIndex = Index + 1;
        ((PTERMINATION_HANDLER)(Dispatcher->ImageBase + Table->ScopeRecord[Index].HandlerAddress))(
            TRUE, EstablisherFrame);
    }
    return ExceptionContinueSearch;
}

EXCEPTION_DISPOSITION __cdecl __C_specific_handler(PEXCEPTION_RECORD ExceptionRecord,
                                                   PVOID EstablisherFrame, PCONTEXT Context,
                                                   PDISPATCHER_CONTEXT DispatcherContext)
{
    if (ExceptionRecord->ExceptionFlags & EXCEPTION_UNWIND)
        return RtlpRunTerminationHandlers(ExceptionRecord, EstablisherFrame, DispatcherContext);
    return RtlpRunFilters(ExceptionRecord, EstablisherFrame, Context, DispatcherContext);
}
