/* SPDX-License-Identifier: MIT */
/*
 * The wide (UTF-16) string routines ntoskrnl.exe exports to drivers. Case-insensitive forms use
 * the Unicode case tables (rtlnls.c), so they agree with RtlUpcaseUnicodeChar.
 */
#include "crt.h"

int __cdecl wcscmp(const WCHAR *Left, const WCHAR *Right)
{
    return wcsncmp(Left, Right, (size_t)-1);
}

int __cdecl wcsncmp(const WCHAR *Left, const WCHAR *Right, size_t Count)
{
    size_t I;

    for (I = 0; I < Count; I++)
    {
        if (Left[I] != Right[I])
            return Left[I] < Right[I] ? -1 : 1;
        if (Left[I] == 0)
            break;
    }
    return 0;
}

WCHAR *__cdecl wcscpy(WCHAR *Dest, const WCHAR *Source)
{
    size_t I = 0;

    while ((Dest[I] = Source[I]) != 0)
        I++;
    return Dest;
}

/* As strncpy: pads to Count, no terminator when Source fills Count. */
WCHAR *__cdecl wcsncpy(WCHAR *Dest, const WCHAR *Source, size_t Count)
{
    size_t I;

    for (I = 0; I < Count && Source[I] != 0; I++)
        Dest[I] = Source[I];
    for (; I < Count; I++)
        Dest[I] = 0;
    return Dest;
}

WCHAR *__cdecl wcscat(WCHAR *Dest, const WCHAR *Source)
{
    wcscpy(Dest + wcsnlen(Dest, (size_t)-1), Source);
    return Dest;
}

WCHAR *__cdecl wcsncat(WCHAR *Dest, const WCHAR *Source, size_t Count)
{
    WCHAR *End = Dest + wcsnlen(Dest, (size_t)-1);
    size_t I;

    for (I = 0; I < Count && Source[I] != 0; I++)
        End[I] = Source[I];
    End[I] = 0;
    return Dest;
}

WCHAR *__cdecl wcschr(const WCHAR *String, WCHAR Character)
{
    for (;; String++)
    {
        if (*String == Character)
            return (WCHAR *)String;
        if (*String == 0)
            return NULL;
    }
}

WCHAR *__cdecl wcsrchr(const WCHAR *String, WCHAR Character)
{
    const WCHAR *Found = NULL;

    for (;; String++)
    {
        if (*String == Character)
            Found = String;
        if (*String == 0)
            return (WCHAR *)Found;
    }
}

WCHAR *__cdecl wcsstr(const WCHAR *String, const WCHAR *Pattern)
{
    size_t Length = wcsnlen(Pattern, (size_t)-1);

    for (; *String != 0 || Length == 0; String++)
    {
        if (wcsncmp(String, Pattern, Length) == 0)
            return (WCHAR *)String;
    }
    return NULL;
}

size_t __cdecl wcsspn(const WCHAR *String, const WCHAR *Set)
{
    size_t I;

    for (I = 0; String[I] != 0 && wcschr(Set, String[I]) != NULL; I++)
        ;
    return I;
}

size_t __cdecl wcscspn(const WCHAR *String, const WCHAR *Set)
{
    size_t I;

    for (I = 0; String[I] != 0 && wcschr(Set, String[I]) == NULL; I++)
        ;
    return I;
}

size_t __cdecl wcsnlen(const WCHAR *String, size_t MaxCount)
{
    size_t Length = 0;

    while (Length < MaxCount && String[Length] != 0)
        Length++;
    return Length;
}

int __cdecl _wcsnicmp(const WCHAR *Left, const WCHAR *Right, size_t Count)
{
    size_t I;

    for (I = 0; I < Count; I++)
    {
        WCHAR L = RtlDowncaseUnicodeChar(Left[I]), R = RtlDowncaseUnicodeChar(Right[I]);

        if (L != R)
            return L < R ? -1 : 1;
        if (L == 0)
            break;
    }
    return 0;
}

int __cdecl _wcsicmp(const WCHAR *Left, const WCHAR *Right)
{
    return _wcsnicmp(Left, Right, (size_t)-1);
}

WCHAR *__cdecl _wcslwr(WCHAR *String)
{
    for (WCHAR *C = String; *C != 0; C++)
        *C = RtlDowncaseUnicodeChar(*C);
    return String;
}

WCHAR *__cdecl _wcsupr(WCHAR *String)
{
    for (WCHAR *C = String; *C != 0; C++)
        *C = RtlUpcaseUnicodeChar(*C);
    return String;
}

WCHAR *__cdecl wcslwr(WCHAR *String)
{
    return _wcslwr(String);
}
