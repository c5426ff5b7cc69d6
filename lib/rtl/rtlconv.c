/* SPDX-License-Identifier: MIT */
/*
 * Conversions: integers <-> strings, and ANSI <-> Unicode strings. "ANSI" is Windows-1252
 * (rtlnls.c), a single-byte code page, so sizes are one WCHAR per byte and back; a character
 * 1252 cannot hold becomes '?'. With AllocateDestinationString = TRUE the destination buffer
 * is allocated to size (RtlpAllocateStringBuffer), STATUS_NO_MEMORY if that fails.
 */
#include "rtlp.h"

/* A number's text from either a byte or a WCHAR buffer of known length. */
typedef struct _RTLP_DIGITS
{
    const CHAR *Narrow;
    const WCHAR *Wide;
    SIZE_T Count;
} RTLP_DIGITS;

static ULONG
RtlpCharAt(const RTLP_DIGITS *Text, SIZE_T Index)
{
    return Text->Wide != NULL ? Text->Wide[Index] : (UCHAR)Text->Narrow[Index];
}

static ULONG
RtlpDigitValue(ULONG Character)
{
    if (Character >= '0' && Character <= '9')
        return Character - '0';
    if (Character >= 'a' && Character <= 'f')
        return Character - 'a' + 10;
    if (Character >= 'A' && Character <= 'F')
        return Character - 'A' + 10;
    return 36;
}

/*
 * NT's grammar: leading white space (anything up to ' '), an optional sign, then, when Base is
 * 0, an optional 0x/0o/0b prefix (default decimal); digits end at the first non-digit. No
 * digits at all yields 0 and success. The value wraps modulo 2^32, as on NT.
 */
static NTSTATUS
RtlpParseInteger(const RTLP_DIGITS *Text, ULONG Base, PULONG Value)
{
    SIZE_T I = 0;
    BOOLEAN Negative = FALSE;
    ULONG Result = 0, Digit;

    if (Base != 0 && Base != 2 && Base != 8 && Base != 10 && Base != 16)
        return STATUS_INVALID_PARAMETER;
    if (Value == NULL)
        return STATUS_ACCESS_VIOLATION;
    while (I < Text->Count && RtlpCharAt(Text, I) <= ' ')
        I++;
    if (I < Text->Count && (RtlpCharAt(Text, I) == '-' || RtlpCharAt(Text, I) == '+'))
        Negative = RtlpCharAt(Text, I++) == '-';
    if (Base == 0)
    {
        Base = 10;
        if (I + 1 < Text->Count && RtlpCharAt(Text, I) == '0')
        {
            ULONG Prefix = RtlpCharAt(Text, I + 1);

            Base = Prefix == 'x' ? 16 : Prefix == 'o' ? 8 : Prefix == 'b' ? 2 : 10;
            if (Base != 10)
                I += 2;
        }
    }
    for (; I < Text->Count && (Digit = RtlpDigitValue(RtlpCharAt(Text, I))) < Base; I++)
        Result = Result * Base + Digit;
    *Value = Negative ? 0u - Result : Result;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value)
{
    RTLP_DIGITS Text = {String, NULL, 0};

    while (String[Text.Count] != ANSI_NULL)
        Text.Count++;
    return RtlpParseInteger(&Text, Base, Value);
}

/* An empty string is STATUS_INVALID_PARAMETER (documented); other text parses as above. */
NTSTATUS NTAPI
RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
    RTLP_DIGITS Text = {NULL, String->Buffer, String->Length / sizeof(WCHAR)};

    if (Text.Count == 0)
        return STATUS_INVALID_PARAMETER;
    return RtlpParseInteger(&Text, Base, Value);
}

/* Unsigned, upper-case hex, no prefix; the result and its terminator must both fit. */
NTSTATUS NTAPI
RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
    WCHAR Digits[32];
    ULONG Count = 0, I;

    if (Base == 0)
        Base = 10;
    if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
        return STATUS_INVALID_PARAMETER;
    do
    {
        Digits[Count++] = (WCHAR) "0123456789ABCDEF"[Value % Base];
        Value /= Base;
    } while (Value != 0);
    if ((Count + 1) * sizeof(WCHAR) > String->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (I = 0; I < Count; I++)
        String->Buffer[I] = Digits[Count - 1 - I];
    String->Buffer[Count] = UNICODE_NULL;
    String->Length = (USHORT)(Count * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

ULONG NTAPI
RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString)
{
    return ((ULONG)AnsiString->Length + 1) * sizeof(WCHAR);
}

ULONG NTAPI
RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString)
{
    return UnicodeString->Length / sizeof(WCHAR) + 1;
}

/* The whole string and a terminator must fit, or nothing is written (STATUS_BUFFER_OVERFLOW). */
NTSTATUS NTAPI
RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PANSI_STRING SourceString,
                             BOOLEAN AllocateDestinationString)
{
    ULONG Size = RtlxAnsiStringToUnicodeSize(SourceString), I;

    if (Size > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString)
    {
        DestinationString->Buffer = RtlpAllocateStringBuffer(Size);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)Size;
    }
    if (Size > DestinationString->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (I = 0; I < SourceString->Length; I++)
        DestinationString->Buffer[I] = RtlpAnsiToUnicodeChar(SourceString->Buffer[I]);
    DestinationString->Buffer[I] = UNICODE_NULL;
    DestinationString->Length = (USHORT)(Size - sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/*
 * As on NT, a destination too small still receives as much as fits, terminated, and the
 * status is STATUS_BUFFER_OVERFLOW; only an empty destination receives nothing.
 */
NTSTATUS NTAPI
RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                             BOOLEAN AllocateDestinationString)
{
    ULONG Count = SourceString->Length / sizeof(WCHAR), I;
    NTSTATUS Status = STATUS_SUCCESS;

    if (AllocateDestinationString)
    {
        DestinationString->Buffer = RtlpAllocateStringBuffer(Count + 1);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)(Count + 1);
    }
    if (DestinationString->MaximumLength == 0)
        return STATUS_BUFFER_OVERFLOW;
    if (Count >= DestinationString->MaximumLength)
    {
        Count = DestinationString->MaximumLength - 1u;
        Status = STATUS_BUFFER_OVERFLOW;
    }
    for (I = 0; I < Count; I++)
        DestinationString->Buffer[I] = RtlpUnicodeToAnsiChar(SourceString->Buffer[I]);
    DestinationString->Buffer[Count] = ANSI_NULL;
    DestinationString->Length = (USHORT)Count;
    return Status;
}
