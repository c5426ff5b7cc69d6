/* SPDX-License-Identifier: MIT */
/*
 * HalMakeBeep: the PC speaker, a square wave (mode 3) from 8254 PIT channel 2 gated to the
 * speaker through system control port B (0x61, bit 0 gate, bit 1 speaker data). The port
 * and channel 2 are shared with the early PIT stall (halstall.c) and, as on other PC HALs,
 * programmed under the CMOS lock with interrupts off so the two-byte count is not split.
 */
#include "halp.h"

#define HALP_PIT_HZ 1193182
#define HALP_SYSTEM_CONTROL_B 0x61
#define HALP_PIT_CHANNEL2 0x42
#define HALP_PIT_COMMAND 0x43
#define HALP_PIT_CHANNEL2_SQUARE_WAVE 0xB6 /* channel 2, low then high byte, mode 3, binary */

/* Sounds Frequency (Hz) until the next call; 0 silences the speaker. FALSE, with the speaker
 * silent, when the PIT cannot produce Frequency (the count would not fit in 16 bits). */
BOOLEAN NTAPI
HalMakeBeep(ULONG Frequency)
{
    ULONG Count = Frequency ? HALP_PIT_HZ / Frequency : 0;
    BOOLEAN Sounding = Count != 0 && Count <= 0x10000;
    ULONG64 Flags;
    UCHAR Control;

    Flags = HalpAcquireCmosLock();
    Control = (UCHAR)(__inbyte(HALP_SYSTEM_CONTROL_B) & ~0x03);
    __outbyte(HALP_SYSTEM_CONTROL_B, Control);
    if (Sounding)
    {
        __outbyte(HALP_PIT_COMMAND, HALP_PIT_CHANNEL2_SQUARE_WAVE);
        __outbyte(HALP_PIT_CHANNEL2, (UCHAR)Count); /* 0x10000 is written as 0 */
        __outbyte(HALP_PIT_CHANNEL2, (UCHAR)(Count >> 8));
        __outbyte(HALP_SYSTEM_CONTROL_B, Control | 0x03);
    }
    HalpReleaseCmosLock(Flags);
    return Frequency == 0 || Sounding;
}
