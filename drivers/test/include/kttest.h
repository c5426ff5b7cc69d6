/* SPDX-License-Identifier: MIT */
/*
 * Driver self-test reporting. A test driver creates \Device\KtTest<Name> and answers two
 * buffered IOCTLs: IOCTL_KTTEST_COUNT (output: ULONG, the number of cases) and
 * IOCTL_KTTEST_RUN (input: ULONG case index; output: KTTEST_RESULT). The kernel's "Drivers"
 * self-test suite finds every such device, opens it with ZwCreateFile, runs each case with
 * ZwDeviceIoControlFile and prints one self-test line per case. DDK types only: this header
 * is shared by test drivers (gcc- and clang-built) and the kernel.
 */
#ifndef BASALT_KTTEST_H
#define BASALT_KTTEST_H

#define KTTEST_DEVICE_PREFIX L"KtTest"
#define FILE_DEVICE_KTTEST 0x8B17

#define IOCTL_KTTEST_COUNT CTL_CODE(FILE_DEVICE_KTTEST, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KTTEST_RUN CTL_CODE(FILE_DEVICE_KTTEST, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _KTTEST_RESULT
{
    ULONG Passed;
    CHAR Name[64];
    CHAR Message[160];
} KTTEST_RESULT, *PKTTEST_RESULT;

/*
 * For test drivers: a case is a routine that returns NULL when it passed, or a message
 * naming the first check that failed. KTTEST_EXPECT returns the failed condition's text,
 * after the file's name and the line. Cases run at PASSIVE_LEVEL in a system thread.
 */
typedef PCSTR (*PKTTEST_ROUTINE)(VOID);

typedef struct _KTTEST_CASE
{
    PCSTR Name;
    PKTTEST_ROUTINE Routine;
} KTTEST_CASE;

#define KTTEST_EXPECT(Condition)                                               \
    do                                                                         \
    {                                                                          \
        if (!(Condition))                                                      \
            return KTTEST_FILE ":" KTTEST_STRINGIZE(__LINE__) ": " #Condition; \
    } while (0)
#ifdef __FILE_NAME__
#define KTTEST_FILE __FILE_NAME__
#else
#define KTTEST_FILE __FILE__
#endif
#define KTTEST_STRINGIZE(X) KTTEST_STRINGIZE2(X)
#define KTTEST_STRINGIZE2(X) #X

static inline VOID
KtTestCopyString(PCHAR Target, ULONG Size, PCSTR Source)
{
    ULONG I;

    for (I = 0; I + 1 < Size && Source != NULL && Source[I] != 0; I++)
        Target[I] = Source[I];
    Target[I] = 0;
}

/*
 * The reporting device's IRP_MJ_DEVICE_CONTROL for a table of Count cases: completes Irp.
 * Other IOCTLs are invalid device requests; short buffers STATUS_BUFFER_TOO_SMALL.
 */
static inline NTSTATUS
KtTestDispatchIoctl(const KTTEST_CASE *Cases, ULONG Count, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS Status = STATUS_SUCCESS;
    PKTTEST_RESULT Result;
    PCSTR Message;
    ULONG Index;
    KIRQL Irql;

    Irp->IoStatus.Information = 0;
    switch (Stack->Parameters.DeviceIoControl.IoControlCode)
    {
        case IOCTL_KTTEST_COUNT:
            if (Out < sizeof(ULONG))
            {
                Status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            *(PULONG)Buffer = Count;
            Irp->IoStatus.Information = sizeof(ULONG);
            break;
        case IOCTL_KTTEST_RUN:
            if (In < sizeof(ULONG) || Out < sizeof(KTTEST_RESULT))
            {
                Status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            Index = *(PULONG)Buffer;
            if (Index >= Count)
            {
                Status = STATUS_INVALID_PARAMETER;
                break;
            }
            Irql = KeGetCurrentIrql();
            Message = Cases[Index].Routine();
            if (KeGetCurrentIrql() > Irql)
            {
                /* A case that failed between a raise and its lower must not fail the next. */
                KeLowerIrql(Irql);
                if (Message == NULL)
                    Message = "the case returned at a raised IRQL";
            }
            Result = Buffer;
            Result->Passed = Message == NULL;
            KtTestCopyString(Result->Name, sizeof(Result->Name), Cases[Index].Name);
            KtTestCopyString(Result->Message, sizeof(Result->Message), Message);
            Irp->IoStatus.Information = sizeof(KTTEST_RESULT);
            break;
        default:
            Status = STATUS_INVALID_DEVICE_REQUEST;
            break;
    }
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/*
 * The usual test driver has only its reporting device, whose extension names its cases:
 * KtTestCreateDevice makes \Device\KtTest<Name> (Name: "\\Device\\" KTTEST_DEVICE_PREFIX
 * L"...") and routes create, cleanup, close and device control to KtTestDispatch;
 * KtTestUnload, as DriverUnload, deletes every device the driver made.
 */
typedef struct _KTTEST_DEVICE_EXTENSION
{
    const KTTEST_CASE *Cases;
    ULONG Count;
} KTTEST_DEVICE_EXTENSION, *PKTTEST_DEVICE_EXTENSION;

static inline NTSTATUS NTAPI
KtTestDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKTTEST_DEVICE_EXTENSION Extension = DeviceObject->DeviceExtension;
    UCHAR Major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    NTSTATUS Status = STATUS_INVALID_DEVICE_REQUEST;

    if (Major == IRP_MJ_DEVICE_CONTROL && Extension != NULL)
        return KtTestDispatchIoctl(Extension->Cases, Extension->Count, Irp);
    if (Major == IRP_MJ_CREATE || Major == IRP_MJ_CLEANUP || Major == IRP_MJ_CLOSE)
        Status = STATUS_SUCCESS;
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static inline NTSTATUS
KtTestCreateDevice(PDRIVER_OBJECT DriverObject, PCWSTR Name, const KTTEST_CASE *Cases, ULONG Count,
                   PDEVICE_OBJECT *Device)
{
    PKTTEST_DEVICE_EXTENSION Extension;
    UNICODE_STRING String;
    NTSTATUS Status;

    RtlInitUnicodeString(&String, Name);
    Status = IoCreateDevice(DriverObject, sizeof(KTTEST_DEVICE_EXTENSION), &String,
                            FILE_DEVICE_KTTEST, 0, FALSE, Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Extension = (*Device)->DeviceExtension;
    Extension->Cases = Cases;
    Extension->Count = Count;
    (*Device)->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = KtTestDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = KtTestDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KtTestDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KtTestDispatch;
    return STATUS_SUCCESS;
}

static inline VOID NTAPI
KtTestUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject, Next;

    for (; Device != NULL; Device = Next)
    {
        Next = Device->NextDevice;
        IoDeleteDevice(Device);
    }
}

#endif
