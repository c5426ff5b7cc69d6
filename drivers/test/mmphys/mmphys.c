/* SPDX-License-Identifier: MIT */
/*
 * mmphys.sys: the physical-memory exports as a third-party driver uses them, built with gcc
 * against mingw-w64's DDK headers and import libraries only: contiguous memory inside a
 * window and its cache type, pages for an MDL mapped and freed, and the NULL returns
 * Microsoft documents for requests that cannot be met. Its cases run when the kernel's
 * Drivers self-test suite asks \Device\KtTestMmphys for them (kttest.h).
 */
#include <ntddk.h>

#include "kttest.h"

DRIVER_INITIALIZE DriverEntry;

#define MP_MB (1024ll * 1024)

static PHYSICAL_ADDRESS
MpPa(LONGLONG Value)
{
    PHYSICAL_ADDRESS Address;

    Address.QuadPart = Value;
    return Address;
}

static PCSTR
MpContiguous(VOID)
{
    PUCHAR Va = MmAllocateContiguousMemorySpecifyCache(
        4 * PAGE_SIZE, MpPa(8 * MP_MB), MpPa(256 * MP_MB - 1), MpPa(64 * 1024), MmNonCached);
    BOOLEAN Contiguous = TRUE;
    LONGLONG Base;
    ULONG I;

    if (Va == NULL)
        return "no 4 pages in [8 MiB, 256 MiB)";
    Base = MmGetPhysicalAddress(Va).QuadPart;
    for (I = 1; I < 4; I++)
        if (MmGetPhysicalAddress(Va + I * PAGE_SIZE).QuadPart != Base + I * PAGE_SIZE)
            Contiguous = FALSE;
    RtlFillMemory(Va, 4 * PAGE_SIZE, 0x5A);
    MmFreeContiguousMemory(Va);
    if (!Contiguous)
        return "not physically contiguous";
    if (Base < 8 * MP_MB || Base + 4 * PAGE_SIZE > 256 * MP_MB)
        return "outside the window";
    if (Base / (64 * 1024) != (Base + 4 * PAGE_SIZE - 1) / (64 * 1024))
        return "crosses the 64 KiB boundary";
    return NULL;
}

static PCSTR
MpContiguousRejects(VOID)
{
    if (MmAllocateContiguousMemory(0, MpPa(MAXLONGLONG)) != NULL)
        return "zero bytes allocated";
    if (MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, MpPa(0), MpPa(MAXLONGLONG), MpPa(0x1800),
                                               MmCached) != NULL)
        return "a boundary that is not a power of two was accepted";
    if (MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, MpPa(0), MpPa(MAXLONGLONG), MpPa(0),
                                               MmMaximumCacheType) != NULL)
        return "a bad cache type was accepted";
    return NULL;
}

static PCSTR
MpPagesForMdl(VOID)
{
    PMDL Mdl = MmAllocatePagesForMdlEx(MpPa(0), MpPa(MAXLONGLONG), MpPa(0), 5 * PAGE_SIZE, MmCached,
                                       MM_ALLOCATE_FULLY_REQUIRED);
    PCSTR Failed = NULL;
    PULONG Va;
    ULONG I, Dirty = 0;

    if (Mdl == NULL)
        return "no five pages";
    if (MmGetMdlByteCount(Mdl) != 5 * PAGE_SIZE)
        Failed = "wrong byte count";
    else if ((Va = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE,
                                                NormalPagePriority)) == NULL)
        Failed = "cannot map the MDL";
    else
    {
        for (I = 0; I < 5 * PAGE_SIZE / sizeof(ULONG); I++)
            Dirty |= Va[I];
        MmUnmapLockedPages(Va, Mdl);
        if (Dirty != 0)
            Failed = "pages not zeroed";
    }
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    return Failed;
}

static PCSTR
MpPagesForMdlRejects(VOID)
{
    if (MmAllocatePagesForMdl(MpPa(0), MpPa(MAXLONGLONG), MpPa(0), 0) != NULL)
        return "zero bytes allocated";
    if (MmAllocatePagesForMdl(MpPa(0), MpPa(MAXLONGLONG), MpPa(PAGE_SIZE / 2), PAGE_SIZE) != NULL)
        return "SkipBytes that is not a page multiple was accepted";
    return NULL;
}

static const KTTEST_CASE MpCases[] = {
    {"contiguous memory in a window, within a boundary", MpContiguous},
    {"contiguous requests that cannot be met return NULL", MpContiguousRejects},
    {"zeroed pages for an MDL, mapped and freed", MpPagesForMdl},
    {"MDL page requests that cannot be met return NULL", MpPagesForMdlRejects},
};

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = KtTestUnload;
    return KtTestCreateDevice(DriverObject, L"\\Device\\" KTTEST_DEVICE_PREFIX L"Mmphys", MpCases,
                              RTL_NUMBER_OF(MpCases), &Device);
}
