/* SPDX-License-Identifier: MIT */
/*
 * The clock: the local APIC timer (divide by 16), calibrated together with the TSC against
 * one reference window of HALP_CALIBRATION_US, runs periodically on HAL_CLOCK_VECTOR and
 * reports HALP_CLOCK_INCREMENT to the kernel on each tick. The reference is the HPET when
 * halhpet.c found a working one: its counter is read before and after, so the window is
 * measured, not assumed. Otherwise it is a PIT channel 2 stall (KeStallExecutionProcessor).
 */
#include "halp.h"

#define APIC_TIMER_PERIODIC 0x20000
#define APIC_DIVIDE_BY_16 0x3
#define HALP_CLOCK_INCREMENT 100000 /* 10 ms in 100 ns units */
#define HALP_CALIBRATION_US 10000

HALP_CLOCK_CALIBRATION HalpClockCalibration;

/* Processor 0 keeps the time; every other processor only charges its running thread. */
static VOID NTAPI
HalpClockInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    if (KeGetCurrentProcessorNumber() == 0)
        KeUpdateSystemTime(TrapFrame, HALP_CLOCK_INCREMENT);
    else
        KeUpdateRunTime(TrapFrame);
}

/* This processor's periodic clock, at the rate calibrated on the boot processor (every
 * local APIC timer runs off the same bus clock). */
VOID
HalpStartProcessorClock(VOID)
{
    HalpApicWrite(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_16);
    HalpApicWrite(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | HAL_CLOCK_VECTOR);
    HalpApicWrite(APIC_TIMER_INITIAL, HalpClockCalibration.ApicTicksPer10Ms);
}

/* APIC timer ticks and TSC ticks over the reference window, and its length in ns. */
static VOID
HalpMeasureWindow(PULONG64 ApicTicks, PULONG64 TscTicks, PULONG64 Nanoseconds)
{
    ULONG64 TscStart, HpetStart, HpetTicks = 0;

    HalpApicWrite(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_16);
    HalpApicWrite(APIC_LVT_TIMER, APIC_LVT_MASKED | HAL_CLOCK_VECTOR);
    HalpApicWrite(APIC_TIMER_INITIAL, 0xFFFFFFFF);
    TscStart = __rdtsc();
    if (HalpHpetUsable)
    {
        HpetStart = HalpHpetCounter();
        HalpHpetWait(HpetStart, HALP_CALIBRATION_US);
        HpetTicks = HalpHpetElapsed(HpetStart);
    }
    else
    {
        KeStallExecutionProcessor(HALP_CALIBRATION_US);
    }
    *TscTicks = __rdtsc() - TscStart;
    *ApicTicks = 0xFFFFFFFF - HalpApicRead(APIC_TIMER_CURRENT);
    if (HalpHpetUsable)
        *Nanoseconds = HpetTicks * HalpHpetPeriodFs / 1000000;
    else
        *Nanoseconds = (ULONG64)HALP_CALIBRATION_US * 1000;
}

/* Fills HalpClockCalibration and hands the TSC rate to the performance counter. */
static BOOLEAN
HalpCalibrateTimers(VOID)
{
    HALP_CLOCK_CALIBRATION *Calibration = &HalpClockCalibration;
    ULONG64 ApicTicks, TscTicks, Nanoseconds;

    HalpMeasureWindow(&ApicTicks, &TscTicks, &Nanoseconds);
    if (Nanoseconds == 0 || ApicTicks == 0)
        return FALSE;
    Calibration->Reference = HalpHpetUsable ? HAL_CALIBRATION_HPET : HAL_CALIBRATION_PIT;
    Calibration->WindowNs = Nanoseconds;
    Calibration->ApicTimerFrequency = ApicTicks * 1000000000 / Nanoseconds;
    Calibration->TscFrequency = TscTicks * 1000000000 / Nanoseconds;
    Calibration->ApicTicksPer10Ms = (ULONG)(Calibration->ApicTimerFrequency / 100);
    HalpSetTscFrequency(Calibration->TscFrequency);
    DbgPrint("HAL: timers calibrated against the %s over %I64u us: APIC timer %I64u Hz, TSC "
             "%I64u Hz\n",
             HalpHpetUsable ? "HPET" : "PIT", Nanoseconds / 1000, Calibration->ApicTimerFrequency,
             Calibration->TscFrequency);
    return Calibration->ApicTicksPer10Ms != 0;
}

/* Phase 1: local APIC on, PICs off, I/O APICs masked, the HPET started, the periodic clock
 * calibrated and started. Interrupts stay disabled; the kernel enables them when ready. */
BOOLEAN
HalpInitializeClock(VOID)
{
    if (!HalpInitializeLocalApic())
        return FALSE;
    HalpInitializeIoApics();
    HalpInitializeHpet();
    KeRegisterInterruptHandler(HAL_CLOCK_VECTOR, HalpClockInterrupt);
    if (!HalpCalibrateTimers())
    {
        DbgPrint("HAL: APIC timer does not count; no clock interrupt\n");
        return FALSE;
    }
    KeSetTimeIncrement(HALP_CLOCK_INCREMENT, HALP_CLOCK_INCREMENT);
    HalpInitializeProcessorNumbers();
    HalpStartProcessorClock();
    DbgPrint("HAL: clock every 10 ms (%u APIC timer ticks)\n",
             HalpClockCalibration.ApicTicksPer10Ms);
    return TRUE;
}
