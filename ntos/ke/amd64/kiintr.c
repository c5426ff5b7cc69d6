/* SPDX-License-Identifier: MIT */
/*
 * Interrupt dispatch. The HAL (and the kernel, for its software interrupts) registers a
 * handler per vector; the kernel raises to the vector's IRQL (its upper nibble, as on NT
 * x64), signals EOI through the HAL, runs the handler with interrupts enabled, so that
 * only CR8 decides what may nest (interrupts of a higher class), and returns to the
 * interrupted IRQL. EOI comes first because a handler may switch threads (the
 * DISPATCH_LEVEL interrupt does) and only come back much later; CR8 already holds off this
 * vector and every one of its priority class until the handler is done. Device vectors
 * (HAL_FIRST_DEVICE_VECTOR to HAL_LAST_DEVICE_VECTOR) are the exception: their handlers run
 * drivers' ISRs, which never switch threads, and take EOI afterwards, because the EOI of a
 * level-triggered line makes the I/O APIC deliver it again if the device still asserts it,
 * that is, until an ISR has quietened the device.
 * A vector nobody registered is logged once and ignored.
 */
#include "ntos.h"

static PKINTERRUPT_HANDLER KiInterruptHandlers[256];
static UCHAR KiUnexpectedLogged[256];

VOID NTAPI
KeRegisterInterruptHandler(ULONG Vector, PKINTERRUPT_HANDLER Handler)
{
    /* Vectors below 32 are processor exceptions (0x1F aside, see KiDispatchTrap). */
    if ((Vector < 32 && Vector != HAL_SOFTWARE_INTERRUPT_VECTOR(APC_LEVEL)) || Vector > 0xFF)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Vector, (ULONG_PTR)Handler, 0, 0);
    KiInterruptHandlers[Vector] = Handler;
}

PKINTERRUPT_HANDLER
KiGetInterruptHandler(ULONG Vector)
{
    return Vector <= 0xFF ? KiInterruptHandlers[Vector] : NULL;
}

static BOOLEAN
KiIsDeviceVector(ULONG Vector)
{
    return Vector >= HAL_FIRST_DEVICE_VECTOR && Vector <= HAL_LAST_DEVICE_VECTOR;
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
    if (Vector != HAL_SPURIOUS_VECTOR && !KiIsDeviceVector(Vector))
        HalEndSystemInterrupt(OldIrql, TrapFrame);
    _enable();
    Handler(TrapFrame);
    _disable();
    if (KiIsDeviceVector(Vector))
        HalEndSystemInterrupt(OldIrql, TrapFrame);
    __writecr8(OldIrql);
}
