/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.acpisleep: the \_Sx pattern match over AML (hal/acpi/acpisleep.c): the package
 * forms firmware emits, references that are not definitions, malformed packages, and every
 * truncation of a definition.
 */
#include "acpitest.h"

/* ---- \_S5 ----------------------------------------------------------------------------------- */

static ACPI_STATUS
FindS5(TEST_STATE *Test, const uint8_t *Aml, uint32_t Length, ACPI_SLEEP_TYPE *Sleep,
       uint32_t *Fault)
{
    AbDefinitionBlock(&Test->Table, "DSDT", Aml, Length);
    AbFinish(&Test->Table);
    return AcpiFindSleepType(Test->Table.Data, Test->Table.Length, 5, Sleep, Fault);
}

static void
test_s5_forms(void **State)
{
    TEST_STATE *Test = *State;
    /* Name (_S5, Package (0x04) {0x05, 0x05, Zero, Zero}) after an unrelated scope. */
    const uint8_t Bytes[] = {0x10, 0x06, '_',  'S',  'B',  '_',  0xA3, 0x08, '_',  'S', '5',
                             '_',  0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00};
    const uint8_t Rooted[] = {0x08, '\\', '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0A, 0x07, 0x01};
    const uint8_t Wide[] = {0x08, '_',  'S',  '5',  '_',  0x12, 0x0B, 0x02, 0x0B,
                            0x03, 0x00, 0x0C, 0x06, 0x00, 0x00, 0x00, 0x00};
    const uint8_t Packed[] = {0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x01, 0x0B, 0x05, 0x07};
    const uint8_t LongLength[] = {0x08, '_',  'S',  '5',  '_',  0x12,
                                  0x41, 0x04, 0x02, 0x01, 0x00, [11 ... 74] = 0xA3};
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;

    assert_acpi_status(FindS5(Test, AbQemuS5, sizeof(AbQemuS5), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 0);
    assert_int_equal(Sleep.TypeB, 0);
    assert_acpi_status(FindS5(Test, Bytes, sizeof(Bytes), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 5);
    assert_int_equal(Sleep.TypeB, 5);
    assert_acpi_status(FindS5(Test, Rooted, sizeof(Rooted), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 7);
    assert_int_equal(Sleep.TypeB, 1);
    assert_acpi_status(FindS5(Test, Wide, sizeof(Wide), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 3);
    assert_int_equal(Sleep.TypeB, 6);
    assert_acpi_status(FindS5(Test, Packed, sizeof(Packed), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 5);
    assert_int_equal(Sleep.TypeB, 7);
    /* Two-byte PkgLength: lead 0x41 = one more byte, length 0x1 | 0x04 << 4 = 65. */
    assert_acpi_status(FindS5(Test, LongLength, sizeof(LongLength), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 1);
    assert_int_equal(Sleep.TypeB, 0);
}

static void
test_s5_absent(void **State)
{
    TEST_STATE *Test = *State;
    /* Store (_S5_, Local0): a reference, not a definition; then the name at the very end. */
    const uint8_t Reference[] = {0x70, '_', 'S', '5', '_', 0x60, 0x08, '_', 'S', '5', '_'};
    const uint8_t S3Only[] = {0x08, '_', 'S', '3', '_', 0x12, 0x06, 0x04, 0x01, 0x01, 0, 0};
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;

    assert_acpi_status(FindS5(Test, Reference, 0, &Sleep, &Fault), ACPI_E_NOT_FOUND);
    assert_acpi_status(FindS5(Test, Reference, sizeof(Reference), &Sleep, &Fault),
                       ACPI_E_NOT_FOUND);
    assert_int_equal(Fault, ACPI_NO_OFFSET);
    assert_acpi_status(FindS5(Test, S3Only, sizeof(S3Only), &Sleep, &Fault), ACPI_E_NOT_FOUND);
    assert_acpi_status(AcpiFindSleepType(Test->Table.Data, Test->Table.Length, 3, &Sleep, &Fault),
                       ACPI_OK);
    assert_int_equal(Sleep.TypeA, 1);
    assert_acpi_status(AcpiFindSleepType(Test->Table.Data, Test->Table.Length, 9, &Sleep, &Fault),
                       ACPI_E_NOT_FOUND);
}

static void
test_s5_malformed(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t PastEnd[] = {0x08, '_', 'S', '5', '_', 0x12, 0x20, 0x04, 0x00};
    const uint8_t NoElements[] = {0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x00};
    const uint8_t NamedElement[] = {0x08, '_', 'S', '5', '_', 0x12, 0x07,
                                    0x02, 'S', 'L', 'P', 'A', 0x00};
    const uint8_t TooBig[] = {0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0A, 0x08, 0x00};
    const uint8_t ReservedBits[] = {0x08, '_', 'S', '5', '_', 0x12, 0x76, 0x00, 0x02, 0x00, 0x00};
    const uint8_t CutInteger[] = {0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x0C, 0x05};
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;

    assert_acpi_status(FindS5(Test, PastEnd, sizeof(PastEnd), &Sleep, &Fault), ACPI_E_BAD_ENTRY);
    assert_int_equal(Fault, 37);
    assert_acpi_status(FindS5(Test, NoElements, sizeof(NoElements), &Sleep, &Fault),
                       ACPI_E_BAD_ENTRY);
    assert_acpi_status(FindS5(Test, NamedElement, sizeof(NamedElement), &Sleep, &Fault),
                       ACPI_E_BAD_ENTRY);
    assert_acpi_status(FindS5(Test, TooBig, sizeof(TooBig), &Sleep, &Fault), ACPI_E_BAD_VALUE);
    assert_acpi_status(FindS5(Test, ReservedBits, sizeof(ReservedBits), &Sleep, &Fault),
                       ACPI_E_BAD_ENTRY);
    assert_acpi_status(FindS5(Test, CutInteger, sizeof(CutInteger), &Sleep, &Fault),
                       ACPI_E_BAD_ENTRY);
    assert_int_equal(Sleep.TypeA, 0);
}

static void
test_s5_good_after_bad(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0A, 0x09, 0x00,
                           0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0A, 0x02, 0x00};
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;

    assert_acpi_status(FindS5(Test, Aml, sizeof(Aml), &Sleep, &Fault), ACPI_OK);
    assert_int_equal(Sleep.TypeA, 2);
}

static void
test_s5_every_truncation(void **State)
{
    TEST_STATE *Test = *State;
    const uint8_t Aml[] = {0x08, '\\', '_',  'S',  '5',  '_',  0x12, 0x0B, 0x02,
                           0x0B, 0x03, 0x00, 0x0C, 0x06, 0x00, 0x00, 0x00, 0x00};
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;
    uint8_t *Copy;

    /* Each prefix of the AML in an exact-size buffer: found only when whole, never a read
     * past the end (ASan). */
    for (uint32_t Length = 0; Length <= sizeof(Aml); Length++)
    {
        AbDefinitionBlock(&Test->Table, "DSDT", Aml, Length);
        AbFinish(&Test->Table);
        Copy = malloc(Test->Table.Length);
        memcpy(Copy, Test->Table.Data, Test->Table.Length);
        ACPI_STATUS Status = AcpiFindSleepType(Copy, Test->Table.Length, 5, &Sleep, &Fault);
        assert_int_equal(Status == ACPI_OK, Length == sizeof(Aml));
        free(Copy);
    }
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        ACPI_TEST(test_s5_forms),
        ACPI_TEST(test_s5_absent),
        ACPI_TEST(test_s5_malformed),
        ACPI_TEST(test_s5_good_after_bad),
        ACPI_TEST(test_s5_every_truncation),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
