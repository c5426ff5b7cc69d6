/* SPDX-License-Identifier: MIT */
/*
 * ldrimport.sys (and ldrimport2.sys, the same source): an importer of ldrexport.sys for the
 * Ldr self-tests, binding a name, a forwarder (to ntoskrnl.exe) and an ordinal. The test
 * calls LdrImportCompute through its export to see the calls really land.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
ULONG NTAPI LdrExportAdd(ULONG A, ULONG B);
ULONG NTAPI LdrExportMultiply(ULONG A, ULONG B);
SIZE_T NTAPI LdrExportCompareMemory(const VOID *A, const VOID *B, SIZE_T Length);
ULONG NTAPI LdrImportCompute(ULONG A, ULONG B);

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

/* (A + B) * A, plus 1000 when the forwarded compare finds the two words equal. */
ULONG NTAPI
LdrImportCompute(ULONG A, ULONG B)
{
    ULONG Result = LdrExportMultiply(LdrExportAdd(A, B), A);

    if (LdrExportCompareMemory(&A, &B, sizeof(A)) == sizeof(A))
        Result += 1000;
    return Result;
}
