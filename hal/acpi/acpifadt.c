/* SPDX-License-Identifier: MIT */
/*
 * FADT ("FACP"): the fixed-hardware registers the HAL drives (PM1 event and control blocks,
 * PM timer, reset register, hardware-reduced sleep registers), the RTC century index and the
 * DSDT pointer. Which fields exist is decided by the table's length, not its revision, as
 * ACPICA does: a 1.0 FADT is 116 bytes, later ones grow to 244, 268 and 276, and a field past
 * the end reads as absent. A 64-bit X_ block that is present and non-zero wins over its
 * 32-bit predecessor, which otherwise describes an I/O port block.
 */
#include "acpip.h"

#define FADT_V1_LENGTH 116

#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_ACPI_DISABLE 53
#define FADT_PM1A_EVT_BLK 56
#define FADT_PM1B_EVT_BLK 60
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM_TMR_BLK 76
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_X_PM1A_EVT_BLK 148
#define FADT_X_PM1B_EVT_BLK 160
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_X_PM1B_CNT_BLK 184
#define FADT_X_PM_TMR_BLK 208
#define FADT_SLEEP_CONTROL_REG 244
#define FADT_SLEEP_STATUS_REG 256

#define GAS_LENGTH 12

static bool
AcpiFadtHas(uint32_t Length, uint32_t Offset, uint32_t Size)
{
    return Offset + Size <= Length;
}

static void
AcpiFadtGas(const uint8_t *Table, uint32_t Length, uint32_t Offset, ACPI_GAS *Gas)
{
    RtlFillBytes(Gas, sizeof(*Gas), 0);
    if (AcpiFadtHas(Length, Offset, GAS_LENGTH))
        AcpiGetGas(Table + Offset, Gas);
}

/* A register block: the X_ GAS when present and non-zero, else the 32-bit I/O port. */
static void
AcpiFadtBlock(const uint8_t *Table, uint32_t Length, uint32_t Legacy, uint32_t Extended,
              uint8_t BlockLength, ACPI_GAS *Gas)
{
    AcpiFadtGas(Table, Length, Extended, Gas);
    if (Gas->Address != 0)
        return;
    RtlFillBytes(Gas, sizeof(*Gas), 0);
    Gas->Address = RtlReadLe32(Table + Legacy);
    if (Gas->Address != 0)
    {
        Gas->SpaceId = ACPI_SPACE_IO;
        Gas->BitWidth = (uint8_t)(BlockLength * 8);
    }
}

static void
AcpiFadtResetRegister(const uint8_t *Table, uint32_t Length, ACPI_FADT_INFO *Info)
{
    if (!(Info->Flags & ACPI_FADT_RESET_REG_SUP) || !AcpiFadtHas(Length, FADT_RESET_VALUE, 1))
        return;
    AcpiFadtGas(Table, Length, FADT_RESET_REG, &Info->ResetRegister);
    Info->ResetValue = Table[FADT_RESET_VALUE];
    Info->HasResetRegister =
        Info->ResetRegister.Address != 0 && Info->ResetRegister.SpaceId <= ACPI_SPACE_PCI_CONFIG;
}

/* Parses a validated FADT into *Info; fails only when it is shorter than ACPI 1.0's. */
ACPI_STATUS
AcpiParseFadt(const uint8_t *Table, uint32_t Length, ACPI_FADT_INFO *Info)
{
    RtlFillBytes(Info, sizeof(*Info), 0);
    if (Length < FADT_V1_LENGTH)
        return ACPI_E_BAD_LENGTH;
    Info->Length = Length;
    Info->Revision = Table[8];
    Info->Dsdt32 = RtlReadLe32(Table + FADT_DSDT);
    Info->Dsdt = AcpiFadtHas(Length, FADT_X_DSDT, 8) ? RtlReadLe64(Table + FADT_X_DSDT) : 0;
    if (Info->Dsdt == 0)
        Info->Dsdt = Info->Dsdt32;
    Info->SciInterrupt = RtlReadLe16(Table + FADT_SCI_INT);
    Info->SmiCommand = RtlReadLe32(Table + FADT_SMI_CMD);
    Info->AcpiEnable = Table[FADT_ACPI_ENABLE];
    Info->AcpiDisable = Table[FADT_ACPI_DISABLE];
    Info->Pm1EventLength = Table[FADT_PM1_EVT_LEN];
    Info->Century = Table[FADT_CENTURY];
    Info->BootArch = RtlReadLe16(Table + FADT_IAPC_BOOT_ARCH);
    Info->Flags = RtlReadLe32(Table + FADT_FLAGS);
    AcpiFadtBlock(Table, Length, FADT_PM1A_EVT_BLK, FADT_X_PM1A_EVT_BLK, Info->Pm1EventLength,
                  &Info->Pm1aEvent);
    AcpiFadtBlock(Table, Length, FADT_PM1B_EVT_BLK, FADT_X_PM1B_EVT_BLK, Info->Pm1EventLength,
                  &Info->Pm1bEvent);
    AcpiFadtBlock(Table, Length, FADT_PM1A_CNT_BLK, FADT_X_PM1A_CNT_BLK, Table[FADT_PM1_CNT_LEN],
                  &Info->Pm1aControl);
    AcpiFadtBlock(Table, Length, FADT_PM1B_CNT_BLK, FADT_X_PM1B_CNT_BLK, Table[FADT_PM1_CNT_LEN],
                  &Info->Pm1bControl);
    AcpiFadtBlock(Table, Length, FADT_PM_TMR_BLK, FADT_X_PM_TMR_BLK, Table[FADT_PM_TMR_LEN],
                  &Info->PmTimer);
    AcpiFadtResetRegister(Table, Length, Info);
    AcpiFadtGas(Table, Length, FADT_SLEEP_CONTROL_REG, &Info->SleepControl);
    AcpiFadtGas(Table, Length, FADT_SLEEP_STATUS_REG, &Info->SleepStatus);
    return ACPI_OK;
}
