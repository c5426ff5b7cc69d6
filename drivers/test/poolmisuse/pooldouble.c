/* SPDX-License-Identifier: MIT */
/*
 * pooldouble.sys: frees the same pool block twice, as a buggy driver would. The second
 * free must stop the machine with BAD_POOL_CALLER (0xC2, first parameter 7), naming this
 * driver in the stack trace, rather than corrupt the pool.
 */
#include <ntddk.h>

#define POOLDOUBLE_TAG 0x6C626444 /* "Ddbl" */

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, POOLDOUBLE_TAG);

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrint("pooldouble.sys: freeing %p twice, expect BAD_POOL_CALLER\n", Block);
    ExFreePoolWithTag(Block, POOLDOUBLE_TAG);
    ExFreePoolWithTag(Block, POOLDOUBLE_TAG);
    return STATUS_UNSUCCESSFUL;
}
