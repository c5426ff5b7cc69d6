/* SPDX-License-Identifier: MIT */
/*
 * What a driver asks about the request in hand: whether it is synchronous, which process
 * issued it, and the thread's top-level IRP (file systems mark the first entry of a thread
 * into them so a recursive entry, from a paging or cache path, knows it is not first).
 */
#include "iop.h"

/* NT's rules in NT's order: asynchronous paging I/O is never synchronous; synchronous paging
 * I/O, a file object opened for synchronous I/O and IRP_SYNCHRONOUS_API always are; and, as
 * documented, a METHOD_BUFFERED IOCTL or FSCTL counts as synchronous too. */
BOOLEAN NTAPI
IoIsOperationSynchronous(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT FileObject = Stack->FileObject;

    if (Irp->Flags & IRP_PAGING_IO)
        return (Irp->Flags & IRP_SYNCHRONOUS_PAGING_IO) != 0;
    if ((FileObject != NULL && (FileObject->Flags & FO_SYNCHRONOUS_IO)) ||
        (Irp->Flags & IRP_SYNCHRONOUS_API))
        return TRUE;
    if (Stack->MajorFunction == IRP_MJ_FILE_SYSTEM_CONTROL)
        return METHOD_FROM_CTL_CODE(Stack->Parameters.FileSystemControl.FsControlCode) ==
               METHOD_BUFFERED;
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL ||
        Stack->MajorFunction == IRP_MJ_INTERNAL_DEVICE_CONTROL)
        return METHOD_FROM_CTL_CODE(Stack->Parameters.DeviceIoControl.IoControlCode) ==
               METHOD_BUFFERED;
    return FALSE;
}

/* The process of the thread that issued Irp; NULL for an IRP no thread issued. */
PEPROCESS NTAPI
IoGetRequestorProcess(PIRP Irp)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    return Thread != NULL ? IoThreadToProcess(Thread) : NULL;
}

ULONG NTAPI
IoGetRequestorProcessId(PIRP Irp)
{
    PEPROCESS Process = IoGetRequestorProcess(Irp);

    return Process != NULL ? (ULONG)(ULONG_PTR)PsGetProcessId(Process) : 0;
}

PEPROCESS NTAPI
IoThreadToProcess(PETHREAD Thread)
{
    return PsGetThreadProcess(Thread);
}

PIRP NTAPI
IoGetTopLevelIrp(VOID)
{
    return (PIRP)KeGetCurrentThread()->TopLevelIrp;
}

VOID NTAPI
IoSetTopLevelIrp(PIRP Irp)
{
    KeGetCurrentThread()->TopLevelIrp = (ULONG_PTR)Irp;
}
