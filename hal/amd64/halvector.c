/* SPDX-License-Identifier: MIT */
/*
 * Device interrupt vectors. HalGetInterruptVector translates a bus interrupt into a vector,
 * its IRQL (the vector's upper nibble) and the processors it reaches; HalEnableSystemInterrupt
 * and HalDisableSystemInterrupt, which the kernel calls when the first interrupt object
 * connects to a vector and the last one leaves, program and unmask, or mask, what feeds it.
 *
 * Line interrupts: a BusInterruptLevel below 16 on Isa, Eisa, Internal or PCIBus is an ISA
 * IRQ, moved and re-signalled by the MADT's interrupt source overrides (hal/acpi/acpiirq.c);
 * a larger one is a global system interrupt. For PCI that is what the firmware left in a
 * function's Interrupt Line register: the 8259 IRQ its INTx pin is steered to, which the
 * chipset also drives into the same-numbered I/O APIC input (as the MPS-era Windows HALs
 * read it; with no AML interpreter the _PRT is out of reach). Each GSI keeps the vector it
 * was first given, so every driver sharing a line gets the same one.
 *
 * Message interrupts (MSI): HalAllocateMessageInterrupt hands out a vector of its own and the
 * message address and data that deliver it; HalFreeMessageInterrupt takes it back.
 *
 * Vectors come from HALP_FIRST_ALLOCATED_VECTOR (0x50, DIRQL 5) to HAL_LAST_DEVICE_VECTOR;
 * 0x40-0x4F stay for fixed use. Everything is delivered to the boot processor.
 */
#include "halp.h"

#define MSI_ADDRESS_BASE 0xFEE00000u
#define MSI_DESTINATION_SHIFT 12

typedef enum _HALP_VECTOR_KIND
{
    HalpVectorFree,
    HalpVectorLine,
    HalpVectorMessage
} HALP_VECTOR_KIND;

static UCHAR HalpVectorKind[256];
static ULONG HalpVectorGsi[256];
static KSPIN_LOCK HalpVectorLock;

/* Must be called with HalpVectorLock held; 0 when every vector is taken. */
static ULONG
HalpAllocateVector(HALP_VECTOR_KIND Kind, ULONG Gsi)
{
    ULONG Vector;

    for (Vector = HALP_FIRST_ALLOCATED_VECTOR; Vector <= HAL_LAST_DEVICE_VECTOR; Vector++)
    {
        if (HalpVectorKind[Vector] == HalpVectorFree)
        {
            HalpVectorKind[Vector] = (UCHAR)Kind;
            HalpVectorGsi[Vector] = Gsi;
            return Vector;
        }
    }
    return 0;
}

/* The vector assigned to Gsi, assigned now if it had none; 0 when none is left. */
static ULONG
HalpVectorForGsi(ULONG Gsi)
{
    KIRQL OldIrql;
    ULONG Vector;

    KeAcquireSpinLock(&HalpVectorLock, &OldIrql);
    for (Vector = HALP_FIRST_ALLOCATED_VECTOR; Vector <= HAL_LAST_DEVICE_VECTOR; Vector++)
    {
        if (HalpVectorKind[Vector] == HalpVectorLine && HalpVectorGsi[Vector] == Gsi)
            break;
    }
    if (Vector > HAL_LAST_DEVICE_VECTOR)
        Vector = HalpAllocateVector(HalpVectorLine, Gsi);
    KeReleaseSpinLock(&HalpVectorLock, OldIrql);
    return Vector;
}

/* 0 is the documented failure; Irql and Affinity are then left alone. */
ULONG NTAPI
HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber, ULONG BusInterruptLevel,
                      ULONG BusInterruptVector, PKIRQL Irql, PKAFFINITY Affinity)
{
    ACPI_INTERRUPT_ROUTE Route;
    ULONG Gsi, Vector;

    UNREFERENCED_PARAMETER(BusNumber);
    UNREFERENCED_PARAMETER(BusInterruptVector); /* on APIC systems the level names the line */
    if (InterfaceType != Internal && InterfaceType != Isa && InterfaceType != Eisa &&
        InterfaceType != PCIBus)
        return 0;
    Gsi = BusInterruptLevel;
    if (BusInterruptLevel < ACPI_ISA_IRQS)
    {
        AcpiRouteIsaIrq(&HalpAcpi.Madt, (UCHAR)BusInterruptLevel, &Route);
        Gsi = Route.Gsi;
    }
    if (!HalpGsiExists(Gsi) || (Vector = HalpVectorForGsi(Gsi)) == 0)
        return 0;
    *Irql = (KIRQL)(Vector >> 4);
    *Affinity = 1; /* processor 0, the boot processor */
    return Vector;
}

/* The trigger mode comes from the MADT, which knows the wiring; InterruptMode is the driver's
 * belief about it and is not needed to program the line. */
BOOLEAN NTAPI
HalEnableSystemInterrupt(ULONG Vector, KIRQL Irql, KINTERRUPT_MODE InterruptMode)
{
    UNREFERENCED_PARAMETER(InterruptMode);
    if (Vector > HAL_LAST_DEVICE_VECTOR || Irql != Vector >> 4)
        return FALSE;
    if (HalpVectorKind[Vector] == HalpVectorMessage)
        return TRUE; /* the device decides when it sends */
    if (HalpVectorKind[Vector] != HalpVectorLine)
        return FALSE;
    return NT_SUCCESS(HalpRouteGsi(HalpVectorGsi[Vector], Vector)) &&
           NT_SUCCESS(HalpSetGsiMask(HalpVectorGsi[Vector], FALSE));
}

VOID NTAPI
HalDisableSystemInterrupt(ULONG Vector, KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Irql);
    if (Vector <= HAL_LAST_DEVICE_VECTOR && HalpVectorKind[Vector] == HalpVectorLine)
        HalpSetGsiMask(HalpVectorGsi[Vector], TRUE);
}

/* Basalt's (include/halkrnl.h): one message interrupt, delivered to the boot processor. */
NTSTATUS NTAPI
HalAllocateMessageInterrupt(PULONG Vector, PKIRQL Irql, PKAFFINITY Affinity,
                            PPHYSICAL_ADDRESS MessageAddress, PULONG MessageData)
{
    KIRQL OldIrql;
    ULONG Allocated;

    *Vector = 0;
    if (HalpApicMode == HalpNoApic)
        return STATUS_DEVICE_NOT_READY;
    if (HalpInterruptDestination > 0xFF) /* the address holds an 8-bit APIC ID */
        return STATUS_NOT_SUPPORTED;
    KeAcquireSpinLock(&HalpVectorLock, &OldIrql);
    Allocated = HalpAllocateVector(HalpVectorMessage, 0);
    KeReleaseSpinLock(&HalpVectorLock, OldIrql);
    if (Allocated == 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    *Vector = Allocated;
    *Irql = (KIRQL)(Allocated >> 4);
    *Affinity = 1;
    MessageAddress->QuadPart =
        MSI_ADDRESS_BASE | (HalpInterruptDestination << MSI_DESTINATION_SHIFT);
    *MessageData = Allocated; /* fixed delivery, edge-triggered */
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
HalFreeMessageInterrupt(ULONG Vector)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_INVALID_PARAMETER;

    if (Vector > HAL_LAST_DEVICE_VECTOR)
        return Status;
    KeAcquireSpinLock(&HalpVectorLock, &OldIrql);
    if (HalpVectorKind[Vector] == HalpVectorMessage)
    {
        HalpVectorKind[Vector] = HalpVectorFree;
        Status = STATUS_SUCCESS;
    }
    KeReleaseSpinLock(&HalpVectorLock, OldIrql);
    return Status;
}
