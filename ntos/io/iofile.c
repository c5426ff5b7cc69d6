/* SPDX-License-Identifier: MIT */
/*
 * File objects: the File type and the life of an open. The last handle's close sends
 * IRP_MJ_CLEANUP and the last reference's deletion IRP_MJ_CLOSE, as Windows delivers them;
 * then the device loses the open. Requests on a file go to the top of the opened device's
 * stack; on a synchronous file (FO_SYNCHRONOUS_IO) they are serialised by the file's lock
 * and the caller waits for each.
 */
#include "iop.h"

POBJECT_TYPE IopFileObjectType;

/* Send a cleanup or close and wait for it; these never fail and are finished inline. */
static VOID
IopSendCloseIrp(PFILE_OBJECT FileObject, UCHAR MajorFunction)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(FileObject);
    PIO_STACK_LOCATION Stack;
    IO_STATUS_BLOCK IoStatus;
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    while ((Irp = IoAllocateIrp(Device->StackSize, FALSE)) == NULL)
        KeDelayExecutionThread(KernelMode, FALSE, &(LARGE_INTEGER){.QuadPart = -10000});
    Irp->Flags = IRP_CLOSE_OPERATION | IRP_SYNCHRONOUS_API;
    Irp->UserIosb = &IoStatus;
    Irp->UserEvent = &Event;
    Irp->RequestorMode = KernelMode;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = FileObject;
    if (IofCallDriver(Device, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    IoFreeIrp(Irp);
}

static VOID
IopCloseFile(PEPROCESS Process, PVOID Object, ACCESS_MASK GrantedAccess,
             ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount)
{
    PFILE_OBJECT FileObject = Object;

    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(GrantedAccess);
    UNREFERENCED_PARAMETER(ProcessHandleCount);
    if (SystemHandleCount != 1 || FileObject->DeviceObject == NULL)
        return;
    IopSendCloseIrp(FileObject, IRP_MJ_CLEANUP);
    FileObject->Flags |= FO_CLEANUP_COMPLETE;
}

static VOID
IopDeleteFile(PVOID Object)
{
    PFILE_OBJECT FileObject = Object;
    PDEVICE_OBJECT Device = FileObject->DeviceObject;

    if (Device != NULL)
    {
        IopSendCloseIrp(FileObject, IRP_MJ_CLOSE);
        IopDereferenceDeviceOpen(Device);
        ObfDereferenceObject(Device);
    }
    if (FileObject->FileName.Buffer != NULL)
        ExFreePoolWithTag(FileObject->FileName.Buffer, IOP_MISC_TAG);
}

NTSTATUS
IopInitializeFileType(VOID)
{
    static const GENERIC_MAPPING Mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE,
                                            FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};

    IopFileObjectType = ObpCreateObjectType(L"File", IOP_FILE_TAG, FILE_ALL_ACCESS, IopDeleteFile);
    if (IopFileObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    IopFileObjectType->GenericMapping = Mapping;
    IopFileObjectType->CloseProcedure = IopCloseFile;
    IopFileObjectType->Waitable = FALSE;
    return STATUS_SUCCESS;
}

/* A synchronous file takes one request at a time (NT's file object lock). */
static VOID
IopLockFile(PFILE_OBJECT FileObject)
{
    InterlockedIncrement((volatile LONG *)&FileObject->Waiters);
    while (InterlockedExchange((volatile LONG *)&FileObject->Busy, TRUE))
        KeWaitForSingleObject(&FileObject->Lock, Executive, KernelMode, FALSE, NULL);
    InterlockedDecrement((volatile LONG *)&FileObject->Waiters);
}

static VOID
IopUnlockFile(PFILE_OBJECT FileObject)
{
    InterlockedExchange((volatile LONG *)&FileObject->Busy, FALSE);
    if (FileObject->Waiters != 0)
        KeSetEvent(&FileObject->Lock, 0, FALSE);
}

/* The file behind Handle and the caller's event (cleared), both referenced in Request. */
NTSTATUS
IopReferenceFileHandle(HANDLE Handle, HANDLE EventHandle, PIO_APC_ROUTINE ApcRoutine,
                       PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PIOP_REQUEST Request)
{
    NTSTATUS Status;

    RtlZeroMemory(Request, sizeof(*Request));
    if (IoStatusBlock == NULL)
        return STATUS_ACCESS_VIOLATION;
    Status = ObReferenceObjectByHandle(Handle, 0, IopFileObjectType, KernelMode,
                                       (PVOID *)&Request->FileObject, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (EventHandle != NULL)
    {
        Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE, *ExEventObjectType,
                                           KernelMode, (PVOID *)&Request->Event, NULL);
        if (!NT_SUCCESS(Status))
        {
            ObfDereferenceObject(Request->FileObject);
            return Status;
        }
        KeClearEvent(Request->Event);
    }
    Request->ApcRoutine = ApcRoutine;
    Request->ApcContext = ApcContext;
    Request->IoStatusBlock = IoStatusBlock;
    if (Request->FileObject->Flags & FO_SYNCHRONOUS_IO)
        IopLockFile(Request->FileObject);
    return STATUS_SUCCESS;
}

VOID
IopReleaseRequest(PIOP_REQUEST Request)
{
    if (Request->FileObject->Flags & FO_SYNCHRONOUS_IO)
        IopUnlockFile(Request->FileObject);
    if (Request->Event != NULL)
        ObfDereferenceObject(Request->Event);
    ObfDereferenceObject(Request->FileObject);
}

/* An IRP for the request, with its own references on the file and event (completion's). */
PIRP
IopAllocateFileIrp(PIOP_REQUEST Request, UCHAR MajorFunction)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(Request->FileObject);
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = Request->IoStatusBlock;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->Overlay.AsynchronousParameters.UserApcRoutine = Request->ApcRoutine;
    Irp->Overlay.AsynchronousParameters.UserApcContext = Request->ApcContext;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = Request->FileObject;
    return Irp;
}

/*
 * Send Irp (from IopAllocateFileIrp, buffers set) and, for a synchronous file, wait for
 * it: the result is then the final status. Otherwise a pending request answers
 * STATUS_PENDING and completes later through the event, the APC and the status block.
 */
NTSTATUS
IopSendFileIrp(PIOP_REQUEST Request, PIRP Irp)
{
    PFILE_OBJECT FileObject = Request->FileObject;
    NTSTATUS Status;

    ObfReferenceObject(FileObject);
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    if (Request->Event != NULL)
    {
        ObfReferenceObject(Request->Event);
        Irp->UserEvent = Request->Event;
    }
    KeClearEvent(&FileObject->Event);
    IopQueueThreadIrp(Irp);
    Status = IofCallDriver(IoGetRelatedDeviceObject(FileObject), Irp);
    if (Status == STATUS_PENDING && (FileObject->Flags & FO_SYNCHRONOUS_IO))
    {
        KeWaitForSingleObject(&FileObject->Event, Executive, KernelMode,
                              (FileObject->Flags & FO_ALERTABLE_IO) != 0, NULL);
        Status = FileObject->FinalStatus;
    }
    return Status;
}
