/* SPDX-License-Identifier: MIT */
/*
 * System time. Drivers read it through the DDK's KeQuerySystemTime macro straight from
 * KUSER_SHARED_DATA, so the kernel keeps it there. At boot it comes from the HAL's CMOS
 * clock; it advances once the clock interrupt arrives (until then it stays the boot time).
 */
#include "ntos.h"

LARGE_INTEGER KeBootTime;

/* KSYSTEM_TIME is read without a lock: High1Time, LowPart, High2Time is the order readers
 * check, so writers store High2Time first and High1Time last. */
static VOID
KiWriteSystemTime(volatile KSYSTEM_TIME *Target, LARGE_INTEGER Value)
{
    Target->High2Time = Value.HighPart;
    _ReadWriteBarrier();
    Target->LowPart = Value.LowPart;
    _ReadWriteBarrier();
    Target->High1Time = Value.HighPart;
}

VOID
KiInitializeSystemTime(VOID)
{
    TIME_FIELDS Fields;
    LARGE_INTEGER Time;

    if (!HalQueryRealTimeClock(&Fields) || !RtlTimeFieldsToTime(&Fields, &Time))
    {
        DbgPrint("Ke: no valid time in the real-time clock; system time starts at 1601-01-01\n");
        return;
    }
    KeBootTime = Time;
    KiWriteSystemTime(&SharedUserData->SystemTime, Time);
    DbgPrint("Ke: system time %04u-%02u-%02u %02u:%02u:%02u UTC from the real-time clock\n",
             Fields.Year, Fields.Month, Fields.Day, Fields.Hour, Fields.Minute, Fields.Second);
}
