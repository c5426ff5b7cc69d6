/* SPDX-License-Identifier: MIT */
/*
 * I/O manager internals shared by the files of ntos/io.
 *
 * Driver, device and file objects are Ob objects of the types Driver, Device and File; their
 * bodies are the DDK's DRIVER_OBJECT, DEVICE_OBJECT and FILE_OBJECT. A device object's body
 * also holds the driver's device extension (at 16-byte-aligned 0x150, as on Windows) and the
 * I/O manager's own per-device state, IOP_DEVICE_EXTENSION, which DeviceObjectExtension
 * points to. One spin lock, IopDatabaseLock, guards every driver's device list, attachment
 * chains, DEVICE_OBJECT.ReferenceCount (the opens) and the pending-delete flags.
 */
#ifndef BASALT_IOP_H
#define BASALT_IOP_H

#include "ntos.h"

#define IOP_DRIVER_TAG 0x76726444 /* "Ddrv" */
#define IOP_DEVICE_TAG 0x76654444 /* "DDev" */
#define IOP_FILE_TAG 0x656C6946   /* "File" */
#define IOP_IRP_TAG 0x20707249    /* "Irp " */
#define IOP_MISC_TAG 0x63734D49   /* "IMsc": work items, timers, names, buffers */

#define IOP_NO_MORE_IRP_STACK_LOCATIONS 0x35
#define IOP_MULTIPLE_IRP_COMPLETE_REQUESTS 0x44

/* Per-device state the I/O manager keeps; DEVOBJ_EXTENSION's public part comes first. */
typedef struct _IOP_DEVICE_EXTENSION
{
    DEVOBJ_EXTENSION Public;
    PDEVICE_OBJECT AttachedTo; /* the device directly below this one, or NULL */
    BOOLEAN DeletePending;     /* IoDeleteDevice ran; goes with the last open */
    BOOLEAN Unlinked;          /* off its driver's list, creation reference dropped */
    volatile LONG PowerState;  /* PoSetPowerState's DEVICE_POWER_STATE; unspecified is D0 */
    /* StartIo (iostartio.c): IoSetStartIoAttributes' choices and a deferred start-next. */
    KSPIN_LOCK StartIoLock;
    volatile LONG StartIoFlags; /* IOP_SIO_* */
    LONG StartIoCount;          /* DriverStartIo calls in progress, with DeferredStartIo */
    ULONG StartIoNextKey;       /* the deferred IoStartNextPacketByKey's key */
} IOP_DEVICE_EXTENSION, *PIOP_DEVICE_EXTENSION;

#define IOP_SIO_DEFERRED 0x01        /* IoSetStartIoAttributes(DeferredStartIo = TRUE) */
#define IOP_SIO_NONCANCELABLE 0x02   /* IoSetStartIoAttributes(NonCancelable = TRUE) */
#define IOP_SIO_NEXT_PENDING 0x04    /* IoStartNextPacket ran inside DriverStartIo */
#define IOP_SIO_NEXT_CANCELABLE 0x08 /* its Cancelable */
#define IOP_SIO_NEXT_BY_KEY 0x10     /* it was IoStartNextPacketByKey */

static inline PIOP_DEVICE_EXTENSION
IopDeviceExtension(PDEVICE_OBJECT DeviceObject)
{
    return (PIOP_DEVICE_EXTENSION)DeviceObject->DeviceObjectExtension;
}

extern KSPIN_LOCK IopDatabaseLock;
extern POBJECT_TYPE IopDriverObjectType, IopDeviceObjectType, IopFileObjectType;

/* Types (ioinit.c, iodevice.c, iofile.c). */
NTSTATUS IopInitializeDriverType(VOID);
NTSTATUS IopInitializeDeviceType(VOID);
NTSTATUS IopInitializeFileType(VOID);

/* Devices (iodevice.c): an open of the device ended (file object deleted). */
VOID IopDereferenceDeviceOpen(PDEVICE_OBJECT DeviceObject);
/* The device to send a file's requests to: the top of the stack it was opened on. */
PDEVICE_OBJECT IopTopOfStack(PDEVICE_OBJECT DeviceObject);

/* IRPs (ioirp.c, iocomplete.c). A thread's queued IRPs, for threaded requests (iothread.c). */
VOID IopQueueThreadIrp(PIRP Irp);
VOID IopDequeueThreadIrp(PIRP Irp);
PETHREAD IopTakeCompletedIrp(PIRP Irp);
VOID IopFreeIrpAndMdls(PIRP Irp);

/* Buffers for a request (iobuild.c); the IRP's next stack location gets the parameters. */
PVOID IopAllocateSystemBuffer(PIRP Irp, ULONG Length);
NTSTATUS IopSetIoctlBuffers(PIRP Irp, ULONG IoControlCode, PVOID InputBuffer,
                            ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength);
NTSTATUS IopSetTransferBuffers(PIRP Irp, PDEVICE_OBJECT DeviceObject, BOOLEAN Read, PVOID Buffer,
                               ULONG Length);

/*
 * A file request (iofile.c, iorw.c): build an IRP for FileObject's device, send it and wait
 * for it when the file is synchronous. Event and ApcRoutine are the caller's, for
 * asynchronous completion.
 */
typedef struct _IOP_REQUEST
{
    PFILE_OBJECT FileObject;
    PKEVENT Event; /* the caller's, referenced; signalled at completion */
    PIO_APC_ROUTINE ApcRoutine;
    PVOID ApcContext;
    PIO_STATUS_BLOCK IoStatusBlock;
} IOP_REQUEST, *PIOP_REQUEST;

NTSTATUS IopReferenceFileHandle(HANDLE Handle, HANDLE EventHandle, PIO_APC_ROUTINE ApcRoutine,
                                PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                PIOP_REQUEST Request);
PIRP IopAllocateFileIrp(PIOP_REQUEST Request, UCHAR MajorFunction);
NTSTATUS IopSendFileIrp(PIOP_REQUEST Request, PIRP Irp);
VOID IopReleaseRequest(PIOP_REQUEST Request);

NTSTATUS NTAPI IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* Opens (iocreate.c): what the Device type's parse procedure gets as ParseContext. */
#define IOP_OPEN_PACKET_TYPE 0x4F50 /* "PO" */
typedef struct _IOP_OPEN_PACKET
{
    CSHORT Type;
    USHORT Size;
    PFILE_OBJECT FileObject; /* out: the opened file */
    NTSTATUS FinalStatus;
    ULONG_PTR Information;
    ACCESS_MASK DesiredAccess;
    ULONG FileAttributes;
    ULONG ShareAccess;
    ULONG Disposition;
    ULONG CreateOptions;
    PVOID EaBuffer;
    ULONG EaLength;
    BOOLEAN ParseCheck; /* the parse procedure ran */
} IOP_OPEN_PACKET, *PIOP_OPEN_PACKET;

NTSTATUS IopParseDevice(PVOID ParseObject, PVOID ObjectType, PACCESS_STATE AccessState,
                        KPROCESSOR_MODE AccessMode, ULONG Attributes, PUNICODE_STRING CompleteName,
                        PUNICODE_STRING RemainingName, PVOID Context,
                        PSECURITY_QUALITY_OF_SERVICE SecurityQos, PVOID *Object);

/* Device timers (iotimer.c): off the tick list before the device goes. */
VOID IopRemoveTimer(PDEVICE_OBJECT DeviceObject);

/* Services keys (ioservice.c) and drivers loaded from them (ioload.c, iosysdrv.c). */
#define IOP_SERVICE_PATH_CHARS 260
typedef struct _IOP_SERVICE
{
    UNICODE_STRING KeyPath;   /* \Registry\Machine\System\CurrentControlSet\Services\<Name> */
    UNICODE_STRING Name;      /* the key's last component */
    UNICODE_STRING ImagePath; /* as written, or \SystemRoot\System32\drivers\<Name>.sys */
    UNICODE_STRING Group;     /* empty when none */
    ULONG Type, Start, ErrorControl;
    ULONG Tag; /* MAXULONG when none */
} IOP_SERVICE, *PIOP_SERVICE;

NTSTATUS IopOpenRegistryKey(PCUNICODE_STRING Path, HANDLE Root, PHANDLE Key);
NTSTATUS IopQueryRegistryValue(HANDLE Key, PCWSTR Name, ULONG Type, ULONG OtherType,
                               PKEY_VALUE_PARTIAL_INFORMATION *Value);
NTSTATUS IopReadService(PCUNICODE_STRING KeyPath, PIOP_SERVICE Service);
VOID IopFreeService(PIOP_SERVICE Service);
VOID IopInitializeDriverLoading(VOID);
/* A driver started at boot (boot or system start), for IoBootDriverResult. */
VOID IopRecordStartedDriver(PKLDR_MODULE Module, PDRIVER_OBJECT DriverObject, NTSTATUS Status);
NTSTATUS IopCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName,
                               PSECURITY_DESCRIPTOR Security);
/* Driver reinitialisation (ioreinit.c): run the queued routines after the boot drivers,
 * after the system-start drivers, after each later load (IopReinitializeDrivers, in io.h);
 * drop an unloading driver's. */
VOID IopReinitializeBootDrivers(VOID);
VOID IopReinitializeSystemDrivers(VOID);
VOID IopForgetReinit(PDRIVER_OBJECT DriverObject);
/* ZwUnloadDriver: the driver's entry goes, before its object and image are freed. */
VOID IopForgetStartedDriver(PDRIVER_OBJECT DriverObject);

#endif
