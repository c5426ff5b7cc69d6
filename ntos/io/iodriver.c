/* SPDX-License-Identifier: MIT */
/*
 * Driver objects: the Driver type, objects named \Driver\<name>, made and started by
 * IopCreateDriver and stopped by IopUnloadDriver. A driver object's body is the DDK's
 * DRIVER_OBJECT, its DRIVER_EXTENSION and the two name buffers. The object is permanent
 * while the driver is loaded; each of its devices holds a reference on it.
 */
#include "iop.h"

#define IOP_DRIVER_DIRECTORY L"\\Driver\\"
#define IOP_UNLOAD_POLL_MS 10
#define IOP_UNLOAD_WARN_POLLS 500 /* five seconds */

POBJECT_TYPE IopDriverObjectType;

typedef struct _IOP_DRIVER
{
    DRIVER_OBJECT Object;
    DRIVER_EXTENSION Extension;
    UNICODE_STRING RegistryPath;
    WCHAR Names[]; /* DriverName, then RegistryPath, each with a NUL */
} IOP_DRIVER, *PIOP_DRIVER;

/* What a major function no driver routine handles answers, as on NT. */
NTSTATUS NTAPI
IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS
IopInitializeDriverType(VOID)
{
    static const GENERIC_MAPPING Mapping = {
        STANDARD_RIGHTS_READ | FILE_READ_DATA, STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA,
        STANDARD_RIGHTS_EXECUTE | FILE_EXECUTE, FILE_ALL_ACCESS};

    IopDriverObjectType = ObpCreateObjectType(L"Driver", IOP_DRIVER_TAG, FILE_ALL_ACCESS, NULL);
    if (IopDriverObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    IopDriverObjectType->GenericMapping = Mapping;
    return STATUS_SUCCESS;
}

/* Copy Source after Prefix into Buffer (room checked by the caller) and describe it. */
static VOID
IopCopyName(PWCHAR Buffer, PCWSTR Prefix, PCUNICODE_STRING Source, PUNICODE_STRING String)
{
    SIZE_T PrefixLength = Prefix != NULL ? wcslen(Prefix) * sizeof(WCHAR) : 0;

    if (PrefixLength != 0)
        RtlCopyMemory(Buffer, Prefix, PrefixLength);
    if (Source != NULL)
        RtlCopyMemory((PUCHAR)Buffer + PrefixLength, Source->Buffer, Source->Length);
    String->Buffer = Buffer;
    String->Length = (USHORT)(PrefixLength + (Source != NULL ? Source->Length : 0));
    String->MaximumLength = String->Length + sizeof(WCHAR);
    Buffer[String->Length / sizeof(WCHAR)] = UNICODE_NULL;
}

/* The service key name is the registry path's last component, as NT gives it. */
static VOID
IopSetServiceKeyName(PIOP_DRIVER Driver)
{
    PUNICODE_STRING Path = &Driver->RegistryPath, Key = &Driver->Extension.ServiceKeyName;
    USHORT I = Path->Length / sizeof(WCHAR);

    while (I > 0 && Path->Buffer[I - 1] != L'\\')
        I--;
    Key->Buffer = Path->Buffer + I;
    Key->Length = (USHORT)(Path->Length - I * sizeof(WCHAR));
    Key->MaximumLength = Key->Length + sizeof(WCHAR);
}

/* A driver object named Name (in \Driver unless absolute), not yet in the namespace. */
static NTSTATUS
IopAllocateDriver(PCUNICODE_STRING Name, PCUNICODE_STRING RegistryPath, PIOP_DRIVER *Out)
{
    PCWSTR Prefix = (Name->Length > 0 && Name->Buffer[0] == L'\\') ? NULL : IOP_DRIVER_DIRECTORY;
    SIZE_T NameBytes = (Prefix != NULL ? wcslen(Prefix) * sizeof(WCHAR) : 0) + Name->Length;
    SIZE_T PathBytes = RegistryPath != NULL ? RegistryPath->Length : 0;
    SIZE_T Size = sizeof(IOP_DRIVER) + NameBytes + PathBytes + 2 * sizeof(WCHAR);
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING FullName;
    PWCHAR Buffer;
    PIOP_DRIVER Driver;
    NTSTATUS Status;
    ULONG I;

    *Out = NULL;
    if (Name->Length == 0 || NameBytes > MAXUSHORT - sizeof(WCHAR) || Size > MAXULONG)
        return STATUS_OBJECT_NAME_INVALID;
    Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, NameBytes + sizeof(WCHAR), IOP_MISC_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    IopCopyName(Buffer, Prefix, Name, &FullName);
    InitializeObjectAttributes(&Attributes, &FullName, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    Status = ObCreateObject(KernelMode, IopDriverObjectType, &Attributes, KernelMode, NULL,
                            (ULONG)Size, 0, 0, (PVOID *)&Driver);
    if (NT_SUCCESS(Status))
    {
        IopCopyName(Driver->Names, NULL, &FullName, &Driver->Object.DriverName);
        IopCopyName(Driver->Names + NameBytes / sizeof(WCHAR) + 1, NULL, RegistryPath,
                    &Driver->RegistryPath);
        IopSetServiceKeyName(Driver);
        Driver->Object.Type = IO_TYPE_DRIVER;
        Driver->Object.Size = sizeof(DRIVER_OBJECT);
        Driver->Object.DriverExtension = &Driver->Extension;
        Driver->Extension.DriverObject = &Driver->Object;
        for (I = 0; I <= IRP_MJ_MAXIMUM_FUNCTION; I++)
            Driver->Object.MajorFunction[I] = IopInvalidDeviceRequest;
        *Out = Driver;
    }
    ExFreePoolWithTag(Buffer, IOP_MISC_TAG);
    return Status;
}

/* DriverEntry succeeded: its devices may now be opened (NT clears the flag for drivers). */
static VOID
IopReadyDevices(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);

    for (Device = DriverObject->DeviceObject; Device != NULL; Device = Device->NextDevice)
        Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
}

/* A driver whose DriverEntry failed leaves nothing behind: its devices and name go. */
static VOID
IopDeleteFailedDriver(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device;

    while ((Device = DriverObject->DeviceObject) != NULL &&
           !IopDeviceExtension(Device)->DeletePending)
    {
        DbgPrint("Io: %wZ failed and left a device; deleting it\n", &DriverObject->DriverName);
        IoDeleteDevice(Device);
    }
    IopForgetReinit(DriverObject);
    ObMakeTemporaryObject(DriverObject);
    ObfDereferenceObject(DriverObject);
}

/*
 * Make the driver object Name (a name without a backslash goes in \Driver), call its
 * DriverEntry (Init) with RegistryPath, and on success return it referenced in *Out: the
 * reference IopUnloadDriver consumes. On failure nothing is left and DriverEntry's status
 * comes back.
 */
NTSTATUS
IopCreateDriver(PCUNICODE_STRING Name, PDRIVER_INITIALIZE Init, PCUNICODE_STRING RegistryPath,
                PVOID ImageBase, ULONG ImageSize, PDRIVER_OBJECT *Out)
{
    PIOP_DRIVER Driver;
    PVOID Inserted;
    NTSTATUS Status;

    PAGED_CODE();
    *Out = NULL;
    if (Init == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = IopAllocateDriver(Name, RegistryPath, &Driver);
    if (!NT_SUCCESS(Status))
        return Status;
    Driver->Object.DriverStart = ImageBase;
    Driver->Object.DriverSize = ImageSize;
    Driver->Object.DriverInit = Init;
    Status = ObInsertObject(Driver, NULL, 0, 0, &Inserted, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = Init(&Driver->Object, &Driver->RegistryPath);
    if (!NT_SUCCESS(Status))
    {
        IopDeleteFailedDriver(&Driver->Object);
        return Status;
    }
    IopReadyDevices(&Driver->Object);
    *Out = &Driver->Object;
    return Status;
}

/*
 * Stop a driver IopCreateDriver started: DriverUnload, then wait until every device it
 * made is gone (deleted and no longer open), then the name and the caller's reference go.
 * A driver without DriverUnload cannot be unloaded: STATUS_INVALID_DEVICE_REQUEST.
 */
NTSTATUS
IopUnloadDriver(PDRIVER_OBJECT DriverObject)
{
    ULONG Polls = 0;
    LARGE_INTEGER Delay;

    PAGED_CODE();
    if (DriverObject->DriverUnload == NULL)
        return STATUS_INVALID_DEVICE_REQUEST;
    DriverObject->Flags |= DRVO_UNLOAD_INVOKED;
    IopForgetReinit(DriverObject);
    DriverObject->DriverUnload(DriverObject);
    Delay.QuadPart = -10000LL * IOP_UNLOAD_POLL_MS;
    while (DriverObject->DeviceObject != NULL)
    {
        if (++Polls == IOP_UNLOAD_WARN_POLLS)
            DbgPrint("Io: %wZ unloaded but its devices are still open\n",
                     &DriverObject->DriverName);
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    }
    ObMakeTemporaryObject(DriverObject);
    ObfDereferenceObject(DriverObject);
    return STATUS_SUCCESS;
}
