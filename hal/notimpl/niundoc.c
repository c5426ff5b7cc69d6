/* SPDX-License-Identifier: MIT */
/*
 * Not implemented (notimpl.h), and without a published prototype: Microsoft documents none of
 * these, the DDK headers and ReactOS declare none. They are hal.dll-to-kernel (or WHEA, ACPI,
 * microcode-driver) interfaces of Windows Vista and later. Each stub takes no arguments (the
 * x64 calling convention lets a callee ignore what was passed) and returns
 * STATUS_NOT_IMPLEMENTED (x86BiosTranslateAddress: NULL), assuming the NTSTATUS result these
 * routines are believed to have; the report on the first call is the dependable signal.
 */
#include "notimpl.h"

#define HALP_UNDOCUMENTED_STUB(Name)   \
    NTSTATUS NTAPI Name(VOID)          \
    {                                  \
        HALP_NOT_IMPLEMENTED(Name);    \
        return STATUS_NOT_IMPLEMENTED; \
    }

HALP_UNDOCUMENTED_STUB(HalDisableInterrupt)
HALP_UNDOCUMENTED_STUB(HalEnableInterrupt)
HALP_UNDOCUMENTED_STUB(HalEnumerateProcessors)
HALP_UNDOCUMENTED_STUB(HalGetInterruptTargetInformation)
HALP_UNDOCUMENTED_STUB(HalGetMemoryCachingRequirements)
HALP_UNDOCUMENTED_STUB(HalGetMessageRoutingInfo)
HALP_UNDOCUMENTED_STUB(HalGetVectorInput)
HALP_UNDOCUMENTED_STUB(HalHandleMcheck)
HALP_UNDOCUMENTED_STUB(HalInitializeBios)
HALP_UNDOCUMENTED_STUB(HalInitializeOnResume)
HALP_UNDOCUMENTED_STUB(HalMcUpdateReadPCIConfig)
HALP_UNDOCUMENTED_STUB(HalRegisterDynamicProcessor)
HALP_UNDOCUMENTED_STUB(HalRegisterErrataCallbacks)
HALP_UNDOCUMENTED_STUB(HalRequestClockInterrupt)
HALP_UNDOCUMENTED_STUB(HalRequestDeferredRecoveryServiceInterrupt)
HALP_UNDOCUMENTED_STUB(HalSendNMI)
HALP_UNDOCUMENTED_STUB(HalStartDynamicProcessor)
HALP_UNDOCUMENTED_STUB(x86BiosExecuteInterrupt)
HALP_UNDOCUMENTED_STUB(x86BiosInitializeBiosEx)

/* Assumed to return the address it translates, so NULL. */
PVOID NTAPI
x86BiosTranslateAddress(VOID)
{
    HALP_NOT_IMPLEMENTED(x86BiosTranslateAddress);
    return NULL;
}
