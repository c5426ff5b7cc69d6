/* SPDX-License-Identifier: MIT */
/*
 * String <-> integer conversions. One parser and one printer serve the narrow and wide forms.
 * Sizes are Windows': long is 32 bits. atoi/atol saturate on overflow, as the CRT's do; the
 * `_s` printers return EINVAL/ERANGE and clear the buffer as documented.
 */
#include "crt.h"

#define RTLP_INT_MIN_MAGNITUDE 0x80000000ULL
#define RTLP_INT_MAX 0x7FFFFFFFULL
#define RTLP_ULONG_MAX 0xFFFFFFFFULL

static int
RtlpCrtDigit(WCHAR Unit)
{
    if (Unit >= '0' && Unit <= '9')
        return Unit - '0';
    if (Unit >= 'a' && Unit <= 'z')
        return Unit - 'a' + 10;
    if (Unit >= 'A' && Unit <= 'Z')
        return Unit - 'A' + 10;
    return 99;
}

/*
 * strtoul's grammar: spaces, a sign, a 0x/0 prefix when Base allows, digits. Returns the
 * magnitude (saturated at Limit, with *Overflow) and the index after the last digit in *End,
 * 0 when there was no number.
 */
static unsigned long long
RtlpCrtParse(const void *String, BOOLEAN Wide, int Base, unsigned long long Limit,
             BOOLEAN *Negative, BOOLEAN *Overflow, size_t *End)
{
    unsigned long long Value = 0;
    size_t I = 0;
    int Digit;

    *Negative = *Overflow = FALSE;
    *End = 0;
    if (Base < 0 || Base == 1 || Base > 36)
        return 0;
    while (RtlpCrtGetUnit(String, I, Wide) < 0x80 && isspace(RtlpCrtGetUnit(String, I, Wide)))
        I++;
    if (RtlpCrtGetUnit(String, I, Wide) == '-' || RtlpCrtGetUnit(String, I, Wide) == '+')
        *Negative = RtlpCrtGetUnit(String, I++, Wide) == '-';
    if ((Base == 0 || Base == 16) && RtlpCrtGetUnit(String, I, Wide) == '0')
    {
        WCHAR X = RtlpCrtGetUnit(String, I + 1, Wide);

        *End = I + 1; /* "0x" without hex digits still parses the 0 */
        if ((X == 'x' || X == 'X') && RtlpCrtDigit(RtlpCrtGetUnit(String, I + 2, Wide)) < 16)
            I += 2, Base = 16;
        else if (Base == 0)
            Base = 8;
    }
    if (Base == 0)
        Base = 10;
    for (; (Digit = RtlpCrtDigit(RtlpCrtGetUnit(String, I, Wide))) < Base; I++)
    {
        if (!*Overflow && Value > (Limit - (unsigned long long)Digit) / (unsigned long long)Base)
            *Overflow = TRUE;
        Value = *Overflow ? Limit : Value * (unsigned long long)Base + (unsigned long long)Digit;
        *End = I + 1;
    }
    return Value;
}

/* atoi/atol (int and long are both 32 bits on Windows), saturating. */
static long
RtlpCrtToLong(const void *String, BOOLEAN Wide)
{
    BOOLEAN Negative, Overflow;
    size_t End;
    unsigned long long Value;

    if (String == NULL)
    {
        RtlpCrtInvalidParameter(Wide ? "_wtol" : "atol");
        return 0;
    }
    Value = RtlpCrtParse(String, Wide, 10, (unsigned long long)-1, &Negative, &Overflow, &End);
    if (Negative)
        return Value >= RTLP_INT_MIN_MAGNITUDE ? (long)(-0x7FFFFFFFL - 1) : -(long)Value;
    return Value > RTLP_INT_MAX ? 0x7FFFFFFFL : (long)Value;
}

int __cdecl atoi(const char *String)
{
    return (int)RtlpCrtToLong(String, FALSE);
}

long __cdecl atol(const char *String)
{
    return RtlpCrtToLong(String, FALSE);
}

int __cdecl _wtoi(const WCHAR *String)
{
    return (int)RtlpCrtToLong(String, TRUE);
}

long __cdecl _wtol(const WCHAR *String)
{
    return RtlpCrtToLong(String, TRUE);
}

unsigned long __cdecl wcstoul(const WCHAR *String, WCHAR **End, int Base)
{
    BOOLEAN Negative, Overflow;
    size_t Stop;
    unsigned long Value = (unsigned long)RtlpCrtParse(String, TRUE, Base, RTLP_ULONG_MAX, &Negative,
                                                      &Overflow, &Stop);

    if (End != NULL)
        *End = (WCHAR *)String + Stop;
    if (Overflow)
        return (unsigned long)RTLP_ULONG_MAX;
    return Negative ? (ULONG)(0 - (ULONG)Value) : Value; /* 32 bits, as on Windows */
}

unsigned long long __cdecl _strtoui64(const char *String, char **End, int Base)
{
    BOOLEAN Negative, Overflow;
    size_t Stop;
    unsigned long long Value =
        RtlpCrtParse(String, FALSE, Base, (unsigned long long)-1, &Negative, &Overflow, &Stop);

    if (End != NULL)
        *End = (char *)String + Stop;
    if (Overflow)
        return (unsigned long long)-1;
    return Negative ? 0 - Value : Value;
}

/* Writes Magnitude in Radix, with a '-' when Negative, into Size units of Buffer. */
static errno_t
RtlpCrtPrintInteger(const char *Function, unsigned long long Magnitude, BOOLEAN Negative,
                    void *Buffer, size_t Size, int Radix, BOOLEAN Wide)
{
    char Digits[66];
    size_t Length = 0, I, Needed;

    if (Buffer == NULL || Size == 0)
    {
        RtlpCrtInvalidParameter(Function);
        return EINVAL;
    }
    RtlpCrtSetUnit(Buffer, 0, 0, Wide);
    if (Radix < 2 || Radix > 36)
    {
        RtlpCrtInvalidParameter(Function);
        return EINVAL;
    }
    do
    {
        Digits[Length++] = "0123456789abcdefghijklmnopqrstuvwxyz"[Magnitude % (unsigned)Radix];
        Magnitude /= (unsigned)Radix;
    } while (Magnitude != 0);
    Needed = Length + (Negative ? 1 : 0) + 1;
    if (Needed > Size)
    {
        RtlpCrtInvalidParameter(Function);
        return ERANGE;
    }
    I = 0;
    if (Negative)
        RtlpCrtSetUnit(Buffer, I++, '-', Wide);
    while (Length > 0)
        RtlpCrtSetUnit(Buffer, I++, (UCHAR)Digits[--Length], Wide);
    RtlpCrtSetUnit(Buffer, I, 0, Wide);
    return 0;
}

/* Signed values get a '-' only in radix 10; otherwise they print as their unsigned bits. */
static errno_t
RtlpCrtPrintSigned(const char *Function, long long Value, unsigned long long Bits, void *Buffer,
                   size_t Size, int Radix, BOOLEAN Wide)
{
    BOOLEAN Negative = Radix == 10 && Value < 0;
    unsigned long long Magnitude = Negative ? 0 - (unsigned long long)Value : Bits;

    return RtlpCrtPrintInteger(Function, Magnitude, Negative, Buffer, Size, Radix, Wide);
}

errno_t __cdecl _itoa_s(int Value, char *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_itoa_s", Value, (unsigned)Value, Buffer, Size, Radix, FALSE);
}

errno_t __cdecl _itow_s(int Value, WCHAR *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_itow_s", Value, (unsigned)Value, Buffer, Size, Radix, TRUE);
}

errno_t __cdecl _ltoa_s(long Value, char *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_ltoa_s", Value, (unsigned)Value, Buffer, Size, Radix, FALSE);
}

errno_t __cdecl _ltow_s(long Value, WCHAR *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_ltow_s", Value, (unsigned)Value, Buffer, Size, Radix, TRUE);
}

errno_t __cdecl _ultoa_s(unsigned long Value, char *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintInteger("_ultoa_s", (unsigned)Value, FALSE, Buffer, Size, Radix, FALSE);
}

errno_t __cdecl _ultow_s(unsigned long Value, WCHAR *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintInteger("_ultow_s", (unsigned)Value, FALSE, Buffer, Size, Radix, TRUE);
}

errno_t __cdecl _i64toa_s(long long Value, char *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_i64toa_s", Value, (unsigned long long)Value, Buffer, Size, Radix,
                              FALSE);
}

errno_t __cdecl _i64tow_s(long long Value, WCHAR *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintSigned("_i64tow_s", Value, (unsigned long long)Value, Buffer, Size, Radix,
                              TRUE);
}

errno_t __cdecl _ui64toa_s(unsigned long long Value, char *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintInteger("_ui64toa_s", Value, FALSE, Buffer, Size, Radix, FALSE);
}

errno_t __cdecl _ui64tow_s(unsigned long long Value, WCHAR *Buffer, size_t Size, int Radix)
{
    return RtlpCrtPrintInteger("_ui64tow_s", Value, FALSE, Buffer, Size, Radix, TRUE);
}

/* The unchecked forms: the caller promises room for 33 characters and the NUL. */
char *__cdecl _itoa(int Value, char *Buffer, int Radix)
{
    RtlpCrtPrintSigned("_itoa", Value, (unsigned)Value, Buffer, 34, Radix, FALSE);
    return Buffer;
}

WCHAR *__cdecl _itow(int Value, WCHAR *Buffer, int Radix)
{
    RtlpCrtPrintSigned("_itow", Value, (unsigned)Value, Buffer, 34, Radix, TRUE);
    return Buffer;
}
