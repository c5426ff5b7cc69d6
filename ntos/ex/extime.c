/* SPDX-License-Identifier: MIT */
/*
 * Local time. As on NT the time-zone bias (UTC minus local time, in 100 ns units) lives in
 * KUSER_SHARED_DATA.TimeZoneBias, written high-low-high so readers never see a torn value.
 * It is 0 (UTC) unless the /TIMEZONEBIAS=minutes boot option sets it; the configuration
 * manager will set it from the registry's time-zone information through ExpSetTimeZoneBias.
 */
#include "exp.h"

#define EXP_TICKS_PER_MINUTE (60ll * 10000000)

LONG64
ExpQueryTimeZoneBias(VOID)
{
    volatile KSYSTEM_TIME *Bias = &SharedUserData->TimeZoneBias;
    LONG High;
    ULONG Low;

    do
    {
        High = Bias->High1Time;
        Low = Bias->LowPart;
    } while (High != Bias->High2Time);
    return ((LONG64)High << 32) | Low;
}

/* Single writer: boot, later the configuration manager. */
VOID
ExpSetTimeZoneBias(LONG64 Bias)
{
    volatile KSYSTEM_TIME *Shared = &SharedUserData->TimeZoneBias;

    Shared->High2Time = (LONG)(Bias >> 32);
    _ReadWriteBarrier(); /* x64 keeps stores in order; the compiler must too */
    Shared->LowPart = (ULONG)Bias;
    _ReadWriteBarrier();
    Shared->High1Time = (LONG)(Bias >> 32);
}

/* /TIMEZONEBIAS=minutes, Windows' sign: 60 for UTC-1, -120 for UTC+2. */
VOID
ExpInitializeTimeZone(VOID)
{
    CHAR Value[16];
    ULONG Minutes;

    if (!ExpBootOption("TIMEZONEBIAS", Value, sizeof(Value)) ||
        !NT_SUCCESS(RtlCharToInteger(Value, 10, &Minutes)) || (LONG)Minutes < -24 * 60 ||
        (LONG)Minutes > 24 * 60)
    {
        ExpSetTimeZoneBias(0);
        return;
    }
    ExpSetTimeZoneBias((LONG)Minutes * EXP_TICKS_PER_MINUTE);
    DbgPrint("Ex: time-zone bias %d minutes\n", (LONG)Minutes);
}

VOID NTAPI
ExSystemTimeToLocalTime(PLARGE_INTEGER SystemTime, PLARGE_INTEGER LocalTime)
{
    LocalTime->QuadPart = SystemTime->QuadPart - ExpQueryTimeZoneBias();
}

VOID NTAPI
ExLocalTimeToSystemTime(PLARGE_INTEGER LocalTime, PLARGE_INTEGER SystemTime)
{
    SystemTime->QuadPart = LocalTime->QuadPart + ExpQueryTimeZoneBias();
}
