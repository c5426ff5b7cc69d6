/* SPDX-License-Identifier: MIT */
/* I/O manager (Io): boot driver initialisation (the full I/O manager comes later). */
#ifndef BASALT_IO_H
#define BASALT_IO_H

typedef struct _IOP_BOOT_DRIVER_RESULT
{
    PKLDR_MODULE Module;
    PDRIVER_OBJECT DriverObject;
    NTSTATUS Status;
} IOP_BOOT_DRIVER_RESULT;

VOID IoInitializeBootDrivers(VOID);
ULONG IoBootDriverCount(VOID);
const IOP_BOOT_DRIVER_RESULT *IoBootDriverResult(ULONG Index);

#endif
