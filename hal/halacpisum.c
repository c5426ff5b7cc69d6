/* SPDX-License-Identifier: MIT */
/*
 * What phase 0 found in ACPI, for the log (HalpPrintAcpiSummary) and for the kernel
 * (HalQueryAcpiInformation), with the fallback the HAL uses for each missing piece.
 */
#include "halp.h"

#define SUMMARY_IDS_PER_LINE 16

static VOID
HalpPrintTables(VOID)
{
    const ACPI_ROOT *Root = &HalpAcpi.Root;
    ULONG I;

    DbgPrint("HAL: ACPI %s RSDP at %p, OEM \"%.6s\", %s at %p, %u tables:",
             Root->RsdpRevision >= 2 ? "2.0+" : "1.0", (PVOID)Root->RsdpAddress, Root->OemId,
             Root->UsingXsdt ? "XSDT" : "RSDT", (PVOID)Root->RootAddress, Root->TableCount);
    for (I = 0; I < Root->TableCount; I++)
        DbgPrint(" %.4s", Root->Tables[I].Signature);
    DbgPrint(HalpAcpi.HaveDsdt ? " (+DSDT)\n" : "\n");
}

static VOID
HalpPrintMadt(VOID)
{
    const ACPI_MADT_INFO *Madt = &HalpAcpi.Madt;
    ULONG I, Printed = 0;

    if (!HalpAcpi.HaveMadt)
    {
        DbgPrint("HAL: ACPI: no usable MADT; assuming one processor (APIC ID %u) and the "
                 "8259 PICs\n",
                 HalpBootApicId());
        return;
    }
    DbgPrint("HAL: ACPI: MADT: %u processor(s) enabled, %u online-capable, local APIC at "
             "0x%I64X%s; APIC IDs:",
             Madt->EnabledCount, Madt->ProcessorCount - Madt->EnabledCount, Madt->LocalApicAddress,
             (Madt->Flags & ACPI_MADT_PCAT_COMPAT) ? ", 8259s present" : "");
    for (I = 0; I < Madt->ProcessorCount; I++)
    {
        if (!Madt->Processors[I].Enabled)
            continue;
        if (Printed++ == SUMMARY_IDS_PER_LINE)
        {
            DbgPrint(" ...");
            break;
        }
        DbgPrint(" %u", Madt->Processors[I].ApicId);
    }
    DbgPrint("\n");
    for (I = 0; I < Madt->IoApicCount; I++)
        DbgPrint("HAL: ACPI: MADT: I/O APIC %u at 0x%X, GSI base %u\n", Madt->IoApics[I].Id,
                 Madt->IoApics[I].Address, Madt->IoApics[I].GsiBase);
    if (Madt->OverrideCount > 0)
    {
        DbgPrint("HAL: ACPI: MADT: ISA overrides:");
        for (I = 0; I < Madt->OverrideCount; I++)
            DbgPrint(" IRQ%u->GSI%u/0x%X", Madt->Overrides[I].Source, Madt->Overrides[I].Gsi,
                     Madt->Overrides[I].Flags);
        DbgPrint("\n");
    }
}

static VOID
HalpPrintPlatform(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    ULONG I;

    if (HalpAcpi.HaveHpet)
        DbgPrint("HAL: ACPI: HPET %u at 0x%I64X, block ID 0x%08X\n", HalpAcpi.Hpet.Number,
                 HalpAcpi.Hpet.Address, HalpAcpi.Hpet.BlockId);
    else
        DbgPrint("HAL: ACPI: no usable HPET table; PIT only\n");
    for (I = 0; I < HalpAcpi.Mcfg.Count; I++)
        DbgPrint("HAL: ACPI: MCFG: segment %u buses %02X-%02X at 0x%I64X\n",
                 HalpAcpi.Mcfg.Segments[I].Segment, HalpAcpi.Mcfg.Segments[I].StartBus,
                 HalpAcpi.Mcfg.Segments[I].EndBus, HalpAcpi.Mcfg.Segments[I].Address);
    if (!HalpAcpi.HaveMcfg)
        DbgPrint("HAL: ACPI: no usable MCFG; PCI configuration through 0xCF8/0xCFC only\n");
    if (!HalpAcpi.HaveFadt)
    {
        DbgPrint("HAL: ACPI: no usable FADT; no power-off, legacy reset, RTC century 20xx\n");
        return;
    }
    DbgPrint("HAL: ACPI: FADT rev %u (%u bytes): PM1a control %s 0x%I64X, ", Fadt->Revision,
             Fadt->Length, HalpAcpiSpaceName(Fadt->Pm1aControl.SpaceId), Fadt->Pm1aControl.Address);
    if (Fadt->Pm1bControl.Address != 0)
        DbgPrint("PM1b control %s 0x%I64X, ", HalpAcpiSpaceName(Fadt->Pm1bControl.SpaceId),
                 Fadt->Pm1bControl.Address);
    DbgPrint("SCI IRQ %u, century CMOS index 0x%02X%s\n", Fadt->SciInterrupt, Fadt->Century,
             (Fadt->Flags & ACPI_FADT_HW_REDUCED) ? ", hardware-reduced" : "");
}

static VOID
HalpPrintPower(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    PCSTR Problem = HalpPowerOffProblem();

    if (Problem == NULL)
        DbgPrint("HAL: ACPI: power-off through S5: SLP_TYPa %u, SLP_TYPb %u\n", HalpAcpi.S5.TypeA,
                 HalpAcpi.S5.TypeB);
    else
        DbgPrint("HAL: ACPI: no power-off: %s\n", Problem);
    if (HalpResetRegisterUsable())
        DbgPrint("HAL: ACPI: reset register %s 0x%I64X <- 0x%02X, then 0xCF9 and 8042\n",
                 HalpAcpiSpaceName(Fadt->ResetRegister.SpaceId), Fadt->ResetRegister.Address,
                 Fadt->ResetValue);
    else if (HalpAcpi.Fadt.HasResetRegister)
        DbgPrint("HAL: ACPI: reset register %s 0x%I64X is not reachable; 0xCF9 and 8042\n",
                 HalpAcpiSpaceName(Fadt->ResetRegister.SpaceId), Fadt->ResetRegister.Address);
    else
        DbgPrint("HAL: ACPI: no reset register; 0xCF9 and 8042\n");
}

VOID
HalpPrintAcpiSummary(VOID)
{
    if (!HalpAcpiUsable)
    {
        DbgPrint("HAL: ACPI: no usable RSDP/XSDT/RSDT; legacy defaults (one processor, 8259 "
                 "PICs, PIT, no power-off, 0xCF9/8042 reset)\n");
        return;
    }
    HalpPrintTables();
    HalpPrintMadt();
    HalpPrintPlatform();
    HalpPrintPower();
}

/* Returns HAL_ACPI_MADT when the processors come from the MADT. */
static ULONG
HalpFillProcessors(PHAL_ACPI_INFORMATION Information)
{
    const ACPI_MADT_INFO *Madt = &HalpAcpi.Madt;
    ULONG I, Count = 0;

    if (!HalpAcpi.HaveMadt)
    {
        Information->ProcessorCount = 1;
        Information->ApicIds[0] = HalpBootApicId();
        return 0;
    }
    Information->ProcessorCount = Madt->EnabledCount;
    Information->IoApicCount = Madt->IoApicCount;
    Information->LocalApicAddress = Madt->LocalApicAddress;
    for (I = 0; I < Madt->ProcessorCount && Count < HAL_ACPI_MAX_APIC_IDS; I++)
    {
        if (Madt->Processors[I].Enabled)
            Information->ApicIds[Count++] = Madt->Processors[I].ApicId;
    }
    return HAL_ACPI_MADT;
}

NTSTATUS NTAPI
HalQueryAcpiInformation(PHAL_ACPI_INFORMATION Information)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    ULONG Flags = 0;

    if (Information->Size != sizeof(*Information))
        return STATUS_INFO_LENGTH_MISMATCH;
    RtlZeroMemory(Information, sizeof(*Information));
    Information->Size = sizeof(*Information);
    Flags |= HalpFillProcessors(Information);
    if (HalpAcpiUsable)
    {
        Flags |= HAL_ACPI_ROOT | (HalpAcpi.Root.UsingXsdt ? HAL_ACPI_XSDT : 0);
        Information->RsdpAddress = HalpAcpi.Root.RsdpAddress;
        Information->RsdpRevision = HalpAcpi.Root.RsdpRevision;
        RtlCopyMemory(Information->OemId, HalpAcpi.Root.OemId, sizeof(Information->OemId));
        Information->TableCount = HalpAcpi.Root.TableCount;
    }
    Flags |= (HalpAcpi.HaveFadt ? HAL_ACPI_FADT : 0) | (HalpAcpi.HaveDsdt ? HAL_ACPI_DSDT : 0) |
             (HalpAcpi.HaveHpet ? HAL_ACPI_HPET : 0) | (HalpAcpi.HaveMcfg ? HAL_ACPI_MCFG : 0) |
             (HalpAcpi.HaveS5 ? HAL_ACPI_S5 : 0) |
             (HalpPowerOffProblem() == NULL ? HAL_ACPI_POWER_OFF : 0) |
             (HalpResetRegisterUsable() ? HAL_ACPI_RESET_REG : 0);
    if (!HalpAcpi.HaveFadt || !(Fadt->BootArch & ACPI_BOOT_ARCH_NO_CMOS_RTC))
        Flags |= HAL_ACPI_CMOS_RTC;
    Information->Flags = Flags;
    Information->CenturyIndex = Fadt->Century;
    Information->McfgSegmentCount = HalpAcpi.Mcfg.Count;
    Information->HpetAddress = HalpAcpi.Hpet.Address;
    Information->Pm1aControl = Fadt->Pm1aControl.Address;
    Information->Pm1bControl = Fadt->Pm1bControl.Address;
    Information->S5TypeA = HalpAcpi.S5.TypeA;
    Information->S5TypeB = HalpAcpi.S5.TypeB;
    return STATUS_SUCCESS;
}
