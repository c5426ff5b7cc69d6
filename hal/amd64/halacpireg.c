/* SPDX-License-Identifier: MIT */
/*
 * Fixed-hardware registers named by an ACPI Generic Address Structure: system I/O ports,
 * PCI configuration space of segment 0, bus 0 (through 0xCF8/0xCFC; the address holds the
 * device in bits 47-32, the function in bits 31-16 and the offset in bits 15-0), and system
 * memory where the loader's identity map covers it. Memory-mapped fixed hardware outside RAM
 * is not mapped yet (that needs MmMapIoSpace), so it is reported unreachable and callers
 * fall back. The width is the caller's: each register has an architectural one.
 */
#include "halp.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC

PCSTR
HalpAcpiSpaceName(UCHAR SpaceId)
{
    switch (SpaceId)
    {
        case ACPI_SPACE_MEMORY:
            return "memory";
        case ACPI_SPACE_IO:
            return "I/O";
        case ACPI_SPACE_PCI_CONFIG:
            return "PCI config";
        default:
            return "unsupported space";
    }
}

BOOLEAN
HalpAcpiRegisterReachable(const ACPI_GAS *Gas, ULONG Bits)
{
    ULONG Bytes = Bits / 8;

    if (Gas->Address == 0 || (Bits != 8 && Bits != 16 && Bits != 32))
        return FALSE;
    switch (Gas->SpaceId)
    {
        case ACPI_SPACE_IO:
            return Gas->Address <= 0x10000 - Bytes;
        case ACPI_SPACE_PCI_CONFIG:
            return (Gas->Address >> 48) == 0 && ((Gas->Address >> 32) & 0xFFFF) < 32 &&
                   ((Gas->Address >> 16) & 0xFFFF) < 8 && (Gas->Address & 0xFFFF) + Bytes <= 256 &&
                   (Gas->Address & (Bytes - 1)) == 0;
        case ACPI_SPACE_MEMORY:
            return (Gas->Address & (Bytes - 1)) == 0 && HalpIsIdentityMapped(Gas->Address, Bytes);
        default:
            return FALSE;
    }
}

static ULONG
HalpPciConfigSelect(const ACPI_GAS *Gas)
{
    ULONG Device = (ULONG)(Gas->Address >> 32) & 0x1F;
    ULONG Function = (ULONG)(Gas->Address >> 16) & 0x7;
    ULONG Offset = (ULONG)Gas->Address & 0xFF;

    __outdword(PCI_CONFIG_ADDRESS,
               0x80000000u | (Device << 11) | (Function << 8) | (Offset & 0xFC));
    return PCI_CONFIG_DATA + (Offset & 3);
}

BOOLEAN
HalpReadAcpiRegister(const ACPI_GAS *Gas, ULONG Bits, PULONG Value)
{
    ULONG64 Port;

    *Value = 0;
    if (!HalpAcpiRegisterReachable(Gas, Bits))
        return FALSE;
    if (Gas->SpaceId == ACPI_SPACE_MEMORY)
    {
        volatile UCHAR *Register = (volatile UCHAR *)(ULONG_PTR)Gas->Address;

        *Value = Bits == 8    ? *Register
                 : Bits == 16 ? *(volatile USHORT *)Register
                              : *(volatile ULONG *)Register;
        return TRUE;
    }
    Port = Gas->SpaceId == ACPI_SPACE_IO ? Gas->Address : HalpPciConfigSelect(Gas);
    *Value = Bits == 8    ? __inbyte((USHORT)Port)
             : Bits == 16 ? __inword((USHORT)Port)
                          : __indword((USHORT)Port);
    return TRUE;
}

BOOLEAN
HalpWriteAcpiRegister(const ACPI_GAS *Gas, ULONG Bits, ULONG Value)
{
    ULONG64 Port;

    if (!HalpAcpiRegisterReachable(Gas, Bits))
        return FALSE;
    if (Gas->SpaceId == ACPI_SPACE_MEMORY)
    {
        volatile UCHAR *Register = (volatile UCHAR *)(ULONG_PTR)Gas->Address;

        if (Bits == 8)
            *Register = (UCHAR)Value;
        else if (Bits == 16)
            *(volatile USHORT *)Register = (USHORT)Value;
        else
            *(volatile ULONG *)Register = Value;
        return TRUE;
    }
    Port = Gas->SpaceId == ACPI_SPACE_IO ? Gas->Address : HalpPciConfigSelect(Gas);
    if (Bits == 8)
        __outbyte((USHORT)Port, (UCHAR)Value);
    else if (Bits == 16)
        __outword((USHORT)Port, (USHORT)Value);
    else
        __outdword((USHORT)Port, Value);
    return TRUE;
}
