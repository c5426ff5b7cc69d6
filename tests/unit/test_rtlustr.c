/* SPDX-License-Identifier: MIT */
/* Host tests of UNICODE_STRING routines and Unicode case mapping (lib/rtl/rtlustr.c, rtlnls.c). */
#include "rtltest.h"

static void
test_init_unicode_string(void **State)
{
    UNICODE_STRING S;
    static WCHAR Long[0x8001];

    (void)State;
    memset(&S, 0xAA, sizeof(S));
    RtlInitUnicodeString(&S, NULL);
    assert_int_equal(S.Length, 0);
    assert_int_equal(S.MaximumLength, 0);
    assert_null(S.Buffer);

    RtlInitUnicodeString(&S, (PCWSTR)u"");
    assert_int_equal(S.Length, 0);
    assert_int_equal(S.MaximumLength, 2);

    RtlInitUnicodeString(&S, (PCWSTR)u"abc");
    assert_int_equal(S.Length, 6);
    assert_int_equal(S.MaximumLength, 8);

    /* 32766 characters (0xFFFC bytes) is the most a UNICODE_STRING plus NUL can describe. */
    for (size_t I = 0; I < 0x8000; I++)
        Long[I] = 'x';
    RtlInitUnicodeString(&S, Long);
    assert_int_equal(S.Length, 0xFFFC);
    assert_int_equal(S.MaximumLength, 0xFFFE);
    Long[32766] = 0;
    RtlInitUnicodeString(&S, Long);
    assert_int_equal(S.Length, 0xFFFC);
    Long[32765] = 0;
    RtlInitUnicodeString(&S, Long);
    assert_int_equal(S.Length, 0xFFFA);
    assert_int_equal(S.MaximumLength, 0xFFFC);
}

static void
test_copy_unicode_string(void **State)
{
    WCHAR Buffer[8];
    UNICODE_STRING Source = TestView(u"hello"), Dest;

    (void)State;
    memset(Buffer, 0xFF, sizeof(Buffer));
    Dest = TestUnicode(Buffer, sizeof(Buffer), u"old");
    RtlCopyUnicodeString(&Dest, &Source);
    AssertUnicodeEqual(&Dest, u"hello");
    assert_int_equal(Buffer[5], 0);

    /* Exactly full: no room for the terminator, none written. */
    memset(Buffer, 0xFF, sizeof(Buffer));
    Dest = TestUnicode(Buffer, 10, NULL);
    RtlCopyUnicodeString(&Dest, &Source);
    AssertUnicodeEqual(&Dest, u"hello");
    assert_int_equal(Buffer[5], 0xFFFF);

    /* Truncated to what fits, and an odd MaximumLength copies whole characters only. */
    memset(Buffer, 0xFF, sizeof(Buffer));
    Dest = TestUnicode(Buffer, 7, NULL);
    RtlCopyUnicodeString(&Dest, &Source);
    AssertUnicodeEqual(&Dest, u"hel");
    assert_int_equal(Buffer[3], 0xFFFF);

    Dest = TestUnicode(Buffer, sizeof(Buffer), u"old");
    RtlCopyUnicodeString(&Dest, NULL);
    assert_int_equal(Dest.Length, 0);
}

static void
test_append(void **State)
{
    WCHAR Buffer[6];
    UNICODE_STRING Dest = TestUnicode(Buffer, sizeof(Buffer), u"ab");
    UNICODE_STRING Tail = TestView(u"cd"), Empty = {0, 0, NULL};

    (void)State;
    memset(Buffer + 2, 0xFF, 8);
    assert_int_equal(RtlAppendUnicodeStringToString(&Dest, &Tail), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"abcd");
    assert_int_equal(Buffer[4], 0);
    assert_int_equal(RtlAppendUnicodeStringToString(&Dest, &Empty), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"abcd");

    /* Does not fit: nothing changes. */
    assert_int_equal(RtlAppendUnicodeToString(&Dest, (PCWSTR)u"efg"), STATUS_BUFFER_TOO_SMALL);
    AssertUnicodeEqual(&Dest, u"abcd");
    Tail = TestView(u"efg");
    assert_int_equal(RtlAppendUnicodeStringToString(&Dest, &Tail), STATUS_BUFFER_TOO_SMALL);
    AssertUnicodeEqual(&Dest, u"abcd");

    /* Fills the buffer exactly: no terminator. */
    Buffer[5] = 0xFFFF;
    assert_int_equal(RtlAppendUnicodeToString(&Dest, (PCWSTR)u"ef"), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"abcdef");
    assert_int_equal(RtlAppendUnicodeToString(&Dest, NULL), STATUS_SUCCESS);
    assert_int_equal(RtlAppendUnicodeToString(&Dest, (PCWSTR)u""), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"abcdef");
}

static void
test_compare_and_equal(void **State)
{
    UNICODE_STRING Abc = TestView(u"abc"), AbcUpper = TestView(u"ABC"), Ab = TestView(u"ab");
    UNICODE_STRING Abd = TestView(u"abd"), Empty = TestView(u"");
    UNICODE_STRING Accent = TestView(u"\u00e9t\u00e9"), AccentUpper = TestView(u"\u00c9T\u00c9");

    (void)State;
    assert_int_equal(RtlCompareUnicodeString(&Abc, &Abc, FALSE), 0);
    assert_true(RtlCompareUnicodeString(&Abc, &AbcUpper, FALSE) > 0);
    assert_int_equal(RtlCompareUnicodeString(&Abc, &AbcUpper, TRUE), 0);
    assert_true(RtlCompareUnicodeString(&Ab, &Abc, FALSE) < 0);
    assert_true(RtlCompareUnicodeString(&Abc, &Ab, TRUE) > 0);
    assert_true(RtlCompareUnicodeString(&Abc, &Abd, TRUE) < 0);
    assert_true(RtlCompareUnicodeString(&Empty, &Ab, FALSE) < 0);
    assert_int_equal(RtlCompareUnicodeString(&Empty, &Empty, FALSE), 0);
    assert_int_equal(RtlCompareUnicodeString(&Accent, &AccentUpper, TRUE), 0);

    assert_true(RtlEqualUnicodeString(&Abc, &AbcUpper, TRUE));
    assert_false(RtlEqualUnicodeString(&Abc, &AbcUpper, FALSE));
    assert_false(RtlEqualUnicodeString(&Abc, &Ab, TRUE));
    assert_true(RtlEqualUnicodeString(&Accent, &AccentUpper, TRUE));

    /* Length counts, not terminators: "ab" is a prefix of "abc" by Length alone. */
    Abc.Length = 4;
    assert_true(RtlEqualUnicodeString(&Abc, &Ab, FALSE));
}

static void
test_prefix(void **State)
{
    UNICODE_STRING Path = TestView(u"\\Registry\\Machine"), Prefix = TestView(u"\\REGISTRY");
    UNICODE_STRING Empty = TestView(u"");

    (void)State;
    assert_true(RtlPrefixUnicodeString(&Prefix, &Path, TRUE));
    assert_false(RtlPrefixUnicodeString(&Prefix, &Path, FALSE));
    assert_false(RtlPrefixUnicodeString(&Path, &Prefix, TRUE));
    assert_true(RtlPrefixUnicodeString(&Empty, &Path, FALSE));
    assert_true(RtlPrefixUnicodeString(&Path, &Path, FALSE));
}

static void
test_case_mapping(void **State)
{
    static const struct
    {
        WCHAR Lower, Upper;
    } Pairs[] = {
        {'a', 'A'},     {'z', 'Z'},     {0xE0, 0xC0},   {0xFE, 0xDE},   {0xFF, 0x178},
        {0x101, 0x100}, {0x133, 0x132}, {0x13A, 0x139}, {0x148, 0x147}, {0x14B, 0x14A},
        {0x177, 0x176}, {0x17A, 0x179}, {0x17E, 0x17D}, {0x3B1, 0x391}, {0x3C9, 0x3A9},
        {0x3CB, 0x3AB}, {0x430, 0x410}, {0x44F, 0x42F}, {0x450, 0x400}, {0x45F, 0x40F},
    };
    static const WCHAR Fixed[] = {'0',  '@',  '[',   '`',   '{',   0xD7,   0xF7,
                                  0xDF, 0xB5, 0x138, 0x149, 0x3A2, 0x4E00, 0xFFFF};

    (void)State;
    for (size_t I = 0; I < sizeof(Pairs) / sizeof(Pairs[0]); I++)
    {
        assert_int_equal(RtlUpcaseUnicodeChar(Pairs[I].Lower), Pairs[I].Upper);
        assert_int_equal(RtlUpcaseUnicodeChar(Pairs[I].Upper), Pairs[I].Upper);
        assert_int_equal(RtlDowncaseUnicodeChar(Pairs[I].Upper), Pairs[I].Lower);
        assert_int_equal(RtlDowncaseUnicodeChar(Pairs[I].Lower), Pairs[I].Lower);
    }
    assert_int_equal(RtlUpcaseUnicodeChar(0x3C2), 0x3A3); /* final sigma */
    for (size_t I = 0; I < sizeof(Fixed) / sizeof(Fixed[0]); I++)
    {
        assert_int_equal(RtlUpcaseUnicodeChar(Fixed[I]), Fixed[I]);
        assert_int_equal(RtlDowncaseUnicodeChar(Fixed[I]), Fixed[I]);
    }
    /* Upcase and downcase are inverse on every character they change. */
    for (uint32_t C = 0; C <= 0xFFFF; C++)
    {
        WCHAR Up = RtlUpcaseUnicodeChar((WCHAR)C), Down = RtlDowncaseUnicodeChar((WCHAR)C);
        if (Up != C && C != 0x3C2)
            assert_int_equal(RtlDowncaseUnicodeChar(Up), C);
        if (Down != C)
            assert_int_equal(RtlUpcaseUnicodeChar(Down), C);
    }
}

static void
test_upcase_string(void **State)
{
    WCHAR Buffer[4];
    UNICODE_STRING Source = TestView(u"ab\u00e7d"), Dest = {0, sizeof(Buffer), Buffer};

    (void)State;
    assert_int_equal(RtlUpcaseUnicodeString(&Dest, &Source, FALSE), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"AB\u00c7D");

    /* In place. */
    Dest = TestUnicode(Buffer, sizeof(Buffer), u"xy");
    assert_int_equal(RtlUpcaseUnicodeString(&Dest, &Dest, FALSE), STATUS_SUCCESS);
    AssertUnicodeEqual(&Dest, u"XY");

    Dest = TestUnicode(Buffer, 6, u"q");
    assert_int_equal(RtlUpcaseUnicodeString(&Dest, &Source, FALSE), STATUS_BUFFER_OVERFLOW);
    AssertUnicodeEqual(&Dest, u"q");
    assert_int_equal(RtlUpcaseUnicodeString(&Dest, &Source, TRUE), STATUS_SUCCESS);
    assert_int_equal(Dest.Length, Source.Length);
    assert_int_equal(Dest.MaximumLength, Source.Length);
    assert_ptr_not_equal(Dest.Buffer, Buffer);
    RtlFreeUnicodeString(&Dest);
    assert_null(Dest.Buffer);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_init_unicode_string),
        cmocka_unit_test(test_copy_unicode_string),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_compare_and_equal),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_case_mapping),
        cmocka_unit_test(test_upcase_string),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
