/* SPDX-License-Identifier: MIT */
/*
 * KeStallExecutionProcessor. Until phase 1 has calibrated the TSC it waits on the 8254 PIT,
 * channel 2 in one-shot mode, polled through port 0x61 (accurate without calibration, but
 * one shared device); from then on it spins on this processor's TSC, so stalls on several
 * processors at once do not fight over the PIT.
 */
#include "halp.h"

#define PIT_HZ 1193182
#define PIT_MAX_CHUNK_US 50000 /* keeps the count below 0x10000 */

static VOID
HalpPitWait(ULONG Microseconds)
{
    ULONG Count = (ULONG)(((ULONG64)Microseconds * PIT_HZ + 999999) / 1000000);
    UCHAR Control;

    if (Count == 0)
        Count = 1;
    Control = (UCHAR)((__inbyte(0x61) & ~0x02) | 0x01); /* gate on, speaker off */
    __outbyte(0x61, Control & ~0x01);
    __outbyte(0x43, 0xB0); /* channel 2, lobyte/hibyte, mode 0 */
    __outbyte(0x42, (UCHAR)Count);
    __outbyte(0x42, (UCHAR)(Count >> 8));
    __outbyte(0x61, Control); /* rising gate starts the count */
    while (!(__inbyte(0x61) & 0x20))
        YieldProcessor();
}

VOID NTAPI
KeStallExecutionProcessor(ULONG MicroSeconds)
{
    ULONG64 Frequency = HalpCalibratedTscFrequency(), Start = __rdtsc();

    if (Frequency != 0)
    {
        while (__rdtsc() - Start < (ULONG64)MicroSeconds * Frequency / 1000000)
            YieldProcessor();
        return;
    }
    while (MicroSeconds > 0)
    {
        ULONG Chunk = MicroSeconds > PIT_MAX_CHUNK_US ? PIT_MAX_CHUNK_US : MicroSeconds;

        HalpPitWait(Chunk);
        MicroSeconds -= Chunk;
    }
}
