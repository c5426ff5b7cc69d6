/* SPDX-License-Identifier: MIT */
/*
 * Files through handles: ZwCreateFile on devices and symbolic links, each IOCTL method,
 * \Device\Null, asynchronous reads completed through an event and an APC, and the position
 * of a synchronous file.
 */
#include "iotest.h"

PCSTR
IotCaseIoctlMethods(VOID)
{
    UCHAR Echo[4] = {'a', 'b', 'c', 'd'}, EchoOut[4] = {0}, Small[2] = {0};
    UCHAR SumIn[2] = {1, 2}, SumOut[3] = {10, 20, 30}, Fill = 0x5A, Filled[8] = {0};
    CHAR Copy[3] = {'x', 'y', 'z'}, Copied[3] = {0};
    IO_STATUS_BLOCK IoStatus;
    HANDLE Handle;
    NTSTATUS Buffered, TooSmall, InDirect, OutDirect, Neither, Unknown;
    ULONG_PTR SumInformation;

    KTTEST_EXPECT(NT_SUCCESS(IotOpen(L"\\Device\\IoTestTarget", TRUE, &Handle)));
    Buffered = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_ECHO, Echo,
                                     sizeof(Echo), EchoOut, sizeof(EchoOut));
    TooSmall = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_ECHO, Echo,
                                     sizeof(Echo), Small, sizeof(Small));
    InDirect = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_SUM, SumIn,
                                     sizeof(SumIn), SumOut, sizeof(SumOut));
    SumInformation = IoStatus.Information;
    OutDirect = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_FILL, &Fill, 1,
                                      Filled, sizeof(Filled));
    Neither = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_IOT_COPY, Copy,
                                    sizeof(Copy), Copied, sizeof(Copied));
    Unknown = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus,
                                    IOT_CODE(0x60, METHOD_BUFFERED), NULL, 0, NULL, 0);
    ZwClose(Handle);
    KTTEST_EXPECT(Buffered == STATUS_SUCCESS && EchoOut[0] == 'b' && EchoOut[3] == 'e');
    KTTEST_EXPECT(TooSmall == STATUS_BUFFER_TOO_SMALL && Small[0] == 0);
    KTTEST_EXPECT(InDirect == STATUS_SUCCESS && SumInformation == 63);
    KTTEST_EXPECT(OutDirect == STATUS_SUCCESS && Filled[0] == 0x5A && Filled[7] == 0x5A);
    KTTEST_EXPECT(Neither == STATUS_SUCCESS && Copied[0] == 'x' && Copied[2] == 'z');
    KTTEST_EXPECT(Unknown == STATUS_INVALID_DEVICE_REQUEST);
    return NULL;
}

PCSTR
IotCaseNullDevice(VOID)
{
    FILE_STANDARD_INFORMATION Standard;
    CHAR Buffer[10] = "0123456789";
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Write, Read, Query;
    ULONG_PTR Written;
    HANDLE Handle;

    KTTEST_EXPECT(NT_SUCCESS(IotOpen(L"\\Device\\Null", TRUE, &Handle)));
    Write = ZwWriteFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL);
    Written = IoStatus.Information;
    Read = ZwReadFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL);
    Query = ZwQueryInformationFile(Handle, &IoStatus, &Standard, sizeof(Standard),
                                   FileStandardInformation);
    ZwClose(Handle);
    KTTEST_EXPECT(Write == STATUS_SUCCESS && Written == sizeof(Buffer));
    KTTEST_EXPECT(Read == STATUS_END_OF_FILE);
    KTTEST_EXPECT(Query == STATUS_SUCCESS && Standard.EndOfFile.QuadPart == 0);
    return NULL;
}

PCSTR
IotCaseSymbolicLink(VOID)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\??\\IoTestLink");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\IoTestTarget");
    LONG Creates = Iot.TargetCreates, Cleanups, Closes;
    NTSTATUS Opened, Collision, Reopened;
    HANDLE Handle;

    KTTEST_EXPECT(NT_SUCCESS(IoCreateSymbolicLink(&Link, &Target)));
    Collision = IoCreateSymbolicLink(&Link, &Target);
    Opened = IotOpen(L"\\??\\IoTestLink", FALSE, &Handle);
    Cleanups = Iot.TargetCleanups;
    Closes = Iot.TargetCloses;
    if (NT_SUCCESS(Opened))
        ZwClose(Handle);
    KTTEST_EXPECT(NT_SUCCESS(IoDeleteSymbolicLink(&Link)));
    Reopened = IotOpen(L"\\??\\IoTestLink", FALSE, &Handle);
    KTTEST_EXPECT(Collision == STATUS_OBJECT_NAME_COLLISION);
    KTTEST_EXPECT(Opened == STATUS_SUCCESS && Iot.TargetCreates == Creates + 1);
    KTTEST_EXPECT(Iot.TargetCleanups == Cleanups + 1 && Iot.TargetCloses == Closes + 1);
    KTTEST_EXPECT(Reopened == STATUS_OBJECT_NAME_NOT_FOUND);
    KTTEST_EXPECT(IoDeleteSymbolicLink(&Link) == STATUS_OBJECT_NAME_NOT_FOUND);
    return NULL;
}

static VOID NTAPI
IotReadApc(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved)
{
    UNREFERENCED_PARAMETER(Reserved);
    if (IoStatusBlock->Status == STATUS_SUCCESS)
        InterlockedIncrement((volatile LONG *)ApcContext);
}

PCSTR
IotCaseAsynchronousRead(VOID)
{
    LARGE_INTEGER Offset = {.QuadPart = IOT_ASYNC_READ_OFFSET}, Timeout = {.QuadPart = -50000000LL};
    LARGE_INTEGER Tick = {.QuadPart = -10000LL};
    IO_STATUS_BLOCK IoStatus = {0};
    volatile LONG ApcCount = 0;
    HANDLE Handle, Event;
    NTSTATUS Read, Wait, NoOffset;
    CHAR Buffer[16] = {0};
    ULONG Polls;

    KTTEST_EXPECT(NT_SUCCESS(IotOpen(L"\\Device\\IoTestTarget", FALSE, &Handle)));
    KTTEST_EXPECT(
        NT_SUCCESS(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE)));
    Read = ZwReadFile(Handle, Event, IotReadApc, (PVOID)&ApcCount, &IoStatus, Buffer,
                      sizeof(Buffer), &Offset, NULL);
    Wait = ZwWaitForSingleObject(Event, FALSE, &Timeout);
    for (Polls = 0; ApcCount == 0 && Polls < 100; Polls++)
        KeDelayExecutionThread(KernelMode, FALSE, &Tick);
    NoOffset = ZwReadFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL);
    ZwClose(Event);
    ZwClose(Handle);
    KTTEST_EXPECT(Read == STATUS_PENDING && Wait == STATUS_SUCCESS);
    KTTEST_EXPECT(Buffer[0] == 'R' && Buffer[15] == 'R');
    KTTEST_EXPECT(ApcCount == 1);
    KTTEST_EXPECT(NoOffset == STATUS_INVALID_PARAMETER);
    return NULL;
}

PCSTR
IotCaseSynchronousPosition(VOID)
{
    FILE_POSITION_INFORMATION Position = {{{0}}};
    FILE_STANDARD_INFORMATION Standard;
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Read, Query, Standards;
    CHAR Buffer[16];
    HANDLE Handle;

    KTTEST_EXPECT(NT_SUCCESS(IotOpen(L"\\Device\\IoTestTarget", TRUE, &Handle)));
    Read = ZwReadFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL);
    Read = NT_SUCCESS(Read) ? ZwReadFile(Handle, NULL, NULL, NULL, &IoStatus, Buffer, 4, NULL, NULL)
                            : Read;
    Query = ZwQueryInformationFile(Handle, &IoStatus, &Position, sizeof(Position),
                                   FilePositionInformation);
    Standards = ZwQueryInformationFile(Handle, &IoStatus, &Standard, sizeof(Standard),
                                       FileStandardInformation);
    ZwClose(Handle);
    KTTEST_EXPECT(Read == STATUS_SUCCESS && Buffer[0] == 'r');
    KTTEST_EXPECT(Query == STATUS_SUCCESS && Position.CurrentByteOffset.QuadPart == 20);
    KTTEST_EXPECT(Standards == STATUS_SUCCESS && Standard.EndOfFile.QuadPart == 42);
    return NULL;
}
