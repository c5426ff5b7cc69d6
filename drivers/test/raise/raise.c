/* SPDX-License-Identifier: MIT */
/*
 * raise.sys: a test driver that raises an exception nobody handles. The kernel must stop
 * with KMODE_EXCEPTION_NOT_HANDLED naming the status, as Windows does.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrint("raise.sys: raising STATUS_INSUFFICIENT_RESOURCES with no handler\n");
    ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return STATUS_SUCCESS;
}
