/* SPDX-License-Identifier: MIT */
/*
 * badaddress.sys: reads a kernel address nothing is mapped at, as a driver following a stale
 * pointer would. The machine must stop with PAGE_FAULT_IN_NONPAGED_AREA (0x50: the address,
 * a read, this driver's IP) and name this driver as the faulting module.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

/* In the paged-pool region, far past anything the boot allocates: no PTE, no memory. */
#define BAD_ADDRESS 0xFFFFF8A00FFF0000ull

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrint("badaddress.sys: reading %p, expect 0x50\n", (PVOID)BAD_ADDRESS);
    return *(volatile ULONG *)(ULONG_PTR)BAD_ADDRESS;
}
