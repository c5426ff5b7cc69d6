/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.acpifadt: FADT parsing across the 1.0, 2.0+ and hardware-reduced layouts
 * (hal/acpi/acpifadt.c), and the HPET and MCFG tables (acpihpet.c, acpimcfg.c).
 */
#include "acpitest.h"

/* ---- FADT ----------------------------------------------------------------------------------- */

static void
test_fadt_acpi_1(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    AbFadt(&Test->Table, 116, 0x12345000);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_int_equal(Fadt.Length, 116);
    assert_int_equal(Fadt.Dsdt, 0x12345000);
    assert_int_equal(Fadt.Dsdt32, 0x12345000);
    assert_int_equal(Fadt.Pm1aControl.SpaceId, ACPI_SPACE_IO);
    assert_int_equal(Fadt.Pm1aControl.Address, 0x604);
    assert_int_equal(Fadt.Pm1aControl.BitWidth, 16);
    assert_int_equal(Fadt.Pm1bControl.Address, 0);
    assert_int_equal(Fadt.Pm1aEvent.Address, 0x600);
    assert_int_equal(Fadt.Pm1EventLength, 4);
    assert_int_equal(Fadt.PmTimer.Address, 0x608);
    assert_int_equal(Fadt.SmiCommand, 0xB2);
    assert_int_equal(Fadt.AcpiEnable, 0xF1);
    assert_int_equal(Fadt.SciInterrupt, 9);
    assert_int_equal(Fadt.Century, 0x32);
    assert_int_equal(Fadt.BootArch, 0);
    /* RESET_REG_SUP is set, but a 1.0 FADT ends before RESET_REG. */
    assert_true(Fadt.Flags & ACPI_FADT_RESET_REG_SUP);
    assert_false(Fadt.HasResetRegister);
    assert_int_equal(Fadt.SleepControl.Address, 0);
}

static void
test_fadt_acpi_2_prefers_extended_fields(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    AbFadt(&Test->Table, 244, 0x1000);
    AbSet64(&Test->Table, AB_FADT_X_DSDT, 0x100002000ull);
    AbSetGas(&Test->Table, AB_FADT_X_PM1A_CNT, ACPI_SPACE_MEMORY, 16, 0xFED80000);
    AbSet32(&Test->Table, AB_FADT_PM1B_CNT, 0x704);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_int_equal(Fadt.Revision, 3);
    assert_int_equal(Fadt.Dsdt, 0x100002000ull);
    assert_int_equal(Fadt.Dsdt32, 0x1000);
    assert_int_equal(Fadt.Pm1aControl.SpaceId, ACPI_SPACE_MEMORY);
    assert_int_equal(Fadt.Pm1aControl.Address, 0xFED80000);
    /* No X_PM1b_CNT_BLK: the 32-bit port is used. */
    assert_int_equal(Fadt.Pm1bControl.SpaceId, ACPI_SPACE_IO);
    assert_int_equal(Fadt.Pm1bControl.Address, 0x704);
    assert_true(Fadt.HasResetRegister);
    assert_int_equal(Fadt.ResetRegister.SpaceId, ACPI_SPACE_IO);
    assert_int_equal(Fadt.ResetRegister.Address, 0xCF9);
    assert_int_equal(Fadt.ResetValue, 0x0F);
    assert_int_equal(Fadt.BootArch, ACPI_BOOT_ARCH_8042);
}

static void
test_fadt_extended_zero_falls_back(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    AbFadt(&Test->Table, 244, 0x1000);
    AbSet64(&Test->Table, AB_FADT_X_DSDT, 0);
    AbSetGas(&Test->Table, AB_FADT_X_PM1A_CNT, 0, 0, 0);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_int_equal(Fadt.Dsdt, 0x1000);
    assert_int_equal(Fadt.Pm1aControl.SpaceId, ACPI_SPACE_IO);
    assert_int_equal(Fadt.Pm1aControl.Address, 0x604);
}

static void
test_fadt_reset_register_conditions(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    AbFadt(&Test->Table, 244, 0x1000);
    AbSet32(&Test->Table, AB_FADT_FLAGS, 0);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_false(Fadt.HasResetRegister);

    AbFadt(&Test->Table, 244, 0x1000);
    AbSetGas(&Test->Table, AB_FADT_RESET_REG, 0x7F, 8, 0xCF9); /* unknown address space */
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_false(Fadt.HasResetRegister);

    AbFadt(&Test->Table, 244, 0x1000);
    AbSetGas(&Test->Table, AB_FADT_RESET_REG, ACPI_SPACE_PCI_CONFIG, 8, 0x0001F00000044ull);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_true(Fadt.HasResetRegister);
    assert_int_equal(Fadt.ResetRegister.SpaceId, ACPI_SPACE_PCI_CONFIG);
}

static void
test_fadt_hardware_reduced(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    AbFadt(&Test->Table, 276, 0x1000);
    AbSet32(&Test->Table, AB_FADT_FLAGS, ACPI_FADT_HW_REDUCED);
    AbSet32(&Test->Table, AB_FADT_PM1A_CNT, 0);
    AbSetGas(&Test->Table, AB_FADT_X_PM1A_CNT, 0, 0, 0);
    AbSet8(&Test->Table, AB_FADT_BOOT_ARCH, ACPI_BOOT_ARCH_NO_CMOS_RTC);
    AbSetGas(&Test->Table, AB_FADT_SLEEP_CONTROL, ACPI_SPACE_IO, 8, 0x404);
    AbSetGas(&Test->Table, AB_FADT_SLEEP_STATUS, ACPI_SPACE_IO, 8, 0x400);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_int_equal(Fadt.Revision, 6);
    assert_true(Fadt.Flags & ACPI_FADT_HW_REDUCED);
    assert_int_equal(Fadt.Pm1aControl.Address, 0);
    assert_int_equal(Fadt.SleepControl.Address, 0x404);
    assert_int_equal(Fadt.SleepStatus.Address, 0x400);
    assert_true(Fadt.BootArch & ACPI_BOOT_ARCH_NO_CMOS_RTC);
}

static void
test_fadt_lengths_between_revisions(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_FADT_INFO Fadt;

    /* 132 bytes: RESET_REG and its value present, X_DSDT not. */
    AbFadt(&Test->Table, 244, 0x1000);
    Test->Table.Length = 132;
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_true(Fadt.HasResetRegister);
    assert_int_equal(Fadt.Dsdt, 0x1000);
    assert_int_equal(Fadt.Pm1aControl.SpaceId, ACPI_SPACE_IO);

    /* 180 bytes: X_PM1a_CNT_BLK cut in the middle, so the 32-bit block is used. */
    AbFadt(&Test->Table, 244, 0x1000);
    AbSetGas(&Test->Table, AB_FADT_X_PM1A_CNT, ACPI_SPACE_MEMORY, 16, 0xFED80000);
    Test->Table.Length = 180;
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt), ACPI_OK);
    assert_int_equal(Fadt.Pm1aControl.SpaceId, ACPI_SPACE_IO);
    assert_int_equal(Fadt.Pm1aControl.Address, 0x604);

    AbFadt(&Test->Table, 116, 0x1000);
    Test->Table.Length = 100;
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseFadt(Test->Table.Data, Test->Table.Length, &Fadt),
                       ACPI_E_BAD_LENGTH);
}

/* ---- HPET and MCFG -------------------------------------------------------------------------- */

static void
test_hpet(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_HPET_INFO Hpet;

    AbHpet(&Test->Table);
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseHpet(Test->Table.Data, Test->Table.Length, &Hpet), ACPI_OK);
    assert_int_equal(Hpet.Address, 0xFED00000);
    assert_int_equal(Hpet.BlockId, 0x8086A201);
    assert_int_equal(Hpet.MinimumTick, 0x80);

    assert_acpi_status(AcpiParseHpet(Test->Table.Data, 55, &Hpet), ACPI_E_BAD_LENGTH);
    AbSet8(&Test->Table, 40, ACPI_SPACE_IO);
    assert_acpi_status(AcpiParseHpet(Test->Table.Data, Test->Table.Length, &Hpet),
                       ACPI_E_BAD_VALUE);
    AbSet8(&Test->Table, 40, ACPI_SPACE_MEMORY);
    AbSet64(&Test->Table, 44, 0);
    assert_acpi_status(AcpiParseHpet(Test->Table.Data, Test->Table.Length, &Hpet),
                       ACPI_E_BAD_VALUE);
    assert_int_equal(Hpet.Address, 0);
}

static void
test_mcfg(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_MCFG_INFO Mcfg;
    uint32_t Fault;

    AbMcfg(&Test->Table);
    AbPut64(&Test->Table, 0xC0000000);
    AbPut16(&Test->Table, 1);
    AbPut8(&Test->Table, 0x10);
    AbPut8(&Test->Table, 0x1F);
    AbPut32(&Test->Table, 0);
    AbPut8(&Test->Table, 0xEE); /* trailing byte: ignored */
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseMcfg(Test->Table.Data, Test->Table.Length, &Mcfg, &Fault), ACPI_OK);
    assert_int_equal(Mcfg.Count, 2);
    assert_int_equal(Mcfg.Segments[0].Address, 0xB0000000);
    assert_int_equal(Mcfg.Segments[0].EndBus, 0xFF);
    assert_int_equal(Mcfg.Segments[1].Segment, 1);
    assert_int_equal(Mcfg.Segments[1].StartBus, 0x10);

    AbSet8(&Test->Table, 60 + 10, 0x20); /* second entry: start bus above end bus */
    assert_acpi_status(AcpiParseMcfg(Test->Table.Data, Test->Table.Length, &Mcfg, &Fault),
                       ACPI_E_BAD_ENTRY);
    assert_int_equal(Fault, 60);
    assert_int_equal(Mcfg.Count, 0);
    assert_acpi_status(AcpiParseMcfg(Test->Table.Data, 40, &Mcfg, &Fault), ACPI_E_BAD_LENGTH);
}

static void
test_mcfg_capacity(void **State)
{
    TEST_STATE *Test = *State;
    ACPI_MCFG_INFO Mcfg;
    uint32_t Fault;

    AbBegin(&Test->Table, "MCFG", 1);
    AbPut64(&Test->Table, 0);
    for (uint32_t i = 0; i < ACPI_MAX_MCFG_SEGMENTS + 2; i++)
    {
        AbPut64(&Test->Table, 0xB0000000 + ((uint64_t)i << 28));
        AbPut16(&Test->Table, (uint16_t)i);
        AbPut16(&Test->Table, 0xFF00);
        AbPut32(&Test->Table, 0);
    }
    AbFinish(&Test->Table);
    assert_acpi_status(AcpiParseMcfg(Test->Table.Data, Test->Table.Length, &Mcfg, &Fault), ACPI_OK);
    assert_int_equal(Mcfg.Count, ACPI_MAX_MCFG_SEGMENTS);
    assert_int_equal(Mcfg.Dropped, 2);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        ACPI_TEST(test_fadt_acpi_1),
        ACPI_TEST(test_fadt_acpi_2_prefers_extended_fields),
        ACPI_TEST(test_fadt_extended_zero_falls_back),
        ACPI_TEST(test_fadt_reset_register_conditions),
        ACPI_TEST(test_fadt_hardware_reduced),
        ACPI_TEST(test_fadt_lengths_between_revisions),
        ACPI_TEST(test_hpet),
        ACPI_TEST(test_mcfg),
        ACPI_TEST(test_mcfg_capacity),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
