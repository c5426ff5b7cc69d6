/* SPDX-License-Identifier: MIT */
/*
 * NT time (100 ns intervals since 1601-01-01 UTC) <-> calendar fields, shared by the kernel
 * and host tests. RTL_CALENDAR has TIME_FIELDS' layout (eight CSHORTs) so the kernel's
 * RtlTimeFieldsToTime/RtlTimeToTimeFields exports pass the DDK structure straight through.
 */
#ifndef BASALT_RTLTIME_H
#define BASALT_RTLTIME_H

#include <stdbool.h>
#include <stdint.h>

typedef struct _RTL_CALENDAR
{
    int16_t Year;  /* 1601 ... 30827 */
    int16_t Month; /* 1 ... 12 */
    int16_t Day;   /* 1 ... 31 */
    int16_t Hour;
    int16_t Minute;
    int16_t Second;
    int16_t Milliseconds;
    int16_t Weekday; /* 0 = Sunday */
} RTL_CALENDAR;

#define RTL_TICKS_PER_SECOND 10000000ll

/* False, leaving *Time untouched, when a field is out of range (Weekday is ignored). */
bool RtlCalendarToTime(const RTL_CALENDAR *Calendar, int64_t *Time);
/* Time must be >= 0. */
void RtlTimeToCalendar(int64_t Time, RTL_CALENDAR *Calendar);

/* The epochs of RtlTimeToSecondsSince1970/1980, as NT times. */
#define RTL_TIME_1970 116444736000000000ll
#define RTL_TIME_1980 119600064000000000ll

/* Whole seconds from Epoch to Time (truncated); false, leaving *Seconds untouched, when
 * Time is before Epoch or the count does not fit 32 bits. */
bool RtlTimeToEpochSeconds(int64_t Time, int64_t Epoch, uint32_t *Seconds);
int64_t RtlEpochSecondsToTime(uint32_t Seconds, int64_t Epoch);

#endif
