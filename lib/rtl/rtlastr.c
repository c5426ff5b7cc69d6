/* SPDX-License-Identifier: MIT */
/*
 * Counted single-byte strings (STRING, ANSI_STRING). As with UNICODE_STRING, Length excludes
 * the terminator and output is terminated only when a byte is left for it. Case-insensitive
 * operations go through RtlUpperChar, so they follow the ANSI code page (rtlnls.c).
 */
#include "rtlp.h"

/* MaximumLength (Length + NUL) must fit a USHORT: longer strings are cut at 0xFFFE bytes. */
#define RTLP_MAX_ANSI_INIT (MAXUSHORT - 1)

VOID NTAPI
RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
    SIZE_T Length = 0;

    DestinationString->Buffer = (PCHAR)SourceString;
    if (SourceString == NULL)
    {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    while (SourceString[Length] != ANSI_NULL)
        Length++;
    if (Length > RTLP_MAX_ANSI_INIT)
        Length = RTLP_MAX_ANSI_INIT;
    DestinationString->Length = (USHORT)Length;
    DestinationString->MaximumLength = (USHORT)(Length + 1);
}

VOID NTAPI
RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
    RtlInitAnsiString(DestinationString, SourceString);
}

VOID NTAPI
RtlCopyString(PSTRING DestinationString, const PSTRING SourceString)
{
    USHORT Length;

    if (SourceString == NULL)
    {
        DestinationString->Length = 0;
        return;
    }
    Length = SourceString->Length < DestinationString->MaximumLength
                 ? SourceString->Length
                 : DestinationString->MaximumLength;
    RtlpMoveBytes(DestinationString->Buffer, SourceString->Buffer, Length);
    DestinationString->Length = Length;
    if (Length < DestinationString->MaximumLength)
        DestinationString->Buffer[Length] = ANSI_NULL;
}

/* Bytes compare unsigned, so 0xE9 sorts after 'z' as it does on NT. */
LONG NTAPI
RtlCompareString(const PSTRING String1, const PSTRING String2, BOOLEAN CaseInSensitive)
{
    USHORT Count = String1->Length < String2->Length ? String1->Length : String2->Length, I;

    for (I = 0; I < Count; I++)
    {
        UCHAR A = (UCHAR)String1->Buffer[I], B = (UCHAR)String2->Buffer[I];

        if (A != B && CaseInSensitive)
        {
            A = (UCHAR)RtlUpperChar((CHAR)A);
            B = (UCHAR)RtlUpperChar((CHAR)B);
        }
        if (A != B)
            return (LONG)A - (LONG)B;
    }
    return (LONG)String1->Length - (LONG)String2->Length;
}

BOOLEAN NTAPI
RtlEqualString(const PSTRING String1, const PSTRING String2, BOOLEAN CaseInSensitive)
{
    return String1->Length == String2->Length &&
           RtlCompareString(String1, String2, CaseInSensitive) == 0;
}

/* Upcases what fits into the destination (which may be the source); not terminated. */
VOID NTAPI
RtlUpperString(PSTRING DestinationString, const PSTRING SourceString)
{
    USHORT Length = SourceString->Length < DestinationString->MaximumLength
                        ? SourceString->Length
                        : DestinationString->MaximumLength,
           I;

    for (I = 0; I < Length; I++)
        DestinationString->Buffer[I] = RtlUpperChar(SourceString->Buffer[I]);
    DestinationString->Length = Length;
}

/* Frees a buffer RtlUnicodeStringToAnsiString allocated, and empties the string. */
VOID NTAPI
RtlFreeAnsiString(PANSI_STRING AnsiString)
{
    if (AnsiString->Buffer != NULL)
        RtlpFreeStringBuffer(AnsiString->Buffer);
    AnsiString->Buffer = NULL;
    AnsiString->Length = AnsiString->MaximumLength = 0;
}
