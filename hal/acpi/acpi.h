/* SPDX-License-Identifier: MIT */
/*
 * ACPI table discovery and parsing for hal.dll: the freestanding half, compiled into hal.dll
 * and into the host unit tests (fixed-width types, no DDK, no libc). It never touches memory
 * it was not handed: physical memory is reached only through ACPI_HOST.Map, which answers
 * NULL for a range that is not accessible, and every offset is checked against the length of
 * the table it lies in. A table that fails a check is reported through ACPI_HOST.Log and
 * skipped; the caller then falls back to legacy defaults. docs/hal.md describes the rules.
 */
#ifndef BASALT_ACPI_H
#define BASALT_ACPI_H

#include <stdbool.h>
#include <stdint.h>

/* Fixed capacities: what a larger machine has beyond these is counted and reported. */
#define ACPI_MAX_TABLES 64
#define ACPI_MAX_PROCESSORS 256
#define ACPI_MAX_IOAPICS 16
#define ACPI_MAX_OVERRIDES 32
#define ACPI_MAX_LAPIC_NMIS 16
#define ACPI_MAX_MCFG_SEGMENTS 16
/* A larger length field is treated as corrupt (real DSDTs stay well below 1 MiB). */
#define ACPI_MAX_TABLE_LENGTH (16u * 1024 * 1024)
/* "No particular offset" for ACPI_HOST.Log. */
#define ACPI_NO_OFFSET 0xFFFFFFFFu

typedef enum _ACPI_STATUS
{
    ACPI_OK = 0,
    ACPI_E_NOT_FOUND,     /* no such table or object */
    ACPI_E_UNMAPPED,      /* null address, or the header is not in accessible memory */
    ACPI_E_TRUNCATED,     /* the length runs past accessible memory */
    ACPI_E_BAD_SIGNATURE, /* not the table the pointer was supposed to lead to */
    ACPI_E_BAD_LENGTH,    /* length field below the table's minimum or implausibly large */
    ACPI_E_BAD_CHECKSUM,  /* bytes do not sum to zero */
    ACPI_E_BAD_ENTRY,     /* a structure inside the table is too short or overruns it */
    ACPI_E_BAD_VALUE,     /* a field holds a value the specification rules out */
    ACPI_E_TOO_MANY,      /* more entries than the HAL keeps; the rest are ignored */
    ACPI_E_NO_ROOT,       /* neither the XSDT nor the RSDT is usable */
    ACPI_STATUS_COUNT
} ACPI_STATUS;

/* How the parser reaches the machine. Map returns a pointer through which Length bytes at
 * physical Address can be read, or NULL; Log reports a rejected table or entry (Offset is
 * the byte offset of the fault inside the table, or ACPI_NO_OFFSET). */
typedef struct _ACPI_HOST
{
    const void *(*Map)(void *Context, uint64_t Address, uint32_t Length);
    void (*Log)(void *Context, const char Signature[4], uint64_t Address, ACPI_STATUS Status,
                uint32_t Offset);
    void *Context;
} ACPI_HOST;

/* Generic Address Structure (ACPI 6.5, 5.2.3.2). */
#define ACPI_SPACE_MEMORY 0
#define ACPI_SPACE_IO 1
#define ACPI_SPACE_PCI_CONFIG 2

typedef struct _ACPI_GAS
{
    uint8_t SpaceId;
    uint8_t BitWidth;
    uint8_t BitOffset;
    uint8_t AccessSize; /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
    uint64_t Address;   /* 0: the register does not exist */
} ACPI_GAS;

/* A table that passed AcpiMapTable's checks. */
typedef struct _ACPI_TABLE
{
    const uint8_t *Data; /* the whole table, header included; NULL when rejected */
    uint64_t Address;
    uint32_t Length;
    char Signature[4]; /* as read, or the expected one / "????" when unreadable */
} ACPI_TABLE;

/* ---- acpitab.c: RSDP, XSDT/RSDT, lookup --------------------------------------------------- */

typedef struct _ACPI_ROOT
{
    const ACPI_HOST *Host;
    uint64_t RsdpAddress;
    uint8_t RsdpRevision; /* 0 for ACPI 1.0, 2 and up for 2.0+ */
    char OemId[6];
    bool UsingXsdt;
    uint64_t RootAddress; /* the XSDT or RSDT in use */
    uint32_t TableCount;
    uint32_t Overflow; /* valid tables past ACPI_MAX_TABLES, not recorded */
    ACPI_TABLE Tables[ACPI_MAX_TABLES];
} ACPI_ROOT;

const char *AcpiStatusText(ACPI_STATUS Status);
ACPI_STATUS AcpiMapTable(const ACPI_HOST *Host, uint64_t Address, const char *Expected,
                         ACPI_TABLE *Table);
ACPI_STATUS AcpiLoadRoot(ACPI_ROOT *Root, const ACPI_HOST *Host, uint64_t RsdpAddress);
const ACPI_TABLE *AcpiFindTable(const ACPI_ROOT *Root, const char *Signature, uint32_t Instance);
void AcpiReport(const ACPI_HOST *Host, const char *Signature, uint64_t Address, ACPI_STATUS Status,
                uint32_t Offset);

/* ---- acpimadt.c: processors and interrupt controllers -------------------------------------- */

typedef struct _ACPI_PROCESSOR
{
    uint32_t ApicId;
    uint32_t AcpiId; /* processor UID */
    bool Enabled;
    bool OnlineCapable; /* disabled now, may be brought online later */
    bool X2Apic;        /* described by a Processor Local x2APIC entry */
} ACPI_PROCESSOR;

typedef struct _ACPI_IOAPIC
{
    uint32_t Address;
    uint32_t GsiBase;
    uint8_t Id;
} ACPI_IOAPIC;

/* ISA IRQ Source routed to global system interrupt Gsi; Flags are MPS INTI flags. */
typedef struct _ACPI_OVERRIDE
{
    uint32_t Gsi;
    uint16_t Flags;
    uint8_t Bus;
    uint8_t Source;
} ACPI_OVERRIDE;

/* Local APIC NMI wiring; AcpiId 0xFFFFFFFF means every processor. */
typedef struct _ACPI_LAPIC_NMI
{
    uint32_t AcpiId;
    uint16_t Flags;
    uint8_t Lint;
} ACPI_LAPIC_NMI;

#define ACPI_MADT_PCAT_COMPAT 0x1 /* dual 8259 PICs present */

typedef struct _ACPI_MADT_INFO
{
    uint64_t LocalApicAddress;
    uint32_t Flags;
    uint32_t ProcessorCount; /* entries in Processors (enabled or online-capable) */
    uint32_t EnabledCount;
    uint32_t IoApicCount;
    uint32_t OverrideCount;
    uint32_t NmiCount;
    uint32_t Dropped; /* entries past the fixed capacities */
    ACPI_PROCESSOR Processors[ACPI_MAX_PROCESSORS];
    ACPI_IOAPIC IoApics[ACPI_MAX_IOAPICS];
    ACPI_OVERRIDE Overrides[ACPI_MAX_OVERRIDES];
    ACPI_LAPIC_NMI Nmis[ACPI_MAX_LAPIC_NMIS];
} ACPI_MADT_INFO;

ACPI_STATUS AcpiParseMadt(const uint8_t *Table, uint32_t Length, ACPI_MADT_INFO *Info,
                          uint32_t *FaultOffset);

/* ---- acpiirq.c: interrupt routing from the MADT ----------------------------------------- */

#define ACPI_ISA_IRQS 16

typedef struct _ACPI_INTERRUPT_ROUTE
{
    uint32_t Gsi;
    bool ActiveLow;
    bool LevelTriggered;
    bool Overridden; /* polarity and trigger come from an interrupt source override */
} ACPI_INTERRUPT_ROUTE;

void AcpiRouteIsaIrq(const ACPI_MADT_INFO *Madt, uint8_t Irq, ACPI_INTERRUPT_ROUTE *Route);
void AcpiRouteGsi(const ACPI_MADT_INFO *Madt, uint32_t Gsi, ACPI_INTERRUPT_ROUTE *Route);

/* ---- acpifadt.c: fixed hardware --------------------------------------------------------- */

#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED (1u << 20)
#define ACPI_BOOT_ARCH_8042 (1u << 1)
#define ACPI_BOOT_ARCH_NO_CMOS_RTC (1u << 5)

typedef struct _ACPI_FADT_INFO
{
    uint32_t Length;
    uint8_t Revision;
    uint64_t Dsdt;   /* X_DSDT when present, else DSDT */
    uint64_t Dsdt32; /* the 32-bit DSDT field, a fallback when X_DSDT is unusable */
    uint16_t SciInterrupt;
    uint32_t SmiCommand;
    uint8_t AcpiEnable;
    uint8_t AcpiDisable;
    uint32_t Flags;
    uint16_t BootArch; /* IAPC_BOOT_ARCH; 0 in a 1.0 FADT */
    uint8_t Century;   /* RTC CMOS index of the century, 0 when none */
    uint8_t Pm1EventLength;
    ACPI_GAS Pm1aEvent; /* status register first, enable register at half the length */
    ACPI_GAS Pm1bEvent;
    ACPI_GAS Pm1aControl; /* X_ block when present, else the 32-bit port */
    ACPI_GAS Pm1bControl;
    ACPI_GAS PmTimer;
    bool HasResetRegister; /* RESET_REG_SUP set and RESET_REG usable */
    ACPI_GAS ResetRegister;
    uint8_t ResetValue;
    ACPI_GAS SleepControl; /* hardware-reduced ACPI only */
    ACPI_GAS SleepStatus;
} ACPI_FADT_INFO;

ACPI_STATUS AcpiParseFadt(const uint8_t *Table, uint32_t Length, ACPI_FADT_INFO *Info);

/* ---- acpisleep.c: \_Sx packages ---------------------------------------------------------- */

typedef struct _ACPI_SLEEP_TYPE
{
    uint8_t TypeA; /* SLP_TYPa for PM1a control */
    uint8_t TypeB; /* SLP_TYPb for PM1b control */
} ACPI_SLEEP_TYPE;

ACPI_STATUS AcpiFindSleepType(const uint8_t *Table, uint32_t Length, unsigned State,
                              ACPI_SLEEP_TYPE *Sleep, uint32_t *FaultOffset);

/* ---- acpihpet.c, acpimcfg.c ------------------------------------------------------------- */

typedef struct _ACPI_HPET_INFO
{
    uint64_t Address;
    uint32_t BlockId; /* event timer block ID: vendor, comparator count, revision */
    uint16_t MinimumTick;
    uint8_t Number;
} ACPI_HPET_INFO;

ACPI_STATUS AcpiParseHpet(const uint8_t *Table, uint32_t Length, ACPI_HPET_INFO *Info);

typedef struct _ACPI_MCFG_SEGMENT
{
    uint64_t Address; /* ECAM base of bus 0 of the segment */
    uint16_t Segment;
    uint8_t StartBus;
    uint8_t EndBus;
} ACPI_MCFG_SEGMENT;

typedef struct _ACPI_MCFG_INFO
{
    uint32_t Count;
    uint32_t Dropped;
    ACPI_MCFG_SEGMENT Segments[ACPI_MAX_MCFG_SEGMENTS];
} ACPI_MCFG_INFO;

ACPI_STATUS AcpiParseMcfg(const uint8_t *Table, uint32_t Length, ACPI_MCFG_INFO *Info,
                          uint32_t *FaultOffset);

/* ---- acpisys.c: everything the HAL wants, with fallbacks ----------------------------------- */

typedef struct _ACPI_SYSTEM
{
    ACPI_ROOT Root;
    bool HaveFadt;
    bool HaveDsdt;
    bool HaveS5;
    bool HaveMadt;
    bool HaveHpet;
    bool HaveMcfg;
    ACPI_FADT_INFO Fadt;
    ACPI_TABLE Dsdt;
    ACPI_SLEEP_TYPE S5;
    ACPI_MADT_INFO Madt;
    ACPI_HPET_INFO Hpet;
    ACPI_MCFG_INFO Mcfg;
} ACPI_SYSTEM;

ACPI_STATUS AcpiDiscover(ACPI_SYSTEM *System, const ACPI_HOST *Host, uint64_t RsdpAddress);

#endif
