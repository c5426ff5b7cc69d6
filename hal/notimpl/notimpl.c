/* SPDX-License-Identifier: MIT */
/* The once-per-routine "not implemented" report of the stub exports (notimpl.h). */
#include "notimpl.h"

VOID
HalpReportNotImplemented(PCSTR Name, volatile LONG *Reported)
{
    if (InterlockedExchange(Reported, 1) == 0)
        DbgPrint("HAL: %s is not implemented\n", Name);
}
