/* SPDX-License-Identifier: MIT */
/* Host tests of the conversion, classification and sorting routines ntoskrnl exports
 * (lib/rtl/crtconv.c, crtctype.c, crtmbcs.c, crtsort.c). */
#include <string.h>

#include "crttest.h"

static void
test_ato(void **State)
{
    (void)State;
    assert_int_equal(atoi("  \t-42xyz"), -42);
    assert_int_equal(atoi("+17"), 17);
    assert_int_equal(atoi("abc"), 0);
    assert_int_equal(atoi("2147483647"), 2147483647);
    assert_int_equal(atoi("2147483648"), 2147483647); /* saturates */
    assert_int_equal(atoi("-2147483648"), -2147483647 - 1);
    assert_int_equal(atoi("-99999999999999999999999"), -2147483647 - 1);
    assert_int_equal(atol("0x10"), 0); /* base 10 only */
    assert_int_equal(_wtoi(u" 123 "), 123);
    assert_int_equal(_wtol(u"-7"), -7);
    assert_int_equal(_wtoi(u"\u4e2d1"), 0);
}

static void
test_strtoul(void **State)
{
    const WCHAR *Text = u"  0x1fZ";
    const WCHAR *Bad = u"  z";
    const WCHAR *Hex0 = u"0xg";
    WCHAR *End;
    char *NarrowEnd;

    (void)State;
    assert_int_equal(wcstoul(Text, &End, 0), 0x1f);
    assert_ptr_equal(End, Text + 6);
    assert_int_equal(wcstoul(Text, &End, 16), 0x1f);
    assert_int_equal(wcstoul(u"0755", NULL, 0), 0755);
    assert_int_equal(wcstoul(u"z", NULL, 36), 35);
    assert_int_equal(wcstoul(Bad, &End, 10), 0);
    assert_ptr_equal(End, Bad); /* no number: End is the start */
    assert_int_equal(wcstoul(Hex0, &End, 16), 0);
    assert_ptr_equal(End, Hex0 + 1); /* the 0 parsed, the x not */
    assert_int_equal(wcstoul(u"4294967295", NULL, 10), 0xFFFFFFFFu);
    assert_int_equal(wcstoul(u"4294967296", NULL, 10), 0xFFFFFFFFu); /* 32-bit long */
    assert_int_equal(wcstoul(u"-1", NULL, 10), 0xFFFFFFFFu);
    assert_int_equal(wcstoul(u"10", &End, 1), 0);

    assert_int_equal(_strtoui64("18446744073709551615", NULL, 10), UINT64_MAX);
    assert_int_equal(_strtoui64("18446744073709551616", NULL, 10), UINT64_MAX);
    assert_int_equal(_strtoui64("0XABCDEF0123", &NarrowEnd, 0), 0xABCDEF0123ull);
    assert_int_equal(*NarrowEnd, 0);
}

static void
test_itoa(void **State)
{
    char Buffer[40];
    char Small[3];
    WCHAR Wide[40];

    (void)State;
    assert_string_equal(_itoa(-123, Buffer, 10), "-123");
    assert_string_equal(_itoa(-1, Buffer, 16), "ffffffff"); /* the bits outside radix 10 */
    assert_string_equal(_itoa(5, Buffer, 2), "101");
    CrtAssertWide(_itow(-2147483647 - 1, Wide, 10), "-2147483648");

    CrtInvalidCount = 0;
    assert_int_equal(_itoa_s(42, Small, sizeof(Small), 10), 0);
    assert_string_equal(Small, "42");
    assert_int_equal(_itoa_s(-42, Small, sizeof(Small), 10), ERANGE); /* "-42" needs 4 */
    assert_int_equal(Small[0], 0);
    assert_int_equal(_itoa_s(1, Small, sizeof(Small), 37), EINVAL);
    assert_int_equal(_itoa_s(1, NULL, 3, 10), EINVAL);
    assert_int_equal(_itoa_s(1, Small, 0, 10), EINVAL);
    assert_int_equal(CrtInvalidCount, 4);

    assert_int_equal(_itow_s(-9, Wide, 40, 10), 0);
    CrtAssertWide(Wide, "-9");
    assert_int_equal(_ltoa_s(-1, Buffer, 40, 8), 0);
    assert_string_equal(Buffer, "37777777777");
    assert_int_equal(_ltow_s(100, Wide, 40, 36), 0);
    CrtAssertWide(Wide, "2s");
    assert_int_equal(_ultoa_s(0xFFFFFFFFu, Buffer, 40, 10), 0);
    assert_string_equal(Buffer, "4294967295");
    assert_int_equal(_ultow_s(0, Wide, 2, 10), 0);
    CrtAssertWide(Wide, "0");
    assert_int_equal(_i64toa_s(INT64_MIN, Buffer, 40, 10), 0);
    assert_string_equal(Buffer, "-9223372036854775808");
    assert_int_equal(_i64tow_s(-1, Wide, 40, 16), 0);
    CrtAssertWide(Wide, "ffffffffffffffff");
    assert_int_equal(_ui64toa_s(UINT64_MAX, Buffer, 40, 10), 0);
    assert_string_equal(Buffer, "18446744073709551615");
    assert_int_equal(_ui64tow_s(UINT64_MAX, Wide, 20, 10), ERANGE); /* 20 digits + NUL */
    assert_int_equal(Wide[0], 0);
}

static void
test_ctype(void **State)
{
    (void)State;
    assert_true(isdigit('7') && !isdigit('a') && !isdigit(0xB2));
    assert_true(islower('q') && !islower('Q') && !islower(0xE9));
    assert_true(isupper('Q') && !isupper('q'));
    assert_true(isspace(' ') && isspace('\t') && isspace('\r') && isspace('\v') && !isspace('x'));
    assert_true(isxdigit('f') && isxdigit('F') && isxdigit('9') && !isxdigit('g'));
    assert_true(isprint(' ') && isprint('~') && !isprint('\n') && !isprint(0x7F));
    assert_int_equal(tolower('A'), 'a');
    assert_int_equal(tolower('['), '[');
    assert_int_equal(toupper('z'), 'Z');
    assert_int_equal(toupper(0xE9), 0xE9); /* "C" locale: ASCII only */
    assert_int_equal(towupper(0x00E9), 0x00C9);
    assert_int_equal(towlower(0x0414), 0x0434);
    assert_int_equal(towupper(0x4E2D), 0x4E2D);
    assert_int_equal(towupper(0x0434), RtlUpcaseUnicodeChar(0x0434));
}

static void
test_mbcs(void **State)
{
    WCHAR Wide[8];
    char Narrow[8];
    WCHAR One;

    (void)State;
    /* Windows-1252: 0x80 is the euro sign. */
    assert_int_equal(mbstowcs(Wide, "a\x80\xe9", 8), 3);
    assert_int_equal(Wide[1], 0x20AC);
    assert_int_equal(Wide[2], 0x00E9);
    assert_int_equal(Wide[3], 0);
    assert_int_equal(mbstowcs(NULL, "abcd", 0), 4);
    Wide[2] = u'X';
    assert_int_equal(mbstowcs(Wide, "abcd", 2), 2);
    assert_int_equal(Wide[2], u'X'); /* no terminator when Count runs out */

    assert_int_equal(wcstombs(Narrow, u"x\u20ac\u00e9", 8), 3);
    assert_string_equal(Narrow, "x\x80\xe9");
    assert_int_equal(wcstombs(NULL, u"abc", 0), 3);
    assert_int_equal(wcstombs(Narrow, u"a\u4e2d", 8), (size_t)-1); /* not in 1252 */
    assert_int_equal(wcstombs(Narrow, u"?", 8), 1);
    Narrow[1] = 'X';
    assert_int_equal(wcstombs(Narrow, u"ab", 1), 1);
    assert_int_equal(Narrow[1], 'X');

    assert_int_equal(mbtowc(&One, "\x80", 1), 1);
    assert_int_equal(One, 0x20AC);
    assert_int_equal(mbtowc(&One, "", 1), 0);
    assert_int_equal(mbtowc(&One, "a", 0), -1);
    assert_int_equal(mbtowc(NULL, NULL, 0), 0);
    assert_int_equal(wctomb(Narrow, 0x20AC), 1);
    assert_int_equal((unsigned char)Narrow[0], 0x80);
    assert_int_equal(wctomb(Narrow, 0x4E2D), -1);
    assert_int_equal(wctomb(NULL, u'a'), 0);
}

static int CompareCalls;

static int
CompareInts(const void *Left, const void *Right)
{
    int L = *(const int *)Left, R = *(const int *)Right;

    CompareCalls++;
    return (L > R) - (L < R);
}

typedef struct
{
    char Name[5];
    unsigned char Key;
} RECORD;

static int
CompareRecords(const void *Left, const void *Right)
{
    return (int)((const RECORD *)Left)->Key - (int)((const RECORD *)Right)->Key;
}

static void
test_qsort(void **State)
{
    int Values[257];
    RECORD Records[] = {{"c", 3}, {"a", 1}, {"e", 5}, {"b", 2}, {"d", 4}};
    int One = 9;

    (void)State;
    for (int I = 0; I < 257; I++)
        Values[I] = (I * 7919) % 257 - 100; /* a permutation, with negatives */
    qsort(Values, 257, sizeof(int), CompareInts);
    for (int I = 0; I < 257; I++)
        assert_int_equal(Values[I], I - 100);
    qsort(Values, 257, sizeof(int), CompareInts); /* already sorted */
    for (int I = 1; I < 257; I++)
        assert_true(Values[I - 1] <= Values[I]);
    for (int I = 0; I < 257; I++)
        Values[I] = I % 3; /* many duplicates */
    qsort(Values, 257, sizeof(int), CompareInts);
    for (int I = 1; I < 257; I++)
        assert_true(Values[I - 1] <= Values[I]);

    /* Odd-sized elements move whole. */
    qsort(Records, 5, sizeof(RECORD), CompareRecords);
    for (int I = 0; I < 5; I++)
    {
        assert_int_equal(Records[I].Key, I + 1);
        assert_int_equal(Records[I].Name[0], 'a' + I);
    }

    CompareCalls = 0;
    qsort(&One, 1, sizeof(int), CompareInts);
    qsort(NULL, 0, sizeof(int), CompareInts);
    assert_int_equal(CompareCalls, 0);
    assert_int_equal(One, 9);
}

static void
test_bsearch(void **State)
{
    int Values[] = {1, 3, 5, 7, 9, 11};
    int Key;

    (void)State;
    for (int I = 0; I < 6; I++)
    {
        Key = Values[I];
        assert_ptr_equal(bsearch(&Key, Values, 6, sizeof(int), CompareInts), &Values[I]);
        Key = Values[I] + 1; /* between elements, and past the end */
        assert_null(bsearch(&Key, Values, 6, sizeof(int), CompareInts));
    }
    Key = 0; /* before the first */
    assert_null(bsearch(&Key, Values, 6, sizeof(int), CompareInts));
    Key = 1;
    assert_null(bsearch(&Key, Values, 0, sizeof(int), CompareInts));
    assert_ptr_equal(bsearch(&Key, Values, 1, sizeof(int), CompareInts), &Values[0]);
    Key = 3;
    assert_null(bsearch(&Key, Values, 1, sizeof(int), CompareInts));
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_ato),     cmocka_unit_test(test_strtoul),
        cmocka_unit_test(test_itoa),    cmocka_unit_test(test_ctype),
        cmocka_unit_test(test_mbcs),    cmocka_unit_test(test_qsort),
        cmocka_unit_test(test_bsearch),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
