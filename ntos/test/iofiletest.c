/* SPDX-License-Identifier: MIT */
/*
 * Io self-tests: file objects and the file services. Create, cleanup (last handle) and close
 * (last reference) arrive in Windows' order; bad handles, wrong object types, bad parameters
 * and failing drivers give Windows' statuses; synchronous and asynchronous requests.
 */
#include "ktio.h"

static VOID
KtCreateCleanupClose(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Device = NULL;
    BOOLEAN AfterFirst = FALSE, AfterSecond = FALSE;
    PDRIVER_OBJECT Driver;
    HANDLE Handle, Duplicate;
    PFILE_OBJECT File = NULL;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoFile", 0, &Device);
    Status = KtIoOpen(L"\\Device\\KtIoFile", FALSE, &Handle);
    if (NT_SUCCESS(Status))
    {
        ZwDuplicateObject(NtCurrentProcess(), Handle, NtCurrentProcess(), &Duplicate, 0,
                          OBJ_KERNEL_HANDLE, DUPLICATE_SAME_ACCESS);
        ObReferenceObjectByHandle(Handle, 0, *IoFileObjectType, KernelMode, (PVOID *)&File, NULL);
        ZwClose(Handle);
        AfterFirst = KtIoOrderIs(Device, "C");
        ZwClose(Duplicate);
        AfterSecond = KtIoOrderIs(Device, "CU");
        ObfDereferenceObject(File);
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, NT_SUCCESS(Status), "open gave 0x%08X", Status);
    KT_CHECK(Context, File != NULL && File->Type == IO_TYPE_FILE && File->DeviceObject == Device,
             "the handle's file object");
    KT_CHECK(Context, AfterFirst, "cleanup before the last handle closed");
    KT_CHECK(Context, AfterSecond, "no cleanup at the last handle, or a close too early");
    KT_CHECK(Context, KtIoOrderIs(Device, "CUX"), "no close at the last reference");
}

static VOID
KtOpenErrors(PKT_CONTEXT Context)
{
    NTSTATUS Missing, Directory, Event, Refused, Disposition, Sync, Exclusive, Second;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KtIoErrors");
    UNICODE_STRING Only = RTL_CONSTANT_STRING(L"\\Device\\KtIoOnly");
    PDEVICE_OBJECT Device = NULL, Lone = NULL;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    PDRIVER_OBJECT Driver;
    HANDLE Handle, Other;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoErrors", 0, &Device);
    IoCreateDevice(Driver, sizeof(KT_IO_DEVICE), &Only, FILE_DEVICE_UNKNOWN, 0, TRUE, &Lone);
    Lone->Flags &= ~DO_DEVICE_INITIALIZING;
    Missing = KtIoOpen(L"\\Device\\KtIoNoSuchDevice", FALSE, &Handle);
    Directory = KtIoOpen(L"\\Device", FALSE, &Handle);
    KtCreateEvent(L"\\BaseNamedObjects\\KtIoEvent", 0, NULL, &Other);
    Event = KtIoOpen(L"\\BaseNamedObjects\\KtIoEvent", FALSE, &Handle);
    ZwClose(Other);
    KtIoState(Device)->CreateStatus = STATUS_ACCESS_DENIED;
    Refused = KtIoOpen(L"\\Device\\KtIoErrors", FALSE, &Handle);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Disposition = ZwCreateFile(&Handle, GENERIC_READ, &Attributes, &IoStatus, NULL, 0, 0,
                               FILE_MAXIMUM_DISPOSITION + 1, 0, NULL, 0);
    Sync = ZwCreateFile(&Handle, GENERIC_READ, &Attributes, &IoStatus, NULL, 0, 0, FILE_OPEN,
                        FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    Exclusive = KtIoOpen(L"\\Device\\KtIoOnly", FALSE, &Handle);
    Second = KtIoOpen(L"\\Device\\KtIoOnly", FALSE, &Other);
    if (NT_SUCCESS(Exclusive))
        ZwClose(Handle);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Missing == STATUS_OBJECT_NAME_NOT_FOUND, "missing device 0x%08X", Missing);
    KT_CHECK(Context, Directory == STATUS_OBJECT_TYPE_MISMATCH, "a directory gave 0x%08X",
             Directory);
    KT_CHECK(Context, Event == STATUS_OBJECT_TYPE_MISMATCH, "an event gave 0x%08X", Event);
    KT_CHECK(Context, Refused == STATUS_ACCESS_DENIED && KtIoOrderIs(Device, "C"),
             "a refused create gave 0x%08X, or was cleaned up", Refused);
    KT_CHECK(Context, Disposition == STATUS_INVALID_PARAMETER && Sync == STATUS_INVALID_PARAMETER,
             "bad parameters gave 0x%08X and 0x%08X", Disposition, Sync);
    KT_CHECK(Context, Exclusive == STATUS_SUCCESS && Second == STATUS_ACCESS_DENIED,
             "exclusive device: 0x%08X then 0x%08X", Exclusive, Second);
}

static VOID
KtHandleErrors(PKT_CONTEXT Context)
{
    NTSTATUS Bogus, Mismatch, Class, Length, Unhandled, NoOffset;
    FILE_STANDARD_INFORMATION Standard;
    PDEVICE_OBJECT Device = NULL;
    IO_STATUS_BLOCK IoStatus;
    PDRIVER_OBJECT Driver;
    HANDLE Handle = NULL, Event;
    CHAR Buffer[4];

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoHandles", 0, &Device);
    KtIoOpen(L"\\Device\\KtIoHandles", FALSE, &Handle);
    Bogus = ZwReadFile((HANDLE)(ULONG_PTR)0x7FFC, NULL, NULL, NULL, &IoStatus, Buffer,
                       sizeof(Buffer), NULL, NULL);
    KtCreateEvent(NULL, 0, NULL, &Event);
    Mismatch =
        ZwDeviceIoControlFile(Event, NULL, NULL, NULL, &IoStatus, IOCTL_KT_ECHO, NULL, 0, NULL, 0);
    ZwClose(Event);
    Class = ZwQueryInformationFile(Handle, &IoStatus, &Standard, sizeof(Standard),
                                   (FILE_INFORMATION_CLASS)200);
    Length = ZwQueryInformationFile(Handle, &IoStatus, &Standard, 2, FileStandardInformation);
    Unhandled = ZwQueryInformationFile(Handle, &IoStatus, &Standard, sizeof(Standard),
                                       FileStandardInformation);
    NoOffset = ZwReadFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL);
    if (Handle != NULL)
        ZwClose(Handle);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Handle != NULL, "open failed");
    KT_CHECK(Context, Bogus == STATUS_INVALID_HANDLE, "a bad handle gave 0x%08X", Bogus);
    KT_CHECK(Context, Mismatch == STATUS_OBJECT_TYPE_MISMATCH, "an event handle gave 0x%08X",
             Mismatch);
    KT_CHECK(Context, Class == STATUS_INVALID_INFO_CLASS && Length == STATUS_INFO_LENGTH_MISMATCH,
             "bad class 0x%08X, short buffer 0x%08X", Class, Length);
    KT_CHECK(Context, Unhandled == STATUS_INVALID_DEVICE_REQUEST, "unhandled major 0x%08X",
             Unhandled);
    KT_CHECK(Context, NoOffset == STATUS_INVALID_PARAMETER,
             "an asynchronous read without an offset gave 0x%08X", NoOffset);
}

/* Synchronous files wait for pending requests; asynchronous ones return STATUS_PENDING. */
static VOID
KtPendingRequests(PKT_CONTEXT Context)
{
    CHAR In[3] = "ab", Out[3] = {0};
    IO_STATUS_BLOCK IoStatus = {0}, Echo = {0};
    NTSTATUS Pending, Waited, Echoed;
    PDEVICE_OBJECT Device = NULL;
    PKT_IO_DEVICE State;
    PDRIVER_OBJECT Driver;
    HANDLE Handle = NULL, Event = NULL;
    PIRP Irp;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoPending", DO_BUFFERED_IO, &Device);
    State = KtIoState(Device);
    KtIoOpen(L"\\Device\\KtIoPending", FALSE, &Handle);
    KtCreateEvent(NULL, 0, NULL, &Event);
    Pending = ZwDeviceIoControlFile(Handle, Event, NULL, NULL, &IoStatus, IOCTL_KT_PEND, NULL, 0,
                                    NULL, 0);
    Irp = State->Pending;
    if (Pending == STATUS_PENDING && Irp != NULL)
    {
        State->Pending = NULL;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 5;
        IofCompleteRequest(Irp, IO_NO_INCREMENT);
    }
    Waited = ZwWaitForSingleObject(Event, FALSE, NULL);
    Echoed = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &Echo, IOCTL_KT_ECHO, In, sizeof(In),
                                   Out, sizeof(Out));
    ZwClose(Event);
    ZwClose(Handle);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Pending == STATUS_PENDING, "a pending IOCTL gave 0x%08X", Pending);
    KT_CHECK(Context,
             Waited == STATUS_SUCCESS && IoStatus.Status == STATUS_SUCCESS &&
                 IoStatus.Information == 5,
             "the event or status block after completion");
    KT_CHECK(Context, Echoed == STATUS_SUCCESS && Echo.Information == sizeof(In) && Out[1] == 'b',
             "METHOD_BUFFERED echo 0x%08X", Echoed);
}

static const KT_TEST KtIoFileTests[] = {
    {"create, cleanup at the last handle, close at the last reference", KtCreateCleanupClose},
    {"ZwCreateFile: missing names, wrong types, refusals, bad parameters", KtOpenErrors},
    {"file services: bad handles, wrong types, bad classes", KtHandleErrors},
    {"pending requests complete through the caller's event", KtPendingRequests},
};

const KT_SUITE KtIoFileSuite = {"Io file", KtIoFileTests, RTL_NUMBER_OF(KtIoFileTests)};
