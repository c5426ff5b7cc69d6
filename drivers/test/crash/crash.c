/* SPDX-License-Identifier: MIT */
/*
 * crash.sys: a test driver whose DriverEntry touches an unmapped kernel address through a
 * nested call, so the boot test can check the bugcheck path end to end: the page fault, the
 * PAGE_FAULT_IN_NONPAGED_AREA stop screen and a stack trace through this driver's frames.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

/* Below the kernel's image region: never mapped by the loader. */
#define CRASH_ADDRESS ((volatile ULONG *)0xFFFFF7FFDEAD0000ull)

static DECLSPEC_NOINLINE ULONG
CrashTouch(volatile ULONG *Address)
{
    return *Address;
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrint("crash.sys: %wZ: reading %p, expect PAGE_FAULT_IN_NONPAGED_AREA\n", RegistryPath,
             CRASH_ADDRESS);
    return CrashTouch(CRASH_ADDRESS) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
