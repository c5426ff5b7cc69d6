/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting as NT's DbgPrint does it, shared by the kernel, hal.dll and host
 * tests. Freestanding, fixed-width types only. Sizes follow Windows (LLP64): `l` is 32 bits,
 * `ll`/`I64` 64 bits, `I`/`z` and %p pointer-sized; %wZ takes a UNICODE_STRING *, %Z an
 * ANSI_STRING *, %ws/%ls/%S a UTF-16 string, %s/%hs a char string.
 */
#ifndef BASALT_RTLFORMAT_H
#define BASALT_RTLFORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Formats into Buffer (always NUL-terminated when Size > 0, truncating if needed) and
 * returns the length the full output would have, excluding the NUL. */
size_t RtlFormatStringV(char *Buffer, size_t Size, const char *Format, va_list Args);
size_t RtlFormatString(char *Buffer, size_t Size, const char *Format, ...);

/* The general form behind the CRT's printf family. RTL_FORMAT_WIDE: Format and Buffer are
 * UTF-16 and Size counts code units; %s/%c then take UTF-16 arguments and %S/%C narrow ones.
 * RTL_FORMAT_NO_TERMINATOR: all Size units may hold output and no NUL is written. */
#define RTL_FORMAT_WIDE 0x1
#define RTL_FORMAT_NO_TERMINATOR 0x2
size_t RtlFormatStringExV(void *Buffer, size_t Size, unsigned Flags, const void *Format,
                          va_list Args);

#endif
