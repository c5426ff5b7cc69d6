/* SPDX-License-Identifier: MIT */
/*
 * The C runtime subset ntoskrnl.exe exports to drivers (string, conversion, classification,
 * sorting and printf routines), written once in lib/rtl. Include this header first: in the
 * kernel it keeps mingw-w64's CRT headers from declaring these routines as DLL imports.
 * The host tests rename the routines (tests/unit/crthost.h) so they do not replace libc's.
 */
#ifndef BASALT_CRT_H
#define BASALT_CRT_H

#if defined(_WIN64)
#define _CRTIMP
#define _SECIMP
#endif

#include <stdarg.h>

#include "rtlp.h"

#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif
#if !defined(_WIN64)
#define __cdecl
typedef int errno_t;
#endif

typedef int(__cdecl *RTLP_CRT_COMPARE)(const void *Left, const void *Right);

/* A `_s` routine got an argument its contract forbids. Windows would call the invalid
 * parameter handler; Basalt logs a line naming the routine and returns the error code. */
void RtlpCrtInvalidParameter(const char *Function);

/* One character of a narrow or UTF-16 string, so a routine can serve both widths. */
static inline WCHAR
RtlpCrtGetUnit(const void *String, size_t Index, BOOLEAN Wide)
{
    return Wide ? ((const WCHAR *)String)[Index] : (UCHAR)((const char *)String)[Index];
}

static inline void
RtlpCrtSetUnit(void *String, size_t Index, WCHAR Value, BOOLEAN Wide)
{
    if (Wide)
        ((WCHAR *)String)[Index] = Value;
    else
        ((char *)String)[Index] = (char)Value;
}

/* Character helpers shared by the narrow routines: Windows-1252 through the Unicode tables. */
CHAR RtlpCrtLowerChar(CHAR Character);
CHAR RtlpCrtUpperChar(CHAR Character);

/* The printf family's shapes (crtprintf.c), for narrow and wide (RTL_FORMAT_WIDE) callers. */
int RtlpCrtFormatCounted(void *Buffer, size_t Count, unsigned Flags, const void *Format,
                         va_list Args);
int RtlpCrtFormatSecure(const char *Function, void *Buffer, size_t Size, size_t Count,
                        unsigned Flags, const void *Format, va_list Args);
int RtlpCrtFormatUnbounded(void *Buffer, unsigned Flags, const void *Format, va_list Args);

/* crtstr.c */
int __cdecl strcmp(const char *Left, const char *Right);
int __cdecl strncmp(const char *Left, const char *Right, size_t Count);
char *__cdecl strcpy(char *Dest, const char *Source);
char *__cdecl strncpy(char *Dest, const char *Source, size_t Count);
char *__cdecl strcat(char *Dest, const char *Source);
char *__cdecl strncat(char *Dest, const char *Source, size_t Count);
char *__cdecl strchr(const char *String, int Character);
char *__cdecl strrchr(const char *String, int Character);
char *__cdecl strstr(const char *String, const char *Pattern);
size_t __cdecl strspn(const char *String, const char *Set);
size_t __cdecl strnlen(const char *String, size_t MaxCount);
int __cdecl _stricmp(const char *Left, const char *Right);
int __cdecl _strnicmp(const char *Left, const char *Right, size_t Count);
char *__cdecl _strlwr(char *String);
char *__cdecl _strupr(char *String);
char *__cdecl strlwr(char *String);
void *__cdecl memchr(const void *Buffer, int Value, size_t Count);

/* crtwstr.c */
int __cdecl wcscmp(const WCHAR *Left, const WCHAR *Right);
int __cdecl wcsncmp(const WCHAR *Left, const WCHAR *Right, size_t Count);
WCHAR *__cdecl wcscpy(WCHAR *Dest, const WCHAR *Source);
WCHAR *__cdecl wcsncpy(WCHAR *Dest, const WCHAR *Source, size_t Count);
WCHAR *__cdecl wcscat(WCHAR *Dest, const WCHAR *Source);
WCHAR *__cdecl wcsncat(WCHAR *Dest, const WCHAR *Source, size_t Count);
WCHAR *__cdecl wcschr(const WCHAR *String, WCHAR Character);
WCHAR *__cdecl wcsrchr(const WCHAR *String, WCHAR Character);
WCHAR *__cdecl wcsstr(const WCHAR *String, const WCHAR *Pattern);
size_t __cdecl wcsspn(const WCHAR *String, const WCHAR *Set);
size_t __cdecl wcscspn(const WCHAR *String, const WCHAR *Set);
size_t __cdecl wcsnlen(const WCHAR *String, size_t MaxCount);
int __cdecl _wcsicmp(const WCHAR *Left, const WCHAR *Right);
int __cdecl _wcsnicmp(const WCHAR *Left, const WCHAR *Right, size_t Count);
WCHAR *__cdecl _wcslwr(WCHAR *String);
WCHAR *__cdecl _wcsupr(WCHAR *String);
WCHAR *__cdecl wcslwr(WCHAR *String);

/* crtsafe.c */
errno_t __cdecl strcpy_s(char *Dest, size_t Size, const char *Source);
errno_t __cdecl strcat_s(char *Dest, size_t Size, const char *Source);
errno_t __cdecl strncpy_s(char *Dest, size_t Size, const char *Source, size_t Count);
errno_t __cdecl strncat_s(char *Dest, size_t Size, const char *Source, size_t Count);
errno_t __cdecl wcscpy_s(WCHAR *Dest, size_t Size, const WCHAR *Source);
errno_t __cdecl wcscat_s(WCHAR *Dest, size_t Size, const WCHAR *Source);
errno_t __cdecl wcsncpy_s(WCHAR *Dest, size_t Size, const WCHAR *Source, size_t Count);
errno_t __cdecl wcsncat_s(WCHAR *Dest, size_t Size, const WCHAR *Source, size_t Count);
errno_t __cdecl memcpy_s(void *Dest, size_t DestSize, const void *Source, size_t Count);
errno_t __cdecl memmove_s(void *Dest, size_t DestSize, const void *Source, size_t Count);

/* crtctype.c */
int __cdecl tolower(int Character);
int __cdecl toupper(int Character);
WCHAR __cdecl towlower(WCHAR Character);
WCHAR __cdecl towupper(WCHAR Character);
int __cdecl isdigit(int Character);
int __cdecl islower(int Character);
int __cdecl isupper(int Character);
int __cdecl isspace(int Character);
int __cdecl isxdigit(int Character);
int __cdecl isprint(int Character);

/* crtconv.c */
int __cdecl atoi(const char *String);
long __cdecl atol(const char *String);
int __cdecl _wtoi(const WCHAR *String);
long __cdecl _wtol(const WCHAR *String);
unsigned long __cdecl wcstoul(const WCHAR *String, WCHAR **End, int Base);
unsigned long long __cdecl _strtoui64(const char *String, char **End, int Base);
char *__cdecl _itoa(int Value, char *Buffer, int Radix);
WCHAR *__cdecl _itow(int Value, WCHAR *Buffer, int Radix);
errno_t __cdecl _itoa_s(int Value, char *Buffer, size_t Size, int Radix);
errno_t __cdecl _itow_s(int Value, WCHAR *Buffer, size_t Size, int Radix);
errno_t __cdecl _ltoa_s(long Value, char *Buffer, size_t Size, int Radix);
errno_t __cdecl _ltow_s(long Value, WCHAR *Buffer, size_t Size, int Radix);
errno_t __cdecl _ultoa_s(unsigned long Value, char *Buffer, size_t Size, int Radix);
errno_t __cdecl _ultow_s(unsigned long Value, WCHAR *Buffer, size_t Size, int Radix);
errno_t __cdecl _i64toa_s(long long Value, char *Buffer, size_t Size, int Radix);
errno_t __cdecl _i64tow_s(long long Value, WCHAR *Buffer, size_t Size, int Radix);
errno_t __cdecl _ui64toa_s(unsigned long long Value, char *Buffer, size_t Size, int Radix);
errno_t __cdecl _ui64tow_s(unsigned long long Value, WCHAR *Buffer, size_t Size, int Radix);

/* crtmbcs.c */
size_t __cdecl mbstowcs(WCHAR *Dest, const char *Source, size_t Count);
size_t __cdecl wcstombs(char *Dest, const WCHAR *Source, size_t Count);
int __cdecl mbtowc(WCHAR *Dest, const char *Source, size_t Count);
int __cdecl wctomb(char *Dest, WCHAR Character);

/* crtsort.c */
void __cdecl qsort(void *Base, size_t Count, size_t Size, RTLP_CRT_COMPARE Compare);
void *__cdecl bsearch(const void *Key, const void *Base, size_t Count, size_t Size,
                      RTLP_CRT_COMPARE Compare);

/* crtprintf.c */
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args);
int __cdecl sprintf(char *Buffer, const char *Format, ...);
int __cdecl vsprintf(char *Buffer, const char *Format, va_list Args);
int __cdecl sprintf_s(char *Buffer, size_t Size, const char *Format, ...);
int __cdecl vsprintf_s(char *Buffer, size_t Size, const char *Format, va_list Args);
int __cdecl _snprintf_s(char *Buffer, size_t Size, size_t Count, const char *Format, ...);
int __cdecl _vsnprintf_s(char *Buffer, size_t Size, size_t Count, const char *Format, va_list Args);

/* crtwprintf.c: swprintf, _swprintf and _vswprintf are ntoskrnl's forms, without a count. */
int __cdecl _snwprintf(WCHAR *Buffer, size_t Count, const WCHAR *Format, ...);
int __cdecl _vsnwprintf(WCHAR *Buffer, size_t Count, const WCHAR *Format, va_list Args);
int __cdecl swprintf(WCHAR *Buffer, const WCHAR *Format, ...);
int __cdecl _swprintf(WCHAR *Buffer, const WCHAR *Format, ...);
int __cdecl _vswprintf(WCHAR *Buffer, const WCHAR *Format, va_list Args);
int __cdecl swprintf_s(WCHAR *Buffer, size_t Size, const WCHAR *Format, ...);
int __cdecl vswprintf_s(WCHAR *Buffer, size_t Size, const WCHAR *Format, va_list Args);
int __cdecl _snwprintf_s(WCHAR *Buffer, size_t Size, size_t Count, const WCHAR *Format, ...);
int __cdecl _vsnwprintf_s(WCHAR *Buffer, size_t Size, size_t Count, const WCHAR *Format,
                          va_list Args);

#endif
