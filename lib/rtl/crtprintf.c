/* SPDX-License-Identifier: MIT */
/*
 * The narrow printf family with Microsoft's semantics, over the shared formatter (rtlformat.c).
 * Three shapes cover the family, and the wide forms (crtwprintf.c) use them too:
 *  - counted (_snprintf): fills up to Count units; terminates only when the output is shorter,
 *    returns -1 when it does not fit;
 *  - secure (sprintf_s, _snprintf_s): always terminates; a short buffer is an error (the buffer
 *    is cleared) unless the caller asked for truncation (_TRUNCATE or Count < Size): -1 then;
 *  - unbounded (sprintf): the caller promises room.
 * No floating point: drivers' kernel code does not print doubles through these.
 */
#include "crt.h"
#include "rtlformat.h"

#define RTLP_INT_MAX 0x7FFFFFFF

int
RtlpCrtFormatCounted(void *Buffer, size_t Count, unsigned Flags, const void *Format, va_list Args)
{
    size_t Length;

    if (Format == NULL || (Buffer == NULL && Count != 0))
    {
        RtlpCrtInvalidParameter(Flags & RTL_FORMAT_WIDE ? "_vsnwprintf" : "_vsnprintf");
        return -1;
    }
    /* (NULL, 0) asks for the length the output needs, as _vscprintf. */
    Length = RtlFormatStringExV(Buffer, Count, Flags | RTL_FORMAT_NO_TERMINATOR, Format, Args);
    if (Buffer == NULL)
        return Length > RTLP_INT_MAX ? -1 : (int)Length;
    if (Length > Count || Length > RTLP_INT_MAX)
        return -1;
    if (Length < Count)
        RtlpCrtSetUnit(Buffer, Length, 0, Flags & RTL_FORMAT_WIDE);
    return (int)Length;
}

int
RtlpCrtFormatSecure(const char *Function, void *Buffer, size_t Size, size_t Count, unsigned Flags,
                    const void *Format, va_list Args)
{
    BOOLEAN Truncate = Count == _TRUNCATE || Count < Size;
    size_t Limit = Truncate && Count != _TRUNCATE ? Count : Size - 1;
    size_t Length;

    if (Buffer == NULL || Size == 0 || Format == NULL)
    {
        if (Buffer != NULL && Size != 0)
            RtlpCrtSetUnit(Buffer, 0, 0, Flags & RTL_FORMAT_WIDE);
        RtlpCrtInvalidParameter(Function);
        return -1;
    }
    Length = RtlFormatStringExV(Buffer, Limit + 1, Flags, Format, Args);
    if (Length <= Limit && Length <= RTLP_INT_MAX)
        return (int)Length;
    if (!Truncate)
    {
        RtlpCrtSetUnit(Buffer, 0, 0, Flags & RTL_FORMAT_WIDE);
        RtlpCrtInvalidParameter(Function);
    }
    return -1;
}

int
RtlpCrtFormatUnbounded(void *Buffer, unsigned Flags, const void *Format, va_list Args)
{
    size_t Length;

    if (Buffer == NULL || Format == NULL)
    {
        RtlpCrtInvalidParameter(Flags & RTL_FORMAT_WIDE ? "swprintf" : "sprintf");
        return -1;
    }
    Length = RtlFormatStringExV(Buffer, (size_t)-1, Flags, Format, Args);
    return Length > RTLP_INT_MAX ? -1 : (int)Length;
}

int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args)
{
    return RtlpCrtFormatCounted(Buffer, Count, 0, Format, Args);
}

int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatCounted(Buffer, Count, 0, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl vsprintf(char *Buffer, const char *Format, va_list Args)
{
    return RtlpCrtFormatUnbounded(Buffer, 0, Format, Args);
}

int __cdecl sprintf(char *Buffer, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatUnbounded(Buffer, 0, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl vsprintf_s(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    return RtlpCrtFormatSecure("vsprintf_s", Buffer, Size, Size, 0, Format, Args);
}

int __cdecl sprintf_s(char *Buffer, size_t Size, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatSecure("sprintf_s", Buffer, Size, Size, 0, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl _vsnprintf_s(char *Buffer, size_t Size, size_t Count, const char *Format, va_list Args)
{
    return RtlpCrtFormatSecure("_vsnprintf_s", Buffer, Size, Count, 0, Format, Args);
}

int __cdecl _snprintf_s(char *Buffer, size_t Size, size_t Count, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatSecure("_snprintf_s", Buffer, Size, Count, 0, Format, Args);
    va_end(Args);
    return Result;
}
