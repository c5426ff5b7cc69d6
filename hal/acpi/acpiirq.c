/* SPDX-License-Identifier: MIT */
/*
 * Where an interrupt comes in and how it is signalled, from the MADT's interrupt source
 * overrides (ACPI 6.5, 5.2.12.5). ISA IRQs are identity-mapped to GSIs 0-15 unless an
 * override moves them, and are edge-triggered, active high; every other GSI is a PCI-style
 * level-triggered, active-low line. An override's MPS INTI flags may say "conforms to the
 * bus" (0), which for the ISA bus is again edge/high; the reserved value 2 is read the same
 * way, as Linux reads it, rather than guessed.
 */
#include "acpip.h"

#define INTI_POLARITY_MASK 0x3
#define INTI_POLARITY_LOW 0x3
#define INTI_TRIGGER_MASK 0xC
#define INTI_TRIGGER_LEVEL 0xC
#define ISA_BUS 0

static void
AcpiRouteFromFlags(uint32_t Gsi, uint16_t Flags, ACPI_INTERRUPT_ROUTE *Route)
{
    Route->Gsi = Gsi;
    Route->ActiveLow = (Flags & INTI_POLARITY_MASK) == INTI_POLARITY_LOW;
    Route->LevelTriggered = (Flags & INTI_TRIGGER_MASK) == INTI_TRIGGER_LEVEL;
    Route->Overridden = true;
}

static const ACPI_OVERRIDE *
AcpiFindOverride(const ACPI_MADT_INFO *Madt, bool BySource, uint32_t Value)
{
    for (uint32_t i = 0; i < Madt->OverrideCount; i++)
    {
        const ACPI_OVERRIDE *Override = &Madt->Overrides[i];

        if (Override->Bus == ISA_BUS && (BySource ? Override->Source : Override->Gsi) == Value)
            return Override;
    }
    return NULL;
}

/* The GSI ISA IRQ Irq (0-15) arrives on, with its polarity and trigger. */
void
AcpiRouteIsaIrq(const ACPI_MADT_INFO *Madt, uint8_t Irq, ACPI_INTERRUPT_ROUTE *Route)
{
    const ACPI_OVERRIDE *Override = AcpiFindOverride(Madt, true, Irq);

    if (Override != NULL)
    {
        AcpiRouteFromFlags(Override->Gsi, Override->Flags, Route);
        return;
    }
    Route->Gsi = Irq;
    Route->ActiveLow = false;
    Route->LevelTriggered = false;
    Route->Overridden = false;
}

/* Polarity and trigger of a GSI: the override that targets it; else, below 16, the ISA
 * default unless an override moved that ISA IRQ elsewhere; else level/low. */
void
AcpiRouteGsi(const ACPI_MADT_INFO *Madt, uint32_t Gsi, ACPI_INTERRUPT_ROUTE *Route)
{
    const ACPI_OVERRIDE *Override = AcpiFindOverride(Madt, false, Gsi);

    if (Override != NULL)
    {
        AcpiRouteFromFlags(Gsi, Override->Flags, Route);
        return;
    }
    Route->Gsi = Gsi;
    Route->Overridden = false;
    Route->ActiveLow = true;
    Route->LevelTriggered = true;
    if (Gsi < ACPI_ISA_IRQS && AcpiFindOverride(Madt, true, Gsi) == NULL)
    {
        Route->ActiveLow = false;
        Route->LevelTriggered = false;
    }
}
