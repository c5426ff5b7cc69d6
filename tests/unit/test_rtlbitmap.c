/* SPDX-License-Identifier: MIT */
/* Host tests of RTL_BITMAP routines (lib/rtl/rtlbitmap.c). */
#include "rtltest.h"

#define NOT_FOUND 0xFFFFFFFFu

/* 100 bits over four words; the guard word after them must never change. */
static ULONG Words[5];
static RTL_BITMAP Map;

static int
Setup(void **State)
{
    (void)State;
    memset(Words, 0, sizeof(Words));
    Words[4] = 0x5A5A5A5A;
    RtlInitializeBitMap(&Map, Words, 100);
    return 0;
}

static int
CheckGuard(void **State)
{
    (void)State;
    return Words[4] == 0x5A5A5A5A ? 0 : -1;
}

static void
test_init_set_clear_test(void **State)
{
    (void)State;
    assert_int_equal(Map.SizeOfBitMap, 100);
    assert_ptr_equal(Map.Buffer, Words);
    RtlSetBit(&Map, 0);
    RtlSetBit(&Map, 31);
    RtlSetBit(&Map, 32);
    RtlSetBit(&Map, 99);
    assert_int_equal(Words[0], 0x80000001);
    assert_int_equal(Words[1], 1);
    assert_int_equal(Words[3], 1u << 3);
    assert_true(RtlTestBit(&Map, 99));
    assert_false(RtlTestBit(&Map, 98));
    RtlClearBit(&Map, 31);
    assert_int_equal(Words[0], 1);
    assert_false(RtlTestBit(&Map, 31));

    /* Past the end: no write, reads as clear. */
    RtlSetBit(&Map, 100);
    RtlSetBits(&Map, 96, 64);
    assert_int_equal(Words[3], 0xF);
    Words[3] |= 1u << 4;
    assert_false(RtlTestBit(&Map, 100));
    assert_int_equal(RtlNumberOfSetBits(&Map), 2 + 4);
}

static void
test_ranges(void **State)
{
    (void)State;
    RtlSetBits(&Map, 30, 40); /* crosses two word boundaries */
    assert_int_equal(Words[0], 0xC0000000);
    assert_int_equal(Words[1], 0xFFFFFFFF);
    assert_int_equal(Words[2], 0x3F);
    assert_int_equal(RtlNumberOfSetBits(&Map), 40);
    assert_int_equal(RtlNumberOfClearBits(&Map), 60);
    RtlClearBits(&Map, 31, 38);
    assert_int_equal(Words[0], 0x40000000);
    assert_int_equal(Words[1], 0);
    assert_int_equal(Words[2], 0x20);
    RtlSetBits(&Map, 5, 0);
    assert_int_equal(RtlNumberOfSetBits(&Map), 2);

    RtlSetAllBits(&Map);
    assert_int_equal(RtlNumberOfSetBits(&Map), 100);
    assert_int_equal(RtlNumberOfClearBits(&Map), 0);
    RtlClearAllBits(&Map);
    assert_int_equal(RtlNumberOfSetBits(&Map), 0);
    /* Bits beyond SizeOfBitMap in the last word are not counted. */
    Words[3] = 0xFFFFFFF0;
    assert_int_equal(RtlNumberOfSetBits(&Map), 0);
    assert_int_equal(RtlNumberOfClearBits(&Map), 100);
}

static void
test_are_bits(void **State)
{
    (void)State;
    RtlSetBits(&Map, 60, 10);
    assert_true(RtlAreBitsSet(&Map, 60, 10));
    assert_true(RtlAreBitsSet(&Map, 63, 2));
    assert_false(RtlAreBitsSet(&Map, 59, 10));
    assert_false(RtlAreBitsSet(&Map, 60, 11));
    assert_true(RtlAreBitsClear(&Map, 0, 60));
    assert_true(RtlAreBitsClear(&Map, 70, 30));
    assert_false(RtlAreBitsClear(&Map, 0, 61));
    /* Empty, or not inside the map: FALSE. */
    assert_false(RtlAreBitsClear(&Map, 0, 0));
    assert_false(RtlAreBitsClear(&Map, 70, 31));
    assert_false(RtlAreBitsClear(&Map, 100, 1));
    assert_false(RtlAreBitsClear(&Map, 99, 0xFFFFFFFF));
    assert_true(RtlAreBitsClear(&Map, 99, 1));
}

static void
test_find_with_hint(void **State)
{
    (void)State;
    RtlSetAllBits(&Map);
    RtlClearBits(&Map, 10, 5);
    RtlClearBits(&Map, 60, 8); /* crosses the word at 64 */
    assert_int_equal(RtlFindClearBits(&Map, 5, 0), 10);
    assert_int_equal(RtlFindClearBits(&Map, 5, 11), 60);
    assert_int_equal(RtlFindClearBits(&Map, 8, 0), 60);
    assert_int_equal(RtlFindClearBits(&Map, 9, 0), NOT_FOUND);
    /* Nothing from the hint to the end: wraps to the start. */
    assert_int_equal(RtlFindClearBits(&Map, 3, 70), 10);
    /* A run may begin before the hint and end after it. */
    assert_int_equal(RtlFindClearBits(&Map, 8, 62), 60);
    /* A hint past the end is 0. */
    assert_int_equal(RtlFindClearBits(&Map, 1, 5000), 10);
    assert_int_equal(RtlFindClearBits(&Map, 101, 0), NOT_FOUND);
    assert_int_equal(RtlFindClearBits(&Map, 0, 42), 42);

    /* The last bit, and a run ending exactly at the end. */
    RtlClearBit(&Map, 99);
    assert_int_equal(RtlFindClearBits(&Map, 1, 90), 99);
    RtlClearBits(&Map, 96, 4);
    assert_int_equal(RtlFindClearBits(&Map, 4, 15), 60);
    assert_int_equal(RtlFindClearBits(&Map, 4, 68), 96);
    assert_int_equal(RtlFindSetBits(&Map, 45, 0), 15);
    assert_int_equal(RtlFindSetBits(&Map, 46, 0), NOT_FOUND);
    assert_int_equal(RtlFindSetBits(&Map, 10, 0), 0);
    assert_int_equal(RtlFindSetBits(&Map, 10, 1), 15);
}

static void
test_find_whole_words(void **State)
{
    ULONG Big[9] = {0};
    RTL_BITMAP B;

    (void)State;
    RtlInitializeBitMap(&B, Big, 8 * 32 + 5);
    assert_int_equal(RtlFindClearBits(&B, 8 * 32 + 5, 0), 0);
    assert_int_equal(RtlFindClearBits(&B, 8 * 32 + 5, 77), 0);
    RtlSetBit(&B, 100);
    assert_int_equal(RtlFindClearBits(&B, 150, 0), 101);
    assert_int_equal(RtlFindClearBits(&B, 100, 0), 0);
    assert_int_equal(RtlFindClearBits(&B, 160, 0), 101);
    assert_int_equal(RtlFindClearBits(&B, 161, 0), NOT_FOUND);
    RtlSetAllBits(&B);
    RtlClearBit(&B, 8 * 32 + 4);
    assert_int_equal(RtlFindClearBits(&B, 1, 0), 8 * 32 + 4);
    assert_int_equal(RtlFindSetBits(&B, 8 * 32 + 4, 3), 0);
}

static void
test_find_and_flip(void **State)
{
    (void)State;
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 40, 0), 0);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 40, 0), 40);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 40, 0), NOT_FOUND);
    assert_int_equal(RtlNumberOfSetBits(&Map), 80);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 20, 0), 80);
    assert_int_equal(RtlNumberOfClearBits(&Map), 0);
    assert_int_equal(RtlFindSetBitsAndClear(&Map, 33, 50), 50);
    assert_true(RtlAreBitsClear(&Map, 50, 33));
    assert_int_equal(RtlFindSetBitsAndClear(&Map, 51, 0), NOT_FOUND);
    assert_int_equal(RtlNumberOfClearBits(&Map), 33);
}

static void
test_runs(void **State)
{
    ULONG Start = 1234;

    (void)State;
    assert_int_equal(RtlFindFirstRunClear(&Map, &Start), 100);
    assert_int_equal(Start, 0);
    assert_int_equal(RtlFindLongestRunClear(&Map, &Start), 100);
    RtlSetAllBits(&Map);
    assert_int_equal(RtlFindFirstRunClear(&Map, &Start), 0);
    assert_int_equal(RtlFindLongestRunClear(&Map, &Start), 0);
    RtlClearBits(&Map, 3, 2);
    RtlClearBits(&Map, 20, 30);
    RtlClearBits(&Map, 60, 30);
    RtlClearBit(&Map, 99);
    assert_int_equal(RtlFindFirstRunClear(&Map, &Start), 2);
    assert_int_equal(Start, 3);
    assert_int_equal(RtlFindLongestRunClear(&Map, &Start), 30);
    assert_int_equal(Start, 20); /* the first of two equal runs */
    RtlClearBit(&Map, 90);
    assert_int_equal(RtlFindLongestRunClear(&Map, &Start), 31);
    assert_int_equal(Start, 60);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test_setup_teardown(test_init_set_clear_test, Setup, CheckGuard),
        cmocka_unit_test_setup_teardown(test_ranges, Setup, CheckGuard),
        cmocka_unit_test_setup_teardown(test_are_bits, Setup, CheckGuard),
        cmocka_unit_test_setup_teardown(test_find_with_hint, Setup, CheckGuard),
        cmocka_unit_test(test_find_whole_words),
        cmocka_unit_test_setup_teardown(test_find_and_flip, Setup, CheckGuard),
        cmocka_unit_test_setup_teardown(test_runs, Setup, CheckGuard),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
