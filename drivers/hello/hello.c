/* SPDX-License-Identifier: MIT */
/*
 * hello.sys: the smallest boot driver, built like a third-party driver against mingw-w64's
 * DDK headers and import libraries only. It proves the driver ABI end to end: ntoskrnl.exe
 * imports (DbgPrint, RtlInitUnicodeString), a HAL import (KeStallExecutionProcessor) and a
 * HAL import that hal.dll forwards back into the kernel (HalDisplayString), and two that only
 * mingw-w64's libhal.a made hal.dll export (HalMakeBeep, KeFlushWriteBuffer). It is built twice:
 * hello.sys against mingw-w64's import libraries, hellodef.sys against the ones generated
 * from our .def files, and must bind either way. hellodef.sys sets no DriverUnload
 * (HELLO_NO_UNLOAD): the "Io load" self-tests need a driver that cannot be unloaded.
 */
#include <ntddk.h>

/* Exported by hal.dll and listed in libhal.a, but not declared by the DDK headers (ntddk.h
 * declares HalMakeBeep only without NO_LEGACY_DRIVERS, which wdm.h always defines). */
NTHALAPI VOID NTAPI HalDisplayString(PUCHAR String);
NTHALAPI BOOLEAN NTAPI HalMakeBeep(ULONG Frequency);

DRIVER_INITIALIZE DriverEntry;

#ifndef HELLO_NO_UNLOAD
static DRIVER_UNLOAD HelloUnload;

static VOID NTAPI
HelloUnload(PDRIVER_OBJECT DriverObject)
{
    DbgPrint("%wZ: unloading\n", &DriverObject->DriverName);
}
#endif

/* Called once the other boot drivers, then the system-start drivers, have started. */
static VOID NTAPI
HelloReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    DbgPrint("%wZ: %s reinitialisation, call %lu\n", &DriverObject->DriverName, (PCSTR)Context,
             Count);
}

/* Ke and Hal routines a driver commonly binds: time, the performance counter, spin locks. */
static VOID
HelloReportTime(PUNICODE_STRING Name)
{
    LARGE_INTEGER Frequency, Counter, Now;
    TIME_FIELDS Fields;
    KSPIN_LOCK Lock;
    KIRQL OldIrql, LockedIrql;

    KeInitializeSpinLock(&Lock);
    KeAcquireSpinLock(&Lock, &OldIrql);
    LockedIrql = KeGetCurrentIrql();
    KeReleaseSpinLock(&Lock, OldIrql);
    Counter = KeQueryPerformanceCounter(&Frequency);
    KeQuerySystemTime(&Now);
    RtlTimeToTimeFields(&Now, &Fields);
    DbgPrint("%wZ: %04d-%02d-%02d, performance counter %I64d at %I64d Hz, IRQL %u under a "
             "spin lock\n",
             Name, Fields.Year, Fields.Month, Fields.Day, Counter.QuadPart, Frequency.QuadPart,
             LockedIrql);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Greeting;

    RtlInitUnicodeString(&Greeting, L"hello from a DDK driver");
    DbgPrint("%wZ: DriverEntry(%p, %wZ)\n", &DriverObject->DriverName, DriverObject, RegistryPath);
    DbgPrint("%wZ: %wZ\n", &DriverObject->DriverName, &Greeting);
    KeStallExecutionProcessor(10);
    HelloReportTime(&DriverObject->DriverName);
    HalDisplayString((PUCHAR) "hello: HalDisplayString reached the boot console\n");
    KeFlushWriteBuffer();
    DbgPrint("%wZ: HalMakeBeep(0) silenced the speaker: %s\n", &DriverObject->DriverName,
             HalMakeBeep(0) ? "yes" : "no");
    IoRegisterBootDriverReinitialization(DriverObject, HelloReinitialize, "boot");
    IoRegisterDriverReinitialization(DriverObject, HelloReinitialize, "driver");
#ifndef HELLO_NO_UNLOAD
    DriverObject->DriverUnload = HelloUnload;
#endif
    return STATUS_SUCCESS;
}
