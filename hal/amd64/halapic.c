/* SPDX-License-Identifier: MIT */
/*
 * Each processor's local APIC. When CPUID.1:ECX[21] reports x2APIC it is switched to
 * x2APIC mode (IA32_APIC_BASE.EXTD) and its registers are MSRs 0x800 + offset / 16, the ICR
 * being the single 64-bit MSR 0x830 with no delivery-status bit to poll; otherwise it stays
 * in xAPIC mode, its page mapped uncached through Mm. HalpApicRead/HalpApicWrite take the
 * xAPIC offset in both modes, so the rest of the HAL does not care which one runs. The 8259
 * PICs are remapped away from the exception vectors and masked. Software interrupts (APC,
 * DISPATCH) are self-IPIs, so the APIC delivers them when IRQL drops.
 */
#include "halp.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE 0x800
#define APIC_BASE_X2APIC 0x400
#define APIC_BASE_ADDRESS_MASK 0x000FFFFFFFFFF000ull
#define MSR_X2APIC_FIRST 0x800
#define MSR_X2APIC_ICR 0x830
#define CPUID1_ECX_X2APIC (1u << 21)
#define APIC_ICR_SELF 0x40000 /* destination shorthand: self */
#define APIC_ICR_PENDING 0x1000
#define APIC_SOFTWARE_ENABLE 0x100

HALP_APIC_MODE HalpApicMode;
static volatile ULONG *HalpApic;

ULONG
HalpApicRead(ULONG Register)
{
    if (HalpApicMode == HalpX2Apic)
        return (ULONG)__readmsr(MSR_X2APIC_FIRST + (Register >> 4));
    return HalpApic[Register / 4];
}

VOID
HalpApicWrite(ULONG Register, ULONG Value)
{
    if (HalpApicMode == HalpX2Apic)
        __writemsr(MSR_X2APIC_FIRST + (Register >> 4), Value);
    else
        HalpApic[Register / 4] = Value;
}

/* Low 32 bits of the ICR (vector, delivery mode, shorthand); the destination stays 0. */
static VOID
HalpApicSendIpi(ULONG Command)
{
    if (HalpApicMode == HalpX2Apic)
    {
        __writemsr(MSR_X2APIC_ICR, Command);
        return;
    }
    while (HalpApicRead(APIC_ICR_LOW) & APIC_ICR_PENDING)
        YieldProcessor();
    HalpApicWrite(APIC_ICR_LOW, Command);
}

/*
 * A fixed IPI to another processor's APIC. Interrupts stay off so nothing on this processor
 * splits the xAPIC's two ICR writes (destination, then command).
 */
VOID
HalpApicSendIpiTo(ULONG ApicId, ULONG CommandLow)
{
    ULONG64 Flags = __readeflags();

    _disable();
    if (HalpApicMode == HalpX2Apic)
    {
        __writemsr(MSR_X2APIC_ICR, ((ULONG64)ApicId << 32) | CommandLow);
    }
    else
    {
        while (HalpApicRead(APIC_ICR_LOW) & APIC_ICR_PENDING)
            YieldProcessor();
        HalpApicWrite(APIC_ICR_HIGH, ApicId << 24);
        HalpApicWrite(APIC_ICR_LOW, CommandLow);
    }
    __writeeflags(Flags);
}

/* The full 32-bit ID in x2APIC mode, the 8-bit one in bits 31-24 in xAPIC mode. */
ULONG
HalpApicId(VOID)
{
    ULONG Id = HalpApicRead(APIC_ID);

    return HalpApicMode == HalpX2Apic ? Id : Id >> 24;
}

/* Remap the PICs to vectors 0x30-0x3F (never exceptions) and mask every line. */
static VOID
HalpDisablePics(VOID)
{
    __outbyte(0x20, 0x11);
    __outbyte(0xA0, 0x11);
    __outbyte(0x21, 0x30);
    __outbyte(0xA1, 0x38);
    __outbyte(0x21, 0x04);
    __outbyte(0xA1, 0x02);
    __outbyte(0x21, 0x01);
    __outbyte(0xA1, 0x01);
    __outbyte(0x21, 0xFF);
    __outbyte(0xA1, 0xFF);
}

VOID NTAPI
HalEndSystemInterrupt(KIRQL OldIrql, struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(OldIrql);
    UNREFERENCED_PARAMETER(TrapFrame);
    if (HalpApicMode != HalpNoApic)
        HalpApicWrite(APIC_EOI, 0);
}

/* A fixed-delivery self-IPI: the local APIC holds it pending until CR8 allows its class. */
VOID FASTCALL
HalRequestSoftwareInterrupt(KIRQL Irql)
{
    if (Irql != APC_LEVEL && Irql != DISPATCH_LEVEL)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Irql, 0, 0, 0);
    if (HalpApicMode == HalpNoApic) /* before phase 1 there is nothing to deliver it */
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Irql, 1, 0, 0);
    HalpApicSendIpi(APIC_ICR_SELF | HAL_SOFTWARE_INTERRUPT_VECTOR(Irql));
}

/* A device vector raised on this processor through its local APIC, as a device would raise
 * it: the kernel's self-tests drive interrupt objects with it. */
NTSTATUS NTAPI
HalRequestInterrupt(ULONG Vector)
{
    ULONG64 Flags;

    if (Vector < HAL_FIRST_DEVICE_VECTOR || Vector > HAL_LAST_DEVICE_VECTOR)
        return STATUS_INVALID_PARAMETER;
    if (HalpApicMode == HalpNoApic)
        return STATUS_DEVICE_NOT_READY;
    Flags = __readeflags();
    _disable();
    HalpApicSendIpi(APIC_ICR_SELF | Vector);
    __writeeflags(Flags);
    return STATUS_SUCCESS;
}

static VOID NTAPI
HalpSpuriousInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(TrapFrame); /* spurious interrupts take no EOI */
}

/* x2APIC is entered from xAPIC mode (enable first, then EXTD), never from disabled. */
static BOOLEAN
HalpEnterApicMode(ULONG64 *Base)
{
    int Registers[4];
    PHYSICAL_ADDRESS Physical;

    __cpuid(Registers, 1);
    if (!(*Base & APIC_BASE_ENABLE))
        __writemsr(MSR_APIC_BASE, *Base |= APIC_BASE_ENABLE);
    if ((ULONG)Registers[2] & CPUID1_ECX_X2APIC)
    {
        if (!(*Base & APIC_BASE_X2APIC))
            __writemsr(MSR_APIC_BASE, *Base |= APIC_BASE_X2APIC);
        HalpApicMode = HalpX2Apic;
        return TRUE;
    }
    Physical.QuadPart = (LONGLONG)(*Base & APIC_BASE_ADDRESS_MASK);
    HalpApic = MmMapIoSpace(Physical, PAGE_SIZE, MmNonCached);
    if (HalpApic == NULL)
        return FALSE;
    HalpApicMode = HalpXApic;
    return TRUE;
}

/* This processor's local APIC on, its local interrupt lines masked. */
static VOID
HalpEnableLocalApic(VOID)
{
    HalpApicWrite(APIC_SPURIOUS, APIC_SOFTWARE_ENABLE | HAL_SPURIOUS_VECTOR);
    HalpApicWrite(APIC_LVT_LINT0, APIC_LVT_MASKED);
    HalpApicWrite(APIC_LVT_LINT1, APIC_LVT_MASKED);
}

/* An application processor's local APIC, in the mode the boot processor chose. */
VOID
HalpInitializeApLocalApic(VOID)
{
    ULONG64 Base = __readmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    __writemsr(MSR_APIC_BASE, Base);
    if (HalpApicMode == HalpX2Apic)
        __writemsr(MSR_APIC_BASE, Base | APIC_BASE_X2APIC);
    HalpEnableLocalApic();
}

/* Phase 1: the local APIC on with LINT0/LINT1 masked, PICs off. Interrupts stay disabled. */
BOOLEAN
HalpInitializeLocalApic(VOID)
{
    ULONG64 Base = __readmsr(MSR_APIC_BASE);

    if (!HalpEnterApicMode(&Base))
    {
        DbgPrint("HAL: cannot map the local APIC at 0x%I64X\n", Base & APIC_BASE_ADDRESS_MASK);
        return FALSE;
    }
    HalpDisablePics();
    KeRegisterInterruptHandler(HAL_SPURIOUS_VECTOR, HalpSpuriousInterrupt);
    HalpEnableLocalApic();
    if (HalpApicMode == HalpX2Apic)
        DbgPrint("HAL: local APIC in x2APIC mode (MSRs), APIC ID %u\n", HalpApicId());
    else
        DbgPrint("HAL: local APIC in xAPIC mode at 0x%I64X (no x2APIC), APIC ID %u\n",
                 Base & APIC_BASE_ADDRESS_MASK, HalpApicId());
    return TRUE;
}
