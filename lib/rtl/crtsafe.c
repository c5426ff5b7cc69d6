/* SPDX-License-Identifier: MIT */
/*
 * The bounds-checked (`_s`) copy and append routines. On bad arguments they return Microsoft's
 * error codes (EINVAL, ERANGE) and clear the destination as documented; where Windows would call
 * the invalid parameter handler, RtlpCrtInvalidParameter logs a line instead. Narrow and wide
 * forms share one implementation that works in units of either width.
 */
#include "crt.h"

/* No count: the whole source, an error (not truncation) if it does not fit. */
#define RTLP_CRT_WHOLE ((size_t)-2)

static size_t
RtlpUnitLength(const void *String, size_t MaxCount, BOOLEAN Wide)
{
    size_t Length = 0;

    while (Length < MaxCount && RtlpCrtGetUnit(String, Length, Wide) != 0)
        Length++;
    return Length;
}

static errno_t
RtlpCrtFail(const char *Function, void *Dest, BOOLEAN Wide, errno_t Error)
{
    RtlpCrtSetUnit(Dest, 0, 0, Wide);
    RtlpCrtInvalidParameter(Function);
    return Error;
}

/* Copies (or appends) at most Count units of Source; Count == _TRUNCATE cuts to fit. */
static errno_t
RtlpCrtCopy(const char *Function, void *Dest, size_t Size, const void *Source, size_t Count,
            BOOLEAN Append, BOOLEAN Wide)
{
    size_t Start = 0, Length, I;
    BOOLEAN Truncated = FALSE;

    if (Dest == NULL && Size == 0 && Count == 0)
        return 0;
    if (Dest == NULL || Size == 0)
    {
        RtlpCrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Append && (Start = RtlpUnitLength(Dest, Size, Wide)) == Size)
        return RtlpCrtFail(Function, Dest, Wide, EINVAL); /* Dest is not terminated */
    if (Source == NULL && Count == 0)
    {
        RtlpCrtSetUnit(Dest, Start, 0, Wide);
        return 0;
    }
    if (Source == NULL)
        return RtlpCrtFail(Function, Dest, Wide, EINVAL);
    Length = RtlpUnitLength(Source, Count == _TRUNCATE ? (size_t)-1 : Count, Wide);
    if (Length >= Size - Start)
    {
        if (Count != _TRUNCATE)
            return RtlpCrtFail(Function, Dest, Wide, ERANGE);
        Length = Size - Start - 1;
        Truncated = TRUE;
    }
    for (I = 0; I < Length; I++)
        RtlpCrtSetUnit(Dest, Start + I, RtlpCrtGetUnit(Source, I, Wide), Wide);
    RtlpCrtSetUnit(Dest, Start + Length, 0, Wide);
    return Truncated ? STRUNCATE : 0;
}

errno_t __cdecl strcpy_s(char *Dest, size_t Size, const char *Source)
{
    return RtlpCrtCopy("strcpy_s", Dest, Size, Source, RTLP_CRT_WHOLE, FALSE, FALSE);
}

errno_t __cdecl strcat_s(char *Dest, size_t Size, const char *Source)
{
    return RtlpCrtCopy("strcat_s", Dest, Size, Source, RTLP_CRT_WHOLE, TRUE, FALSE);
}

errno_t __cdecl strncpy_s(char *Dest, size_t Size, const char *Source, size_t Count)
{
    return RtlpCrtCopy("strncpy_s", Dest, Size, Source, Count, FALSE, FALSE);
}

errno_t __cdecl strncat_s(char *Dest, size_t Size, const char *Source, size_t Count)
{
    return RtlpCrtCopy("strncat_s", Dest, Size, Source, Count, TRUE, FALSE);
}

errno_t __cdecl wcscpy_s(WCHAR *Dest, size_t Size, const WCHAR *Source)
{
    return RtlpCrtCopy("wcscpy_s", Dest, Size, Source, RTLP_CRT_WHOLE, FALSE, TRUE);
}

errno_t __cdecl wcscat_s(WCHAR *Dest, size_t Size, const WCHAR *Source)
{
    return RtlpCrtCopy("wcscat_s", Dest, Size, Source, RTLP_CRT_WHOLE, TRUE, TRUE);
}

errno_t __cdecl wcsncpy_s(WCHAR *Dest, size_t Size, const WCHAR *Source, size_t Count)
{
    return RtlpCrtCopy("wcsncpy_s", Dest, Size, Source, Count, FALSE, TRUE);
}

errno_t __cdecl wcsncat_s(WCHAR *Dest, size_t Size, const WCHAR *Source, size_t Count)
{
    return RtlpCrtCopy("wcsncat_s", Dest, Size, Source, Count, TRUE, TRUE);
}

/* memcpy_s clears the destination on a bad source or a short destination; memmove_s does not. */
static errno_t
RtlpCrtMove(const char *Function, void *Dest, size_t DestSize, const void *Source, size_t Count,
            BOOLEAN ClearOnError)
{
    errno_t Error;
    size_t I;

    if (Count == 0)
        return 0;
    if (Dest == NULL)
    {
        RtlpCrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Source != NULL && DestSize >= Count)
    {
        RtlpMoveBytes(Dest, Source, Count);
        return 0;
    }
    Error = Source == NULL ? EINVAL : ERANGE;
    for (I = 0; ClearOnError && I < DestSize; I++)
        ((UCHAR *)Dest)[I] = 0;
    RtlpCrtInvalidParameter(Function);
    return Error;
}

errno_t __cdecl memcpy_s(void *Dest, size_t DestSize, const void *Source, size_t Count)
{
    return RtlpCrtMove("memcpy_s", Dest, DestSize, Source, Count, TRUE);
}

errno_t __cdecl memmove_s(void *Dest, size_t DestSize, const void *Source, size_t Count)
{
    return RtlpCrtMove("memmove_s", Dest, DestSize, Source, Count, FALSE);
}
