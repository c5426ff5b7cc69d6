/* SPDX-License-Identifier: MIT */
/*
 * HPET table: where the event timer block lives. The base must be a non-zero address in
 * system memory (ACPI 6.5 / IA-PC HPET specification 1.0a, 3.2.4).
 */
#include "acpip.h"

#define HPET_LENGTH 56
#define HPET_BLOCK_ID 36
#define HPET_BASE_ADDRESS 40
#define HPET_NUMBER 52
#define HPET_MINIMUM_TICK 53

ACPI_STATUS
AcpiParseHpet(const uint8_t *Table, uint32_t Length, ACPI_HPET_INFO *Info)
{
    ACPI_GAS Base;

    RtlFillBytes(Info, sizeof(*Info), 0);
    if (Length < HPET_LENGTH)
        return ACPI_E_BAD_LENGTH;
    AcpiGetGas(Table + HPET_BASE_ADDRESS, &Base);
    if (Base.SpaceId != ACPI_SPACE_MEMORY || Base.Address == 0)
        return ACPI_E_BAD_VALUE;
    Info->Address = Base.Address;
    Info->BlockId = RtlReadLe32(Table + HPET_BLOCK_ID);
    Info->Number = Table[HPET_NUMBER];
    Info->MinimumTick = RtlReadLe16(Table + HPET_MINIMUM_TICK);
    return ACPI_OK;
}
