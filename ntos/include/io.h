/* SPDX-License-Identifier: MIT */
/* I/O manager (Io): boot driver initialisation (the full I/O manager comes later). */
#ifndef BASALT_IO_H
#define BASALT_IO_H

/* Boot files (io/iobootfs.c): \SystemRoot\System32\drivers\ as the loader read it. */
VOID IopInitializeBootFiles(PLOADER_PARAMETER_BLOCK LoaderBlock);
NTSTATUS IoGetBootFile(PCUNICODE_STRING Path, const VOID **Data, PSIZE_T Size);

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
