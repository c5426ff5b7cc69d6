/* SPDX-License-Identifier: MIT */
/*
 * RtlAssert, which the DDK's ASSERT calls in drivers built with DBG=1, and DbgBreakPoint,
 * which gcc-built drivers import (MSVC inlines it as __debugbreak). NT's checked build
 * prints the assertion, then prompts the kernel debugger to break, ignore or terminate; with
 * no debugger attached the breakpoint is an unhandled kernel exception. Basalt has no kernel
 * debugger yet, so RtlAssert prints NT's lines and breaks once (int 3): unless a handler
 * (a driver's __try) takes the STATUS_BREAKPOINT exception, the machine stops with
 * KMODE_EXCEPTION_NOT_HANDLED (0x80000003) at the assertion, as an NT machine without a
 * debugger does. A handler that continues execution makes the assertion return.
 * DbgBreakPoint and DbgBreakPointWithStatus break the same way (the status, for a debugger,
 * is in ECX).
 */
#include "ntos.h"

VOID NTAPI
RtlAssert(PVOID FailedAssertion, PVOID FileName, ULONG LineNumber, PSTR Message)
{
    DbgPrint("\n*** Assertion failed: %s%s\n***   Source File: %s, line %u\n\n",
             Message != NULL ? Message : "", (PCSTR)FailedAssertion, (PCSTR)FileName, LineNumber);
    __debugbreak();
}

VOID NTAPI
DbgBreakPoint(VOID)
{
    __debugbreak();
}

VOID NTAPI
DbgBreakPointWithStatus(ULONG Status)
{
    __asm__ volatile("int3" ::"c"(Status));
}
