/* SPDX-License-Identifier: MIT */
/*
 * MC146818-compatible CMOS RTC: the conversion between the raw time registers and calendar
 * fields, freestanding so the host unit tests share it with hal.dll. Port access and locking
 * stay in hal/amd64/halcmos.c and halrtc.c.
 */
#ifndef BASALT_RTC_H
#define BASALT_RTC_H

#include <stdbool.h>
#include <stdint.h>

/* Status register B. */
#define RTC_B_SET 0x80    /* updates halted while the time is written */
#define RTC_B_BINARY 0x04 /* data mode: binary, else BCD */
#define RTC_B_24HOUR 0x02 /* else 12-hour, with RTC_HOUR_PM in the hour register */
#define RTC_HOUR_PM 0x80

/* The time registers as read from CMOS (Century only where the FADT names one). */
typedef struct _RTC_REGISTERS
{
    uint8_t Second;
    uint8_t Minute;
    uint8_t Hour;
    uint8_t Weekday; /* 1 = Sunday */
    uint8_t Day;
    uint8_t Month;
    uint8_t Year; /* within the century */
    uint8_t Century;
} RTC_REGISTERS;

typedef struct _RTC_TIME
{
    uint16_t Year;
    uint8_t Month;   /* 1-12 */
    uint8_t Day;     /* 1-31 */
    uint8_t Hour;    /* 0-23 */
    uint8_t Minute;  /* 0-59 */
    uint8_t Second;  /* 0-59 */
    uint8_t Weekday; /* 0 = Sunday, as TIME_FIELDS */
} RTC_TIME;

/* The century assumed when the RTC has no century register or it holds no plausible value. */
#define RTC_DEFAULT_CENTURY 20

uint8_t RtcDaysInMonth(uint16_t Year, uint8_t Month);
uint8_t RtcWeekday(uint16_t Year, uint8_t Month, uint8_t Day);
bool RtcIsValidTime(const RTC_TIME *Time, bool HasCentury);
bool RtcDecode(const RTC_REGISTERS *Raw, uint8_t StatusB, bool HasCentury, RTC_TIME *Time);
bool RtcEncode(const RTC_TIME *Time, uint8_t StatusB, bool HasCentury, RTC_REGISTERS *Raw);

#endif
