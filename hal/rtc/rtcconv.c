/* SPDX-License-Identifier: MIT */
/*
 * RTC registers <-> calendar fields. Status register B says whether the registers hold BCD
 * or binary and whether hours are 24-hour or 12-hour with bit 7 as PM (12 AM is 12, midnight).
 * Decoding rejects anything that is not a real date and time, so a dead or absent RTC (all
 * 0xFF) reads as invalid rather than as a strange year. The weekday register is not trusted:
 * firmware often leaves it unset, so the weekday is computed from the date.
 */
#include "rtc.h"

uint8_t
RtcDaysInMonth(uint16_t Year, uint8_t Month)
{
    static const uint8_t Days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool Leap = (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;

    if (Month < 1 || Month > 12)
        return 0;
    return (uint8_t)(Days[Month - 1] + (Month == 2 && Leap ? 1 : 0));
}

/* Gregorian day of the week, 0 = Sunday (Sakamoto's method). */
uint8_t
RtcWeekday(uint16_t Year, uint8_t Month, uint8_t Day)
{
    static const uint8_t Offset[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    uint32_t Y = Year - (Month < 3 ? 1u : 0u);

    return (uint8_t)((Y + Y / 4 - Y / 100 + Y / 400 + Offset[(Month - 1) % 12] + Day) % 7);
}

/* Without a century register only 2000-2099 can be represented. */
bool
RtcIsValidTime(const RTC_TIME *Time, bool HasCentury)
{
    uint16_t First = HasCentury ? 1900 : RTC_DEFAULT_CENTURY * 100;
    uint16_t Last = HasCentury ? 9999 : RTC_DEFAULT_CENTURY * 100 + 99;

    return Time->Year >= First && Time->Year <= Last && Time->Month >= 1 && Time->Month <= 12 &&
           Time->Day >= 1 && Time->Day <= RtcDaysInMonth(Time->Year, Time->Month) &&
           Time->Hour <= 23 && Time->Minute <= 59 && Time->Second <= 59;
}

static bool
RtcFromRegister(uint8_t Value, bool Binary, uint8_t *Result)
{
    if (Binary)
    {
        *Result = Value;
        return true;
    }
    if ((Value & 0x0F) > 9 || (Value >> 4) > 9)
        return false;
    *Result = (uint8_t)((Value >> 4) * 10 + (Value & 0x0F));
    return true;
}

static uint8_t
RtcToRegister(uint8_t Value, bool Binary)
{
    return Binary ? Value : (uint8_t)(((Value / 10) << 4) | (Value % 10));
}

/* Fails on a field that is not valid in the register mode, or a date that does not exist. */
bool
RtcDecode(const RTC_REGISTERS *Raw, uint8_t StatusB, bool HasCentury, RTC_TIME *Time)
{
    bool Binary = (StatusB & RTC_B_BINARY) != 0;
    bool Pm = !(StatusB & RTC_B_24HOUR) && (Raw->Hour & RTC_HOUR_PM);
    uint8_t Hour = (StatusB & RTC_B_24HOUR) ? Raw->Hour : (uint8_t)(Raw->Hour & ~RTC_HOUR_PM);
    uint8_t Year, Century = 0;

    *Time = (RTC_TIME){0};
    if (!RtcFromRegister(Raw->Second, Binary, &Time->Second) ||
        !RtcFromRegister(Raw->Minute, Binary, &Time->Minute) ||
        !RtcFromRegister(Hour, Binary, &Time->Hour) ||
        !RtcFromRegister(Raw->Day, Binary, &Time->Day) ||
        !RtcFromRegister(Raw->Month, Binary, &Time->Month) ||
        !RtcFromRegister(Raw->Year, Binary, &Year) || Year > 99)
        return false;
    if (!(StatusB & RTC_B_24HOUR))
    {
        if (Time->Hour < 1 || Time->Hour > 12)
            return false;
        Time->Hour = (uint8_t)(Time->Hour % 12 + (Pm ? 12 : 0));
    }
    if (!HasCentury || !RtcFromRegister(Raw->Century, Binary, &Century) || Century < 19 ||
        Century > 99)
        Century = RTC_DEFAULT_CENTURY;
    Time->Year = (uint16_t)(Century * 100 + Year);
    if (!RtcIsValidTime(Time, true))
        return false;
    Time->Weekday = RtcWeekday(Time->Year, Time->Month, Time->Day);
    return true;
}

/* Encodes *Time in the register format StatusB selects; fails on an invalid time or a year
 * the RTC cannot hold. Time->Weekday is ignored and recomputed. */
bool
RtcEncode(const RTC_TIME *Time, uint8_t StatusB, bool HasCentury, RTC_REGISTERS *Raw)
{
    bool Binary = (StatusB & RTC_B_BINARY) != 0;
    uint8_t Hour = Time->Hour;

    *Raw = (RTC_REGISTERS){0};
    if (!RtcIsValidTime(Time, HasCentury))
        return false;
    if (!(StatusB & RTC_B_24HOUR))
        Hour = (uint8_t)(Hour % 12 == 0 ? 12 : Hour % 12);
    Raw->Second = RtcToRegister(Time->Second, Binary);
    Raw->Minute = RtcToRegister(Time->Minute, Binary);
    Raw->Hour = RtcToRegister(Hour, Binary);
    if (!(StatusB & RTC_B_24HOUR) && Time->Hour >= 12)
        Raw->Hour |= RTC_HOUR_PM;
    Raw->Weekday = (uint8_t)(RtcWeekday(Time->Year, Time->Month, Time->Day) + 1);
    Raw->Day = RtcToRegister(Time->Day, Binary);
    Raw->Month = RtcToRegister(Time->Month, Binary);
    Raw->Year = RtcToRegister((uint8_t)(Time->Year % 100), Binary);
    Raw->Century = HasCentury ? RtcToRegister((uint8_t)(Time->Year / 100), Binary) : 0;
    return true;
}
