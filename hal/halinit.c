/* SPDX-License-Identifier: MIT */
/*
 * HalInitSystem, called by the kernel during phase 0: finds and checks the ACPI tables the
 * loader's RSDP leads to (halacpi.c), logs what the HAL will use, and reads the RTC once.
 * Phase 1 starts the local APIC and the clock interrupt (amd64/halapic.c).
 */
#include "halp.h"

BOOLEAN NTAPI
HalInitSystem(ULONG Phase, struct _LOADER_PARAMETER_BLOCK *LoaderBlock)
{
    if (Phase == 1)
        return HalpInitializeClock();
    if (Phase != 0)
        return TRUE;
    HalpInitializeAcpi(LoaderBlock);
    HalpPrintRealTimeClock();
    return TRUE;
}
