/* SPDX-License-Identifier: MIT */
/*
 * The DDK side of ACPI discovery (the parsing is hal/acpi/, shared with the host tests).
 * Physical memory is reached through the loader's identity map, and only where the loader
 * block's memory descriptors say that map exists, so a table pointer into MMIO, reserved
 * memory or nowhere is rejected instead of faulting. Rejections are logged with DbgPrint.
 * Also the kernel-facing queries HalAcpiGetTable and HalQueryAcpiInformation.
 */
#include "halp.h"

ACPI_SYSTEM HalpAcpi;
BOOLEAN HalpAcpiUsable;
static PLOADER_PARAMETER_BLOCK HalpLoaderBlock;

/* The loader identity-maps every run except image pages, reserved/MMIO and bad memory
 * (loader/memmap.c, docs/boot-protocol.md). */
static BOOLEAN
HalpIdentityMappedType(ULONG Type)
{
    switch (Type)
    {
        case LoaderSystemCode:
        case LoaderHalCode:
        case LoaderBootDriver:
        case LoaderSpecialMemory:
        case LoaderBad:
            return FALSE;
        default:
            return Type < LoaderMaximum;
    }
}

/* Whether [Address, Address + Length) is covered by identity-mapped runs. The descriptors
 * are sorted and do not overlap, so one pass suffices. */
BOOLEAN
HalpIsIdentityMapped(ULONG64 Address, ULONG64 Length)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Descriptor;
    ULONG64 Cursor = Address, End, Base, Limit;
    ULONG I;

    if (HalpLoaderBlock == NULL || Length == 0 || Address > MAXULONG64 - Length)
        return FALSE;
    End = Address + Length;
    for (I = 0; I < HalpLoaderBlock->MemoryDescriptorCount && Cursor < End; I++)
    {
        Descriptor = &HalpLoaderBlock->MemoryDescriptors[I];
        Base = Descriptor->BasePage * PAGE_SIZE;
        Limit = Base + Descriptor->PageCount * PAGE_SIZE;
        if (Limit <= Cursor)
            continue;
        if (Base > Cursor || !HalpIdentityMappedType(Descriptor->MemoryType))
            return FALSE;
        Cursor = Limit;
    }
    return Cursor >= End;
}

static const void *
HalpAcpiMap(void *Context, uint64_t Address, uint32_t Length)
{
    UNREFERENCED_PARAMETER(Context);
    return HalpIsIdentityMapped(Address, Length) ? (const void *)(ULONG_PTR)Address : NULL;
}

static void
HalpAcpiLog(void *Context, const char Signature[4], uint64_t Address, ACPI_STATUS Status,
            uint32_t Offset)
{
    CHAR Name[5];
    ULONG I;

    UNREFERENCED_PARAMETER(Context);
    for (I = 0; I < 4; I++)
        Name[I] = Signature[I] >= 0x20 && Signature[I] < 0x7F ? Signature[I] : '?';
    Name[4] = 0;
    if (Offset != ACPI_NO_OFFSET)
        DbgPrint("HAL: ACPI: %s at %p: %s at offset 0x%X, ignored\n", Name, (PVOID)Address,
                 AcpiStatusText(Status), Offset);
    else
        DbgPrint("HAL: ACPI: %s at %p: %s, ignored\n", Name, (PVOID)Address,
                 AcpiStatusText(Status));
}

static ACPI_HOST HalpAcpiHost = {HalpAcpiMap, HalpAcpiLog, NULL};

/* Phase 0: everything later phases and HalReturnToFirmware need is copied into HalpAcpi. */
VOID
HalpInitializeAcpi(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    HalpLoaderBlock = LoaderBlock;
    if (LoaderBlock->AcpiRsdp == 0)
    {
        DbgPrint("HAL: ACPI: no RSDP from the loader; legacy defaults\n");
        return;
    }
    HalpAcpiUsable = AcpiDiscover(&HalpAcpi, &HalpAcpiHost, LoaderBlock->AcpiRsdp) == ACPI_OK;
    HalpPrintAcpiSummary();
}

/* The initial APIC ID of the processor running this (CPUID leaf 1, EBX bits 31-24). */
ULONG
HalpBootApicId(VOID)
{
    int Registers[4];

    __cpuid(Registers, 1);
    return (ULONG)Registers[1] >> 24;
}

PVOID NTAPI
HalAcpiGetTable(PCSTR Signature, ULONG Instance, PULONG Length)
{
    const ACPI_TABLE *Table = NULL;

    if (Length != NULL)
        *Length = 0;
    if (!HalpAcpiUsable || Signature == NULL || strlen(Signature) != 4)
        return NULL;
    if (RtlCompareMemory(Signature, "DSDT", 4) == 4)
        Table = HalpAcpi.HaveDsdt && Instance == 0 ? &HalpAcpi.Dsdt : NULL;
    else
        Table = AcpiFindTable(&HalpAcpi.Root, Signature, Instance);
    if (Table == NULL)
        return NULL;
    if (Length != NULL)
        *Length = Table->Length;
    return (PVOID)Table->Data;
}
