/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.status: every PE_STATUS has its own text and the NTSTATUS Windows would report.
 */
#include "petest.h"

static void
EveryStatusHasDistinctText(void **State)
{
    (void)State;
    for (int i = 0; i < PE_STATUS_COUNT; i++)
    {
        const char *Text = PeStatusText((PE_STATUS)i);

        assert_non_null(Text);
        assert_true(strlen(Text) > 0);
        assert_string_not_equal(Text, PeStatusText(PE_STATUS_COUNT));
        for (int j = 0; j < i; j++)
        {
            assert_string_not_equal(Text, PeStatusText((PE_STATUS)j));
        }
    }
    assert_string_equal(PeStatusText(PE_E_SECTION_OUTSIDE_FILE), "section outside file");
    assert_non_null(PeStatusText((PE_STATUS)-1));
    assert_non_null(PeStatusText((PE_STATUS)1000));
}

static void
NtStatusMapping(void **State)
{
    const struct
    {
        PE_STATUS Status;
        uint32_t NtStatus;
    } Cases[] = {
        {PE_OK, 0},
        {PE_E_BAD_DOS_SIGNATURE, 0xC000012F},        /* STATUS_INVALID_IMAGE_NOT_MZ */
        {PE_E_BUFFER_TOO_SMALL, 0xC0000023},         /* STATUS_BUFFER_TOO_SMALL */
        {PE_E_IMPORT_MODULE_NOT_FOUND, 0xC0000135},  /* STATUS_DLL_NOT_FOUND */
        {PE_E_IMPORT_NAME_NOT_FOUND, 0xC0000263},    /* ..._DRIVER_ENTRYPOINT_NOT_FOUND */
        {PE_E_IMPORT_ORDINAL_NOT_FOUND, 0xC0000262}, /* STATUS_DRIVER_ORDINAL_NOT_FOUND */
        {PE_E_RELOCS_STRIPPED, 0xC0000018},          /* STATUS_CONFLICTING_ADDRESSES */
    };

    (void)State;
    for (int i = 0; i < PE_STATUS_COUNT; i++)
    {
        uint32_t Expected = 0xC000007B; /* STATUS_INVALID_IMAGE_FORMAT: malformed */

        for (size_t j = 0; j < sizeof(Cases) / sizeof(Cases[0]); j++)
        {
            if (Cases[j].Status == (PE_STATUS)i)
            {
                Expected = Cases[j].NtStatus;
            }
        }
        assert_int_equal((uint32_t)PeStatusToNtStatus((PE_STATUS)i), Expected);
    }
    assert_true(PeStatusToNtStatus(PE_E_BAD_MACHINE) < 0); /* an error NTSTATUS is negative */
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(EveryStatusHasDistinctText),
        cmocka_unit_test(NtStatusMapping),
    };

    return cmocka_run_group_tests_name("unit.pe.status", Tests, NULL, NULL);
}
