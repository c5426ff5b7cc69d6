/* SPDX-License-Identifier: MIT */
/*
 * MmLoadSystemImage / MmUnloadSystemImage: kernel images loaded at run time from the boot
 * files (\SystemRoot\System32\drivers\x.sys), with the shared PE library, as the loader
 * loads boot images: validated, laid out in system pages, relocated, bound by DLL name
 * against the loaded-module list, then given their W^X page protections.
 *
 * Imports from a module that is not loaded yet load it first, as an export driver (a
 * kernel-mode DLL): its DllInitialize(RegistryPath) runs once, after it is in the list.
 * Every run-time module counts its references: one per MmLoadSystemImage and one per
 * run-time module that imports it; the last dereference calls an export driver's DllUnload,
 * unlinks and frees the image, then drops what it imported, so an export driver goes with
 * its last importer. Boot modules are permanent and not counted. A failure frees whatever
 * the load had built, including dependencies it loaded, and logs the image, the reason and
 * the NTSTATUS. Everything runs at PASSIVE_LEVEL under MiSystemLoadLock (a mutex, so a
 * DllInitialize may load further images).
 */
#include "mi.h"

#define MI_LOADER_TAG 0x644C6D4D /* "MmLd" */
#define MI_MAX_LOAD_DEPTH 8      /* deeper import chains are taken for a cycle */
#define MI_DRIVERS_PATH L"\\SystemRoot\\System32\\drivers\\"
#define MI_SERVICES_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

typedef NTSTATUS(NTAPI *PMI_DLL_INITIALIZE)(PUNICODE_STRING RegistryPath);
typedef NTSTATUS(NTAPI *PMI_DLL_UNLOAD)(VOID);

static NTSTATUS MiLoadImage(PCUNICODE_STRING Path, ULONG Flags, ULONG Depth, PKLDR_MODULE *Out);
static VOID MiDereferenceModule(PKLDR_MODULE Module);

NTSTATUS
MiLoadFailed(PCSTR Name, PCSTR Reason, NTSTATUS Status)
{
    DbgPrint("Mm: %s: %s (status 0x%08X)\n", Name, Reason, Status);
    return Status;
}

/* The file name part of Path, as ASCII (module names are). */
static NTSTATUS
MiImageBaseName(PCUNICODE_STRING Path, PCHAR Name, SIZE_T Capacity)
{
    ULONG Length = Path->Length / sizeof(WCHAR), Start = Length, I;

    while (Start > 0 && Path->Buffer[Start - 1] != L'\\')
        Start--;
    if (Start == Length || Length - Start >= Capacity)
        return STATUS_OBJECT_NAME_INVALID;
    for (I = Start; I < Length; I++)
    {
        if (Path->Buffer[I] <= L' ' || Path->Buffer[I] > L'~')
            return STATUS_OBJECT_NAME_INVALID;
        Name[I - Start] = (CHAR)Path->Buffer[I];
    }
    Name[Length - Start] = '\0';
    return STATUS_SUCCESS;
}

/* Unmap, drop the imports' references (which may unload them), free. Not in the list. */
static VOID
MiDeleteModule(PKLDR_MODULE Module)
{
    ULONG I;

    if (Module->View.Base != NULL)
        MiFreeImagePages(Module->View.Base,
                         (ULONG)((Module->View.Size + PAGE_SIZE - 1) >> PAGE_SHIFT));
    for (I = Module->ImportCount; I > 0; I--)
        MiDereferenceModule(Module->Imports[I - 1]);
    ExFreePoolWithTag(Module, MI_LOADER_TAG);
}

static PVOID
MiFindOwnExport(PKLDR_MODULE Module, PCSTR Name)
{
    PCSTR Own = Module->Loader->BaseDllName;
    ULONG64 Address;

    if (PeResolveExport(MiFindModuleView, NULL, Own, strlen(Own), Name, 0, &Address) != PE_OK)
        return NULL;
    return (PVOID)(ULONG_PTR)Address;
}

static VOID
MiDereferenceModule(PKLDR_MODULE Module)
{
    PMI_DLL_UNLOAD Unload;

    if (!(Module->MiFlags & MI_MODULE_RUNTIME) || --Module->LoadCount > 0)
        return;
    if (Module->MiFlags & MI_MODULE_EXPORT_DRIVER)
    {
        Unload = (PMI_DLL_UNLOAD)MiFindOwnExport(Module, "DllUnload");
        if (Unload != NULL)
            Unload(); /* NT ignores its status: the importers are gone either way */
    }
    MiRemoveLoadedModule(Module);
    MiDeleteModule(Module);
}

/* An export driver's DllInitialize, with the Services key NT passes. */
static NTSTATUS
MiCallDllInitialize(PKLDR_MODULE Module)
{
    PMI_DLL_INITIALIZE Initialize = (PMI_DLL_INITIALIZE)MiFindOwnExport(Module, "DllInitialize");
    PCSTR Name = Module->Loader->BaseDllName;
    WCHAR Buffer[128];
    UNICODE_STRING RegistryPath;
    int Length = 0;

    if (Initialize == NULL)
        return STATUS_SUCCESS;
    while (Name[Length] != '\0' && Name[Length] != '.')
        Length++;
    RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s%.*hs", MI_SERVICES_PATH, Length, Name);
    RtlInitUnicodeString(&RegistryPath, Buffer);
    return Initialize(&RegistryPath);
}

typedef struct _MI_LOAD_CONTEXT
{
    PKLDR_MODULE Module;
    ULONG Depth;
    NTSTATUS Status;
    const char *LastDll;
} MI_LOAD_CONTEXT;

/* Import visitor: make sure the DLL an import names is loaded, and hold a reference on it. */
static PE_STATUS
MiLoadDependency(void *Context, const PE_IMPORT *Import)
{
    MI_LOAD_CONTEXT *Load = Context;
    PKLDR_MODULE Module = Load->Module, Dependency;
    WCHAR Buffer[128];
    UNICODE_STRING Path;
    ULONG I;

    if (Import->Dll == Load->LastDll)
        return PE_OK; /* the next function from the same descriptor */
    Load->LastDll = Import->Dll;
    Dependency = MmFindModuleByName(Import->Dll, strlen(Import->Dll));
    if (Dependency != NULL && !(Dependency->MiFlags & MI_MODULE_RUNTIME))
        return PE_OK;
    for (I = 0; Dependency != NULL && I < Module->ImportCount; I++)
    {
        if (Module->Imports[I] == Dependency)
            return PE_OK;
    }
    if (Module->ImportCount == MI_MODULE_MAX_IMPORTS)
    {
        Load->Status = MiLoadFailed(Module->Data.BaseDllName, "imports from too many modules",
                                    STATUS_INVALID_IMAGE_FORMAT);
        return PE_E_BAD_IMPORT;
    }
    if (Dependency != NULL)
    {
        Dependency->LoadCount++;
    }
    else
    {
        RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s%hs", MI_DRIVERS_PATH, Import->Dll);
        RtlInitUnicodeString(&Path, Buffer);
        Load->Status = MiLoadImage(&Path, 0, Load->Depth + 1, &Dependency);
        if (!NT_SUCCESS(Load->Status))
        {
            DbgPrint("Mm: %s: cannot load %s, which it imports from (status 0x%08X)\n",
                     Module->Data.BaseDllName, Import->Dll, Load->Status);
            return PE_E_IMPORT_MODULE_NOT_FOUND;
        }
    }
    Module->Imports[Module->ImportCount++] = Dependency;
    return PE_OK;
}

/* Load what Module imports from, then bind every IAT slot. */
static NTSTATUS
MiResolveImports(PKLDR_MODULE Module, ULONG Depth)
{
    MI_LOAD_CONTEXT Load = {Module, Depth, STATUS_SUCCESS, NULL};
    PCSTR Name = Module->Data.BaseDllName;
    PE_IMPORT Failed;
    PE_STATUS Status;
    NTSTATUS NtStatus;

    Status = PeForEachImport(&Module->View, MiLoadDependency, &Load);
    if (!NT_SUCCESS(Load.Status))
        return Load.Status;
    if (Status == PE_OK)
        Status = PeBindImports(&Module->View, MiFindModuleView, NULL, &Failed);
    if (Status == PE_OK)
        return STATUS_SUCCESS;
    NtStatus = PeStatusToNtStatus(Status);
    if (Status == PE_E_BAD_IMPORT || Failed.Dll == NULL)
        DbgPrint("Mm: %s: imports: %s (status 0x%08X)\n", Name, PeStatusText(Status), NtStatus);
    else if (Failed.Name != NULL)
        DbgPrint("Mm: %s: import %s!%s: %s (status 0x%08X)\n", Name, Failed.Dll, Failed.Name,
                 PeStatusText(Status), NtStatus);
    else
        DbgPrint("Mm: %s: import %s!#%u: %s (status 0x%08X)\n", Name, Failed.Dll, Failed.Ordinal,
                 PeStatusText(Status), NtStatus);
    return NtStatus;
}

/* Lay the file out in fresh system pages, relocated to where they are. */
static NTSTATUS
MiMapImage(PKLDR_MODULE Module, const VOID *Data, SIZE_T Size)
{
    PCSTR Name = Module->Data.BaseDllName;
    PE_FILE File;
    PE_STATUS Status;
    ULONG Pages;
    PVOID Base;

    Status = PeParseFile(Data, Size, &File);
    if (Status != PE_OK)
        return MiLoadFailed(Name, PeStatusText(Status), STATUS_INVALID_IMAGE_FORMAT);
    if (File.Nt->OptionalHeader.SectionAlignment < PAGE_SIZE)
        return MiLoadFailed(Name, "section alignment below the page size",
                            STATUS_INVALID_IMAGE_FORMAT);
    Pages = (File.SizeOfImage + PAGE_SIZE - 1) >> PAGE_SHIFT;
    Base = MiAllocateImagePages(Pages);
    if (Base == NULL)
        return MiLoadFailed(Name, "no memory for the image", STATUS_INSUFFICIENT_RESOURCES);
    Status = PeMapFile(&File, Base, (SIZE_T)Pages * PAGE_SIZE);
    if (Status == PE_OK)
        Status = PeOpenView(Base, File.SizeOfImage, (ULONG64)(ULONG_PTR)Base, &Module->View);
    if (Status == PE_OK)
        Status = PeRelocate(&Module->View);
    if (Status != PE_OK)
    {
        MiFreeImagePages(Base, Pages);
        Module->View.Base = NULL;
        return MiLoadFailed(Name, PeStatusText(Status), STATUS_INVALID_IMAGE_FORMAT);
    }
    return STATUS_SUCCESS;
}

/* An image that is already loaded: a driver once only, a DLL gets another reference. */
static NTSTATUS
MiReferenceLoaded(PKLDR_MODULE Module, ULONG Flags, PKLDR_MODULE *Out)
{
    if (Flags & MM_LOAD_AS_DRIVER)
        return MiLoadFailed(Module->Data.BaseDllName, "already loaded",
                            STATUS_IMAGE_ALREADY_LOADED);
    if (Module->MiFlags & MI_MODULE_RUNTIME)
        Module->LoadCount++;
    *Out = Module;
    return STATUS_SUCCESS;
}

static VOID
MiFillModuleData(PKLDR_MODULE Module, PCUNICODE_STRING Path)
{
    ULONG Entry = Module->View.Nt->OptionalHeader.AddressOfEntryPoint;

    Module->Data.DllBase = Module->View.LoadBase;
    Module->Data.EntryPoint = Entry ? Module->View.LoadBase + Entry : 0;
    Module->Data.SizeOfImage = Module->View.Size;
    if (Path->Buffer[0] == L'\\')
        RtlStringCbPrintfA(Module->Data.FullDllName, sizeof(Module->Data.FullDllName), "%wZ", Path);
    else
        RtlStringCbPrintfA(Module->Data.FullDllName, sizeof(Module->Data.FullDllName),
                           "\\SystemRoot\\%wZ", Path);
    Module->Loader = &Module->Data;
    Module->LoadCount = 1;
}

/* Caller holds MiSystemLoadLock. Depth 0: the image asked for; deeper: export drivers. */
static NTSTATUS
MiLoadImage(PCUNICODE_STRING Path, ULONG Flags, ULONG Depth, PKLDR_MODULE *Out)
{
    CHAR Name[LOADER_MAX_NAME];
    PKLDR_MODULE Module;
    const VOID *Data;
    NTSTATUS Status;
    SIZE_T Size;

    *Out = NULL;
    Status = MiImageBaseName(Path, Name, sizeof(Name));
    if (!NT_SUCCESS(Status))
        return MiLoadFailed("(image)", "not a usable image file name", Status);
    Module = MmFindModuleByName(Name, strlen(Name));
    if (Module != NULL)
        return MiReferenceLoaded(Module, Flags, Out);
    if (Depth > MI_MAX_LOAD_DEPTH)
        return MiLoadFailed(Name, "import chain too deep (a cycle?)", STATUS_INVALID_IMAGE_FORMAT);
    Status = IoGetBootFile(Path, &Data, &Size);
    if (!NT_SUCCESS(Status))
        return MiLoadFailed(Name, "no such boot file", Status);

    Module = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Module), MI_LOADER_TAG);
    if (Module == NULL)
        return MiLoadFailed(Name, "no memory for the module entry", STATUS_INSUFFICIENT_RESOURCES);
    RtlZeroMemory(Module, sizeof(*Module));
    RtlCopyMemory(Module->Data.BaseDllName, Name, sizeof(Name));
    Module->MiFlags = MI_MODULE_RUNTIME | (Depth > 0 ? MI_MODULE_EXPORT_DRIVER : 0);
    Status = MiMapImage(Module, Data, Size);
    if (NT_SUCCESS(Status))
        Status = MiResolveImports(Module, Depth);
    if (!NT_SUCCESS(Status))
    {
        MiDeleteModule(Module);
        return Status;
    }
    MiProtectImagePages(&Module->View);
    MiFillModuleData(Module, Path);
    MiInsertLoadedModule(Module);
    if (Module->MiFlags & MI_MODULE_EXPORT_DRIVER)
    {
        Status = MiCallDllInitialize(Module);
        if (!NT_SUCCESS(Status))
        {
            MiLoadFailed(Name, "DllInitialize failed", Status);
            Module->MiFlags &= ~MI_MODULE_EXPORT_DRIVER; /* no DllUnload without initialising */
            MiDereferenceModule(Module);
            return Status;
        }
    }
    *Out = Module;
    return STATUS_SUCCESS;
}

/*
 * Load ImagePath (\SystemRoot\System32\drivers\x.sys or System32\drivers\x.sys) and return
 * its module, referenced once for the caller. With MM_LOAD_AS_DRIVER an image already loaded
 * is STATUS_IMAGE_ALREADY_LOADED; otherwise it gets another reference. Missing import:
 * STATUS_DRIVER_ENTRYPOINT_NOT_FOUND or STATUS_DRIVER_ORDINAL_NOT_FOUND; bad image:
 * STATUS_INVALID_IMAGE_FORMAT; no such file: STATUS_OBJECT_NAME_NOT_FOUND.
 */
NTSTATUS
MmLoadSystemImage(PCUNICODE_STRING ImagePath, ULONG Flags, PKLDR_MODULE *Module)
{
    NTSTATUS Status;

    ASSERT(KeGetCurrentIrql() == PASSIVE_LEVEL);
    *Module = NULL;
    if (ImagePath == NULL || ImagePath->Buffer == NULL || ImagePath->Length == 0 ||
        (Flags & ~MM_LOAD_AS_DRIVER) != 0)
        return STATUS_INVALID_PARAMETER;
    KeWaitForSingleObject(&MiSystemLoadLock, Executive, KernelMode, FALSE, NULL);
    Status = MiLoadImage(ImagePath, Flags, 0, Module);
    KeReleaseMutex(&MiSystemLoadLock, FALSE);
    return Status;
}

/* Drop the caller's reference; the last one unloads the image (and what only it imported).
 * A boot driver's image goes at once (sysbootunload.c); the kernel, the HAL and boot images
 * others import from stay: STATUS_NOT_SUPPORTED. */
NTSTATUS
MmUnloadSystemImage(PKLDR_MODULE Module)
{
    NTSTATUS Status = STATUS_SUCCESS;

    ASSERT(KeGetCurrentIrql() == PASSIVE_LEVEL);
    KeWaitForSingleObject(&MiSystemLoadLock, Executive, KernelMode, FALSE, NULL);
    if (Module->MiFlags & MI_MODULE_RUNTIME)
        MiDereferenceModule(Module);
    else
        Status = MiUnloadBootImage(Module);
    KeReleaseMutex(&MiSystemLoadLock, FALSE);
    return Status;
}
