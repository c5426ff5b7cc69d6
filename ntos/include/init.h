/* SPDX-License-Identifier: MIT */
/* Executive initialisation: boot options and the phases run from KiSystemStartup. */
#ifndef BASALT_INIT_H
#define BASALT_INIT_H

/* Look a "/NAME" or "/NAME=VALUE" switch up in the load options (case-insensitive). The
 * value, if wanted, is copied NUL-terminated into Value. */
BOOLEAN ExpBootOption(PCSTR Name, PCHAR Value, SIZE_T ValueSize);
BOOLEAN ExpBootOptionNumber(PCSTR Name, PULONG Number);

VOID ExpInitializeExecutive(PLOADER_PARAMETER_BLOCK LoaderBlock);
NTSTATUS ExpInitializeWorkerThreads(VOID);
NTSTATUS ExpInitializeEventObjectType(VOID);
NTSTATUS ExpInitializeMutantObjectType(VOID);
NTSTATUS ExpInitializeSemaphoreObjectType(VOID);
NTSTATUS ExpInitializeTimerObjectType(VOID);
NTSTATUS ExpInitializeCallbacks(VOID);

/* QEMU's isa-debug-exit device, present when Basalt runs its self-tests under scripts/run. */
#define EXP_TEST_EXIT_PORT 0xF4
#define EXP_TEST_EXIT_PASSED 0x10 /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define EXP_TEST_EXIT_FAILED 0x11 /* 35 */
VOID ExpTestExit(BOOLEAN Passed);

#endif
