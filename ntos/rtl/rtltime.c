/* SPDX-License-Identifier: MIT */
/* RtlTimeFieldsToTime and RtlTimeToTimeFields over the shared calendar code. */
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
