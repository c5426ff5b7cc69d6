/* SPDX-License-Identifier: MIT */
/*
 * A fake machine for the ACPI parser's host tests: physical RAM at AB_RAM_BASE that tables are
 * placed into, an ACPI_HOST whose Map hands out an exact-size heap copy of the range asked
 * for (so AddressSanitizer catches any read past what the parser mapped), a log of what the
 * parser rejected, and builders for the tables.
 */
#ifndef BASALT_TESTS_ACPIBUILD_H
#define BASALT_TESTS_ACPIBUILD_H

#include <stdint.h>

#include "acpi.h"

#define AB_RAM_BASE 0x000E0000ull
#define AB_RAM_SIZE (256u * 1024)
#define AB_MAX_TABLE 8192
#define AB_MAX_LOG 128
#define AB_NOWHERE 0xDEAD0000ull /* outside RAM: Map answers NULL */

typedef struct AB_LOG
{
    char Signature[5];
    uint64_t Address;
    ACPI_STATUS Status;
    uint32_t Offset;
} AB_LOG;

typedef struct AB_MACHINE
{
    uint8_t *Ram;
    uint32_t RamSize;   /* mapped bytes from AB_RAM_BASE; lower it to cut tables short */
    uint32_t Next;      /* placement cursor */
    uint64_t HoleStart; /* [HoleStart, HoleEnd) is not accessible either */
    uint64_t HoleEnd;
    ACPI_HOST Host;
    void **Copies; /* what Map handed out, freed by AbFree */
    uint32_t CopyCount;
    uint32_t CopyCapacity;
    AB_LOG Log[AB_MAX_LOG];
    uint32_t LogCount;
} AB_MACHINE;

typedef struct AB_TABLE
{
    uint8_t Data[AB_MAX_TABLE];
    uint32_t Length;
} AB_TABLE;

/* Addresses of the tables AbBuildSystem placed. */
typedef struct AB_SYSTEM
{
    uint64_t Rsdp, Xsdt, Rsdt, Fadt, Dsdt, Madt, Hpet, Mcfg, Ssdt;
} AB_SYSTEM;

void AbInit(AB_MACHINE *Machine);
void AbFree(AB_MACHINE *Machine);
/* The first log entry with this status (and signature, when not NULL), or NULL. */
const AB_LOG *AbFindLog(const AB_MACHINE *Machine, const char *Signature, ACPI_STATUS Status);

uint64_t AbPlace(AB_MACHINE *Machine, const void *Data, uint32_t Length);
uint8_t *AbAt(AB_MACHINE *Machine, uint64_t Address);
void AbFixChecksum(AB_MACHINE *Machine, uint64_t Address);

void AbBegin(AB_TABLE *Table, const char *Signature, uint8_t Revision);
void AbPut8(AB_TABLE *Table, uint8_t Value);
void AbPut16(AB_TABLE *Table, uint16_t Value);
void AbPut32(AB_TABLE *Table, uint32_t Value);
void AbPut64(AB_TABLE *Table, uint64_t Value);
void AbPutBytes(AB_TABLE *Table, const void *Bytes, uint32_t Length);
void AbPutGas(AB_TABLE *Table, uint8_t SpaceId, uint8_t BitWidth, uint64_t Address);
void AbSet8(AB_TABLE *Table, uint32_t Offset, uint8_t Value);
void AbSet32(AB_TABLE *Table, uint32_t Offset, uint32_t Value);
void AbSet64(AB_TABLE *Table, uint32_t Offset, uint64_t Value);
void AbSetGas(AB_TABLE *Table, uint32_t Offset, uint8_t SpaceId, uint8_t BitWidth,
              uint64_t Address);
/* Sets the length and checksum. */
void AbFinish(AB_TABLE *Table);
uint64_t AbPlaceTable(AB_MACHINE *Machine, AB_TABLE *Table);

/* An ACPI 2.0+ RSDP (Revision >= 2) or a 1.0 one. */
uint64_t AbRsdp(AB_MACHINE *Machine, uint8_t Revision, uint32_t Rsdt, uint64_t Xsdt);
/* An XSDT ("XSDT", 8-byte entries) or RSDT ("RSDT", 4-byte entries). */
uint64_t AbRoot(AB_MACHINE *Machine, const char *Signature, const uint64_t *Entries,
                uint32_t Count);

/* Tables as QEMU's q35 builds them, laid out for Length bytes (116, 244, 268 or 276). */
void AbFadt(AB_TABLE *Table, uint32_t Length, uint64_t Dsdt);
/* A DSDT or SSDT whose AML is the given bytes. */
void AbDefinitionBlock(AB_TABLE *Table, const char *Signature, const uint8_t *Aml, uint32_t Length);
/* MADT with processors at APIC IDs 0 .. Processors - 1, one I/O APIC and two overrides. */
void AbMadt(AB_TABLE *Table, uint32_t Processors);
void AbHpet(AB_TABLE *Table);
void AbMcfg(AB_TABLE *Table);
/* The whole set behind an ACPI 2.0 RSDP; S5 in the DSDT unless S5InSsdt. */
void AbBuildSystem(AB_MACHINE *Machine, AB_SYSTEM *System, bool S5InSsdt);

/* FADT field offsets (ACPI 6.5, table 5.9). */
#define AB_FADT_DSDT 40
#define AB_FADT_SMI_CMD 48
#define AB_FADT_PM1A_EVT 56
#define AB_FADT_PM1B_EVT 60
#define AB_FADT_PM1A_CNT 64
#define AB_FADT_PM1B_CNT 68
#define AB_FADT_PM_TMR 76
#define AB_FADT_CENTURY 108
#define AB_FADT_BOOT_ARCH 109
#define AB_FADT_FLAGS 112
#define AB_FADT_RESET_REG 116
#define AB_FADT_RESET_VALUE 128
#define AB_FADT_X_DSDT 140
#define AB_FADT_X_PM1A_CNT 172
#define AB_FADT_SLEEP_CONTROL 244
#define AB_FADT_SLEEP_STATUS 256

/* QEMU's \_S5: Name (_S5, Package (4) {0, 0, 0, 0}) */
extern const uint8_t AbQemuS5[12];

#endif
