/* SPDX-License-Identifier: MIT */
/*
 * I/O APICs, as the MADT lists them: each is mapped uncached through Mm, its inputs counted
 * from the version register, and every redirection entry masked at phase 1, so nothing is
 * delivered until a GSI is routed and unmasked. Routing takes polarity and trigger from the
 * MADT (hal/acpi/acpiirq.c) and sends the interrupt, fixed and in physical destination
 * mode, to the boot processor's APIC ID, whose 8-bit destination field limits it to IDs up
 * to 255 (beyond needs interrupt remapping). A redirection entry is written masked first, so
 * a half-written entry never delivers. IOREGSEL/IOWIN pairs must not be split: every access
 * is made under one lock with interrupts off.
 */
#include "halp.h"

#define IOAPIC_REGISTERS_SIZE 0x20
#define IOAPIC_SELECT 0x00 /* in ULONGs: IOREGSEL at 0x00, IOWIN at 0x10 */
#define IOAPIC_WINDOW 0x04
#define IOAPIC_VERSION 0x01
#define IOAPIC_REDIRECTION(Input) (0x10 + 2 * (Input))
#define IOAPIC_VECTOR 0xFF

HALP_IOAPIC HalpIoApics[ACPI_MAX_IOAPICS];
ULONG HalpIoApicCount;
/* Where routed GSIs and message interrupts go: the boot processor, as phase 1 found it. */
ULONG HalpInterruptDestination;
static volatile LONG HalpIoApicLock;

static ULONG64
HalpAcquireIoApicLock(VOID)
{
    ULONG64 Flags = __readeflags();

    _disable();
    while (InterlockedExchange(&HalpIoApicLock, 1) != 0)
        YieldProcessor();
    return Flags;
}

static VOID
HalpReleaseIoApicLock(ULONG64 Flags)
{
    InterlockedExchange(&HalpIoApicLock, 0);
    __writeeflags(Flags);
}

/* Must be called with the I/O APIC lock held (or before anything else can run). */
static ULONG
HalpIoApicRead(const HALP_IOAPIC *IoApic, ULONG Register)
{
    IoApic->Registers[IOAPIC_SELECT] = Register;
    return IoApic->Registers[IOAPIC_WINDOW];
}

static VOID
HalpIoApicWrite(const HALP_IOAPIC *IoApic, ULONG Register, ULONG Value)
{
    IoApic->Registers[IOAPIC_SELECT] = Register;
    IoApic->Registers[IOAPIC_WINDOW] = Value;
}

/* The I/O APIC whose inputs include Gsi, and the input, or NULL. */
static HALP_IOAPIC *
HalpFindIoApic(ULONG Gsi, PULONG Input)
{
    ULONG I;

    for (I = 0; I < HalpIoApicCount; I++)
    {
        if (Gsi >= HalpIoApics[I].GsiBase && Gsi - HalpIoApics[I].GsiBase < HalpIoApics[I].Inputs)
        {
            *Input = Gsi - HalpIoApics[I].GsiBase;
            return &HalpIoApics[I];
        }
    }
    return NULL;
}

/* Maps one MADT entry and masks its inputs; FALSE (logged) when it cannot be used. */
static BOOLEAN
HalpAddIoApic(const ACPI_IOAPIC *Entry, HALP_IOAPIC *IoApic)
{
    PHYSICAL_ADDRESS Physical;
    ULONG Version, Input, Other;

    Physical.QuadPart = Entry->Address;
    IoApic->Registers = MmMapIoSpace(Physical, IOAPIC_REGISTERS_SIZE, MmNonCached);
    if (IoApic->Registers == NULL)
    {
        DbgPrint("HAL: I/O APIC %u at 0x%X cannot be mapped, ignored\n", Entry->Id, Entry->Address);
        return FALSE;
    }
    Version = HalpIoApicRead(IoApic, IOAPIC_VERSION);
    IoApic->Address = Entry->Address;
    IoApic->GsiBase = Entry->GsiBase;
    IoApic->Id = Entry->Id;
    IoApic->Version = (UCHAR)Version;
    IoApic->Inputs = ((Version >> 16) & 0xFF) + 1;
    for (Other = 0; Other < HalpIoApicCount; Other++)
    {
        if (IoApic->GsiBase < HalpIoApics[Other].GsiBase + HalpIoApics[Other].Inputs &&
            HalpIoApics[Other].GsiBase < IoApic->GsiBase + IoApic->Inputs)
        {
            DbgPrint("HAL: I/O APIC %u: GSIs %u-%u overlap I/O APIC %u's, ignored\n", IoApic->Id,
                     IoApic->GsiBase, IoApic->GsiBase + IoApic->Inputs - 1, HalpIoApics[Other].Id);
            MmUnmapIoSpace((PVOID)IoApic->Registers, IOAPIC_REGISTERS_SIZE);
            return FALSE;
        }
    }
    for (Input = 0; Input < IoApic->Inputs; Input++)
    {
        HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input), IOAPIC_MASKED);
        HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input) + 1, 0);
    }
    DbgPrint("HAL: I/O APIC %u (version 0x%02X) at 0x%X: GSIs %u-%u (%u inputs), all masked\n",
             IoApic->Id, IoApic->Version, IoApic->Address, IoApic->GsiBase,
             IoApic->GsiBase + IoApic->Inputs - 1, IoApic->Inputs);
    return TRUE;
}

/* The ISA IRQs that overrides move or re-signal, as the HAL will program them. */
static VOID
HalpPrintIsaRouting(VOID)
{
    ACPI_INTERRUPT_ROUTE Route;
    UCHAR Irq;

    if (HalpAcpi.Madt.OverrideCount == 0)
        return;
    DbgPrint("HAL: ISA overrides:");
    for (Irq = 0; Irq < ACPI_ISA_IRQS; Irq++)
    {
        AcpiRouteIsaIrq(&HalpAcpi.Madt, Irq, &Route);
        if (Route.Overridden)
            DbgPrint(" IRQ%u->GSI%u %s/%s", Irq, Route.Gsi, Route.LevelTriggered ? "level" : "edge",
                     Route.ActiveLow ? "low" : "high");
    }
    DbgPrint("\n");
}

/* Phase 1, with interrupts disabled. */
VOID
HalpInitializeIoApics(VOID)
{
    ULONG I;

    HalpInterruptDestination = HalpApicId();
    if (!HalpAcpi.HaveMadt || HalpAcpi.Madt.IoApicCount == 0)
    {
        DbgPrint("HAL: no I/O APIC in the MADT; no device interrupts\n");
        return;
    }
    for (I = 0; I < HalpAcpi.Madt.IoApicCount; I++)
    {
        if (HalpAddIoApic(&HalpAcpi.Madt.IoApics[I], &HalpIoApics[HalpIoApicCount]))
            HalpIoApicCount++;
    }
    HalpPrintIsaRouting();
}

/* Programs Gsi to deliver Vector to the boot processor, with the MADT's polarity and
 * trigger, and leaves it masked: HalpSetGsiMask unmasks it. */
NTSTATUS
HalpRouteGsi(ULONG Gsi, ULONG Vector)
{
    ACPI_INTERRUPT_ROUTE Route;
    HALP_IOAPIC *IoApic;
    ULONG Input, Low, Destination;
    ULONG64 Flags;

    if (Vector < HALP_FIRST_DEVICE_VECTOR || Vector > HALP_LAST_DEVICE_VECTOR)
        return STATUS_INVALID_PARAMETER;
    if ((IoApic = HalpFindIoApic(Gsi, &Input)) == NULL)
        return STATUS_NOT_FOUND;
    Destination = HalpInterruptDestination;
    if (Destination > 0xFF)
        return STATUS_NOT_SUPPORTED;
    AcpiRouteGsi(&HalpAcpi.Madt, Gsi, &Route);
    Low = Vector | IOAPIC_MASKED | (Route.ActiveLow ? IOAPIC_ACTIVE_LOW : 0) |
          (Route.LevelTriggered ? IOAPIC_LEVEL : 0);
    Flags = HalpAcquireIoApicLock();
    HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input), IOAPIC_MASKED);
    HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input) + 1, Destination << 24);
    HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input), Low);
    HalpReleaseIoApicLock(Flags);
    return STATUS_SUCCESS;
}

BOOLEAN
HalpGsiExists(ULONG Gsi)
{
    ULONG Input;

    return HalpFindIoApic(Gsi, &Input) != NULL;
}

/* An input never routed still holds vector 0 from phase 1: unmasking it would deliver an
 * illegal vector, so that is refused. */
NTSTATUS
HalpSetGsiMask(ULONG Gsi, BOOLEAN Masked)
{
    HALP_IOAPIC *IoApic;
    ULONG Input, Low;
    ULONG64 Flags;

    if ((IoApic = HalpFindIoApic(Gsi, &Input)) == NULL)
        return STATUS_NOT_FOUND;
    Flags = HalpAcquireIoApicLock();
    Low = HalpIoApicRead(IoApic, IOAPIC_REDIRECTION(Input));
    if (!Masked && (Low & IOAPIC_VECTOR) < HALP_FIRST_DEVICE_VECTOR)
    {
        HalpReleaseIoApicLock(Flags);
        return STATUS_INVALID_DEVICE_STATE;
    }
    Low = Masked ? Low | IOAPIC_MASKED : Low & ~IOAPIC_MASKED;
    HalpIoApicWrite(IoApic, IOAPIC_REDIRECTION(Input), Low);
    HalpReleaseIoApicLock(Flags);
    return STATUS_SUCCESS;
}

/* The kernel's entry points (include/halkrnl.h). */
NTSTATUS NTAPI
HalRouteGsi(ULONG Gsi, ULONG Vector)
{
    return HalpRouteGsi(Gsi, Vector);
}

NTSTATUS NTAPI
HalSetGsiMask(ULONG Gsi, BOOLEAN Masked)
{
    return HalpSetGsiMask(Gsi, Masked);
}
