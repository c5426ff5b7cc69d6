/* SPDX-License-Identifier: MIT */
/*
 * ZwQuerySystemInformation: one dispatcher over the information classes, each answered by the
 * subsystem that owns the data. Only SystemModuleInformation (Mm's loaded-module list) exists
 * so far; any other class is STATUS_INVALID_INFO_CLASS, logged once per class so a driver
 * that needs one shows up in the log.
 */
#include "ntos.h"

C_ASSERT(sizeof(RTL_PROCESS_MODULE_INFORMATION) == 0x128);
C_ASSERT(FIELD_OFFSET(RTL_PROCESS_MODULE_INFORMATION, ImageBase) == 0x10);
C_ASSERT(FIELD_OFFSET(RTL_PROCESS_MODULE_INFORMATION, LoadOrderIndex) == 0x20);
C_ASSERT(FIELD_OFFSET(RTL_PROCESS_MODULE_INFORMATION, FullPathName) == 0x28);
C_ASSERT(FIELD_OFFSET(RTL_PROCESS_MODULES, Modules) == 8);

#define EXP_LOGGED_CLASSES 256

static LONG ExpLoggedClasses[EXP_LOGGED_CLASSES / 32];

static NTSTATUS
ExpUnknownClass(ULONG Class)
{
    if (Class >= EXP_LOGGED_CLASSES ||
        !InterlockedBitTestAndSet(&ExpLoggedClasses[Class / 32], Class % 32))
        DbgPrint("Ex: ZwQuerySystemInformation: class %u is not implemented\n", Class);
    return STATUS_INVALID_INFO_CLASS;
}

/* Kernel callers only (there is no user mode): buffers are not probed. PASSIVE_LEVEL. */
NTSTATUS NTAPI
ZwQuerySystemInformation(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID SystemInformation,
                         ULONG SystemInformationLength, PULONG ReturnLength)
{
    ULONG Needed = 0;
    NTSTATUS Status;

    PAGED_CODE();
    switch (SystemInformationClass)
    {
        case SystemModuleInformation:
            Status =
                MmQuerySystemModuleInformation(SystemInformation, SystemInformationLength, &Needed);
            break;
        default:
            return ExpUnknownClass((ULONG)SystemInformationClass);
    }
    if (ReturnLength != NULL)
        *ReturnLength = Needed;
    return Status;
}
