/* SPDX-License-Identifier: MIT */
/*
 * Interrupt dispatch. The HAL (and the kernel, for its software interrupts) registers a
 * handler per vector; the kernel runs it at the vector's IRQL (its upper nibble, as on NT
 * x64) with interrupts disabled, signals EOI through the HAL and returns to the interrupted
 * IRQL. A vector nobody registered is logged once and ignored.
 */
#include "ntos.h"

static PKINTERRUPT_HANDLER KiInterruptHandlers[256];
static UCHAR KiUnexpectedLogged[256];

VOID NTAPI
KeRegisterInterruptHandler(ULONG Vector, PKINTERRUPT_HANDLER Handler)
{
    /* Vectors below 32 are processor exceptions; a HAL asking for one is broken. */
    if (Vector < 32 || Vector > 0xFF)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Vector, (ULONG_PTR)Handler, 0, 0);
    KiInterruptHandlers[Vector] = Handler;
}

VOID
KiInterruptDispatch(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = (ULONG)TrapFrame->Vector;
    PKINTERRUPT_HANDLER Handler = KiInterruptHandlers[Vector];
    KIRQL OldIrql;

    if (Handler == NULL)
    {
        if (!KiUnexpectedLogged[Vector])
            DbgPrint("Ke: unexpected interrupt on vector 0x%02X ignored\n", Vector);
        KiUnexpectedLogged[Vector] = 1;
        /* Acknowledge it anyway, or the APIC would block every lower vector from now on. */
        if (Vector != HAL_SPURIOUS_VECTOR)
            HalEndSystemInterrupt((KIRQL)__readcr8(), TrapFrame);
        return;
    }
    OldIrql = (KIRQL)__readcr8();
    __writecr8(Vector >> 4);
    Handler(TrapFrame);
    if (Vector != HAL_SPURIOUS_VECTOR)
        HalEndSystemInterrupt(OldIrql, TrapFrame);
    __writecr8(OldIrql);
}
