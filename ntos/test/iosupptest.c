/* SPDX-License-Identifier: MIT */
/*
 * "Io support" self-tests: the routines drivers lean on around their IRPs — remove locks,
 * share access, driver reinitialisation, named events, IoIsOperationSynchronous, the
 * requestor process, the top-level IRP, stack and generic-mapping queries, unprotected links,
 * the power IRP routines, and the Plug and Play entry points' loud failure.
 */
#include "ktio.h"

#define KT_REMLOCK_TAG 0x6B6C6D52 /* "Rmlk" */

typedef struct _KT_REMOVER
{
    KTHREAD Thread;
    PIO_REMOVE_LOCK Lock;
    volatile LONG Done;
} KT_REMOVER;

static VOID NTAPI
KtRemover(PVOID Context)
{
    KT_REMOVER *Remover = Context;

    IoReleaseRemoveLockAndWait(Remover->Lock, (PVOID)1);
    InterlockedExchange(&Remover->Done, 1);
}

/* The remover waits for the I/O in progress; new I/O is refused from the moment it starts. */
static VOID
KtRemoveLock(PKT_CONTEXT Context)
{
    LARGE_INTEGER Step = {.QuadPart = -10000 * 50};
    static KT_REMOVER Remover;
    IO_REMOVE_LOCK Lock;
    NTSTATUS Status;

    IoInitializeRemoveLock(&Lock, KT_REMLOCK_TAG, 0, 0);
    KT_CHECK(Context, IoAcquireRemoveLock(&Lock, (PVOID)1) == STATUS_SUCCESS, "first acquire");
    KT_CHECK(Context, IoAcquireRemoveLock(&Lock, (PVOID)2) == STATUS_SUCCESS, "second acquire");
    IoReleaseRemoveLock(&Lock, (PVOID)2);
    KT_CHECK(Context, IoAcquireRemoveLock(&Lock, (PVOID)3) == STATUS_SUCCESS, "third acquire");
    Remover.Lock = &Lock;
    Remover.Done = 0;
    KT_CHECK(Context, NT_SUCCESS(KtStartThread(&Remover.Thread, KtRemover, &Remover, 8)),
             "no remover thread");
    while (!Lock.Common.Removed)
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
    KeDelayExecutionThread(KernelMode, FALSE, &Step);
    Status = IoAcquireRemoveLock(&Lock, (PVOID)4);
    KT_CHECK(Context, Status == STATUS_DELETE_PENDING, "acquire during removal: 0x%08X", Status);
    KT_CHECK(Context, Remover.Done == 0, "the remover did not wait for the I/O in progress");
    IoReleaseRemoveLock(&Lock, (PVOID)3);
    KT_CHECK(Context, KtJoinThread(&Remover.Thread) == STATUS_SUCCESS, "remover never finished");
    KT_CHECK(Context, Remover.Done == 1 && Lock.Common.IoCount == 0, "count %d after removal",
             Lock.Common.IoCount);
}

static BOOLEAN
KtShareCounts(const SHARE_ACCESS *Share, ULONG Opens, ULONG Readers, ULONG Writers,
              ULONG SharedRead, ULONG SharedWrite)
{
    return Share->OpenCount == Opens && Share->Readers == Readers && Share->Writers == Writers &&
           Share->SharedRead == SharedRead && Share->SharedWrite == SharedWrite;
}

/* A reader that shares reading; a writer it refuses; a second reader; an attributes-only
 * open that neither conflicts nor counts; cleanup; then a writer is welcome. */
static VOID
KtShareAccess(PKT_CONTEXT Context)
{
    FILE_OBJECT First = {0}, Second = {0}, Third = {0}, Attributes = {0};
    SHARE_ACCESS Share;
    NTSTATUS Status;

    IoSetShareAccess(FILE_READ_DATA, FILE_SHARE_READ, &First, &Share);
    KT_CHECK(Context, First.ReadAccess && !First.WriteAccess && First.SharedRead,
             "first open's access not recorded");
    KT_CHECK(Context, KtShareCounts(&Share, 1, 1, 0, 1, 0), "counts after the first open");
    Status = IoCheckShareAccess(FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, &Second,
                                &Share, TRUE);
    KT_CHECK(Context, Status == STATUS_SHARING_VIOLATION, "writer against a reader: 0x%08X",
             Status);
    Status = IoCheckShareAccess(FILE_READ_DATA, 0, &Second, &Share, TRUE);
    KT_CHECK(Context, Status == STATUS_SHARING_VIOLATION, "reader refusing to share: 0x%08X",
             Status);
    KT_CHECK(Context, KtShareCounts(&Share, 1, 1, 0, 1, 0), "a refused open changed the counts");
    Status = IoCheckShareAccess(FILE_EXECUTE, FILE_SHARE_READ, &Second, &Share, FALSE);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "second reader: 0x%08X", Status);
    KT_CHECK(Context, KtShareCounts(&Share, 1, 1, 0, 1, 0), "Update FALSE changed the counts");
    IoUpdateShareAccess(&Second, &Share);
    KT_CHECK(Context, KtShareCounts(&Share, 2, 2, 0, 2, 0), "counts after the second reader");
    Status = IoCheckShareAccess(FILE_READ_ATTRIBUTES, 0, &Attributes, &Share, TRUE);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtShareCounts(&Share, 2, 2, 0, 2, 0),
             "attributes-only open: 0x%08X", Status);
    IoRemoveShareAccess(&First, &Share);
    IoRemoveShareAccess(&Second, &Share);
    IoRemoveShareAccess(&Attributes, &Share);
    KT_CHECK(Context, KtShareCounts(&Share, 0, 0, 0, 0, 0), "counts after cleanup");
    Status = IoCheckShareAccess(FILE_WRITE_DATA | DELETE, 0, &Third, &Share, TRUE);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Share.Writers == 1 && Share.Deleters == 1,
             "writer once alone: 0x%08X", Status);
}

typedef struct _KT_REINIT
{
    ULONG Calls;
    ULONG LastCount;
} KT_REINIT;

static KT_REINIT KtReinit;

/* Registers itself again on its first call: called twice, Count 1 then 2. */
static VOID NTAPI
KtReinitRoutine(PDRIVER_OBJECT Driver, PVOID Context, ULONG Count)
{
    KT_REINIT *Reinit = Context;

    Reinit->Calls++;
    Reinit->LastCount = Count;
    if (Count == 1)
        IoRegisterDriverReinitialization(Driver, KtReinitRoutine, Context);
}

static VOID NTAPI
KtReinitUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
}

static NTSTATUS NTAPI
KtReinitDriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    Driver->DriverUnload = KtReinitUnload;
    IoRegisterDriverReinitialization(Driver, KtReinitRoutine, &KtReinit);
    return STATUS_SUCCESS;
}

/* Queued by DriverEntry, called (twice: it asks again) when drivers are reinitialised, and
 * dropped when the driver unloads first. */
static VOID
KtDriverReinitialization(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"KtReinit");
    UNICODE_STRING Path =
        RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\KtReinit");
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;

    RtlZeroMemory(&KtReinit, sizeof(KtReinit));
    Status = IopCreateDriver(&Name, KtReinitDriverEntry, &Path, NULL, 0, &Driver);
    KT_CHECK(Context, NT_SUCCESS(Status), "driver: 0x%08X", Status);
    KT_CHECK(Context, (Driver->Flags & DRVO_REINIT_REGISTERED) && KtReinit.Calls == 0,
             "flags 0x%X, %u calls before reinitialisation", Driver->Flags, KtReinit.Calls);
    IopReinitializeDrivers();
    KT_CHECK(Context, KtReinit.Calls == 2 && KtReinit.LastCount == 2, "%u calls, last count %u",
             KtReinit.Calls, KtReinit.LastCount);
    IoRegisterDriverReinitialization(Driver, KtReinitRoutine, &KtReinit);
    IopUnloadDriver(Driver);
    IopReinitializeDrivers();
    KT_CHECK(Context, KtReinit.Calls == 2, "an unloaded driver's routine was called");
}

/* Created signalled, opened by the second call; a synchronization event resets itself. */
static VOID
KtNamedEvents(PKT_CONTEXT Context)
{
    UNICODE_STRING Notify = RTL_CONSTANT_STRING(L"\\KtIoNotifyEvent");
    UNICODE_STRING Sync = RTL_CONSTANT_STRING(L"\\KtIoSyncEvent");
    UNICODE_STRING Directory = RTL_CONSTANT_STRING(L"\\Device");
    LARGE_INTEGER Zero = {.QuadPart = 0};
    HANDLE First = NULL, Second = NULL, Other;
    PKEVENT Event, Again;
    NTSTATUS Status;

    Event = IoCreateNotificationEvent(&Notify, &First);
    KT_CHECK(Context, Event != NULL && First != NULL, "notification event not created");
    Again = IoCreateNotificationEvent(&Notify, &Second);
    if (Again != Event || Second == NULL || Second == First || KeReadStateEvent(Event) != 1)
    {
        ZwClose(First);
        if (Second != NULL)
            ZwClose(Second);
        KT_CHECK(Context, FALSE, "second open %p of %p, handles %p %p, state %d", Again, Event,
                 First, Second, KeReadStateEvent(Event));
    }
    ZwClose(Second);
    ZwClose(First);
    Event = IoCreateSynchronizationEvent(&Sync, &First);
    KT_CHECK(Context, Event != NULL, "synchronization event not created");
    Status = KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &Zero);
    if (Status == STATUS_SUCCESS)
        Status = KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &Zero);
    ZwClose(First);
    KT_CHECK(Context, Status == STATUS_TIMEOUT, "not signalled once, then reset: 0x%08X", Status);
    Event = IoCreateNotificationEvent(&Directory, &Other);
    if (Event != NULL)
        ZwClose(Other);
    KT_CHECK(Context, Event == NULL, "a directory's name opened as an event");
}

/* An IRP with its first stack location current, as a driver receives it. */
static BOOLEAN
KtIsSynchronous(PIRP Irp, ULONG Flags, PFILE_OBJECT File, UCHAR Major, ULONG Code)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    Irp->Flags = Flags;
    Stack->FileObject = File;
    Stack->MajorFunction = Major;
    Stack->Parameters.DeviceIoControl.IoControlCode = Code;
    return IoIsOperationSynchronous(Irp);
}

static VOID
KtOperationSynchronous(PKT_CONTEXT Context)
{
    FILE_OBJECT Sync = {.Flags = FO_SYNCHRONOUS_IO}, Async = {0};
    ULONG Buffered = CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_BUFFERED, FILE_ANY_ACCESS);
    ULONG Neither = CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_NEITHER, FILE_ANY_ACCESS);
    PIRP Irp = IoAllocateIrp(1, FALSE);
    BOOLEAN Ok;

    KT_CHECK(Context, Irp != NULL, "no IRP");
    IoSetNextIrpStackLocation(Irp);
    Ok = !KtIsSynchronous(Irp, IRP_PAGING_IO | IRP_SYNCHRONOUS_API, &Sync, IRP_MJ_READ, 0) &&
         KtIsSynchronous(Irp, IRP_PAGING_IO | IRP_SYNCHRONOUS_PAGING_IO, &Async, IRP_MJ_READ, 0) &&
         KtIsSynchronous(Irp, 0, &Sync, IRP_MJ_READ, 0) &&
         KtIsSynchronous(Irp, IRP_SYNCHRONOUS_API, &Async, IRP_MJ_READ, 0) &&
         !KtIsSynchronous(Irp, 0, &Async, IRP_MJ_READ, 0) &&
         KtIsSynchronous(Irp, 0, &Async, IRP_MJ_DEVICE_CONTROL, Buffered) &&
         !KtIsSynchronous(Irp, 0, &Async, IRP_MJ_DEVICE_CONTROL, Neither) &&
         !KtIsSynchronous(Irp, 0, NULL, IRP_MJ_WRITE, 0);
    Irp->Flags = 0;
    IoFreeIrp(Irp);
    KT_CHECK(Context, Ok, "a case was decided against NT's rules");
}

static VOID NTAPI
KtReadTopLevelIrp(PVOID Context)
{
    *(PIRP *)Context = IoGetTopLevelIrp();
}

/* The requestor is the issuing thread's process; the top-level IRP is per thread. */
static VOID
KtRequestorAndTopLevel(PKT_CONTEXT Context)
{
    static KTHREAD Thread;
    PIRP Irp = IoAllocateIrp(1, FALSE), Seen = (PIRP)1;

    KT_CHECK(Context, Irp != NULL, "no IRP");
    Irp->Tail.Overlay.Thread = NULL;
    if (IoGetRequestorProcess(Irp) != NULL || IoGetRequestorProcessId(Irp) != 0)
    {
        IoFreeIrp(Irp);
        KT_CHECK(Context, FALSE, "an IRP without a thread has a requestor");
    }
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Seen = (PIRP)IoGetRequestorProcess(Irp);
    IoFreeIrp(Irp);
    KT_CHECK(Context, (PEPROCESS)Seen == PsInitialSystemProcess, "requestor %p", Seen);
    KT_CHECK(Context, IoThreadToProcess(PsGetCurrentThread()) == PsInitialSystemProcess,
             "IoThreadToProcess");
    KT_CHECK(Context, IoGetTopLevelIrp() == NULL, "a top-level IRP was left set");
    IoSetTopLevelIrp((PIRP)FSRTL_FSP_TOP_LEVEL_IRP);
    Seen = (PIRP)1;
    KtStartThread(&Thread, KtReadTopLevelIrp, &Seen, 8);
    KtJoinThread(&Thread);
    KT_CHECK(Context, IoGetTopLevelIrp() == (PIRP)FSRTL_FSP_TOP_LEVEL_IRP,
             "IoGetTopLevelIrp does not return what was set");
    IoSetTopLevelIrp(NULL);
    KT_CHECK(Context, Seen == NULL, "another thread saw this one's top-level IRP: %p", Seen);
}

static VOID
KtStackAndMapping(PKT_CONTEXT Context)
{
    ULONG_PTR Low, High, Local = (ULONG_PTR)&Low;
    PGENERIC_MAPPING Mapping = IoGetFileObjectGenericMapping();

    IoGetStackLimits(&Low, &High);
    KT_CHECK(Context, (ULONG_PTR)IoGetInitialStack() == High && Local > Low && Local < High,
             "initial stack %p, limits %p-%p", IoGetInitialStack(), (PVOID)Low, (PVOID)High);
    KT_CHECK(Context,
             Mapping != NULL && Mapping->GenericRead == FILE_GENERIC_READ &&
                 Mapping->GenericAll == FILE_ALL_ACCESS,
             "file generic mapping");
}

/* The link's DACL grants the World SID everything; the default would not name it so. */
static VOID
KtUnprotectedLink(PKT_CONTEXT Context)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\??\\KtIoUnprotected");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\Null");
    UCHAR Buffer[256];
    OBJECT_ATTRIBUTES Attributes;
    BOOLEAN Present = FALSE, Defaulted;
    PACCESS_ALLOWED_ACE Ace = NULL;
    PACL Dacl = NULL;
    HANDLE Handle;
    ULONG Length;
    NTSTATUS Status;

    Status = IoCreateUnprotectedSymbolicLink(&Link, &Target);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    InitializeObjectAttributes(&Attributes, &Link, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, READ_CONTROL, &Attributes);
    if (NT_SUCCESS(Status))
    {
        Status = ZwQuerySecurityObject(Handle, DACL_SECURITY_INFORMATION, Buffer, sizeof(Buffer),
                                       &Length);
        ZwClose(Handle);
    }
    IoDeleteSymbolicLink(&Link);
    KT_CHECK(Context, NT_SUCCESS(Status), "query: 0x%08X", Status);
    Status = RtlGetDaclSecurityDescriptor(Buffer, &Present, &Dacl, &Defaulted);
    if (NT_SUCCESS(Status) && Present && Dacl != NULL && Dacl->AceCount == 1)
        Status = RtlGetAce(Dacl, 0, (PVOID *)&Ace);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Ace != NULL && Ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE &&
                 RtlEqualSid(&Ace->SidStart, SeExports->SeWorldSid),
             "the DACL does not grant World access (0x%08X)", Status);
}

typedef struct _KT_POWER_DONE
{
    KEVENT Event;
    UCHAR Minor;
    POWER_STATE State;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;
} KT_POWER_DONE;

static VOID NTAPI
KtPowerDone(PDEVICE_OBJECT Device, UCHAR Minor, POWER_STATE State, PVOID Context,
            PIO_STATUS_BLOCK IoStatus)
{
    KT_POWER_DONE *Done = Context;

    Done->Device = Device;
    Done->Minor = Minor;
    Done->State = State;
    Done->Status = IoStatus->Status;
    KeSetEvent(&Done->Event, IO_NO_INCREMENT, FALSE);
}

/* A device's power state as PoSetPowerState keeps it, and a power IRP of our own through a
 * device that does not handle IRP_MJ_POWER: the completion function sees its answer. */
static VOID
KtPowerIrps(PKT_CONTEXT Context)
{
    POWER_STATE D2 = {.DeviceState = PowerDeviceD2}, D3 = {.DeviceState = PowerDeviceD3}, Old;
    PDRIVER_OBJECT Driver = NULL;
    PDEVICE_OBJECT Device = NULL;
    KT_POWER_DONE Done = {0};
    NTSTATUS Status, BadMinor;
    BOOLEAN States;

    Status = KtIoCreateDriver(&Driver);
    if (NT_SUCCESS(Status))
        Status = KtIoCreateDevice(Driver, NULL, 0, &Device);
    if (!NT_SUCCESS(Status))
    {
        KtIoUnloadDriver(Driver);
        KT_CHECK(Context, FALSE, "no device: 0x%08X", Status);
    }
    Old = PoSetPowerState(Device, DevicePowerState, D3);
    States = Old.DeviceState == PowerDeviceD0;
    Old = PoSetPowerState(Device, DevicePowerState, D2);
    States = States && Old.DeviceState == PowerDeviceD3;
    BadMinor = PoRequestPowerIrp(Device, IRP_MN_POWER_SEQUENCE, D2, KtPowerDone, &Done, NULL);
    KeInitializeEvent(&Done.Event, NotificationEvent, FALSE);
    Status = PoRequestPowerIrp(Device, IRP_MN_SET_POWER, D3, KtPowerDone, &Done, NULL);
    if (Status == STATUS_PENDING)
        KeWaitForSingleObject(&Done.Event, Executive, KernelMode, FALSE, NULL);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, States, "PoSetPowerState did not return the previous states");
    KT_CHECK(Context, BadMinor == STATUS_INVALID_PARAMETER_2, "a sequence request: 0x%08X",
             BadMinor);
    KT_CHECK(Context, Status == STATUS_PENDING, "request: 0x%08X", Status);
    KT_CHECK(Context,
             Done.Device == Device && Done.Minor == IRP_MN_SET_POWER &&
                 Done.State.DeviceState == PowerDeviceD3 &&
                 Done.Status == STATUS_INVALID_DEVICE_REQUEST,
             "completion saw %p, minor %u, D%d, 0x%08X", Done.Device, Done.Minor,
             Done.State.DeviceState - 1, Done.Status);
}

/* No PnP manager: its entry points fail loudly, leaving their outputs empty. */
static VOID
KtPnpNotImplemented(PKT_CONTEXT Context)
{
    static const GUID Guid = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    UNICODE_STRING Link = {4, 4, L"x"};
    PVOID Entry = (PVOID)1;
    HANDLE Key = (HANDLE)1;
    ULONG Length = 1;

    KT_CHECK(Context,
             IoRegisterDeviceInterface(NULL, &Guid, NULL, &Link) == STATUS_NOT_IMPLEMENTED &&
                 Link.Buffer == NULL,
             "IoRegisterDeviceInterface");
    KT_CHECK(Context,
             IoOpenDeviceRegistryKey(NULL, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &Key) ==
                     STATUS_NOT_IMPLEMENTED &&
                 Key == NULL,
             "IoOpenDeviceRegistryKey");
    KT_CHECK(Context,
             IoGetDeviceProperty(NULL, DevicePropertyDeviceDescription, 0, NULL, &Length) ==
                     STATUS_NOT_IMPLEMENTED &&
                 Length == 0,
             "IoGetDeviceProperty");
    KT_CHECK(Context,
             IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange, 0, (PVOID)&Guid,
                                            NULL, NULL, NULL, &Entry) == STATUS_NOT_IMPLEMENTED &&
                 Entry == NULL,
             "IoRegisterPlugPlayNotification");
    KT_CHECK(Context, IoSetDeviceInterfaceState(&Link, TRUE) == STATUS_NOT_IMPLEMENTED,
             "IoSetDeviceInterfaceState");
}

static const KT_TEST KtIoSupportTests[] = {
    {"remove lock: acquire, release, release-and-wait waits for I/O in progress", KtRemoveLock},
    {"share access: conflicts, counts, attributes-only opens, cleanup", KtShareAccess},
    {"driver reinitialisation: called again on request, dropped on unload",
     KtDriverReinitialization},
    {"IoCreateNotificationEvent/IoCreateSynchronizationEvent", KtNamedEvents},
    {"IoIsOperationSynchronous follows NT's rules", KtOperationSynchronous},
    {"requestor process and per-thread top-level IRP", KtRequestorAndTopLevel},
    {"IoGetInitialStack and the file object's generic mapping", KtStackAndMapping},
    {"IoCreateUnprotectedSymbolicLink grants World access", KtUnprotectedLink},
    {"power: PoSetPowerState keeps the state, PoRequestPowerIrp completes", KtPowerIrps},
    {"Plug and Play entry points fail with STATUS_NOT_IMPLEMENTED", KtPnpNotImplemented},
};

const KT_SUITE KtIoSupportSuite = {"Io support", KtIoSupportTests, RTL_NUMBER_OF(KtIoSupportTests)};
