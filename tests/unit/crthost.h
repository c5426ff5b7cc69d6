/* SPDX-License-Identifier: MIT */
/*
 * Forced first into the host tests of lib/rtl's C runtime (-include): the host's own headers
 * are read first, then every routine is renamed, so the tests call Basalt's routines (with
 * Windows types: 16-bit wchar, 32-bit long) and libc, cmocka and the sanitizers keep theirs.
 */
#ifndef BASALT_CRTHOST_H
#define BASALT_CRTHOST_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#undef _i64toa_s
#define _i64toa_s BasaltCrt__i64toa_s
#undef _i64tow_s
#define _i64tow_s BasaltCrt__i64tow_s
#undef _itoa
#define _itoa BasaltCrt__itoa
#undef _itoa_s
#define _itoa_s BasaltCrt__itoa_s
#undef _itow
#define _itow BasaltCrt__itow
#undef _itow_s
#define _itow_s BasaltCrt__itow_s
#undef _ltoa_s
#define _ltoa_s BasaltCrt__ltoa_s
#undef _ltow_s
#define _ltow_s BasaltCrt__ltow_s
#undef _snprintf
#define _snprintf BasaltCrt__snprintf
#undef _snprintf_s
#define _snprintf_s BasaltCrt__snprintf_s
#undef _snwprintf
#define _snwprintf BasaltCrt__snwprintf
#undef _snwprintf_s
#define _snwprintf_s BasaltCrt__snwprintf_s
#undef _stricmp
#define _stricmp BasaltCrt__stricmp
#undef _strlwr
#define _strlwr BasaltCrt__strlwr
#undef _strnicmp
#define _strnicmp BasaltCrt__strnicmp
#undef _strtoui64
#define _strtoui64 BasaltCrt__strtoui64
#undef _strupr
#define _strupr BasaltCrt__strupr
#undef _swprintf
#define _swprintf BasaltCrt__swprintf
#undef _ui64toa_s
#define _ui64toa_s BasaltCrt__ui64toa_s
#undef _ui64tow_s
#define _ui64tow_s BasaltCrt__ui64tow_s
#undef _ultoa_s
#define _ultoa_s BasaltCrt__ultoa_s
#undef _ultow_s
#define _ultow_s BasaltCrt__ultow_s
#undef _vsnprintf
#define _vsnprintf BasaltCrt__vsnprintf
#undef _vsnprintf_s
#define _vsnprintf_s BasaltCrt__vsnprintf_s
#undef _vsnwprintf
#define _vsnwprintf BasaltCrt__vsnwprintf
#undef _vsnwprintf_s
#define _vsnwprintf_s BasaltCrt__vsnwprintf_s
#undef _vswprintf
#define _vswprintf BasaltCrt__vswprintf
#undef _wcsicmp
#define _wcsicmp BasaltCrt__wcsicmp
#undef _wcslwr
#define _wcslwr BasaltCrt__wcslwr
#undef _wcsnicmp
#define _wcsnicmp BasaltCrt__wcsnicmp
#undef _wcsupr
#define _wcsupr BasaltCrt__wcsupr
#undef _wtoi
#define _wtoi BasaltCrt__wtoi
#undef _wtol
#define _wtol BasaltCrt__wtol
#undef atoi
#define atoi BasaltCrt_atoi
#undef atol
#define atol BasaltCrt_atol
#undef bsearch
#define bsearch BasaltCrt_bsearch
#undef isdigit
#define isdigit BasaltCrt_isdigit
#undef islower
#define islower BasaltCrt_islower
#undef isprint
#define isprint BasaltCrt_isprint
#undef isspace
#define isspace BasaltCrt_isspace
#undef isupper
#define isupper BasaltCrt_isupper
#undef isxdigit
#define isxdigit BasaltCrt_isxdigit
#undef mbstowcs
#define mbstowcs BasaltCrt_mbstowcs
#undef mbtowc
#define mbtowc BasaltCrt_mbtowc
#undef memchr
#define memchr BasaltCrt_memchr
#undef memcpy_s
#define memcpy_s BasaltCrt_memcpy_s
#undef memmove_s
#define memmove_s BasaltCrt_memmove_s
#undef qsort
#define qsort BasaltCrt_qsort
#undef sprintf
#define sprintf BasaltCrt_sprintf
#undef sprintf_s
#define sprintf_s BasaltCrt_sprintf_s
#undef strcat
#define strcat BasaltCrt_strcat
#undef strcat_s
#define strcat_s BasaltCrt_strcat_s
#undef strchr
#define strchr BasaltCrt_strchr
#undef strcmp
#define strcmp BasaltCrt_strcmp
#undef strcpy
#define strcpy BasaltCrt_strcpy
#undef strcpy_s
#define strcpy_s BasaltCrt_strcpy_s
#undef strlwr
#define strlwr BasaltCrt_strlwr
#undef strncat
#define strncat BasaltCrt_strncat
#undef strncat_s
#define strncat_s BasaltCrt_strncat_s
#undef strncmp
#define strncmp BasaltCrt_strncmp
#undef strncpy
#define strncpy BasaltCrt_strncpy
#undef strncpy_s
#define strncpy_s BasaltCrt_strncpy_s
#undef strnlen
#define strnlen BasaltCrt_strnlen
#undef strrchr
#define strrchr BasaltCrt_strrchr
#undef strspn
#define strspn BasaltCrt_strspn
#undef strstr
#define strstr BasaltCrt_strstr
#undef swprintf
#define swprintf BasaltCrt_swprintf
#undef swprintf_s
#define swprintf_s BasaltCrt_swprintf_s
#undef tolower
#define tolower BasaltCrt_tolower
#undef toupper
#define toupper BasaltCrt_toupper
#undef towlower
#define towlower BasaltCrt_towlower
#undef towupper
#define towupper BasaltCrt_towupper
#undef vsprintf
#define vsprintf BasaltCrt_vsprintf
#undef vsprintf_s
#define vsprintf_s BasaltCrt_vsprintf_s
#undef vswprintf_s
#define vswprintf_s BasaltCrt_vswprintf_s
#undef wcscat
#define wcscat BasaltCrt_wcscat
#undef wcscat_s
#define wcscat_s BasaltCrt_wcscat_s
#undef wcschr
#define wcschr BasaltCrt_wcschr
#undef wcscmp
#define wcscmp BasaltCrt_wcscmp
#undef wcscpy
#define wcscpy BasaltCrt_wcscpy
#undef wcscpy_s
#define wcscpy_s BasaltCrt_wcscpy_s
#undef wcscspn
#define wcscspn BasaltCrt_wcscspn
#undef wcslwr
#define wcslwr BasaltCrt_wcslwr
#undef wcsncat
#define wcsncat BasaltCrt_wcsncat
#undef wcsncat_s
#define wcsncat_s BasaltCrt_wcsncat_s
#undef wcsncmp
#define wcsncmp BasaltCrt_wcsncmp
#undef wcsncpy
#define wcsncpy BasaltCrt_wcsncpy
#undef wcsncpy_s
#define wcsncpy_s BasaltCrt_wcsncpy_s
#undef wcsnlen
#define wcsnlen BasaltCrt_wcsnlen
#undef wcsrchr
#define wcsrchr BasaltCrt_wcsrchr
#undef wcsspn
#define wcsspn BasaltCrt_wcsspn
#undef wcsstr
#define wcsstr BasaltCrt_wcsstr
#undef wcstombs
#define wcstombs BasaltCrt_wcstombs
#undef wcstoul
#define wcstoul BasaltCrt_wcstoul
#undef wctomb
#define wctomb BasaltCrt_wctomb

#endif
