/* SPDX-License-Identifier: MIT */
/*
 * contigdouble.sys: frees the same contiguous allocation twice, as a buggy driver would. The
 * second free must stop the machine with BAD_POOL_CALLER (0xC2, first parameter 0x60, the
 * address second), naming this driver in the stack trace, rather than free pages that are
 * no longer the driver's.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PHYSICAL_ADDRESS Highest;
    PVOID Block;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    Highest.QuadPart = MAXLONGLONG;
    Block = MmAllocateContiguousMemory(2 * PAGE_SIZE, Highest);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrint("contigdouble.sys: freeing %p twice, expect BAD_POOL_CALLER\n", Block);
    MmFreeContiguousMemory(Block);
    MmFreeContiguousMemory(Block);
    return STATUS_UNSUCCESSFUL;
}
