/* SPDX-License-Identifier: MIT */
/*
 * HalQueryRealTimeClock and HalSetRealTimeClock on the MC146818-compatible CMOS RTC. A read
 * waits for update-in-progress to clear and is repeated until two consecutive snapshots
 * agree, so it never mixes fields from both sides of the once-a-second update. A write halts
 * updates with SET in status register B and holds the divider in reset, so the new second
 * starts counting when it is released. Register formats (BCD or binary, 12 or 24 hours) are
 * handled by hal/rtc/rtcconv.c. The century comes from the CMOS byte the FADT names, else
 * 20xx. The RTC keeps whatever time base the firmware uses (UTC under QEMU and most Linux
 * installs, local time under Windows); nothing here converts it.
 */
#include "halp.h"

#define CMOS_SECONDS 0x00
#define CMOS_MINUTES 0x02
#define CMOS_HOURS 0x04
#define CMOS_WEEKDAY 0x06
#define CMOS_DAY 0x07
#define CMOS_MONTH 0x08
#define CMOS_YEAR 0x09
#define CMOS_STATUS_A 0x0A
#define CMOS_STATUS_B 0x0B
#define CMOS_FIRST_FREE 0x0E /* below this are the RTC's own registers */

#define RTC_A_UIP 0x80
#define RTC_A_DIVIDER_RESET 0x70 /* DV2-DV0 = 111 */
#define RTC_A_DIVIDER_MASK 0x70

#define RTC_IDLE_POLLS 1000 /* of 10 us: UIP stays set for at most 2 ms */
#define RTC_READ_ATTEMPTS 8

/* The CMOS index of the century, or 0; FALSE when the FADT says there is no CMOS RTC. */
static BOOLEAN
HalpRtcPresent(PUCHAR Century)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;

    *Century = 0;
    if (!HalpAcpi.HaveFadt)
        return TRUE;
    if (Fadt->BootArch & ACPI_BOOT_ARCH_NO_CMOS_RTC)
        return FALSE;
    if (Fadt->Century >= CMOS_FIRST_FREE)
        *Century = Fadt->Century;
    return TRUE;
}

/* Must hold the CMOS lock. FALSE when UIP never clears (no RTC: the port floats to 0xFF). */
static BOOLEAN
HalpWaitRtcIdle(VOID)
{
    ULONG Polls;

    for (Polls = 0; Polls < RTC_IDLE_POLLS; Polls++)
    {
        if (!(HalpReadCmos(CMOS_STATUS_A) & RTC_A_UIP))
            return TRUE;
        KeStallExecutionProcessor(10);
    }
    return FALSE;
}

static VOID
HalpSnapshotRtc(UCHAR Century, RTC_REGISTERS *Raw, PUCHAR StatusB)
{
    Raw->Second = HalpReadCmos(CMOS_SECONDS);
    Raw->Minute = HalpReadCmos(CMOS_MINUTES);
    Raw->Hour = HalpReadCmos(CMOS_HOURS);
    Raw->Weekday = HalpReadCmos(CMOS_WEEKDAY);
    Raw->Day = HalpReadCmos(CMOS_DAY);
    Raw->Month = HalpReadCmos(CMOS_MONTH);
    Raw->Year = HalpReadCmos(CMOS_YEAR);
    Raw->Century = Century != 0 ? HalpReadCmos(Century) : 0;
    *StatusB = HalpReadCmos(CMOS_STATUS_B);
}

static BOOLEAN
HalpSameSnapshot(const RTC_REGISTERS *A, const RTC_REGISTERS *B)
{
    return A->Second == B->Second && A->Minute == B->Minute && A->Hour == B->Hour &&
           A->Weekday == B->Weekday && A->Day == B->Day && A->Month == B->Month &&
           A->Year == B->Year && A->Century == B->Century;
}

/* Must hold the CMOS lock. */
static BOOLEAN
HalpReadRtc(UCHAR Century, RTC_REGISTERS *Raw, PUCHAR StatusB)
{
    RTC_REGISTERS Again;
    UCHAR StatusAgain;
    ULONG Attempt;

    for (Attempt = 0; Attempt < RTC_READ_ATTEMPTS; Attempt++)
    {
        if (!HalpWaitRtcIdle())
            return FALSE;
        HalpSnapshotRtc(Century, Raw, StatusB);
        if (!HalpWaitRtcIdle())
            return FALSE;
        HalpSnapshotRtc(Century, &Again, &StatusAgain);
        if (HalpSameSnapshot(Raw, &Again) && *StatusB == StatusAgain)
            return TRUE;
    }
    return FALSE;
}

BOOLEAN NTAPI
HalQueryRealTimeClock(PTIME_FIELDS TimeFields)
{
    RTC_REGISTERS Raw;
    RTC_TIME Time;
    UCHAR Century, StatusB;
    ULONG64 Flags;
    BOOLEAN Read;

    RtlZeroMemory(TimeFields, sizeof(*TimeFields));
    if (!HalpRtcPresent(&Century))
        return FALSE;
    Flags = HalpAcquireCmosLock();
    Read = HalpReadRtc(Century, &Raw, &StatusB);
    HalpReleaseCmosLock(Flags);
    if (!Read || !RtcDecode(&Raw, StatusB, Century != 0, &Time))
        return FALSE;
    TimeFields->Year = (CSHORT)Time.Year;
    TimeFields->Month = Time.Month;
    TimeFields->Day = Time.Day;
    TimeFields->Hour = Time.Hour;
    TimeFields->Minute = Time.Minute;
    TimeFields->Second = Time.Second;
    TimeFields->Milliseconds = 0;
    TimeFields->Weekday = Time.Weekday;
    return TRUE;
}

static VOID
HalpWriteRtc(UCHAR Century, const RTC_REGISTERS *Raw)
{
    HalpWriteCmos(CMOS_SECONDS, Raw->Second);
    HalpWriteCmos(CMOS_MINUTES, Raw->Minute);
    HalpWriteCmos(CMOS_HOURS, Raw->Hour);
    HalpWriteCmos(CMOS_WEEKDAY, Raw->Weekday);
    HalpWriteCmos(CMOS_DAY, Raw->Day);
    HalpWriteCmos(CMOS_MONTH, Raw->Month);
    HalpWriteCmos(CMOS_YEAR, Raw->Year);
    if (Century != 0)
        HalpWriteCmos(Century, Raw->Century);
}

BOOLEAN NTAPI
HalSetRealTimeClock(PTIME_FIELDS TimeFields)
{
    RTC_REGISTERS Raw;
    RTC_TIME Time;
    UCHAR Century, StatusA, StatusB;
    ULONG64 Flags;

    if (!HalpRtcPresent(&Century) || TimeFields->Year < 0 || TimeFields->Month < 0 ||
        TimeFields->Month > 12 || TimeFields->Day < 0 || TimeFields->Day > 31 ||
        TimeFields->Hour < 0 || TimeFields->Hour > 23 || TimeFields->Minute < 0 ||
        TimeFields->Minute > 59 || TimeFields->Second < 0 || TimeFields->Second > 59)
        return FALSE;
    Time.Year = (USHORT)TimeFields->Year;
    Time.Month = (UCHAR)TimeFields->Month;
    Time.Day = (UCHAR)TimeFields->Day;
    Time.Hour = (UCHAR)TimeFields->Hour;
    Time.Minute = (UCHAR)TimeFields->Minute;
    Time.Second = (UCHAR)TimeFields->Second;
    Time.Weekday = 0;
    Flags = HalpAcquireCmosLock();
    StatusB = HalpReadCmos(CMOS_STATUS_B) & ~RTC_B_SET;
    if (!RtcEncode(&Time, StatusB, Century != 0, &Raw))
    {
        HalpReleaseCmosLock(Flags);
        return FALSE;
    }
    StatusA = HalpReadCmos(CMOS_STATUS_A) & ~RTC_A_UIP;
    HalpWriteCmos(CMOS_STATUS_B, StatusB | RTC_B_SET);
    HalpWriteCmos(CMOS_STATUS_A, (StatusA & ~RTC_A_DIVIDER_MASK) | RTC_A_DIVIDER_RESET);
    HalpWriteRtc(Century, &Raw);
    HalpWriteCmos(CMOS_STATUS_B, StatusB);
    HalpWriteCmos(CMOS_STATUS_A, StatusA);
    HalpReleaseCmosLock(Flags);
    return TRUE;
}

/* Phase 0 log line. */
VOID
HalpPrintRealTimeClock(VOID)
{
    TIME_FIELDS Time;
    UCHAR Century;

    if (!HalpRtcPresent(&Century))
    {
        DbgPrint("HAL: RTC: the FADT says there is no CMOS RTC\n");
        return;
    }
    if (!HalQueryRealTimeClock(&Time))
    {
        DbgPrint("HAL: RTC: no valid time in the CMOS RTC\n");
        return;
    }
    DbgPrint("HAL: RTC: %04d-%02d-%02d %02d:%02d:%02d (weekday %d), century %s\n", Time.Year,
             Time.Month, Time.Day, Time.Hour, Time.Minute, Time.Second, Time.Weekday,
             Century != 0 ? "from CMOS" : "assumed 20xx");
}
