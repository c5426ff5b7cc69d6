/* SPDX-License-Identifier: MIT */
/*
 * The filter's cases, run through \Device\KtTestIoFilter while the filter is attached: the
 * stack's shape, opens and closes by name, requests that complete at once, later (pending)
 * and cancelled, each passing up through the filter's completion routine, and detaching and
 * attaching again. The requests are iotest.sys's IOCTLs (iotest.h).
 */
#include "iofilter.h"

#define IOF_WAIT_100NS (-50000000LL) /* five seconds */

static BOOLEAN
IofTopIs(PDEVICE_OBJECT Expected)
{
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(Iof.Target);

    ObDereferenceObject(Top);
    return Top == Expected;
}

PCSTR
IofCaseOnTop(VOID)
{
    PDEVICE_OBJECT Lower = IoGetLowerDeviceObject(Iof.Filter);

    if (Lower != NULL)
        ObDereferenceObject(Lower);
    KTTEST_EXPECT(IofTopIs(Iof.Filter));
    KTTEST_EXPECT(Lower == Iof.Lower && Lower != NULL);
    KTTEST_EXPECT(Iof.Filter->StackSize == Iof.Lower->StackSize + 1);
    return NULL;
}

/* The file the open made belongs to the target, but its requests go to the filter. */
PCSTR
IofCaseOpenByName(VOID)
{
    LONG Creates = Iof.Creates, Cleanups = Iof.Cleanups, Closes = Iof.Closes;
    PDEVICE_OBJECT Related = NULL, Opened = NULL;
    PFILE_OBJECT FileObject;
    HANDLE Handle;

    KTTEST_EXPECT(NT_SUCCESS(IofOpenTarget(TRUE, &Handle)));
    if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, *IoFileObjectType, KernelMode,
                                             (PVOID *)&FileObject, NULL)))
    {
        Related = IoGetRelatedDeviceObject(FileObject);
        Opened = FileObject->DeviceObject;
        ObDereferenceObject(FileObject);
    }
    ZwClose(Handle);
    KTTEST_EXPECT(Iof.Creates == Creates + 1);
    KTTEST_EXPECT(Related == Iof.Filter && Opened == Iof.Target);
    KTTEST_EXPECT(Iof.Cleanups == Cleanups + 1 && Iof.Closes == Closes + 1);
    return NULL;
}

/* An echo completes at once; a DPC-completed IOCTL pends, and the filter passes that up. */
PCSTR
IofCaseCompletions(VOID)
{
    LARGE_INTEGER Timeout = {.QuadPart = IOF_WAIT_100NS};
    LONG Completions = Iof.Completions, Pending = Iof.PendingReturns, Passed = Iof.Passed;
    IO_STATUS_BLOCK IoStatus;
    UCHAR In[3] = {1, 2, 3}, Out[3] = {0};
    NTSTATUS Echo, Sent = STATUS_UNSUCCESSFUL, Waited = STATUS_UNSUCCESSFUL;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle, Event;

    KTTEST_EXPECT(NT_SUCCESS(IofOpenTarget(TRUE, &Handle)));
    Echo = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_ECHO, In,
                                 sizeof(In), Out, sizeof(Out));
    ZwClose(Handle);
    KTTEST_EXPECT(Echo == STATUS_SUCCESS && Out[0] == 2 && Out[2] == 4);
    KTTEST_EXPECT(Iof.Passed == Passed + 1 && Iof.Completions == Completions + 1);
    KTTEST_EXPECT(Iof.PendingReturns == Pending);
    KTTEST_EXPECT(NT_SUCCESS(IofOpenTarget(FALSE, &Handle)));
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE)))
    {
        Sent = ZwDeviceIoControlFile(Handle, Event, NULL, NULL, &IoStatus, IOCTL_IOT_PEND_DPC, NULL,
                                     0, NULL, 0);
        Waited = ZwWaitForSingleObject(Event, FALSE, &Timeout);
        ZwClose(Event);
    }
    ZwClose(Handle);
    KTTEST_EXPECT(Sent == STATUS_PENDING && Waited == STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Status == STATUS_SUCCESS && IoStatus.Information == IOT_DPC_INFORMATION);
    KTTEST_EXPECT(Iof.Completions == Completions + 2 && Iof.PendingReturns == Pending + 1);
    return NULL;
}

/* The target keeps the IRP with a cancel routine; IoCancelIrp ends it, through the filter. */
PCSTR
IofCaseCancelled(VOID)
{
    LARGE_INTEGER Timeout = {.QuadPart = IOF_WAIT_100NS};
    LONG Completions = Iof.Completions;
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(Iof.Target);
    IO_STATUS_BLOCK IoStatus = {0};
    NTSTATUS Sent = STATUS_UNSUCCESSFUL, Waited = STATUS_UNSUCCESSFUL;
    BOOLEAN Cancelled = FALSE;
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_IOT_PEND_CANCEL, Top, NULL, 0, NULL, 0, FALSE, &Event,
                                        &IoStatus);
    if (Irp != NULL)
    {
        Sent = IoCallDriver(Top, Irp);
        Cancelled = IoCancelIrp(Irp);
        Waited = KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout);
    }
    ObDereferenceObject(Top);
    KTTEST_EXPECT(Irp != NULL && Top == Iof.Filter);
    KTTEST_EXPECT(Sent == STATUS_PENDING && Cancelled && Waited == STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Status == STATUS_CANCELLED);
    KTTEST_EXPECT(Iof.Completions == Completions + 1 && Iof.LastStatus == STATUS_CANCELLED);
    return NULL;
}

/* Opens while detached reach the target without the filter; attaching again restores it. */
PCSTR
IofCaseDetach(VOID)
{
    PDEVICE_OBJECT Lower = Iof.Lower;
    LONG Creates = Iof.Creates;
    BOOLEAN Restored, Bypassed;
    NTSTATUS Status;
    HANDLE Handle;

    IofDetach();
    Restored = IofTopIs(Lower);
    Bypassed = NT_SUCCESS(IofOpenTarget(TRUE, &Handle));
    if (Bypassed)
        ZwClose(Handle);
    Bypassed = Bypassed && Iof.Creates == Creates;
    Status = IofAttach();
    KTTEST_EXPECT(Restored && Bypassed);
    KTTEST_EXPECT(NT_SUCCESS(Status) && Iof.Lower == Lower && IofTopIs(Iof.Filter));
    KTTEST_EXPECT(NT_SUCCESS(IofOpenTarget(TRUE, &Handle)));
    ZwClose(Handle);
    KTTEST_EXPECT(Iof.Creates == Creates + 1);
    return NULL;
}
