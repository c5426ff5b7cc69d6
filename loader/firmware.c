/* SPDX-License-Identifier: MIT */
/* What the kernel needs from the firmware and cannot get after ExitBootServices: the ACPI
 * RSDP, the GOP framebuffer and the wall-clock time. */
#include "loader.h"

static EFI_GUID Acpi20Guid = ACPI_20_TABLE_GUID;
static EFI_GUID Acpi10Guid = ACPI_TABLE_GUID;
static EFI_GUID GopGuid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;

static UINT64
FindRsdp(void)
{
    void *Table = NULL;

    if (LibGetSystemConfigurationTable(&Acpi20Guid, &Table) == EFI_SUCCESS && Table != NULL)
        return (UINT64)(UINTN)Table;
    if (LibGetSystemConfigurationTable(&Acpi10Guid, &Table) == EFI_SUCCESS && Table != NULL)
        return (UINT64)(UINTN)Table;
    return 0;
}

static void
FindFramebuffer(LOADER_FRAMEBUFFER *Framebuffer)
{
    EFI_GRAPHICS_OUTPUT_PROTOCOL *Gop;
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *Info;

    if (EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3, &GopGuid, NULL, (void **)&Gop)))
        return;
    Info = Gop->Mode->Info;
    if (Info->PixelFormat != PixelRedGreenBlueReserved8BitPerColor &&
        Info->PixelFormat != PixelBlueGreenRedReserved8BitPerColor)
        return;
    Framebuffer->PhysicalBase = Gop->Mode->FrameBufferBase;
    Framebuffer->Size = Gop->Mode->FrameBufferSize;
    Framebuffer->Width = Info->HorizontalResolution;
    Framebuffer->Height = Info->VerticalResolution;
    Framebuffer->PixelsPerScanLine = Info->PixelsPerScanLine;
    Framebuffer->PixelFormat = Info->PixelFormat == PixelRedGreenBlueReserved8BitPerColor
                                   ? LOADER_PIXEL_RGBX
                                   : LOADER_PIXEL_BGRX;
}

static void
ReadTime(LOADER_TIME *Time)
{
    EFI_TIME Now;

    if (EFI_ERROR(uefi_call_wrapper(RT->GetTime, 2, &Now, NULL)))
        return;
    Time->Year = Now.Year;
    Time->Month = Now.Month;
    Time->Day = Now.Day;
    Time->Hour = Now.Hour;
    Time->Minute = Now.Minute;
    Time->Second = Now.Second;
    Time->Valid = 1;
}

void
LdrCollectFirmwareInfo(LOADER_PARAMETER_BLOCK *Block)
{
    Block->AcpiRsdp = FindRsdp();
    FindFramebuffer(&Block->Framebuffer);
    ReadTime(&Block->BootTime);
}
