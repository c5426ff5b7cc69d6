/* SPDX-License-Identifier: MIT */
/*
 * Io micro-benchmarks, run on /BENCH after Ex's. Under scripts/bench a TSC delta counts
 * guest instructions, so each figure is instructions per operation. Both use \Device\Null.
 */
#include "iop.h"

#define IOP_BENCH_ROUNDS 2000

static NTSTATUS NTAPI
IopBenchKeepIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* IoAllocateIrp, a write down to Null (completed at once), back through the routine, freed. */
static ULONG64
IopBenchIrp(PDEVICE_OBJECT Device, PFILE_OBJECT FileObject)
{
    ULONG64 Start = __rdtsc();
    PIO_STACK_LOCATION Stack;
    PIRP Irp;
    ULONG I;

    for (I = 0; I < IOP_BENCH_ROUNDS; I++)
    {
        Irp = IoAllocateIrp(Device->StackSize, FALSE);
        Stack = IoGetNextIrpStackLocation(Irp);
        Stack->MajorFunction = IRP_MJ_WRITE;
        Stack->FileObject = FileObject;
        Stack->Parameters.Write.Length = 0;
        IoSetCompletionRoutine(Irp, IopBenchKeepIrp, NULL, TRUE, TRUE, TRUE);
        IofCallDriver(Device, Irp);
        IoFreeIrp(Irp);
    }
    return (__rdtsc() - Start) / IOP_BENCH_ROUNDS;
}

/* ZwDeviceIoControlFile on an open handle; Null answers at once (unknown IOCTL). */
static ULONG64
IopBenchIoctl(HANDLE Handle)
{
    ULONG64 Start = __rdtsc();
    IO_STATUS_BLOCK IoStatus;
    ULONG I;

    for (I = 0; I < IOP_BENCH_ROUNDS; I++)
        ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus,
                              CTL_CODE(FILE_DEVICE_NULL, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS),
                              NULL, 0, NULL, 0);
    return (__rdtsc() - Start) / IOP_BENCH_ROUNDS;
}

/* ZwLoadDriver then ZwUnloadDriver of svcload.sys (its Services key is in every self-test
 * image): map, bind, DriverEntry with a registry read, unload, unmap. */
#define IOP_BENCH_LOAD_ROUNDS 8
static VOID
IopBenchDriverLoad(VOID)
{
    UNICODE_STRING Service =
        RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\svcload");
    ULONG64 Start = __rdtsc();
    ULONG I;

    for (I = 0; I < IOP_BENCH_LOAD_ROUNDS; I++)
    {
        if (!NT_SUCCESS(ZwLoadDriver(&Service)) || !NT_SUCCESS(ZwUnloadDriver(&Service)))
        {
            DbgPrint("bench io: svcload.sys did not load and unload\n");
            return;
        }
    }
    DbgPrint("bench io_driver_load_unload %I64u instructions\n",
             (__rdtsc() - Start) / IOP_BENCH_LOAD_ROUNDS);
}

VOID
IopRunBenchmarks(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\Null");
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    HANDLE Handle;
    NTSTATUS Status;

    Status = IoGetDeviceObjectPointer(&Name, FILE_WRITE_DATA, &FileObject, &Device);
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("bench io: no \\Device\\Null (0x%08X)\n", Status);
        return;
    }
    DbgPrint("bench io_irp_null_round_trip %I64u instructions\n", IopBenchIrp(Device, FileObject));
    ObfDereferenceObject(FileObject);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwOpenFile(&Handle, FILE_READ_DATA | SYNCHRONIZE, &Attributes, &IoStatus, 0,
                        FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(Status))
        return;
    DbgPrint("bench io_device_io_control_round_trip %I64u instructions\n", IopBenchIoctl(Handle));
    ZwClose(Handle);
    IopBenchDriverLoad();
}
