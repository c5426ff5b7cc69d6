/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.rtcconv: CMOS RTC register conversion (hal/rtc/rtcconv.c): BCD and binary, 12- and
 * 24-hour modes, the century register and its fallback, date validation, weekdays, and
 * encode/decode round trips in every register format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rtc.h"

#define BCD_24 (RTC_B_24HOUR)
#define BCD_12 0
#define BIN_24 (RTC_B_BINARY | RTC_B_24HOUR)
#define BIN_12 (RTC_B_BINARY)

static RTC_REGISTERS
Registers(uint8_t Century, uint8_t Year, uint8_t Month, uint8_t Day, uint8_t Hour, uint8_t Minute,
          uint8_t Second)
{
    RTC_REGISTERS Raw = {.Second = Second,
                         .Minute = Minute,
                         .Hour = Hour,
                         .Weekday = 0x55, /* never trusted */
                         .Day = Day,
                         .Month = Month,
                         .Year = Year,
                         .Century = Century};
    return Raw;
}

static void
AssertTime(const RTC_TIME *Time, uint16_t Year, uint8_t Month, uint8_t Day, uint8_t Hour,
           uint8_t Minute, uint8_t Second, uint8_t Weekday)
{
    assert_int_equal(Time->Year, Year);
    assert_int_equal(Time->Month, Month);
    assert_int_equal(Time->Day, Day);
    assert_int_equal(Time->Hour, Hour);
    assert_int_equal(Time->Minute, Minute);
    assert_int_equal(Time->Second, Second);
    assert_int_equal(Time->Weekday, Weekday);
}

static void
test_decode_bcd_24_hour(void **State)
{
    RTC_REGISTERS Raw = Registers(0x20, 0x26, 0x11, 0x26, 0x23, 0x59, 0x58);
    RTC_TIME Time;

    (void)State;
    assert_true(RtcDecode(&Raw, BCD_24, true, &Time));
    AssertTime(&Time, 2026, 11, 26, 23, 59, 58, 4); /* a Thursday */
}

static void
test_decode_binary_24_hour(void **State)
{
    RTC_REGISTERS Raw = Registers(19, 99, 12, 31, 0, 0, 7);
    RTC_TIME Time;

    (void)State;
    assert_true(RtcDecode(&Raw, BIN_24, true, &Time));
    AssertTime(&Time, 1999, 12, 31, 0, 0, 7, 5);
}

static void
test_decode_12_hour(void **State)
{
    static const struct
    {
        uint8_t Register;
        uint8_t StatusB;
        uint8_t Hour;
    } Cases[] = {
        {0x12, BCD_12, 0},  {0x01, BCD_12, 1},       {0x11, BCD_12, 11},
        {0x92, BCD_12, 12}, {0x81, BCD_12, 13},      {0x91, BCD_12, 23},
        {12, BIN_12, 0},    {12 | 0x80, BIN_12, 12}, {11 | 0x80, BIN_12, 23},
    };
    RTC_TIME Time;

    (void)State;
    for (size_t i = 0; i < sizeof(Cases) / sizeof(Cases[0]); i++)
    {
        RTC_REGISTERS Raw = Registers(0, 0x24, 2, 0x29, Cases[i].Register, 0, 0);
        if (Cases[i].StatusB & RTC_B_BINARY)
        {
            Raw.Year = 24;
            Raw.Day = 29;
        }
        assert_true(RtcDecode(&Raw, Cases[i].StatusB, false, &Time));
        assert_int_equal(Time.Hour, Cases[i].Hour);
        assert_int_equal(Time.Year, 2024);
    }
}

static void
test_decode_rejects_invalid(void **State)
{
    RTC_REGISTERS Raw;
    RTC_TIME Time;

    (void)State;
    Raw = Registers(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF); /* floating bus: no RTC */
    assert_false(RtcDecode(&Raw, 0xFF, true, &Time));
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x1A, 0x01, 0, 0, 0); /* BCD digit above 9 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x13, 0x01, 0, 0, 0); /* month 13 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x00, 0x01, 0, 0, 0); /* month 0 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x25, 0x02, 0x29, 0, 0, 0); /* 2025 is no leap year */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x31, 0, 0, 0); /* April has 30 days */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x00, 0, 0, 0); /* day 0 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x01, 0x24, 0, 0); /* hour 24 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x01, 0x00, 0, 0); /* hour 0 in 12-hour mode */
    assert_false(RtcDecode(&Raw, BCD_12, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x01, 0x13, 0, 0); /* 13 o'clock in 12-hour mode */
    assert_false(RtcDecode(&Raw, BCD_12, true, &Time));
    Raw = Registers(0x20, 0x26, 0x04, 0x01, 0x10, 0x60, 0); /* minute 60 */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw = Registers(20, 100, 4, 1, 10, 0, 0); /* binary year 100 */
    assert_false(RtcDecode(&Raw, BIN_24, true, &Time));
    assert_int_equal(Time.Year, 0);
}

static void
test_century(void **State)
{
    RTC_REGISTERS Raw = Registers(0x21, 0x00, 0x03, 0x01, 0x12, 0x00, 0x00);
    RTC_TIME Time;

    (void)State;
    assert_true(RtcDecode(&Raw, BCD_24, true, &Time));
    assert_int_equal(Time.Year, 2100);
    assert_true(RtcDecode(&Raw, BCD_24, false, &Time)); /* no century register: 20xx */
    assert_int_equal(Time.Year, 2000);
    Raw.Century = 0x00; /* implausible century: 20xx */
    assert_true(RtcDecode(&Raw, BCD_24, true, &Time));
    assert_int_equal(Time.Year, 2000);
    Raw.Century = 0x9A; /* not BCD */
    assert_true(RtcDecode(&Raw, BCD_24, true, &Time));
    assert_int_equal(Time.Year, 2000);
    Raw = Registers(0x21, 0x00, 0x02, 0x29, 0, 0, 0); /* 2100 is not a leap year */
    assert_false(RtcDecode(&Raw, BCD_24, true, &Time));
    Raw.Century = 0x20; /* 2000 is */
    assert_true(RtcDecode(&Raw, BCD_24, true, &Time));
    assert_int_equal(Time.Weekday, 2); /* a Tuesday */
}

static void
test_weekday_and_month_lengths(void **State)
{
    (void)State;
    assert_int_equal(RtcWeekday(1970, 1, 1), 4);
    assert_int_equal(RtcWeekday(2000, 1, 1), 6);
    assert_int_equal(RtcWeekday(2000, 3, 1), 3);
    assert_int_equal(RtcWeekday(2024, 2, 29), 4);
    assert_int_equal(RtcWeekday(2038, 1, 19), 2);
    assert_int_equal(RtcWeekday(2099, 12, 31), 4);
    assert_int_equal(RtcWeekday(1900, 1, 1), 1);
    assert_int_equal(RtcDaysInMonth(2024, 2), 29);
    assert_int_equal(RtcDaysInMonth(1900, 2), 28);
    assert_int_equal(RtcDaysInMonth(2000, 2), 29);
    assert_int_equal(RtcDaysInMonth(2023, 9), 30);
    assert_int_equal(RtcDaysInMonth(2023, 0), 0);
    assert_int_equal(RtcDaysInMonth(2023, 13), 0);
}

static void
test_encode_formats(void **State)
{
    RTC_TIME Time = {.Year = 2026, .Month = 11, .Day = 26, .Hour = 0, .Minute = 5, .Second = 9};
    RTC_REGISTERS Raw;

    (void)State;
    assert_true(RtcEncode(&Time, BCD_24, true, &Raw));
    assert_int_equal(Raw.Hour, 0x00);
    assert_int_equal(Raw.Minute, 0x05);
    assert_int_equal(Raw.Second, 0x09);
    assert_int_equal(Raw.Day, 0x26);
    assert_int_equal(Raw.Month, 0x11);
    assert_int_equal(Raw.Year, 0x26);
    assert_int_equal(Raw.Century, 0x20);
    assert_int_equal(Raw.Weekday, 5); /* Thursday, 1 = Sunday */
    assert_true(RtcEncode(&Time, BCD_12, true, &Raw));
    assert_int_equal(Raw.Hour, 0x12); /* 12 AM */
    Time.Hour = 12;
    assert_true(RtcEncode(&Time, BCD_12, true, &Raw));
    assert_int_equal(Raw.Hour, 0x92); /* 12 PM */
    Time.Hour = 23;
    assert_true(RtcEncode(&Time, BCD_12, false, &Raw));
    assert_int_equal(Raw.Hour, 0x91);
    assert_int_equal(Raw.Century, 0);
    assert_true(RtcEncode(&Time, BIN_12, true, &Raw));
    assert_int_equal(Raw.Hour, 11 | RTC_HOUR_PM);
    assert_true(RtcEncode(&Time, BIN_24, true, &Raw));
    assert_int_equal(Raw.Hour, 23);
    assert_int_equal(Raw.Year, 26);
    assert_int_equal(Raw.Century, 20);
}

static void
test_encode_rejects_invalid(void **State)
{
    RTC_TIME Time = {.Year = 2026, .Month = 2, .Day = 29, .Hour = 0, .Minute = 0, .Second = 0};
    RTC_REGISTERS Raw;

    (void)State;
    assert_false(RtcEncode(&Time, BCD_24, true, &Raw));
    Time.Day = 28;
    Time.Hour = 24;
    assert_false(RtcEncode(&Time, BCD_24, true, &Raw));
    Time.Hour = 0;
    Time.Second = 60;
    assert_false(RtcEncode(&Time, BCD_24, true, &Raw));
    Time.Second = 0;
    Time.Year = 2100; /* representable only with a century register */
    assert_false(RtcEncode(&Time, BCD_24, false, &Raw));
    assert_true(RtcEncode(&Time, BCD_24, true, &Raw));
    Time.Year = 1899;
    assert_false(RtcEncode(&Time, BCD_24, true, &Raw));
    Time.Year = 1999;
    assert_false(RtcEncode(&Time, BCD_24, false, &Raw));
    Time.Month = 0;
    assert_false(RtcEncode(&Time, BCD_24, true, &Raw));
}

/* Every hour of a year's first days in all four formats, with and without a century. */
static void
test_round_trip(void **State)
{
    static const uint8_t Formats[4] = {BCD_24, BCD_12, BIN_24, BIN_12};
    RTC_TIME Time = {0}, Back;
    RTC_REGISTERS Raw;

    (void)State;
    for (uint16_t Year = 1999; Year <= 2101; Year += 17)
    {
        for (uint8_t Hour = 0; Hour < 24; Hour++)
        {
            Time = (RTC_TIME){.Year = Year,
                              .Month = (uint8_t)(1 + Hour % 12),
                              .Day = (uint8_t)(1 + Hour),
                              .Hour = Hour,
                              .Minute = (uint8_t)(Hour * 2),
                              .Second = (uint8_t)(59 - Hour)};
            for (int Format = 0; Format < 4; Format++)
            {
                bool Century = Year < 2000 || Year > 2099 || Hour % 2 == 0;
                assert_true(RtcEncode(&Time, Formats[Format], Century, &Raw));
                assert_true(RtcDecode(&Raw, Formats[Format], Century, &Back));
                AssertTime(&Back, Time.Year, Time.Month, Time.Day, Time.Hour, Time.Minute,
                           Time.Second, RtcWeekday(Year, Time.Month, Time.Day));
                assert_int_equal(Raw.Weekday, Back.Weekday + 1);
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_decode_bcd_24_hour),
        cmocka_unit_test(test_decode_binary_24_hour),
        cmocka_unit_test(test_decode_12_hour),
        cmocka_unit_test(test_decode_rejects_invalid),
        cmocka_unit_test(test_century),
        cmocka_unit_test(test_weekday_and_month_lengths),
        cmocka_unit_test(test_encode_formats),
        cmocka_unit_test(test_encode_rejects_invalid),
        cmocka_unit_test(test_round_trip),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
