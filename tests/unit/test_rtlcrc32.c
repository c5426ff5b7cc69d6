/* SPDX-License-Identifier: MIT */
/* Host tests of RtlComputeCrc32 (lib/rtl/rtlcrc32.c). */
#include "rtltest.h"

static void
test_known_vectors(void **State)
{
    static const UCHAR Zeros[32];

    (void)State;
    assert_int_equal(RtlComputeCrc32(0, "123456789", 9), 0xCBF43926);
    assert_int_equal(RtlComputeCrc32(0, "", 0), 0);
    assert_int_equal(RtlComputeCrc32(0, "a", 1), 0xE8B7BE43);
    assert_int_equal(RtlComputeCrc32(0, "The quick brown fox jumps over the lazy dog", 43),
                     0x414FA339);
    assert_int_equal(RtlComputeCrc32(0, Zeros, sizeof(Zeros)), 0x190A55AD);
}

static void
test_continues(void **State)
{
    ULONG Crc;

    (void)State;
    Crc = RtlComputeCrc32(0, "1234", 4);
    assert_int_equal(RtlComputeCrc32(Crc, "56789", 5), 0xCBF43926);
    assert_int_equal(RtlComputeCrc32(Crc, NULL, 0), Crc);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_known_vectors),
        cmocka_unit_test(test_continues),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
