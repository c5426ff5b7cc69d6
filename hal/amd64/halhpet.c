/* SPDX-License-Identifier: MIT */
/*
 * The HPET's main counter as a calibration reference (IA-PC HPET specification 1.0a). The
 * block the ACPI HPET table names is mapped uncached and its counter enabled; the comparators
 * and the legacy replacement routing are left as the firmware set them. A block whose period
 * is 0 or above the specification's 100 ns limit, or whose counter does not move over a PIT
 * stall, is not used, and the clock is calibrated against the PIT instead.
 */
#include "halp.h"

#define HPET_REGISTERS_SIZE 0x400
#define HPET_CAPABILITIES 0x000
#define HPET_CONFIGURATION 0x010
#define HPET_MAIN_COUNTER 0x0F0
#define HPET_CAP_COUNTER_64 (1ull << 13)
#define HPET_CONF_ENABLE 0x1
#define HPET_MAX_PERIOD_FS 0x05F5E100ull /* 100 ns */
#define HPET_PROBE_US 100

BOOLEAN HalpHpetUsable;
ULONG64 HalpHpetPeriodFs;
static volatile UCHAR *HalpHpet;
static BOOLEAN HalpHpetCounter64;

static ULONG64
HalpHpetRead64(ULONG Register)
{
    return *(volatile ULONG64 *)(HalpHpet + Register);
}

/* A 32-bit counter (COUNT_SIZE_CAP clear) is read 32 bits wide; HalpHpetElapsed wraps. */
ULONG64
HalpHpetCounter(VOID)
{
    if (HalpHpetCounter64)
        return HalpHpetRead64(HPET_MAIN_COUNTER);
    return *(volatile ULONG *)(HalpHpet + HPET_MAIN_COUNTER);
}

ULONG64
HalpHpetElapsed(ULONG64 Start)
{
    ULONG64 Ticks = HalpHpetCounter() - Start;

    return HalpHpetCounter64 ? Ticks : (ULONG)Ticks;
}

/* Spins until Microseconds have passed since the counter read Start. */
VOID
HalpHpetWait(ULONG64 Start, ULONG Microseconds)
{
    ULONG64 Ticks = (ULONG64)Microseconds * 1000000000 / HalpHpetPeriodFs;

    while (HalpHpetElapsed(Start) < Ticks)
        YieldProcessor();
}

static PCSTR
HalpHpetProblem(ULONG64 Capabilities)
{
    ULONG64 Start;

    HalpHpetPeriodFs = Capabilities >> 32;
    HalpHpetCounter64 = (Capabilities & HPET_CAP_COUNTER_64) != 0;
    if (HalpHpetPeriodFs == 0 || HalpHpetPeriodFs > HPET_MAX_PERIOD_FS)
        return "period out of range";
    *(volatile ULONG64 *)(HalpHpet + HPET_CONFIGURATION) =
        HalpHpetRead64(HPET_CONFIGURATION) | HPET_CONF_ENABLE;
    Start = HalpHpetCounter();
    KeStallExecutionProcessor(HPET_PROBE_US);
    if (HalpHpetElapsed(Start) == 0)
        return "counter does not advance";
    return NULL;
}

/* Phase 1, before the clock is calibrated. */
VOID
HalpInitializeHpet(VOID)
{
    PHYSICAL_ADDRESS Physical;
    ULONG64 Capabilities;
    PCSTR Problem;

    if (!HalpAcpi.HaveHpet)
    {
        DbgPrint("HAL: no HPET; the PIT is the calibration reference\n");
        return;
    }
    Physical.QuadPart = (LONGLONG)HalpAcpi.Hpet.Address;
    HalpHpet = MmMapIoSpace(Physical, HPET_REGISTERS_SIZE, MmNonCached);
    if (HalpHpet == NULL)
    {
        DbgPrint("HAL: HPET at 0x%I64X cannot be mapped; the PIT is the calibration "
                 "reference\n",
                 HalpAcpi.Hpet.Address);
        return;
    }
    Capabilities = HalpHpetRead64(HPET_CAPABILITIES);
    Problem = HalpHpetProblem(Capabilities);
    if (Problem != NULL)
    {
        DbgPrint("HAL: HPET at 0x%I64X (capabilities 0x%I64X): %s; the PIT is the "
                 "calibration reference\n",
                 HalpAcpi.Hpet.Address, Capabilities, Problem);
        MmUnmapIoSpace((PVOID)HalpHpet, HPET_REGISTERS_SIZE);
        HalpHpet = NULL;
        return;
    }
    HalpHpetUsable = TRUE;
    DbgPrint("HAL: HPET at 0x%I64X: %I64u fs period (%I64u Hz), %u-bit counter, %u "
             "comparators, running\n",
             HalpAcpi.Hpet.Address, HalpHpetPeriodFs, 1000000000000000ull / HalpHpetPeriodFs,
             HalpHpetCounter64 ? 64 : 32, (ULONG)((Capabilities >> 8) & 0x1F) + 1);
}
