/* SPDX-License-Identifier: MIT */
/* hal.dll private declarations. Built with _NTHALDLL_, so its own exports are not
 * dllimport while everything from ntoskrnl.exe is. */
#ifndef BASALT_HALP_H
#define BASALT_HALP_H

#include <ntddk.h>

#include "arc.h"
#include "intrinx.h"
#include "halkrnl.h"

#include "acpi.h"
#include "rtc.h"

/* halacpi.c: the tables as found in phase 0; HalpAcpiUsable when the RSDP and root were. */
extern ACPI_SYSTEM HalpAcpi;
extern BOOLEAN HalpAcpiUsable;

VOID HalpInitializeAcpi(PLOADER_PARAMETER_BLOCK LoaderBlock);
BOOLEAN HalpIsIdentityMapped(ULONG64 Address, ULONG64 Length);
ULONG HalpBootApicId(VOID);

/* halacpisum.c */
VOID HalpPrintAcpiSummary(VOID);

/* amd64/halacpireg.c: fixed-hardware registers named by an ACPI Generic Address Structure,
 * accessed Bits wide (8, 16 or 32). */
BOOLEAN HalpAcpiRegisterReachable(const ACPI_GAS *Gas, ULONG Bits);
BOOLEAN HalpReadAcpiRegister(const ACPI_GAS *Gas, ULONG Bits, PULONG Value);
BOOLEAN HalpWriteAcpiRegister(const ACPI_GAS *Gas, ULONG Bits, ULONG Value);
PCSTR HalpAcpiSpaceName(UCHAR SpaceId);

/* amd64/halpower.c: HalpPowerOff returns only when S5 could not be entered, after saying
 * why; HalpPowerOffProblem says it beforehand (NULL when nothing stands in the way). */
VOID HalpPowerOff(VOID);
PCSTR HalpPowerOffProblem(VOID);

/* amd64/halreset.c */
BOOLEAN HalpResetRegisterUsable(VOID);

/* amd64/halcmos.c: CMOS RAM; HalpReadCmos and HalpWriteCmos need the CMOS lock. */
ULONG64 HalpAcquireCmosLock(VOID);
VOID HalpReleaseCmosLock(ULONG64 Flags);
UCHAR HalpReadCmos(UCHAR Index);
VOID HalpWriteCmos(UCHAR Index, UCHAR Value);

/* amd64/halrtc.c */
VOID HalpPrintRealTimeClock(VOID);

BOOLEAN HalpInitializeClock(VOID);

/* amd64/halapic.c: the local APIC of the processor running; amd64/halmp.c: the others. */
VOID HalpApicSendIpi(ULONG ApicId, ULONG CommandLow);
VOID HalpApicInitializeProcessor(VOID);
VOID HalpInitializeProcessorNumbers(VOID);
VOID HalpSetTscFrequency(ULONG64 Frequency);

#endif
