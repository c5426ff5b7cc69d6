/* SPDX-License-Identifier: MIT */
/*
 * The "Drivers" suite: test drivers report their cases through the I/O manager
 * (drivers/test/include/kttest.h). Every \Device\KtTest* device is opened with ZwCreateFile;
 * IOCTL_KTTEST_COUNT gives its number of cases and IOCTL_KTTEST_RUN runs each, which this
 * prints as one self-test line, counted with the kernel's own.
 */
#include "ntos.h"

#include "kttest.h"

#define KT_MAX_TEST_DEVICES 16
#define KT_DEVICE_NAME_CHARS 64

VOID
KtReportDriverCase(BOOLEAN Passed, PCWSTR Device, PCSTR Name, PCSTR Message, PULONG PassedCount,
                   PULONG FailedCount)
{
    if (Passed)
    {
        DbgPrint("[ OK ] Drivers: %ws: %s\n", Device, Name);
        (*PassedCount)++;
        return;
    }
    DbgPrint("[FAIL] Drivers: %ws: %s: %s\n", Device, Name, Message);
    (*FailedCount)++;
}

VOID
KtRunDriverDevice(PCWSTR Device, PULONG Passed, PULONG Failed)
{
    WCHAR Path[KT_DEVICE_NAME_CHARS + 8];
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    UNICODE_STRING Name;
    KTTEST_RESULT Result;
    ULONG Count = 0, I;
    CHAR Message[64];
    HANDLE Handle;
    NTSTATUS Status;

    RtlStringCchPrintfW(Path, RTL_NUMBER_OF(Path), L"\\Device\\%s", Device);
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateFile(&Handle, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &Attributes,
                          &IoStatus, NULL, 0, 0, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(Status))
        Status = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_KTTEST_COUNT,
                                       NULL, 0, &Count, sizeof(Count));
    if (!NT_SUCCESS(Status))
    {
        RtlStringCchPrintfA(Message, sizeof(Message), "status 0x%08X", Status);
        KtReportDriverCase(FALSE, Device, "open and count the cases", Message, Passed, Failed);
        if (Handle != NULL)
            ZwClose(Handle);
        return;
    }
    for (I = 0; I < Count; I++)
    {
        RtlZeroMemory(&Result, sizeof(Result));
        Status = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_KTTEST_RUN, &I,
                                       sizeof(I), &Result, sizeof(Result));
        Result.Name[sizeof(Result.Name) - 1] = 0;
        Result.Message[sizeof(Result.Message) - 1] = 0;
        if (!NT_SUCCESS(Status) || IoStatus.Information != sizeof(Result))
        {
            RtlStringCchPrintfA(Result.Message, sizeof(Result.Message),
                                "case %u: status 0x%08X, %Iu bytes", I, Status,
                                IoStatus.Information);
            Result.Passed = FALSE;
        }
        KtReportDriverCase(Result.Passed != 0, Device, Result.Name, Result.Message, Passed, Failed);
    }
    ZwClose(Handle);
}

/* The KtTest* names in \Device, copied out so that no lock is held while the cases run. */
static ULONG
KtFindTestDevices(WCHAR Names[][KT_DEVICE_NAME_CHARS])
{
    UNICODE_STRING Directory = RTL_CONSTANT_STRING(L"\\Device");
    SIZE_T Prefix = wcslen(KTTEST_DEVICE_PREFIX) * sizeof(WCHAR);
    UCHAR Buffer[sizeof(OBJECT_DIRECTORY_INFORMATION) + 256];
    POBJECT_DIRECTORY_INFORMATION Entry = (POBJECT_DIRECTORY_INFORMATION)Buffer;
    OBJECT_ATTRIBUTES Attributes;
    ULONG Context = 0, Length, Found = 0;
    HANDLE Handle;

    InitializeObjectAttributes(&Attributes, &Directory, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenDirectoryObject(&Handle, DIRECTORY_QUERY, &Attributes)))
        return 0;
    while (Found < KT_MAX_TEST_DEVICES &&
           NT_SUCCESS(ZwQueryDirectoryObject(Handle, Buffer, sizeof(Buffer), TRUE, Context == 0,
                                             &Context, &Length)))
    {
        if (Entry->Name.Length < Prefix || Entry->Name.Length >= KT_DEVICE_NAME_CHARS * 2 ||
            RtlCompareMemory(Entry->Name.Buffer, KTTEST_DEVICE_PREFIX, Prefix) != Prefix)
            continue;
        RtlCopyMemory(Names[Found], Entry->Name.Buffer, Entry->Name.Length);
        Names[Found][Entry->Name.Length / sizeof(WCHAR)] = 0;
        Found++;
    }
    ZwClose(Handle);
    return Found;
}

VOID
KtRunDriverTests(PULONG Passed, PULONG Failed)
{
    static WCHAR Names[KT_MAX_TEST_DEVICES][KT_DEVICE_NAME_CHARS];
    ULONG Count = KtFindTestDevices(Names), I;

    for (I = 0; I < Count; I++)
        KtRunDriverDevice(Names[I], Passed, Failed);
    KtRunFilterDriverTests(Passed, Failed);
}
