/* SPDX-License-Identifier: MIT */
/*
 * Loader messages. ConOut reaches the screen and, under OVMF and most firmware with a serial
 * console, the serial port too, so one path serves both.
 */
#include "loader.h"

void
LdrPrint(const CHAR16 *Format, ...)
{
    va_list Args;

    va_start(Args, Format);
    VPrint(Format, Args);
    va_end(Args);
}

/* Print "Basalt loader: error: <message> (<EFI status>)" and hand the status back so callers
 * can write `return LdrFail(Status, ...)`. */
EFI_STATUS
LdrFail(EFI_STATUS Status, const CHAR16 *Format, ...)
{
    va_list Args;

    Print(L"Basalt loader: error: ");
    va_start(Args, Format);
    VPrint(Format, Args);
    va_end(Args);
    Print(L" (%r)\n", Status);
    return Status;
}

/* After a fatal error: give the user time to read it, then return to the firmware's boot
 * manager rather than hang. Any key returns at once. */
void
LdrWaitAndReturn(void)
{
    EFI_INPUT_KEY Key;
    UINTN Tenths;

    Print(L"Basalt loader: boot aborted; returning to firmware in 10 seconds (press a key)\n");
    for (Tenths = 0; Tenths < 100; Tenths++)
    {
        if (uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &Key) == EFI_SUCCESS)
            break;
        uefi_call_wrapper(BS->Stall, 1, 100000);
    }
}
