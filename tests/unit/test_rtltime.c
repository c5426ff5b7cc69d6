/* SPDX-License-Identifier: MIT */
/* Host tests of NT time <-> calendar conversion (lib/rtl/rtltime.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rtltime.h"

static int64_t
ToTime(int Year, int Month, int Day, int Hour, int Minute, int Second, int Ms)
{
    RTL_CALENDAR C = {(int16_t)Year,   (int16_t)Month,  (int16_t)Day, (int16_t)Hour,
                      (int16_t)Minute, (int16_t)Second, (int16_t)Ms,  0};
    int64_t Time = -1;

    assert_true(RtlCalendarToTime(&C, &Time));
    return Time;
}

static void
test_known_instants(void **State)
{
    (void)State;
    assert_int_equal(ToTime(1601, 1, 1, 0, 0, 0, 0), 0);
    /* The Unix epoch, as every Windows FILETIME converter knows it. */
    assert_int_equal(ToTime(1970, 1, 1, 0, 0, 0, 0), 116444736000000000ll);
    assert_int_equal(ToTime(2024, 1, 1, 0, 0, 0, 0), 133485408000000000ll);
    assert_int_equal(ToTime(1601, 1, 1, 0, 0, 1, 500), 15000000);
}

static void
test_round_trip_every_day(void **State)
{
    int64_t Day, Time;
    RTL_CALENDAR C;

    (void)State;
    /* 1601-01-01 .. about 2300, one instant per day at a varying time of day. */
    for (Day = 0; Day < 255000; Day++)
    {
        Time = Day * 864000000000ll + (Day % 86400) * 10000000ll + (Day % 1000) * 10000;
        RtlTimeToCalendar(Time, &C);
        assert_int_equal(C.Weekday, (Day + 1) % 7);
        {
            int64_t Back = -1;
            assert_true(RtlCalendarToTime(&C, &Back));
            assert_int_equal(Back, Time);
        }
    }
}

static void
test_weekdays_and_leap_years(void **State)
{
    RTL_CALENDAR C;

    (void)State;
    RtlTimeToCalendar(ToTime(1970, 1, 1, 0, 0, 0, 0), &C);
    assert_int_equal(C.Weekday, 4); /* Thursday */
    RtlTimeToCalendar(ToTime(2000, 2, 29, 23, 59, 59, 999), &C);
    assert_int_equal(C.Year, 2000);
    assert_int_equal(C.Month, 2);
    assert_int_equal(C.Day, 29);
    assert_int_equal(C.Hour, 23);
    assert_int_equal(C.Milliseconds, 999);
    assert_int_equal(ToTime(2000, 3, 1, 0, 0, 0, 0) - ToTime(2000, 2, 28, 0, 0, 0, 0),
                     2 * 864000000000ll);
    assert_int_equal(ToTime(1900, 3, 1, 0, 0, 0, 0) - ToTime(1900, 2, 28, 0, 0, 0, 0),
                     864000000000ll);
}

static void
test_invalid_fields_rejected(void **State)
{
    static const RTL_CALENDAR Bad[] = {
        {1600, 12, 31, 0, 0, 0, 0, 0}, {2023, 2, 29, 0, 0, 0, 0, 0},   {1900, 2, 29, 0, 0, 0, 0, 0},
        {2024, 13, 1, 0, 0, 0, 0, 0},  {2024, 0, 1, 0, 0, 0, 0, 0},    {2024, 4, 31, 0, 0, 0, 0, 0},
        {2024, 1, 0, 0, 0, 0, 0, 0},   {2024, 1, 1, 24, 0, 0, 0, 0},   {2024, 1, 1, 0, 60, 0, 0, 0},
        {2024, 1, 1, 0, 0, 60, 0, 0},  {2024, 1, 1, 0, 0, 0, 1000, 0}, {2024, 1, 1, -1, 0, 0, 0, 0},
    };
    size_t I;
    int64_t Time = 42;

    (void)State;
    for (I = 0; I < sizeof(Bad) / sizeof(Bad[0]); I++)
    {
        assert_false(RtlCalendarToTime(&Bad[I], &Time));
        assert_int_equal(Time, 42);
    }
}

static void
test_epoch_seconds(void **State)
{
    uint32_t Seconds = 12345;

    (void)State;
    assert_true(RtlTimeToEpochSeconds(RTL_TIME_1970, RTL_TIME_1970, &Seconds));
    assert_int_equal(Seconds, 0);
    /* Truncated, not rounded. */
    assert_true(RtlTimeToEpochSeconds(RTL_TIME_1970 + 19999999, RTL_TIME_1970, &Seconds));
    assert_int_equal(Seconds, 1);
    assert_true(RtlTimeToEpochSeconds(ToTime(2024, 1, 1, 0, 0, 0, 0), RTL_TIME_1970, &Seconds));
    assert_int_equal(Seconds, 1704067200u);
    assert_int_equal(RTL_TIME_1980, ToTime(1980, 1, 1, 0, 0, 0, 0));
    assert_true(RtlTimeToEpochSeconds(ToTime(2024, 1, 1, 0, 0, 0, 0), RTL_TIME_1980, &Seconds));
    assert_int_equal(Seconds, 1704067200u - 315532800u);
    /* Before the epoch and past 32 bits: refused, output untouched. */
    Seconds = 7;
    assert_false(RtlTimeToEpochSeconds(RTL_TIME_1970 - 1, RTL_TIME_1970, &Seconds));
    assert_false(RtlTimeToEpochSeconds(0, RTL_TIME_1980, &Seconds));
    assert_true(RtlTimeToEpochSeconds(RtlEpochSecondsToTime(UINT32_MAX, RTL_TIME_1970) + 9999999,
                                      RTL_TIME_1970, &Seconds));
    assert_int_equal(Seconds, UINT32_MAX);
    Seconds = 7;
    assert_false(RtlTimeToEpochSeconds(ToTime(2106, 2, 7, 6, 28, 16, 0), RTL_TIME_1970, &Seconds));
    assert_int_equal(Seconds, 7);
    assert_int_equal(RtlEpochSecondsToTime(1704067200u, RTL_TIME_1970),
                     ToTime(2024, 1, 1, 0, 0, 0, 0));
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_known_instants),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_weekdays_and_leap_years),
        cmocka_unit_test(test_invalid_fields_rejected),
        cmocka_unit_test(test_epoch_seconds),
    };
    return cmocka_run_group_tests(Tests, NULL, NULL);
}
