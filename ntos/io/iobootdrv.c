/* SPDX-License-Identifier: MIT */
/*
 * Boot driver initialisation: a DRIVER_OBJECT and the Services registry path for every boot
 * driver the loader bound, then DriverEntry. The I/O manager proper (device objects, IRPs)
 * comes later; until then every major function fails with STATUS_INVALID_DEVICE_REQUEST.
 */
#include "ntos.h"

#define IOP_MAX_BOOT_DRIVERS 32
#define IOP_SERVICES_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define IOP_DRIVER_PREFIX L"\\Driver\\"
#define IOP_NAME_CHARS 128

typedef struct _IOP_BOOT_DRIVER
{
    DRIVER_OBJECT DriverObject;
    DRIVER_EXTENSION Extension;
    WCHAR DriverName[IOP_NAME_CHARS];
    WCHAR RegistryPath[IOP_NAME_CHARS];
    UNICODE_STRING RegistryPathString;
} IOP_BOOT_DRIVER;

static IOP_BOOT_DRIVER IopBootDrivers[IOP_MAX_BOOT_DRIVERS];
static IOP_BOOT_DRIVER_RESULT IopResults[IOP_MAX_BOOT_DRIVERS];
static ULONG IopBootDriverCount;

static NTSTATUS NTAPI
IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    return STATUS_INVALID_DEVICE_REQUEST;
}

/* Prefix followed by the service name: the file name without its extension. A name too
 * long for the buffer is cut, terminated, and reported. */
static VOID
IopBuildName(PWCHAR Buffer, PCWSTR Prefix, PCSTR FileName, PUNICODE_STRING String)
{
    int Length = 0;

    while (FileName[Length] != 0 && FileName[Length] != '.')
        Length++;
    if (RtlStringCchPrintfW(Buffer, IOP_NAME_CHARS, L"%s%.*hs", Prefix, Length, FileName) ==
        STATUS_BUFFER_OVERFLOW)
        DbgPrint("Io: driver name %ws cut to %u characters\n", Buffer, IOP_NAME_CHARS - 1);
    RtlInitUnicodeString(String, Buffer);
}

static NTSTATUS
IopInitializeBootDriver(PKLDR_MODULE Module, IOP_BOOT_DRIVER *Driver)
{
    PDRIVER_OBJECT Object = &Driver->DriverObject;
    PDRIVER_INITIALIZE Entry = (PDRIVER_INITIALIZE)(ULONG_PTR)Module->Loader->EntryPoint;
    ULONG I;

    if (Entry == NULL)
        return STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
    Object->Type = IO_TYPE_DRIVER;
    Object->Size = sizeof(DRIVER_OBJECT);
    Object->DriverStart = (PVOID)(ULONG_PTR)Module->View.LoadBase;
    Object->DriverSize = Module->View.Size;
    Object->DriverExtension = &Driver->Extension;
    Driver->Extension.DriverObject = Object;
    Object->DriverInit = Entry;
    for (I = 0; I <= IRP_MJ_MAXIMUM_FUNCTION; I++)
        Object->MajorFunction[I] = IopInvalidDeviceRequest;
    IopBuildName(Driver->DriverName, IOP_DRIVER_PREFIX, Module->Loader->BaseDllName,
                 &Object->DriverName);
    IopBuildName(Driver->RegistryPath, IOP_SERVICES_PATH, Module->Loader->BaseDllName,
                 &Driver->RegistryPathString);
    Driver->Extension.ServiceKeyName = Driver->RegistryPathString;
    return Entry(Object, &Driver->RegistryPathString);
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
        Result->DriverObject = &IopBootDrivers[IopBootDriverCount].DriverObject;
        Result->Status = IopInitializeBootDriver(Module, &IopBootDrivers[IopBootDriverCount]);
        DbgPrint("Io: %s DriverEntry returned 0x%08X\n", Module->Loader->BaseDllName,
                 Result->Status);
        IopBootDriverCount++;
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
