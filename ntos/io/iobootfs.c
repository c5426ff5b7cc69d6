/* SPDX-License-Identifier: MIT */
/*
 * The boot files: what the loader read from \EFI\BASALT\System32\drivers\ (the kernel's only
 * "volume" until it has a storage stack). Each file is mapped read-only into system space
 * once in phase 0, so nothing here depends on the loader's identity map afterwards, and is
 * kept for the life of the system. Lookups take NT's driver paths:
 * \SystemRoot\System32\drivers\x.sys, or System32\drivers\x.sys relative to \SystemRoot,
 * compared case-insensitively as NT's file systems do. The table never changes after phase 0,
 * so lookups need no lock.
 */
#include "ntos.h"

#define IOP_MAX_BOOT_FILES 64

typedef struct _IOP_BOOT_FILE
{
    CHAR Name[LOADER_MAX_NAME];
    PVOID Data; /* read-only system mapping */
    SIZE_T Size;
} IOP_BOOT_FILE;

static IOP_BOOT_FILE IopBootFiles[IOP_MAX_BOOT_FILES];
static ULONG IopBootFileCount;

VOID
IopInitializeBootFiles(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    const LOADER_BOOT_FILE *File;
    ULONG I;

    for (I = 0; I < LoaderBlock->BootFileCount && IopBootFileCount < IOP_MAX_BOOT_FILES; I++)
    {
        File = &LoaderBlock->BootFiles[I];
        IopBootFiles[IopBootFileCount].Data = MmMapLoaderMemory(File->PhysicalBase, File->Size);
        if (IopBootFiles[IopBootFileCount].Data == NULL)
            KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, 0x49, I, File->PhysicalBase, File->Size);
        RtlCopyMemory(IopBootFiles[IopBootFileCount].Name, File->Name, LOADER_MAX_NAME);
        IopBootFiles[IopBootFileCount].Name[LOADER_MAX_NAME - 1] = '\0';
        IopBootFiles[IopBootFileCount].Size = File->Size;
        IopBootFileCount++;
    }
}

/* If Path starts with Prefix (ignoring case), step past it. */
static BOOLEAN
IopSkipPrefix(PUNICODE_STRING Path, PCWSTR Prefix)
{
    UNICODE_STRING PrefixString;

    RtlInitUnicodeString(&PrefixString, Prefix);
    if (!RtlPrefixUnicodeString(&PrefixString, Path, TRUE))
        return FALSE;
    Path->Buffer += PrefixString.Length / sizeof(WCHAR);
    Path->Length -= PrefixString.Length;
    Path->MaximumLength -= PrefixString.Length;
    return TRUE;
}

static BOOLEAN
IopNameMatches(PCSTR Name, PCUNICODE_STRING Wanted)
{
    ULONG I, Length = Wanted->Length / sizeof(WCHAR);

    for (I = 0; I < Length; I++)
    {
        if (Name[I] == '\0' ||
            RtlUpcaseUnicodeChar((UCHAR)Name[I]) != RtlUpcaseUnicodeChar(Wanted->Buffer[I]))
            return FALSE;
    }
    return Name[Length] == '\0';
}

/*
 * The contents of the boot file Path names: read-only, valid for the life of the system.
 * STATUS_OBJECT_PATH_NOT_FOUND for a path outside \SystemRoot\System32\drivers,
 * STATUS_OBJECT_NAME_NOT_FOUND for a file that is not there.
 */
NTSTATUS
IoGetBootFile(PCUNICODE_STRING Path, const VOID **Data, PSIZE_T Size)
{
    UNICODE_STRING Rest;
    ULONG I;

    *Data = NULL;
    *Size = 0;
    if (Path == NULL || Path->Buffer == NULL || Path->Length == 0)
        return STATUS_OBJECT_NAME_INVALID;
    Rest = *Path;
    IopSkipPrefix(&Rest, L"\\SystemRoot\\");
    if (!IopSkipPrefix(&Rest, L"System32\\drivers\\"))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    for (I = 0; I < Rest.Length / sizeof(WCHAR); I++)
    {
        if (Rest.Buffer[I] == L'\\')
            return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    for (I = 0; I < IopBootFileCount; I++)
    {
        if (IopNameMatches(IopBootFiles[I].Name, &Rest))
        {
            *Data = IopBootFiles[I].Data;
            *Size = IopBootFiles[I].Size;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}
