/* SPDX-License-Identifier: MIT */
/* Host tests of checked arithmetic and bounded strings (lib/rtl/rtlintsafe.c, rtlstrsafe.c)
 * against ntintsafe.h/ntstrsafe.h's documented results. */
#include "rtltest.h"

#include "rtlsafe.h"

static void
test_ulong_arithmetic(void **State)
{
    ULONG R = 7;

    (void)State;
    assert_int_equal(RtlULongAdd(0xFFFFFFFEu, 1, &R), STATUS_SUCCESS);
    assert_int_equal(R, 0xFFFFFFFFu);
    assert_int_equal(RtlULongAdd(0xFFFFFFFFu, 1, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(R, RTL_ULONG_ERROR);
    assert_int_equal(RtlULongSub(5, 3, &R), STATUS_SUCCESS);
    assert_int_equal(R, 2);
    assert_int_equal(RtlULongSub(3, 5, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(R, RTL_ULONG_ERROR);
    assert_int_equal(RtlULongMult(0x10000, 0xFFFF, &R), STATUS_SUCCESS);
    assert_int_equal(R, 0xFFFF0000u);
    assert_int_equal(RtlULongMult(0x10000, 0x10000, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(R, RTL_ULONG_ERROR);
}

static void
test_sizet_and_wider(void **State)
{
    SIZE_T S = 0;
    ULONGLONG Q = 0;
    USHORT U = 0;
    LONG L = 0;

    (void)State;
    assert_int_equal(RtlSizeTAdd(~(SIZE_T)0 - 1, 1, &S), STATUS_SUCCESS);
    assert_true(S == ~(SIZE_T)0);
    assert_int_equal(RtlSizeTAdd(~(SIZE_T)0, 1, &S), STATUS_INTEGER_OVERFLOW);
    assert_true(S == RTL_SIZET_ERROR);
    assert_int_equal(RtlSizeTMult((SIZE_T)1 << 32, (SIZE_T)1 << 31, &S), STATUS_SUCCESS);
    assert_true(S == (SIZE_T)1 << 63);
    assert_int_equal(RtlSizeTMult((SIZE_T)1 << 32, (SIZE_T)1 << 32, &S), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlSizeTSub(0, 1, &S), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlULongLongMult(3, 0x5555555555555555ull, &Q), STATUS_SUCCESS);
    assert_true(Q == 0xFFFFFFFFFFFFFFFFull);
    assert_int_equal(RtlULongLongAdd(Q, 1, &Q), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlULongLongSub(1, 2, &Q), STATUS_INTEGER_OVERFLOW);
    assert_true(Q == RTL_ULONGLONG_ERROR);
    assert_int_equal(RtlUShortAdd(0xFFFF, 1, &U), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(U, RTL_USHORT_ERROR);
    assert_int_equal(RtlUShortMult(0xFF, 0x101, &U), STATUS_SUCCESS);
    assert_int_equal(U, 0xFFFF);
    assert_int_equal(RtlLongAdd(0x7FFFFFFF, 1, &L), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(L, RTL_LONG_ERROR);
    assert_int_equal(RtlLongMult(-0x10000, 0x8000, &L), STATUS_SUCCESS);
    assert_int_equal(L, (LONG)0x80000000);
    assert_int_equal(RtlLongMult(0x10000, 0x8000, &L), STATUS_INTEGER_OVERFLOW);
}

static void
test_conversions(void **State)
{
    USHORT U = 0;
    ULONG R = 0;

    (void)State;
    assert_int_equal(RtlULongToUShort(0xFFFF, &U), STATUS_SUCCESS);
    assert_int_equal(U, 0xFFFF);
    assert_int_equal(RtlULongToUShort(0x10000, &U), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(U, RTL_USHORT_ERROR);
    assert_int_equal(RtlLongToULong(-1, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(R, RTL_ULONG_ERROR);
    assert_int_equal(RtlLongToULong(0x7FFFFFFF, &R), STATUS_SUCCESS);
    assert_int_equal(R, 0x7FFFFFFF);
    assert_int_equal(RtlSizeTToULong((SIZE_T)1 << 32, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlSizeTToULong(0xFFFFFFFFu, &R), STATUS_SUCCESS);
    assert_int_equal(RtlSizeTToUShort(0x10000, &U), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlULongLongToULong(0x100000000ull, &R), STATUS_INTEGER_OVERFLOW);
    assert_int_equal(RtlULongLongToULong(42, &R), STATUS_SUCCESS);
    assert_int_equal(R, 42);
}

static void
test_copy_truncates(void **State)
{
    WCHAR W[6];
    char A[4];

    (void)State;
    memset(W, 0x55, sizeof(W));
    assert_int_equal(RtlStringCbCopyW(W, sizeof(W), u"abc"), STATUS_SUCCESS);
    assert_memory_equal(W, u"abc", 8);
    assert_int_equal(RtlStringCbCopyW(W, sizeof(W), u"abcdefgh"), STATUS_BUFFER_OVERFLOW);
    assert_memory_equal(W, u"abcde", 12);
    /* Exactly full: five characters and the NUL. */
    assert_int_equal(RtlStringCchCopyW(W, 6, u"12345"), STATUS_SUCCESS);
    assert_memory_equal(W, u"12345", 12);
    /* An odd byte count holds whole characters only. */
    assert_int_equal(RtlStringCbCopyW(W, 5, u"xyz"), STATUS_BUFFER_OVERFLOW);
    assert_memory_equal(W, u"x", 4);
    assert_int_equal(RtlStringCbCopyA(A, sizeof(A), "hello"), STATUS_BUFFER_OVERFLOW);
    assert_string_equal(A, "hel");
    assert_int_equal(RtlStringCchCopyA(A, 1, "x"), STATUS_BUFFER_OVERFLOW);
    assert_int_equal(A[0], 0);
    assert_int_equal(RtlStringCchCopyA(A, 1, ""), STATUS_SUCCESS);
}

static void
test_copy_invalid_parameters(void **State)
{
    WCHAR W[4] = {'q', 'q', 'q', 'q'};

    (void)State;
    assert_int_equal(RtlStringCbCopyW(W, 0, u"a"), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCbCopyW(W, 1, u"a"), STATUS_INVALID_PARAMETER); /* 0 characters */
    assert_int_equal(W[0], 'q');
    assert_int_equal(RtlStringCchCopyW(W, (SIZE_T)RTL_STRSAFE_MAX_CCH + 1, u"a"),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCbCopyW(W, (SIZE_T)RTL_STRSAFE_MAX_CCH * 2 + 1, u"a"),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(W[0], 'q');
    assert_int_equal(RtlStringCbCopyW(NULL, sizeof(W), u"a"), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCbCopyW(W, sizeof(W), NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCchCopyA(NULL, 0, "a"), STATUS_INVALID_PARAMETER);
}

static void
test_cat(void **State)
{
    WCHAR W[8];
    char A[6] = "ab";

    (void)State;
    assert_int_equal(RtlStringCbCopyW(W, sizeof(W), u"ab"), STATUS_SUCCESS);
    assert_int_equal(RtlStringCbCatW(W, sizeof(W), u"cd"), STATUS_SUCCESS);
    assert_memory_equal(W, u"abcd", 10);
    assert_int_equal(RtlStringCbCatW(W, sizeof(W), u"efghij"), STATUS_BUFFER_OVERFLOW);
    assert_memory_equal(W, u"abcdefg", 16);
    /* Full: appending nothing succeeds, appending something is a truncation. */
    assert_int_equal(RtlStringCbCatW(W, sizeof(W), u""), STATUS_SUCCESS);
    assert_int_equal(RtlStringCbCatW(W, sizeof(W), u"x"), STATUS_BUFFER_OVERFLOW);
    assert_memory_equal(W, u"abcdefg", 16);
    /* No NUL inside the destination: the destination is invalid. */
    assert_int_equal(RtlStringCchCatW(W, 4, u"x"), STATUS_INVALID_PARAMETER);
    assert_memory_equal(W, u"abcdefg", 16);
    assert_int_equal(RtlStringCchCatA(A, sizeof(A), "cde"), STATUS_SUCCESS);
    assert_string_equal(A, "abcde");
    assert_int_equal(RtlStringCbCatA(A, 0, "x"), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCbCatA(A, sizeof(A), NULL), STATUS_INVALID_PARAMETER);
}

static void
test_length(void **State)
{
    SIZE_T Length = 99;

    (void)State;
    assert_int_equal(RtlStringCchLengthW(u"abc", 4, &Length), STATUS_SUCCESS);
    assert_int_equal(Length, 3);
    assert_int_equal(RtlStringCbLengthW(u"abc", 8, &Length), STATUS_SUCCESS);
    assert_int_equal(Length, 6);
    assert_int_equal(RtlStringCchLengthW(u"abc", 3, &Length), STATUS_INVALID_PARAMETER);
    assert_int_equal(Length, 0);
    assert_int_equal(RtlStringCbLengthW(u"abc", 7, &Length), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCchLengthA("hello", 6, NULL), STATUS_SUCCESS);
    assert_int_equal(RtlStringCbLengthA("hello", 6, &Length), STATUS_SUCCESS);
    assert_int_equal(Length, 5);
    assert_int_equal(RtlStringCchLengthA(NULL, 6, &Length), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCchLengthA("a", (SIZE_T)RTL_STRSAFE_MAX_CCH + 1, &Length),
                     STATUS_INVALID_PARAMETER);
}

static void
test_printf_narrow(void **State)
{
    char A[8];

    (void)State;
    assert_int_equal(RtlStringCbPrintfA(A, sizeof(A), "%u-%s", 42u, "ab"), STATUS_SUCCESS);
    assert_string_equal(A, "42-ab");
    assert_int_equal(RtlStringCchPrintfA(A, sizeof(A), "%08x", 0xABCDu), STATUS_BUFFER_OVERFLOW);
    assert_string_equal(A, "0000abc");
    assert_int_equal(RtlStringCchPrintfA(A, 0, "x"), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCchPrintfA(A, sizeof(A), NULL), STATUS_INVALID_PARAMETER);
}

static void
test_printf_wide(void **State)
{
    WCHAR W[24];
    UNICODE_STRING Name = {6, 6, (PWSTR)u"drv"};

    (void)State;
    /* %s takes a wide string in a wide format, %S and %hs narrow ones. */
    assert_int_equal(RtlStringCbPrintfW(W, sizeof(W), u"%s:%S:%hs:%d", u"w", "n", "h", -5),
                     STATUS_SUCCESS);
    assert_memory_equal(W, u"w:n:h:-5", 18);
    assert_int_equal(RtlStringCbPrintfW(W, sizeof(W), u"\\Driver\\%wZ %c%C 100%%", &Name, 'x', 'y'),
                     STATUS_SUCCESS);
    assert_memory_equal(W, u"\\Driver\\drv xy 100%", 40);
    /* Truncated to 15 characters and the NUL. */
    assert_int_equal(RtlStringCchPrintfW(W, 16, u"%s%s", u"0123456789", u"abcdefghij"),
                     STATUS_BUFFER_OVERFLOW);
    assert_memory_equal(W, u"0123456789abcde", 32);
    assert_int_equal(RtlStringCchPrintfW(W, 1, u"abc"), STATUS_BUFFER_OVERFLOW);
    assert_int_equal(W[0], 0);
    /* Plain text containing C, S and s stays as it is. */
    assert_int_equal(RtlStringCchPrintfW(W, 16, u"Cs S %-4s|", u"ab"), STATUS_SUCCESS);
    assert_memory_equal(W, u"Cs S ab  |", 22);
    assert_int_equal(RtlStringCchPrintfW(W, 16, u"\u00e9"), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlStringCbPrintfW(W, 1, u"a"), STATUS_INVALID_PARAMETER);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_ulong_arithmetic),
        cmocka_unit_test(test_sizet_and_wider),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_copy_truncates),
        cmocka_unit_test(test_copy_invalid_parameters),
        cmocka_unit_test(test_cat),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_printf_narrow),
        cmocka_unit_test(test_printf_wide),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
