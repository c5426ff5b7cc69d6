/* SPDX-License-Identifier: MIT */
/*
 * textwrite.sys: writes into ntoskrnl's code, as a driver patching the kernel would. Images
 * keep W^X after boot: the machine must stop with ATTEMPTED_WRITE_TO_READONLY_MEMORY (0xBE:
 * the address, its PTE), naming this driver as the faulting module.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    /* Through the import: the address of the routine in ntoskrnl's .text. */
    volatile UCHAR *Code = (volatile UCHAR *)(ULONG_PTR)KeBugCheckEx;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrint("textwrite.sys: writing to kernel code at %p, expect 0xBE\n", Code);
    Code[0] = 0xCC;
    return STATUS_UNSUCCESSFUL;
}
