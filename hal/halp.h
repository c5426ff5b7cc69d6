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

/* amd64/halapic.c: the boot processor's local APIC; registers by their xAPIC offset in both
 * modes. */
#define APIC_ID 0x020
#define APIC_EOI 0x0B0
#define APIC_SPURIOUS 0x0F0
#define APIC_ICR_LOW 0x300
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_MASKED 0x10000
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3E0

typedef enum _HALP_APIC_MODE
{
    HalpNoApic, /* before phase 1 */
    HalpXApic,
    HalpX2Apic
} HALP_APIC_MODE;

extern HALP_APIC_MODE HalpApicMode;
ULONG HalpApicRead(ULONG Register);
VOID HalpApicWrite(ULONG Register, ULONG Value);
ULONG HalpApicId(VOID);
BOOLEAN HalpInitializeLocalApic(VOID);

/* amd64/halioapic.c */
#define IOAPIC_MASKED 0x10000
#define IOAPIC_LEVEL 0x8000
#define IOAPIC_ACTIVE_LOW 0x2000
#define HALP_FIRST_DEVICE_VECTOR HAL_FIRST_DEVICE_VECTOR
#define HALP_LAST_DEVICE_VECTOR HAL_LAST_DEVICE_VECTOR

typedef struct _HALP_IOAPIC
{
    volatile ULONG *Registers;
    ULONG Address;
    ULONG GsiBase;
    ULONG Inputs;
    UCHAR Id;
    UCHAR Version;
} HALP_IOAPIC;

extern HALP_IOAPIC HalpIoApics[ACPI_MAX_IOAPICS];
extern ULONG HalpIoApicCount;
extern ULONG HalpInterruptDestination;
VOID HalpInitializeIoApics(VOID);
BOOLEAN HalpGsiExists(ULONG Gsi);
NTSTATUS HalpRouteGsi(ULONG Gsi, ULONG Vector);
NTSTATUS HalpSetGsiMask(ULONG Gsi, BOOLEAN Masked);

/* amd64/halvector.c: device vectors handed out by HalGetInterruptVector and for messages. */
#define HALP_FIRST_ALLOCATED_VECTOR 0x50

/* amd64/halhpet.c: the HPET main counter, when HalpHpetUsable. */
extern BOOLEAN HalpHpetUsable;
extern ULONG64 HalpHpetPeriodFs;
VOID HalpInitializeHpet(VOID);
ULONG64 HalpHpetCounter(VOID);
ULONG64 HalpHpetElapsed(ULONG64 Start);
VOID HalpHpetWait(ULONG64 Start, ULONG Microseconds);

/* amd64/halclock.c: phase 1 (local APIC, I/O APICs, HPET, calibration, clock). */
typedef struct _HALP_CLOCK_CALIBRATION
{
    ULONG Reference; /* HAL_CALIBRATION_* */
    ULONG ApicTicksPer10Ms;
    ULONG64 WindowNs;
    ULONG64 ApicTimerFrequency;
    ULONG64 TscFrequency;
} HALP_CLOCK_CALIBRATION;

extern HALP_CLOCK_CALIBRATION HalpClockCalibration;
BOOLEAN HalpInitializeClock(VOID);

/* Application processors: amd64/halapic.c (their APIC, IPIs), amd64/halclock.c (their
 * clock), amd64/halmp.c (starting them). */
#define APIC_ICR_HIGH 0x310
VOID HalpApicSendIpiTo(ULONG ApicId, ULONG CommandLow);
VOID HalpInitializeApLocalApic(VOID);
VOID HalpStartProcessorClock(VOID);
VOID HalpInitializeProcessorNumbers(VOID);

/* amd64/halperf.c */
VOID HalpSetTscFrequency(ULONG64 Frequency);
ULONG64 HalpCalibratedTscFrequency(VOID);

#endif
