/* SPDX-License-Identifier: MIT */
/*
 * Checked integer arithmetic and bounded string routines with the names and NTSTATUS
 * semantics of the DDK's ntintsafe.h and ntstrsafe.h. Those headers are inline-only (so the
 * kernel exports nothing for drivers); the kernel includes this header instead of them and
 * links the host-tested implementations in lib/rtl/rtlintsafe.c and rtlstrsafe.c.
 */
#ifndef BASALT_RTLSAFE_H
#define BASALT_RTLSAFE_H

#include <stdarg.h>

#include "rtlnt.h"

/* On overflow the result is set to these and STATUS_INTEGER_OVERFLOW returned. */
#define RTL_USHORT_ERROR ((USHORT)0xFFFF)
#define RTL_ULONG_ERROR ((ULONG)0xFFFFFFFF)
#define RTL_ULONGLONG_ERROR ((ULONGLONG)~0ull)
#define RTL_SIZET_ERROR ((SIZE_T) ~(SIZE_T)0)
#define RTL_LONG_ERROR ((LONG)-1)

NTSTATUS RtlUShortAdd(USHORT Augend, USHORT Addend, PUSHORT Result);
NTSTATUS RtlUShortMult(USHORT Multiplicand, USHORT Multiplier, PUSHORT Result);
NTSTATUS RtlULongAdd(ULONG Augend, ULONG Addend, PULONG Result);
NTSTATUS RtlULongSub(ULONG Minuend, ULONG Subtrahend, PULONG Result);
NTSTATUS RtlULongMult(ULONG Multiplicand, ULONG Multiplier, PULONG Result);
NTSTATUS RtlULongLongAdd(ULONGLONG Augend, ULONGLONG Addend, PULONGLONG Result);
NTSTATUS RtlULongLongSub(ULONGLONG Minuend, ULONGLONG Subtrahend, PULONGLONG Result);
NTSTATUS RtlULongLongMult(ULONGLONG Multiplicand, ULONGLONG Multiplier, PULONGLONG Result);
NTSTATUS RtlSizeTAdd(SIZE_T Augend, SIZE_T Addend, PSIZE_T Result);
NTSTATUS RtlSizeTSub(SIZE_T Minuend, SIZE_T Subtrahend, PSIZE_T Result);
NTSTATUS RtlSizeTMult(SIZE_T Multiplicand, SIZE_T Multiplier, PSIZE_T Result);
NTSTATUS RtlLongAdd(LONG Augend, LONG Addend, PLONG Result);
NTSTATUS RtlLongMult(LONG Multiplicand, LONG Multiplier, PLONG Result);
NTSTATUS RtlULongToUShort(ULONG Operand, PUSHORT Result);
NTSTATUS RtlLongToULong(LONG Operand, PULONG Result);
NTSTATUS RtlSizeTToULong(SIZE_T Operand, PULONG Result);
NTSTATUS RtlSizeTToUShort(SIZE_T Operand, PUSHORT Result);
NTSTATUS RtlULongLongToULong(ULONGLONG Operand, PULONG Result);

/* The largest destination, in characters, the string routines accept. */
#define RTL_STRSAFE_MAX_CCH 2147483647

/*
 * Copy and Cat truncate to what fits, always NUL-terminate, and return STATUS_BUFFER_OVERFLOW
 * when they truncated. STATUS_INVALID_PARAMETER, writing nothing: a NULL pointer, a
 * destination of 0 or more than RTL_STRSAFE_MAX_CCH characters, and for Cat a destination
 * with no NUL inside it. Cb sizes are bytes (whole characters only), Cch sizes characters.
 */
NTSTATUS RtlStringCchCopyW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Source);
NTSTATUS RtlStringCbCopyW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Source);
NTSTATUS RtlStringCchCopyA(PSTR Destination, SIZE_T CchDestination, PCSTR Source);
NTSTATUS RtlStringCbCopyA(PSTR Destination, SIZE_T CbDestination, PCSTR Source);
NTSTATUS RtlStringCchCatW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Source);
NTSTATUS RtlStringCbCatW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Source);
NTSTATUS RtlStringCchCatA(PSTR Destination, SIZE_T CchDestination, PCSTR Source);
NTSTATUS RtlStringCbCatA(PSTR Destination, SIZE_T CbDestination, PCSTR Source);

/* Length without the NUL; STATUS_INVALID_PARAMETER (and 0) when none is within the limit. */
NTSTATUS RtlStringCchLengthW(PCWSTR String, SIZE_T CchMax, PSIZE_T CchLength);
NTSTATUS RtlStringCbLengthW(PCWSTR String, SIZE_T CbMax, PSIZE_T CbLength);
NTSTATUS RtlStringCchLengthA(PCSTR String, SIZE_T CchMax, PSIZE_T CchLength);
NTSTATUS RtlStringCbLengthA(PCSTR String, SIZE_T CbMax, PSIZE_T CbLength);

/*
 * printf into a bounded buffer through the kernel's formatter (rtlformat.h). In the W forms
 * the format is UTF-16 and, as in Microsoft's wide printf, %s and %c take wide arguments and
 * %S and %C narrow ones. Limits of the shared formatter: the W format must be ASCII and at
 * most RTL_STRSAFE_MAX_WIDE_FORMAT characters (else STATUS_INVALID_PARAMETER), and non-ASCII
 * characters in the output become '?'.
 */
#define RTL_STRSAFE_MAX_WIDE_FORMAT 255
NTSTATUS RtlStringCchVPrintfA(PSTR Destination, SIZE_T CchDestination, PCSTR Format, va_list Args);
NTSTATUS RtlStringCchPrintfA(PSTR Destination, SIZE_T CchDestination, PCSTR Format, ...);
NTSTATUS RtlStringCbPrintfA(PSTR Destination, SIZE_T CbDestination, PCSTR Format, ...);
NTSTATUS RtlStringCchVPrintfW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Format,
                              va_list Args);
NTSTATUS RtlStringCchPrintfW(PWSTR Destination, SIZE_T CchDestination, PCWSTR Format, ...);
NTSTATUS RtlStringCbPrintfW(PWSTR Destination, SIZE_T CbDestination, PCWSTR Format, ...);

#endif
