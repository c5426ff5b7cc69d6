/* SPDX-License-Identifier: MIT */
/*
 * Boot files: every file of \EFI\BASALT\System32\drivers\ read whole into LoaderBootDriver
 * pages and listed in the loader block, so the kernel can load drivers at run time without a
 * disk driver (NT's loader hands over its boot driver files the same way). A missing
 * directory is an empty table; a name the kernel could not look up (not ASCII, too long) is
 * skipped with a message. Boot drivers are still read separately by LdrLoadImage.
 */
#include "loader.h"

/* Directory entries are variable-length; this holds any name FAT allows. */
#define BOOT_FILE_INFO_SIZE (SIZE_OF_EFI_FILE_INFO + 256 * sizeof(CHAR16))

static BOOLEAN
AsciiName(const CHAR16 *Wide, char *Name)
{
    UINTN I;

    for (I = 0; Wide[I] != 0; I++)
    {
        if (I + 1 >= LOADER_MAX_NAME || Wide[I] > 0x7E || Wide[I] <= 0x20 || Wide[I] == '\\')
            return FALSE;
        Name[I] = (char)Wide[I];
    }
    Name[I] = 0;
    return I != 0;
}

/* Read one directory entry's file into fresh pages. */
static EFI_STATUS
ReadBootFile(const EFI_FILE_INFO *Info, LOADER_BOOT_FILE *File)
{
    CHAR16 Path[128];
    EFI_PHYSICAL_ADDRESS Pages;
    EFI_FILE_HANDLE Handle;
    EFI_STATUS Status;
    UINTN Length = Info->FileSize;

    LdrMakePath(LDR_DRIVER_DIRECTORY, File->Name, Path, sizeof(Path) / sizeof(Path[0]));
    Status = LdrAllocatePages(EFI_SIZE_TO_PAGES(Length ? Length : 1), LoaderBootDriver, &Pages);
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"%s: no memory for %d bytes", Path, Length);
    Status = uefi_call_wrapper(LdrBootRoot()->Open, 5, LdrBootRoot(), &Handle, Path,
                               EFI_FILE_MODE_READ, 0);
    if (!EFI_ERROR(Status))
    {
        Status = uefi_call_wrapper(Handle->Read, 3, Handle, &Length, (void *)(UINTN)Pages);
        uefi_call_wrapper(Handle->Close, 1, Handle);
    }
    if (EFI_ERROR(Status) || Length != Info->FileSize)
    {
        LdrFreePages(Pages, EFI_SIZE_TO_PAGES(Info->FileSize ? Info->FileSize : 1));
        return LdrFail(EFI_ERROR(Status) ? Status : EFI_DEVICE_ERROR, L"%s: read failed", Path);
    }
    File->PhysicalBase = Pages;
    File->Size = Length;
    return EFI_SUCCESS;
}

EFI_STATUS
LdrReadBootFiles(LOADER_PARAMETER_BLOCK *Block)
{
    UINT64 InfoBuffer[BOOT_FILE_INFO_SIZE / sizeof(UINT64) + 1];
    EFI_FILE_INFO *Info = (EFI_FILE_INFO *)InfoBuffer;
    EFI_FILE_HANDLE Directory;
    EFI_STATUS Status;
    UINTN Size;

    Block->BootFiles =
        LdrAllocateZeroed(LDR_MAX_BOOT_FILES * sizeof(LOADER_BOOT_FILE), LoaderSystemBlock);
    if (Block->BootFiles == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for the boot file table");
    Status = uefi_call_wrapper(LdrBootRoot()->Open, 5, LdrBootRoot(), &Directory,
                               (CHAR16 *)LDR_DRIVER_DIRECTORY, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(Status))
        return EFI_SUCCESS; /* no drivers directory: no boot files */
    for (;;)
    {
        LOADER_BOOT_FILE *File = &Block->BootFiles[Block->BootFileCount];

        Size = BOOT_FILE_INFO_SIZE;
        Status = uefi_call_wrapper(Directory->Read, 3, Directory, &Size, Info);
        if (EFI_ERROR(Status) || Size == 0)
            break;
        if (Info->Attribute & EFI_FILE_DIRECTORY)
            continue;
        if (Block->BootFileCount == LDR_MAX_BOOT_FILES)
        {
            Status = LdrFail(EFI_OUT_OF_RESOURCES, L"more than %d boot files", LDR_MAX_BOOT_FILES);
            break;
        }
        if (!AsciiName(Info->FileName, File->Name))
        {
            LdrPrint(L"Basalt loader: boot file %s: name not usable, skipped\n", Info->FileName);
            continue;
        }
        Status = ReadBootFile(Info, File);
        if (EFI_ERROR(Status))
            break;
        Block->BootFileCount++;
    }
    uefi_call_wrapper(Directory->Close, 1, Directory);
    return EFI_ERROR(Status) ? Status : EFI_SUCCESS;
}
