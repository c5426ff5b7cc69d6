/* SPDX-License-Identifier: MIT */
/* DbgPrint and friends: format with the shared Rtl formatter and send the line to the
 * debug port and, while boot video owns the screen, to the framebuffer console. */
#include "ntos.h"

#define KD_PRINT_BUFFER 512

static VOID
KdpPrintV(PCSTR Format, va_list Args)
{
    CHAR Buffer[KD_PRINT_BUFFER];
    SIZE_T Length;

    Length = RtlFormatStringV(Buffer, sizeof(Buffer), Format, Args);
    if (Length >= sizeof(Buffer))
        Length = sizeof(Buffer) - 1;
    KdWriteString(Buffer, Length);
    if (InbvIsEnabled())
        InbvWrite(Buffer, Length);
}

ULONG __cdecl DbgPrint(PCSTR Format, ...)
{
    va_list Args;

    va_start(Args, Format);
    KdpPrintV(Format, Args);
    va_end(Args);
    return STATUS_SUCCESS;
}

/* Every component and level is shown: there is no debugger-side filter mask yet. */
ULONG NTAPI
vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list Args)
{
    UNREFERENCED_PARAMETER(ComponentId);
    UNREFERENCED_PARAMETER(Level);
    KdpPrintV(Format, Args);
    return STATUS_SUCCESS;
}

ULONG __cdecl DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    va_list Args;

    va_start(Args, Format);
    vDbgPrintEx(ComponentId, Level, Format, Args);
    va_end(Args);
    return STATUS_SUCCESS;
}
