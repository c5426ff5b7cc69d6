/* SPDX-License-Identifier: MIT */
/*
 * Calendar arithmetic on the proleptic Gregorian calendar. Days are counted in 400-year eras
 * that start on March 1st, which puts the leap day at the end of each year and makes the
 * month lengths a linear formula (153 days per five months).
 */
#include "rtltime.h"

#define DAYS_PER_ERA 146097
#define TICKS_PER_DAY (86400ll * RTL_TICKS_PER_SECOND)
/* Days from 0000-03-01 to 1601-01-01 in the era-based count below. */
#define DAYS_TO_1601 584694

static bool
IsLeapYear(int Year)
{
    return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}

static int
DaysInMonth(int Year, int Month)
{
    static const int8_t Days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return Month == 2 && IsLeapYear(Year) ? 29 : Days[Month - 1];
}

/* Days since 0000-03-01 (era arithmetic; Year >= 1). */
static int64_t
DaysFromCivil(int Year, int Month, int Day)
{
    int64_t Era, YearOfEra, DayOfYear, DayOfEra;

    Year -= Month <= 2;
    Era = Year / 400;
    YearOfEra = Year - Era * 400;
    DayOfYear = (153 * (Month + (Month > 2 ? -3 : 9)) + 2) / 5 + Day - 1;
    DayOfEra = YearOfEra * 365 + YearOfEra / 4 - YearOfEra / 100 + DayOfYear;
    return Era * DAYS_PER_ERA + DayOfEra;
}

bool
RtlCalendarToTime(const RTL_CALENDAR *C, int64_t *Time)
{
    int64_t Days;

    if (C->Year < 1601 || C->Year > 30827 || C->Month < 1 || C->Month > 12 || C->Day < 1 ||
        C->Day > DaysInMonth(C->Year, C->Month) || C->Hour < 0 || C->Hour > 23 || C->Minute < 0 ||
        C->Minute > 59 || C->Second < 0 || C->Second > 59 || C->Milliseconds < 0 ||
        C->Milliseconds > 999)
        return false;
    Days = DaysFromCivil(C->Year, C->Month, C->Day) - DAYS_TO_1601;
    *Time = Days * TICKS_PER_DAY +
            ((C->Hour * 3600ll + C->Minute * 60 + C->Second) * 1000 + C->Milliseconds) * 10000;
    return true;
}

void
RtlTimeToCalendar(int64_t Time, RTL_CALENDAR *C)
{
    int64_t Days = Time / TICKS_PER_DAY, Ticks = Time % TICKS_PER_DAY;
    int64_t Z = Days + DAYS_TO_1601, Era, DayOfEra, YearOfEra, DayOfYear, MonthIndex;

    Era = Z / DAYS_PER_ERA;
    DayOfEra = Z - Era * DAYS_PER_ERA;
    YearOfEra = (DayOfEra - DayOfEra / 1460 + DayOfEra / 36524 - DayOfEra / 146096) / 365;
    DayOfYear = DayOfEra - (365 * YearOfEra + YearOfEra / 4 - YearOfEra / 100);
    MonthIndex = (5 * DayOfYear + 2) / 153;
    C->Day = (int16_t)(DayOfYear - (153 * MonthIndex + 2) / 5 + 1);
    C->Month = (int16_t)(MonthIndex < 10 ? MonthIndex + 3 : MonthIndex - 9);
    C->Year = (int16_t)(YearOfEra + Era * 400 + (C->Month <= 2));
    C->Weekday = (int16_t)((Days + 1) % 7); /* 1601-01-01 was a Monday */
    C->Hour = (int16_t)(Ticks / (3600 * RTL_TICKS_PER_SECOND));
    C->Minute = (int16_t)(Ticks / (60 * RTL_TICKS_PER_SECOND) % 60);
    C->Second = (int16_t)(Ticks / RTL_TICKS_PER_SECOND % 60);
    C->Milliseconds = (int16_t)(Ticks / 10000 % 1000);
}

bool
RtlTimeToEpochSeconds(int64_t Time, int64_t Epoch, uint32_t *Seconds)
{
    int64_t Elapsed;

    if (Time < Epoch)
        return false;
    Elapsed = (Time - Epoch) / RTL_TICKS_PER_SECOND;
    if (Elapsed > UINT32_MAX)
        return false;
    *Seconds = (uint32_t)Elapsed;
    return true;
}

int64_t
RtlEpochSecondsToTime(uint32_t Seconds, int64_t Epoch)
{
    return Epoch + (int64_t)Seconds * RTL_TICKS_PER_SECOND;
}
