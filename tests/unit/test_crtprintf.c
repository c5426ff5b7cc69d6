/* SPDX-License-Identifier: MIT */
/* Host tests of the printf family ntoskrnl exports (lib/rtl/crtprintf.c, crtwprintf.c):
 * Microsoft's -1 and terminator rules at the truncation boundary, the `_s` forms' errors and
 * _TRUNCATE, and %s/%S/%c/%C in the wide forms. */
#include <string.h>

#include "crttest.h"

static int
CallVsnprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = _vsnprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

static int
CallVsnwprintf(WCHAR *Buffer, size_t Count, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = _vsnwprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

static int
CallVswprintf(WCHAR *Buffer, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = _vswprintf(Buffer, Format, Args);
    va_end(Args);
    return Result;
}

static void
test_snprintf_boundaries(void **State)
{
    char Buffer[16];

    (void)State;
    memset(Buffer, 'X', sizeof(Buffer));
    assert_int_equal(_snprintf(Buffer, 6, "%s", "hello"), 5); /* room for the NUL */
    assert_string_equal(Buffer, "hello");

    memset(Buffer, 'X', sizeof(Buffer));
    assert_int_equal(_snprintf(Buffer, 5, "%s", "hello"), 5); /* exact: no terminator */
    assert_memory_equal(Buffer, "helloX", 6);

    memset(Buffer, 'X', sizeof(Buffer));
    assert_int_equal(_snprintf(Buffer, 4, "%s-%d", "ab", 42), -1); /* does not fit */
    assert_memory_equal(Buffer, "ab-4X", 5);

    memset(Buffer, 'X', sizeof(Buffer));
    assert_int_equal(_snprintf(Buffer, 0, "a"), -1);
    assert_int_equal(Buffer[0], 'X');
    assert_int_equal(_snprintf(Buffer, 0, ""), 0);
    assert_int_equal(Buffer[0], 'X');

    /* (NULL, 0) measures, as _vscprintf. */
    assert_int_equal(_snprintf(NULL, 0, "%d", 12345), 5);
    CrtInvalidCount = 0;
    assert_int_equal(_snprintf(NULL, 4, "x"), -1);
    assert_int_equal(CrtInvalidCount, 1);

    memset(Buffer, 'X', sizeof(Buffer));
    assert_int_equal(CallVsnprintf(Buffer, 3, "%u", 123u), 3);
    assert_memory_equal(Buffer, "123X", 4);
    assert_int_equal(CallVsnprintf(Buffer, sizeof(Buffer), "%x|%5s|%-3c|", 255u, "ab", 'z'), 13);
    assert_string_equal(Buffer, "ff|   ab|z  |");
}

static void
test_sprintf(void **State)
{
    char Buffer[64];
    const WCHAR Wide[] = u"w\u00e9";

    (void)State;
    assert_int_equal(sprintf(Buffer, "%d %I64u %p", -5, (uint64_t)1 << 40, (void *)0x10), 33);
    assert_string_equal(Buffer, "-5 1099511627776 0000000000000010");
    /* In the narrow forms %S and %ls are UTF-16 (non-ASCII narrowed to '?'), %C a UTF-16 char. */
    assert_int_equal(sprintf(Buffer, "%S|%ls|%hs|%C", Wide, Wide, "n", (int)u'Q'), 9);
    assert_string_equal(Buffer, "w?|w?|n|Q");
    assert_int_equal(sprintf(Buffer, "%s", ""), 0);
    assert_string_equal(Buffer, "");
}

static void
test_snwprintf_boundaries(void **State)
{
    WCHAR Buffer[16];

    (void)State;
    for (size_t I = 0; I < 16; I++)
        Buffer[I] = u'X';
    assert_int_equal(_snwprintf(Buffer, 4, u"%d", 1234), 4); /* exact: no terminator */
    assert_int_equal(Buffer[3], u'4');
    assert_int_equal(Buffer[4], u'X');

    assert_int_equal(_snwprintf(Buffer, 3, u"%d", 1234), -1);
    assert_int_equal(Buffer[2], u'3');
    assert_int_equal(Buffer[3], u'4'); /* untouched from before */

    assert_int_equal(_snwprintf(Buffer, 16, u"[%d]", 7), 3);
    CrtAssertWide(Buffer, "[7]");

    assert_int_equal(CallVsnwprintf(Buffer, 5, u"%s", u"abcdef"), -1);
    assert_int_equal(Buffer[4], u'e');
    assert_int_equal(CallVsnwprintf(NULL, 0, u"%s", u"abcdef"), 6);
}

/* Microsoft's rule: in the wide forms %s and %c are wide, %S and %C narrow; h/l force. */
static void
test_wide_string_conversions(void **State)
{
    WCHAR Buffer[64];
    const WCHAR NonAscii[] = u"\u00e9\u4e2d";

    (void)State;
    assert_int_equal(
        _snwprintf(Buffer, 64, u"%s|%S|%hs|%ls|%ws", u"wide", "narrow", "h", u"l", u"w"), 17);
    CrtAssertWide(Buffer, "wide|narrow|h|l|w");
    assert_int_equal(_snwprintf(Buffer, 64, u"%c%C%hc%lc", (int)u'W', 'N', 'h', (int)u'L'), 4);
    CrtAssertWide(Buffer, "WNhL");

    /* Wide output keeps what narrow output cannot; narrow bytes widen as Latin-1. */
    assert_int_equal(_snwprintf(Buffer, 64, u"%s%S", NonAscii, "\xe9"), 3);
    assert_int_equal(Buffer[0], 0x00e9);
    assert_int_equal(Buffer[1], 0x4e2d);
    assert_int_equal(Buffer[2], 0x00e9);
    assert_int_equal(Buffer[3], 0);

    /* Literal text in the format passes through unchanged, non-ASCII included. */
    assert_int_equal(_snwprintf(Buffer, 64, u"\u4e2d%d\u00e9", 5), 3);
    assert_int_equal(Buffer[0], 0x4e2d);
    assert_int_equal(Buffer[2], 0x00e9);

    assert_int_equal(_snwprintf(Buffer, 64, u"%s|%S", (WCHAR *)NULL, (char *)NULL), 13);
    CrtAssertWide(Buffer, "(null)|(null)");
    assert_int_equal(_snwprintf(Buffer, 64, u"%-4s|%3.1s|%08X", u"a", u"xyz", 0xBEEFu), 17);
    CrtAssertWide(Buffer, "a   |  x|0000BEEF");
}

static void
test_swprintf_no_count(void **State)
{
    WCHAR Buffer[32];

    (void)State;
    assert_int_equal(swprintf(Buffer, u"%s=%d", u"x", -3), 4);
    CrtAssertWide(Buffer, "x=-3");
    assert_int_equal(_swprintf(Buffer, u"%S", "narrow"), 6);
    CrtAssertWide(Buffer, "narrow");
    assert_int_equal(CallVswprintf(Buffer, u"%I64x", (uint64_t)0xABCDEF0123ull), 10);
    CrtAssertWide(Buffer, "abcdef0123");
}

static void
test_sprintf_s(void **State)
{
    char Buffer[8];
    WCHAR Wide[4];

    (void)State;
    CrtInvalidCount = 0;
    assert_int_equal(sprintf_s(Buffer, sizeof(Buffer), "%s", "1234567"), 7);
    assert_string_equal(Buffer, "1234567");
    assert_int_equal(CrtInvalidCount, 0);

    /* One too many: an error, the buffer cleared, the handler (here a log line) told. */
    assert_int_equal(sprintf_s(Buffer, sizeof(Buffer), "%s", "12345678"), -1);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 1);
    assert_string_equal(CrtInvalidFunction, "sprintf_s");

    assert_int_equal(sprintf_s(NULL, 8, "x"), -1);
    assert_int_equal(sprintf_s(Buffer, 0, "x"), -1);
    Buffer[0] = 'Z';
    assert_int_equal(sprintf_s(Buffer, sizeof(Buffer), NULL), -1);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 4);

    assert_int_equal(swprintf_s(Wide, 4, u"%s", u"abc"), 3);
    CrtAssertWide(Wide, "abc");
    assert_int_equal(swprintf_s(Wide, 4, u"%s", u"abcd"), -1);
    assert_int_equal(Wide[0], 0);
    assert_int_equal(CrtInvalidCount, 5);
}

static void
test_snprintf_s_truncate(void **State)
{
    char Buffer[6];
    WCHAR Wide[6];

    (void)State;
    CrtInvalidCount = 0;
    /* _TRUNCATE: as much as fits, terminated, -1; no handler. */
    assert_int_equal(_snprintf_s(Buffer, sizeof(Buffer), _TRUNCATE, "%s", "abcdefgh"), -1);
    assert_string_equal(Buffer, "abcde");
    assert_int_equal(_snprintf_s(Buffer, sizeof(Buffer), _TRUNCATE, "%s", "abcde"), 5);
    assert_string_equal(Buffer, "abcde");
    /* A count below the size truncates at the count. */
    assert_int_equal(_snprintf_s(Buffer, sizeof(Buffer), 3, "%s", "abcdefgh"), -1);
    assert_string_equal(Buffer, "abc");
    assert_int_equal(_snprintf_s(Buffer, sizeof(Buffer), 3, "%s", "ab"), 2);
    assert_string_equal(Buffer, "ab");
    assert_int_equal(CrtInvalidCount, 0);
    /* A count that lets the output overrun the buffer is an error. */
    assert_int_equal(_snprintf_s(Buffer, sizeof(Buffer), 6, "%s", "abcdef"), -1);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 1);

    assert_int_equal(_snwprintf_s(Wide, 6, _TRUNCATE, u"%S", "abcdefgh"), -1);
    CrtAssertWide(Wide, "abcde");
    assert_int_equal(_snwprintf_s(Wide, 6, 2, u"%d", 12345), -1);
    CrtAssertWide(Wide, "12");
    assert_int_equal(_snwprintf_s(Wide, 6, 10, u"%d", 123456), -1);
    assert_int_equal(Wide[0], 0);
    assert_int_equal(CrtInvalidCount, 2);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_snprintf_boundaries),  cmocka_unit_test(test_sprintf),
        cmocka_unit_test(test_snwprintf_boundaries), cmocka_unit_test(test_wide_string_conversions),
        cmocka_unit_test(test_swprintf_no_count),    cmocka_unit_test(test_sprintf_s),
        cmocka_unit_test(test_snprintf_s_truncate),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
