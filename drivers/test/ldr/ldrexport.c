/* SPDX-License-Identifier: MIT */
/*
 * ldrexport.sys: an export driver (a kernel-mode DLL) for the Ldr self-tests. Never a boot
 * driver: the kernel loads it when an importer needs it. DllInitialize records its calls and
 * the registry path; DllUnload counts into a LONG the test hands over through
 * LdrExportSetUnloadCounter, since this image's own memory is gone afterwards.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
NTSTATUS NTAPI DllInitialize(PUNICODE_STRING RegistryPath);
NTSTATUS NTAPI DllUnload(VOID);
ULONG NTAPI LdrExportAdd(ULONG A, ULONG B);
ULONG NTAPI LdrExportMultiply(ULONG A, ULONG B);
VOID NTAPI LdrExportSetUnloadCounter(volatile LONG *Counter);

typedef struct _LDR_EXPORT_STATE
{
    LONG InitializeCalls;
    WCHAR RegistryPath[96];
} LDR_EXPORT_STATE;

LDR_EXPORT_STATE LdrExportState;
static volatile LONG *LdrExportUnloadCounter;

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
DllInitialize(PUNICODE_STRING RegistryPath)
{
    USHORT Length = min(RegistryPath->Length, (USHORT)(sizeof(LdrExportState.RegistryPath) - 2));

    InterlockedIncrement(&LdrExportState.InitializeCalls);
    RtlCopyMemory(LdrExportState.RegistryPath, RegistryPath->Buffer, Length);
    LdrExportState.RegistryPath[Length / sizeof(WCHAR)] = L'\0';
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
DllUnload(VOID)
{
    if (LdrExportUnloadCounter != NULL)
        InterlockedIncrement(LdrExportUnloadCounter);
    return STATUS_SUCCESS;
}

VOID NTAPI
LdrExportSetUnloadCounter(volatile LONG *Counter)
{
    LdrExportUnloadCounter = Counter;
}

ULONG NTAPI
LdrExportAdd(ULONG A, ULONG B)
{
    return A + B;
}

ULONG NTAPI
LdrExportMultiply(ULONG A, ULONG B)
{
    return A * B;
}
