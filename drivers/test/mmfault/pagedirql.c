/* SPDX-License-Identifier: MIT */
/*
 * pagedirql.sys: touches a fresh paged-pool page at DISPATCH_LEVEL, as a buggy driver would.
 * Paged pool faults in on first touch, which cannot happen above APC_LEVEL: the machine must
 * stop with DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1: the address, IRQL 2, a write, this driver's
 * IP) rather than take the page.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    volatile UCHAR *Buffer;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    /* Two pages: the second is past anything the allocation itself touched. */
    Buffer = ExAllocatePoolWithTag(PagedPool, 2 * PAGE_SIZE, 0x74466D4D /* "MmFt" */);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrint("pagedirql.sys: touching paged pool %p at DISPATCH_LEVEL, expect 0xD1\n",
             Buffer + PAGE_SIZE);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Buffer[PAGE_SIZE] = 1;
    KeLowerIrql(OldIrql);
    ExFreePoolWithTag((PVOID)Buffer, 0x74466D4D /* "MmFt" */);
    return STATUS_UNSUCCESSFUL;
}
