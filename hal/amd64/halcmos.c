/* SPDX-License-Identifier: MIT */
/*
 * CMOS RAM through its index/data ports: 0x70/0x71 for the standard 128 bytes, 0x72/0x73 for
 * the upper bank some chipsets add (a FADT century index may point there). The index write
 * and the data access that follows must not be split, so every access is made under one
 * lock with interrupts off; NMIs stay enabled (bit 7 of the index is left clear).
 */
#include "halp.h"

static volatile LONG HalpCmosLock;

/* Returns the flags to hand back to HalpReleaseCmosLock. */
ULONG64
HalpAcquireCmosLock(VOID)
{
    ULONG64 Flags = __readeflags();

    _disable();
    while (InterlockedExchange(&HalpCmosLock, 1) != 0)
        YieldProcessor();
    return Flags;
}

VOID
HalpReleaseCmosLock(ULONG64 Flags)
{
    InterlockedExchange(&HalpCmosLock, 0);
    __writeeflags(Flags);
}

UCHAR
HalpReadCmos(UCHAR Index)
{
    if (Index < 0x80)
    {
        __outbyte(0x70, Index);
        return __inbyte(0x71);
    }
    __outbyte(0x72, Index);
    return __inbyte(0x73);
}

VOID
HalpWriteCmos(UCHAR Index, UCHAR Value)
{
    if (Index < 0x80)
    {
        __outbyte(0x70, Index);
        __outbyte(0x71, Value);
        return;
    }
    __outbyte(0x72, Index);
    __outbyte(0x73, Value);
}
