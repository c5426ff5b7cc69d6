/* SPDX-License-Identifier: MIT */
/*
 * I/O manager (Io): driver, device and file objects, IRPs, and the boot drivers. The
 * structures are the DDK's; the I/O manager's private state lives in ntos/io/iop.h.
 */
#ifndef BASALT_IO_H
#define BASALT_IO_H

/* Boot files (io/iobootfs.c): \SystemRoot\System32\drivers\ as the loader read it. */
VOID IopInitializeBootFiles(PLOADER_PARAMETER_BLOCK LoaderBlock);
NTSTATUS IoGetBootFile(PCUNICODE_STRING Path, const VOID **Data, PSIZE_T Size);

typedef struct _IOP_BOOT_DRIVER_RESULT
{
    PKLDR_MODULE Module;
    PDRIVER_OBJECT DriverObject; /* NULL if DriverEntry failed */
    NTSTATUS Status;
} IOP_BOOT_DRIVER_RESULT;

/* The Driver, Device and File types; before any driver starts. */
NTSTATUS IoInitSystem(VOID);
VOID IoInitializeBootDrivers(VOID);
/* Every Services key with Start = SERVICE_SYSTEM_START, in group and tag order. */
VOID IoInitializeSystemDrivers(VOID);
/* Load the driver of a Services key (ZwLoadDriver's work); on success *DriverObject and
 * *Module (each optional) are the driver object and its image. PASSIVE_LEVEL. */
NTSTATUS IopLoadDriver(PCUNICODE_STRING KeyPath, PDRIVER_OBJECT *DriverObject,
                       PKLDR_MODULE *Module);
ULONG IoBootDriverCount(VOID);
const IOP_BOOT_DRIVER_RESULT *IoBootDriverResult(ULONG Index);
VOID IopRunBenchmarks(VOID); /* /BENCH: bench lines on the debug port */

/*
 * Make the driver object Name (\Driver\<Name> unless Name is absolute), call Init
 * (DriverEntry) with RegistryPath; on success *Out is the driver object, referenced for
 * IopUnloadDriver. On failure everything goes and DriverEntry's status comes back.
 */
NTSTATUS IopCreateDriver(PCUNICODE_STRING Name, PDRIVER_INITIALIZE Init,
                         PCUNICODE_STRING RegistryPath, PVOID ImageBase, ULONG ImageSize,
                         PDRIVER_OBJECT *Out);
/* DriverUnload, wait until the driver's devices are gone, drop the name and the reference. */
NTSTATUS IopUnloadDriver(PDRIVER_OBJECT DriverObject);
/* Call the queued driver reinitialisation routines (io/ioreinit.c), once the system-start
 * drivers have started; PASSIVE_LEVEL. */
VOID IopReinitializeDrivers(VOID);
/* A device's power state (io/iopower.c): set State, return the previous one (D0 at first). */
DEVICE_POWER_STATE IopExchangeDevicePowerState(PDEVICE_OBJECT DeviceObject,
                                               DEVICE_POWER_STATE State);
/* Shutdown notifications (iomisc.c): is the device registered (of that kind)? */
BOOLEAN IopIsShutdownRegistered(PDEVICE_OBJECT DeviceObject, BOOLEAN LastChance);
/* Threaded IRPs a thread has outstanding. */
ULONG IoThreadIrpCount(PETHREAD Thread);
/* Ps's thread exit, in the exiting thread: cancel its IRPs, wait for them (up to
 * IopCancelThreadIoSteps steps of 100 ms; the self-tests shorten it), disassociate the rest. */
VOID IoCancelThreadIo(PETHREAD Thread);
extern ULONG IopCancelThreadIoSteps;

/* Exported; mingw-w64's DDK headers lack them. */
extern POBJECT_TYPE *IoDriverObjectType;
extern POBJECT_TYPE *IoDeviceObjectType;

#endif
