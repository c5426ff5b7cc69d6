/* SPDX-License-Identifier: MIT */
/*
 * Starting the application processors. For every enabled processor the MADT lists (up to
 * /NUMPROC), the kernel prepares a PCR, an idle thread with its stack and IST stacks, and
 * asks the HAL to start it; the processor arrives in KiSystemStartupAp, loads its own GDT,
 * TSS and PCR, starts its local APIC clock through the HAL, joins the scheduler and idles.
 * Every processor, the boot one included, then gets its threaded-DPC thread.
 * Processors are numbered in the order they start; the boot processor is 0.
 */
#include "ki.h"

#define KI_START_TIMEOUT 10000000 /* 1 s, in 100 ns */

ULONG64 KiBootProcessorCr0, KiBootProcessorCr4, KiBootProcessorEfer;
extern UCHAR KiStartupApStub[];

typedef struct _KI_AP_BLOCK
{
    KIPCR Pcr;
    KTHREAD IdleThread;
    PVOID IstStacks[KI_IST_COUNT];
    PVOID DpcStack;
    volatile BOOLEAN Running;
} KI_AP_BLOCK;

static KI_AP_BLOCK KiApBlocks[MAXIMUM_PROCESSORS];

/* The processor's initial APIC ID (CPUID leaf 1, EBX bits 31:24). */
static ULONG
KiCurrentApicId(VOID)
{
    int Registers[4];

    __cpuid(Registers, 1);
    return (ULONG)Registers[1] >> 24;
}

DECLSPEC_NORETURN VOID
KiSystemStartupAp(ULONG Number)
{
    KI_AP_BLOCK *Block = &KiApBlocks[Number];

    KiInitializeDescriptorTables(Number, Block->IstStacks,
                                 (ULONG64)(ULONG_PTR)Block->IdleThread.StackBase);
    KiInitializePcr(&Block->Pcr, Number, &Block->IdleThread);
    Block->Pcr.Prcb.DpcStack = Block->DpcStack;
    KiInitializeIdleThread(&Block->Pcr.Prcb, &Block->IdleThread);
    HalInitializeProcessor(Number);
    KiMarkProcessorActive(&Block->Pcr.Prcb);
    Block->Running = TRUE;
    __writecr8(PASSIVE_LEVEL);
    KiIdleLoop();
}

static BOOLEAN
KiAllocateApStacks(KI_AP_BLOCK *Block)
{
    ULONG I;

    if ((Block->IdleThread.StackBase = MmCreateKernelStack()) == NULL)
        return FALSE;
    Block->IdleThread.StackLimit = (PUCHAR)Block->IdleThread.StackBase - KERNEL_STACK_SIZE;
    for (I = 0; I < KI_IST_COUNT; I++)
    {
        if ((Block->IstStacks[I] = MmCreateKernelStack()) == NULL)
            return FALSE;
    }
    return (Block->DpcStack = MmCreateKernelStack()) != NULL;
}

static VOID
KiFreeApStacks(KI_AP_BLOCK *Block)
{
    ULONG I;

    for (I = 0; I < KI_IST_COUNT; I++)
    {
        if (Block->IstStacks[I] != NULL)
            MmDeleteKernelStack(Block->IstStacks[I]);
    }
    if (Block->DpcStack != NULL)
        MmDeleteKernelStack(Block->DpcStack);
    if (Block->IdleThread.StackBase != NULL)
        MmDeleteKernelStack(Block->IdleThread.StackBase);
    RtlZeroMemory(Block, sizeof(*Block));
}

static NTSTATUS
KiStartProcessor(ULONG Number, ULONG ApicId, PHAL_PROCESSOR_START Start)
{
    KI_AP_BLOCK *Block = &KiApBlocks[Number];
    ULONG64 Deadline;
    NTSTATUS Status;

    if (!KiAllocateApStacks(Block))
    {
        KiFreeApStacks(Block);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Start->Stack = (ULONG64)(ULONG_PTR)Block->IdleThread.StackBase;
    Start->Argument = Number;
    Status = HalStartProcessor(Number, ApicId, Start);
    if (!NT_SUCCESS(Status))
        return Status;
    Deadline = KeQueryInterruptTime() + KI_START_TIMEOUT;
    while (!Block->Running && KeQueryInterruptTime() < Deadline)
        YieldProcessor();
    if (!Block->Running)
        return STATUS_IO_TIMEOUT;
    return KiStartDpcThread(&Block->Pcr.Prcb);
}

static BOOLEAN
KiPrepareStart(PHAL_PROCESSOR_START Start)
{
    ULONG I;

    for (I = 0; I < HAL_START_LOW_PAGES; I++)
    {
        ULONG64 PageFrame = MmAllocateLowPhysicalPage();

        if (PageFrame == 0)
            return FALSE;
        Start->LowPages[I] = PageFrame << PAGE_SHIFT;
    }
    Start->Cr3 = __readcr3();
    Start->Entry = (ULONG64)(ULONG_PTR)KiStartupApStub;
    KiBootProcessorCr0 = __readcr0();
    KiBootProcessorCr4 = __readcr4();
    KiBootProcessorEfer = __readmsr(0xC0000080);
    return TRUE;
}

/* Start every other processor, at most /NUMPROC in all. Phase 1, PASSIVE_LEVEL. */
VOID
KeStartAllProcessors(VOID)
{
    HAL_ACPI_INFORMATION Info = {.Size = sizeof(Info)};
    HAL_PROCESSOR_START Start = {0};
    ULONG Limit = MAXIMUM_PROCESSORS, Number = 1, BootApicId = KiCurrentApicId(), I;
    NTSTATUS Status;

    Status = KiStartDpcThread(KiCurrentPrcb());
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 0, 0, 0);
    if (ExpBootOptionNumber("NUMPROC", &Limit) && Limit == 0)
        Limit = 1;
    if (!NT_SUCCESS(HalQueryAcpiInformation(&Info)) || Info.ProcessorCount < 2 || Limit < 2)
        return;
    if (!KiPrepareStart(&Start))
    {
        DbgPrint("Ke: no free page below 1 MiB; application processors not started\n");
        return;
    }
    for (I = 0; I < min(Info.ProcessorCount, HAL_ACPI_MAX_APIC_IDS) && Number < Limit; I++)
    {
        if (Info.ApicIds[I] == BootApicId || Number >= MAXIMUM_PROCESSORS)
            continue;
        Status = KiStartProcessor(Number, Info.ApicIds[I], &Start);
        if (!NT_SUCCESS(Status))
        {
            /* It may still wake up later on its stacks and PCR: start no more. */
            DbgPrint("Ke: processor with APIC ID %u did not start (0x%08X); no more started\n",
                     Info.ApicIds[I], Status);
            break;
        }
        Number++;
    }
    DbgPrint("Ke: %u processor(s) running\n", KeQueryActiveProcessorCount(NULL));
}
