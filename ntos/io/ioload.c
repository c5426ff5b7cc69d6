/* SPDX-License-Identifier: MIT */
/*
 * Drivers loaded at run time, as NT's IopLoadDriver: a Services key names the image
 * (ImagePath, by default \SystemRoot\System32\drivers\<service>.sys); MmLoadSystemImage maps
 * it and binds its imports, IopCreateDriver makes \Driver\<service> and calls DriverEntry
 * with the key's path. Whatever fails, nothing stays behind and the log names the driver and
 * the status. ZwUnloadDriver reverses it. One mutex keeps loads and unloads in order; it is
 * recursive, so a DriverEntry may load another driver.
 */
#include "iop.h"

static KMUTEX IopLoadMutex;

VOID
IopInitializeDriverLoading(VOID)
{
    KeInitializeMutex(&IopLoadMutex, 0);
}

static VOID
IopAcquireLoadMutex(VOID)
{
    KeWaitForSingleObject(&IopLoadMutex, Executive, KernelMode, FALSE, NULL);
}

static VOID
IopReleaseLoadMutex(VOID)
{
    KeReleaseMutex(&IopLoadMutex, FALSE);
}

/* The driver object a service's driver would have, referenced; NULL when not loaded. */
static PDRIVER_OBJECT
IopFindServiceDriver(PCUNICODE_STRING ServiceName)
{
    WCHAR Buffer[IOP_SERVICE_PATH_CHARS];
    UNICODE_STRING Name;
    PVOID Object;

    if (!NT_SUCCESS(
            RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"\\Driver\\%wZ", ServiceName)))
        return NULL;
    RtlInitUnicodeString(&Name, Buffer);
    if (!NT_SUCCESS(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0,
                                            IopDriverObjectType, KernelMode, NULL, &Object)))
        return NULL;
    return Object;
}

/* Map the service's image and start its driver; the caller holds the load mutex. */
static NTSTATUS
IopStartService(PIOP_SERVICE Service, PDRIVER_OBJECT *DriverObject)
{
    PKLDR_MODULE Module;
    PDRIVER_OBJECT Existing;
    NTSTATUS Status;

    *DriverObject = NULL;
    if (Service->Type != SERVICE_KERNEL_DRIVER && Service->Type != SERVICE_FILE_SYSTEM_DRIVER)
        return STATUS_INVALID_IMAGE_FORMAT;
    Existing = IopFindServiceDriver(&Service->Name);
    if (Existing != NULL)
    {
        ObfDereferenceObject(Existing);
        return STATUS_IMAGE_ALREADY_LOADED;
    }
    Status = MmLoadSystemImage(&Service->ImagePath, MM_LOAD_AS_DRIVER, &Module);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Module->Loader->EntryPoint == 0)
        Status = STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
    else
        Status = IopCreateDriver(&Service->Name,
                                 (PDRIVER_INITIALIZE)(ULONG_PTR)Module->Loader->EntryPoint,
                                 &Service->KeyPath, (PVOID)(ULONG_PTR)Module->View.LoadBase,
                                 (ULONG)Module->View.Size, DriverObject);
    if (!NT_SUCCESS(Status))
    {
        MmUnloadSystemImage(Module);
        return Status;
    }
    (*DriverObject)->DriverSection = Module;
    return STATUS_SUCCESS;
}

/*
 * Load the driver of the Services key KeyPath. On success *DriverObject (optional) is the
 * driver object, valid until the driver is unloaded. PASSIVE_LEVEL.
 */
NTSTATUS
IopLoadDriver(PCUNICODE_STRING KeyPath, PDRIVER_OBJECT *DriverObject, PKLDR_MODULE *Module)
{
    IOP_SERVICE Service;
    PDRIVER_OBJECT Driver = NULL;
    NTSTATUS Status;

    PAGED_CODE();
    Status = IopReadService(KeyPath, &Service);
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("Io: cannot load the driver of %wZ: 0x%08X\n", KeyPath, Status);
        return Status;
    }
    IopAcquireLoadMutex();
    Status = IopStartService(&Service, &Driver);
    IopReleaseLoadMutex();
    if (!NT_SUCCESS(Status))
        DbgPrint("Io: driver %wZ (%wZ) not loaded: 0x%08X\n", &Service.Name, &Service.ImagePath,
                 Status);
    else
        IopReinitializeDrivers();
    IopFreeService(&Service);
    if (DriverObject != NULL)
        *DriverObject = Driver;
    if (Module != NULL)
        *Module = Driver != NULL ? Driver->DriverSection : NULL;
    return Status;
}

/*
 * Load the driver of a Services key (\Registry\Machine\System\CurrentControlSet\Services\
 * <name>). STATUS_IMAGE_ALREADY_LOADED if it is loaded; the registry's status if the key
 * cannot be read; the image loader's or DriverEntry's status otherwise.
 */
NTSTATUS NTAPI
ZwLoadDriver(PUNICODE_STRING DriverServiceName)
{
    if (DriverServiceName == NULL || DriverServiceName->Buffer == NULL ||
        DriverServiceName->Length == 0)
        return STATUS_INVALID_PARAMETER;
    return IopLoadDriver(DriverServiceName, NULL, NULL);
}

/*
 * Unload the driver ZwLoadDriver loaded for the key: DriverUnload, its devices gone, then
 * its image. STATUS_OBJECT_NAME_NOT_FOUND if it is not loaded, STATUS_INVALID_DEVICE_REQUEST
 * if it has no DriverUnload. A boot driver's image is freed too, unless another module
 * imports from it.
 */
NTSTATUS NTAPI
ZwUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    UNICODE_STRING Name;
    PDRIVER_OBJECT Driver;
    PKLDR_MODULE Module;
    NTSTATUS Status;
    USHORT Start;

    PAGED_CODE();
    if (DriverServiceName == NULL || DriverServiceName->Buffer == NULL)
        return STATUS_INVALID_PARAMETER;
    Start = DriverServiceName->Length / sizeof(WCHAR);
    while (Start > 0 && DriverServiceName->Buffer[Start - 1] != L'\\')
        Start--;
    Name.Buffer = DriverServiceName->Buffer + Start;
    Name.Length = Name.MaximumLength = DriverServiceName->Length - Start * sizeof(WCHAR);
    if (Name.Length == 0)
        return STATUS_OBJECT_NAME_INVALID;
    IopAcquireLoadMutex();
    Driver = IopFindServiceDriver(&Name);
    if (Driver == NULL || (Driver->Flags & DRVO_UNLOAD_INVOKED))
    {
        IopReleaseLoadMutex();
        if (Driver != NULL)
            ObfDereferenceObject(Driver);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    Module = Driver->DriverSection;
    Status = IopUnloadDriver(Driver);
    if (NT_SUCCESS(Status))
        IopForgetStartedDriver(Driver);
    ObfDereferenceObject(Driver);
    /* The driver is gone even if its image must stay (Mm says why): that is success. */
    if (NT_SUCCESS(Status) && Module != NULL)
        MmUnloadSystemImage(Module);
    IopReleaseLoadMutex();
    if (!NT_SUCCESS(Status))
        DbgPrint("Io: driver %wZ not unloaded: 0x%08X\n", &Name, Status);
    return Status;
}
