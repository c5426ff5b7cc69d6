/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.acpimadt: MADT parsing (hal/acpi/acpimadt.c): Local APIC, x2APIC, I/O APIC,
 * override and NMI entries, unknown and longer entries, every malformed entry length, and the
 * fixed capacities.
 */
#include "acpitest.h"

/* ---- MADT ----------------------------------------------------------------------------------- */

static void
PutEntry(AB_TABLE *Table, const uint8_t *Entry, uint32_t Length)
{
    AbPutBytes(Table, Entry, Length);
}

static ACPI_STATUS
ParseMadt(TEST_STATE *Test, uint32_t *Fault)
{
    AbFinish(&Test->Table);
    return AcpiParseMadt(Test->Table.Data, Test->Table.Length, &Test->Madt, Fault);
}

static void
BeginMadt(TEST_STATE *Test)
{
    AbBegin(&Test->Table, "APIC", 5);
    AbPut32(&Test->Table, 0xFEE00000);
    AbPut32(&Test->Table, ACPI_MADT_PCAT_COMPAT);
}

static void
test_madt_entries(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Bsp[8] = {0, 8, 1, 0, 1, 0, 0, 0};
    const uint8_t Disabled[8] = {0, 8, 2, 5, 0, 0, 0, 0};
    const uint8_t Hotplug[8] = {0, 8, 3, 6, 2, 0, 0, 0};
    const uint8_t BadId[8] = {0, 8, 4, 0xFF, 1, 0, 0, 0};
    const uint8_t X2[16] = {9, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0, 0x20, 0, 0, 0};
    const uint8_t X2Dup[16] = {9, 16, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    const uint8_t IoApic[12] = {1, 12, 2, 0, 0x00, 0x10, 0xC0, 0xFE, 24, 0, 0, 0};
    const uint8_t Iso[10] = {2, 10, 0, 9, 20, 0, 0, 0, 0x0D, 0x00};
    const uint8_t Nmi[6] = {4, 6, 0xFF, 0x05, 0x00, 1};
    const uint8_t X2Nmi[12] = {10, 12, 0x05, 0, 0x20, 0, 0, 0, 1, 0, 0, 0};
    const uint8_t Override[12] = {5, 12, 0, 0, 0, 0, 0xE0, 0xFE, 0x01, 0, 0, 0};
    const uint8_t Future[5] = {0x7F, 5, 0xAA, 0xBB, 0xCC};
    const uint8_t Longer[10] = {0, 10, 7, 7, 1, 0, 0, 0, 0xEE, 0xEE};
    uint32_t Fault;
    const ACPI_MADT_INFO *Madt = &Test->Madt;

    BeginMadt(Test);
    PutEntry(&Test->Table, Bsp, 8);
    PutEntry(&Test->Table, Disabled, 8);
    PutEntry(&Test->Table, Hotplug, 8);
    PutEntry(&Test->Table, BadId, 8);
    PutEntry(&Test->Table, X2, 16);
    PutEntry(&Test->Table, X2Dup, 16);
    PutEntry(&Test->Table, IoApic, 12);
    PutEntry(&Test->Table, Iso, 10);
    PutEntry(&Test->Table, Nmi, 6);
    PutEntry(&Test->Table, X2Nmi, 12);
    PutEntry(&Test->Table, Future, 5);
    PutEntry(&Test->Table, Longer, 10);
    PutEntry(&Test->Table, Override, 12);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_OK);
    assert_int_equal(Fault, ACPI_NO_OFFSET);
    assert_int_equal(Madt->LocalApicAddress, 0x1FEE00000ull);
    assert_int_equal(Madt->Flags, ACPI_MADT_PCAT_COMPAT);
    assert_int_equal(Madt->ProcessorCount, 4); /* BSP, hot-plug, x2APIC 0x100, longer entry */
    assert_int_equal(Madt->EnabledCount, 3);
    assert_int_equal(Madt->Processors[0].ApicId, 0);
    assert_int_equal(Madt->Processors[0].AcpiId, 1);
    assert_true(Madt->Processors[0].Enabled);
    assert_int_equal(Madt->Processors[1].ApicId, 6);
    assert_false(Madt->Processors[1].Enabled);
    assert_true(Madt->Processors[1].OnlineCapable);
    assert_int_equal(Madt->Processors[2].ApicId, 0x100);
    assert_int_equal(Madt->Processors[2].AcpiId, 0x20);
    assert_true(Madt->Processors[2].X2Apic);
    assert_int_equal(Madt->Processors[3].ApicId, 7);
    assert_int_equal(Madt->IoApicCount, 1);
    assert_int_equal(Madt->IoApics[0].Id, 2);
    assert_int_equal(Madt->IoApics[0].Address, 0xFEC01000);
    assert_int_equal(Madt->IoApics[0].GsiBase, 24);
    assert_int_equal(Madt->OverrideCount, 1);
    assert_int_equal(Madt->Overrides[0].Source, 9);
    assert_int_equal(Madt->Overrides[0].Gsi, 20);
    assert_int_equal(Madt->Overrides[0].Flags, 0x0D);
    assert_int_equal(Madt->NmiCount, 2);
    assert_int_equal(Madt->Nmis[0].AcpiId, 0xFFFFFFFFu);
    assert_int_equal(Madt->Nmis[0].Flags, 5);
    assert_int_equal(Madt->Nmis[0].Lint, 1);
    assert_int_equal(Madt->Nmis[1].AcpiId, 0x20);
    assert_int_equal(Madt->Dropped, 0);
}

static void
ExpectMadtFault(TEST_STATE *Test, const uint8_t *Entry, uint32_t Length)
{
    const uint8_t Bsp[8] = {0, 8, 0, 0, 1, 0, 0, 0};
    uint32_t Fault;

    BeginMadt(Test);
    PutEntry(&Test->Table, Bsp, 8);
    PutEntry(&Test->Table, Entry, Length);
    PutEntry(&Test->Table, Bsp, 8);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_E_BAD_ENTRY);
    assert_int_equal(Fault, 52);
    assert_int_equal(Test->Madt.ProcessorCount, 0); /* nothing half-parsed survives */
    assert_int_equal(Test->Madt.LocalApicAddress, 0);
}

static void
test_madt_malformed_entries(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Zero[2] = {0x7F, 0};
    const uint8_t One[2] = {0x7F, 1};
    const uint8_t ShortLapic[6] = {0, 6, 1, 1, 1, 0};
    const uint8_t ShortIoApic[8] = {1, 8, 0, 0, 0, 0, 0xC0, 0xFE};
    const uint8_t ShortIso[8] = {2, 8, 0, 0, 2, 0, 0, 0};
    const uint8_t ShortX2[12] = {9, 12, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    const uint8_t ShortOverride[8] = {5, 8, 0, 0, 0, 0, 0xE0, 0xFE};
    const uint8_t PastEnd[4] = {0, 200, 1, 1}; /* claims more than the table has */

    ExpectMadtFault(Test, Zero, 2);
    ExpectMadtFault(Test, One, 2);
    ExpectMadtFault(Test, ShortLapic, 6);
    ExpectMadtFault(Test, ShortIoApic, 8);
    ExpectMadtFault(Test, ShortIso, 8);
    ExpectMadtFault(Test, ShortX2, 12);
    ExpectMadtFault(Test, ShortOverride, 8);
    ExpectMadtFault(Test, PastEnd, 4);
}

static void
test_madt_entry_header_cut_by_table_end(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Bsp[8] = {0, 8, 0, 0, 1, 0, 0, 0};
    uint32_t Fault;

    BeginMadt(Test);
    PutEntry(&Test->Table, Bsp, 8);
    AbPut8(&Test->Table, 0); /* a lone type byte, no length byte */
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_E_BAD_ENTRY);
    assert_int_equal(Fault, 52);
}

static void
test_madt_needs_an_enabled_processor(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Disabled[8] = {0, 8, 0, 0, 0, 0, 0, 0};
    uint32_t Fault;

    BeginMadt(Test);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_E_BAD_VALUE);
    BeginMadt(Test);
    PutEntry(&Test->Table, Disabled, 8);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_E_BAD_VALUE);
    assert_int_equal(Test->Madt.ProcessorCount, 0);
}

static void
test_madt_too_short(void **State)
{
    TEST_STATE *Test = *State;
    uint32_t Fault;

    AbBegin(&Test->Table, "APIC", 1);
    AbPut32(&Test->Table, 0xFEE00000);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_E_BAD_LENGTH);
}

static void
test_madt_capacity(void **State)
{
    TEST_STATE *Test = *State;
    uint8_t X2[16] = {9, 16, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    const uint8_t IoApic[12] = {1, 12, 0, 0, 0, 0, 0xC0, 0xFE, 0, 0, 0, 0};
    uint32_t Fault;

    BeginMadt(Test);
    for (uint32_t i = 0; i < ACPI_MAX_PROCESSORS + 10; i++)
    {
        X2[4] = (uint8_t)i;
        X2[5] = (uint8_t)(i >> 8);
        PutEntry(&Test->Table, X2, 16);
    }
    for (uint32_t i = 0; i < ACPI_MAX_IOAPICS + 1; i++)
        PutEntry(&Test->Table, IoApic, 12);
    assert_acpi_status(ParseMadt(Test, &Fault), ACPI_OK);
    assert_int_equal(Test->Madt.ProcessorCount, ACPI_MAX_PROCESSORS);
    assert_int_equal(Test->Madt.EnabledCount, ACPI_MAX_PROCESSORS);
    assert_int_equal(Test->Madt.IoApicCount, ACPI_MAX_IOAPICS);
    assert_int_equal(Test->Madt.Dropped, 11);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        ACPI_TEST(test_madt_entries),
        ACPI_TEST(test_madt_malformed_entries),
        ACPI_TEST(test_madt_entry_header_cut_by_table_end),
        ACPI_TEST(test_madt_needs_an_enabled_processor),
        ACPI_TEST(test_madt_too_short),
        ACPI_TEST(test_madt_capacity),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
