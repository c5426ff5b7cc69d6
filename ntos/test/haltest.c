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

/*
 * The TSC-based performance counter runs no faster than it reports: over a 100 ms stall it
 * must measure at least half the stall and half what the clock interrupt counted. The
 * clock can only lag (a host that deschedules the guest makes QEMU drop ticks), so it bounds
 * the counter from below only; KtHpetIsReference compares it with the HPET both ways.
 */
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
    KT_CHECK(Context, CounterTicks100ns * 2 >= 1000000,
             "counter measured %I64u00 ns over a 100 ms stall", CounterTicks100ns);
    KT_CHECK(Context, CounterTicks100ns * 2 >= ClockEnd - ClockStart,
             "counter measured %I64u00 ns, the clock %I64u00 ns", CounterTicks100ns,
             ClockEnd - ClockStart);
}

/* ---- Interrupt controllers and timers (HalQueryControllerInformation) ---------------------- */

#define KT_IOAPIC_VERSION 0x01
#define KT_IOAPIC_REDIRECTION(Input) (0x10 + 2 * (Input))
#define KT_IOAPIC_MASKED 0x10000
#define KT_IOAPIC_LEVEL 0x8000
#define KT_IOAPIC_ACTIVE_LOW 0x2000
#define KT_IOAPIC_MODE_BITS 0xF00 /* delivery mode and destination mode: fixed, physical */
#define KT_HPET_CAPABILITIES 0x000
#define KT_HPET_CONFIGURATION 0x010
#define KT_HPET_COUNTER 0x0F0

static BOOLEAN
KtQueryControllers(PHAL_CONTROLLER_INFORMATION Info)
{
    RtlZeroMemory(Info, sizeof(*Info));
    Info->Size = sizeof(*Info);
    return NT_SUCCESS(HalQueryControllerInformation(Info));
}

static VOID
KtLocalApicMode(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    ULONG64 Base = __readmsr(0x1B);
    BOOLEAN CpuHasX2Apic, InX2Apic;
    int Registers[4];

    Info.Size = sizeof(Info) + 1;
    KT_CHECK(Context, HalQueryControllerInformation(&Info) == STATUS_INFO_LENGTH_MISMATCH,
             "wrong Size accepted");
    KT_CHECK(Context, KtQueryControllers(&Info), "HalQueryControllerInformation");
    __cpuid(Registers, 1);
    CpuHasX2Apic = ((ULONG)Registers[2] >> 21) & 1;
    InX2Apic = (Info.Flags & HAL_CONTROLLER_X2APIC) != 0;
    KT_CHECK(Context, CpuHasX2Apic == InX2Apic, "CPUID x2APIC %u, HAL reports x2APIC %u",
             CpuHasX2Apic, InX2Apic);
    KT_CHECK(Context, (Base & 0x800) && ((Base >> 10) & 1) == InX2Apic,
             "IA32_APIC_BASE 0x%I64X does not match the reported mode", Base);
    KT_CHECK(Context, (Info.ApicId & 0xFF) == KtBootApicId(), "APIC ID %u, CPUID says %u",
             Info.ApicId, KtBootApicId());
}

static ULONG
KtIoApicRead(volatile ULONG *IoApic, ULONG Register)
{
    IoApic[0] = Register;
    return IoApic[4];
}

static VOID
KtIoApicWrite(volatile ULONG *IoApic, ULONG Register, ULONG Value)
{
    IoApic[0] = Register;
    IoApic[4] = Value;
}

static volatile ULONG *
KtMapIoApic(const HAL_IOAPIC_INFORMATION *IoApic)
{
    PHYSICAL_ADDRESS Physical;

    Physical.QuadPart = (LONGLONG)IoApic->Address;
    return MmMapIoSpace(Physical, 0x20, MmNonCached);
}

/* Read straight from the hardware: the version register agrees, and no input is unmasked. */
static VOID
KtIoApicsMasked(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    HAL_ACPI_INFORMATION Acpi;
    volatile ULONG *Registers;
    ULONG I, Input, Version = 0, Unmasked;
    ULONG64 Flags;

    Acpi.Size = sizeof(Acpi);
    KT_CHECK(Context, KtQueryControllers(&Info) && NT_SUCCESS(HalQueryAcpiInformation(&Acpi)),
             "information queries failed");
    KT_CHECK(Context, Info.IoApicCount == Acpi.IoApicCount, "%u of the MADT's %u I/O APICs used",
             Info.IoApicCount, Acpi.IoApicCount);
    for (I = 0; I < Info.IoApicCount; I++)
    {
        KT_CHECK(Context, Info.IoApics[I].Inputs >= 1 && Info.IoApics[I].Inputs <= 240,
                 "I/O APIC %u: %u inputs", Info.IoApics[I].Id, Info.IoApics[I].Inputs);
        KT_CHECK(Context, (Registers = KtMapIoApic(&Info.IoApics[I])) != NULL, "map failed");
        Unmasked = MAXULONG;
        Flags = __readeflags();
        _disable();
        Version = KtIoApicRead(Registers, KT_IOAPIC_VERSION);
        for (Input = 0; Input < Info.IoApics[I].Inputs && Unmasked == MAXULONG; Input++)
        {
            if (!(KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input)) & KT_IOAPIC_MASKED))
                Unmasked = Input;
        }
        __writeeflags(Flags);
        MmUnmapIoSpace((PVOID)Registers, 0x20);
        KT_CHECK(Context, ((Version >> 16) & 0xFF) + 1 == Info.IoApics[I].Inputs,
                 "version register 0x%X, HAL says %u inputs", Version, Info.IoApics[I].Inputs);
        KT_CHECK(Context, Unmasked == MAXULONG, "I/O APIC %u input %u is unmasked",
                 Info.IoApics[I].Id, Unmasked);
    }
}

/* Polarity and trigger of Gsi, worked out from the raw MADT independently of the HAL: an
 * ISA override targeting it, else ISA edge/high below 16 (unless that IRQ was moved), else
 * level/low. Returns the redirection entry bits. */
static ULONG
KtExpectedGsiBits(ULONG Gsi)
{
    const UCHAR *Madt, *Entry;
    ULONG Length, Offset, Flags = 0;
    BOOLEAN Targeted = FALSE, Moved = FALSE;

    Madt = HalAcpiGetTable("APIC", 0, &Length);
    for (Offset = 44; Madt != NULL && Offset + 2 <= Length && Madt[Offset + 1] >= 2;
         Offset += Madt[Offset + 1])
    {
        Entry = Madt + Offset;
        if (Entry[0] != 2 || Entry[1] < 10 || Entry[2] != 0)
            continue;
        if (*(const ULONG UNALIGNED *)(Entry + 4) == Gsi && !Targeted)
        {
            Targeted = TRUE;
            Flags = *(const USHORT UNALIGNED *)(Entry + 8);
        }
        if (Entry[3] == Gsi)
            Moved = TRUE;
    }
    if (Targeted)
        return ((Flags & 3) == 3 ? KT_IOAPIC_ACTIVE_LOW : 0) |
               ((Flags & 0xC) == 0xC ? KT_IOAPIC_LEVEL : 0);
    if (Gsi < 16 && !Moved)
        return 0;
    return KT_IOAPIC_ACTIVE_LOW | KT_IOAPIC_LEVEL;
}

/* Route, unmask and mask one GSI, reading the entry back from the hardware after each step;
 * the entry is restored afterwards. Interrupts stay off while it is unmasked. */
static VOID
KtRouteOneGsi(PKT_CONTEXT Context, const HAL_CONTROLLER_INFORMATION *Info,
              volatile ULONG *Registers, ULONG Input, ULONG Vector)
{
    ULONG Gsi = Info->IoApics[0].GsiBase + Input, Expected = KtExpectedGsiBits(Gsi);
    ULONG SavedLow, SavedHigh, Routed, High, Unmasked, Remasked;
    NTSTATUS Status[3];
    ULONG64 Flags = __readeflags();

    _disable();
    SavedLow = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input));
    SavedHigh = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input) + 1);
    Status[0] = HalRouteGsi(Gsi, Vector);
    Routed = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input));
    High = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input) + 1);
    Status[1] = HalSetGsiMask(Gsi, FALSE);
    Unmasked = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input));
    Status[2] = HalSetGsiMask(Gsi, TRUE);
    Remasked = KtIoApicRead(Registers, KT_IOAPIC_REDIRECTION(Input));
    KtIoApicWrite(Registers, KT_IOAPIC_REDIRECTION(Input), SavedLow);
    KtIoApicWrite(Registers, KT_IOAPIC_REDIRECTION(Input) + 1, SavedHigh);
    __writeeflags(Flags);
    KT_CHECK(Context, NT_SUCCESS(Status[0]) && NT_SUCCESS(Status[1]) && NT_SUCCESS(Status[2]),
             "GSI %u: status 0x%X 0x%X 0x%X", Gsi, Status[0], Status[1], Status[2]);
    KT_CHECK(Context,
             (Routed & 0xFF) == Vector && !(Routed & KT_IOAPIC_MODE_BITS) &&
                 (Routed & KT_IOAPIC_MASKED) &&
                 (Routed & (KT_IOAPIC_LEVEL | KT_IOAPIC_ACTIVE_LOW)) == Expected,
             "GSI %u routed as 0x%08X, expected vector 0x%X, bits 0x%X, masked", Gsi, Routed,
             Vector, Expected);
    KT_CHECK(Context, High >> 24 == Info->ApicId, "GSI %u destination %u, boot APIC ID %u", Gsi,
             High >> 24, Info->ApicId);
    KT_CHECK(Context, Unmasked == (Routed & ~KT_IOAPIC_MASKED) && Remasked == Routed,
             "GSI %u: 0x%08X unmasked reads 0x%08X, masked again 0x%08X", Gsi, Routed, Unmasked,
             Remasked);
}

static VOID
KtGsiRoutingRoundTrips(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    volatile ULONG *Registers;
    ULONG Last, Beyond = 0;

    KT_CHECK(Context, KtQueryControllers(&Info), "HalQueryControllerInformation");
    if (Info.IoApicCount == 0)
        return;
    for (Last = 0; Last < Info.IoApicCount; Last++)
    {
        if (Info.IoApics[Last].GsiBase + Info.IoApics[Last].Inputs > Beyond)
            Beyond = Info.IoApics[Last].GsiBase + Info.IoApics[Last].Inputs;
    }
    KT_CHECK(Context,
             HalRouteGsi(Beyond, HAL_FIRST_DEVICE_VECTOR) == STATUS_NOT_FOUND &&
                 HalSetGsiMask(Beyond, TRUE) == STATUS_NOT_FOUND,
             "GSI %u, beyond every I/O APIC, accepted", Beyond);
    KT_CHECK(Context,
             HalRouteGsi(Info.IoApics[0].GsiBase, HAL_CLOCK_VECTOR) == STATUS_INVALID_PARAMETER,
             "the clock vector accepted for a device");
    Last = Info.IoApics[0].Inputs - 1;
    KT_CHECK(Context,
             HalSetGsiMask(Info.IoApics[0].GsiBase + Last, FALSE) == STATUS_INVALID_DEVICE_STATE,
             "a GSI never routed was unmasked");
    KT_CHECK(Context, (Registers = KtMapIoApic(&Info.IoApics[0])) != NULL, "map failed");
    KtRouteOneGsi(Context, &Info, Registers, Last, HAL_LAST_DEVICE_VECTOR);
    if (Last > 9)
    {
        KtRouteOneGsi(Context, &Info, Registers, 1, HAL_FIRST_DEVICE_VECTOR);
        KtRouteOneGsi(Context, &Info, Registers, 9, HAL_FIRST_DEVICE_VECTOR + 1);
    }
    MmUnmapIoSpace((PVOID)Registers, 0x20);
}

/* The HPET, when the HAL uses it, is the calibration reference, its counter runs, and the
 * performance counter keeps its pace within a factor of two (both count continuously). */
static VOID
KtHpetIsReference(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    PHYSICAL_ADDRESS Physical;
    volatile UCHAR *Hpet;
    ULONG64 Capabilities, Configuration, Before, After, HpetNs, CounterNs;
    LARGE_INTEGER Frequency, CounterBefore, CounterAfter;

    KT_CHECK(Context, KtQueryControllers(&Info), "HalQueryControllerInformation");
    KT_CHECK(Context,
             Info.CalibrationReference ==
                 ((Info.Flags & HAL_CONTROLLER_HPET) ? HAL_CALIBRATION_HPET : HAL_CALIBRATION_PIT),
             "calibration reference %u with flags 0x%X", Info.CalibrationReference, Info.Flags);
    if (!(Info.Flags & HAL_CONTROLLER_HPET))
        return;
    Physical.QuadPart = (LONGLONG)Info.HpetAddress;
    KT_CHECK(Context, (Hpet = MmMapIoSpace(Physical, 0x400, MmNonCached)) != NULL, "map failed");
    Capabilities = *(volatile ULONG64 *)(Hpet + KT_HPET_CAPABILITIES);
    Configuration = *(volatile ULONG64 *)(Hpet + KT_HPET_CONFIGURATION);
    CounterBefore = KeQueryPerformanceCounter(&Frequency);
    Before = *(volatile ULONG *)(Hpet + KT_HPET_COUNTER);
    KeStallExecutionProcessor(10000);
    After = *(volatile ULONG *)(Hpet + KT_HPET_COUNTER);
    CounterAfter = KeQueryPerformanceCounter(NULL);
    MmUnmapIoSpace((PVOID)Hpet, 0x400);
    KT_CHECK(Context, Capabilities >> 32 == Info.HpetPeriodFs && Info.HpetPeriodFs != 0,
             "period %I64u fs, HAL says %I64u", Capabilities >> 32, Info.HpetPeriodFs);
    KT_CHECK(Context, Configuration & 1, "counter not enabled (configuration 0x%I64X)",
             Configuration);
    KT_CHECK(Context, (ULONG)(After - Before) != 0, "counter stuck at 0x%I64X", Before);
    HpetNs = (ULONG64)(ULONG)(After - Before) * Info.HpetPeriodFs / 1000000;
    CounterNs = (ULONG64)(CounterAfter.QuadPart - CounterBefore.QuadPart) * 1000000000 /
                (ULONG64)Frequency.QuadPart;
    KT_CHECK(Context, CounterNs * 2 >= HpetNs && CounterNs <= HpetNs * 2,
             "performance counter measured %I64u ns, the HPET %I64u ns", CounterNs, HpetNs);
}

/* A real interrupt through the I/O APIC: an HPET comparator in level mode, routed to a PCI
 * input (16 and up, level/active low, as Linux registers HPET GSIs), fires once 1 ms ahead;
 * HalRouteGsi and HalSetGsiMask deliver it to a handler on a device vector. The handler counts
 * only interrupts the HPET's status register owns (and clears them), so another device on a
 * shared line cannot make the test pass. The wait is bounded at 200 ms of PIT time, two
 * hundred times the delay, so only a lost interrupt fails it. */
#define KT_HPET_STATUS 0x020
#define KT_HPET_TIMER_CONFIG(N) (0x100 + 0x20 * (N))
#define KT_HPET_TIMER_COMPARATOR(N) (0x108 + 0x20 * (N))
#define KT_HPET_TIMER_LEVEL 0x2
#define KT_HPET_TIMER_ENABLE 0x4
#define KT_HPET_TIMER_ROUTE_SHIFT 9
#define KT_HPET_VECTOR (HAL_FIRST_DEVICE_VECTOR + 2)

static volatile UCHAR *KtHpet;
static ULONG KtHpetTimer;
static volatile LONG KtHpetInterrupts;

static VOID NTAPI
KtHpetInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    volatile ULONG64 *Status = (volatile ULONG64 *)(KtHpet + KT_HPET_STATUS);

    UNREFERENCED_PARAMETER(TrapFrame);
    if (*Status & (1ull << KtHpetTimer))
    {
        *Status = 1ull << KtHpetTimer; /* write 1 to clear: the level drops */
        InterlockedIncrement(&KtHpetInterrupts);
    }
}

/* A timer and a level/active-low input of I/O APIC 0 it can drive, highest first. */
static BOOLEAN
KtPickHpetRoute(const HAL_CONTROLLER_INFORMATION *Info, PULONG Timer, PULONG Gsi)
{
    ULONG Timers = (ULONG)((*(volatile ULONG64 *)KtHpet >> 8) & 0x1F) + 1, N, Pin;
    ULONG64 Routes;

    for (N = Timers; N-- > 0;)
    {
        Routes = *(volatile ULONG64 *)(KtHpet + KT_HPET_TIMER_CONFIG(N)) >> 32;
        for (Pin = 32; Pin-- > 16;)
        {
            if ((Routes >> Pin) & 1 && Pin >= Info->IoApics[0].GsiBase &&
                Pin - Info->IoApics[0].GsiBase < Info->IoApics[0].Inputs &&
                KtExpectedGsiBits(Pin) == (KT_IOAPIC_LEVEL | KT_IOAPIC_ACTIVE_LOW))
            {
                *Timer = N;
                *Gsi = Pin;
                return TRUE;
            }
        }
    }
    return FALSE;
}

static VOID
KtIoApicDeliversHpetInterrupt(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    PHYSICAL_ADDRESS Physical;
    volatile ULONG64 *Config, *Comparator;
    ULONG Gsi, Waited;
    ULONG64 SavedConfig;
    NTSTATUS Status[2];

    KT_CHECK(Context, KtQueryControllers(&Info), "HalQueryControllerInformation");
    if (!(Info.Flags & HAL_CONTROLLER_HPET) || Info.IoApicCount == 0)
        return;
    Physical.QuadPart = (LONGLONG)Info.HpetAddress;
    KT_CHECK(Context, (KtHpet = MmMapIoSpace(Physical, 0x400, MmNonCached)) != NULL, "map failed");
    if (!KtPickHpetRoute(&Info, &KtHpetTimer, &Gsi))
    {
        MmUnmapIoSpace((PVOID)KtHpet, 0x400);
        return; /* no comparator reaches a PCI input: nothing to try */
    }
    Config = (volatile ULONG64 *)(KtHpet + KT_HPET_TIMER_CONFIG(KtHpetTimer));
    Comparator = (volatile ULONG64 *)(KtHpet + KT_HPET_TIMER_COMPARATOR(KtHpetTimer));
    SavedConfig = *Config;
    KtHpetInterrupts = 0;
    KeRegisterInterruptHandler(KT_HPET_VECTOR, KtHpetInterrupt);
    Status[0] = HalRouteGsi(Gsi, KT_HPET_VECTOR);
    Status[1] = HalSetGsiMask(Gsi, FALSE);
    /* One-shot, level, 64-bit comparator (only the low half counts on a 32-bit timer). */
    *Config = (SavedConfig & 0xFFFFFFFF00000000ull) | ((ULONG64)Gsi << KT_HPET_TIMER_ROUTE_SHIFT) |
              KT_HPET_TIMER_LEVEL;
    *Comparator =
        *(volatile ULONG64 *)(KtHpet + KT_HPET_COUNTER) + 1000000000000ull / Info.HpetPeriodFs;
    *Config |= KT_HPET_TIMER_ENABLE;
    for (Waited = 0; Waited < 2000 && KtHpetInterrupts == 0; Waited++)
        KeStallExecutionProcessor(100);
    *Config = SavedConfig & ~(ULONG64)KT_HPET_TIMER_ENABLE;
    *(volatile ULONG64 *)(KtHpet + KT_HPET_STATUS) = 1ull << KtHpetTimer;
    HalSetGsiMask(Gsi, TRUE);
    KeRegisterInterruptHandler(KT_HPET_VECTOR, NULL);
    MmUnmapIoSpace((PVOID)KtHpet, 0x400);
    KT_CHECK(Context, NT_SUCCESS(Status[0]) && NT_SUCCESS(Status[1]), "GSI %u: 0x%X 0x%X", Gsi,
             Status[0], Status[1]);
    KT_CHECK(Context, KtHpetInterrupts >= 1, "HPET timer %u on GSI %u: no interrupt on vector 0x%X",
             KtHpetTimer, Gsi, KT_HPET_VECTOR);
}

/* The calibration's results hang together: the window lasted at least what was asked, the
 * performance counter reports the calibrated TSC rate, and the TSC outruns the APIC timer
 * (which counts at the bus or crystal clock divided by 16). */
static VOID
KtCalibrationConsistent(PKT_CONTEXT Context)
{
    HAL_CONTROLLER_INFORMATION Info;
    LARGE_INTEGER Frequency;

    KT_CHECK(Context, KtQueryControllers(&Info), "HalQueryControllerInformation");
    KT_CHECK(Context, Info.CalibrationReference != HAL_CALIBRATION_NONE, "not calibrated");
    KT_CHECK(Context, Info.CalibrationWindowNs >= 10000000, "window of %I64u ns",
             Info.CalibrationWindowNs);
    KeQueryPerformanceCounter(&Frequency);
    KT_CHECK(Context, (ULONG64)Frequency.QuadPart == Info.TscFrequency,
             "performance frequency %I64d, calibrated TSC %I64u Hz", Frequency.QuadPart,
             Info.TscFrequency);
    KT_CHECK(Context, Info.ApicTimerFrequency > 0 && Info.TscFrequency > Info.ApicTimerFrequency,
             "APIC timer %I64u Hz, TSC %I64u Hz", Info.ApicTimerFrequency, Info.TscFrequency);
}

static const KT_TEST KtHalTests[] = {
    {"real-time clock reads a plausible date, as the firmware did", KtRtcIsPlausible},
    {"real-time clock refuses invalid times", KtRtcRejectsInvalidTime},
    {"KeQuerySystemTime gives the RTC date", KtSystemTimeFromRtc},
    {"ACPI information is consistent with this processor", KtAcpiInformation},
    {"ACPI tables returned are whole and checksummed", KtAcpiTablesValid},
    {"performance counter agrees with the clock", KtPerformanceCounterAgreesWithClock},
    {"local APIC mode (x2APIC or xAPIC) matches CPUID and IA32_APIC_BASE", KtLocalApicMode},
    {"I/O APICs found, sized by their version register, every input masked", KtIoApicsMasked},
    {"routing, unmasking and masking a GSI round-trip through the I/O APIC",
     KtGsiRoutingRoundTrips},
    {"HPET counter runs and is the calibration reference when present", KtHpetIsReference},
    {"an HPET interrupt routed through the I/O APIC reaches its handler",
     KtIoApicDeliversHpetInterrupt},
    {"clock calibration results are consistent", KtCalibrationConsistent},
};

const KT_SUITE KtHalSuite = {"Hal", KtHalTests, RTL_NUMBER_OF(KtHalTests)};
