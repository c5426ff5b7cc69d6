/* SPDX-License-Identifier: MIT */
/*
 * HalBugCheckSystem: the end of a fatal hardware error. Basalt has no WHEA to decode the
 * record, so it stops with WHEA_UNCORRECTABLE_ERROR and the two pointers for a debugger;
 * Windows puts the source type and the record there (its descriptor is opaque to the DDK).
 */
#include "halp.h"

#define WHEA_UNCORRECTABLE_ERROR 0x124

VOID NTAPI
HalBugCheckSystem(PWHEA_ERROR_SOURCE_DESCRIPTOR ErrorSource, PWHEA_ERROR_RECORD ErrorRecord)
{
    KeBugCheckEx(WHEA_UNCORRECTABLE_ERROR, (ULONG_PTR)ErrorSource, (ULONG_PTR)ErrorRecord, 0, 0);
}
