/* SPDX-License-Identifier: MIT */
/* Host tests of the DbgPrint formatter (lib/rtl/rtlformat.c): Windows size rules, NT string
 * conversions, padding and truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rtlformat.h"

typedef struct
{
    uint16_t Length;
    uint16_t MaximumLength;
    const void *Buffer;
} COUNTED_STRING;

static char Out[256];

#define EXPECT(Expected, ...)                                            \
    do                                                                   \
    {                                                                    \
        size_t Length_ = RtlFormatString(Out, sizeof(Out), __VA_ARGS__); \
        assert_string_equal(Out, Expected);                              \
        assert_int_equal(Length_, strlen(Expected));                     \
    } while (0)

static void
test_integers(void **State)
{
    (void)State;
    EXPECT("42 -7 4294967295", "%d %i %u", 42, -7, 0xFFFFFFFFu);
    EXPECT("ff FF 0xff 17", "%x %X %#x %o", 255u, 255u, 255u, 15u);
    /* Windows sizes: l is 32 bits, I64 and ll 64, I and z pointer-sized. */
    EXPECT("ffffffff", "%lx", (uint32_t)0xFFFFFFFF);
    EXPECT("123456789abcdef0 -1", "%I64x %lld", (uint64_t)0x123456789ABCDEF0ull, (int64_t)-1);
    EXPECT("18446744073709551615", "%Iu", (uint64_t)UINT64_MAX);
    EXPECT("-9223372036854775808", "%I64d", (int64_t)INT64_MIN);
}

static void
test_width_and_precision(void **State)
{
    (void)State;
    EXPECT("[   42][42   ][00042][+42]", "[%5d][%-5d][%05d][%+d]", 42, 42, 42, 42);
    EXPECT("[  007][-0042]", "[%5.3d][%05d]", 7, -42);
    EXPECT("[   ab][ab   ]", "[%*s][%-*s]", 5, "ab", 5, "ab");
    EXPECT("[abc]", "[%.3s]", "abcdef");
    EXPECT("[%][x]", "[%%][%c]", 'x');
}

static void
test_pointers(void **State)
{
    (void)State;
    EXPECT("FFFFF80000401000", "%p", (void *)(uintptr_t)0xFFFFF80000401000ull);
    EXPECT("0000000000000010", "%p", (void *)(uintptr_t)0x10);
}

static void
test_nt_strings(void **State)
{
    static const uint16_t Wide[] = {'\\', 'D', 'r', 'i', 'v', 'e', 'r', 0xE9, 0};
    COUNTED_STRING Unicode = {6 * 2, 9 * 2, Wide};
    COUNTED_STRING Ansi = {3, 8, "hello"};

    (void)State;
    EXPECT("\\Driv", "%wZ", &(COUNTED_STRING){5 * 2, 5 * 2, Wide});
    EXPECT("\\Drive", "%wZ", &Unicode);
    EXPECT("hel", "%Z", &Ansi);
    EXPECT("\\Driver?", "%ws", Wide); /* non-ASCII narrowed to '?' */
    EXPECT("\\Driver?", "%ls", Wide);
    EXPECT("\\Driver?", "%S", Wide);
    EXPECT("narrow", "%hs", "narrow");
    EXPECT("(null) (null) (null)", "%s %ws %wZ", (char *)NULL, (uint16_t *)NULL,
           (COUNTED_STRING *)NULL);
    EXPECT("(null)", "%wZ", &(COUNTED_STRING){4, 4, NULL});
}

static void
test_truncation(void **State)
{
    char Small[6];
    size_t Length;

    (void)State;
    Length = RtlFormatString(Small, sizeof(Small), "%s-%d", "abcdef", 12);
    assert_string_equal(Small, "abcde");
    assert_int_equal(Length, 9);
    Length = RtlFormatString(Small, 0, "xyz");
    assert_int_equal(Length, 3);
    Length = RtlFormatString(Small, 1, "xyz");
    assert_string_equal(Small, "");
}

static void
test_unknown_conversion_is_verbatim(void **State)
{
    (void)State;
    EXPECT("a%qb", "a%qb");
    EXPECT("end", "end%");
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_integers),   cmocka_unit_test(test_width_and_precision),
        cmocka_unit_test(test_pointers),   cmocka_unit_test(test_nt_strings),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_unknown_conversion_is_verbatim),
    };
    return cmocka_run_group_tests(Tests, NULL, NULL);
}
