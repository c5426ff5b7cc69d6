/* SPDX-License-Identifier: MIT */
/*
 * KeQueryPerformanceCounter on the TSC, whose rate the clock calibration measures against
 * the HPET or the PIT. Assumes an invariant TSC (constant rate, synchronised across processors), as
 * on every x64 processor Windows 10 supports; without one the counter still increases but its rate
 * may drift.
 */
#include "halp.h"

#define HALP_TSC_CALIBRATION_US 10000

static volatile ULONG64 HalpTscFrequency;

VOID
HalpSetTscFrequency(ULONG64 Frequency)
{
    HalpTscFrequency = Frequency;
}

/* The rate phase 1 measured, or 0 before it has. */
ULONG64
HalpCalibratedTscFrequency(VOID)
{
    return HalpTscFrequency;
}

/* Callers before the clock calibration (phase 1) pay for a calibration of their own. */
static ULONG64
HalpQueryTscFrequency(VOID)
{
    ULONG64 Start;

    if (HalpTscFrequency == 0)
    {
        Start = __rdtsc();
        KeStallExecutionProcessor(HALP_TSC_CALIBRATION_US);
        HalpTscFrequency = (__rdtsc() - Start) * (1000000 / HALP_TSC_CALIBRATION_US);
    }
    return HalpTscFrequency;
}

LARGE_INTEGER NTAPI
KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER Counter;

    if (PerformanceFrequency != NULL)
        PerformanceFrequency->QuadPart = (LONGLONG)HalpQueryTscFrequency();
    Counter.QuadPart = (LONGLONG)__rdtsc();
    return Counter;
}
