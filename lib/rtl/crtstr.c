/* SPDX-License-Identifier: MIT */
/*
 * The narrow string routines ntoskrnl.exe exports to drivers. Case-insensitive forms go through
 * the Windows-1252 and Unicode case tables (rtlnls.c), so they agree with RtlUpperChar.
 */
#include "crt.h"

int __cdecl strcmp(const char *Left, const char *Right)
{
    return strncmp(Left, Right, (size_t)-1);
}

int __cdecl strncmp(const char *Left, const char *Right, size_t Count)
{
    size_t I;

    for (I = 0; I < Count; I++)
    {
        UCHAR L = (UCHAR)Left[I], R = (UCHAR)Right[I];

        if (L != R)
            return L < R ? -1 : 1;
        if (L == 0)
            break;
    }
    return 0;
}

char *__cdecl strcpy(char *Dest, const char *Source)
{
    size_t I = 0;

    while ((Dest[I] = Source[I]) != 0)
        I++;
    return Dest;
}

/* Copies at most Count characters and pads with NULs to Count; no terminator when Source is
 * Count characters or longer, as ISO C specifies. */
char *__cdecl strncpy(char *Dest, const char *Source, size_t Count)
{
    size_t I;

    for (I = 0; I < Count && Source[I] != 0; I++)
        Dest[I] = Source[I];
    for (; I < Count; I++)
        Dest[I] = 0;
    return Dest;
}

char *__cdecl strcat(char *Dest, const char *Source)
{
    strcpy(Dest + strnlen(Dest, (size_t)-1), Source);
    return Dest;
}

/* Appends at most Count characters, then always a terminator. */
char *__cdecl strncat(char *Dest, const char *Source, size_t Count)
{
    char *End = Dest + strnlen(Dest, (size_t)-1);
    size_t I;

    for (I = 0; I < Count && Source[I] != 0; I++)
        End[I] = Source[I];
    End[I] = 0;
    return Dest;
}

/* The terminator counts as part of the string: strchr(s, 0) finds it. */
char *__cdecl strchr(const char *String, int Character)
{
    for (;; String++)
    {
        if (*String == (char)Character)
            return (char *)String;
        if (*String == 0)
            return NULL;
    }
}

char *__cdecl strrchr(const char *String, int Character)
{
    const char *Found = NULL;

    for (;; String++)
    {
        if (*String == (char)Character)
            Found = String;
        if (*String == 0)
            return (char *)Found;
    }
}

char *__cdecl strstr(const char *String, const char *Pattern)
{
    size_t Length = strnlen(Pattern, (size_t)-1);

    for (; *String != 0 || Length == 0; String++)
    {
        if (strncmp(String, Pattern, Length) == 0)
            return (char *)String;
    }
    return NULL;
}

size_t __cdecl strspn(const char *String, const char *Set)
{
    size_t I;

    for (I = 0; String[I] != 0 && strchr(Set, String[I]) != NULL; I++)
        ;
    return I;
}

size_t __cdecl strnlen(const char *String, size_t MaxCount)
{
    size_t Length = 0;

    while (Length < MaxCount && String[Length] != 0)
        Length++;
    return Length;
}

/* Microsoft compares the lower-case forms, so '_' (0x5F) sorts before the letters. */
int __cdecl _strnicmp(const char *Left, const char *Right, size_t Count)
{
    size_t I;

    for (I = 0; I < Count; I++)
    {
        UCHAR L = (UCHAR)RtlpCrtLowerChar(Left[I]), R = (UCHAR)RtlpCrtLowerChar(Right[I]);

        if (L != R)
            return L < R ? -1 : 1;
        if (L == 0)
            break;
    }
    return 0;
}

int __cdecl _stricmp(const char *Left, const char *Right)
{
    return _strnicmp(Left, Right, (size_t)-1);
}

char *__cdecl _strlwr(char *String)
{
    for (char *C = String; *C != 0; C++)
        *C = RtlpCrtLowerChar(*C);
    return String;
}

char *__cdecl _strupr(char *String)
{
    for (char *C = String; *C != 0; C++)
        *C = RtlpCrtUpperChar(*C);
    return String;
}

char *__cdecl strlwr(char *String)
{
    return _strlwr(String);
}

void *__cdecl memchr(const void *Buffer, int Value, size_t Count)
{
    const UCHAR *B = Buffer;
    size_t I;

    for (I = 0; I < Count; I++)
    {
        if (B[I] == (UCHAR)Value)
            return (void *)(B + I);
    }
    return NULL;
}
