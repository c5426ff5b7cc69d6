/* SPDX-License-Identifier: MIT */
/*
 * poolwrongtag.sys: frees a pool block with a tag other than the one it was allocated with.
 * The free must stop the machine with BAD_POOL_CALLER (0xC2, first parameter 0xA) naming
 * both tags, rather than let the block go.
 */
#include <ntddk.h>

#define POOLWRONGTAG_TAG 0x67547257   /* "WrTg" */
#define POOLWRONGTAG_OTHER 0x72687441 /* "Athr" */

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, POOLWRONGTAG_TAG);

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrint("poolwrongtag.sys: freeing %p with the wrong tag, expect BAD_POOL_CALLER\n", Block);
    ExFreePoolWithTag(Block, POOLWRONGTAG_OTHER);
    return STATUS_UNSUCCESSFUL;
}
