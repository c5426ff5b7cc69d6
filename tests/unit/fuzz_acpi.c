/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for hal/acpi. An input is a 4-byte RSDP offset followed by a memory image
 * placed at FUZZ_BASE. Every parser runs on the image bytes as if they were its table (the
 * parsers trust only lengths, not checksums, so the fuzzer reaches them without having to
 * forge one), and whole-system discovery runs from the RSDP. Map hands out exact-size copies,
 * so any read past what the parser mapped is caught. acpi_seeds writes valid systems, laid
 * out at acpibuild's AB_RAM_BASE.
 */
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "acpibuild.h" /* AB_RAM_BASE only: the seeds' tables point at addresses there */

#define FUZZ_BASE AB_RAM_BASE
#define FUZZ_MAX_COPIES 4096

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

typedef struct FUZZ_MEMORY
{
    const uint8_t *Image;
    uint32_t Size;
    void *Copies[FUZZ_MAX_COPIES];
    uint32_t CopyCount;
} FUZZ_MEMORY;

static const void *
FuzzMap(void *Context, uint64_t Address, uint32_t Length)
{
    FUZZ_MEMORY *Memory = Context;
    void *Copy;

    if (Address < FUZZ_BASE || Address - FUZZ_BASE > Memory->Size ||
        Length > Memory->Size - (Address - FUZZ_BASE) || Memory->CopyCount == FUZZ_MAX_COPIES)
        return NULL;
    Copy = malloc(Length);
    if (Copy == NULL)
        return NULL;
    memcpy(Copy, Memory->Image + (Address - FUZZ_BASE), Length);
    Memory->Copies[Memory->CopyCount++] = Copy;
    return Copy;
}

static void
FuzzLog(void *Context, const char Signature[4], uint64_t Address, ACPI_STATUS Status,
        uint32_t Offset)
{
    (void)Context;
    (void)Address;
    (void)Offset;
    (void)AcpiStatusText(Status);
    (void)(Signature[0] + Signature[3]);
}

/* Whatever the overrides say, an ISA IRQ without one stays on its own GSI, and a GSI an
 * ISA override targets takes that override's flags. */
static void
FuzzRouting(const ACPI_MADT_INFO *Madt)
{
    ACPI_INTERRUPT_ROUTE Route;

    for (uint8_t Irq = 0; Irq < ACPI_ISA_IRQS; Irq++)
    {
        AcpiRouteIsaIrq(Madt, Irq, &Route);
        if (!Route.Overridden && Route.Gsi != Irq)
            abort();
    }
    for (uint32_t i = 0; i < Madt->OverrideCount; i++)
    {
        AcpiRouteGsi(Madt, Madt->Overrides[i].Gsi, &Route);
        if (Madt->Overrides[i].Bus == 0 && !Route.Overridden)
            abort();
    }
}

static void
FuzzParsers(const uint8_t *Image, uint32_t Size)
{
    static ACPI_MADT_INFO Madt;
    ACPI_FADT_INFO Fadt;
    ACPI_HPET_INFO Hpet;
    ACPI_MCFG_INFO Mcfg;
    ACPI_SLEEP_TYPE Sleep;
    uint32_t Fault;
    uint8_t *Copy = malloc(Size ? Size : 1);

    if (Copy == NULL)
        return;
    memcpy(Copy, Image, Size);
    if (AcpiParseMadt(Copy, Size, &Madt, &Fault) == ACPI_OK && Madt.EnabledCount == 0)
        abort(); /* accepted without an enabled processor */
    FuzzRouting(&Madt);
    (void)AcpiParseFadt(Copy, Size, &Fadt);
    (void)AcpiParseHpet(Copy, Size, &Hpet);
    (void)AcpiParseMcfg(Copy, Size, &Mcfg, &Fault);
    for (unsigned State = 0; State <= 5; State++)
    {
        if (AcpiFindSleepType(Copy, Size, State, &Sleep, &Fault) == ACPI_OK &&
            (Sleep.TypeA > 7 || Sleep.TypeB > 7))
            abort();
    }
    free(Copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    static FUZZ_MEMORY Memory;
    static ACPI_SYSTEM System;
    ACPI_HOST Host = {FuzzMap, FuzzLog, &Memory};
    uint32_t RsdpOffset;

    if (Size < 4 || Size - 4 > ACPI_MAX_TABLE_LENGTH)
        return 0;
    RsdpOffset = (uint32_t)Data[0] | (uint32_t)Data[1] << 8 | (uint32_t)Data[2] << 16 |
                 (uint32_t)Data[3] << 24;
    Memory.Image = Data + 4;
    Memory.Size = (uint32_t)(Size - 4);
    Memory.CopyCount = 0;
    FuzzParsers(Memory.Image, Memory.Size);
    if (AcpiDiscover(&System, &Host, FUZZ_BASE + RsdpOffset) == ACPI_OK)
    {
        for (uint32_t i = 0; i < System.Root.TableCount; i++)
        {
            if (System.Root.Tables[i].Length < 36 || System.Root.Tables[i].Data == NULL)
                abort();
        }
    }
    for (uint32_t i = 0; i < Memory.CopyCount; i++)
        free(Memory.Copies[i]);
    return 0;
}
