/* SPDX-License-Identifier: MIT */
/*
 * iotest.sys internals. The driver makes three kinds of device: \Device\KtTestIo reports the
 * cases (kttest.h), \Device\IoTestTarget answers the requests the cases send, and cases
 * attach an unnamed filter device over the target. All share one dispatch table, so the
 * dispatch routine tells them apart by device object.
 */
#ifndef IOTEST_H
#define IOTEST_H

#include <ntifs.h>

#include "kttest.h"

#define IOT_CODE(Function, Method) \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + (Function), Method, FILE_ANY_ACCESS)
#define IOCTL_IOT_ECHO IOT_CODE(0, METHOD_BUFFERED)       /* output = input + 1 per byte */
#define IOCTL_IOT_SUM IOT_CODE(1, METHOD_IN_DIRECT)       /* Information = sum of all bytes */
#define IOCTL_IOT_FILL IOT_CODE(2, METHOD_OUT_DIRECT)     /* output filled with input[0] */
#define IOCTL_IOT_COPY IOT_CODE(3, METHOD_NEITHER)        /* output = input */
#define IOCTL_IOT_PEND_DPC IOT_CODE(4, METHOD_NEITHER)    /* pends; a DPC completes 0x1234 */
#define IOCTL_IOT_PEND_WORK IOT_CODE(5, METHOD_NEITHER)   /* pends; a work item completes 0x5678 */
#define IOCTL_IOT_PEND_CANCEL IOT_CODE(6, METHOD_NEITHER) /* pends with a cancel routine */
#define IOCTL_IOT_PEND_CSQ IOT_CODE(7, METHOD_NEITHER)    /* queued in the cancel-safe queue */
#define IOCTL_IOT_CSQ_DRAIN IOT_CODE(8, METHOD_NEITHER)   /* completes the queue; Information = n */
#define IOCTL_IOT_CSQ_REFUSE IOT_CODE(9, METHOD_NEITHER)  /* CsqInsertIrpEx refuses it */

#define IOT_DPC_INFORMATION 0x1234
#define IOT_WORK_INFORMATION 0x5678
#define IOT_ASYNC_READ_OFFSET 1 /* a read at this offset pends and completes from a DPC */

typedef struct _IOT_GLOBALS
{
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Report, Target, Filter, FilterLower;
    volatile LONG TargetCreates, TargetCleanups, TargetCloses, FilterCreates;
    /* Completion order: routines append a letter. */
    CHAR Order[8];
    volatile LONG OrderCount;
    BOOLEAN FilterKeeps; /* the filter's completion routine returns MORE_PROCESSING_REQUIRED */
    KEVENT FilterCompleted;
    /* The target's one DPC-completed IRP at a time. */
    KTIMER Timer;
    KDPC Dpc;
    PIRP DpcIrp;
    /* The cancel-safe queue. */
    IO_CSQ Csq;
    LIST_ENTRY CsqList;
    KSPIN_LOCK CsqLock;
} IOT_GLOBALS;

extern IOT_GLOBALS Iot;

NTSTATUS IotCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);
NTSTATUS IotTargetDispatch(PIRP Irp);
NTSTATUS IotFilterDispatch(PIRP Irp);
VOID IotInitializeTarget(VOID);
VOID IotRecord(CHAR Letter);
NTSTATUS IotAttachFilter(VOID);
VOID IotDetachFilter(VOID);
NTSTATUS IotOpen(PCWSTR Name, BOOLEAN Synchronous, PHANDLE Handle);
/* Send a built IOCTL to Device and wait for it; the status block's status. */
NTSTATUS IotSendIoctl(PDEVICE_OBJECT Device, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                      ULONG OutLength, PIO_STATUS_BLOCK IoStatus);

/* The cases, by file. */
PCSTR IotCaseFilterStack(VOID);
PCSTR IotCaseSynchronousIoctl(VOID);
PCSTR IotCasePendingDpc(VOID);
PCSTR IotCasePendingWorkItem(VOID);
PCSTR IotCaseCompletionOrder(VOID);
PCSTR IotCaseCancelRoutine(VOID);
PCSTR IotCaseCancelSafeQueue(VOID);
PCSTR IotCaseIoctlMethods(VOID);
PCSTR IotCaseNullDevice(VOID);
PCSTR IotCaseSymbolicLink(VOID);
PCSTR IotCaseAsynchronousRead(VOID);
PCSTR IotCaseSynchronousPosition(VOID);

#endif
