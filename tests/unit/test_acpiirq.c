/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.acpiirq: interrupt routing from the MADT (hal/acpi/acpiirq.c): ISA defaults,
 * overrides moving an IRQ and setting its polarity and trigger, "conforms to the bus" flags,
 * GSIs that an override vacated, overrides for other buses, and a parsed q35-like MADT.
 */
#include "acpitest.h"

static void
AddOverride(ACPI_MADT_INFO *Madt, uint8_t Bus, uint8_t Source, uint32_t Gsi, uint16_t Flags)
{
    ACPI_OVERRIDE *Override = &Madt->Overrides[Madt->OverrideCount++];

    Override->Bus = Bus;
    Override->Source = Source;
    Override->Gsi = Gsi;
    Override->Flags = Flags;
}

static void
AssertRoute(const ACPI_INTERRUPT_ROUTE *Route, uint32_t Gsi, bool ActiveLow, bool Level,
            bool Overridden)
{
    assert_int_equal(Route->Gsi, Gsi);
    assert_int_equal(Route->ActiveLow, ActiveLow);
    assert_int_equal(Route->LevelTriggered, Level);
    assert_int_equal(Route->Overridden, Overridden);
}

static void
test_irq_without_overrides(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_INTERRUPT_ROUTE Route;

    for (uint8_t Irq = 0; Irq < ACPI_ISA_IRQS; Irq++)
    {
        AcpiRouteIsaIrq(&Test->Madt, Irq, &Route);
        AssertRoute(&Route, Irq, false, false, false);
        AcpiRouteGsi(&Test->Madt, Irq, &Route);
        AssertRoute(&Route, Irq, false, false, false);
    }
    AcpiRouteGsi(&Test->Madt, ACPI_ISA_IRQS, &Route);
    AssertRoute(&Route, ACPI_ISA_IRQS, true, true, false);
    AcpiRouteGsi(&Test->Madt, 0xFFFFFFFFu, &Route);
    AssertRoute(&Route, 0xFFFFFFFFu, true, true, false);
}

static void
test_irq_overrides(void **State)
{
    ACPI_MADT_INFO *Madt = &((TEST_STATE *)*State)->Madt;
    ACPI_INTERRUPT_ROUTE Route;

    AddOverride(Madt, 0, 0, 2, 0x0);   /* the PIT on GSI 2, conforming: edge/high */
    AddOverride(Madt, 0, 9, 9, 0xD);   /* SCI: level, active high */
    AddOverride(Madt, 0, 11, 20, 0xF); /* moved above 16: level, active low */
    AddOverride(Madt, 0, 5, 5, 0x5);   /* explicit edge, high */
    AddOverride(Madt, 0, 6, 6, 0xA);   /* reserved encodings: read as conforming */
    AddOverride(Madt, 1, 7, 40, 0xF);  /* not the ISA bus: ignored */

    AcpiRouteIsaIrq(Madt, 0, &Route);
    AssertRoute(&Route, 2, false, false, true);
    AcpiRouteIsaIrq(Madt, 9, &Route);
    AssertRoute(&Route, 9, false, true, true);
    AcpiRouteIsaIrq(Madt, 11, &Route);
    AssertRoute(&Route, 20, true, true, true);
    AcpiRouteIsaIrq(Madt, 5, &Route);
    AssertRoute(&Route, 5, false, false, true);
    AcpiRouteIsaIrq(Madt, 6, &Route);
    AssertRoute(&Route, 6, false, false, true);
    AcpiRouteIsaIrq(Madt, 7, &Route);
    AssertRoute(&Route, 7, false, false, false);

    AcpiRouteGsi(Madt, 2, &Route); /* IRQ 0's GSI takes IRQ 0's flags */
    AssertRoute(&Route, 2, false, false, true);
    AcpiRouteGsi(Madt, 20, &Route);
    AssertRoute(&Route, 20, true, true, true);
    AcpiRouteGsi(Madt, 9, &Route);
    AssertRoute(&Route, 9, false, true, true);
    AcpiRouteGsi(Madt, 40, &Route); /* an override for another bus does not count */
    AssertRoute(&Route, 40, true, true, false);
    /* GSI 0 and 11 lost their ISA IRQ to an override: no longer ISA lines. */
    AcpiRouteGsi(Madt, 0, &Route);
    AssertRoute(&Route, 0, true, true, false);
    AcpiRouteGsi(Madt, 11, &Route);
    AssertRoute(&Route, 11, true, true, false);
    AcpiRouteGsi(Madt, 1, &Route);
    AssertRoute(&Route, 1, false, false, false);
}

static void
test_irq_from_parsed_madt(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_INTERRUPT_ROUTE Route;
    uint32_t Fault;

    AbMadt(&Test->Table, 1);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseMadt(Test->Table.Data, Test->Table.Length, &Test->Madt, &Fault),
                       ACPI_OK);
    AcpiRouteIsaIrq(&Test->Madt, 0, &Route);
    AssertRoute(&Route, 2, false, false, true);
    AcpiRouteIsaIrq(&Test->Madt, 9, &Route);
    AssertRoute(&Route, 9, false, true, true);
    AcpiRouteIsaIrq(&Test->Madt, 1, &Route);
    AssertRoute(&Route, 1, false, false, false);
    AcpiRouteGsi(&Test->Madt, 23, &Route);
    AssertRoute(&Route, 23, true, true, false);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        ACPI_TEST(test_irq_without_overrides),
        ACPI_TEST(test_irq_overrides),
        ACPI_TEST(test_irq_from_parsed_madt),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
