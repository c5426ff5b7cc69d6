/* SPDX-License-Identifier: MIT */
/*
 * ProbeForRead/ProbeForWrite: a driver's check, inside __try, that a buffer it was handed
 * (METHOD_NEITHER, a system service argument) lies wholly in the user half, is aligned, and
 * for writes is writable now. Failures are raised, as on NT: STATUS_DATATYPE_MISALIGNMENT
 * first, then STATUS_ACCESS_VIOLATION for a range that wraps or reaches the kernel half.
 * A zero length checks nothing.
 */
#include "exp.h"

static VOID
ExpProbeRange(CONST VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Start = (ULONG_PTR)Address, End = Start + Length;

    if ((Start & (Alignment - 1)) != 0)
        ExRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
    if (End < Start || End > MmUserProbeAddress)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
}

VOID NTAPI
ProbeForRead(CONST VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (Length != 0)
        ExpProbeRange(Address, Length, Alignment);
}

/* Rewrites one byte of every page: a page that is not writable faults, and the fault on a
 * user address reaches the caller's __except as STATUS_ACCESS_VIOLATION. */
VOID NTAPI
ProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    volatile UCHAR *Byte = (volatile UCHAR *)Address;
    ULONG_PTR Page, Last;

    if (Length == 0)
        return;
    ExpProbeRange(Address, Length, Alignment);
    Last = ((ULONG_PTR)Address + Length - 1) & ~(ULONG_PTR)(PAGE_SIZE - 1);
    *Byte = *Byte;
    for (Page = ((ULONG_PTR)Address & ~(ULONG_PTR)(PAGE_SIZE - 1)) + PAGE_SIZE; Page <= Last;
         Page += PAGE_SIZE)
        *(volatile UCHAR *)Page = *(volatile UCHAR *)Page;
}
