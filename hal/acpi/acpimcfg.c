/* SPDX-License-Identifier: MIT */
/*
 * MCFG: the PCI Express enhanced configuration (ECAM) windows, one per segment group and bus
 * range (PCI Firmware Specification 3.2, 4.1.2). Bytes after the last whole 16-byte entry are
 * ignored, as Linux does; an entry with a null base or an inverted bus range rejects the
 * table.
 */
#include "acpip.h"

#define MCFG_ENTRIES 44
#define MCFG_ENTRY_LENGTH 16

ACPI_STATUS
AcpiParseMcfg(const uint8_t *Table, uint32_t Length, ACPI_MCFG_INFO *Info, uint32_t *FaultOffset)
{
    ACPI_MCFG_SEGMENT Segment;

    RtlFillBytes(Info, sizeof(*Info), 0);
    *FaultOffset = ACPI_NO_OFFSET;
    if (Length < MCFG_ENTRIES)
        return ACPI_E_BAD_LENGTH;
    for (uint32_t Offset = MCFG_ENTRIES; Length - Offset >= MCFG_ENTRY_LENGTH;
         Offset += MCFG_ENTRY_LENGTH)
    {
        Segment.Address = RtlReadLe64(Table + Offset);
        Segment.Segment = RtlReadLe16(Table + Offset + 8);
        Segment.StartBus = Table[Offset + 10];
        Segment.EndBus = Table[Offset + 11];
        if (Segment.Address == 0 || Segment.StartBus > Segment.EndBus)
        {
            RtlFillBytes(Info, sizeof(*Info), 0);
            *FaultOffset = Offset;
            return ACPI_E_BAD_ENTRY;
        }
        if (Info->Count == ACPI_MAX_MCFG_SEGMENTS)
            Info->Dropped++;
        else
            Info->Segments[Info->Count++] = Segment;
    }
    return ACPI_OK;
}
