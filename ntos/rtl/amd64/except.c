/* SPDX-License-Identifier: MIT */
/*
 * Exception dispatch and unwinding, the x64 way: walk the stack with the unwind data,
 * offer the exception to every frame's language handler (__C_specific_handler for __try),
 * and when one accepts it, unwind again to its frame running __finally blocks on the way,
 * then continue at the handler with the exception code in RAX.
 * Not yet supported (fail loudly): nested exceptions raised inside a handler and collided
 * unwinds; they stop with KMODE_EXCEPTION_NOT_HANDLED / STATUS_INVALID_DISPOSITION.
 */
#include "ntos.h"

#define RTLP_MAX_FRAMES 256

static DECLSPEC_NORETURN VOID
RtlpBadDisposition(PEXCEPTION_RECORD ExceptionRecord, EXCEPTION_DISPOSITION Disposition)
{
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_INVALID_DISPOSITION,
                 (ULONG_PTR)ExceptionRecord->ExceptionAddress, ExceptionRecord->ExceptionCode,
                 (ULONG_PTR)Disposition);
}

/* Offer the exception to each frame's handler, innermost first. TRUE: a handler asked to
 * continue execution with (the possibly changed) Context. */
BOOLEAN
RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord, PCONTEXT Context)
{
    CONTEXT Walk = *Context;
    DISPATCHER_CONTEXT Dispatcher;
    PEXCEPTION_ROUTINE Handler;
    EXCEPTION_DISPOSITION Disposition;
    ULONG64 ImageBase, Establisher, ControlPc;
    PRUNTIME_FUNCTION Function;
    PVOID HandlerData;
    ULONG Frame;

    for (Frame = 0; Frame < RTLP_MAX_FRAMES; Frame++)
    {
        ControlPc = Walk.Rip;
        Function = RtlLookupFunctionEntry(ControlPc, &ImageBase, NULL);
        if (ImageBase == 0)
            return FALSE;
        Handler = RtlVirtualUnwind(UNW_FLAG_EHANDLER, ImageBase, ControlPc, Function, &Walk,
                                   &HandlerData, &Establisher, NULL);
        if (!RtlpIsOnStack(Establisher, sizeof(ULONG64)))
            return FALSE;
        if (Handler != NULL)
        {
            RtlZeroMemory(&Dispatcher, sizeof(Dispatcher));
            Dispatcher.ControlPc = ControlPc;
            Dispatcher.ImageBase = ImageBase;
            Dispatcher.FunctionEntry = Function;
            Dispatcher.EstablisherFrame = Establisher;
            Dispatcher.ContextRecord = Context;
            Dispatcher.LanguageHandler = Handler;
            Dispatcher.HandlerData = HandlerData;
            Disposition = Handler(ExceptionRecord, (PVOID)Establisher, Context, &Dispatcher);
            if (Disposition == ExceptionContinueExecution)
            {
                if (ExceptionRecord->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED,
                                 (ULONG)STATUS_NONCONTINUABLE_EXCEPTION,
                                 (ULONG_PTR)ExceptionRecord->ExceptionAddress,
                                 ExceptionRecord->ExceptionCode, 0);
                return TRUE;
            }
            if (Disposition != ExceptionContinueSearch)
                RtlpBadDisposition(ExceptionRecord, Disposition);
        }
        if (Walk.Rip == 0 || !RtlpIsOnStack(Walk.Rsp, sizeof(ULONG64)))
            return FALSE;
    }
    return FALSE;
}

static VOID
RtlpCallUnwindHandler(PEXCEPTION_RECORD ExceptionRecord, PCONTEXT Current, PVOID TargetFrame,
                      PVOID TargetIp, DISPATCHER_CONTEXT *Dispatcher)
{
    EXCEPTION_DISPOSITION Disposition;

    if (Dispatcher->EstablisherFrame == (ULONG64)(ULONG_PTR)TargetFrame)
        ExceptionRecord->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
    Dispatcher->TargetIp = (ULONG64)(ULONG_PTR)TargetIp;
    Dispatcher->ContextRecord = Current;
    Disposition = Dispatcher->LanguageHandler(ExceptionRecord, (PVOID)Dispatcher->EstablisherFrame,
                                              Current, Dispatcher);
    ExceptionRecord->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
    if (Disposition != ExceptionContinueSearch)
        RtlpBadDisposition(ExceptionRecord, Disposition);
}

/*
 * Unwind from the caller up to the frame TargetFrame, giving every frame's unwind handler
 * the chance to run termination code, then continue in that frame at TargetIp with
 * RAX = ReturnValue.
 */
VOID NTAPI
RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue,
            PCONTEXT OriginalContext, PUNWIND_HISTORY_TABLE HistoryTable)
{
    CONTEXT Current, Unwound;
    EXCEPTION_RECORD LocalRecord;
    DISPATCHER_CONTEXT Dispatcher;
    ULONG64 ImageBase;
    ULONG Frame;

    UNREFERENCED_PARAMETER(OriginalContext);
    RtlCaptureContext(&Current);
    if (ExceptionRecord == NULL)
    {
        RtlZeroMemory(&LocalRecord, sizeof(LocalRecord));
        LocalRecord.ExceptionCode = STATUS_UNWIND;
        LocalRecord.ExceptionAddress = (PVOID)Current.Rip;
        ExceptionRecord = &LocalRecord;
    }
    ExceptionRecord->ExceptionFlags |= EXCEPTION_UNWINDING;
    if (TargetFrame == NULL)
        ExceptionRecord->ExceptionFlags |= EXCEPTION_EXIT_UNWIND;

    for (Frame = 0; Frame < RTLP_MAX_FRAMES; Frame++)
    {
        RtlZeroMemory(&Dispatcher, sizeof(Dispatcher));
        Dispatcher.ControlPc = Current.Rip;
        Dispatcher.HistoryTable = HistoryTable;
        Dispatcher.FunctionEntry = RtlLookupFunctionEntry(Current.Rip, &ImageBase, HistoryTable);
        Dispatcher.ImageBase = ImageBase;
        Unwound = Current;
        Dispatcher.LanguageHandler =
            RtlVirtualUnwind(UNW_FLAG_UHANDLER, ImageBase, Current.Rip, Dispatcher.FunctionEntry,
                             &Unwound, &Dispatcher.HandlerData, &Dispatcher.EstablisherFrame, NULL);
        if (ImageBase == 0 || !RtlpIsOnStack(Dispatcher.EstablisherFrame, sizeof(ULONG64)) ||
            (TargetFrame != NULL && Dispatcher.EstablisherFrame > (ULONG64)(ULONG_PTR)TargetFrame))
            KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_BAD_STACK, Current.Rip,
                         (ULONG_PTR)TargetFrame, Dispatcher.EstablisherFrame);
        if (Dispatcher.LanguageHandler != NULL)
            RtlpCallUnwindHandler(ExceptionRecord, &Current, TargetFrame, TargetIp, &Dispatcher);
        if (Dispatcher.EstablisherFrame == (ULONG64)(ULONG_PTR)TargetFrame)
            break;
        Current = Unwound;
    }
    Current.Rax = (ULONG64)(ULONG_PTR)ReturnValue;
    Current.Rip = (ULONG64)(ULONG_PTR)TargetIp;
    RtlRestoreContext(&Current, ExceptionRecord);
}

/* RtlUnwindEx without a context record or history table, as NT x64's RtlUnwind. */
VOID NTAPI
RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue)
{
    RtlUnwindEx(TargetFrame, TargetIp, ExceptionRecord, ReturnValue, NULL, NULL);
}

/* Raise ExceptionRecord in the caller's context. If no handler takes it, it is fatal. */
DECLSPEC_NOINLINE VOID NTAPI
RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord)
{
    CONTEXT Context;
    ULONG64 ImageBase, Establisher;
    PRUNTIME_FUNCTION Function;
    PVOID HandlerData;

    RtlCaptureContext(&Context);
    Function = RtlLookupFunctionEntry(Context.Rip, &ImageBase, NULL);
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, ImageBase, Context.Rip, Function, &Context, &HandlerData,
                     &Establisher, NULL);
    ExceptionRecord->ExceptionAddress = (PVOID)Context.Rip;
    if (RtlDispatchException(ExceptionRecord, &Context))
        RtlRestoreContext(&Context, ExceptionRecord);
    KeBugCheckEx(
        KMODE_EXCEPTION_NOT_HANDLED, (ULONG)ExceptionRecord->ExceptionCode,
        (ULONG_PTR)ExceptionRecord->ExceptionAddress,
        ExceptionRecord->NumberParameters > 0 ? ExceptionRecord->ExceptionInformation[0] : 0,
        ExceptionRecord->NumberParameters > 1 ? ExceptionRecord->ExceptionInformation[1] : 0);
}

DECLSPEC_NORETURN VOID NTAPI
ExRaiseStatus(NTSTATUS Status)
{
    EXCEPTION_RECORD Record;

    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    RtlRaiseException(&Record);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_NONCONTINUABLE_EXCEPTION, 0,
                 (ULONG)Status, 0);
}
