/* SPDX-License-Identifier: MIT */
/*
 * What the HAL takes from ACPI, gathered in one pass over the validated tables: the FADT and
 * through it the DSDT (X_DSDT, then the 32-bit DSDT if that one fails) and the \_S5 sleep
 * type (searched in the DSDT, then in each SSDT), the MADT, the HPET and the MCFG. A table
 * its parser rejects is reported and the next table of the same signature, if any, is
 * tried. Whatever is still missing keeps its Have* flag clear, and the HAL uses its legacy
 * default for it.
 */
#include "acpip.h"

static void
AcpiDiscoverDsdt(ACPI_SYSTEM *System)
{
    const ACPI_HOST *Host = System->Root.Host;
    const ACPI_FADT_INFO *Fadt = &System->Fadt;
    ACPI_STATUS Status;

    Status = AcpiMapTable(Host, Fadt->Dsdt, "DSDT", &System->Dsdt);
    if (Status != ACPI_OK)
    {
        AcpiReport(Host, "DSDT", Fadt->Dsdt, Status, ACPI_NO_OFFSET);
        if (Fadt->Dsdt32 == 0 || Fadt->Dsdt32 == Fadt->Dsdt)
            return;
        Status = AcpiMapTable(Host, Fadt->Dsdt32, "DSDT", &System->Dsdt);
        if (Status != ACPI_OK)
        {
            AcpiReport(Host, "DSDT", Fadt->Dsdt32, Status, ACPI_NO_OFFSET);
            return;
        }
    }
    System->HaveDsdt = true;
}

static void
AcpiDiscoverFadt(ACPI_SYSTEM *System)
{
    const ACPI_TABLE *Table;
    ACPI_STATUS Status;

    for (uint32_t i = 0; (Table = AcpiFindTable(&System->Root, "FACP", i)) != NULL; i++)
    {
        Status = AcpiParseFadt(Table->Data, Table->Length, &System->Fadt);
        if (Status == ACPI_OK)
        {
            System->HaveFadt = true;
            AcpiDiscoverDsdt(System);
            return;
        }
        AcpiReport(System->Root.Host, "FACP", Table->Address, Status, ACPI_NO_OFFSET);
    }
}

/* Searches one definition block; reports a malformed \_S5 it could not use. */
static bool
AcpiSleepTypeIn(ACPI_SYSTEM *System, const ACPI_TABLE *Table)
{
    uint32_t Fault;
    ACPI_STATUS Status;

    Status = AcpiFindSleepType(Table->Data, Table->Length, 5, &System->S5, &Fault);
    if (Status != ACPI_OK && Status != ACPI_E_NOT_FOUND)
        AcpiReport(System->Root.Host, Table->Signature, Table->Address, Status, Fault);
    return Status == ACPI_OK;
}

static void
AcpiDiscoverSleep(ACPI_SYSTEM *System)
{
    const ACPI_TABLE *Table;

    if (System->HaveDsdt && AcpiSleepTypeIn(System, &System->Dsdt))
    {
        System->HaveS5 = true;
        return;
    }
    for (uint32_t i = 0; (Table = AcpiFindTable(&System->Root, "SSDT", i)) != NULL; i++)
    {
        if (AcpiSleepTypeIn(System, Table))
        {
            System->HaveS5 = true;
            return;
        }
    }
}

static void
AcpiDiscoverMadt(ACPI_SYSTEM *System)
{
    const ACPI_TABLE *Table;
    ACPI_STATUS Status;
    uint32_t Fault;

    for (uint32_t i = 0; (Table = AcpiFindTable(&System->Root, "APIC", i)) != NULL; i++)
    {
        Status = AcpiParseMadt(Table->Data, Table->Length, &System->Madt, &Fault);
        if (Status == ACPI_OK)
        {
            System->HaveMadt = true;
            if (System->Madt.Dropped > 0)
                AcpiReport(System->Root.Host, "APIC", Table->Address, ACPI_E_TOO_MANY,
                           ACPI_NO_OFFSET);
            return;
        }
        AcpiReport(System->Root.Host, "APIC", Table->Address, Status, Fault);
    }
}

static void
AcpiDiscoverTimersAndPci(ACPI_SYSTEM *System)
{
    const ACPI_TABLE *Table;
    ACPI_STATUS Status;
    uint32_t Fault;

    for (uint32_t i = 0; !System->HaveHpet && (Table = AcpiFindTable(&System->Root, "HPET", i));
         i++)
    {
        Status = AcpiParseHpet(Table->Data, Table->Length, &System->Hpet);
        System->HaveHpet = Status == ACPI_OK;
        if (Status != ACPI_OK)
            AcpiReport(System->Root.Host, "HPET", Table->Address, Status, ACPI_NO_OFFSET);
    }
    for (uint32_t i = 0; !System->HaveMcfg && (Table = AcpiFindTable(&System->Root, "MCFG", i));
         i++)
    {
        Status = AcpiParseMcfg(Table->Data, Table->Length, &System->Mcfg, &Fault);
        System->HaveMcfg = Status == ACPI_OK;
        if (Status != ACPI_OK)
            AcpiReport(System->Root.Host, "MCFG", Table->Address, Status, Fault);
        else if (System->Mcfg.Dropped > 0)
            AcpiReport(System->Root.Host, "MCFG", Table->Address, ACPI_E_TOO_MANY, ACPI_NO_OFFSET);
    }
}

/* Fails only when there is no usable RSDP and root table (already reported); otherwise the
 * Have* flags say what was found. */
ACPI_STATUS
AcpiDiscover(ACPI_SYSTEM *System, const ACPI_HOST *Host, uint64_t RsdpAddress)
{
    ACPI_STATUS Status;

    RtlFillBytes(System, sizeof(*System), 0);
    Status = AcpiLoadRoot(&System->Root, Host, RsdpAddress);
    if (Status != ACPI_OK)
        return Status;
    AcpiDiscoverFadt(System);
    AcpiDiscoverSleep(System);
    AcpiDiscoverMadt(System);
    AcpiDiscoverTimersAndPci(System);
    return ACPI_OK;
}
