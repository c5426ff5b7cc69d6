/* SPDX-License-Identifier: MIT */
/*
 * waitirql.sys: waits on an event with a timeout at DISPATCH_LEVEL, which NT forbids (only
 * a zero timeout may be used there). The kernel must stop with IRQL_NOT_LESS_OR_EQUAL and
 * a trace into this driver instead of blocking the processor's dispatcher.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10000000};
    KEVENT Event;
    KIRQL OldIrql;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    DbgPrint("waitirql.sys: waiting at DISPATCH_LEVEL, expect IRQL_NOT_LESS_OR_EQUAL\n");
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Status = KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout);
    KeLowerIrql(OldIrql);
    DbgPrint("waitirql.sys: the wait returned 0x%08X\n", Status);
    return STATUS_UNSUCCESSFUL;
}
