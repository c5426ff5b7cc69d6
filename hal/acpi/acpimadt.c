/* SPDX-License-Identifier: MIT */
/*
 * MADT ("APIC"): processors (Processor Local APIC and x2APIC entries), I/O APICs, interrupt
 * source overrides and local APIC NMI wiring. Entries are walked by their length byte. An
 * entry with a length below 2, below its type's layout or running past the table makes the
 * whole table suspect, so the MADT is rejected (as Linux does) and the HAL falls back to one
 * processor and the 8259 PICs. Types the HAL does not use are skipped by their length, so
 * entries of later revisions pass. Processors that are neither enabled nor online-capable,
 * invalid APIC IDs (0xFF, 0xFFFFFFFF) and repeated APIC IDs are left out.
 */
#include "acpip.h"

#define MADT_ENTRIES 44

enum
{
    MADT_LOCAL_APIC = 0,
    MADT_IO_APIC = 1,
    MADT_INTERRUPT_OVERRIDE = 2,
    MADT_NMI_SOURCE = 3,
    MADT_LOCAL_APIC_NMI = 4,
    MADT_LOCAL_APIC_OVERRIDE = 5,
    MADT_LOCAL_X2APIC = 9,
    MADT_LOCAL_X2APIC_NMI = 10,
    MADT_KNOWN_TYPES
};

/* Smallest valid length of each entry type the parser reads (ACPI 6.5, 5.2.12). */
static const uint8_t MadtMinimumLength[MADT_KNOWN_TYPES] = {
    [MADT_LOCAL_APIC] = 8,    [MADT_IO_APIC] = 12,          [MADT_INTERRUPT_OVERRIDE] = 10,
    [MADT_NMI_SOURCE] = 8,    [MADT_LOCAL_APIC_NMI] = 6,    [MADT_LOCAL_APIC_OVERRIDE] = 12,
    [MADT_LOCAL_X2APIC] = 16, [MADT_LOCAL_X2APIC_NMI] = 12,
};

#define LAPIC_ENABLED 0x1
#define LAPIC_ONLINE_CAPABLE 0x2

static void
AcpiAddProcessor(ACPI_MADT_INFO *Info, uint32_t ApicId, uint32_t AcpiId, uint32_t Flags,
                 bool X2Apic)
{
    ACPI_PROCESSOR *Processor;

    if (!(Flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)) || ApicId == 0xFFFFFFFFu ||
        (!X2Apic && ApicId == 0xFF))
        return;
    for (uint32_t i = 0; i < Info->ProcessorCount; i++)
    {
        if (Info->Processors[i].ApicId == ApicId)
            return;
    }
    if (Info->ProcessorCount == ACPI_MAX_PROCESSORS)
    {
        Info->Dropped++;
        return;
    }
    Processor = &Info->Processors[Info->ProcessorCount++];
    Processor->ApicId = ApicId;
    Processor->AcpiId = AcpiId;
    Processor->Enabled = (Flags & LAPIC_ENABLED) != 0;
    Processor->OnlineCapable = !Processor->Enabled;
    Processor->X2Apic = X2Apic;
    if (Processor->Enabled)
        Info->EnabledCount++;
}

static void
AcpiAddIoApic(ACPI_MADT_INFO *Info, const uint8_t *Entry)
{
    ACPI_IOAPIC *IoApic;

    if (Info->IoApicCount == ACPI_MAX_IOAPICS)
    {
        Info->Dropped++;
        return;
    }
    IoApic = &Info->IoApics[Info->IoApicCount++];
    IoApic->Id = Entry[2];
    IoApic->Address = RtlReadLe32(Entry + 4);
    IoApic->GsiBase = RtlReadLe32(Entry + 8);
}

static void
AcpiAddOverride(ACPI_MADT_INFO *Info, const uint8_t *Entry)
{
    ACPI_OVERRIDE *Override;

    if (Info->OverrideCount == ACPI_MAX_OVERRIDES)
    {
        Info->Dropped++;
        return;
    }
    Override = &Info->Overrides[Info->OverrideCount++];
    Override->Bus = Entry[2];
    Override->Source = Entry[3];
    Override->Gsi = RtlReadLe32(Entry + 4);
    Override->Flags = RtlReadLe16(Entry + 8);
}

static void
AcpiAddNmi(ACPI_MADT_INFO *Info, uint32_t AcpiId, uint16_t Flags, uint8_t Lint)
{
    ACPI_LAPIC_NMI *Nmi;

    if (Info->NmiCount == ACPI_MAX_LAPIC_NMIS)
    {
        Info->Dropped++;
        return;
    }
    Nmi = &Info->Nmis[Info->NmiCount++];
    Nmi->AcpiId = AcpiId;
    Nmi->Flags = Flags;
    Nmi->Lint = Lint;
}

/* One entry whose length has been checked against its type's minimum. */
static void
AcpiMadtEntry(ACPI_MADT_INFO *Info, const uint8_t *Entry)
{
    switch (Entry[0])
    {
        case MADT_LOCAL_APIC:
            AcpiAddProcessor(Info, Entry[3], Entry[2], RtlReadLe32(Entry + 4), false);
            break;
        case MADT_LOCAL_X2APIC:
            AcpiAddProcessor(Info, RtlReadLe32(Entry + 4), RtlReadLe32(Entry + 12),
                             RtlReadLe32(Entry + 8), true);
            break;
        case MADT_IO_APIC:
            AcpiAddIoApic(Info, Entry);
            break;
        case MADT_INTERRUPT_OVERRIDE:
            AcpiAddOverride(Info, Entry);
            break;
        case MADT_LOCAL_APIC_NMI:
            AcpiAddNmi(Info, Entry[2] == 0xFF ? 0xFFFFFFFFu : Entry[2], RtlReadLe16(Entry + 3),
                       Entry[5]);
            break;
        case MADT_LOCAL_X2APIC_NMI:
            AcpiAddNmi(Info, RtlReadLe32(Entry + 4), RtlReadLe16(Entry + 2), Entry[8]);
            break;
        case MADT_LOCAL_APIC_OVERRIDE:
            Info->LocalApicAddress = RtlReadLe64(Entry + 4);
            break;
        default:
            break;
    }
}

/* Parses a validated MADT into *Info. On a malformed entry *Info is cleared, *FaultOffset is
 * the entry's offset and ACPI_E_BAD_ENTRY is returned; a MADT without one enabled processor
 * is ACPI_E_BAD_VALUE. */
ACPI_STATUS
AcpiParseMadt(const uint8_t *Table, uint32_t Length, ACPI_MADT_INFO *Info, uint32_t *FaultOffset)
{
    uint32_t Offset = MADT_ENTRIES;
    uint8_t Type, EntryLength;

    RtlFillBytes(Info, sizeof(*Info), 0);
    *FaultOffset = ACPI_NO_OFFSET;
    if (Length < MADT_ENTRIES)
        return ACPI_E_BAD_LENGTH;
    Info->LocalApicAddress = RtlReadLe32(Table + 36);
    Info->Flags = RtlReadLe32(Table + 40);
    while (Offset < Length)
    {
        Type = Table[Offset];
        EntryLength = Length - Offset >= 2 ? Table[Offset + 1] : 0;
        if (EntryLength < 2 || EntryLength > Length - Offset ||
            (Type < MADT_KNOWN_TYPES && EntryLength < MadtMinimumLength[Type]))
        {
            RtlFillBytes(Info, sizeof(*Info), 0);
            *FaultOffset = Offset;
            return ACPI_E_BAD_ENTRY;
        }
        AcpiMadtEntry(Info, Table + Offset);
        Offset += EntryLength;
    }
    if (Info->EnabledCount == 0)
    {
        RtlFillBytes(Info, sizeof(*Info), 0);
        return ACPI_E_BAD_VALUE;
    }
    return ACPI_OK;
}
