/* SPDX-License-Identifier: MIT */
/*
 * Io self-tests: work items (the device stays referenced while one is queued), device
 * timers (once a second at DISPATCH_LEVEL), shutdown notification lists, and the small
 * services (WMI registration, WDM version, stack limits, error log entries).
 */
#include "ktio.h"

typedef struct _KT_WORK
{
    KEVENT Done;
    PDEVICE_OBJECT Device;
    PVOID Context;
    PIO_WORKITEM Item;
    KIRQL Irql;
    LONG_PTR References; /* the device's, while the routine runs */
} KT_WORK;

static VOID NTAPI
KtWorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KT_WORK *Work = Context;

    Work->Device = DeviceObject;
    Work->Irql = KeGetCurrentIrql();
    Work->References = ObpPointerCount(DeviceObject);
    KeSetEvent(&Work->Done, 0, FALSE);
}

static VOID NTAPI
KtWorkRoutineEx(PVOID IoObject, PVOID Context, PIO_WORKITEM IoWorkItem)
{
    KT_WORK *Work = Context;

    Work->Device = IoObject;
    Work->Item = IoWorkItem;
    KeSetEvent(&Work->Done, 0, FALSE);
}

static VOID
KtWorkItems(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = -50000000LL};
    PDEVICE_OBJECT Device = NULL;
    KT_WORK Work = {0}, WorkEx = {0};
    NTSTATUS Waited = STATUS_TIMEOUT, WaitedEx = STATUS_TIMEOUT;
    LONG_PTR Before = 0;
    PDRIVER_OBJECT Driver;
    PIO_WORKITEM Item;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    Item = IoAllocateWorkItem(Device);
    if (Item != NULL)
    {
        KeInitializeEvent(&Work.Done, NotificationEvent, FALSE);
        KeInitializeEvent(&WorkEx.Done, NotificationEvent, FALSE);
        Before = ObpPointerCount(Device);
        IoQueueWorkItem(Item, KtWorkRoutine, DelayedWorkQueue, &Work);
        Waited = KeWaitForSingleObject(&Work.Done, Executive, KernelMode, FALSE, &Timeout);
        IoQueueWorkItemEx(Item, KtWorkRoutineEx, DelayedWorkQueue, &WorkEx);
        WaitedEx = KeWaitForSingleObject(&WorkEx.Done, Executive, KernelMode, FALSE, &Timeout);
        IoFreeWorkItem(Item);
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Item != NULL && IoSizeofWorkItem() >= sizeof(WORK_QUEUE_ITEM),
             "IoAllocateWorkItem failed");
    KT_CHECK(Context, Work.References == Before + 1,
             "the device had %Id references in the routine, %Id before", Work.References, Before);
    KT_CHECK(Context,
             Waited == STATUS_SUCCESS && Work.Device == Device && Work.Irql == PASSIVE_LEVEL,
             "the work routine did not run at PASSIVE_LEVEL with its device");
    KT_CHECK(Context, WaitedEx == STATUS_SUCCESS && WorkEx.Device == Device && WorkEx.Item == Item,
             "the extended routine did not get its work item");
}

typedef struct _KT_TICKS
{
    volatile LONG Count;
    KIRQL Irql;
} KT_TICKS;

static VOID NTAPI
KtTimerRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KT_TICKS *Ticks = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    Ticks->Irql = KeGetCurrentIrql();
    InterlockedIncrement(&Ticks->Count);
}

static VOID
KtDeviceTimer(PKT_CONTEXT Context)
{
    LARGE_INTEGER Wait = {.QuadPart = -22000000LL}, Quiet = {.QuadPart = -12000000LL};
    PDEVICE_OBJECT Device = NULL;
    KT_TICKS Ticks = {0};
    LONG Stopped = 0, Later = 0;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    Status = IoInitializeTimer(Device, KtTimerRoutine, &Ticks);
    if (NT_SUCCESS(Status))
    {
        KeDelayExecutionThread(KernelMode, FALSE, &Quiet);
        Stopped = Ticks.Count; /* initialised, not started: no ticks */
        IoStartTimer(Device);
        KeDelayExecutionThread(KernelMode, FALSE, &Wait);
        IoStopTimer(Device);
        Later = Ticks.Count;
        KeDelayExecutionThread(KernelMode, FALSE, &Quiet);
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, NT_SUCCESS(Status), "IoInitializeTimer gave 0x%08X", Status);
    KT_CHECK(Context, Stopped == 0, "a timer not started ticked");
    KT_CHECK(Context, Later >= 1 && Later <= 3, "%d ticks in 2.2 seconds", Later);
    KT_CHECK(Context, Ticks.Irql == DISPATCH_LEVEL, "ticked at IRQL %u", Ticks.Irql);
    KT_CHECK(Context, Ticks.Count == Later, "a stopped timer ticked");
}

static VOID
KtShutdownNotifications(PKT_CONTEXT Context)
{
    BOOLEAN Plain, Last, Gone, Deleted;
    PDEVICE_OBJECT Device = NULL, Other = NULL;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    KtIoCreateDevice(Driver, NULL, 0, &Other);
    Status = IoRegisterShutdownNotification(Device);
    IoRegisterLastChanceShutdownNotification(Device);
    IoRegisterShutdownNotification(Other);
    Plain = IopIsShutdownRegistered(Device, FALSE);
    Last = IopIsShutdownRegistered(Device, TRUE);
    IoUnregisterShutdownNotification(Device);
    Gone = !IopIsShutdownRegistered(Device, FALSE) && !IopIsShutdownRegistered(Device, TRUE) &&
           IopIsShutdownRegistered(Other, FALSE);
    IoDeleteDevice(Other);
    Deleted = !IopIsShutdownRegistered(Other, FALSE);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Plain && Last, "registration not listed");
    KT_CHECK(Context, Gone, "IoUnregisterShutdownNotification left an entry");
    KT_CHECK(Context, Deleted, "IoDeleteDevice left the device registered");
}

static VOID
KtSmallServices(PKT_CONTEXT Context)
{
    ULONG_PTR Low, High, Local = (ULONG_PTR)&Low;
    PDEVICE_OBJECT Device = NULL;
    PIO_ERROR_LOG_PACKET Entry;
    PDRIVER_OBJECT Driver;
    BOOLEAN TooBig, NoObject;

    KT_CHECK(Context, IoIsWdmVersionAvailable(1, 0x30) && IoIsWdmVersionAvailable(6, 0),
             "WDM 1.30 or 6.00 reported missing");
    KT_CHECK(Context, !IoIsWdmVersionAvailable(6, 0x50) && !IoIsWdmVersionAvailable(7, 0),
             "a WDM version past the kernel's reported available");
    IoGetStackLimits(&Low, &High);
    KT_CHECK(Context, Low < Local && Local < High, "a local is outside the stack limits");
    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Device);
    Entry = IoAllocateErrorLogEntry(Device, sizeof(IO_ERROR_LOG_PACKET));
    TooBig = IoAllocateErrorLogEntry(Device, ERROR_LOG_MAXIMUM_SIZE + 1) == NULL;
    NoObject = IoAllocateErrorLogEntry(NULL, sizeof(IO_ERROR_LOG_PACKET)) == NULL;
    if (Entry != NULL)
    {
        Entry->ErrorCode = 0xC0040001;
        Entry->FinalStatus = STATUS_DEVICE_DATA_ERROR;
        IoWriteErrorLogEntry(Entry);
    }
    KT_CHECK(Context, IoWMIRegistrationControl(Device, WMIREG_ACTION_REGISTER) == STATUS_SUCCESS,
             "IoWMIRegistrationControl failed");
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Entry != NULL && TooBig && NoObject, "error log entry limits");
}

static const KT_TEST KtIoMiscTests[] = {
    {"work items run at PASSIVE_LEVEL with their device", KtWorkItems},
    {"device timers tick once a second at DISPATCH_LEVEL while started", KtDeviceTimer},
    {"shutdown notifications are listed until unregistered or deleted", KtShutdownNotifications},
    {"WDM version, stack limits, error log entries, WMI registration", KtSmallServices},
};

const KT_SUITE KtIoMiscSuite = {"Io misc", KtIoMiscTests, RTL_NUMBER_OF(KtIoMiscTests)};
