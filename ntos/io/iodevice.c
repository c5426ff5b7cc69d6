/* SPDX-License-Identifier: MIT */
/*
 * Device objects. IoCreateDevice makes a Device object (named in the namespace or not) whose
 * body holds the DEVICE_OBJECT, the driver's zeroed extension at 0x150 and the I/O manager's
 * IOP_DEVICE_EXTENSION, and links it at the head of its driver's list. IoDeleteDevice takes
 * the name away at once, but the device stays on the list and keeps its creation reference
 * until the last open (DEVICE_OBJECT.ReferenceCount, one per file object) is gone, as on NT;
 * the object itself goes with its last Ob reference and drops its reference on the driver.
 */
#include "iop.h"

POBJECT_TYPE IopDeviceObjectType;
KSPIN_LOCK IopDatabaseLock;

#define IOP_DEVICE_BODY_OFFSET 0x150 /* Windows' sizeof(DEVICE_OBJECT), 16-byte aligned */

static VOID
IopDeleteDeviceObject(PVOID Object)
{
    PDEVICE_OBJECT Device = Object;

    if (Device->Timer != NULL)
        ExFreePoolWithTag(Device->Timer, IOP_MISC_TAG);
    if (Device->DriverObject != NULL)
        ObfDereferenceObject(Device->DriverObject);
}

NTSTATUS
IopInitializeDeviceType(VOID)
{
    static const GENERIC_MAPPING Mapping = {
        STANDARD_RIGHTS_READ | FILE_READ_DATA, STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA,
        STANDARD_RIGHTS_EXECUTE | FILE_EXECUTE, FILE_ALL_ACCESS};

    KeInitializeSpinLock(&IopDatabaseLock);
    IopDeviceObjectType =
        ObpCreateObjectType(L"Device", IOP_DEVICE_TAG, FILE_ALL_ACCESS, IopDeleteDeviceObject);
    if (IopDeviceObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    IopDeviceObjectType->GenericMapping = Mapping;
    IopDeviceObjectType->ParseProcedure = IopParseDevice;
    return STATUS_SUCCESS;
}

/* Disks and file systems get NT's default sector size; other devices none. */
static USHORT
IopDefaultSectorSize(DEVICE_TYPE DeviceType)
{
    switch (DeviceType)
    {
        case FILE_DEVICE_DISK:
        case FILE_DEVICE_DISK_FILE_SYSTEM:
        case FILE_DEVICE_VIRTUAL_DISK:
            return 512;
        case FILE_DEVICE_CD_ROM:
        case FILE_DEVICE_CD_ROM_FILE_SYSTEM:
            return 2048;
        default:
            return 0;
    }
}

static VOID
IopInitializeDevice(PDEVICE_OBJECT Device, PDRIVER_OBJECT DriverObject, ULONG ExtensionSize,
                    DEVICE_TYPE DeviceType, ULONG Characteristics, BOOLEAN Exclusive, BOOLEAN Named)
{
    PUCHAR Body = (PUCHAR)Device;
    PIOP_DEVICE_EXTENSION Private =
        (PIOP_DEVICE_EXTENSION)(Body + IOP_DEVICE_BODY_OFFSET + ALIGN_UP_BY(ExtensionSize, 16));

    Device->Type = IO_TYPE_DEVICE;
    Device->Size = (USHORT)(sizeof(DEVICE_OBJECT) + ExtensionSize);
    Device->DriverObject = DriverObject;
    Device->DeviceExtension = ExtensionSize != 0 ? Body + IOP_DEVICE_BODY_OFFSET : NULL;
    Device->DeviceType = DeviceType;
    Device->Characteristics = Characteristics;
    Device->Flags =
        DO_DEVICE_INITIALIZING | (Exclusive ? DO_EXCLUSIVE : 0) | (Named ? DO_DEVICE_HAS_NAME : 0);
    Device->StackSize = 1;
    Device->AlignmentRequirement = FILE_BYTE_ALIGNMENT;
    Device->SectorSize = IopDefaultSectorSize(DeviceType);
    KeInitializeDeviceQueue(&Device->DeviceQueue);
    KeInitializeEvent(&Device->DeviceLock, SynchronizationEvent, TRUE);
    Private->Public.Type = IO_TYPE_DEVICE_OBJECT_EXTENSION;
    Private->Public.Size = sizeof(DEVOBJ_EXTENSION);
    Private->Public.DeviceObject = Device;
    KeInitializeSpinLock(&Private->StartIoLock);
    Device->DeviceObjectExtension = &Private->Public;
}

NTSTATUS NTAPI
IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
               DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive,
               PDEVICE_OBJECT *DeviceObject)
{
    BOOLEAN Named = DeviceName != NULL && DeviceName->Length != 0;
    OBJECT_ATTRIBUTES Attributes;
    PDEVICE_OBJECT Device;
    PVOID Inserted;
    NTSTATUS Status;
    KIRQL OldIrql;

    PAGED_CODE();
    *DeviceObject = NULL;
    if (DeviceExtensionSize > MAXUSHORT - sizeof(DEVICE_OBJECT))
        return STATUS_INVALID_PARAMETER;
    InitializeObjectAttributes(&Attributes, Named ? DeviceName : NULL,
                               OBJ_KERNEL_HANDLE | (Named ? OBJ_PERMANENT : 0), NULL, NULL);
    Status = ObCreateObject(KernelMode, IopDeviceObjectType, &Attributes, KernelMode, NULL,
                            IOP_DEVICE_BODY_OFFSET + ALIGN_UP_BY(DeviceExtensionSize, 16) +
                                sizeof(IOP_DEVICE_EXTENSION),
                            0, 0, (PVOID *)&Device);
    if (!NT_SUCCESS(Status))
        return Status;
    IopInitializeDevice(Device, DriverObject, DeviceExtensionSize, DeviceType,
                        DeviceCharacteristics, Exclusive, Named);
    ObfReferenceObject(DriverObject); /* dropped by the delete procedure */
    /* The reference ObInsertObject returns is the creation reference IoDeleteDevice drops. */
    Status = ObInsertObject(Device, NULL, 0, 0, &Inserted, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    Device->NextDevice = DriverObject->DeviceObject;
    DriverObject->DeviceObject = Device;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    *DeviceObject = Device;
    return STATUS_SUCCESS;
}

/* Database lock held: take Device off its driver's list; TRUE if this call did. */
static BOOLEAN
IopUnlinkDevice(PDEVICE_OBJECT Device)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(Device);
    PDEVICE_OBJECT *Link;

    if (!Private->DeletePending || Private->Unlinked || Device->ReferenceCount != 0)
        return FALSE;
    Private->Unlinked = TRUE;
    for (Link = &Device->DriverObject->DeviceObject; *Link != NULL; Link = &(*Link)->NextDevice)
    {
        if (*Link == Device)
        {
            *Link = Device->NextDevice;
            break;
        }
    }
    return TRUE;
}

VOID NTAPI
IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    BOOLEAN Unlinked;
    KIRQL OldIrql;

    IoUnregisterShutdownNotification(DeviceObject);
    if (DeviceObject->Timer != NULL)
        IopRemoveTimer(DeviceObject);
    if (DeviceObject->Flags & DO_DEVICE_HAS_NAME)
        ObMakeTemporaryObject(DeviceObject);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    IopDeviceExtension(DeviceObject)->DeletePending = TRUE;
    Unlinked = IopUnlinkDevice(DeviceObject);
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    if (Unlinked)
        ObfDereferenceObject(DeviceObject);
}

VOID
IopDereferenceDeviceOpen(PDEVICE_OBJECT DeviceObject)
{
    BOOLEAN Unlinked;
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    DeviceObject->ReferenceCount--;
    Unlinked = IopUnlinkDevice(DeviceObject);
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    if (Unlinked)
        ObfDereferenceObject(DeviceObject);
}

/* Opens a handle to the file and drops it, keeping the file object: it keeps the device
 * open and referenced until the caller dereferences *FileObject. */
NTSTATUS NTAPI
IoGetDeviceObjectPointer(PUNICODE_STRING ObjectName, ACCESS_MASK DesiredAccess,
                         PFILE_OBJECT *FileObject, PDEVICE_OBJECT *DeviceObject)
{
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    PFILE_OBJECT File;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    *FileObject = NULL;
    *DeviceObject = NULL;
    InitializeObjectAttributes(&Attributes, ObjectName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    Status = ZwOpenFile(&Handle, DesiredAccess, &Attributes, &IoStatus, 0, FILE_NON_DIRECTORY_FILE);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObReferenceObjectByHandle(Handle, 0, *IoFileObjectType, KernelMode, (PVOID *)&File, NULL);
    if (NT_SUCCESS(Status))
    {
        *FileObject = File;
        *DeviceObject = IoGetRelatedDeviceObject(File);
    }
    ZwClose(Handle);
    return Status;
}

/* Symbolic links are permanent Ob links until IoDeleteSymbolicLink makes them temporary.
 * Security NULL gives the default descriptor. */
NTSTATUS
IopCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName,
                      PSECURITY_DESCRIPTOR Security)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, SymbolicLinkName,
                               OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               Security);
    Status = ZwCreateSymbolicLinkObject(&Handle, SYMBOLIC_LINK_ALL_ACCESS, &Attributes, DeviceName);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

NTSTATUS NTAPI
IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
    return IopCreateSymbolicLink(SymbolicLinkName, DeviceName, NULL);
}

NTSTATUS NTAPI
IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, SymbolicLinkName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, DELETE, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ZwMakeTemporaryObject(Handle);
    ZwClose(Handle);
    return Status;
}
