/* SPDX-License-Identifier: MIT */
/*
 * Driver reinitialisation: a driver's DriverEntry (or a reinitialisation routine itself) asks
 * to be called again once other drivers have started. Boot reinitialisation routines run
 * after every boot driver's DriverEntry; the others after the system-start drivers, and after
 * each driver ZwLoadDriver starts later. A routine that registers again is called again in
 * the same pass, with DriverExtension->Count one higher. An unloading driver's pending
 * entries go with it (its code is about to be unmapped).
 */
#include "iop.h"

typedef struct _IOP_REINIT_ENTRY
{
    LIST_ENTRY Link;
    PDRIVER_OBJECT DriverObject;
    PDRIVER_REINITIALIZE Routine;
    PVOID Context;
} IOP_REINIT_ENTRY, *PIOP_REINIT_ENTRY;

static LIST_ENTRY IopReinitList = {&IopReinitList, &IopReinitList};
static LIST_ENTRY IopBootReinitList = {&IopBootReinitList, &IopBootReinitList};
static KSPIN_LOCK IopReinitLock;
static BOOLEAN IopSystemDriversStarted;

static VOID
IopQueueReinit(PLIST_ENTRY List, ULONG Flag, PDRIVER_OBJECT DriverObject,
               PDRIVER_REINITIALIZE Routine, PVOID Context)
{
    PIOP_REINIT_ENTRY Entry;
    KIRQL OldIrql;

    Entry = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), IOP_MISC_TAG);
    if (Entry == NULL)
    {
        /* NT drops the request the same way: the routine is simply not called. */
        DbgPrint("Io: %wZ: no memory to queue its reinitialisation\n", &DriverObject->DriverName);
        return;
    }
    Entry->DriverObject = DriverObject;
    Entry->Routine = Routine;
    Entry->Context = Context;
    ObReferenceObject(DriverObject);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopReinitLock);
    DriverObject->Flags |= Flag;
    InsertTailList(List, &Entry->Link);
    KeReleaseSpinLock(&IopReinitLock, OldIrql);
}

VOID NTAPI
IoRegisterDriverReinitialization(PDRIVER_OBJECT DriverObject,
                                 PDRIVER_REINITIALIZE DriverReinitializationRoutine, PVOID Context)
{
    IopQueueReinit(&IopReinitList, DRVO_REINIT_REGISTERED, DriverObject,
                   DriverReinitializationRoutine, Context);
}

VOID NTAPI
IoRegisterBootDriverReinitialization(PDRIVER_OBJECT DriverObject,
                                     PDRIVER_REINITIALIZE DriverReinitializationRoutine,
                                     PVOID Context)
{
    IopQueueReinit(&IopBootReinitList, DRVO_BOOTREINIT_REGISTERED, DriverObject,
                   DriverReinitializationRoutine, Context);
}

static PIOP_REINIT_ENTRY
IopDequeueReinit(PLIST_ENTRY List)
{
    PLIST_ENTRY Link = NULL;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopReinitLock);

    if (!IsListEmpty(List))
        Link = RemoveHeadList(List);
    KeReleaseSpinLock(&IopReinitLock, OldIrql);
    return Link != NULL ? CONTAINING_RECORD(Link, IOP_REINIT_ENTRY, Link) : NULL;
}

/* Call and drain List; a routine that registers again lands at its tail. PASSIVE_LEVEL. */
static VOID
IopRunReinitList(PLIST_ENTRY List)
{
    PIOP_REINIT_ENTRY Entry;
    PDRIVER_OBJECT Driver;

    PAGED_CODE();
    while ((Entry = IopDequeueReinit(List)) != NULL)
    {
        Driver = Entry->DriverObject;
        Driver->DriverExtension->Count++;
        Entry->Routine(Driver, Entry->Context, Driver->DriverExtension->Count);
        ObDereferenceObject(Driver);
        ExFreePoolWithTag(Entry, IOP_MISC_TAG);
    }
}

VOID
IopReinitializeBootDrivers(VOID)
{
    IopRunReinitList(&IopBootReinitList);
}

/* The system-start drivers have all started: from now on every driver load is followed by
 * the reinitialisation routines it (or anyone) queued. */
VOID
IopReinitializeSystemDrivers(VOID)
{
    IopSystemDriversStarted = TRUE;
    IopRunReinitList(&IopReinitList);
}

/* After a driver load; during the system-start loads the routines wait for the last one. */
VOID
IopReinitializeDrivers(VOID)
{
    if (IopSystemDriversStarted)
        IopRunReinitList(&IopReinitList);
}

static VOID
IopForgetReinitIn(PLIST_ENTRY List, PDRIVER_OBJECT DriverObject, PLIST_ENTRY Dropped)
{
    PLIST_ENTRY Link, Next;

    for (Link = List->Flink; Link != List; Link = Next)
    {
        Next = Link->Flink;
        if (CONTAINING_RECORD(Link, IOP_REINIT_ENTRY, Link)->DriverObject != DriverObject)
            continue;
        RemoveEntryList(Link);
        InsertTailList(Dropped, Link);
    }
}

/* The driver is unloading or its DriverEntry failed: what it queued will not be called. */
VOID
IopForgetReinit(PDRIVER_OBJECT DriverObject)
{
    LIST_ENTRY Dropped;
    PIOP_REINIT_ENTRY Entry;
    KIRQL OldIrql;

    InitializeListHead(&Dropped);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopReinitLock);
    IopForgetReinitIn(&IopReinitList, DriverObject, &Dropped);
    IopForgetReinitIn(&IopBootReinitList, DriverObject, &Dropped);
    KeReleaseSpinLock(&IopReinitLock, OldIrql);
    while (!IsListEmpty(&Dropped))
    {
        Entry = CONTAINING_RECORD(RemoveHeadList(&Dropped), IOP_REINIT_ENTRY, Link);
        ObDereferenceObject(Entry->DriverObject);
        ExFreePoolWithTag(Entry, IOP_MISC_TAG);
    }
}
