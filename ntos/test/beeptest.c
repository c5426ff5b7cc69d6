/* SPDX-License-Identifier: MIT */
/*
 * "Beep" self-tests: drivers/beep (\Device\Beep) through ZwDeviceIoControlFile as kernel32's
 * Beep uses it, with the speaker's state read back from system control port B (0x61, bits 0
 * and 1 gate and enable the speaker). Images without beep.sys say so and skip; the selftest
 * boot tests check that theirs have it.
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

static VOID
KtBeepDevice(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    HANDLE Handle;
    NTSTATUS Status;
    PCSTR Failure;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateFile(&Handle, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &Attributes,
                          &IoStatus, NULL, 0, 0, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
    {
        DbgPrint("Beep: no \\Device\\Beep in this image; skipped\n");
        return;
    }
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    Failure = KtBeepChecks(Handle);
    ZwClose(Handle);
    KT_CHECK(Context, Failure == NULL, "%s", Failure);
    KT_CHECK(Context, !KtSpeakerOn(), "closing the handle left the speaker on");
}

static const KT_TEST KtBeepTests[] = {
    {"IOCTL_BEEP_SET checks its input, starts and stops the speaker", KtBeepDevice},
};

const KT_SUITE KtBeepSuite = {"Beep", KtBeepTests, RTL_NUMBER_OF(KtBeepTests)};
