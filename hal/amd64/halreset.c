/* SPDX-License-Identifier: MIT */
/*
 * HalReturnToFirmware. Reboot goes through the PCI reset control register (0xCF9) and then
 * the keyboard controller; power-off needs the FADT's PM1 control block, which arrives with
 * the ACPI work, so until then it says so and halts instead.
 */
#include "halp.h"

static DECLSPEC_NORETURN VOID
HalpHalt(VOID)
{
    _disable();
    for (;;)
        __halt();
}

static VOID
HalpReset(VOID)
{
    ULONG Spins;

    __outbyte(0xCF9, 0x02);
    __outbyte(0xCF9, 0x06); /* full reset */
    for (Spins = 0; Spins < 100000 && (__inbyte(0x64) & 0x02); Spins++)
        ;
    __outbyte(0x64, 0xFE); /* 8042 pulses the reset line */
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
            DbgPrint("HAL: HalReturnToFirmware(HalPowerDownRoutine): STATUS_NOT_IMPLEMENTED "
                     "(needs ACPI); halting\n");
            break;
        default:
            break;
    }
    HalpHalt();
}
