/* SPDX-License-Identifier: MIT */
/* Time conversions over the shared calendar code, and local time through Ex's bias. */
#include "ntos.h"
#include "rtltime.h"

C_ASSERT(sizeof(TIME_FIELDS) == sizeof(RTL_CALENDAR));
C_ASSERT(FIELD_OFFSET(TIME_FIELDS, Weekday) == FIELD_OFFSET(RTL_CALENDAR, Weekday));
C_ASSERT(FIELD_OFFSET(TIME_FIELDS, Milliseconds) == FIELD_OFFSET(RTL_CALENDAR, Milliseconds));

BOOLEAN NTAPI
RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
    int64_t Value;

    if (!RtlCalendarToTime((const RTL_CALENDAR *)TimeFields, &Value))
        return FALSE;
    Time->QuadPart = Value;
    return TRUE;
}

/* Times before 1601 (negative) have no calendar form; they convert as 1601-01-01. */
VOID NTAPI
RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
    RtlTimeToCalendar(Time->QuadPart < 0 ? 0 : Time->QuadPart, (RTL_CALENDAR *)TimeFields);
}

BOOLEAN NTAPI
RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlTimeToEpochSeconds(Time->QuadPart, RTL_TIME_1970, (uint32_t *)ElapsedSeconds);
}

BOOLEAN NTAPI
RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlTimeToEpochSeconds(Time->QuadPart, RTL_TIME_1980, (uint32_t *)ElapsedSeconds);
}

VOID NTAPI
RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = RtlEpochSecondsToTime(ElapsedSeconds, RTL_TIME_1970);
}

VOID NTAPI
RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = RtlEpochSecondsToTime(ElapsedSeconds, RTL_TIME_1980);
}

NTSTATUS NTAPI
RtlSystemTimeToLocalTime(PLARGE_INTEGER SystemTime, PLARGE_INTEGER LocalTime)
{
    ExSystemTimeToLocalTime(SystemTime, LocalTime);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlLocalTimeToSystemTime(PLARGE_INTEGER LocalTime, PLARGE_INTEGER SystemTime)
{
    ExLocalTimeToSystemTime(LocalTime, SystemTime);
    return STATUS_SUCCESS;
}
