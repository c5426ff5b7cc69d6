/* SPDX-License-Identifier: MIT */
/*
 * The wide printf family: the shapes of crtprintf.c with UTF-16 formats and output. Following
 * Microsoft, %s and %c take wide arguments here and %S and %C narrow ones. swprintf, _swprintf
 * and _vswprintf are the forms ntoskrnl exports, without a buffer count.
 */
#include "crt.h"
#include "rtlformat.h"

int __cdecl _vsnwprintf(WCHAR *Buffer, size_t Count, const WCHAR *Format, va_list Args)
{
    return RtlpCrtFormatCounted(Buffer, Count, RTL_FORMAT_WIDE, Format, Args);
}

int __cdecl _snwprintf(WCHAR *Buffer, size_t Count, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatCounted(Buffer, Count, RTL_FORMAT_WIDE, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl _vswprintf(WCHAR *Buffer, const WCHAR *Format, va_list Args)
{
    return RtlpCrtFormatUnbounded(Buffer, RTL_FORMAT_WIDE, Format, Args);
}

int __cdecl _swprintf(WCHAR *Buffer, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatUnbounded(Buffer, RTL_FORMAT_WIDE, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl swprintf(WCHAR *Buffer, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatUnbounded(Buffer, RTL_FORMAT_WIDE, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl vswprintf_s(WCHAR *Buffer, size_t Size, const WCHAR *Format, va_list Args)
{
    return RtlpCrtFormatSecure("vswprintf_s", Buffer, Size, Size, RTL_FORMAT_WIDE, Format, Args);
}

int __cdecl swprintf_s(WCHAR *Buffer, size_t Size, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = RtlpCrtFormatSecure("swprintf_s", Buffer, Size, Size, RTL_FORMAT_WIDE, Format, Args);
    va_end(Args);
    return Result;
}

int __cdecl _vsnwprintf_s(WCHAR *Buffer, size_t Size, size_t Count, const WCHAR *Format,
                          va_list Args)
{
    return RtlpCrtFormatSecure("_vsnwprintf_s", Buffer, Size, Count, RTL_FORMAT_WIDE, Format, Args);
}

int __cdecl _snwprintf_s(WCHAR *Buffer, size_t Size, size_t Count, const WCHAR *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result =
        RtlpCrtFormatSecure("_snwprintf_s", Buffer, Size, Count, RTL_FORMAT_WIDE, Format, Args);
    va_end(Args);
    return Result;
}
