/* SPDX-License-Identifier: MIT */
/*
 * IRPs: allocation, reuse and IofCallDriver. An IRP is one block: the IRP, then StackCount
 * stack locations. CurrentLocation counts down from StackCount + 1 (the originator, which
 * has no location) as the IRP goes down the stack; IofCallDriver moves it one location
 * down and a driver that runs out of locations stops the machine, as NT does.
 * Threaded IRPs are kept on their thread's list while outstanding (iothread.c).
 */
#include "iop.h"

VOID NTAPI
IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    RtlZeroMemory(Irp, PacketSize);
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = (CCHAR)(StackSize + 1);
    Irp->ApcEnvironment = OriginalApcEnvironment;
    InitializeListHead(&Irp->ThreadListEntry);
    Irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
}

PIRP NTAPI
IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    USHORT Size;
    PIRP Irp;

    if (StackSize <= 0)
        return NULL;
    Size = IoSizeOfIrp(StackSize);
    Irp = ExAllocatePoolWithTag(NonPagedPoolNx, Size, IOP_IRP_TAG);
    if (Irp == NULL)
        return NULL;
    IoInitializeIrp(Irp, Size, StackSize);
    Irp->AllocationFlags = IRP_ALLOCATED_FIXED_SIZE | (ChargeQuota ? IRP_QUOTA_CHARGED : 0);
    return Irp;
}

/* An IRP freed twice, or something else freed as one, is corruption worth a stop. */
VOID NTAPI
IoFreeIrp(PIRP Irp)
{
    if (Irp->Type != IO_TYPE_IRP || !IsListEmpty(&Irp->ThreadListEntry))
        KeBugCheckEx(IOP_MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Irp->Type, 0, 0);
    Irp->Type = 0;
    ExFreePoolWithTag(Irp, IOP_IRP_TAG);
}

/* Ready an IRP for another request: as new, with its allocation and the given status. */
VOID NTAPI
IoReuseIrp(PIRP Irp, NTSTATUS Status)
{
    UCHAR AllocationFlags = Irp->AllocationFlags;

    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->AllocationFlags = AllocationFlags;
    Irp->IoStatus.Status = Status;
}

NTSTATUS FASTCALL
IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack;

    Irp->CurrentLocation--;
    if (Irp->CurrentLocation <= 0)
        KeBugCheckEx(IOP_NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0);
    Stack = --Irp->Tail.Overlay.CurrentStackLocation;
    Stack->DeviceObject = DeviceObject;
    return DeviceObject->DriverObject->MajorFunction[Stack->MajorFunction](DeviceObject, Irp);
}

/* The buffers the I/O manager attached go with the IRP: MDLs unlocked, system buffer freed. */
VOID
IopFreeIrpAndMdls(PIRP Irp)
{
    PMDL Mdl, Next;

    for (Mdl = Irp->MdlAddress; Mdl != NULL; Mdl = Next)
    {
        Next = Mdl->Next;
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    Irp->MdlAddress = NULL;
    if ((Irp->Flags & IRP_DEALLOCATE_BUFFER) && Irp->AssociatedIrp.SystemBuffer != NULL)
        ExFreePoolWithTag(Irp->AssociatedIrp.SystemBuffer, IOP_MISC_TAG);
    Irp->AssociatedIrp.SystemBuffer = NULL;
    IopDequeueThreadIrp(Irp);
    IoFreeIrp(Irp);
}
