/* SPDX-License-Identifier: MIT */
/*
 * The formatter behind DbgPrint and friends. Output goes through a bounded sink that counts
 * what it could not store, so the return value is the untruncated length, as vsnprintf's.
 */
#include "rtlformat.h"

#include <stdbool.h>

/* The layout both UNICODE_STRING and ANSI_STRING have on x64: two USHORTs, then a pointer. */
typedef struct _RTLP_COUNTED_STRING
{
    uint16_t Length; /* bytes */
    uint16_t MaximumLength;
    const void *Buffer;
} RTLP_COUNTED_STRING;

typedef struct _SINK
{
    char *Buffer;
    size_t Size;
    size_t Length;
} SINK;

typedef struct _SPEC
{
    bool LeftAlign, ZeroPad, Plus, Space, Alternate, Upper;
    int Width;
    int Precision; /* -1: none */
    int Bits;      /* integer argument width: 32 or 64 */
} SPEC;

static void
Put(SINK *Sink, char C)
{
    if (Sink->Length + 1 < Sink->Size)
        Sink->Buffer[Sink->Length] = C;
    Sink->Length++;
}

static void
PutPadding(SINK *Sink, int Count, char C)
{
    while (Count-- > 0)
        Put(Sink, C);
}

/* A narrow string, or a UTF-16 one narrowed (non-ASCII becomes '?'); Count < 0: to NUL. */
static void
PutString(SINK *Sink, const SPEC *Spec, const void *Text, long long Count, bool Wide)
{
    const uint16_t *W = Text;
    const char *N = Text;
    long long Length = 0;

    if (Text == NULL)
    {
        Text = N = "(null)";
        Wide = false;
        Count = -1;
    }
    while ((Count < 0 || Length < Count) && (Wide ? W[Length] : N[Length]) != 0 &&
           (Spec->Precision < 0 || Length < Spec->Precision))
        Length++;
    if (!Spec->LeftAlign)
        PutPadding(Sink, Spec->Width - (int)Length, ' ');
    for (long long I = 0; I < Length; I++)
    {
        uint32_t C = Wide ? W[I] : (uint8_t)N[I];
        Put(Sink, C < 0x80 ? (char)C : '?');
    }
    if (Spec->LeftAlign)
        PutPadding(Sink, Spec->Width - (int)Length, ' ');
}

static void
PutCounted(SINK *Sink, const SPEC *Spec, const RTLP_COUNTED_STRING *String, bool Wide)
{
    if (String == NULL || String->Buffer == NULL)
    {
        PutString(Sink, Spec, NULL, -1, false);
        return;
    }
    PutString(Sink, Spec, String->Buffer, Wide ? String->Length / 2 : String->Length, Wide);
}

static void
PutNumber(SINK *Sink, const SPEC *Spec, uint64_t Value, bool Negative, unsigned Base)
{
    const char *Digits = Spec->Upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char Text[24];
    int Length = 0, Zeros, Pad, PrefixLength = 0;
    char Prefix[3];

    do
    {
        Text[Length++] = Digits[Value % Base];
        Value /= Base;
    } while (Value != 0);
    if (Spec->Precision == 0 && Length == 1 && Text[0] == '0')
        Length = 0;

    if (Negative)
        Prefix[PrefixLength++] = '-';
    else if (Spec->Plus)
        Prefix[PrefixLength++] = '+';
    else if (Spec->Space)
        Prefix[PrefixLength++] = ' ';
    if (Spec->Alternate && Base == 16)
    {
        Prefix[PrefixLength++] = '0';
        Prefix[PrefixLength++] = Spec->Upper ? 'X' : 'x';
    }

    Zeros = Spec->Precision > Length ? Spec->Precision - Length : 0;
    Pad = Spec->Width - Length - Zeros - PrefixLength;
    if (Spec->ZeroPad && !Spec->LeftAlign && Spec->Precision < 0)
    {
        Zeros += Pad > 0 ? Pad : 0;
        Pad = 0;
    }
    if (!Spec->LeftAlign)
        PutPadding(Sink, Pad, ' ');
    for (int I = 0; I < PrefixLength; I++)
        Put(Sink, Prefix[I]);
    PutPadding(Sink, Zeros, '0');
    while (Length > 0)
        Put(Sink, Text[--Length]);
    if (Spec->LeftAlign)
        PutPadding(Sink, Pad, ' ');
}

static const char *
ParseFlags(const char *F, SPEC *Spec, va_list *Args)
{
    for (;; F++)
    {
        if (*F == '-')
            Spec->LeftAlign = true;
        else if (*F == '0')
            Spec->ZeroPad = true;
        else if (*F == '+')
            Spec->Plus = true;
        else if (*F == ' ')
            Spec->Space = true;
        else if (*F == '#')
            Spec->Alternate = true;
        else
            break;
    }
    if (*F == '*')
    {
        Spec->Width = va_arg(*Args, int);
        if (Spec->Width < 0)
        {
            Spec->LeftAlign = true;
            Spec->Width = -Spec->Width;
        }
        F++;
    }
    while (*F >= '0' && *F <= '9')
        Spec->Width = Spec->Width * 10 + (*F++ - '0');
    if (*F == '.')
    {
        F++;
        Spec->Precision = 0;
        if (*F == '*')
        {
            Spec->Precision = va_arg(*Args, int);
            F++;
        }
        while (*F >= '0' && *F <= '9')
            Spec->Precision = Spec->Precision * 10 + (*F++ - '0');
    }
    return F;
}

/* Size prefixes; returns the character after them. *Wide / *Narrow record w/l and h. */
static const char *
ParseSize(const char *F, SPEC *Spec, bool *Wide, bool *Narrow)
{
    Spec->Bits = 32;
    if (F[0] == 'I' && F[1] == '6' && F[2] == '4')
        return Spec->Bits = 64, F + 3;
    if (F[0] == 'I' && F[1] == '3' && F[2] == '2')
        return F + 3;
    if (F[0] == 'l' && F[1] == 'l')
        return Spec->Bits = 64, F + 2;
    if (F[0] == 'I' || F[0] == 'z' || F[0] == 'j' || F[0] == 't')
        return Spec->Bits = 64, F + 1;
    if (F[0] == 'l' || F[0] == 'w')
        return *Wide = true, F + 1;
    if (F[0] == 'h')
        return *Narrow = true, F + (F[1] == 'h' ? 2 : 1);
    return F;
}

static void
FormatInteger(SINK *Sink, SPEC *Spec, char Conversion, va_list *Args)
{
    uint64_t Value;
    bool Negative = false;

    if (Conversion == 'd' || Conversion == 'i')
    {
        int64_t Signed = Spec->Bits == 64 ? va_arg(*Args, int64_t) : va_arg(*Args, int32_t);
        Negative = Signed < 0;
        Value = Negative ? (uint64_t)0 - (uint64_t)Signed : (uint64_t)Signed;
        PutNumber(Sink, Spec, Value, Negative, 10);
        return;
    }
    Value = Spec->Bits == 64 ? va_arg(*Args, uint64_t) : va_arg(*Args, uint32_t);
    Spec->Upper = Conversion == 'X';
    PutNumber(Sink, Spec, Value, false, Conversion == 'u' ? 10 : Conversion == 'o' ? 8 : 16);
}

static void
FormatOne(SINK *Sink, SPEC *Spec, char C, bool Wide, bool Narrow, va_list *Args)
{
    switch (C)
    {
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            FormatInteger(Sink, Spec, C, Args);
            break;
        case 'p':
            /* Windows prints pointers as zero-padded upper-case hex. */
            Spec->Upper = true;
            Spec->Precision = 16;
            PutNumber(Sink, Spec, (uint64_t)(uintptr_t)va_arg(*Args, void *), false, 16);
            break;
        case 'c':
        {
            char Ch = (char)va_arg(*Args, int);
            Spec->Precision = -1;
            PutString(Sink, Spec, &Ch, 1, false);
            break;
        }
        case 's':
            PutString(Sink, Spec, va_arg(*Args, const void *), -1, Wide && !Narrow);
            break;
        case 'S':
            PutString(Sink, Spec, va_arg(*Args, const void *), -1, !Narrow);
            break;
        case 'Z':
            PutCounted(Sink, Spec, va_arg(*Args, const RTLP_COUNTED_STRING *), Wide);
            break;
        case '%':
            Put(Sink, '%');
            break;
        default:
            /* Unknown conversion: print it verbatim rather than guess at the argument. */
            Put(Sink, '%');
            Put(Sink, C);
            break;
    }
}

size_t
RtlFormatStringV(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    SINK Sink = {Buffer, Size, 0};
    va_list Copy;

    va_copy(Copy, Args);
    while (*Format != 0)
    {
        SPEC Spec = {0};
        bool Wide = false, Narrow = false;

        if (*Format != '%')
        {
            Put(&Sink, *Format++);
            continue;
        }
        Spec.Precision = -1;
        Format = ParseFlags(Format + 1, &Spec, &Copy);
        Format = ParseSize(Format, &Spec, &Wide, &Narrow);
        if (*Format == 0)
            break;
        FormatOne(&Sink, &Spec, *Format++, Wide, Narrow, &Copy);
    }
    va_end(Copy);
    if (Size > 0)
        Buffer[Sink.Length < Size ? Sink.Length : Size - 1] = 0;
    return Sink.Length;
}

size_t
RtlFormatString(char *Buffer, size_t Size, const char *Format, ...)
{
    va_list Args;
    size_t Length;

    va_start(Args, Format);
    Length = RtlFormatStringV(Buffer, Size, Format, Args);
    va_end(Args);
    return Length;
}
