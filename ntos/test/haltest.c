/* SPDX-License-Identifier: MIT */
/*
 * HAL self-tests, through hal.dll's exports as the kernel uses them: the real-time clock and
 * the system time taken from it, and the ACPI tables the HAL validated. They check machine
 * invariants, not one machine's values, so /SELFTEST means the same on QEMU and a real PC.
 */
#include "ntos.h"

static BOOLEAN
KtValidFields(const TIME_FIELDS *F)
{
    LARGE_INTEGER Time;

    return F->Year >= 2024 && F->Year <= 2099 && F->Milliseconds == 0 && F->Weekday >= 0 &&
           F->Weekday <= 6 && RtlTimeFieldsToTime((PTIME_FIELDS)F, &Time);
}

static VOID
KtRtcIsPlausible(PKT_CONTEXT Context)
{
    const LOADER_TIME *Boot = &KeLoaderBlock->BootTime;
    TIME_FIELDS Fields, Firmware = {0};
    LARGE_INTEGER Now, Then;

    KT_CHECK(Context, HalQueryRealTimeClock(&Fields), "HalQueryRealTimeClock failed");
    KT_CHECK(Context, KtValidFields(&Fields), "RTC reads %04d-%02d-%02d %02d:%02d:%02d",
             Fields.Year, Fields.Month, Fields.Day, Fields.Hour, Fields.Minute, Fields.Second);
    if (!Boot->Valid)
        return;
    Firmware.Year = (CSHORT)Boot->Year;
    Firmware.Month = Boot->Month;
    Firmware.Day = Boot->Day;
    Firmware.Hour = Boot->Hour;
    Firmware.Minute = Boot->Minute;
    Firmware.Second = Boot->Second;
    KT_CHECK(Context, RtlTimeFieldsToTime(&Firmware, &Then) && RtlTimeFieldsToTime(&Fields, &Now),
             "firmware time does not convert");
    KT_CHECK(
        Context, Now.QuadPart >= Then.QuadPart && Now.QuadPart - Then.QuadPart <= 120 * 10000000ll,
        "RTC and firmware clock disagree by %I64d s", (Now.QuadPart - Then.QuadPart) / 10000000);
}

static VOID
KtRtcRejectsInvalidTime(PKT_CONTEXT Context)
{
    TIME_FIELDS Bad = {2025, 13, 1, 0, 0, 0, 0, 0};

    KT_CHECK(Context, !HalSetRealTimeClock(&Bad), "month 13 accepted");
    Bad.Month = 2;
    Bad.Day = 30;
    KT_CHECK(Context, !HalSetRealTimeClock(&Bad), "February 30 accepted");
}

/* What a driver's KeQuerySystemTime (an inline read of KUSER_SHARED_DATA) sees. */
static VOID
KtSystemTimeFromRtc(PKT_CONTEXT Context)
{
    LARGE_INTEGER Time;
    TIME_FIELDS Fields;

    KeQuerySystemTime(&Time);
    KT_CHECK(Context, Time.QuadPart != 0 && Time.QuadPart >= KeBootTime.QuadPart,
             "KeQuerySystemTime gives %I64d, boot time %I64d", Time.QuadPart, KeBootTime.QuadPart);
    RtlTimeToTimeFields(&Time, &Fields);
    KT_CHECK(Context, Fields.Year >= 2024, "system time is in %d", Fields.Year);
}

static ULONG
KtBootApicId(VOID)
{
    int Registers[4];

    __cpuid(Registers, 1);
    return (ULONG)Registers[1] >> 24;
}

static VOID
KtAcpiInformation(PKT_CONTEXT Context)
{
    HAL_ACPI_INFORMATION Info;
    ULONG I;

    Info.Size = sizeof(Info) - 1;
    KT_CHECK(Context, HalQueryAcpiInformation(&Info) == STATUS_INFO_LENGTH_MISMATCH,
             "wrong Size accepted");
    Info.Size = sizeof(Info);
    KT_CHECK(Context, NT_SUCCESS(HalQueryAcpiInformation(&Info)), "HalQueryAcpiInformation");
    KT_CHECK(Context, Info.ProcessorCount >= 1, "no processor");
    if (KeLoaderBlock->AcpiRsdp == 0)
        return;
    KT_CHECK(Context,
             (Info.Flags & (HAL_ACPI_ROOT | HAL_ACPI_FADT)) == (HAL_ACPI_ROOT | HAL_ACPI_FADT),
             "RSDP given but flags 0x%x", Info.Flags);
    if (!(Info.Flags & HAL_ACPI_MADT))
        return;
    for (I = 0; I < Info.ProcessorCount && I < HAL_ACPI_MAX_APIC_IDS; I++)
    {
        if (Info.ApicIds[I] == KtBootApicId())
            return;
    }
    KT_CHECK(Context, FALSE, "the boot processor's APIC ID %u is not in the MADT", KtBootApicId());
}

static BOOLEAN
KtChecksumIsZero(const UCHAR *Table, ULONG Length)
{
    UCHAR Sum = 0;
    ULONG I;

    for (I = 0; I < Length; I++)
        Sum = (UCHAR)(Sum + Table[I]);
    return Sum == 0;
}

static VOID
KtAcpiTablesValid(PKT_CONTEXT Context)
{
    static const struct
    {
        PCSTR Signature;
        ULONG Flag;
    } Tables[] = {{"FACP", HAL_ACPI_FADT},
                  {"DSDT", HAL_ACPI_DSDT},
                  {"APIC", HAL_ACPI_MADT},
                  {"HPET", HAL_ACPI_HPET},
                  {"MCFG", HAL_ACPI_MCFG}};
    HAL_ACPI_INFORMATION Info;
    const UCHAR *Table;
    ULONG I, Length;

    RtlZeroMemory(&Info, sizeof(Info));
    Info.Size = sizeof(Info);
    KT_CHECK(Context, NT_SUCCESS(HalQueryAcpiInformation(&Info)), "HalQueryAcpiInformation");
    for (I = 0; I < RTL_NUMBER_OF(Tables); I++)
    {
        if (!(Info.Flags & Tables[I].Flag))
            continue;
        Table = HalAcpiGetTable(Tables[I].Signature, 0, &Length);
        KT_CHECK(Context, Table != NULL && RtlCompareMemory(Table, Tables[I].Signature, 4) == 4,
                 "%s not returned", Tables[I].Signature);
        KT_CHECK(Context, *(const ULONG *)(Table + 4) == Length && KtChecksumIsZero(Table, Length),
                 "%s: length %u or checksum wrong", Tables[I].Signature, Length);
    }
    Length = 1;
    KT_CHECK(Context, HalAcpiGetTable("XXXX", 0, &Length) == NULL && Length == 0,
             "an absent table was returned");
}

/* The TSC-based performance counter runs at the rate it reports: over a stall it must
 * agree with the clock interrupt's interrupt time within a factor of two. */
static VOID
KtPerformanceCounterAgreesWithClock(PKT_CONTEXT Context)
{
    LARGE_INTEGER Frequency, Start, End;
    ULONG64 ClockStart, ClockEnd, CounterTicks100ns;

    Start = KeQueryPerformanceCounter(&Frequency);
    KT_CHECK(Context, Frequency.QuadPart > 0, "frequency %I64d", Frequency.QuadPart);
    ClockStart = KeQueryInterruptTime();
    KeStallExecutionProcessor(100000);
    End = KeQueryPerformanceCounter(NULL);
    ClockEnd = KeQueryInterruptTime();
    KT_CHECK(Context, End.QuadPart > Start.QuadPart, "counter did not advance");
    CounterTicks100ns =
        (ULONG64)(End.QuadPart - Start.QuadPart) * 10000000 / (ULONG64)Frequency.QuadPart;
    KT_CHECK(Context,
             CounterTicks100ns * 2 >= ClockEnd - ClockStart &&
                 CounterTicks100ns <= (ClockEnd - ClockStart) * 2,
             "counter measured %I64u00 ns, the clock %I64u00 ns", CounterTicks100ns,
             ClockEnd - ClockStart);
}

static const KT_TEST KtHalTests[] = {
    {"real-time clock reads a plausible date, as the firmware did", KtRtcIsPlausible},
    {"real-time clock refuses invalid times", KtRtcRejectsInvalidTime},
    {"KeQuerySystemTime gives the RTC date", KtSystemTimeFromRtc},
    {"ACPI information is consistent with this processor", KtAcpiInformation},
    {"ACPI tables returned are whole and checksummed", KtAcpiTablesValid},
    {"performance counter agrees with the clock", KtPerformanceCounterAgreesWithClock},
};

const KT_SUITE KtHalSuite = {"Hal", KtHalTests, RTL_NUMBER_OF(KtHalTests)};
