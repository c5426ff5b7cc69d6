/* SPDX-License-Identifier: MIT */
/*
 * KiSystemStartup: the kernel's entry point, called by the loader on the boot stack with
 * interrupts off, the loader's page tables live, and the loader block as the only argument.
 */
#include "ntos.h"

PLOADER_PARAMETER_BLOCK KeLoaderBlock;
ULONG64 KiBootTsc;

/* The boot processor's PCR and the thread that runs KiSystemStartup, then its idle loop. */
static KIPCR KiBootPcr;
static KTHREAD KiInitialThread;

DECLSPEC_NORETURN VOID NTAPI
KiSystemStartup(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    KiBootTsc = __rdtsc();
    KeLoaderBlock = LoaderBlock;
    KdInitializeSerial();
    if (LoaderBlock->Signature != LOADER_BLOCK_SIGNATURE ||
        LoaderBlock->Version != LOADER_BLOCK_VERSION ||
        LoaderBlock->Size < sizeof(LOADER_PARAMETER_BLOCK))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, 0, LoaderBlock->Version, LoaderBlock->Size, 0);
    KiInitializeDescriptorTables(0, NULL, LoaderBlock->KernelStackLimit);
    KiInitialThread.StackBase = (PVOID)(ULONG_PTR)LoaderBlock->KernelStackLimit;
    KiInitialThread.StackLimit = (PVOID)(ULONG_PTR)LoaderBlock->KernelStackBase;
    KiInitializePcr(&KiBootPcr, 0, &KiInitialThread);
    KiInitializeKernel(&KiInitialThread);
    __writecr8(PASSIVE_LEVEL);
    ExpInitializeExecutive(LoaderBlock);
    KiIdleLoop();
}
