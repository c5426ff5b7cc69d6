/* SPDX-License-Identifier: MIT */
/* Host tests of STRING/ANSI_STRING routines and RtlUpperChar (lib/rtl/rtlastr.c, rtlnls.c). */
#include "rtltest.h"

static STRING
View(const char *Text)
{
    STRING String;

    RtlInitString(&String, Text);
    return String;
}

static void
AssertAnsiEqual(const STRING *String, const char *Text)
{
    assert_int_equal(String->Length, strlen(Text));
    assert_memory_equal(String->Buffer, Text, strlen(Text));
}

static void
test_init(void **State)
{
    ANSI_STRING S;
    static char Long[0x10001];

    (void)State;
    memset(&S, 0xAA, sizeof(S));
    RtlInitAnsiString(&S, NULL);
    assert_int_equal(S.Length, 0);
    assert_int_equal(S.MaximumLength, 0);
    assert_null(S.Buffer);
    RtlInitAnsiString(&S, "");
    assert_int_equal(S.Length, 0);
    assert_int_equal(S.MaximumLength, 1);
    RtlInitString(&S, "abc");
    assert_int_equal(S.Length, 3);
    assert_int_equal(S.MaximumLength, 4);

    memset(Long, 'x', 0x10000);
    RtlInitAnsiString(&S, Long);
    assert_int_equal(S.Length, 0xFFFE);
    assert_int_equal(S.MaximumLength, 0xFFFF);
    Long[0xFFFD] = 0;
    RtlInitAnsiString(&S, Long);
    assert_int_equal(S.Length, 0xFFFD);
    assert_int_equal(S.MaximumLength, 0xFFFE);
}

static void
test_copy(void **State)
{
    char Buffer[6];
    STRING Source = View("hello"), Dest = {0, sizeof(Buffer), Buffer};

    (void)State;
    memset(Buffer, '#', sizeof(Buffer));
    RtlCopyString(&Dest, &Source);
    AssertAnsiEqual(&Dest, "hello");
    assert_int_equal(Buffer[5], 0);

    memset(Buffer, '#', sizeof(Buffer));
    Dest.MaximumLength = 5;
    RtlCopyString(&Dest, &Source);
    AssertAnsiEqual(&Dest, "hello");
    assert_int_equal(Buffer[5], '#');

    Dest.MaximumLength = 2;
    RtlCopyString(&Dest, &Source);
    AssertAnsiEqual(&Dest, "he");
    assert_int_equal(Buffer[2], 'l');

    RtlCopyString(&Dest, NULL);
    assert_int_equal(Dest.Length, 0);
}

static void
test_compare(void **State)
{
    STRING Abc = View("abc"), AbcUpper = View("ABC"), Ab = View("ab"), Empty = View("");
    STRING High = View("\xe9"), HighUpper = View("\xc9"), Z = View("z");

    (void)State;
    assert_int_equal(RtlCompareString(&Abc, &Abc, FALSE), 0);
    assert_true(RtlCompareString(&Abc, &AbcUpper, FALSE) > 0);
    assert_int_equal(RtlCompareString(&Abc, &AbcUpper, TRUE), 0);
    assert_true(RtlCompareString(&Ab, &Abc, TRUE) < 0);
    assert_true(RtlCompareString(&Abc, &Ab, FALSE) > 0);
    assert_true(RtlCompareString(&Empty, &Ab, FALSE) < 0);
    /* Unsigned bytes: 0xE9 sorts after 'z'. */
    assert_true(RtlCompareString(&High, &Z, FALSE) > 0);
    assert_int_equal(RtlCompareString(&High, &HighUpper, TRUE), 0);

    assert_true(RtlEqualString(&Abc, &AbcUpper, TRUE));
    assert_false(RtlEqualString(&Abc, &AbcUpper, FALSE));
    assert_false(RtlEqualString(&Abc, &Ab, TRUE));
    assert_true(RtlEqualString(&Empty, &Empty, FALSE));
}

static void
test_upper(void **State)
{
    char Buffer[8] = "#######";
    STRING Source = View("aZ\xe9\x9a\xff\xdf!"), Dest = {0, sizeof(Buffer), Buffer};

    (void)State;
    /* 1252: e-acute, s-caron (0x9A -> 0x8A) and y-diaeresis (0xFF -> 0x9F) upcase through
     * Unicode; sharp s has no single-character capital. */
    RtlUpperString(&Dest, &Source);
    AssertAnsiEqual(&Dest, "AZ\xc9\x8a\x9f\xdf!");
    assert_int_equal(Buffer[7], 0);

    Dest.MaximumLength = 2;
    memset(Buffer, '#', sizeof(Buffer));
    RtlUpperString(&Dest, &Source);
    AssertAnsiEqual(&Dest, "AZ");
    assert_int_equal(Buffer[2], '#');

    assert_int_equal(RtlUpperChar('q'), 'Q');
    assert_int_equal(RtlUpperChar('Q'), 'Q');
    assert_int_equal(RtlUpperChar('5'), '5');
    assert_int_equal((unsigned char)RtlUpperChar((CHAR)0x9C), 0x8C); /* oe ligature */
    assert_int_equal((unsigned char)RtlUpperChar((CHAR)0xB5), 0xB5); /* micro sign */
    assert_int_equal((unsigned char)RtlUpperChar((CHAR)0xF7), 0xF7); /* division sign */
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_upper),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
