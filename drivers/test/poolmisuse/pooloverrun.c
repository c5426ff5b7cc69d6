/* SPDX-License-Identifier: MIT */
/*
 * pooloverrun.sys: writes one 16-byte granule past the end of a 64-byte pool allocation.
 * Booted with /SPECIALPOOL, the allocation ends at an unmapped guard page, so the write
 * must fault at once (PAGE_FAULT_IN_NONPAGED_AREA in this driver), as Driver Verifier's
 * special pool catches overruns on Windows.
 */
#include <ntddk.h>

#define POOLOVERRUN_TAG 0x7276764F /* "Ovvr" */

DRIVER_INITIALIZE DriverEntry;

static DECLSPEC_NOINLINE VOID
PoolOverrunFill(PUCHAR Block, SIZE_T Length)
{
    SIZE_T I;

    for (I = 0; I < Length; I++)
        ((volatile UCHAR *)Block)[I] = 0x42;
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PUCHAR Block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, POOLOVERRUN_TAG);

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrint("pooloverrun.sys: writing 80 bytes into a 64-byte block at %p\n", Block);
    PoolOverrunFill(Block, 80);
    ExFreePoolWithTag(Block, POOLOVERRUN_TAG);
    return STATUS_UNSUCCESSFUL;
}
