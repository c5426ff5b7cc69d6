/* SPDX-License-Identifier: MIT */
/*
 * Common includes for the PE library's cmocka tests, and a status assertion that prints
 * both statuses by name when it fails.
 */
#ifndef BASALT_TESTS_PETEST_H
#define BASALT_TESTS_PETEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pe.h"
#include "pebuild.h"

#define assert_pe_status(Actual, Expected)                                                         \
    do                                                                                             \
    {                                                                                              \
        PE_STATUS Actual_ = (Actual);                                                              \
        PE_STATUS Expected_ = (Expected);                                                          \
        if (Actual_ != Expected_)                                                                  \
        {                                                                                          \
            print_error("status %d (%s), expected %d (%s)\n", (int)Actual_, PeStatusText(Actual_), \
                        (int)Expected_, PeStatusText(Expected_));                                  \
        }                                                                                          \
        assert_int_equal(Actual_, Expected_);                                                      \
    } while (0)

/* The sample image, loaded (not relocated) at Base. */
static inline void
PtLoadSample(PB_LOADED *Loaded, uint64_t Base)
{
    PB_IMAGE Image;

    PbInit(&Image, PB_DEFAULT_BASE);
    PbBuildSample(&Image);
    assert_pe_status(PbLoad(&Image, "sample.sys", Base, Loaded), PE_OK);
    PbFree(&Image);
}

#endif
