/* SPDX-License-Identifier: MIT */
/*
 * Not implemented (notimpl.h): interrupt controller odds and ends (amd64/halvector.c has the
 * vectors, amd64/halioapic.c the routing), processor start and hot-add,
 * profiling and hardware counters, NMIs and machine checks. Basalt's kernel drives the HAL
 * through its own interface here (include/halkrnl.h); these are the Windows names for work it
 * does not do yet.
 */
#include "notimpl.h"

struct _KPROCESSOR_STATE;

BOOLEAN NTAPI
HalAllProcessorsStarted(VOID)
{
    HALP_NOT_IMPLEMENTED(HalAllProcessorsStarted);
    return FALSE;
}

BOOLEAN NTAPI
HalStartNextProcessor(struct _LOADER_PARAMETER_BLOCK *LoaderBlock,
                      struct _KPROCESSOR_STATE *ProcessorState)
{
    HALP_NOT_IMPLEMENTED(HalStartNextProcessor);
    return FALSE;
}

/* FALSE also reads as "not enabled"; the report says which it is. */
BOOLEAN NTAPI
HalIsHyperThreadingEnabled(VOID)
{
    HALP_NOT_IMPLEMENTED(HalIsHyperThreadingEnabled);
    return FALSE;
}

/* Called on every processor with a shared Count to decrement: this one leaves it alone. */
VOID NTAPI
HalCalibratePerformanceCounter(volatile PLONG Count, ULONGLONG NewCount)
{
    HALP_NOT_IMPLEMENTED(HalCalibratePerformanceCounter);
}

VOID FASTCALL
HalClearSoftwareInterrupt(KIRQL Irql)
{
    HALP_NOT_IMPLEMENTED(HalClearSoftwareInterrupt);
}

/* 0 (FALSE): the HAL does not own Vector. */
ULONG NTAPI
HalSystemVectorDispatchEntry(ULONG Vector, PKINTERRUPT_ROUTINE **FlatDispatch,
                             PKINTERRUPT_ROUTINE *NoConnection)
{
    HALP_NOT_IMPLEMENTED(HalSystemVectorDispatchEntry);
    return 0;
}

VOID NTAPI
HalHandleNMI(PVOID NmiInfo)
{
    HALP_NOT_IMPLEMENTED(HalHandleNMI);
}

VOID NTAPI
HalReportResourceUsage(VOID)
{
    HALP_NOT_IMPLEMENTED(HalReportResourceUsage);
}

/* Returns the increment (100 ns units) now in effect; 0 is the failure. */
ULONG NTAPI
HalSetTimeIncrement(ULONG Increment)
{
    HALP_NOT_IMPLEMENTED(HalSetTimeIncrement);
    return 0;
}

/* Returns the profile interval now in effect; 0 is the failure. */
ULONG_PTR NTAPI
HalSetProfileInterval(ULONG_PTR Interval)
{
    HALP_NOT_IMPLEMENTED(HalSetProfileInterval);
    return 0;
}

VOID NTAPI
HalStartProfileInterrupt(KPROFILE_SOURCE ProfileSource)
{
    HALP_NOT_IMPLEMENTED(HalStartProfileInterrupt);
}

VOID NTAPI
HalStopProfileInterrupt(KPROFILE_SOURCE ProfileSource)
{
    HALP_NOT_IMPLEMENTED(HalStopProfileInterrupt);
}

NTSTATUS NTAPI
HalAllocateHardwareCounters(PGROUP_AFFINITY GroupAffinty, ULONG GroupCount,
                            PPHYSICAL_COUNTER_RESOURCE_LIST ResourceList, PHANDLE CounterSetHandle)
{
    HALP_NOT_IMPLEMENTED(HalAllocateHardwareCounters);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalFreeHardwareCounters(HANDLE CounterSetHandle)
{
    HALP_NOT_IMPLEMENTED(HalFreeHardwareCounters);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalGetProcessorIdByNtNumber(ULONG NtNumber, PULONG ProcessorId)
{
    HALP_NOT_IMPLEMENTED(HalGetProcessorIdByNtNumber);
    return STATUS_NOT_IMPLEMENTED;
}
