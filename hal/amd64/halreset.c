/* SPDX-License-Identifier: MIT */
/*
 * HalReturnToFirmware. Power-off is ACPI S5 (halpower.c). Reboot tries, in order: the FADT
 * reset register (ACPI 2.0+ RESET_REG with RESET_REG_SUP, in I/O, PCI configuration or
 * mapped memory space), the PCI reset control register 0xCF9, and the 8042 keyboard
 * controller's reset line, waiting half a second after each. Whatever does not end the
 * machine ends in a halt with interrupts off, never a return.
 */
#include "halp.h"

#define RESET_WAIT_US 500000

static DECLSPEC_NORETURN VOID
HalpHalt(VOID)
{
    DbgPrint("HAL: system halted\n");
    _disable();
    for (;;)
        __halt();
}

BOOLEAN
HalpResetRegisterUsable(VOID)
{
    return HalpAcpiUsable && HalpAcpi.HaveFadt && HalpAcpi.Fadt.HasResetRegister &&
           HalpAcpiRegisterReachable(&HalpAcpi.Fadt.ResetRegister, 8);
}

static VOID
HalpReset(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    ULONG Spins;

    _disable();
    if (HalpResetRegisterUsable())
    {
        DbgPrint("HAL: resetting through the ACPI reset register (%s 0x%I64X <- 0x%02X)\n",
                 HalpAcpiSpaceName(Fadt->ResetRegister.SpaceId), Fadt->ResetRegister.Address,
                 Fadt->ResetValue);
        HalpWriteAcpiRegister(&Fadt->ResetRegister, 8, Fadt->ResetValue);
        KeStallExecutionProcessor(RESET_WAIT_US);
        DbgPrint("HAL: the ACPI reset register did not reset the machine\n");
    }
    DbgPrint("HAL: resetting through 0xCF9\n");
    __outbyte(0xCF9, 0x02);
    __outbyte(0xCF9, 0x06); /* full reset */
    KeStallExecutionProcessor(RESET_WAIT_US);
    DbgPrint("HAL: resetting through the 8042\n");
    for (Spins = 0; Spins < 100000 && (__inbyte(0x64) & 0x02); Spins++)
        ;
    __outbyte(0x64, 0xFE); /* 8042 pulses the reset line */
    KeStallExecutionProcessor(RESET_WAIT_US);
    DbgPrint("HAL: no reset method worked\n");
}

DECLSPEC_NORETURN VOID NTAPI
HalReturnToFirmware(FIRMWARE_REENTRY Routine)
{
    switch (Routine)
    {
        case HalRestartRoutine:
        case HalRebootRoutine:
        case HalInteractiveModeRoutine:
            DbgPrint("HAL: resetting the system\n");
            HalpReset();
            break;
        case HalPowerDownRoutine:
            HalpPowerOff();
            break;
        default:
            break;
    }
    HalpHalt();
}
