/* SPDX-License-Identifier: MIT */
/* Helpers shared by the host tests of lib/rtl's C runtime (test_crt*.c). */
#ifndef BASALT_CRTTEST_H
#define BASALT_CRTTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "crt.h"

/* How many times a routine reported a broken contract (crt.h's RtlpCrtInvalidParameter). */
static int CrtInvalidCount;
static const char *CrtInvalidFunction;

void
RtlpCrtInvalidParameter(const char *Function)
{
    CrtInvalidCount++;
    CrtInvalidFunction = Function;
}

/* Compares a UTF-16 string with an ASCII expectation, unit by unit, terminator included. */
static void
CrtAssertWide(const WCHAR *Actual, const char *Expected)
{
    size_t I = 0;

    do
    {
        if (Actual[I] != (UCHAR)Expected[I])
            fail_msg("unit %zu: got 0x%04x, expected 0x%02x", I, Actual[I], (UCHAR)Expected[I]);
    } while (Expected[I++] != 0);
}

#endif
