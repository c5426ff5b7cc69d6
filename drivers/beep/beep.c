/* SPDX-License-Identifier: MIT */
/*
 * beep.sys: \Device\Beep, the PC speaker as Windows' beep driver offers it, built against the
 * DDK headers only. IOCTL_BEEP_SET (ntddbeep.h) is checked in the dispatch routine and queued
 * through StartIo, one tone at a time, as NT's beep.sys does: DriverStartIo starts the tone
 * and completes the request once it is set (kernel32's Beep sleeps for the duration itself);
 * a timer DPC silences the speaker when the duration ends. A new request replaces the tone
 * that is sounding; a zero frequency or duration silences the speaker. A request cancelled
 * before its tone starts completes with STATUS_CANCELLED. Closing the last handle silences
 * the speaker.
 */
#include <ntddk.h>
#include <ntddbeep.h>

/* Exported by hal.dll and in libhal.a; ntddk.h declares it only without NO_LEGACY_DRIVERS,
 * which wdm.h always defines. */
NTHALAPI BOOLEAN NTAPI HalMakeBeep(ULONG Frequency);

typedef struct _BEEP_EXTENSION
{
    KSPIN_LOCK Lock; /* orders HalMakeBeep with the timer that ends a tone */
    KTIMER Timer;
    KDPC Dpc;
    ULONGLONG EndTime; /* interrupt time at which the sounding tone ends */
    LONG OpenCount;
} BEEP_EXTENSION, *PBEEP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeepUnload;
static DRIVER_DISPATCH BeepCreateClose, BeepCleanup, BeepDeviceControl;
static DRIVER_STARTIO BeepStartIo;
static DRIVER_CANCEL BeepCancel;
static KDEFERRED_ROUTINE BeepTimerDpc;

/* A DPC that an earlier tone's timer queued just before a new request replaced that tone
 * finds the new tone's end still ahead and leaves it sounding. */
static VOID NTAPI
BeepTimerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PBEEP_EXTENSION Extension = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireSpinLockAtDpcLevel(&Extension->Lock);
    if (KeQueryInterruptTime() >= Extension->EndTime)
        HalMakeBeep(0);
    KeReleaseSpinLockFromDpcLevel(&Extension->Lock);
}

static VOID
BeepSilence(PBEEP_EXTENSION Extension)
{
    KIRQL OldIrql;

    KeCancelTimer(&Extension->Timer);
    KeAcquireSpinLock(&Extension->Lock, &OldIrql);
    Extension->EndTime = 0;
    HalMakeBeep(0);
    KeReleaseSpinLock(&Extension->Lock, OldIrql);
}

/* Parameters were checked by BeepDeviceControl. */
static VOID
BeepStart(PBEEP_EXTENSION Extension, const BEEP_SET_PARAMETERS *Parameters)
{
    LARGE_INTEGER DueTime;
    KIRQL OldIrql;

    if (Parameters->Frequency == 0 || Parameters->Duration == 0)
    {
        BeepSilence(Extension);
        return;
    }
    KeCancelTimer(&Extension->Timer);
    KeAcquireSpinLock(&Extension->Lock, &OldIrql);
    HalMakeBeep(Parameters->Frequency);
    DueTime.QuadPart = -10000LL * Parameters->Duration;
    Extension->EndTime = KeQueryInterruptTime() - DueTime.QuadPart;
    KeSetTimer(&Extension->Timer, DueTime, &Extension->Dpc);
    KeReleaseSpinLock(&Extension->Lock, OldIrql);
}

static NTSTATUS
BeepComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI
BeepCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBEEP_EXTENSION Extension = DeviceObject->DeviceExtension;

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE)
        InterlockedIncrement(&Extension->OpenCount);
    return BeepComplete(Irp, STATUS_SUCCESS, 0);
}

/* The last handle going away ends any tone it started. */
static NTSTATUS NTAPI
BeepCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBEEP_EXTENSION Extension = DeviceObject->DeviceExtension;

    if (InterlockedDecrement(&Extension->OpenCount) == 0)
        BeepSilence(Extension);
    return BeepComplete(Irp, STATUS_SUCCESS, 0);
}

/*
 * The current packet's cancel routine starts the next one; a queued packet's takes itself off
 * the queue. Called holding the cancel spin lock.
 */
static VOID NTAPI
BeepCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (Irp == DeviceObject->CurrentIrp)
    {
        IoReleaseCancelSpinLock(Irp->CancelIrql);
        IoStartNextPacket(DeviceObject, TRUE);
    }
    else
    {
        KeRemoveEntryDeviceQueue(&DeviceObject->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);
        IoReleaseCancelSpinLock(Irp->CancelIrql);
    }
    BeepComplete(Irp, STATUS_CANCELLED, 0);
}

/*
 * DISPATCH_LEVEL. Whoever takes the cancel routine off owns the packet: if the cancel
 * routine did, it completes the packet. DeferredStartIo keeps the IoStartNextPacket here
 * from re-entering this routine.
 */
static VOID NTAPI
BeepStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS Status = STATUS_CANCELLED;
    KIRQL CancelIrql;

    IoAcquireCancelSpinLock(&CancelIrql);
    if (IoSetCancelRoutine(Irp, NULL) == NULL)
    {
        IoReleaseCancelSpinLock(CancelIrql);
        return;
    }
    IoReleaseCancelSpinLock(CancelIrql);
    if (!Irp->Cancel)
    {
        BeepStart(DeviceObject->DeviceExtension, Irp->AssociatedIrp.SystemBuffer);
        Status = STATUS_SUCCESS;
    }
    IoStartNextPacket(DeviceObject, TRUE);
    BeepComplete(Irp, Status, 0);
}

static NTSTATUS NTAPI
BeepDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    const BEEP_SET_PARAMETERS *Parameters = Irp->AssociatedIrp.SystemBuffer;

    if (Stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_BEEP_SET)
        return BeepComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(BEEP_SET_PARAMETERS))
        return BeepComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (Parameters->Frequency != 0 && Parameters->Duration != 0 &&
        (Parameters->Frequency < BEEP_FREQUENCY_MINIMUM ||
         Parameters->Frequency > BEEP_FREQUENCY_MAXIMUM))
        return BeepComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    IoMarkIrpPending(Irp);
    IoStartPacket(DeviceObject, Irp, NULL, BeepCancel);
    return STATUS_PENDING;
}

static VOID NTAPI
BeepUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;

    if (Device == NULL)
        return;
    BeepSilence(Device->DeviceExtension);
    /* A DPC the cancelled timer had already queued must run before its extension goes. */
    KeFlushQueuedDpcs();
    IoDeleteDevice(Device);
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    PBEEP_EXTENSION Extension;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(BEEP_EXTENSION), &Name, FILE_DEVICE_BEEP, 0, FALSE,
                            &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Extension = Device->DeviceExtension;
    KeInitializeSpinLock(&Extension->Lock);
    KeInitializeTimer(&Extension->Timer);
    KeInitializeDpc(&Extension->Dpc, BeepTimerDpc, Extension);
    IoSetStartIoAttributes(Device, TRUE, FALSE);
    Device->Flags |= DO_BUFFERED_IO;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeepCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeepCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = BeepCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BeepDeviceControl;
    DriverObject->DriverStartIo = BeepStartIo;
    DriverObject->DriverUnload = BeepUnload;
    return STATUS_SUCCESS;
}
