/* SPDX-License-Identifier: MIT */
/*
 * Device stacks. A device attached over another sits on top of the target's stack: requests
 * sent to the stack reach it first and it passes them down. Attaching takes a reference on
 * the device attached to; detaching drops it. The stack's shape (AttachedDevice upwards,
 * IOP_DEVICE_EXTENSION.AttachedTo downwards) changes under IopDatabaseLock.
 */
#include "iop.h"

/* Database lock held. */
static PDEVICE_OBJECT
IopTopOfStackLocked(PDEVICE_OBJECT DeviceObject)
{
    while (DeviceObject->AttachedDevice != NULL)
        DeviceObject = DeviceObject->AttachedDevice;
    return DeviceObject;
}

PDEVICE_OBJECT
IopTopOfStack(PDEVICE_OBJECT DeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);

    DeviceObject = IopTopOfStackLocked(DeviceObject);
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return DeviceObject;
}

/*
 * *AttachedToDeviceObject is set before SourceDevice is visible on the stack, so a request
 * arriving at once can already be passed down. A stack whose top is being deleted takes no
 * more devices (NULL, STATUS_NO_SUCH_DEVICE).
 */
NTSTATUS NTAPI
IoAttachDeviceToDeviceStackSafe(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice,
                                PDEVICE_OBJECT *AttachedToDeviceObject)
{
    PDEVICE_OBJECT Top;
    KIRQL OldIrql;

    *AttachedToDeviceObject = NULL;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    Top = IopTopOfStackLocked(TargetDevice);
    if (IopDeviceExtension(Top)->DeletePending || (Top->DriverObject->Flags & DRVO_UNLOAD_INVOKED))
    {
        KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
        return STATUS_NO_SUCH_DEVICE;
    }
    ObfReferenceObject(Top);
    *AttachedToDeviceObject = Top;
    SourceDevice->StackSize = (CCHAR)(Top->StackSize + 1);
    SourceDevice->AlignmentRequirement =
        max(SourceDevice->AlignmentRequirement, Top->AlignmentRequirement);
    SourceDevice->SectorSize = Top->SectorSize;
    IopDeviceExtension(SourceDevice)->AttachedTo = Top;
    Top->AttachedDevice = SourceDevice;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return STATUS_SUCCESS;
}

PDEVICE_OBJECT NTAPI
IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    PDEVICE_OBJECT AttachedTo;

    IoAttachDeviceToDeviceStackSafe(SourceDevice, TargetDevice, &AttachedTo);
    return AttachedTo;
}

/* Attach over the device named TargetDevice (through the file object an open makes). */
NTSTATUS NTAPI
IoAttachDevice(PDEVICE_OBJECT SourceDevice, PUNICODE_STRING TargetDevice,
               PDEVICE_OBJECT *AttachedDevice)
{
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Target;
    NTSTATUS Status;

    *AttachedDevice = NULL;
    Status = IoGetDeviceObjectPointer(TargetDevice, FILE_READ_ATTRIBUTES, &FileObject, &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        IoAttachDeviceToDeviceStackSafe(SourceDevice, FileObject->DeviceObject, AttachedDevice);
    ObfDereferenceObject(FileObject);
    return Status;
}

/* TargetDevice is the device something is attached over: that attachment goes. */
VOID NTAPI
IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
    PDEVICE_OBJECT Attached;
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    Attached = TargetDevice->AttachedDevice;
    TargetDevice->AttachedDevice = NULL;
    if (Attached != NULL)
        IopDeviceExtension(Attached)->AttachedTo = NULL;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    if (Attached != NULL)
        ObfDereferenceObject(TargetDevice);
}

PDEVICE_OBJECT NTAPI
IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
    return IopTopOfStack(DeviceObject);
}

PDEVICE_OBJECT NTAPI
IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);

    DeviceObject = IopTopOfStackLocked(DeviceObject);
    ObfReferenceObject(DeviceObject);
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return DeviceObject;
}

/* The device directly below, referenced; none once this one is being deleted. */
PDEVICE_OBJECT NTAPI
IoGetLowerDeviceObject(PDEVICE_OBJECT DeviceObject)
{
    PIOP_DEVICE_EXTENSION Private = IopDeviceExtension(DeviceObject);
    PDEVICE_OBJECT Lower = NULL;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);

    if (!Private->DeletePending && Private->AttachedTo != NULL)
    {
        Lower = Private->AttachedTo;
        ObfReferenceObject(Lower);
    }
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return Lower;
}

/* Where a file's requests go: the top of the opened device's stack (no file systems, so no
 * volume parameter blocks), or the device itself for a direct device open. */
PDEVICE_OBJECT NTAPI
IoGetRelatedDeviceObject(PFILE_OBJECT FileObject)
{
    if (FileObject->Flags & FO_DIRECT_DEVICE_OPEN)
        return FileObject->DeviceObject;
    return IopTopOfStack(FileObject->DeviceObject);
}
