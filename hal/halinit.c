/* SPDX-License-Identifier: MIT */
/*
 * HalInitSystem, called by the kernel during phase 0: records the ACPI root pointer the
 * loader found, after checking it. Interrupt controllers and timers arrive with the Ke work.
 */
#include "halp.h"

const HALP_RSDP *HalpRsdp;

static UCHAR
HalpChecksum(const UCHAR *Bytes, ULONG Length)
{
    UCHAR Sum = 0;
    ULONG I;

    for (I = 0; I < Length; I++)
        Sum = (UCHAR)(Sum + Bytes[I]);
    return Sum;
}

/* A bad RSDP is logged and ignored: the HAL then runs on legacy defaults, never crashes. */
BOOLEAN
HalpValidateRsdp(ULONG64 Address)
{
    const HALP_RSDP *Rsdp = (const HALP_RSDP *)(ULONG_PTR)Address;

    if (Address == 0)
    {
        DbgPrint("HAL: no ACPI RSDP from the loader\n");
        return FALSE;
    }
    if (RtlCompareMemory(Rsdp->Signature, "RSD PTR ", 8) != 8 ||
        HalpChecksum((const UCHAR *)Rsdp, 20) != 0 ||
        (Rsdp->Revision >= 2 && HalpChecksum((const UCHAR *)Rsdp, Rsdp->Length) != 0))
    {
        DbgPrint("HAL: ACPI RSDP at %p is corrupt, ignored\n", (PVOID)Rsdp);
        return FALSE;
    }
    HalpRsdp = Rsdp;
    return TRUE;
}

BOOLEAN NTAPI
HalInitSystem(ULONG Phase, struct _LOADER_PARAMETER_BLOCK *LoaderBlock)
{
    if (Phase != 0)
        return TRUE;
    if (HalpValidateRsdp(LoaderBlock->AcpiRsdp))
        DbgPrint("HAL: ACPI %s RSDP at %p, OEM %.6s\n", HalpRsdp->Revision >= 2 ? "2.0+" : "1.0",
                 (PVOID)HalpRsdp, HalpRsdp->OemId);
    return TRUE;
}
