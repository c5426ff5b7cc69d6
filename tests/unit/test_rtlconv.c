/* SPDX-License-Identifier: MIT */
/* Host tests of integer <-> string and ANSI <-> Unicode conversion (lib/rtl/rtlconv.c). */
#include "rtltest.h"

static NTSTATUS
ParseUnicode(const char16_t *Text, ULONG Base, ULONG *Value)
{
    UNICODE_STRING String = TestView(Text);

    *Value = 0xDEADBEEF;
    return RtlUnicodeStringToInteger(&String, Base, Value);
}

static void
test_string_to_integer(void **State)
{
    static const struct
    {
        const char *Text;
        ULONG Base, Value;
    } Cases[] = {
        {"123", 10, 123},
        {"-345", 10, (ULONG)-345},
        {"xyz", 10, 0},
        {"+678abc", 10, 678},
        {"+678abc", 16, 0x678ABC},
        {"  \t 42", 0, 42},
        {"0x1F", 0, 0x1F},
        {"0X1F", 0, 0}, /* prefixes are lower case only */
        {"0o17", 0, 017},
        {"0b101", 0, 5},
        {"0b102", 0, 2},
        {"0x1F", 16, 0},
        {"0", 0, 0},
        {"09", 0, 9},
        {"-0x10", 0, (ULONG)-16},
        {"FfFf", 16, 0xFFFF},
        {"777", 8, 0777},
        {"8", 8, 0},
        {"4294967295", 10, 0xFFFFFFFF},
        {"4294967296", 10, 0}, /* wraps modulo 2^32 */
        {"", 10, 0},
        {"-", 0, 0},
    };

    (void)State;
    for (size_t I = 0; I < sizeof(Cases) / sizeof(Cases[0]); I++)
    {
        ULONG Value = 0xDEADBEEF;

        assert_int_equal(RtlCharToInteger(Cases[I].Text, Cases[I].Base, &Value), STATUS_SUCCESS);
        assert_int_equal(Value, Cases[I].Value);
    }
}

static void
test_string_to_integer_errors(void **State)
{
    ULONG Value = 7;
    char16_t Wide[] = u"123";
    UNICODE_STRING Counted = {4, 6, (PWSTR)Wide};

    (void)State;
    assert_int_equal(RtlCharToInteger("1", 3, &Value), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlCharToInteger("1", 36, &Value), STATUS_INVALID_PARAMETER);
    assert_int_equal(Value, 7);
    assert_int_equal(RtlCharToInteger("1", 10, NULL), STATUS_ACCESS_VIOLATION);

    assert_int_equal(ParseUnicode(u"", 10, &Value), STATUS_INVALID_PARAMETER);
    assert_int_equal(ParseUnicode(u"12", 7, &Value), STATUS_INVALID_PARAMETER);
    assert_int_equal(ParseUnicode(u" -0x7fffFFFF", 0, &Value), STATUS_SUCCESS);
    assert_int_equal(Value, 0x80000001);
    assert_int_equal(ParseUnicode(u"\u0661", 10, &Value), STATUS_SUCCESS); /* Arabic one */
    assert_int_equal(Value, 0);
    /* Only Length counts: "12" of "123". */
    assert_int_equal(RtlUnicodeStringToInteger(&Counted, 0, &Value), STATUS_SUCCESS);
    assert_int_equal(Value, 12);
}

static void
test_integer_to_string(void **State)
{
    WCHAR Buffer[34];
    UNICODE_STRING S = {0, sizeof(Buffer), Buffer};

    (void)State;
    assert_int_equal(RtlIntegerToUnicodeString(0, 0, &S), STATUS_SUCCESS);
    AssertUnicodeEqual(&S, u"0");
    assert_int_equal(Buffer[1], 0);
    assert_int_equal(RtlIntegerToUnicodeString(4294967295u, 10, &S), STATUS_SUCCESS);
    AssertUnicodeEqual(&S, u"4294967295");
    assert_int_equal(RtlIntegerToUnicodeString(0xBEEF, 16, &S), STATUS_SUCCESS);
    AssertUnicodeEqual(&S, u"BEEF");
    assert_int_equal(RtlIntegerToUnicodeString(8, 8, &S), STATUS_SUCCESS);
    AssertUnicodeEqual(&S, u"10");
    assert_int_equal(RtlIntegerToUnicodeString(0xFFFFFFFF, 2, &S), STATUS_SUCCESS);
    assert_int_equal(S.Length, 64);
    assert_int_equal(Buffer[32], 0);

    assert_int_equal(RtlIntegerToUnicodeString(1, 7, &S), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlIntegerToUnicodeString(1, 36, &S), STATUS_INVALID_PARAMETER);

    /* "123" needs 8 bytes with its terminator. */
    S = TestUnicode(Buffer, 7, u"z");
    assert_int_equal(RtlIntegerToUnicodeString(123, 10, &S), STATUS_BUFFER_OVERFLOW);
    AssertUnicodeEqual(&S, u"z");
    S.MaximumLength = 8;
    assert_int_equal(RtlIntegerToUnicodeString(123, 10, &S), STATUS_SUCCESS);
    AssertUnicodeEqual(&S, u"123");
}

static void
test_ansi_to_unicode(void **State)
{
    WCHAR Buffer[8];
    ANSI_STRING Ansi;
    UNICODE_STRING U = {0, sizeof(Buffer), Buffer};
    static char Long[0x8000];
    static const char16_t Expected[] = {'a', 0xE9, 0x20AC, 0x81, 0x178, 0};

    (void)State;
    RtlInitAnsiString(&Ansi, "a\xe9\x80\x81\x9f");
    assert_int_equal(RtlxAnsiStringToUnicodeSize(&Ansi), 12);
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, FALSE), STATUS_SUCCESS);
    AssertUnicodeEqual(&U, Expected);
    assert_int_equal(Buffer[5], 0);

    /* Exactly the terminator's room is enough; one byte less is not. */
    U = TestUnicode(Buffer, 12, u"q");
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, FALSE), STATUS_SUCCESS);
    U = TestUnicode(Buffer, 11, u"q");
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, FALSE), STATUS_BUFFER_OVERFLOW);
    AssertUnicodeEqual(&U, u"q");
    /* Allocated to size, terminated, freed through RtlFreeUnicodeString. */
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, TRUE), STATUS_SUCCESS);
    AssertUnicodeEqual(&U, Expected);
    assert_int_equal(U.MaximumLength, U.Length + sizeof(WCHAR));
    assert_int_equal(U.Buffer[U.Length / sizeof(WCHAR)], 0);
    RtlFreeUnicodeString(&U);
    assert_null(U.Buffer);
    assert_int_equal(U.MaximumLength, 0);

    RtlInitAnsiString(&Ansi, "");
    U = TestUnicode(Buffer, 2, NULL);
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, FALSE), STATUS_SUCCESS);
    assert_int_equal(U.Length, 0);
    assert_int_equal(Buffer[0], 0);

    /* 0x7FFF bytes would need 0x10000 bytes of UTF-16: too long for any UNICODE_STRING. */
    memset(Long, 'x', sizeof(Long) - 1);
    RtlInitAnsiString(&Ansi, Long);
    assert_int_equal(RtlAnsiStringToUnicodeString(&U, &Ansi, FALSE), STATUS_INVALID_PARAMETER_2);
}

static void
test_unicode_to_ansi(void **State)
{
    char Buffer[8];
    ANSI_STRING A = {0, sizeof(Buffer), Buffer};
    static const char16_t Text[] = {'a', 0xE9, 0x20AC, 0x4E00, 0x80, 0x178, 0};
    UNICODE_STRING U = TestView(Text);

    (void)State;
    assert_int_equal(RtlxUnicodeStringToAnsiSize(&U), 7);
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, FALSE), STATUS_SUCCESS);
    assert_int_equal(A.Length, 6);
    assert_memory_equal(Buffer, "a\xe9\x80?\?\x9f", 7);

    /* Too small: as much as fits, terminated, and STATUS_BUFFER_OVERFLOW. */
    A.MaximumLength = 3;
    memset(Buffer, '#', sizeof(Buffer));
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, FALSE), STATUS_BUFFER_OVERFLOW);
    assert_int_equal(A.Length, 2);
    assert_memory_equal(Buffer, "a\xe9\0#", 4);

    A.MaximumLength = 0;
    A.Length = 5;
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, FALSE), STATUS_BUFFER_OVERFLOW);
    assert_int_equal(A.Length, 5);
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, TRUE), STATUS_SUCCESS);
    assert_int_equal(A.Length, U.Length / sizeof(WCHAR));
    assert_int_equal(A.MaximumLength, A.Length + 1);
    assert_int_equal(A.Buffer[A.Length], 0);
    RtlFreeAnsiString(&A);
    assert_null(A.Buffer);
    A.Buffer = Buffer;

    /* Exactly the terminator's room; an odd trailing byte in Length is ignored. */
    A.MaximumLength = 7;
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, FALSE), STATUS_SUCCESS);
    U.Length = 3;
    assert_int_equal(RtlUnicodeStringToAnsiString(&A, &U, FALSE), STATUS_SUCCESS);
    assert_int_equal(A.Length, 1);
    assert_memory_equal(Buffer, "a", 2);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_string_to_integer), cmocka_unit_test(test_string_to_integer_errors),
        cmocka_unit_test(test_integer_to_string), cmocka_unit_test(test_ansi_to_unicode),
        cmocka_unit_test(test_unicode_to_ansi),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
