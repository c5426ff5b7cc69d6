/* SPDX-License-Identifier: MIT */
/*
 * Opening files. ZwCreateFile hands an open packet to Ob's name lookup as the parse
 * context; when the lookup reaches a device (directly or through symbolic links such as
 * \??\Name), the Device type's parse procedure makes the FILE_OBJECT, counts the open on the
 * device and sends IRP_MJ_CREATE to the top of its stack. The file object comes back to Ob,
 * which makes the handle. Without an open packet (ObReferenceObjectByName and friends) the
 * parse procedure returns the device itself when no name is left, as NT lets drivers do.
 */
#include "iop.h"

/* Database lock: a device being deleted, still initialising, or exclusive and open. */
static NTSTATUS
IopCountOpen(PDEVICE_OBJECT Device)
{
    NTSTATUS Status = STATUS_SUCCESS;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);

    if (IopDeviceExtension(Device)->DeletePending || (Device->Flags & DO_DEVICE_INITIALIZING) ||
        (Device->DriverObject->Flags & DRVO_UNLOAD_INVOKED))
        Status = STATUS_NO_SUCH_DEVICE;
    else if ((Device->Flags & DO_EXCLUSIVE) && Device->ReferenceCount != 0)
        Status = STATUS_ACCESS_DENIED;
    else
        Device->ReferenceCount++;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return Status;
}

static NTSTATUS
IopCreateFileObject(PDEVICE_OBJECT Device, PIOP_OPEN_PACKET Packet, PCUNICODE_STRING Name,
                    PFILE_OBJECT *Out)
{
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    Status = ObpCreateObject(IopFileObjectType, sizeof(FILE_OBJECT), (PVOID *)&FileObject);
    if (!NT_SUCCESS(Status))
        return Status;
    FileObject->Type = IO_TYPE_FILE;
    FileObject->Size = sizeof(FILE_OBJECT);
    if (Packet->CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        FileObject->Flags |= FO_SYNCHRONOUS_IO;
    if (Packet->CreateOptions & FILE_SYNCHRONOUS_IO_ALERT)
        FileObject->Flags |= FO_ALERTABLE_IO;
    if (Packet->CreateOptions & FILE_NO_INTERMEDIATE_BUFFERING)
        FileObject->Flags |= FO_NO_INTERMEDIATE_BUFFERING;
    if (Packet->CreateOptions & FILE_WRITE_THROUGH)
        FileObject->Flags |= FO_WRITE_THROUGH;
    if (Packet->CreateOptions & FILE_SEQUENTIAL_ONLY)
        FileObject->Flags |= FO_SEQUENTIAL_ONLY;
    FileObject->ReadAccess = (Packet->DesiredAccess & (FILE_READ_DATA | GENERIC_READ)) != 0;
    FileObject->WriteAccess =
        (Packet->DesiredAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE)) != 0;
    FileObject->DeleteAccess = (Packet->DesiredAccess & DELETE) != 0;
    KeInitializeEvent(&FileObject->Event, NotificationEvent, FALSE);
    KeInitializeEvent(&FileObject->Lock, SynchronizationEvent, FALSE);
    if (Name->Length != 0)
    {
        FileObject->FileName.Buffer =
            ExAllocatePoolWithTag(NonPagedPoolNx, Name->Length, IOP_MISC_TAG);
        if (FileObject->FileName.Buffer == NULL)
        {
            ObfDereferenceObject(FileObject);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlCopyMemory(FileObject->FileName.Buffer, Name->Buffer, Name->Length);
        FileObject->FileName.Length = FileObject->FileName.MaximumLength = Name->Length;
    }
    ObfReferenceObject(Device); /* the file's, dropped when it is deleted */
    FileObject->DeviceObject = Device;
    *Out = FileObject;
    return STATUS_SUCCESS;
}

/* IRP_MJ_CREATE to the top of the stack, waited for; the IRP is finished inline. */
static NTSTATUS
IopSendCreate(PFILE_OBJECT FileObject, PIOP_OPEN_PACKET Packet, ULONG Attributes)
{
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(FileObject->DeviceObject);
    IO_SECURITY_CONTEXT Security = {NULL, NULL, Packet->DesiredAccess, Packet->CreateOptions};
    PIO_STACK_LOCATION Stack;
    IO_STATUS_BLOCK IoStatus = {0};
    KEVENT Event;
    PIRP Irp;

    Irp = IoAllocateIrp(Top->StackSize, FALSE);
    if (Irp == NULL)
    {
        ObfDereferenceObject(Top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp->Flags = IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API;
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = &IoStatus;
    Irp->UserEvent = &Event;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->AssociatedIrp.SystemBuffer = Packet->EaBuffer;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_CREATE;
    Stack->Flags = (Attributes & OBJ_CASE_INSENSITIVE) ? 0 : SL_CASE_SENSITIVE;
    Stack->FileObject = FileObject;
    Stack->Parameters.Create.SecurityContext = &Security;
    Stack->Parameters.Create.Options =
        (Packet->Disposition << 24) | (Packet->CreateOptions & FILE_VALID_OPTION_FLAGS);
    Stack->Parameters.Create.FileAttributes = (USHORT)Packet->FileAttributes;
    Stack->Parameters.Create.ShareAccess = (USHORT)Packet->ShareAccess;
    Stack->Parameters.Create.EaLength = Packet->EaLength;
    if (IofCallDriver(Top, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    IoFreeIrp(Irp);
    ObfDereferenceObject(Top);
    Packet->Information = IoStatus.Information;
    return IoStatus.Status;
}

NTSTATUS
IopParseDevice(PVOID ParseObject, PVOID ObjectType, PACCESS_STATE AccessState,
               KPROCESSOR_MODE AccessMode, ULONG Attributes, PUNICODE_STRING CompleteName,
               PUNICODE_STRING RemainingName, PVOID Context,
               PSECURITY_QUALITY_OF_SERVICE SecurityQos, PVOID *Object)
{
    PIOP_OPEN_PACKET Packet = Context;
    PDEVICE_OBJECT Device = ParseObject;
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(ObjectType);
    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(AccessMode);
    UNREFERENCED_PARAMETER(CompleteName);
    UNREFERENCED_PARAMETER(SecurityQos);
    *Object = NULL;
    if (Packet == NULL || Packet->Type != IOP_OPEN_PACKET_TYPE)
    {
        if (RemainingName->Length != 0)
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObfReferenceObject(Device);
        *Object = Device;
        return STATUS_SUCCESS;
    }
    Packet->ParseCheck = TRUE;
    Status = IopCountOpen(Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopCreateFileObject(Device, Packet, RemainingName, &FileObject);
    if (!NT_SUCCESS(Status))
    {
        IopDereferenceDeviceOpen(Device);
        return Status;
    }
    Status = IopSendCreate(FileObject, Packet, Attributes);
    if (!NT_SUCCESS(Status))
    {
        /* Never opened: no cleanup or close for the driver. */
        FileObject->DeviceObject = NULL;
        ObfDereferenceObject(FileObject);
        IopDereferenceDeviceOpen(Device);
        ObfDereferenceObject(Device);
        return Status;
    }
    Packet->FinalStatus = Status;
    *Object = FileObject;
    return STATUS_SUCCESS;
}

static NTSTATUS
IopCheckCreateParameters(ACCESS_MASK DesiredAccess, ULONG CreateDisposition, ULONG CreateOptions)
{
    ULONG Sync = CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);

    if (CreateDisposition > FILE_MAXIMUM_DISPOSITION || (CreateOptions & ~FILE_VALID_OPTION_FLAGS))
        return STATUS_INVALID_PARAMETER;
    if (Sync == (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        return STATUS_INVALID_PARAMETER;
    if (Sync != 0 && !(DesiredAccess & (SYNCHRONIZE | GENERIC_ALL)))
        return STATUS_INVALID_PARAMETER;
    if ((CreateOptions & FILE_DIRECTORY_FILE) && (CreateOptions & FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
             PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
             ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
             ULONG EaLength)
{
    IOP_OPEN_PACKET Packet;
    NTSTATUS Status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(AllocationSize);
    *FileHandle = NULL;
    Status = IopCheckCreateParameters(DesiredAccess, CreateDisposition, CreateOptions);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlZeroMemory(&Packet, sizeof(Packet));
    Packet.Type = IOP_OPEN_PACKET_TYPE;
    Packet.Size = sizeof(Packet);
    Packet.DesiredAccess = DesiredAccess;
    Packet.FileAttributes = FileAttributes;
    Packet.ShareAccess = ShareAccess;
    Packet.Disposition = CreateDisposition;
    Packet.CreateOptions = CreateOptions;
    Packet.EaBuffer = EaBuffer;
    Packet.EaLength = EaLength;
    Status = ObOpenObjectByName(ObjectAttributes, IopFileObjectType, KernelMode, NULL,
                                DesiredAccess, &Packet, FileHandle);
    if (!NT_SUCCESS(Status))
        return Status;
    IoStatusBlock->Status = Packet.FinalStatus;
    IoStatusBlock->Information = Packet.Information;
    return Packet.FinalStatus;
}

NTSTATUS NTAPI
ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
           PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions)
{
    return ZwCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0,
                        ShareAccess, FILE_OPEN, OpenOptions, NULL, 0);
}
