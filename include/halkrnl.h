/* SPDX-License-Identifier: MIT */
/*
 * The private interface between ntoskrnl.exe and hal.dll that the DDK headers do not
 * declare: HAL initialisation and return to firmware, under their NT names. Included by both.
 */
#ifndef BASALT_HALKRNL_H
#define BASALT_HALKRNL_H

typedef enum _FIRMWARE_REENTRY
{
    HalHaltRoutine,
    HalPowerDownRoutine,
    HalRestartRoutine,
    HalRebootRoutine,
    HalInteractiveModeRoutine,
    HalMaximumRoutine
} FIRMWARE_REENTRY;

struct _LOADER_PARAMETER_BLOCK;

NTHALAPI BOOLEAN NTAPI HalInitSystem(ULONG Phase, struct _LOADER_PARAMETER_BLOCK *LoaderBlock);
NTHALAPI DECLSPEC_NORETURN VOID NTAPI HalReturnToFirmware(FIRMWARE_REENTRY Routine);
/* Forwarded by hal.dll to ntoskrnl.exe!InbvDisplayString, as in later Windows HALs. */
NTHALAPI VOID NTAPI HalDisplayString(PUCHAR String);

#endif
