/* SPDX-License-Identifier: MIT */
/* Helpers shared by the host tests of lib/rtl's NT routines. */
#ifndef BASALT_RTLTEST_H
#define BASALT_RTLTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uchar.h>

#include <cmocka.h>

#include "rtlnt.h"

/* A UNICODE_STRING over Buffer, holding Text (u"" literal) and MaximumLength bytes of room. */
static inline UNICODE_STRING
TestUnicode(WCHAR *Buffer, USHORT MaximumLength, const char16_t *Text)
{
    UNICODE_STRING String = {0, MaximumLength, Buffer};

    while (Text != NULL && Text[String.Length / 2] != 0)
    {
        Buffer[String.Length / 2] = Text[String.Length / 2];
        String.Length += 2;
    }
    return String;
}

/* A counted view of a literal, not terminated inside its Length. */
static inline UNICODE_STRING
TestView(const char16_t *Text)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, (PCWSTR)Text);
    return String;
}

static inline void
AssertUnicodeEqual(const UNICODE_STRING *String, const char16_t *Text)
{
    size_t Length = 0;

    while (Text[Length] != 0)
        Length++;
    assert_int_equal(String->Length, Length * 2);
    assert_memory_equal(String->Buffer, Text, Length * 2);
}

#endif
