/* SPDX-License-Identifier: MIT */
/*
 * iofilter.sys internals. The driver makes \Device\KtTestIoFilter, which reports the cases
 * (kttest.h), and an unnamed filter device attached over iotest.sys's \Device\IoTestTarget,
 * which passes every request down and counts what passes. Both share one dispatch table.
 */
#ifndef IOFILTER_H
#define IOFILTER_H

#include "iotest.h"

#define IOF_TARGET_NAME L"\\Device\\IoTestTarget"

typedef struct _IOF_GLOBALS
{
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Report, Filter;
    PDEVICE_OBJECT Target; /* the named device, referenced while the driver is loaded */
    PDEVICE_OBJECT Lower;  /* what the filter is attached to, while it is */
    volatile LONG Creates, Cleanups, Closes; /* skipped down, counted */
    volatile LONG Passed, Completions, PendingReturns;
    NTSTATUS LastStatus; /* the last status the completion routine saw */
} IOF_GLOBALS;

extern IOF_GLOBALS Iof;

NTSTATUS IofAttach(VOID);
VOID IofDetach(VOID);
NTSTATUS IofOpenTarget(BOOLEAN Synchronous, PHANDLE Handle);

/* The cases (cases.c). */
PCSTR IofCaseOnTop(VOID);
PCSTR IofCaseOpenByName(VOID);
PCSTR IofCaseCompletions(VOID);
PCSTR IofCaseCancelled(VOID);
PCSTR IofCaseDetach(VOID);

#endif
