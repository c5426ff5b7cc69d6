/* SPDX-License-Identifier: MIT */
/*
 * A driver inside the kernel for the Io self-tests: \Driver\KtIo, made with IopCreateDriver,
 * whose devices record the requests they get (a letter per major function) and answer
 * creates, cleanups, closes, reads, writes and two IOCTLs. Other majors keep the I/O
 * manager's default (STATUS_INVALID_DEVICE_REQUEST).
 */
#ifndef BASALT_KTIO_H
#define BASALT_KTIO_H

#include "ntos.h"

#define IOCTL_KT_ECHO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KT_PEND CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _KT_IO_DEVICE
{
    CHAR Order[16]; /* C create, U cleanup, X close, R read, W write, I IOCTL */
    volatile LONG OrderCount;
    NTSTATUS CreateStatus; /* what creates answer */
    PIRP Pending;          /* the IRP IOCTL_KT_PEND left pending */
    BOOLEAN SawMdl;        /* the last read or write came with an MDL */
    PVOID SawSystemBuffer; /* and this system buffer */
    PDEVICE_OBJECT Lower;  /* set: every request is passed down to it, no completion routine */
} KT_IO_DEVICE, *PKT_IO_DEVICE;

NTSTATUS KtIoCreateDriver(PDRIVER_OBJECT *Driver);
VOID KtIoUnloadDriver(PDRIVER_OBJECT Driver);
/* A device with a KT_IO_DEVICE extension, ready to open; Flags are ORed in (DO_*). */
NTSTATUS KtIoCreateDevice(PDRIVER_OBJECT Driver, PCWSTR Name, ULONG Flags, PDEVICE_OBJECT *Device);
NTSTATUS KtIoOpen(PCWSTR Name, BOOLEAN Synchronous, PHANDLE Handle);
PKT_IO_DEVICE KtIoState(PDEVICE_OBJECT Device);
BOOLEAN KtIoOrderIs(PDEVICE_OBJECT Device, PCSTR Expected);
BOOLEAN KtIoIsNamed(PCWSTR Name); /* something has this name in the namespace */

#endif
