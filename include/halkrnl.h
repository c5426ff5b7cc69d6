/* SPDX-License-Identifier: MIT */
/*
 * The private interface between ntoskrnl.exe and hal.dll that the DDK headers do not
 * declare: HAL initialisation and return to firmware, under their NT names. Included by both.
 */
#ifndef BASALT_HALKRNL_H
#define BASALT_HALKRNL_H

typedef enum _FIRMWARE_REENTRY
{
    HalHaltRoutine,
    HalPowerDownRoutine,
    HalRestartRoutine,
    HalRebootRoutine,
    HalInteractiveModeRoutine,
    HalMaximumRoutine
} FIRMWARE_REENTRY;

struct _LOADER_PARAMETER_BLOCK;
struct _KTRAP_FRAME;

/*
 * Interrupt vectors. As on NT x64 the vector's upper nibble is its IRQL: the kernel runs a
 * handler at IRQL Vector >> 4 with interrupts disabled, then signals end-of-interrupt
 * through HalEndSystemInterrupt.
 */
#define HAL_CLOCK_VECTOR 0xD1    /* CLOCK_LEVEL */
#define HAL_SPURIOUS_VECTOR 0xFF /* local APIC spurious interrupts: no EOI */
/* Device interrupts routed through the I/O APIC (HalRouteGsi): DIRQL 4-12. Vectors 0x30-0x3F
 * are left to the masked 8259s, whose spurious IRQ 7/15 may still arrive there. */
#define HAL_FIRST_DEVICE_VECTOR 0x40
#define HAL_LAST_DEVICE_VECTOR 0xCF
/* Software interrupts: vector (Irql << 4) | 0xF, so CR8 below Irql lets them in. */
#define HAL_SOFTWARE_INTERRUPT_VECTOR(Irql) (((Irql) << 4) | 0xF)
typedef VOID(NTAPI *PKINTERRUPT_HANDLER)(struct _KTRAP_FRAME *TrapFrame);
NTKERNELAPI VOID NTAPI KeRegisterInterruptHandler(ULONG Vector, PKINTERRUPT_HANDLER Handler);
/* Called by the HAL's clock interrupt: Increment (100 ns units) has passed. */
NTKERNELAPI VOID NTAPI KeUpdateSystemTime(struct _KTRAP_FRAME *TrapFrame, ULONG Increment);
NTKERNELAPI VOID NTAPI KeSetTimeIncrement(ULONG MaximumIncrement, ULONG MinimumIncrement);

/* Ask for a software interrupt at Irql (APC_LEVEL or DISPATCH_LEVEL) on this processor: it
 * is delivered as soon as the processor's IRQL drops below Irql. */
NTHALAPI VOID FASTCALL HalRequestSoftwareInterrupt(KIRQL Irql);
/* End-of-interrupt for the interrupt being handled; the kernel calls it after each handler
 * (never for HAL_SPURIOUS_VECTOR). */
NTHALAPI VOID NTAPI HalEndSystemInterrupt(KIRQL OldIrql, struct _KTRAP_FRAME *TrapFrame);

NTHALAPI BOOLEAN NTAPI HalInitSystem(ULONG Phase, struct _LOADER_PARAMETER_BLOCK *LoaderBlock);
NTHALAPI DECLSPEC_NORETURN VOID NTAPI HalReturnToFirmware(FIRMWARE_REENTRY Routine);
/* Forwarded by hal.dll to ntoskrnl.exe!InbvDisplayString, as in later Windows HALs. */
NTHALAPI VOID NTAPI HalDisplayString(PUCHAR String);

/* The CMOS real-time clock, as on Windows: TRUE and the fields filled (Milliseconds 0,
 * Weekday 0 = Sunday) on success, FALSE when there is no RTC or it holds no valid time.
 * HalSetRealTimeClock ignores Milliseconds and Weekday and fails on an invalid time. */
NTHALAPI BOOLEAN NTAPI HalQueryRealTimeClock(PTIME_FIELDS TimeFields);
NTHALAPI BOOLEAN NTAPI HalSetRealTimeClock(PTIME_FIELDS TimeFields);

/*
 * ACPI as hal.dll found it in HalInitSystem phase 0 (docs/hal.md). HalAcpiGetTable returns
 * the Instance-th (from 0) table with this four-character signature ("FACP", "APIC"...) that
 * passed validation, or NULL; "DSDT" is the FADT's DSDT. The pointer is the table's physical
 * address, valid while the loader's identity map is; Length, when not NULL, gets its length.
 */
NTHALAPI PVOID NTAPI HalAcpiGetTable(PCSTR Signature, ULONG Instance, PULONG Length);

#define HAL_ACPI_ROOT 0x0001 /* RSDP and XSDT or RSDT valid */
#define HAL_ACPI_XSDT 0x0002 /* the XSDT is in use (else the RSDT) */
#define HAL_ACPI_FADT 0x0004
#define HAL_ACPI_DSDT 0x0008
#define HAL_ACPI_MADT 0x0010 /* else one processor and the 8259 PICs are assumed */
#define HAL_ACPI_HPET 0x0020
#define HAL_ACPI_MCFG 0x0040
#define HAL_ACPI_S5 0x0080        /* \_S5 sleep type found */
#define HAL_ACPI_POWER_OFF 0x0100 /* HalPowerDownRoutine can enter S5 */
#define HAL_ACPI_RESET_REG 0x0200 /* HalRebootRoutine tries the FADT reset register first */
#define HAL_ACPI_CMOS_RTC 0x0400  /* the FADT does not rule out a CMOS RTC */
#define HAL_ACPI_MAX_APIC_IDS 64

typedef struct _HAL_ACPI_INFORMATION
{
    ULONG Size;  /* in: sizeof(HAL_ACPI_INFORMATION) */
    ULONG Flags; /* HAL_ACPI_* */
    ULONG64 RsdpAddress;
    UCHAR RsdpRevision;
    CHAR OemId[6];
    UCHAR CenturyIndex;   /* FADT CENTURY: CMOS index of the century, 0 when none */
    ULONG TableCount;     /* tables listed by the root that passed validation */
    ULONG ProcessorCount; /* enabled processors (1 without a MADT) */
    ULONG IoApicCount;
    ULONG McfgSegmentCount;
    ULONG64 LocalApicAddress;
    ULONG64 HpetAddress; /* 0 when none */
    ULONG64 Pm1aControl; /* address of PM1a control, 0 when none */
    ULONG64 Pm1bControl;
    UCHAR S5TypeA;
    UCHAR S5TypeB;
    ULONG ApicIds[HAL_ACPI_MAX_APIC_IDS]; /* of the first enabled processors */
} HAL_ACPI_INFORMATION, *PHAL_ACPI_INFORMATION;

/* STATUS_INFO_LENGTH_MISMATCH unless Information->Size is sizeof(HAL_ACPI_INFORMATION). */
NTHALAPI NTSTATUS NTAPI HalQueryAcpiInformation(PHAL_ACPI_INFORMATION Information);

/*
 * Multiprocessor support. The kernel starts each application processor through the HAL's
 * real-mode stub (HalStartProcessor), which brings it to long mode on temporary page tables
 * in LowPages and jumps to Entry with RCX = Argument, RDX = Cr3 and RSP = Stack; the kernel
 * loads Cr3 and the rest. On the new processor the kernel calls HalInitializeProcessor for
 * its local APIC and clock, whose ticks there go to KeUpdateRunTime.
 */
#define HAL_IPI_VECTOR 0xE1 /* IPI_LEVEL: KeIpiGenericCall */
#define HAL_START_LOW_PAGES 4

typedef struct _HAL_PROCESSOR_START
{
    ULONG64 LowPages[HAL_START_LOW_PAGES]; /* physical, below 1 MiB, identity-mapped */
    ULONG64 Cr3;
    ULONG64 Entry;
    ULONG64 Stack;
    ULONG64 Argument;
} HAL_PROCESSOR_START, *PHAL_PROCESSOR_START;

/* STATUS_SUCCESS once the processor runs 64-bit code; STATUS_IO_TIMEOUT if it never did. */
NTHALAPI NTSTATUS NTAPI HalStartProcessor(ULONG Number, ULONG ApicId,
                                          PHAL_PROCESSOR_START Start);
NTHALAPI VOID NTAPI HalInitializeProcessor(ULONG Number);
/* APC_LEVEL or DISPATCH_LEVEL software interrupt on another processor (or this one). */
NTHALAPI VOID NTAPI HalSendSoftwareInterrupt(ULONG Number, KIRQL Irql);
/* HAL_IPI_VECTOR to every processor in Processors but the caller. */
NTHALAPI VOID NTAPI HalRequestIpi(KAFFINITY Processors);
NTKERNELAPI VOID NTAPI KeUpdateRunTime(struct _KTRAP_FRAME *TrapFrame);

/*
 * Interrupt controllers and timers as HalInitSystem phase 1 set them up (docs/hal.md).
 * HalRouteGsi programs global system interrupt Gsi to deliver Vector (HAL_FIRST_DEVICE_VECTOR
 * to HAL_LAST_DEVICE_VECTOR) to the boot processor, with the polarity and trigger the MADT
 * gives it, and leaves it masked; HalSetGsiMask masks or unmasks it (unmasking a GSI never
 * routed is STATUS_INVALID_DEVICE_STATE). Both fail with STATUS_NOT_FOUND for a GSI no I/O
 * APIC has.
 */
NTHALAPI NTSTATUS NTAPI HalRouteGsi(ULONG Gsi, ULONG Vector);
/* Windows' names, not in the DDK headers: the kernel calls them when the first interrupt
 * object connects to a vector (TRUE once whatever feeds it is routed and unmasked; FALSE for
 * a vector the HAL did not hand out) and when the last one leaves (masked again). */
NTHALAPI BOOLEAN NTAPI HalEnableSystemInterrupt(ULONG Vector, KIRQL Irql,
                                                KINTERRUPT_MODE InterruptMode);
NTHALAPI VOID NTAPI HalDisableSystemInterrupt(ULONG Vector, KIRQL Irql);
NTHALAPI NTSTATUS NTAPI HalSetGsiMask(ULONG Gsi, BOOLEAN Masked);

/*
 * Message-signalled interrupts (docs/hal.md): HalAllocateMessageInterrupt gives a device
 * vector of its own, its IRQL and processors, and the address and data a device writes to
 * raise it (what goes into a PCI MSI capability); HalFreeMessageInterrupt returns it
 * (STATUS_INVALID_PARAMETER for a vector it did not hand out). HalRequestInterrupt raises a
 * device vector on this processor through its local APIC, as a device would (self-tests).
 */
NTHALAPI NTSTATUS NTAPI HalAllocateMessageInterrupt(PULONG Vector, PKIRQL Irql,
                                                    PKAFFINITY Affinity,
                                                    PPHYSICAL_ADDRESS MessageAddress,
                                                    PULONG MessageData);
NTHALAPI NTSTATUS NTAPI HalFreeMessageInterrupt(ULONG Vector);
NTHALAPI NTSTATUS NTAPI HalRequestInterrupt(ULONG Vector);

#define HAL_CONTROLLER_X2APIC 0x1 /* the local APIC runs in x2APIC mode */
#define HAL_CONTROLLER_HPET 0x2   /* the HPET is mapped and its counter running */
#define HAL_CALIBRATION_NONE 0    /* phase 1 has not calibrated the clock */
#define HAL_CALIBRATION_PIT 1
#define HAL_CALIBRATION_HPET 2
#define HAL_MAX_IOAPICS 16

typedef struct _HAL_IOAPIC_INFORMATION
{
    ULONG64 Address; /* physical */
    ULONG GsiBase;
    ULONG Inputs;
    UCHAR Id;
    UCHAR Version;
} HAL_IOAPIC_INFORMATION;

typedef struct _HAL_CONTROLLER_INFORMATION
{
    ULONG Size;                 /* in: sizeof(HAL_CONTROLLER_INFORMATION) */
    ULONG Flags;                /* HAL_CONTROLLER_* */
    ULONG ApicId;               /* the boot processor's, as the local APIC reports it */
    ULONG CalibrationReference; /* HAL_CALIBRATION_* */
    ULONG64 CalibrationWindowNs;
    ULONG64 ApicTimerFrequency; /* Hz, after the divider the clock uses */
    ULONG64 TscFrequency;       /* Hz, what KeQueryPerformanceCounter reports */
    ULONG64 HpetAddress;        /* physical, 0 when the HPET is not used */
    ULONG64 HpetPeriodFs;
    ULONG IoApicCount; /* usable I/O APICs, every one of their inputs masked at phase 1 */
    HAL_IOAPIC_INFORMATION IoApics[HAL_MAX_IOAPICS];
} HAL_CONTROLLER_INFORMATION, *PHAL_CONTROLLER_INFORMATION;

/* STATUS_INFO_LENGTH_MISMATCH unless Information->Size is sizeof(HAL_CONTROLLER_INFORMATION). */
NTHALAPI NTSTATUS NTAPI HalQueryControllerInformation(PHAL_CONTROLLER_INFORMATION Information);

#endif
