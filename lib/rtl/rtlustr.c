/* SPDX-License-Identifier: MIT */
/*
 * Counted UTF-16 strings (UNICODE_STRING). Length and MaximumLength are byte counts; Buffer
 * need not be NUL-terminated, so every routine works from Length and terminates its output
 * only when a whole WCHAR fits after it. Byte counts are kept even: a destination with an odd
 * MaximumLength receives whole characters only.
 */
#include "rtlp.h"

/* The longest string RtlInit*String describes: MaximumLength (Length + NUL) must fit a USHORT. */
#define RTLP_MAX_INIT_BYTES(CharSize) ((MAXUSHORT - (CharSize)) / (CharSize) * (CharSize))

VOID NTAPI
RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    SIZE_T Length = 0;

    DestinationString->Buffer = (PWSTR)SourceString;
    if (SourceString == NULL)
    {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    while (SourceString[Length] != UNICODE_NULL)
        Length++;
    Length *= sizeof(WCHAR);
    if (Length > RTLP_MAX_INIT_BYTES(sizeof(WCHAR)))
        Length = RTLP_MAX_INIT_BYTES(sizeof(WCHAR));
    DestinationString->Length = (USHORT)Length;
    DestinationString->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
}

static VOID
RtlpTerminate(PUNICODE_STRING String)
{
    if ((ULONG)String->Length + sizeof(WCHAR) <= String->MaximumLength)
        String->Buffer[String->Length / sizeof(WCHAR)] = UNICODE_NULL;
}

/* Copies what fits (whole characters) and terminates when there is room; no status. */
VOID NTAPI
RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
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
    Length &= (USHORT)~1u;
    RtlpMoveBytes(DestinationString->Buffer, SourceString->Buffer, Length);
    DestinationString->Length = Length;
    RtlpTerminate(DestinationString);
}

/* Appends Length bytes at Source, all or nothing. */
static NTSTATUS
RtlpAppend(PUNICODE_STRING Destination, const WCHAR *Source, SIZE_T Length)
{
    SIZE_T Total = (SIZE_T)Destination->Length + Length;

    if (Length == 0)
        return STATUS_SUCCESS;
    if (Total > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    RtlpMoveBytes((UCHAR *)Destination->Buffer + Destination->Length, Source, Length);
    Destination->Length = (USHORT)Total;
    RtlpTerminate(Destination);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
    return RtlpAppend(Destination, Source->Buffer, Source->Length);
}

NTSTATUS NTAPI
RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
    SIZE_T Length = 0;

    if (Source == NULL)
        return STATUS_SUCCESS;
    while (Source[Length] != UNICODE_NULL)
        Length++;
    return RtlpAppend(Destination, Source, Length * sizeof(WCHAR));
}

/* Compares the first Count characters; case folding is to upper case, as NT does. */
static LONG
RtlpCompareChars(const WCHAR *A, const WCHAR *B, SIZE_T Count, BOOLEAN CaseInSensitive)
{
    SIZE_T I;

    for (I = 0; I < Count; I++)
    {
        WCHAR CharA = A[I], CharB = B[I];

        if (CharA != CharB && CaseInSensitive)
        {
            CharA = RtlUpcaseUnicodeChar(CharA);
            CharB = RtlUpcaseUnicodeChar(CharB);
        }
        if (CharA != CharB)
            return (LONG)CharA - (LONG)CharB;
    }
    return 0;
}

LONG NTAPI
RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    USHORT Count1 = String1->Length / sizeof(WCHAR), Count2 = String2->Length / sizeof(WCHAR);
    LONG Result;

    Result = RtlpCompareChars(String1->Buffer, String2->Buffer, Count1 < Count2 ? Count1 : Count2,
                              CaseInSensitive);
    return Result != 0 ? Result : (LONG)Count1 - (LONG)Count2;
}

BOOLEAN NTAPI
RtlEqualUnicodeString(CONST UNICODE_STRING *String1, CONST UNICODE_STRING *String2,
                      BOOLEAN CaseInSensitive)
{
    if (String1->Length / sizeof(WCHAR) != String2->Length / sizeof(WCHAR))
        return FALSE;
    return RtlpCompareChars(String1->Buffer, String2->Buffer, String1->Length / sizeof(WCHAR),
                            CaseInSensitive) == 0;
}

/* Whether String1 is a prefix of String2. */
BOOLEAN NTAPI
RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    if (String1->Length / sizeof(WCHAR) > String2->Length / sizeof(WCHAR))
        return FALSE;
    return RtlpCompareChars(String1->Buffer, String2->Buffer, String1->Length / sizeof(WCHAR),
                            CaseInSensitive) == 0;
}

/*
 * Upcases into the caller's buffer (which may be the source's), or a new one with
 * AllocateDestinationString = TRUE (STATUS_NO_MEMORY if that fails), without terminating
 * it, as NT does.
 */
NTSTATUS NTAPI
RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                       BOOLEAN AllocateDestinationString)
{
    USHORT I, Count = SourceString->Length / sizeof(WCHAR);

    if (AllocateDestinationString)
    {
        DestinationString->Buffer = RtlpAllocateStringBuffer((Count + 1) * sizeof(WCHAR));
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)(Count * sizeof(WCHAR));
    }
    if (Count * sizeof(WCHAR) > DestinationString->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (I = 0; I < Count; I++)
        DestinationString->Buffer[I] = RtlUpcaseUnicodeChar(SourceString->Buffer[I]);
    DestinationString->Length = (USHORT)(Count * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* Frees a buffer one of the routines above allocated, and empties the string. */
VOID NTAPI
RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer != NULL)
        RtlpFreeStringBuffer(UnicodeString->Buffer);
    UnicodeString->Buffer = NULL;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}
