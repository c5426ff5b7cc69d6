/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration space for Hal{Get,Set}BusData{,ByOffset}, through configuration
 * mechanism #1 (ports 0xCF8/0xCFC), which every PC chipset, q35 included, still decodes for
 * the first 256 bytes of every function. The ECAM windows the MCFG lists would also reach
 * the extended space (offsets 256-4095); nothing needs it yet, so an access there reads and
 * writes nothing. A port pair must not be split between two accesses: each dword goes
 * under one lock with interrupts off, so these routines work at any IRQL.
 *
 * The results are Windows': the number of bytes transferred, 0 for a bus that does not
 * exist (here: above 255) or a data type other than PCIConfiguration; an empty slot reads
 * as vendor ID PCI_INVALID_VENDORID and reports 2 bytes (the vendor ID) when the read
 * covers it, else 0.
 */
#include "halp.h"

#define PCI_ADDRESS_PORT 0xCF8
#define PCI_DATA_PORT 0xCFC
#define PCI_ENABLE 0x80000000u
#define PCI_LEGACY_SPACE 256

static volatile LONG HalpPciLock;

static ULONG
HalpPciAddress(ULONG Bus, PCI_SLOT_NUMBER Slot, ULONG Offset)
{
    return PCI_ENABLE | (Bus << 16) | (Slot.u.bits.DeviceNumber << 11) |
           (Slot.u.bits.FunctionNumber << 8) | (Offset & 0xFC);
}

static ULONG
HalpPciReadDword(ULONG Bus, PCI_SLOT_NUMBER Slot, ULONG Offset)
{
    ULONG64 Flags = __readeflags();
    ULONG Value;

    _disable();
    while (InterlockedExchange(&HalpPciLock, 1) != 0)
        YieldProcessor();
    __outdword(PCI_ADDRESS_PORT, HalpPciAddress(Bus, Slot, Offset));
    Value = __indword(PCI_DATA_PORT);
    InterlockedExchange(&HalpPciLock, 0);
    __writeeflags(Flags);
    return Value;
}

/* A byte access through the data port's byte lanes: no neighbouring register is written
 * (the status register's bits clear when written with 1). */
static VOID
HalpPciWriteByte(ULONG Bus, PCI_SLOT_NUMBER Slot, ULONG Offset, UCHAR Value)
{
    ULONG64 Flags = __readeflags();

    _disable();
    while (InterlockedExchange(&HalpPciLock, 1) != 0)
        YieldProcessor();
    __outdword(PCI_ADDRESS_PORT, HalpPciAddress(Bus, Slot, Offset));
    __outbyte(PCI_DATA_PORT + (Offset & 3), Value);
    InterlockedExchange(&HalpPciLock, 0);
    __writeeflags(Flags);
}

/* The part of [Offset, Offset + Length) that lies in the legacy space; 0 when none. */
static ULONG
HalpPciClip(ULONG Offset, ULONG Length)
{
    if (Offset >= PCI_LEGACY_SPACE)
        return 0;
    return Length < PCI_LEGACY_SPACE - Offset ? Length : PCI_LEGACY_SPACE - Offset;
}

static BOOLEAN
HalpPciPresent(ULONG Bus, PCI_SLOT_NUMBER Slot)
{
    return (HalpPciReadDword(Bus, Slot, 0) & 0xFFFF) != PCI_INVALID_VENDORID;
}

ULONG NTAPI
HalGetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
                      ULONG Offset, ULONG Length)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = SlotNumber};
    PUCHAR Bytes = Buffer;
    ULONG Done, Dword;

    if (BusDataType != PCIConfiguration || BusNumber > 0xFF)
        return 0;
    if (!HalpPciPresent(BusNumber, Slot))
    {
        if (Offset != 0 || Length < sizeof(USHORT))
            return 0;
        *(PUSHORT)Buffer = PCI_INVALID_VENDORID;
        return sizeof(USHORT);
    }
    Length = HalpPciClip(Offset, Length);
    for (Done = 0; Done < Length; Done++)
    {
        Dword = HalpPciReadDword(BusNumber, Slot, Offset + Done);
        Bytes[Done] = (UCHAR)(Dword >> (((Offset + Done) & 3) * 8));
    }
    return Length;
}

ULONG NTAPI
HalGetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
              ULONG Length)
{
    return HalGetBusDataByOffset(BusDataType, BusNumber, SlotNumber, Buffer, 0, Length);
}

ULONG NTAPI
HalSetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
                      ULONG Offset, ULONG Length)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = SlotNumber};
    PUCHAR Bytes = Buffer;
    ULONG Done;

    if (BusDataType != PCIConfiguration || BusNumber > 0xFF || !HalpPciPresent(BusNumber, Slot))
        return 0;
    Length = HalpPciClip(Offset, Length);
    for (Done = 0; Done < Length; Done++)
        HalpPciWriteByte(BusNumber, Slot, Offset + Done, Bytes[Done]);
    return Length;
}

ULONG NTAPI
HalSetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
              ULONG Length)
{
    return HalSetBusDataByOffset(BusDataType, BusNumber, SlotNumber, Buffer, 0, Length);
}
