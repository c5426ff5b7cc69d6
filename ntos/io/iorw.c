/* SPDX-License-Identifier: MIT */
/*
 * The I/O system services on file handles, for kernel-mode callers: reads, writes, IOCTLs
 * and file information. Each references the file, builds an IRP for the top of its stack
 * with the buffers the device asks for, and sends it (iofile.c waits on synchronous files).
 * The I/O manager answers the position and mode of a synchronous file itself, as NT does.
 */
#include "iop.h"

/* A request whose IRP could not be made or filled. */
static NTSTATUS
IopFailRequest(PIOP_REQUEST Request, PIRP Irp, NTSTATUS Status)
{
    if (Irp != NULL)
        IopFreeIrpAndMdls(Irp);
    IopReleaseRequest(Request);
    return Status;
}

/* Where a read or write starts: the given offset, or a synchronous file's position. */
static NTSTATUS
IopTransferOffset(PFILE_OBJECT FileObject, PLARGE_INTEGER ByteOffset, PLARGE_INTEGER Offset)
{
    BOOLEAN UseCurrent =
        ByteOffset == NULL ||
        (ByteOffset->LowPart == FILE_USE_FILE_POINTER_POSITION && ByteOffset->HighPart == -1);

    if (!UseCurrent)
    {
        *Offset = *ByteOffset;
        return STATUS_SUCCESS;
    }
    if (!(FileObject->Flags & FO_SYNCHRONOUS_IO))
        return STATUS_INVALID_PARAMETER;
    *Offset = FileObject->CurrentByteOffset;
    return STATUS_SUCCESS;
}

static NTSTATUS
IopReadWrite(UCHAR MajorFunction, HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
             PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
             PLARGE_INTEGER ByteOffset, PULONG Key)
{
    PIO_STACK_LOCATION Stack;
    IOP_REQUEST Request;
    LARGE_INTEGER Offset;
    NTSTATUS Status;
    PIRP Irp;

    PAGED_CODE();
    Status =
        IopReferenceFileHandle(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopTransferOffset(Request.FileObject, ByteOffset, &Offset);
    if (!NT_SUCCESS(Status))
        return IopFailRequest(&Request, NULL, Status);
    Irp = IopAllocateFileIrp(&Request, MajorFunction);
    if (Irp == NULL)
        return IopFailRequest(&Request, NULL, STATUS_INSUFFICIENT_RESOURCES);
    Irp->Flags |= MajorFunction == IRP_MJ_READ ? IRP_READ_OPERATION : IRP_WRITE_OPERATION;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->Parameters.Read.Length = Length;
    Stack->Parameters.Read.Key = Key != NULL ? *Key : 0;
    Stack->Parameters.Read.ByteOffset = Offset;
    Status = IopSetTransferBuffers(Irp, IoGetRelatedDeviceObject(Request.FileObject),
                                   MajorFunction == IRP_MJ_READ, Buffer, Length);
    if (!NT_SUCCESS(Status))
        return IopFailRequest(&Request, Irp, Status);
    Status = IopSendFileIrp(&Request, Irp);
    IopReleaseRequest(&Request);
    return Status;
}

NTSTATUS NTAPI
ZwReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
           PULONG Key)
{
    return IopReadWrite(IRP_MJ_READ, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock,
                        Buffer, Length, ByteOffset, Key);
}

NTSTATUS NTAPI
ZwWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
            PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
            PULONG Key)
{
    return IopReadWrite(IRP_MJ_WRITE, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock,
                        Buffer, Length, ByteOffset, Key);
}

NTSTATUS NTAPI
ZwDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                      PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                      ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    IOP_REQUEST Request;
    NTSTATUS Status;
    PIRP Irp;

    PAGED_CODE();
    Status =
        IopReferenceFileHandle(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    Irp = IopAllocateFileIrp(&Request, IRP_MJ_DEVICE_CONTROL);
    if (Irp == NULL)
        return IopFailRequest(&Request, NULL, STATUS_INSUFFICIENT_RESOURCES);
    Status = IopSetIoctlBuffers(Irp, IoControlCode, InputBuffer, InputBufferLength, OutputBuffer,
                                OutputBufferLength);
    if (!NT_SUCCESS(Status))
        return IopFailRequest(&Request, Irp, Status);
    Status = IopSendFileIrp(&Request, Irp);
    IopReleaseRequest(&Request);
    return Status;
}

/* The least length each class needs; 0 for classes not supported here. */
static ULONG
IopFileInformationSize(FILE_INFORMATION_CLASS Class)
{
    switch (Class)
    {
        case FileBasicInformation:
            return sizeof(FILE_BASIC_INFORMATION);
        case FileStandardInformation:
            return sizeof(FILE_STANDARD_INFORMATION);
        case FileInternalInformation:
            return sizeof(FILE_INTERNAL_INFORMATION);
        case FileEaInformation:
            return sizeof(FILE_EA_INFORMATION);
        case FileNameInformation:
            return sizeof(FILE_NAME_INFORMATION);
        case FilePositionInformation:
            return sizeof(FILE_POSITION_INFORMATION);
        case FileModeInformation:
            return sizeof(FILE_MODE_INFORMATION);
        case FileAlignmentInformation:
            return sizeof(FILE_ALIGNMENT_INFORMATION);
        case FileEndOfFileInformation:
            return sizeof(FILE_END_OF_FILE_INFORMATION);
        case FileNetworkOpenInformation:
            return sizeof(FILE_NETWORK_OPEN_INFORMATION);
        case FileAttributeTagInformation:
            return sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
        default:
            return 0;
    }
}

/* The classes the I/O manager answers without the driver; FALSE for the others. */
static BOOLEAN
IopQueryFileLocally(PFILE_OBJECT FileObject, FILE_INFORMATION_CLASS Class, PVOID Buffer,
                    PIO_STATUS_BLOCK IoStatusBlock)
{
    switch (Class)
    {
        case FilePositionInformation:
            if (!(FileObject->Flags & FO_SYNCHRONOUS_IO))
                return FALSE;
            ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset = FileObject->CurrentByteOffset;
            break;
        case FileModeInformation:
            ((PFILE_MODE_INFORMATION)Buffer)->Mode =
                ((FileObject->Flags & FO_SYNCHRONOUS_IO)
                     ? ((FileObject->Flags & FO_ALERTABLE_IO) ? FILE_SYNCHRONOUS_IO_ALERT
                                                              : FILE_SYNCHRONOUS_IO_NONALERT)
                     : 0) |
                ((FileObject->Flags & FO_WRITE_THROUGH) ? FILE_WRITE_THROUGH : 0) |
                ((FileObject->Flags & FO_SEQUENTIAL_ONLY) ? FILE_SEQUENTIAL_ONLY : 0) |
                ((FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING) ? FILE_NO_INTERMEDIATE_BUFFERING
                                                                    : 0);
            break;
        case FileAlignmentInformation:
            ((PFILE_ALIGNMENT_INFORMATION)Buffer)->AlignmentRequirement =
                IoGetRelatedDeviceObject(FileObject)->AlignmentRequirement;
            break;
        default:
            return FALSE;
    }
    IoStatusBlock->Status = STATUS_SUCCESS;
    IoStatusBlock->Information = IopFileInformationSize(Class);
    return TRUE;
}

static NTSTATUS
IopFileInformation(BOOLEAN Set, HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                   PVOID FileInformation, ULONG Length, FILE_INFORMATION_CLASS Class)
{
    ULONG Needed = IopFileInformationSize(Class);
    PIO_STACK_LOCATION Stack;
    IOP_REQUEST Request;
    NTSTATUS Status;
    PIRP Irp;

    PAGED_CODE();
    if (Needed == 0)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < Needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    Status = IopReferenceFileHandle(FileHandle, NULL, NULL, NULL, IoStatusBlock, &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!Set && IopQueryFileLocally(Request.FileObject, Class, FileInformation, IoStatusBlock))
        return IopFailRequest(&Request, NULL, STATUS_SUCCESS);
    if (Set && Class == FilePositionInformation && (Request.FileObject->Flags & FO_SYNCHRONOUS_IO))
    {
        Request.FileObject->CurrentByteOffset =
            ((PFILE_POSITION_INFORMATION)FileInformation)->CurrentByteOffset;
        IoStatusBlock->Status = STATUS_SUCCESS;
        IoStatusBlock->Information = 0;
        return IopFailRequest(&Request, NULL, STATUS_SUCCESS);
    }
    Irp = IopAllocateFileIrp(&Request, Set ? IRP_MJ_SET_INFORMATION : IRP_MJ_QUERY_INFORMATION);
    if (Irp == NULL || IopAllocateSystemBuffer(Irp, Length) == NULL)
        return IopFailRequest(&Request, Irp, STATUS_INSUFFICIENT_RESOURCES);
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->Parameters.QueryFile.Length = Length;
    Stack->Parameters.QueryFile.FileInformationClass = Class;
    if (Set)
    {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, FileInformation, Length);
    }
    else
    {
        Irp->Flags |= IRP_INPUT_OPERATION;
        Irp->UserBuffer = FileInformation;
    }
    Status = IopSendFileIrp(&Request, Irp);
    IopReleaseRequest(&Request);
    return Status;
}

NTSTATUS NTAPI
ZwQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                       ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    return IopFileInformation(FALSE, FileHandle, IoStatusBlock, FileInformation, Length,
                              FileInformationClass);
}

NTSTATUS NTAPI
ZwSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                     ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    return IopFileInformation(TRUE, FileHandle, IoStatusBlock, FileInformation, Length,
                              FileInformationClass);
}
