/* SPDX-License-Identifier: MIT */
/* Reading files from the volume the loader itself was started from (the ESP). */
#include "loader.h"

static EFI_FILE_HANDLE BootRoot;

EFI_STATUS
LdrOpenBootVolume(EFI_HANDLE ImageHandle)
{
    EFI_LOADED_IMAGE *Loaded;
    EFI_STATUS Status;

    Status = uefi_call_wrapper(BS->HandleProtocol, 3, ImageHandle, &LoadedImageProtocol,
                               (void **)&Loaded);
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"cannot find the loader's own image");
    BootRoot = LibOpenRoot(Loaded->DeviceHandle);
    if (BootRoot == NULL)
        return LdrFail(EFI_NOT_FOUND, L"cannot open the boot volume");
    return EFI_SUCCESS;
}

EFI_FILE_HANDLE
LdrBootRoot(void)
{
    return BootRoot;
}

/* Directory ("\EFI\BASALT\", LDR_DRIVER_DIRECTORY) + ASCII file name. */
void
LdrMakePath(const CHAR16 *Directory, const char *Name, CHAR16 *Path, UINTN PathChars)
{
    UINTN Prefix = StrLen(Directory), I;

    StrCpy(Path, Directory);
    for (I = 0; Name[I] != 0 && Prefix + I + 1 < PathChars; I++)
        Path[Prefix + I] = (CHAR16)(UINT8)Name[I];
    Path[Prefix + I] = 0;
}

/* Read a whole file into pool memory; the caller frees it with LdrFreeFile. A missing file
 * is reported unless Optional, which returns EFI_NOT_FOUND quietly. */
static EFI_STATUS
LdrpReadFile(const CHAR16 *Path, BOOLEAN Optional, void **Data, UINTN *Size)
{
    EFI_FILE_HANDLE File;
    EFI_FILE_INFO *Info;
    EFI_STATUS Status;
    UINTN Length;
    void *Buffer;

    *Data = NULL;
    *Size = 0;
    Status = uefi_call_wrapper(BootRoot->Open, 5, BootRoot, &File, (CHAR16 *)Path,
                               EFI_FILE_MODE_READ, 0);
    if (Optional && Status == EFI_NOT_FOUND)
        return Status;
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"%s: cannot open", Path);
    Info = LibFileInfo(File);
    if (Info == NULL)
    {
        uefi_call_wrapper(File->Close, 1, File);
        return LdrFail(EFI_DEVICE_ERROR, L"%s: cannot read file information", Path);
    }
    Length = Info->FileSize;
    FreePool(Info);
    Buffer = AllocatePool(Length ? Length : 1);
    if (Buffer == NULL)
    {
        uefi_call_wrapper(File->Close, 1, File);
        return LdrFail(EFI_OUT_OF_RESOURCES, L"%s: no memory for %d bytes", Path, Length);
    }
    Status = uefi_call_wrapper(File->Read, 3, File, &Length, Buffer);
    uefi_call_wrapper(File->Close, 1, File);
    if (EFI_ERROR(Status))
    {
        FreePool(Buffer);
        return LdrFail(Status, L"%s: read failed", Path);
    }
    *Data = Buffer;
    *Size = Length;
    return EFI_SUCCESS;
}

EFI_STATUS
LdrReadFile(const CHAR16 *Path, void **Data, UINTN *Size)
{
    return LdrpReadFile(Path, FALSE, Data, Size);
}

EFI_STATUS
LdrReadOptionalFile(const CHAR16 *Path, void **Data, UINTN *Size)
{
    return LdrpReadFile(Path, TRUE, Data, Size);
}

void
LdrFreeFile(void *Data)
{
    if (Data != NULL)
        FreePool(Data);
}
