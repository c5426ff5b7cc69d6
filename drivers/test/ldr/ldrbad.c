/* SPDX-License-Identifier: MIT */
/*
 * ldrnoname.sys and ldrnoord.sys: import from ldrexport.sys something it does not export,
 * a name (LDR_MISSING_NAME) or an ordinal. Loading must fail with the exact status, after
 * loading and unloading ldrexport.sys, and leave nothing behind.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
ULONG NTAPI LdrExportAdd(ULONG A, ULONG B);
#ifdef LDR_MISSING_NAME
VOID NTAPI LdrExportNoSuchRoutine(VOID);
#define LDR_MISSING() LdrExportNoSuchRoutine()
#else
VOID NTAPI LdrExportNoSuchOrdinal(VOID);
#define LDR_MISSING() LdrExportNoSuchOrdinal()
#endif

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (LdrExportAdd(1, 2) == 0)
        LDR_MISSING();
    return STATUS_SUCCESS;
}
