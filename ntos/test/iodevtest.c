/* SPDX-License-Identifier: MIT */
/*
 * Io self-tests: driver objects (IopCreateDriver, IopUnloadDriver), device objects (fields,
 * names, collisions, deletion deferred to the last open), device stacks and symbolic links.
 */
#include "ktio.h"

static BOOLEAN KtFailingEntryRan;

static NTSTATUS NTAPI
KtFailingDriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KtIoFailing");
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(RegistryPath);
    KtFailingEntryRan = TRUE;
    IoCreateDevice(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

static VOID
KtDriverObjects(PKT_CONTEXT Context)
{
    UNICODE_STRING Failing = RTL_CONSTANT_STRING(L"\\Driver\\KtIoFailing");
    PDRIVER_OBJECT Driver, Second;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KT_CHECK(Context, KtIoIsNamed(L"\\Driver\\KtIo"), "\\Driver\\KtIo is not in the namespace");
    Status = KtIoCreateDriver(&Second);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_COLLISION && Second == NULL,
             "a second KtIo gave 0x%08X", Status);
    KT_CHECK(Context,
             Driver->Type == IO_TYPE_DRIVER && Driver->DriverExtension->DriverObject == Driver &&
                 Driver->DriverExtension->ServiceKeyName.Length == 4 * sizeof(WCHAR),
             "driver object fields");
    KT_CHECK(Context, Driver->MajorFunction[IRP_MJ_FLUSH_BUFFERS] != NULL,
             "unhandled majors have no default");
    KT_CHECK(Context, ObGetObjectType(Driver) == *IoDriverObjectType, "not a Driver object");
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, !KtIoIsNamed(L"\\Driver\\KtIo"), "the driver's name outlived it");
    Status = IopCreateDriver(&Failing, KtFailingDriverEntry, NULL, NULL, 0, &Second);
    KT_CHECK(Context, Status == STATUS_DEVICE_CONFIGURATION_ERROR && Second == NULL,
             "a failing DriverEntry gave 0x%08X", Status);
    KT_CHECK(Context, KtFailingEntryRan, "DriverEntry did not run");
    KT_CHECK(Context, !KtIoIsNamed(L"\\Driver\\KtIoFailing"), "a failed driver kept its name");
    KT_CHECK(Context, !KtIoIsNamed(L"\\Device\\KtIoFailing"), "a failed driver kept its device");
}

static VOID
KtCreateDeviceFields(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KtIoFields");
    PDEVICE_OBJECT Device = NULL, Twin = (PDEVICE_OBJECT)1, Unnamed = NULL;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;
    ULONG I;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    Status =
        IoCreateDevice(Driver, 40, &Name, FILE_DEVICE_DISK, FILE_REMOVABLE_MEDIA, FALSE, &Device);
    if (NT_SUCCESS(Status))
    {
        Status = IoCreateDevice(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Twin);
        IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, TRUE, &Unnamed);
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Device != NULL, "IoCreateDevice failed");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_COLLISION && Twin == NULL,
             "a second \\Device\\KtIoFields gave 0x%08X", Status);
    KT_CHECK(Context,
             Unnamed != NULL && (Unnamed->Flags & DO_EXCLUSIVE) &&
                 !(Unnamed->Flags & DO_DEVICE_HAS_NAME) && Unnamed->DeviceExtension == NULL,
             "unnamed exclusive device");
    KT_CHECK(Context,
             Device->Type == IO_TYPE_DEVICE && Device->StackSize == 1 &&
                 Device->DriverObject == Driver && Device->SectorSize == 512,
             "device fields");
    KT_CHECK(Context,
             (Device->Flags & (DO_DEVICE_INITIALIZING | DO_DEVICE_HAS_NAME)) ==
                 (DO_DEVICE_INITIALIZING | DO_DEVICE_HAS_NAME),
             "flags 0x%X", Device->Flags);
    KT_CHECK(Context,
             Device->Characteristics == FILE_REMOVABLE_MEDIA &&
                 Device->DeviceType == FILE_DEVICE_DISK && Device->AlignmentRequirement == 0,
             "type, characteristics or alignment");
    KT_CHECK(Context, Device->DeviceExtension == (PUCHAR)Device + 0x150, "extension at %p",
             Device->DeviceExtension);
    for (I = 0; I < 40; I++)
        KT_CHECK(Context, ((PUCHAR)Device->DeviceExtension)[I] == 0, "extension not zeroed");
    KT_CHECK(Context, ((PDEVOBJ_EXTENSION)Device->DeviceObjectExtension)->DeviceObject == Device,
             "DeviceObjectExtension");
}

/* The name goes at IoDeleteDevice; the device stays on its driver's list until closed. */
static VOID
KtDeleteDeviceDeferred(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Device = NULL, Initialising = NULL;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KtIoInit");
    BOOLEAN Named = TRUE, Listed = FALSE, ListedAfter = TRUE;
    NTSTATUS Open, Busy;
    PDRIVER_OBJECT Driver;
    HANDLE Handle = NULL, Other;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    Open = KtIoCreateDevice(Driver, L"\\Device\\KtIoDelete", 0, &Device);
    if (NT_SUCCESS(Open))
        Open = KtIoOpen(L"\\Device\\KtIoDelete", FALSE, &Handle);
    IoCreateDevice(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Initialising);
    Busy = KtIoOpen(L"\\Device\\KtIoInit", FALSE, &Other);
    if (NT_SUCCESS(Open))
    {
        IoDeleteDevice(Device);
        Named = KtIoIsNamed(L"\\Device\\KtIoDelete");
        Listed = Driver->DeviceObject == Device || Driver->DeviceObject->NextDevice == Device;
        ZwClose(Handle);
        ListedAfter = Driver->DeviceObject == Device || Driver->DeviceObject->NextDevice == Device;
    }
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, NT_SUCCESS(Open), "open gave 0x%08X", Open);
    KT_CHECK(Context, Busy == STATUS_NO_SUCH_DEVICE, "an initialising device opened: 0x%08X", Busy);
    KT_CHECK(Context, !Named, "the name outlived IoDeleteDevice");
    KT_CHECK(Context, Listed, "an open device left its driver's list");
    KT_CHECK(Context, !ListedAfter, "a closed deleted device stayed on its driver's list");
}

static VOID
KtDeviceStacks(PKT_CONTEXT Context)
{
    PDEVICE_OBJECT Bottom = NULL, Middle = NULL, Top = NULL, AttachedTo = NULL, Lower, Reference;
    PDEVICE_OBJECT Refused = (PDEVICE_OBJECT)1, Late = NULL;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;
    BOOLEAN Shape;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, NULL, 0, &Bottom);
    KtIoCreateDevice(Driver, NULL, 0, &Middle);
    KtIoCreateDevice(Driver, NULL, 0, &Top);
    KtIoCreateDevice(Driver, NULL, 0, &Late);
    Middle->AlignmentRequirement = FILE_QUAD_ALIGNMENT;
    Status = IoAttachDeviceToDeviceStackSafe(Middle, Bottom, &AttachedTo);
    Lower = IoAttachDeviceToDeviceStack(Top, Bottom); /* goes on top of Middle */
    Reference = IoGetAttachedDeviceReference(Bottom);
    ObfDereferenceObject(Reference);
    Shape = Top->StackSize == 3 && Top->AlignmentRequirement == FILE_QUAD_ALIGNMENT &&
            IoGetAttachedDevice(Bottom) == Top && Reference == Top &&
            IoGetAttachedDevice(Middle) == Top;
    Reference = IoGetLowerDeviceObject(Top);
    if (Reference != NULL)
        ObfDereferenceObject(Reference);
    Shape = Shape && Reference == Middle && IoGetLowerDeviceObject(Bottom) == NULL;
    IoDetachDevice(Middle);
    IoDetachDevice(Bottom);
    Shape = Shape && IoGetAttachedDevice(Bottom) == Bottom && Bottom->AttachedDevice == NULL;
    ObfReferenceObject(Bottom); /* kept for the refused attach below */
    IoDeleteDevice(Bottom);
    Status =
        Status == STATUS_SUCCESS ? IoAttachDeviceToDeviceStackSafe(Late, Bottom, &Refused) : Status;
    ObfDereferenceObject(Bottom);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Top != NULL && Late != NULL, "IoCreateDevice failed");
    KT_CHECK(Context, AttachedTo == Bottom && Lower == Middle, "attached to %p and %p", AttachedTo,
             Lower);
    KT_CHECK(Context, Shape, "the stack's shape is wrong");
    KT_CHECK(Context, Status == STATUS_NO_SUCH_DEVICE && Refused == NULL,
             "attaching to a deleted device gave 0x%08X", Status);
}

static VOID
KtSymbolicLinks(PKT_CONTEXT Context)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\??\\KtIoLink");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\KtIoLinked");
    NTSTATUS Created, Twice, Opened, Deleted, Again, Reopened;
    PDEVICE_OBJECT Device = NULL;
    PDRIVER_OBJECT Driver;
    HANDLE Handle;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoLinked", 0, &Device);
    Created = IoCreateSymbolicLink(&Link, &Target);
    Twice = IoCreateSymbolicLink(&Link, &Target);
    Opened = KtIoOpen(L"\\DosDevices\\KtIoLink", FALSE, &Handle);
    if (NT_SUCCESS(Opened))
        ZwClose(Handle);
    Deleted = IoDeleteSymbolicLink(&Link);
    Again = IoDeleteSymbolicLink(&Link);
    Reopened = KtIoOpen(L"\\??\\KtIoLink", FALSE, &Handle);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, Device != NULL && Created == STATUS_SUCCESS, "IoCreateSymbolicLink 0x%08X",
             Created);
    KT_CHECK(Context, Twice == STATUS_OBJECT_NAME_COLLISION, "a second link gave 0x%08X", Twice);
    KT_CHECK(Context, Opened == STATUS_SUCCESS && KtIoOrderIs(Device, "CUX"),
             "open through the link gave 0x%08X", Opened);
    KT_CHECK(Context, Deleted == STATUS_SUCCESS && Again == STATUS_OBJECT_NAME_NOT_FOUND,
             "IoDeleteSymbolicLink gave 0x%08X then 0x%08X", Deleted, Again);
    KT_CHECK(Context, Reopened == STATUS_OBJECT_NAME_NOT_FOUND, "reopen gave 0x%08X", Reopened);
}

static VOID
KtDeviceObjectPointer(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KtIoPointer");
    UNICODE_STRING Missing = RTL_CONSTANT_STRING(L"\\Device\\KtIoMissing");
    UNICODE_STRING Directory = RTL_CONSTANT_STRING(L"\\Device");
    PDEVICE_OBJECT Device = NULL, Filter = NULL, Found = NULL, Unused;
    NTSTATUS Status, NotFound, Mismatch;
    PFILE_OBJECT File = NULL, Unfound;
    BOOLEAN AfterOpen = FALSE;
    PDRIVER_OBJECT Driver;

    KT_CHECK(Context, NT_SUCCESS(KtIoCreateDriver(&Driver)), "IopCreateDriver failed");
    KtIoCreateDevice(Driver, L"\\Device\\KtIoPointer", 0, &Device);
    KtIoCreateDevice(Driver, NULL, 0, &Filter);
    IoAttachDeviceToDeviceStack(Filter, Device);
    Status = IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &File, &Found);
    if (NT_SUCCESS(Status))
    {
        AfterOpen = KtIoOrderIs(Filter, "CU") && File->DeviceObject == Device;
        ObfDereferenceObject(File);
    }
    NotFound = IoGetDeviceObjectPointer(&Missing, FILE_READ_DATA, &Unfound, &Unused);
    Mismatch = IoGetDeviceObjectPointer(&Directory, FILE_READ_DATA, &Unfound, &Unused);
    IoDetachDevice(Device);
    KtIoUnloadDriver(Driver);
    KT_CHECK(Context, NT_SUCCESS(Status), "IoGetDeviceObjectPointer gave 0x%08X", Status);
    KT_CHECK(Context, Found == Filter, "the device is not the top of the stack");
    KT_CHECK(Context, AfterOpen, "the open did not go to the stack's top, or had no cleanup");
    KT_CHECK(Context, KtIoOrderIs(Filter, "CUX") && KtIoState(Device)->OrderCount == 0,
             "the close did not follow the last reference");
    KT_CHECK(Context, NotFound == STATUS_OBJECT_NAME_NOT_FOUND, "missing name gave 0x%08X",
             NotFound);
    KT_CHECK(Context, Mismatch == STATUS_OBJECT_TYPE_MISMATCH, "a directory gave 0x%08X", Mismatch);
}

static const KT_TEST KtIoDeviceTests[] = {
    {"IopCreateDriver and IopUnloadDriver; a failing DriverEntry leaves nothing", KtDriverObjects},
    {"IoCreateDevice: fields, zeroed extension, name collision", KtCreateDeviceFields},
    {"IoDeleteDevice: the name goes at once, the device with its last open",
     KtDeleteDeviceDeferred},
    {"device stacks: attach, attached and lower devices, detach", KtDeviceStacks},
    {"symbolic links: create, open through, collide, delete", KtSymbolicLinks},
    {"IoGetDeviceObjectPointer: the top of the stack, cleanup then close", KtDeviceObjectPointer},
};

const KT_SUITE KtIoDeviceSuite = {"Io device", KtIoDeviceTests, RTL_NUMBER_OF(KtIoDeviceTests)};
