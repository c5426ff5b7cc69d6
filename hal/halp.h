/* SPDX-License-Identifier: MIT */
/* hal.dll private declarations. Built with _NTHALDLL_, so its own exports are not
 * dllimport while everything from ntoskrnl.exe is. */
#ifndef BASALT_HALP_H
#define BASALT_HALP_H

#include <ntddk.h>

#include "arc.h"
#include "intrinx.h"
#include "halkrnl.h"

/* ACPI 2.0 Root System Description Pointer. */
#pragma pack(push, 1)
typedef struct _HALP_RSDP
{
    CHAR Signature[8];
    UCHAR Checksum;
    CHAR OemId[6];
    UCHAR Revision;
    ULONG RsdtAddress;
    ULONG Length;
    ULONG64 XsdtAddress;
    UCHAR ExtendedChecksum;
    UCHAR Reserved[3];
} HALP_RSDP;
#pragma pack(pop)

extern const HALP_RSDP *HalpRsdp;

BOOLEAN HalpValidateRsdp(ULONG64 Address);

#endif
