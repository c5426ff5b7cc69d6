/* SPDX-License-Identifier: MIT */
/* Cancellation: a pending IRP with its own cancel routine, and IRPs in a cancel-safe queue. */
#include "iotest.h"

typedef struct _IOT_PENDING
{
    KEVENT Event;
    IO_STATUS_BLOCK IoStatus;
    PIRP Irp;
    NTSTATUS Status;
} IOT_PENDING;

static VOID
IotSendPending(IOT_PENDING *Pending, ULONG Code)
{
    KeInitializeEvent(&Pending->Event, NotificationEvent, FALSE);
    Pending->IoStatus.Status = STATUS_PENDING;
    Pending->Irp = IoBuildDeviceIoControlRequest(Code, Iot.Target, NULL, 0, NULL, 0, FALSE,
                                                 &Pending->Event, &Pending->IoStatus);
    Pending->Status = Pending->Irp != NULL ? IoCallDriver(Iot.Target, Pending->Irp)
                                           : STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS
IotWaitPending(IOT_PENDING *Pending)
{
    LARGE_INTEGER Timeout = {.QuadPart = -50000000LL};

    if (KeWaitForSingleObject(&Pending->Event, Executive, KernelMode, FALSE, &Timeout) !=
        STATUS_SUCCESS)
        return STATUS_TIMEOUT;
    return Pending->IoStatus.Status;
}

PCSTR
IotCaseCancelRoutine(VOID)
{
    IOT_PENDING Pending;
    PIRP Unsent;

    IotSendPending(&Pending, IOCTL_IOT_PEND_CANCEL);
    KTTEST_EXPECT(Pending.Status == STATUS_PENDING);
    KTTEST_EXPECT(IoCancelIrp(Pending.Irp));
    KTTEST_EXPECT(IotWaitPending(&Pending) == STATUS_CANCELLED);
    /* Without a cancel routine there is nothing to call: FALSE, but the IRP is marked. */
    Unsent = IoAllocateIrp(1, FALSE);
    KTTEST_EXPECT(Unsent != NULL);
    KTTEST_EXPECT(!IoCancelIrp(Unsent));
    KTTEST_EXPECT(Unsent->Cancel);
    IoFreeIrp(Unsent);
    return NULL;
}

PCSTR
IotCaseCancelSafeQueue(VOID)
{
    IOT_PENDING First, Second, Refused;
    IO_STATUS_BLOCK IoStatus;

    IotSendPending(&First, IOCTL_IOT_PEND_CSQ);
    IotSendPending(&Second, IOCTL_IOT_PEND_CSQ);
    KTTEST_EXPECT(First.Status == STATUS_PENDING && Second.Status == STATUS_PENDING);
    KTTEST_EXPECT(IoCancelIrp(First.Irp));
    KTTEST_EXPECT(IotWaitPending(&First) == STATUS_CANCELLED);
    KTTEST_EXPECT(IotSendIoctl(Iot.Target, IOCTL_IOT_CSQ_DRAIN, NULL, 0, NULL, 0, &IoStatus) ==
                  STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Information == 1);
    KTTEST_EXPECT(IotWaitPending(&Second) == STATUS_SUCCESS);
    IotSendPending(&Refused, IOCTL_IOT_CSQ_REFUSE);
    KTTEST_EXPECT(Refused.Status == STATUS_DEVICE_BUSY);
    KTTEST_EXPECT(IotWaitPending(&Refused) == STATUS_DEVICE_BUSY);
    KTTEST_EXPECT(IotSendIoctl(Iot.Target, IOCTL_IOT_CSQ_DRAIN, NULL, 0, NULL, 0, &IoStatus) ==
                  STATUS_SUCCESS);
    KTTEST_EXPECT(IoStatus.Information == 0);
    return NULL;
}
