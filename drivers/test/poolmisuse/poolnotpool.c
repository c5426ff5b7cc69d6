/* SPDX-License-Identifier: MIT */
/*
 * poolnotpool.sys: hands ExFreePool the address of one of its own globals, memory that was
 * never pool. The free must stop the machine with BAD_POOL_CALLER (0xC2, first parameter
 * 0x46, the address second) rather than put the driver's data on a free list.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

static ULONG64 PoolNotPoolData[8];

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrint("poolnotpool.sys: freeing %p, which is not pool, expect BAD_POOL_CALLER\n",
             &PoolNotPoolData[2]);
    ExFreePool(&PoolNotPoolData[2]);
    return STATUS_UNSUCCESSFUL;
}
