/* SPDX-License-Identifier: MIT */
/*
 * I/O work items: an executive work item tied to a device object. Queuing one references
 * the device until the routine has returned, so a driver cannot be unloaded under its own
 * queued work, as NT guarantees. The routine may free the work item itself.
 */
#include "iop.h"

typedef struct _IO_WORKITEM
{
    WORK_QUEUE_ITEM Item;
    PDEVICE_OBJECT DeviceObject;
    PVOID Routine;
    BOOLEAN Extended; /* IO_WORKITEM_ROUTINE_EX, from IoQueueWorkItemEx */
    PVOID Context;
} IO_WORKITEM;

static VOID NTAPI
IopWorkItemWorker(PVOID Parameter)
{
    PIO_WORKITEM WorkItem = Parameter;
    PDEVICE_OBJECT Device = WorkItem->DeviceObject;

    if (WorkItem->Extended)
        ((PIO_WORKITEM_ROUTINE_EX)WorkItem->Routine)(Device, WorkItem->Context, WorkItem);
    else
        ((PIO_WORKITEM_ROUTINE)WorkItem->Routine)(Device, WorkItem->Context);
    ObfDereferenceObject(Device);
}

ULONG NTAPI
IoSizeofWorkItem(VOID)
{
    return sizeof(IO_WORKITEM);
}

VOID NTAPI
IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
    RtlZeroMemory(IoWorkItem, sizeof(*IoWorkItem));
    IoWorkItem->DeviceObject = IoObject;
}

VOID NTAPI
IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
    UNREFERENCED_PARAMETER(IoWorkItem);
}

PIO_WORKITEM NTAPI
IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PIO_WORKITEM WorkItem = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*WorkItem), IOP_MISC_TAG);

    if (WorkItem != NULL)
        IoInitializeWorkItem(DeviceObject, WorkItem);
    return WorkItem;
}

VOID NTAPI
IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    ExFreePoolWithTag(IoWorkItem, IOP_MISC_TAG);
}

static VOID
IopQueueWorkItem(PIO_WORKITEM IoWorkItem, PVOID Routine, BOOLEAN Extended,
                 WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    ObfReferenceObject(IoWorkItem->DeviceObject);
    IoWorkItem->Routine = Routine;
    IoWorkItem->Extended = Extended;
    IoWorkItem->Context = Context;
    ExInitializeWorkItem(&IoWorkItem->Item, IopWorkItemWorker, IoWorkItem);
    ExQueueWorkItem(&IoWorkItem->Item, QueueType);
}

VOID NTAPI
IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine,
                WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, (PVOID)(ULONG_PTR)WorkerRoutine, FALSE, QueueType, Context);
}

VOID NTAPI
IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                  WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, (PVOID)(ULONG_PTR)WorkerRoutine, TRUE, QueueType, Context);
}
