/* SPDX-License-Identifier: MIT */
/*
 * "Beep" self-tests: drivers/beep (\Device\Beep) through ZwDeviceIoControlFile as kernel32's
 * Beep uses it, with the speaker's state read back from system control port B (0x61, bits 0
 * and 1 gate and enable the speaker). The driver queues requests through StartIo: on an
 * asynchronous handle IOCTL_BEEP_SET answers STATUS_PENDING and completes once the tone is
 * set, and a request cancelled before its tone starts completes with STATUS_CANCELLED.
 * Images without beep.sys say so and skip; the selftest boot tests check that theirs have it.
 */
#include "ntos.h"

#include <ntddbeep.h>

#define KT_SPEAKER_PORT 0x61
#define KT_SPEAKER_ON 0x03

static NTSTATUS
KtBeep(HANDLE Handle, ULONG Frequency, ULONG Duration, ULONG Length)
{
    BEEP_SET_PARAMETERS Parameters = {Frequency, Duration};
    IO_STATUS_BLOCK IoStatus;

    return ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, &IoStatus, IOCTL_BEEP_SET, &Parameters,
                                 Length, NULL, 0);
}

static BOOLEAN
KtSpeakerOn(VOID)
{
    return (__inbyte(KT_SPEAKER_PORT) & KT_SPEAKER_ON) == KT_SPEAKER_ON;
}

/* NULL when every check passed, else the first that failed. */
static PCSTR
KtBeepChecks(HANDLE Handle)
{
    LARGE_INTEGER Delay;
    ULONG Waits;

    if (KtBeep(Handle, 440, 1000, sizeof(ULONG)) != STATUS_INVALID_PARAMETER)
        return "a short input buffer is not STATUS_INVALID_PARAMETER";
    if (KtBeep(Handle, BEEP_FREQUENCY_MINIMUM - 1, 1000, sizeof(BEEP_SET_PARAMETERS)) !=
        STATUS_INVALID_PARAMETER)
        return "a frequency below the minimum is not STATUS_INVALID_PARAMETER";
    if (KtBeep(Handle, 440, 1000, sizeof(BEEP_SET_PARAMETERS)) != STATUS_SUCCESS || !KtSpeakerOn())
        return "a 440 Hz tone did not start the speaker";
    if (KtBeep(Handle, 0, 0, sizeof(BEEP_SET_PARAMETERS)) != STATUS_SUCCESS || KtSpeakerOn())
        return "frequency 0 did not silence the speaker";
    if (KtBeep(Handle, 880, 20, sizeof(BEEP_SET_PARAMETERS)) != STATUS_SUCCESS || !KtSpeakerOn())
        return "an 880 Hz tone did not start the speaker";
    /* The tone ends by itself after its duration (a timer DPC in the driver). */
    Delay.QuadPart = -10 * 1000 * 10;
    for (Waits = 0; KtSpeakerOn() && Waits < 300; Waits++)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    return KtSpeakerOn() ? "a 20 ms tone still sounds after 3 s" : NULL;
}

static NTSTATUS
KtBeepOpen(BOOLEAN Synchronous, PHANDLE Handle)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateFile(Handle, GENERIC_READ | GENERIC_WRITE | (Synchronous ? SYNCHRONIZE : 0),
                          &Attributes, &IoStatus, NULL, 0, 0, FILE_OPEN,
                          Synchronous ? FILE_SYNCHRONOUS_IO_NONALERT : 0, NULL, 0);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        DbgPrint("Beep: no \\Device\\Beep in this image; skipped\n");
    return Status;
}

static VOID
KtBeepDevice(PKT_CONTEXT Context)
{
    HANDLE Handle;
    NTSTATUS Status;
    PCSTR Failure;

    Status = KtBeepOpen(TRUE, &Handle);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return;
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    Failure = KtBeepChecks(Handle);
    ZwClose(Handle);
    KT_CHECK(Context, Failure == NULL, "%s", Failure);
    KT_CHECK(Context, !KtSpeakerOn(), "closing the handle left the speaker on");
}

/* On an asynchronous handle the request pends (StartIo) and completes through the event. */
static VOID
KtBeepAsynchronous(PKT_CONTEXT Context)
{
    BEEP_SET_PARAMETERS Parameters = {440, 1000};
    LARGE_INTEGER Timeout = {.QuadPart = -50000000LL};
    IO_STATUS_BLOCK IoStatus = {.Status = STATUS_ALERTED};
    NTSTATUS Status, Waited = STATUS_TIMEOUT;
    OBJECT_ATTRIBUTES Attributes;
    BOOLEAN On = FALSE;
    HANDLE Handle, Event;

    Status = KtBeepOpen(FALSE, &Handle);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return;
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE);
    if (NT_SUCCESS(Status))
    {
        Status = ZwDeviceIoControlFile(Handle, Event, NULL, NULL, &IoStatus, IOCTL_BEEP_SET,
                                       &Parameters, sizeof(Parameters), NULL, 0);
        Waited = ZwWaitForSingleObject(Event, FALSE, &Timeout);
        On = KtSpeakerOn();
        ZwClose(Event);
    }
    ZwClose(Handle);
    KT_CHECK(Context, Status == STATUS_PENDING, "IOCTL_BEEP_SET gave 0x%08X", Status);
    KT_CHECK(Context, Waited == STATUS_SUCCESS && IoStatus.Status == STATUS_SUCCESS,
             "wait 0x%08X, status block 0x%08X", Waited, IoStatus.Status);
    KT_CHECK(Context, On, "the completed request did not start the speaker");
    KT_CHECK(Context, !KtSpeakerOn(), "closing the handle left the speaker on");
}

/* An IRP cancelled before it is sent: StartIo finds it cancelled and sounds nothing. */
static VOID
KtBeepCancelled(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    BEEP_SET_PARAMETERS Parameters = {440, 1000};
    IO_STATUS_BLOCK IoStatus = {.Status = STATUS_ALERTED};
    NTSTATUS Status, Sent = STATUS_UNSUCCESSFUL;
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    BOOLEAN On = TRUE;
    KEVENT Event;
    PIRP Irp;

    Status = IoGetDeviceObjectPointer(&Name, FILE_ALL_ACCESS, &FileObject, &Device);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return;
    KT_CHECK(Context, NT_SUCCESS(Status), "IoGetDeviceObjectPointer: 0x%08X", Status);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_BEEP_SET, Device, &Parameters, sizeof(Parameters),
                                        NULL, 0, FALSE, &Event, &IoStatus);
    if (Irp != NULL)
    {
        IoGetNextIrpStackLocation(Irp)->FileObject = FileObject;
        Irp->Cancel = TRUE;
        Sent = IofCallDriver(Device, Irp);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        On = KtSpeakerOn();
    }
    ObfDereferenceObject(FileObject);
    KT_CHECK(Context, Irp != NULL, "IoBuildDeviceIoControlRequest failed");
    KT_CHECK(Context, Sent == STATUS_PENDING, "IofCallDriver gave 0x%08X", Sent);
    KT_CHECK(Context, IoStatus.Status == STATUS_CANCELLED, "status block 0x%08X", IoStatus.Status);
    KT_CHECK(Context, !On, "a cancelled request started the speaker");
}

static const KT_TEST KtBeepTests[] = {
    {"IOCTL_BEEP_SET checks its input, starts and stops the speaker", KtBeepDevice},
    {"IOCTL_BEEP_SET pends on an asynchronous handle and completes once set", KtBeepAsynchronous},
    {"a request cancelled before StartIo completes STATUS_CANCELLED, silent", KtBeepCancelled},
};

const KT_SUITE KtBeepSuite = {"Beep", KtBeepTests, RTL_NUMBER_OF(KtBeepTests)};
