/* SPDX-License-Identifier: MIT */
/*
 * Building IRPs for a request: the buffers a driver sees, chosen as NT chooses them, and the
 * IoBuild* routines drivers use to send requests to other drivers. For an IOCTL the method
 * in its code decides: METHOD_BUFFERED gives one system buffer for input and output (output
 * copied back at completion), METHOD_IN/OUT_DIRECT a system buffer for input and an MDL
 * locking the output buffer, METHOD_NEITHER the caller's pointers. Reads and writes follow
 * the device's DO_BUFFERED_IO or DO_DIRECT_IO.
 */
#include "iop.h"

PVOID
IopAllocateSystemBuffer(PIRP Irp, ULONG Length)
{
    PVOID Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Length, IOP_MISC_TAG);

    if (Buffer != NULL)
    {
        Irp->AssociatedIrp.SystemBuffer = Buffer;
        Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    }
    return Buffer;
}

/* An MDL for Buffer, its pages locked for Operation; freed with the IRP. */
static NTSTATUS
IopLockBuffer(PIRP Irp, PVOID Buffer, ULONG Length, LOCK_OPERATION Operation)
{
    PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, Irp);

    if (Mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    MmProbeAndLockPages(Mdl, KernelMode, Operation);
    return STATUS_SUCCESS;
}

NTSTATUS
IopSetIoctlBuffers(PIRP Irp, ULONG IoControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                   PVOID OutputBuffer, ULONG OutputBufferLength)
{
    PIO_STACK_LOCATION Stack = IoGetNextIrpStackLocation(Irp);
    ULONG Length = max(InputBufferLength, OutputBufferLength);

    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    switch (METHOD_FROM_CTL_CODE(IoControlCode))
    {
        case METHOD_BUFFERED:
            if (Length != 0 && IopAllocateSystemBuffer(Irp, Length) == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            if (InputBuffer != NULL && InputBufferLength != 0)
                RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            if (OutputBuffer != NULL && OutputBufferLength != 0)
            {
                Irp->Flags |= IRP_INPUT_OPERATION;
                Irp->UserBuffer = OutputBuffer;
            }
            return STATUS_SUCCESS;
        case METHOD_IN_DIRECT:
        case METHOD_OUT_DIRECT:
            if (InputBuffer != NULL && InputBufferLength != 0)
            {
                if (IopAllocateSystemBuffer(Irp, InputBufferLength) == NULL)
                    return STATUS_INSUFFICIENT_RESOURCES;
                RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            }
            if (OutputBuffer != NULL && OutputBufferLength != 0)
                return IopLockBuffer(Irp, OutputBuffer, OutputBufferLength,
                                     METHOD_FROM_CTL_CODE(IoControlCode) == METHOD_IN_DIRECT
                                         ? IoReadAccess
                                         : IoWriteAccess);
            return STATUS_SUCCESS;
        default:
            Stack->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
            Irp->UserBuffer = OutputBuffer;
            return STATUS_SUCCESS;
    }
}

/* Reads and writes: Read TRUE for IRP_MJ_READ. */
NTSTATUS
IopSetTransferBuffers(PIRP Irp, PDEVICE_OBJECT DeviceObject, BOOLEAN Read, PVOID Buffer,
                      ULONG Length)
{
    Irp->UserBuffer = Buffer;
    if (Length == 0)
        return STATUS_SUCCESS;
    if (DeviceObject->Flags & DO_BUFFERED_IO)
    {
        if (IopAllocateSystemBuffer(Irp, Length) == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        if (Read)
            Irp->Flags |= IRP_INPUT_OPERATION;
        else
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, Buffer, Length);
        return STATUS_SUCCESS;
    }
    if (DeviceObject->Flags & DO_DIRECT_IO)
        return IopLockBuffer(Irp, Buffer, Length, Read ? IoWriteAccess : IoReadAccess);
    return STATUS_SUCCESS;
}

/* A built IRP that could not get its buffers goes again. */
static PIRP
IopAbandonIrp(PIRP Irp)
{
    IopFreeIrpAndMdls(Irp);
    return NULL;
}

PIRP NTAPI
IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
                              ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                              BOOLEAN InternalDeviceIoControl, PKEVENT Event,
                              PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    IoGetNextIrpStackLocation(Irp)->MajorFunction =
        InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL;
    if (!NT_SUCCESS(IopSetIoctlBuffers(Irp, IoControlCode, InputBuffer, InputBufferLength,
                                       OutputBuffer, OutputBufferLength)))
        return IopAbandonIrp(Irp);
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = Event;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    IopQueueThreadIrp(Irp);
    return Irp;
}

PIRP NTAPI
IoBuildAsynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject, PVOID Buffer,
                              ULONG Length, PLARGE_INTEGER StartingOffset,
                              PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp;
    PIO_STACK_LOCATION Stack;

    if (MajorFunction != IRP_MJ_READ && MajorFunction != IRP_MJ_WRITE &&
        MajorFunction != IRP_MJ_FLUSH_BUFFERS && MajorFunction != IRP_MJ_SHUTDOWN &&
        MajorFunction != IRP_MJ_PNP && MajorFunction != IRP_MJ_POWER)
        return NULL;
    Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
    if (Irp == NULL)
        return NULL;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = (UCHAR)MajorFunction;
    if (MajorFunction == IRP_MJ_READ || MajorFunction == IRP_MJ_WRITE)
    {
        Stack->Parameters.Read.Length = Length;
        if (StartingOffset != NULL)
            Stack->Parameters.Read.ByteOffset = *StartingOffset;
        if (!NT_SUCCESS(IopSetTransferBuffers(Irp, DeviceObject, MajorFunction == IRP_MJ_READ,
                                              Buffer, Length)))
            return IopAbandonIrp(Irp);
    }
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    return Irp;
}

PIRP NTAPI
IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject, PVOID Buffer,
                             ULONG Length, PLARGE_INTEGER StartingOffset, PKEVENT Event,
                             PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IoBuildAsynchronousFsdRequest(MajorFunction, DeviceObject, Buffer, Length,
                                             StartingOffset, IoStatusBlock);

    if (Irp == NULL)
        return NULL;
    Irp->UserEvent = Event;
    IopQueueThreadIrp(Irp);
    return Irp;
}
