/* SPDX-License-Identifier: MIT */
/*
 * spinrecurse.sys: a test driver that acquires one spin lock twice. On NT this deadlocks or,
 * with verification, stops with SPIN_LOCK_ALREADY_OWNED; Basalt always detects it, and the
 * boot test checks the stop code.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

static KSPIN_LOCK Lock;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KIRQL First, Second;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&Lock);
    KeAcquireSpinLock(&Lock, &First);
    DbgPrint("spinrecurse.sys: acquiring %p again, expect SPIN_LOCK_ALREADY_OWNED\n", &Lock);
    KeAcquireSpinLock(&Lock, &Second);
    KeReleaseSpinLock(&Lock, Second);
    KeReleaseSpinLock(&Lock, First);
    return STATUS_SUCCESS;
}
