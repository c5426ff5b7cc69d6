/* SPDX-License-Identifier: MIT */
/*
 * Multibyte <-> wide conversion in the kernel's one ANSI code page, Windows-1252 (rtlnls.c), as
 * the rest of Rtl converts: one byte per character, so counts are the same on both sides.
 * A character 1252 cannot hold makes wcstombs/wctomb fail with -1, as the CRT does.
 */
#include "crt.h"

/* Converts to 1252; FALSE when Character has no 1252 form. */
static BOOLEAN
RtlpCrtToAnsi(WCHAR Character, char *Byte)
{
    *Byte = RtlpUnicodeToAnsiChar(Character);
    return *Byte != '?' || Character == '?';
}

size_t __cdecl mbstowcs(WCHAR *Dest, const char *Source, size_t Count)
{
    size_t I;

    if (Source == NULL)
    {
        RtlpCrtInvalidParameter("mbstowcs");
        return (size_t)-1;
    }
    if (Dest == NULL)
        return strnlen(Source, (size_t)-1);
    for (I = 0; I < Count; I++)
    {
        Dest[I] = RtlpAnsiToUnicodeChar(Source[I]);
        if (Source[I] == 0)
            return I;
    }
    return Count;
}

size_t __cdecl wcstombs(char *Dest, const WCHAR *Source, size_t Count)
{
    size_t I;
    char Byte;

    if (Source == NULL)
    {
        RtlpCrtInvalidParameter("wcstombs");
        return (size_t)-1;
    }
    for (I = 0; Dest == NULL || I < Count; I++)
    {
        if (Source[I] == 0)
        {
            if (Dest != NULL)
                Dest[I] = 0;
            return I;
        }
        if (!RtlpCrtToAnsi(Source[I], &Byte))
            return (size_t)-1;
        if (Dest != NULL)
            Dest[I] = Byte;
    }
    return Count;
}

int __cdecl mbtowc(WCHAR *Dest, const char *Source, size_t Count)
{
    if (Source == NULL)
        return 0; /* no shift states */
    if (Count == 0)
        return -1;
    if (Dest != NULL)
        *Dest = RtlpAnsiToUnicodeChar(*Source);
    return *Source != 0;
}

int __cdecl wctomb(char *Dest, WCHAR Character)
{
    char Byte;

    if (Dest == NULL)
        return 0;
    if (!RtlpCrtToAnsi(Character, &Byte))
        return -1;
    *Dest = Byte;
    return 1;
}
