/* SPDX-License-Identifier: MIT */
/*
 * Bounded string copy, concatenation, length and printf with ntstrsafe.h's contract (see
 * rtlsafe.h). The ANSI and UTF-16 forms share one implementation over a character size.
 */
#include "rtlformat.h"
#include "rtlsafe.h"

static ULONG
RtlpGetChar(const VOID *String, SIZE_T Index, BOOLEAN Wide)
{
    return Wide ? ((PCWSTR)String)[Index] : (UCHAR)((PCSTR)String)[Index];
}

static VOID
RtlpPutChar(VOID *String, SIZE_T Index, ULONG Character, BOOLEAN Wide)
{
    if (Wide)
        ((PWSTR)String)[Index] = (WCHAR)Character;
    else
        ((PSTR)String)[Index] = (CHAR)Character;
}

static PVOID
RtlpCharAt(VOID *String, SIZE_T Index, BOOLEAN Wide)
{
    return (PUCHAR)String + Index * (Wide ? sizeof(WCHAR) : sizeof(CHAR));
}

static BOOLEAN
RtlpValidDestination(const VOID *Destination, SIZE_T CchDestination)
{
    return Destination != NULL && CchDestination != 0 && CchDestination <= RTL_STRSAFE_MAX_CCH;
}

/* Bytes to characters; a size past the largest buffer maps to an invalid count. */
static SIZE_T
RtlpCbToCch(SIZE_T Cb, BOOLEAN Wide)
{
    SIZE_T Size = Wide ? sizeof(WCHAR) : sizeof(CHAR);

    return Cb > (SIZE_T)RTL_STRSAFE_MAX_CCH * Size ? (SIZE_T)RTL_STRSAFE_MAX_CCH + 1 : Cb / Size;
}

static NTSTATUS
RtlpCopy(VOID *Destination, SIZE_T CchDestination, const VOID *Source, BOOLEAN Wide)
{
    SIZE_T I;
    ULONG C;

    if (!RtlpValidDestination(Destination, CchDestination) || Source == NULL)
        return STATUS_INVALID_PARAMETER;
    for (I = 0; I + 1 < CchDestination && (C = RtlpGetChar(Source, I, Wide)) != 0; I++)
        RtlpPutChar(Destination, I, C, Wide);
    RtlpPutChar(Destination, I, 0, Wide);
    return RtlpGetChar(Source, I, Wide) == 0 ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

static NTSTATUS
RtlpLength(const VOID *String, SIZE_T CchMax, PSIZE_T CchLength, BOOLEAN Wide)
{
    SIZE_T I;

    if (String != NULL && CchMax <= RTL_STRSAFE_MAX_CCH)
    {
        for (I = 0; I < CchMax; I++)
        {
            if (RtlpGetChar(String, I, Wide) == 0)
            {
                if (CchLength != NULL)
                    *CchLength = I;
                return STATUS_SUCCESS;
            }
        }
    }
    if (CchLength != NULL)
        *CchLength = 0;
    return STATUS_INVALID_PARAMETER;
}

static NTSTATUS
RtlpCat(VOID *Destination, SIZE_T CchDestination, const VOID *Source, BOOLEAN Wide)
{
    SIZE_T Length;

    if (!RtlpValidDestination(Destination, CchDestination) || Source == NULL ||
        !NT_SUCCESS(RtlpLength(Destination, CchDestination, &Length, Wide)))
        return STATUS_INVALID_PARAMETER;
    return RtlpCopy(RtlpCharAt(Destination, Length, Wide), CchDestination - Length, Source, Wide);
}

NTSTATUS
RtlStringCchCopyW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Source)
{
    return RtlpCopy(Destination, CchDestination, Source, TRUE);
}

NTSTATUS
RtlStringCbCopyW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Source)
{
    return RtlpCopy(Destination, RtlpCbToCch(CbDestination, TRUE), Source, TRUE);
}

NTSTATUS
RtlStringCchCopyA(PSTR Destination, SIZE_T CchDestination, PCSTR Source)
{
    return RtlpCopy(Destination, CchDestination, Source, FALSE);
}

NTSTATUS
RtlStringCbCopyA(PSTR Destination, SIZE_T CbDestination, PCSTR Source)
{
    return RtlpCopy(Destination, RtlpCbToCch(CbDestination, FALSE), Source, FALSE);
}

NTSTATUS
RtlStringCchCatW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Source)
{
    return RtlpCat(Destination, CchDestination, Source, TRUE);
}

NTSTATUS
RtlStringCbCatW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Source)
{
    return RtlpCat(Destination, RtlpCbToCch(CbDestination, TRUE), Source, TRUE);
}

NTSTATUS
RtlStringCchCatA(PSTR Destination, SIZE_T CchDestination, PCSTR Source)
{
    return RtlpCat(Destination, CchDestination, Source, FALSE);
}

NTSTATUS
RtlStringCbCatA(PSTR Destination, SIZE_T CbDestination, PCSTR Source)
{
    return RtlpCat(Destination, RtlpCbToCch(CbDestination, FALSE), Source, FALSE);
}

NTSTATUS
RtlStringCchLengthW(PCWSTR String, SIZE_T CchMax, PSIZE_T CchLength)
{
    return RtlpLength(String, CchMax, CchLength, TRUE);
}

NTSTATUS
RtlStringCbLengthW(PCWSTR String, SIZE_T CbMax, PSIZE_T CbLength)
{
    NTSTATUS Status = RtlpLength(String, RtlpCbToCch(CbMax, TRUE), CbLength, TRUE);

    if (CbLength != NULL)
        *CbLength *= sizeof(WCHAR);
    return Status;
}

NTSTATUS
RtlStringCchLengthA(PCSTR String, SIZE_T CchMax, PSIZE_T CchLength)
{
    return RtlpLength(String, CchMax, CchLength, FALSE);
}

NTSTATUS
RtlStringCbLengthA(PCSTR String, SIZE_T CbMax, PSIZE_T CbLength)
{
    return RtlpLength(String, RtlpCbToCch(CbMax, FALSE), CbLength, FALSE);
}

NTSTATUS
RtlStringCchVPrintfA(PSTR Destination, SIZE_T CchDestination, PCSTR Format, va_list Args)
{
    if (!RtlpValidDestination(Destination, CchDestination) || Format == NULL)
        return STATUS_INVALID_PARAMETER;
    if (RtlFormatStringV(Destination, CchDestination, Format, Args) >= CchDestination)
        return STATUS_BUFFER_OVERFLOW;
    return STATUS_SUCCESS;
}

NTSTATUS
RtlStringCchPrintfA(PSTR Destination, SIZE_T CchDestination, PCSTR Format, ...)
{
    NTSTATUS Status;
    va_list Args;

    va_start(Args, Format);
    Status = RtlStringCchVPrintfA(Destination, CchDestination, Format, Args);
    va_end(Args);
    return Status;
}

NTSTATUS
RtlStringCbPrintfA(PSTR Destination, SIZE_T CbDestination, PCSTR Format, ...)
{
    NTSTATUS Status;
    va_list Args;

    va_start(Args, Format);
    Status = RtlStringCchVPrintfA(Destination, RtlpCbToCch(CbDestination, FALSE), Format, Args);
    va_end(Args);
    return Status;
}

/* Rewrites a wide printf format for the narrow formatter: an unsized %s takes a wide string
 * there only as %ws, an unsized %S a narrow one as %hs, and %C is %c. FALSE if the format is
 * not ASCII or does not fit Narrow. */
static BOOLEAN
RtlpIsSpecChar(WCHAR C)
{
    static const char SpecChars[] = "-+ #0123456789.*hlwIzjt";
    SIZE_T K;

    for (K = 0; SpecChars[K] != 0; K++)
    {
        if (SpecChars[K] == C)
            return TRUE;
    }
    return FALSE;
}

static BOOLEAN
RtlpNarrowFormat(PCWSTR Format, CHAR Narrow[RTL_STRSAFE_MAX_WIDE_FORMAT * 2 + 1])
{
    SIZE_T In, Out = 0;
    BOOLEAN Sized;
    WCHAR C;

    for (In = 0; Format[In] != 0; In++)
    {
        if (In >= RTL_STRSAFE_MAX_WIDE_FORMAT || Format[In] >= 0x80)
            return FALSE;
        Narrow[Out++] = (CHAR)Format[In];
        if (Format[In] != '%')
            continue;
        for (Sized = FALSE; RtlpIsSpecChar(Format[In + 1]); Narrow[Out++] = (CHAR)Format[In])
        {
            if (++In >= RTL_STRSAFE_MAX_WIDE_FORMAT)
                return FALSE;
            Sized |= Format[In] == 'h' || Format[In] == 'l' || Format[In] == 'w';
        }
        C = Format[In + 1];
        if (C == 0)
            break;
        if (++In >= RTL_STRSAFE_MAX_WIDE_FORMAT || C >= 0x80)
            return FALSE;
        if (!Sized && C == 's')
            Narrow[Out++] = 'w';
        else if (!Sized && C == 'S')
            Narrow[Out++] = 'h';
        Narrow[Out++] = (CHAR)(C == 'C' ? 'c' : C);
    }
    Narrow[Out] = 0;
    return TRUE;
}

/* Formats narrow output into the first bytes of the buffer, then widens it in place from
 * the end (character I moves from byte I to bytes 2I and 2I+1, never over one unread). */
NTSTATUS
RtlStringCchVPrintfW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Format, va_list Args)
{
    CHAR Narrow[RTL_STRSAFE_MAX_WIDE_FORMAT * 2 + 1];
    PCHAR Bytes = (PCHAR)Destination;
    SIZE_T Length, I;

    if (!RtlpValidDestination(Destination, CchDestination) || Format == NULL ||
        !RtlpNarrowFormat(Format, Narrow))
        return STATUS_INVALID_PARAMETER;
    Length = RtlFormatStringV(Bytes, CchDestination, Narrow, Args);
    for (I = Length < CchDestination ? Length : CchDestination - 1;; I--)
    {
        Destination[I] = (WCHAR)(UCHAR)Bytes[I];
        if (I == 0)
            break;
    }
    return Length >= CchDestination ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS
RtlStringCchPrintfW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Format, ...)
{
    NTSTATUS Status;
    va_list Args;

    va_start(Args, Format);
    Status = RtlStringCchVPrintfW(Destination, CchDestination, Format, Args);
    va_end(Args);
    return Status;
}

NTSTATUS
RtlStringCbPrintfW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Format, ...)
{
    NTSTATUS Status;
    va_list Args;

    va_start(Args, Format);
    Status = RtlStringCchVPrintfW(Destination, RtlpCbToCch(CbDestination, TRUE), Format, Args);
    va_end(Args);
    return Status;
}
