/* SPDX-License-Identifier: MIT */
/*
 * badimport.sys: a test driver importing a routine ntoskrnl.exe does not export. The loader
 * must name the import, skip this non-critical boot driver and boot on.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
NTKERNELAPI VOID NTAPI BasaltNoSuchRoutine(VOID);

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    BasaltNoSuchRoutine();
    return STATUS_SUCCESS;
}
