/* SPDX-License-Identifier: MIT */
/*
 * Checked integer arithmetic with ntintsafe.h's contract: the exact result and
 * STATUS_SUCCESS, or the type's error value (all ones; -1 for signed) and
 * STATUS_INTEGER_OVERFLOW. The compiler's overflow builtins do the detection.
 */
#include "rtlsafe.h"

#define RTLP_CHECKED(Operation, A, B, Result, Error)        \
    do                                                      \
    {                                                       \
        if (__builtin_##Operation##_overflow(A, B, Result)) \
        {                                                   \
            *(Result) = (Error);                            \
            return STATUS_INTEGER_OVERFLOW;                 \
        }                                                   \
        return STATUS_SUCCESS;                              \
    } while (0)

/* A conversion is an addition of zero into the narrower type. */
#define RTLP_CONVERT(Operand, Result, Error) RTLP_CHECKED(add, Operand, 0, Result, Error)

NTSTATUS
RtlUShortAdd(USHORT Augend, USHORT Addend, PUSHORT Result)
{
    RTLP_CHECKED(add, Augend, Addend, Result, RTL_USHORT_ERROR);
}

NTSTATUS
RtlUShortMult(USHORT Multiplicand, USHORT Multiplier, PUSHORT Result)
{
    RTLP_CHECKED(mul, Multiplicand, Multiplier, Result, RTL_USHORT_ERROR);
}

NTSTATUS
RtlULongAdd(ULONG Augend, ULONG Addend, PULONG Result)
{
    RTLP_CHECKED(add, Augend, Addend, Result, RTL_ULONG_ERROR);
}

NTSTATUS
RtlULongSub(ULONG Minuend, ULONG Subtrahend, PULONG Result)
{
    RTLP_CHECKED(sub, Minuend, Subtrahend, Result, RTL_ULONG_ERROR);
}

NTSTATUS
RtlULongMult(ULONG Multiplicand, ULONG Multiplier, PULONG Result)
{
    RTLP_CHECKED(mul, Multiplicand, Multiplier, Result, RTL_ULONG_ERROR);
}

NTSTATUS
RtlULongLongAdd(ULONGLONG Augend, ULONGLONG Addend, PULONGLONG Result)
{
    RTLP_CHECKED(add, Augend, Addend, Result, RTL_ULONGLONG_ERROR);
}

NTSTATUS
RtlULongLongSub(ULONGLONG Minuend, ULONGLONG Subtrahend, PULONGLONG Result)
{
    RTLP_CHECKED(sub, Minuend, Subtrahend, Result, RTL_ULONGLONG_ERROR);
}

NTSTATUS
RtlULongLongMult(ULONGLONG Multiplicand, ULONGLONG Multiplier, PULONGLONG Result)
{
    RTLP_CHECKED(mul, Multiplicand, Multiplier, Result, RTL_ULONGLONG_ERROR);
}

NTSTATUS
RtlSizeTAdd(SIZE_T Augend, SIZE_T Addend, PSIZE_T Result)
{
    RTLP_CHECKED(add, Augend, Addend, Result, RTL_SIZET_ERROR);
}

NTSTATUS
RtlSizeTSub(SIZE_T Minuend, SIZE_T Subtrahend, PSIZE_T Result)
{
    RTLP_CHECKED(sub, Minuend, Subtrahend, Result, RTL_SIZET_ERROR);
}

NTSTATUS
RtlSizeTMult(SIZE_T Multiplicand, SIZE_T Multiplier, PSIZE_T Result)
{
    RTLP_CHECKED(mul, Multiplicand, Multiplier, Result, RTL_SIZET_ERROR);
}

NTSTATUS
RtlLongAdd(LONG Augend, LONG Addend, PLONG Result)
{
    RTLP_CHECKED(add, Augend, Addend, Result, RTL_LONG_ERROR);
}

NTSTATUS
RtlLongMult(LONG Multiplicand, LONG Multiplier, PLONG Result)
{
    RTLP_CHECKED(mul, Multiplicand, Multiplier, Result, RTL_LONG_ERROR);
}

NTSTATUS
RtlULongToUShort(ULONG Operand, PUSHORT Result)
{
    RTLP_CONVERT(Operand, Result, RTL_USHORT_ERROR);
}

NTSTATUS
RtlLongToULong(LONG Operand, PULONG Result)
{
    RTLP_CONVERT(Operand, Result, RTL_ULONG_ERROR);
}

NTSTATUS
RtlSizeTToULong(SIZE_T Operand, PULONG Result)
{
    RTLP_CONVERT(Operand, Result, RTL_ULONG_ERROR);
}

NTSTATUS
RtlSizeTToUShort(SIZE_T Operand, PUSHORT Result)
{
    RTLP_CONVERT(Operand, Result, RTL_USHORT_ERROR);
}

NTSTATUS
RtlULongLongToULong(ULONGLONG Operand, PULONG Result)
{
    RTLP_CONVERT(Operand, Result, RTL_ULONG_ERROR);
}
