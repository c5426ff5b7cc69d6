/* SPDX-License-Identifier: MIT */
/*
 * Executive initialisation, run once on the boot processor after the descriptor tables are
 * up: boot video, the module list, the HAL, boot drivers, and the self-tests on /SELFTEST.
 */
#include "ntos.h"

#define BASALT_VERSION "0.1"

extern ULONG64 KiBootTsc;

static VOID
ExpPrintBanner(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    const LOADER_TIME *Time = &LoaderBlock->BootTime;

    DbgPrint("Basalt NT kernel " BASALT_VERSION " (x64) built " __DATE__ " " __TIME__ "\n");
    if (Time->Valid)
        DbgPrint("Boot time %04u-%02u-%02u %02u:%02u:%02u, options \"%s\"\n", Time->Year,
                 Time->Month, Time->Day, Time->Hour, Time->Minute, Time->Second,
                 LoaderBlock->LoadOptions);
}

/* /SOS: NT lists each driver as it loads; here the whole load-order list at once. */
static VOID
ExpPrintModules(VOID)
{
    PKLDR_MODULE Module;
    ULONG I;

    DbgPrint("Loaded modules:\n");
    for (I = 0; I < MmLoadedModuleCount(); I++)
    {
        Module = MmLoadedModule(I);
        DbgPrint("  %-14s base %p size 0x%08X entry %p\n", Module->Loader->BaseDllName,
                 (PVOID)Module->View.LoadBase, Module->View.Size,
                 (PVOID)Module->Loader->EntryPoint);
    }
}

/* Switches the loader accepts for later work; say so rather than silently ignore them. */
static VOID
ExpReportReservedOptions(VOID)
{
    static const PCSTR Reserved[] = {"DEBUG", "BREAK"};
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Reserved); I++)
    {
        if (ExpBootOption(Reserved[I], NULL, 0))
            DbgPrint("Basalt: /%s is not implemented yet; ignored\n", Reserved[I]);
    }
}

VOID
ExpTestExit(BOOLEAN Passed)
{
    __outbyte(EXP_TEST_EXIT_PORT, Passed ? EXP_TEST_EXIT_PASSED : EXP_TEST_EXIT_FAILED);
}

/* Under scripts/bench (QEMU -icount) TSC deltas count guest instructions. The self-tests
 * include deliberate stalls (clock tests), so the boot figure stops before them. */
static VOID
ExpRunSelfTests(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    ULONG64 InitDone = __rdtsc();
    BOOLEAN Passed = KtRunSelfTests();

    if (ExpBootOption("BENCH", NULL, 0))
    {
        DbgPrint("bench loader_efi_main_to_jump %I64u instructions\n",
                 LoaderBlock->LoaderExitTsc - LoaderBlock->LoaderEntryTsc);
        DbgPrint("bench kernel_entry_to_init_done %I64u instructions\n", InitDone - KiBootTsc);
        DbgPrint("bench kernel_entry_to_selftests_done %I64u instructions\n",
                 __rdtsc() - KiBootTsc);
        KiRunBenchmarks();
        MmRunBenchmarks();
        ObpRunBenchmarks();
        ExpRunBenchmarks();
        IopRunBenchmarks();
    }
    if (ExpBootOption("POOLTAGS", NULL, 0))
        MmPrintPoolTags();
    ExpTestExit(Passed);
    /* Still running: there is no debug-exit device (a real machine), so end the run. */
    DbgPrint("Basalt: no debug-exit device; powering off\n");
    HalReturnToFirmware(HalPowerDownRoutine);
}

/* Phase 1 runs in the first system thread, so boot drivers and self-tests can wait. */
static VOID NTAPI
ExpPhase1Initialization(PVOID Context)
{
    PLOADER_PARAMETER_BLOCK LoaderBlock = Context;
    NTSTATUS Status;

    KeStartAllProcessors();
    Status = ExpInitializeWorkerThreads();
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 1, 0, 0);
    Status = MmStartZeroPageThread();
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 2, 0, 0);
    Status = IoInitSystem();
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 3, 0, 0);
    /* The registry before the boot drivers, which read their Services keys; the loader's
     * copy of the hive is still mapped (LoaderRegistryData is never reclaimed). */
    Status = CmInitSystem1(LoaderBlock);
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, (ULONG)Status, 0, 0, 0);
    IoInitializeBootDrivers();
    IoInitializeSystemDrivers();
    /* The boot drivers ran and every processor was reset: the loader's memory can go. */
    MmFreeLoaderMemory();
    DbgPrint("Basalt: executive initialised\n");
    if (ExpBootOption("SELFTEST", NULL, 0))
        ExpRunSelfTests(LoaderBlock);
}

static KTHREAD ExpPhase1Thread;

/* Phase 0, on the boot processor's initial thread, which becomes its idle thread after. */
VOID
ExpInitializeExecutive(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    NTSTATUS Status;

    InbvInitializeFramebuffer(&LoaderBlock->Framebuffer);
    ExpPrintBanner(LoaderBlock);
    ExpReportReservedOptions();
    MmInitializeEarlyMemory(LoaderBlock);
    MmInitializePool();
    if (!NT_SUCCESS(ObInitSystem()))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, 0x4F, 0, 0, 0);
    if (!NT_SUCCESS(PsInitSystem()) || !NT_SUCCESS(ExpInitializeEventObjectType()) ||
        !NT_SUCCESS(ExpInitializeMutantObjectType()) ||
        !NT_SUCCESS(ExpInitializeSemaphoreObjectType()) ||
        !NT_SUCCESS(ExpInitializeTimerObjectType()) || !NT_SUCCESS(ExpInitializeCallbacks()))
        KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, 0x50, 0, 0, 0);
    MiInitializeLoadedModules(LoaderBlock);
    IopInitializeBootFiles(LoaderBlock);
    if (ExpBootOption("SOS", NULL, 0))
        ExpPrintModules();
    if (!HalInitSystem(0, LoaderBlock))
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, 0, 0, 0, 0);
    KiInitializeSystemTime();
    ExpInitializeTimeZone();
    /* Phase 1 starts the clock; from here on the kernel runs with interrupts enabled. */
    if (!HalInitSystem(1, LoaderBlock))
        DbgPrint("Basalt: HAL phase 1 failed: no clock interrupt\n");
    KiInitializeDpcs();
    _enable();
    Status = KeInitializeThread(&ExpPhase1Thread, NULL, ExpPhase1Initialization, LoaderBlock,
                                KeGetSystemProcess());
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 0, 0, 0);
    KeStartThread(&ExpPhase1Thread);
}
