/* SPDX-License-Identifier: MIT */
/*
 * Common includes, per-test state and a status assertion for the ACPI parser's cmocka tests
 * (test_acpi*.c): every test gets a fresh fake machine (acpibuild.h) and scratch builders.
 */
#ifndef BASALT_TESTS_ACPITEST_H
#define BASALT_TESTS_ACPITEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acpi.h"
#include "acpibuild.h"

#define assert_acpi_status(Actual, Expected)                                                 \
    do                                                                                       \
    {                                                                                        \
        ACPI_STATUS Actual_ = (Actual), Expected_ = (Expected);                              \
        if (Actual_ != Expected_)                                                            \
            print_error("status %d (%s), expected %d (%s)\n", (int)Actual_,                  \
                        AcpiStatusText(Actual_), (int)Expected_, AcpiStatusText(Expected_)); \
        assert_int_equal(Actual_, Expected_);                                                \
    } while (0)

typedef struct TEST_STATE
{
    AB_MACHINE Machine;
    AB_TABLE Table;
    ACPI_ROOT Root;
    ACPI_SYSTEM System;
    ACPI_MADT_INFO Madt;
} TEST_STATE;

static inline int
AtSetup(void **State)
{
    TEST_STATE *Test = calloc(1, sizeof(*Test));

    assert_non_null(Test);
    AbInit(&Test->Machine);
    *State = Test;
    return 0;
}

static inline int
AtTeardown(void **State)
{
    TEST_STATE *Test = *State;

    AbFree(&Test->Machine);
    free(Test);
    return 0;
}

#define ACPI_TEST(Function) cmocka_unit_test_setup_teardown(Function, AtSetup, AtTeardown)

#endif
