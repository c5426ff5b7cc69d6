/* SPDX-License-Identifier: MIT */
/* Host tests of the string routines ntoskrnl exports (lib/rtl/crtstr.c, crtwstr.c, crtsafe.c):
 * ISO edge cases, case-insensitive forms that agree with the NLS tables, and the `_s` forms'
 * EINVAL/ERANGE/STRUNCATE returns and buffer clearing. */
#include <string.h>

#include "crttest.h"

static void
test_narrow_compare_and_search(void **State)
{
    const char *Text = "a,b;c";

    (void)State;
    assert_true(strcmp("abc", "abc") == 0);
    assert_true(strcmp("abc", "abd") < 0);
    assert_true(strcmp("ab", "abc") < 0);
    assert_true(strcmp("\xe9", "e") > 0); /* compared as unsigned char */
    assert_true(strncmp("abcX", "abcY", 3) == 0);
    assert_true(strncmp("abcX", "abcY", 4) < 0);
    assert_true(strncmp("x", "y", 0) == 0);
    assert_ptr_equal(strchr(Text, ';'), Text + 3);
    assert_ptr_equal(strchr(Text, 0), Text + 5);
    assert_null(strchr(Text, 'z'));
    assert_ptr_equal(strrchr("abca" + 0, 'a') - 3, strchr("abca" + 0, 'a'));
    assert_ptr_equal(strrchr(Text, ','), Text + 1);
    assert_ptr_equal(strrchr(Text, 0), Text + 5);
    assert_ptr_equal(strstr(Text, "b;"), Text + 2);
    assert_ptr_equal(strstr(Text, ""), Text);
    assert_null(strstr(Text, "c;"));
    assert_null(strstr("", "a"));
    assert_int_equal(strspn("aabbc", "ab"), 4);
    assert_int_equal(strspn("xyz", "ab"), 0);
    assert_int_equal(strnlen("abc", 2), 2);
    assert_int_equal(strnlen("abc", 10), 3);
    assert_ptr_equal(memchr(Text, 'c', 5), Text + 4);
    assert_null(memchr(Text, 'c', 4));
    assert_ptr_equal(memchr(Text + 0, 0, 6), Text + 5); /* memchr reads past NULs */
}

static void
test_narrow_copy(void **State)
{
    char Buffer[16];

    (void)State;
    assert_ptr_equal(strcpy(Buffer, "abc"), Buffer);
    assert_string_equal(strcat(Buffer, "de"), "abcde");
    assert_string_equal(strncat(Buffer, "fghij", 2), "abcdefg");
    assert_string_equal(strncat(Buffer, "h", 5), "abcdefgh");

    /* strncpy pads with NULs, and does not terminate a source of Count or more. */
    memset(Buffer, 'X', sizeof(Buffer));
    strncpy(Buffer, "ab", 5);
    assert_memory_equal(Buffer, "ab\0\0\0X", 6);
    memset(Buffer, 'X', sizeof(Buffer));
    strncpy(Buffer, "abcdef", 3);
    assert_memory_equal(Buffer, "abcX", 4);
}

/* Case-insensitive forms go through the NLS tables: Windows-1252 letters fold too, and
 * Microsoft compares the lower-case forms, so '_' (0x5F) sorts before the letters. */
static void
test_narrow_case(void **State)
{
    char Buffer[16];

    (void)State;
    assert_int_equal(_stricmp("Hello", "hELLO"), 0);
    assert_true(_stricmp("abc", "ABD") < 0);
    assert_true(_stricmp("_", "A") < 0);
    assert_int_equal(_stricmp("\xc9t\xc9", "\xe9T\xe9"), 0); /* E acute, 1252 */
    assert_int_equal(_stricmp("\x8a", "\x9a"), 0);           /* S caron, 0x8A/0x9A */
    assert_int_equal(_strnicmp("abcX", "ABCy", 3), 0);
    assert_true(_strnicmp("abcX", "ABCy", 4) < 0);
    strcpy(Buffer, "MiXeD\xc9");
    assert_string_equal(_strlwr(Buffer), "mixed\xe9");
    assert_string_equal(_strupr(Buffer), "MIXED\xc9");
    assert_string_equal(strlwr(Buffer), "mixed\xe9");
}

static void
test_wide(void **State)
{
    WCHAR Buffer[16];
    const WCHAR *Text = u"a,b;c";

    (void)State;
    assert_true(wcscmp(u"abc", u"abc") == 0);
    assert_true(wcscmp(u"abc", u"abd") < 0);
    assert_true(wcscmp(u"\u4e2d", u"a") > 0);
    assert_true(wcsncmp(u"abX", u"abY", 2) == 0);
    assert_ptr_equal(wcschr(Text, u';'), Text + 3);
    assert_ptr_equal(wcschr(Text, 0), Text + 5);
    assert_null(wcschr(Text, u'z'));
    assert_ptr_equal(wcsrchr(Text, u','), Text + 1);
    assert_ptr_equal(wcsrchr(u"abab", u'b') - wcschr(u"abab", u'b'), 2);
    assert_ptr_equal(wcsstr(Text, u"b;c"), Text + 2);
    assert_ptr_equal(wcsstr(Text, u""), Text);
    assert_null(wcsstr(Text, u"cc"));
    assert_int_equal(wcsspn(u"abcx", u"cba"), 3);
    assert_int_equal(wcscspn(u"abc;x", u";,"), 3);
    assert_int_equal(wcscspn(u"abc", u";"), 3);
    assert_int_equal(wcsnlen(u"abc", 1), 1);
    assert_int_equal(wcsnlen(u"abc", 9), 3);

    wcscpy(Buffer, u"ab");
    wcscat(Buffer, u"cd");
    wcsncat(Buffer, u"efgh", 1);
    CrtAssertWide(Buffer, "abcde");
    for (size_t I = 0; I < 16; I++)
        Buffer[I] = u'X';
    wcsncpy(Buffer, u"ab", 4);
    assert_int_equal(Buffer[2], 0);
    assert_int_equal(Buffer[3], 0);
    assert_int_equal(Buffer[4], u'X');
    wcsncpy(Buffer, u"wxyz", 2);
    assert_int_equal(Buffer[1], u'x');
    assert_int_equal(Buffer[2], 0); /* from before: no terminator written */

    /* Case folding agrees with RtlUpcaseUnicodeChar, beyond ASCII too. */
    assert_int_equal(_wcsicmp(u"\u0414\u00c9x", u"\u0434\u00e9X"), 0);
    assert_true(_wcsicmp(u"_", u"A") < 0);
    assert_int_equal(_wcsnicmp(u"ABq", u"abz", 2), 0);
    wcscpy(Buffer, u"Ab\u0414\u00e9");
    _wcsupr(Buffer);
    assert_int_equal(Buffer[2], RtlUpcaseUnicodeChar(0x0434));
    assert_int_equal(Buffer[3], 0x00c9);
    _wcslwr(Buffer);
    assert_int_equal(Buffer[0], u'a');
    assert_int_equal(Buffer[2], 0x0434);
    wcslwr(Buffer);
    assert_int_equal(Buffer[1], u'b');
}

static void
test_copy_s(void **State)
{
    char Buffer[4];
    WCHAR Wide[4];

    (void)State;
    CrtInvalidCount = 0;
    assert_int_equal(strcpy_s(Buffer, 4, "abc"), 0);
    assert_string_equal(Buffer, "abc");
    assert_int_equal(strcpy_s(Buffer, 4, "abcd"), ERANGE); /* no room for the NUL */
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(strcpy_s(NULL, 4, "a"), EINVAL);
    assert_int_equal(strcpy_s(Buffer, 0, "a"), EINVAL);
    Buffer[0] = 'x';
    assert_int_equal(strcpy_s(Buffer, 4, NULL), EINVAL);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 4);

    assert_int_equal(strcpy_s(Buffer, 4, "a"), 0);
    assert_int_equal(strcat_s(Buffer, 4, "bc"), 0);
    assert_string_equal(Buffer, "abc");
    assert_int_equal(strcat_s(Buffer, 4, "d"), ERANGE);
    assert_int_equal(Buffer[0], 0);
    memcpy(Buffer, "abcd", 4); /* not terminated within the size */
    assert_int_equal(strcat_s(Buffer, 4, ""), EINVAL);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 6);

    assert_int_equal(strncpy_s(Buffer, 4, "abcdef", 3), 0);
    assert_string_equal(Buffer, "abc");
    assert_int_equal(strncpy_s(Buffer, 4, "abcdef", 4), ERANGE);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(strncpy_s(Buffer, 4, "abcdef", _TRUNCATE), STRUNCATE);
    assert_string_equal(Buffer, "abc");
    assert_int_equal(strncpy_s(Buffer, 4, "ab", _TRUNCATE), 0);
    assert_string_equal(Buffer, "ab");
    assert_int_equal(strncpy_s(NULL, 0, NULL, 0), 0);
    assert_int_equal(strncpy_s(Buffer, 4, NULL, 0), 0);
    assert_string_equal(Buffer, "");
    assert_int_equal(strncat_s(Buffer, 4, "xyz", 2), 0);
    assert_string_equal(Buffer, "xy");
    assert_int_equal(strncat_s(Buffer, 4, "123", _TRUNCATE), STRUNCATE);
    assert_string_equal(Buffer, "xy1");
    assert_int_equal(strncat_s(Buffer, 4, "1", 1), ERANGE);
    assert_int_equal(Buffer[0], 0);
    assert_int_equal(CrtInvalidCount, 8);

    assert_int_equal(wcscpy_s(Wide, 4, u"abc"), 0);
    CrtAssertWide(Wide, "abc");
    assert_int_equal(wcscat_s(Wide, 4, u"d"), ERANGE);
    assert_int_equal(Wide[0], 0);
    assert_int_equal(wcscat_s(Wide, 4, u"ab"), 0);
    assert_int_equal(wcsncat_s(Wide, 4, u"cdef", _TRUNCATE), STRUNCATE);
    CrtAssertWide(Wide, "abc");
    assert_int_equal(wcsncpy_s(Wide, 4, u"wxyz", 2), 0);
    CrtAssertWide(Wide, "wx");
    assert_int_equal(wcsncpy_s(Wide, 4, u"wxyz", 9), ERANGE);
    assert_int_equal(Wide[0], 0);
    assert_int_equal(wcscpy_s(Wide, 4, NULL), EINVAL);
    assert_int_equal(CrtInvalidCount, 11);
}

static void
test_mem_s(void **State)
{
    char Buffer[4] = "abc";
    char Overlap[8] = "abcdefg";

    (void)State;
    CrtInvalidCount = 0;
    assert_int_equal(memcpy_s(Buffer, 4, "xy", 2), 0);
    assert_string_equal(Buffer, "xyc");
    assert_int_equal(memcpy_s(NULL, 0, "x", 0), 0); /* nothing to copy */
    assert_int_equal(memcpy_s(Buffer, 4, "12345", 5), ERANGE);
    assert_memory_equal(Buffer, "\0\0\0\0", 4); /* cleared */
    memcpy(Buffer, "abc", 4);
    assert_int_equal(memcpy_s(Buffer, 4, NULL, 1), EINVAL);
    assert_memory_equal(Buffer, "\0\0\0\0", 4);
    assert_int_equal(memcpy_s(NULL, 4, "a", 1), EINVAL);
    assert_int_equal(CrtInvalidCount, 3);

    memcpy(Buffer, "abc", 4);
    assert_int_equal(memmove_s(Buffer, 4, "12345", 5), ERANGE);
    assert_string_equal(Buffer, "abc"); /* memmove_s leaves it */
    assert_int_equal(memmove_s(Buffer, 4, NULL, 1), EINVAL);
    assert_int_equal(memmove_s(Overlap + 1, 7, Overlap, 5), 0);
    assert_string_equal(Overlap, "aabcdeg");
    assert_int_equal(CrtInvalidCount, 5);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_narrow_compare_and_search),
        cmocka_unit_test(test_narrow_copy),
        cmocka_unit_test(test_narrow_case),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_copy_s),
        cmocka_unit_test(test_mem_s),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
