/* SPDX-License-Identifier: MIT */
/*
 * The boot processor's local APIC (xAPIC, through the uncached page the loader maps) and the
 * clock: the 8259 PICs are remapped away from the exception vectors and masked, the APIC
 * timer is calibrated against the PIT and runs periodically on HAL_CLOCK_VECTOR, each tick
 * reporting HALP_CLOCK_INCREMENT to the kernel. Software interrupts (APC, DISPATCH) are
 * self-IPIs, so the APIC delivers them when IRQL drops.
 */
#include "halp.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE 0x800
#define APIC_EOI 0x0B0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_ICR_SELF 0x40000 /* destination shorthand: self */
#define APIC_ICR_PENDING 0x1000
#define APIC_SPURIOUS 0x0F0
#define APIC_SOFTWARE_ENABLE 0x100
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_MASKED 0x10000
#define APIC_TIMER_PERIODIC 0x20000
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3E0
#define APIC_DIVIDE_BY_16 0x3

#define HALP_CLOCK_INCREMENT 100000 /* 10 ms in 100 ns units */
#define HALP_CALIBRATION_US 10000

static volatile ULONG *HalpApic;
ULONG HalpApicTimerTicksPer10Ms;

static ULONG
HalpApicRead(ULONG Register)
{
    return HalpApic[Register / 4];
}

static VOID
HalpApicWrite(ULONG Register, ULONG Value)
{
    HalpApic[Register / 4] = Value;
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

/* Processor 0 keeps the time; every processor charges its running thread. */
static VOID NTAPI
HalpClockInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    if (KeGetCurrentProcessorNumber() == 0)
        KeUpdateSystemTime(TrapFrame, HALP_CLOCK_INCREMENT);
    else
        KeUpdateRunTime(TrapFrame);
}

/* Send an IPI; interrupts stay off so nothing on this processor splits the ICR pair. */
VOID
HalpApicSendIpi(ULONG ApicId, ULONG CommandLow)
{
    ULONG64 Flags = __readeflags();

    _disable();
    while (HalpApicRead(APIC_ICR_LOW) & APIC_ICR_PENDING)
        YieldProcessor();
    HalpApicWrite(APIC_ICR_HIGH, ApicId << 24);
    HalpApicWrite(APIC_ICR_LOW, CommandLow);
    __writeeflags(Flags);
}

VOID NTAPI
HalEndSystemInterrupt(KIRQL OldIrql, struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(OldIrql);
    UNREFERENCED_PARAMETER(TrapFrame);
    if (HalpApic != NULL)
        HalpApicWrite(APIC_EOI, 0);
}

/* A fixed-delivery self-IPI: the local APIC holds it pending until CR8 allows its class. */
VOID FASTCALL
HalRequestSoftwareInterrupt(KIRQL Irql)
{
    if (Irql != APC_LEVEL && Irql != DISPATCH_LEVEL)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Irql, 0, 0, 0);
    while (HalpApicRead(APIC_ICR_LOW) & APIC_ICR_PENDING)
        YieldProcessor();
    HalpApicWrite(APIC_ICR_LOW, APIC_ICR_SELF | HAL_SOFTWARE_INTERRUPT_VECTOR(Irql));
}

static VOID NTAPI
HalpSpuriousInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(TrapFrame); /* spurious interrupts take no EOI */
}

/* APIC timer ticks in HALP_CALIBRATION_US, measured with the PIT; the TSC is measured in
 * the same window for the performance counter. */
static ULONG
HalpCalibrateApicTimer(VOID)
{
    ULONG64 TscStart;

    HalpApicWrite(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_16);
    HalpApicWrite(APIC_LVT_TIMER, APIC_LVT_MASKED | HAL_CLOCK_VECTOR);
    HalpApicWrite(APIC_TIMER_INITIAL, 0xFFFFFFFF);
    TscStart = __rdtsc();
    KeStallExecutionProcessor(HALP_CALIBRATION_US);
    HalpSetTscFrequency((__rdtsc() - TscStart) * (1000000 / HALP_CALIBRATION_US));
    return 0xFFFFFFFF - HalpApicRead(APIC_TIMER_CURRENT);
}

/* This processor's local APIC on, its local interrupt lines masked. */
static VOID
HalpEnableLocalApic(VOID)
{
    HalpApicWrite(APIC_SPURIOUS, APIC_SOFTWARE_ENABLE | HAL_SPURIOUS_VECTOR);
    HalpApicWrite(APIC_LVT_LINT0, APIC_LVT_MASKED);
    HalpApicWrite(APIC_LVT_LINT1, APIC_LVT_MASKED);
}

static VOID
HalpStartApicClock(VOID)
{
    HalpApicWrite(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_16);
    HalpApicWrite(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | HAL_CLOCK_VECTOR);
    HalpApicWrite(APIC_TIMER_INITIAL, HalpApicTimerTicksPer10Ms);
}

/* An application processor: its APIC and clock, timed as the boot processor measured. */
VOID
HalpApicInitializeProcessor(VOID)
{
    HalpEnableLocalApic();
    HalpStartApicClock();
}

/* Phase 1: local APIC on, PICs off, the periodic clock started. Interrupts stay disabled;
 * the kernel enables them when it is ready. */
BOOLEAN
HalpInitializeClock(VOID)
{
    ULONG64 Base = __readmsr(MSR_APIC_BASE);

    if (!(Base & APIC_BASE_ENABLE))
        __writemsr(MSR_APIC_BASE, Base | APIC_BASE_ENABLE);
    HalpApic = (volatile ULONG *)(ULONG_PTR)(Base & 0x000FFFFFFFFFF000ull);
    HalpDisablePics();
    KeRegisterInterruptHandler(HAL_SPURIOUS_VECTOR, HalpSpuriousInterrupt);
    KeRegisterInterruptHandler(HAL_CLOCK_VECTOR, HalpClockInterrupt);
    HalpEnableLocalApic();
    HalpInitializeProcessorNumbers();

    HalpApicTimerTicksPer10Ms = HalpCalibrateApicTimer();
    if (HalpApicTimerTicksPer10Ms == 0)
    {
        DbgPrint("HAL: APIC timer does not count; no clock interrupt\n");
        return FALSE;
    }
    KeSetTimeIncrement(HALP_CLOCK_INCREMENT, HALP_CLOCK_INCREMENT);
    HalpStartApicClock();
    DbgPrint("HAL: local APIC at %p, clock every 10 ms (%u APIC timer ticks)\n", (PVOID)HalpApic,
             HalpApicTimerTicksPer10Ms);
    return TRUE;
}
