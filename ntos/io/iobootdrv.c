/* SPDX-License-Identifier: MIT */
/*
 * Boot driver initialisation: every boot driver the loader bound gets a driver object
 * \Driver\<service> and its Services registry path through IopCreateDriver, which calls its
 * DriverEntry. The service is the Services key the loader found it under (its ImagePath may
 * name a file of another name). The results are kept for the self-tests, while the driver
 * is loaded.
 */
#include "iop.h"

#define IOP_MAX_BOOT_DRIVERS 32
#define IOP_SERVICES_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define IOP_NAME_CHARS 128

static IOP_BOOT_DRIVER_RESULT IopResults[IOP_MAX_BOOT_DRIVERS];
static ULONG IopBootDriverCount;

/* Prefix followed by the service name, or without one the file name up to its extension. A
 * name too long for the buffer is cut, terminated, and reported. */
static VOID
IopBuildName(PWCHAR Buffer, PCWSTR Prefix, const LOADER_MODULE *Loader, PUNICODE_STRING String)
{
    PCSTR Name = Loader->ServiceName[0] != 0 ? Loader->ServiceName : Loader->BaseDllName;
    int Length = 0;

    while (Length < LOADER_MAX_NAME - 1 && Name[Length] != 0 &&
           (Name[Length] != '.' || Name == Loader->ServiceName))
        Length++;
    if (RtlStringCchPrintfW(Buffer, IOP_NAME_CHARS, L"%s%.*hs", Prefix, Length, Name) ==
        STATUS_BUFFER_OVERFLOW)
        DbgPrint("Io: driver name %ws cut to %u characters\n", Buffer, IOP_NAME_CHARS - 1);
    RtlInitUnicodeString(String, Buffer);
}

static NTSTATUS
IopInitializeBootDriver(PKLDR_MODULE Module, PDRIVER_OBJECT *DriverObject)
{
    PDRIVER_INITIALIZE Entry = (PDRIVER_INITIALIZE)(ULONG_PTR)Module->Loader->EntryPoint;
    WCHAR NameBuffer[IOP_NAME_CHARS], PathBuffer[IOP_NAME_CHARS];
    UNICODE_STRING Name, RegistryPath;

    if (Entry == NULL)
        return STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
    IopBuildName(NameBuffer, L"", Module->Loader, &Name);
    IopBuildName(PathBuffer, IOP_SERVICES_PATH, Module->Loader, &RegistryPath);
    return IopCreateDriver(&Name, Entry, &RegistryPath, (PVOID)(ULONG_PTR)Module->View.LoadBase,
                           (ULONG)Module->View.Size, DriverObject);
}

VOID
IoInitializeBootDrivers(VOID)
{
    PKLDR_MODULE Module;
    IOP_BOOT_DRIVER_RESULT *Result;
    ULONG I;

    for (I = 0; I < MmLoadedModuleCount() && IopBootDriverCount < IOP_MAX_BOOT_DRIVERS; I++)
    {
        Module = MmLoadedModule(I);
        if (!(Module->Loader->Flags & LDRP_BOOT_DRIVER))
            continue;
        Result = &IopResults[IopBootDriverCount];
        Result->Module = Module;
        Result->Status = IopInitializeBootDriver(Module, &Result->DriverObject);
        if (Result->DriverObject != NULL)
            Result->DriverObject->DriverSection = Module;
        DbgPrint("Io: %s DriverEntry returned 0x%08X\n", Module->Loader->BaseDllName,
                 Result->Status);
        IopBootDriverCount++;
    }
    IopReinitializeBootDrivers();
}

VOID
IopRecordStartedDriver(PKLDR_MODULE Module, PDRIVER_OBJECT DriverObject, NTSTATUS Status)
{
    if (Module == NULL || IopBootDriverCount == IOP_MAX_BOOT_DRIVERS)
        return;
    IopResults[IopBootDriverCount].Module = Module;
    IopResults[IopBootDriverCount].DriverObject = DriverObject;
    IopResults[IopBootDriverCount].Status = Status;
    IopBootDriverCount++;
}

/* Writers hold the load mutex (ioload.c); the self-tests read between loads. */
VOID
IopForgetStartedDriver(PDRIVER_OBJECT DriverObject)
{
    ULONG I;

    for (I = 0; I < IopBootDriverCount; I++)
    {
        if (IopResults[I].DriverObject != DriverObject)
            continue;
        IopBootDriverCount--;
        RtlMoveMemory(&IopResults[I], &IopResults[I + 1],
                      (IopBootDriverCount - I) * sizeof(IopResults[0]));
        return;
    }
}

ULONG
IoBootDriverCount(VOID)
{
    return IopBootDriverCount;
}

const IOP_BOOT_DRIVER_RESULT *
IoBootDriverResult(ULONG Index)
{
    return Index < IopBootDriverCount ? &IopResults[Index] : NULL;
}
