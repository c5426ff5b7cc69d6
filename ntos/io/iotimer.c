/* SPDX-License-Identifier: MIT */
/*
 * Device timers: IoInitializeTimer gives a device one IO_TIMER, and every started timer's
 * routine runs once a second at DISPATCH_LEVEL, from one periodic kernel timer's DPC, as
 * NT runs them. The IO_TIMER is freed with the device.
 */
#include "iop.h"

#define IOP_TIMER_PERIOD_MS 1000

typedef struct _IO_TIMER
{
    LIST_ENTRY Link;
    PDEVICE_OBJECT DeviceObject;
    PIO_TIMER_ROUTINE Routine;
    PVOID Context;
    BOOLEAN Active;
} IO_TIMER;

static KSPIN_LOCK IopTimerLock;
static LIST_ENTRY IopTimerList = {&IopTimerList, &IopTimerList};
static KTIMER IopTimer;
static KDPC IopTimerDpc;
static BOOLEAN IopTimerStarted;

static VOID NTAPI
IopTimerDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PLIST_ENTRY Entry;
    IO_TIMER *Timer;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireSpinLockAtDpcLevel(&IopTimerLock);
    for (Entry = IopTimerList.Flink; Entry != &IopTimerList; Entry = Entry->Flink)
    {
        Timer = CONTAINING_RECORD(Entry, IO_TIMER, Link);
        if (Timer->Active)
            Timer->Routine(Timer->DeviceObject, Timer->Context);
    }
    KeReleaseSpinLockFromDpcLevel(&IopTimerLock);
}

/* The periodic timer starts with the first device timer and runs from then on. */
static VOID
IopStartTimerTicks(VOID)
{
    LARGE_INTEGER DueTime;

    KeInitializeDpc(&IopTimerDpc, IopTimerDpcRoutine, NULL);
    KeInitializeTimerEx(&IopTimer, NotificationTimer);
    DueTime.QuadPart = -10000LL * IOP_TIMER_PERIOD_MS;
    KeSetTimerEx(&IopTimer, DueTime, IOP_TIMER_PERIOD_MS, &IopTimerDpc);
}

NTSTATUS NTAPI
IoInitializeTimer(PDEVICE_OBJECT DeviceObject, PIO_TIMER_ROUTINE TimerRoutine, PVOID Context)
{
    IO_TIMER *Timer = DeviceObject->Timer;
    BOOLEAN Start;
    KIRQL OldIrql;

    if (Timer == NULL)
    {
        Timer = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Timer), IOP_MISC_TAG);
        if (Timer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlZeroMemory(Timer, sizeof(*Timer));
        Timer->DeviceObject = DeviceObject;
    }
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopTimerLock);
    Timer->Routine = TimerRoutine;
    Timer->Context = Context;
    if (DeviceObject->Timer == NULL)
    {
        InsertTailList(&IopTimerList, &Timer->Link);
        DeviceObject->Timer = Timer;
    }
    Start = !IopTimerStarted;
    IopTimerStarted = TRUE;
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
    if (Start)
        IopStartTimerTicks();
    return STATUS_SUCCESS;
}

VOID NTAPI
IoStartTimer(PDEVICE_OBJECT DeviceObject)
{
    DeviceObject->Timer->Active = TRUE;
}

VOID NTAPI
IoStopTimer(PDEVICE_OBJECT DeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopTimerLock);

    DeviceObject->Timer->Active = FALSE;
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
}

/* IoDeleteDevice: the timer leaves the list; the device's delete procedure frees it. */
VOID
IopRemoveTimer(PDEVICE_OBJECT DeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopTimerLock);

    RemoveEntryList(&DeviceObject->Timer->Link);
    DeviceObject->Timer->Active = FALSE;
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
}
