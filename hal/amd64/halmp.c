/* SPDX-License-Identifier: MIT */
/*
 * Multiprocessor support: starting application processors with INIT and STARTUP IPIs
 * through the stub in halmpstub.S, their local APIC and clock, and interrupts to other
 * processors (software interrupts, KeIpiGenericCall's IPI). Processor numbers are the
 * kernel's; the HAL keeps the APIC ID of each.
 */
#include "halp.h"

#define HALP_PAGE_PRESENT_WRITE 0x3ull
#define HALP_PAGE_LARGE 0x80ull
#define HALP_STARTUP_WAIT_US 200000
#define HALP_ICR_INIT 0x4500    /* INIT, level assert */
#define HALP_ICR_STARTUP 0x4600 /* STARTUP, vector = page number */
#define HALP_ICR_FIXED 0x4000   /* fixed delivery, level assert */

extern UCHAR HalpApStub[], HalpApStub64[], HalpApStubEnd[], HalpApStubGdt[], HalpApStubGdtr[];
extern UCHAR HalpApStubFarJump[], HalpApStubPml4[], HalpApStubEntry[], HalpApStubCr3[];
extern UCHAR HalpApStubStack[], HalpApStubArgument[], HalpApStubStarted[];

static ULONG HalpProcessorApicId[MAXIMUM_PROCESSORS];

/* The copy of the stub field Label, in the stub page at Page (identity-mapped). */
static PVOID
HalpStubField(ULONG64 Page, PUCHAR Label)
{
    return (PVOID)(ULONG_PTR)(Page + (ULONG64)(Label - HalpApStub));
}

static VOID
HalpBuildStubPageTables(PHAL_PROCESSOR_START Start)
{
    ULONG64 *Pml4 = (ULONG64 *)(ULONG_PTR)Start->LowPages[1];
    ULONG64 *Pdpt = (ULONG64 *)(ULONG_PTR)Start->LowPages[2];
    ULONG64 *Pd = (ULONG64 *)(ULONG_PTR)Start->LowPages[3];
    const ULONG64 *KernelPml4 = (const ULONG64 *)(ULONG_PTR)(Start->Cr3 & ~0xFFFull);

    RtlZeroMemory(Pml4, PAGE_SIZE);
    RtlZeroMemory(Pdpt, PAGE_SIZE);
    RtlZeroMemory(Pd, PAGE_SIZE);
    Pd[0] = HALP_PAGE_LARGE | HALP_PAGE_PRESENT_WRITE; /* 0-2 MiB, executable */
    Pdpt[0] = Start->LowPages[3] | HALP_PAGE_PRESENT_WRITE;
    Pml4[0] = Start->LowPages[2] | HALP_PAGE_PRESENT_WRITE;
    RtlCopyMemory(&Pml4[256], &KernelPml4[256], 256 * sizeof(ULONG64));
}

static VOID
HalpPrepareStub(PHAL_PROCESSOR_START Start)
{
    ULONG64 Page = Start->LowPages[0];

    RtlCopyMemory((PVOID)(ULONG_PTR)Page, HalpApStub, HalpApStubEnd - HalpApStub);
    *(ULONG *)((PUCHAR)HalpStubField(Page, HalpApStubGdtr) + 2) =
        (ULONG)(ULONG_PTR)HalpStubField(Page, HalpApStubGdt);
    *(ULONG *)HalpStubField(Page, HalpApStubFarJump) =
        (ULONG)(ULONG_PTR)HalpStubField(Page, HalpApStub64);
    *(ULONG *)HalpStubField(Page, HalpApStubPml4) = (ULONG)Start->LowPages[1];
    *(ULONG64 *)HalpStubField(Page, HalpApStubEntry) = Start->Entry;
    *(ULONG64 *)HalpStubField(Page, HalpApStubCr3) = Start->Cr3;
    *(ULONG64 *)HalpStubField(Page, HalpApStubStack) = Start->Stack;
    *(ULONG64 *)HalpStubField(Page, HalpApStubArgument) = Start->Argument;
    *(volatile ULONG *)HalpStubField(Page, HalpApStubStarted) = 0;
    HalpBuildStubPageTables(Start);
}

NTSTATUS NTAPI
HalStartProcessor(ULONG Number, ULONG ApicId, PHAL_PROCESSOR_START Start)
{
    volatile ULONG *Started = HalpStubField(Start->LowPages[0], HalpApStubStarted);
    ULONG Waited;

    if (Number == 0 || Number >= MAXIMUM_PROCESSORS || Start->LowPages[0] >= 0x100000 ||
        (ULONG64)(HalpApStubEnd - HalpApStub) > PAGE_SIZE)
        return STATUS_INVALID_PARAMETER;
    HalpPrepareStub(Start);
    HalpProcessorApicId[Number] = ApicId;
    /* Intel's sequence: INIT, 10 ms, STARTUP, 200 us, STARTUP. */
    HalpApicSendIpiTo(ApicId, HALP_ICR_INIT);
    KeStallExecutionProcessor(10000);
    HalpApicSendIpiTo(ApicId, HALP_ICR_STARTUP | (ULONG)(Start->LowPages[0] >> PAGE_SHIFT));
    KeStallExecutionProcessor(200);
    if (!*Started)
        HalpApicSendIpiTo(ApicId, HALP_ICR_STARTUP | (ULONG)(Start->LowPages[0] >> PAGE_SHIFT));
    for (Waited = 0; !*Started && Waited < HALP_STARTUP_WAIT_US; Waited += 100)
        KeStallExecutionProcessor(100);
    return *Started ? STATUS_SUCCESS : STATUS_IO_TIMEOUT;
}

/* On the new processor, interrupts off: its local APIC, and the clock at the boot
 * processor's calibrated rate. */
VOID NTAPI
HalInitializeProcessor(ULONG Number)
{
    HalpInitializeApLocalApic();
    HalpStartProcessorClock();
    DbgPrint("HAL: processor %u (APIC ID %u) running\n", Number, HalpProcessorApicId[Number]);
}

VOID NTAPI
HalSendSoftwareInterrupt(ULONG Number, KIRQL Irql)
{
    if (Irql != APC_LEVEL && Irql != DISPATCH_LEVEL)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Irql, Number, 0, 0);
    if (Number == KeGetCurrentProcessorNumber())
        HalRequestSoftwareInterrupt(Irql);
    else
        HalpApicSendIpiTo(HalpProcessorApicId[Number],
                          HALP_ICR_FIXED | HAL_SOFTWARE_INTERRUPT_VECTOR(Irql));
}

VOID NTAPI
HalRequestIpi(KAFFINITY Processors)
{
    ULONG Self = KeGetCurrentProcessorNumber(), Number;

    for (Number = 0; Number < MAXIMUM_PROCESSORS; Number++)
    {
        if ((Processors & ((KAFFINITY)1 << Number)) && Number != Self)
            HalpApicSendIpiTo(HalpProcessorApicId[Number], HALP_ICR_FIXED | HAL_IPI_VECTOR);
    }
}

VOID
HalpInitializeProcessorNumbers(VOID)
{
    HalpProcessorApicId[0] = HalpApicId();
}
