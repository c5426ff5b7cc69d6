/* SPDX-License-Identifier: MIT */
/*
 * The formatter behind DbgPrint and friends, and the CRT's printf family. Output goes through a
 * bounded sink that counts what it could not store, so the return value is the untruncated
 * length, as vsnprintf's. The format is read and the output written in units of one width:
 * bytes, or UTF-16 code units for the wide printf routines (RTL_FORMAT_WIDE).
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
    void *Buffer;
    size_t Capacity; /* units that may be stored */
    size_t Length;
    bool Wide;
} SINK;

/* The format string, read one unit at a time so narrow and wide formats share the parser. */
typedef struct _FORMAT
{
    const void *Text;
    size_t Position;
    bool Wide;
} FORMAT;

typedef struct _SPEC
{
    bool LeftAlign, ZeroPad, Plus, Space, Alternate, Upper;
    int Width;
    int Precision; /* -1: none */
    int Bits;      /* integer argument width: 32 or 64 */
} SPEC;

static uint32_t
At(const FORMAT *F, size_t Offset)
{
    if (F->Wide)
        return ((const uint16_t *)F->Text)[F->Position + Offset];
    return (uint8_t)((const char *)F->Text)[F->Position + Offset];
}

static void
Store(SINK *Sink, size_t Index, uint32_t C)
{
    if (Sink->Wide)
        ((uint16_t *)Sink->Buffer)[Index] = (uint16_t)C;
    else
        ((char *)Sink->Buffer)[Index] = (char)C;
}

static void
Put(SINK *Sink, uint32_t C)
{
    if (Sink->Length < Sink->Capacity)
        Store(Sink, Sink->Length, C);
    Sink->Length++;
}

static void
PutPadding(SINK *Sink, int Count, char C)
{
    while (Count-- > 0)
        Put(Sink, C);
}

/* A narrow or UTF-16 string; Count < 0: to NUL. Into narrow output, non-ASCII UTF-16 becomes
 * '?'; into wide output, bytes widen as Latin-1, as the CRT's "C" locale does. */
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
        Put(Sink, Sink->Wide || !Wide || C < 0x80 ? C : '?');
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

static void
ParseFlags(FORMAT *F, SPEC *Spec, va_list *Args)
{
    for (;; F->Position++)
    {
        uint32_t C = At(F, 0);

        if (C == '-')
            Spec->LeftAlign = true;
        else if (C == '0')
            Spec->ZeroPad = true;
        else if (C == '+')
            Spec->Plus = true;
        else if (C == ' ')
            Spec->Space = true;
        else if (C == '#')
            Spec->Alternate = true;
        else
            break;
    }
    if (At(F, 0) == '*')
    {
        Spec->Width = va_arg(*Args, int);
        if (Spec->Width < 0)
        {
            Spec->LeftAlign = true;
            Spec->Width = -Spec->Width;
        }
        F->Position++;
    }
    while (At(F, 0) >= '0' && At(F, 0) <= '9')
        Spec->Width = Spec->Width * 10 + (int)(At(F, 0) - '0'), F->Position++;
    if (At(F, 0) == '.')
    {
        F->Position++;
        Spec->Precision = 0;
        if (At(F, 0) == '*')
        {
            Spec->Precision = va_arg(*Args, int);
            F->Position++;
        }
        while (At(F, 0) >= '0' && At(F, 0) <= '9')
            Spec->Precision = Spec->Precision * 10 + (int)(At(F, 0) - '0'), F->Position++;
    }
}

/* Size prefixes; advances past them. *Wide / *Narrow record w/l and h. */
static void
ParseSize(FORMAT *F, SPEC *Spec, bool *Wide, bool *Narrow)
{
    uint32_t C0 = At(F, 0);

    Spec->Bits = 32;
    if (C0 == 'I' && At(F, 1) == '6' && At(F, 2) == '4')
        Spec->Bits = 64, F->Position += 3;
    else if (C0 == 'I' && At(F, 1) == '3' && At(F, 2) == '2')
        F->Position += 3;
    else if (C0 == 'l' && At(F, 1) == 'l')
        Spec->Bits = 64, F->Position += 2;
    else if (C0 == 'I' || C0 == 'z' || C0 == 'j' || C0 == 't')
        Spec->Bits = 64, F->Position++;
    else if (C0 == 'l' || C0 == 'w')
        *Wide = true, F->Position++;
    else if (C0 == 'h')
        *Narrow = true, F->Position += At(F, 1) == 'h' ? 2 : 1;
}

static void
FormatInteger(SINK *Sink, SPEC *Spec, uint32_t Conversion, va_list *Args)
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

/*
 * Whether a %s/%S/%c/%C argument is UTF-16: h forces narrow and l/w wide; otherwise the
 * lower-case conversion takes the routine's own width and the upper-case one the other
 * (Microsoft's rule: %s is wide in swprintf, %S narrow).
 */
static bool
ArgumentIsWide(const SINK *Sink, uint32_t Conversion, bool Wide, bool Narrow)
{
    if (Narrow)
        return false;
    if (Wide)
        return true;
    return (Conversion == 'S' || Conversion == 'C') != Sink->Wide;
}

static void
FormatOne(SINK *Sink, SPEC *Spec, uint32_t C, bool Wide, bool Narrow, va_list *Args)
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
        case 'C':
        {
            int Argument = va_arg(*Args, int);
            uint16_t WideCh = (uint16_t)Argument;
            char Ch = (char)Argument;
            bool IsWide = ArgumentIsWide(Sink, C, Wide, Narrow);

            Spec->Precision = -1;
            PutString(Sink, Spec, IsWide ? (const void *)&WideCh : &Ch, 1, IsWide);
            break;
        }
        case 's':
        case 'S':
            PutString(Sink, Spec, va_arg(*Args, const void *), -1,
                      ArgumentIsWide(Sink, C, Wide, Narrow));
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
RtlFormatStringExV(void *Buffer, size_t Size, unsigned Flags, const void *Format, va_list Args)
{
    bool Terminate = (Flags & RTL_FORMAT_NO_TERMINATOR) == 0;
    SINK Sink = {Buffer, Size, 0, (Flags & RTL_FORMAT_WIDE) != 0};
    FORMAT F = {Format, 0, Sink.Wide};
    va_list Copy;

    if (Terminate && Size > 0)
        Sink.Capacity = Size - 1;
    va_copy(Copy, Args);
    while (At(&F, 0) != 0)
    {
        SPEC Spec = {0};
        bool Wide = false, Narrow = false;

        if (At(&F, 0) != '%')
        {
            Put(&Sink, At(&F, 0));
            F.Position++;
            continue;
        }
        Spec.Precision = -1;
        F.Position++;
        ParseFlags(&F, &Spec, &Copy);
        ParseSize(&F, &Spec, &Wide, &Narrow);
        if (At(&F, 0) == 0)
            break;
        FormatOne(&Sink, &Spec, At(&F, 0), Wide, Narrow, &Copy);
        F.Position++;
    }
    va_end(Copy);
    if (Terminate && Size > 0)
        Store(&Sink, Sink.Length < Size ? Sink.Length : Size - 1, 0);
    return Sink.Length;
}

size_t
RtlFormatStringV(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    return RtlFormatStringExV(Buffer, Size, 0, Format, Args);
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
