/* SPDX-License-Identifier: MIT */
/*
 * efi_main: the loader's whole sequence. Read BOOT.INI and the SYSTEM hive, load ntoskrnl.exe,
 * hal.dll and the boot-start drivers the hive names, link them to each other, build the page
 * tables and the loader block, exit boot services and jump. Every failure before ExitBootServices
 * is reported and returns to the firmware; nothing jumps into a half-built kernel.
 */
#include "loader.h"

#define IMAGE_GAP 0x10000 /* unmapped guard between consecutive images */

static LDR_IMAGE Images[LDR_MAX_IMAGES];
static UINTN ImageCount;
static BOOT_CONFIG Config;

static UINT64
NextImageBase(void)
{
    UINT64 End = LdrImageEnd(&Images[ImageCount - 1]);

    return (End + IMAGE_GAP + IMAGE_GAP - 1) & ~(UINT64)(IMAGE_GAP - 1);
}

/* A boot driver whose file another service already loaded (NT loads an image once). */
static const LDR_IMAGE *
LoadedImage(const char *FileName)
{
    UINTN I;

    for (I = 2; I < ImageCount; I++)
    {
        if (PeModuleNameMatches(Images[I].Name, FileName, strlena((CHAR8 *)FileName)))
            return &Images[I];
    }
    return NULL;
}

/* One boot-start service: its image loaded, or reported and skipped; a critical one
 * (ErrorControl 3) that cannot be loaded ends the boot. */
static EFI_STATUS
LoadBootDriver(const REGF_BOOT_DRIVER *Driver)
{
    BOOLEAN Critical = Driver->ErrorControl >= REGF_BOOT_ERROR_CRITICAL;
    const LDR_IMAGE *Other;
    EFI_STATUS Status;

    if (Driver->Problem != REGF_BOOT_OK)
    {
        Status =
            LdrFail(EFI_LOAD_ERROR, L"boot driver service %a: %a (ImagePath %a)",
                    Driver->ServiceName, RegfBootProblemText(Driver->Problem), Driver->ImagePath);
        if (Critical)
            return Status;
        LdrPrint(L"Basalt loader: skipping boot driver service %a\n", Driver->ServiceName);
        return EFI_SUCCESS;
    }
    Other = LoadedImage(Driver->FileName);
    if (Other != NULL)
    {
        LdrPrint(L"Basalt loader: skipping boot driver %a (service %a): service %a loaded it\n",
                 Driver->FileName, Driver->ServiceName, Other->ServiceName);
        return EFI_SUCCESS;
    }
    Status = LdrLoadImage(LDR_DRIVER_DIRECTORY, Driver->FileName,
                          LDRP_BOOT_DRIVER | (Critical ? LDRP_CRITICAL : 0), LoaderBootDriver,
                          NextImageBase(), &Images[ImageCount]);
    if (EFI_ERROR(Status) && Critical)
        return Status;
    if (EFI_ERROR(Status))
    {
        LdrPrint(L"Basalt loader: skipping boot driver %a (service %a)\n", Driver->FileName,
                 Driver->ServiceName);
        return EFI_SUCCESS;
    }
    CopyMem(Images[ImageCount].ServiceName, (void *)Driver->ServiceName,
            sizeof(Images[ImageCount].ServiceName));
    ImageCount++;
    return EFI_SUCCESS;
}

/* ntoskrnl.exe, hal.dll, then the SYSTEM hive's boot-start drivers in load order. */
static EFI_STATUS
LoadBootImages(void)
{
    REGF_BOOT_LIST *Drivers = AllocateZeroPool(sizeof(*Drivers));
    EFI_STATUS Status;
    UINTN I;

    if (Drivers == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for the boot driver list");
    Status = LdrLoadImage(LDR_BOOT_DIRECTORY, Config.Kernel, LDRP_KERNEL_IMAGE, LoaderSystemCode, 0,
                          &Images[0]);
    if (!EFI_ERROR(Status))
    {
        ImageCount = 1;
        Status = LdrLoadImage(LDR_BOOT_DIRECTORY, Config.Hal, LDRP_HAL_IMAGE, LoaderHalCode,
                              NextImageBase(), &Images[1]);
    }
    if (!EFI_ERROR(Status))
    {
        ImageCount = 2;
        Status = LdrSystemHiveBootDrivers(Drivers);
    }
    for (I = 0; I < Drivers->Count && !EFI_ERROR(Status); I++)
        Status = LoadBootDriver(&Drivers->Drivers[I]);
    FreePool(Drivers);
    if (EFI_ERROR(Status))
        return Status;
    return LdrLinkImages(Images, ImageCount);
}

static void
CopyName(char *Dest, UINTN Capacity, const char *Prefix, const char *Name)
{
    UINTN Used = 0;

    while (*Prefix != 0 && Used + 1 < Capacity)
        Dest[Used++] = *Prefix++;
    while (*Name != 0 && Used + 1 < Capacity)
        Dest[Used++] = *Name++;
    Dest[Used] = 0;
}

static EFI_STATUS
FillModules(LOADER_PARAMETER_BLOCK *Block)
{
    LOADER_MODULE *Module;
    UINTN I;

    Block->Modules = LdrAllocateZeroed(ImageCount * sizeof(LOADER_MODULE), LoaderSystemBlock);
    if (Block->Modules == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for the module list");
    for (I = 0; I < ImageCount; I++)
    {
        const PE_VIEW *View = &Images[I].View;
        UINT32 Entry = View->Nt->OptionalHeader.AddressOfEntryPoint;

        if (!Images[I].Loaded)
            continue;
        Module = &Block->Modules[Block->ModuleCount++];
        Module->DllBase = View->LoadBase;
        Module->EntryPoint = Entry ? View->LoadBase + Entry : 0;
        Module->PhysicalBase = Images[I].Physical;
        Module->SizeOfImage = View->Size;
        Module->Flags = Images[I].Flags;
        CopyName(Module->BaseDllName, sizeof(Module->BaseDllName), "", Images[I].Name);
        CopyName(Module->ServiceName, sizeof(Module->ServiceName), "", Images[I].ServiceName);
        CopyName(Module->FullDllName, sizeof(Module->FullDllName),
                 (Module->Flags & LDRP_BOOT_DRIVER) ? LDR_DRIVER_DIRECTORY_ASCII
                                                    : "\\EFI\\BASALT\\",
                 Images[I].Name);
    }
    return EFI_SUCCESS;
}

/* The boot processor's local APIC registers, identity-mapped uncached: the HAL programs the
 * interrupt controller before the memory manager can map device memory. */
static EFI_STATUS
MapLocalApic(void)
{
    UINT32 Low, High;
    UINT64 Base;

    __asm__ volatile("rdmsr" : "=a"(Low), "=d"(High) : "c"(0x1B)); /* IA32_APIC_BASE */
    Base = (((UINT64)High << 32) | Low) & 0x000FFFFFFFFFF000ull;
    return LdrMapRange(Base, Base, 1, LDR_MAP_WRITE | LDR_MAP_UNCACHED);
}

static EFI_STATUS
MapSharedUserData(void)
{
    EFI_PHYSICAL_ADDRESS Page;
    EFI_STATUS Status;

    Status = LdrAllocatePages(1, LoaderSystemBlock, &Page);
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"no memory for the shared user data page");
    return LdrMapRange(LOADER_SHARED_USER_DATA_VA, Page, 1, LDR_MAP_WRITE);
}

/* Kernel-half mappings: every image with its section protections, the boot stack above an
 * unmapped guard page and the shared user data page. Then the identity map of RAM and the
 * framebuffer. */
static EFI_STATUS
BuildAddressSpace(LOADER_PARAMETER_BLOCK *Block)
{
    EFI_PHYSICAL_ADDRESS Stack;
    EFI_STATUS Status;
    UINTN I;

    Status = LdrPagingInit();
    for (I = 0; I < ImageCount && !EFI_ERROR(Status); I++)
    {
        if (Images[I].Loaded)
            Status = LdrMapImage(&Images[I]);
    }
    if (EFI_ERROR(Status))
        return Status;

    Status = LdrAllocatePages(LOADER_BOOT_STACK_PAGES, LoaderStartupKernelStack, &Stack);
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"no memory for the kernel stack");
    Block->KernelStackBase = LOADER_BOOT_STACK_VA + EFI_PAGE_SIZE;
    Block->KernelStackLimit = Block->KernelStackBase + LOADER_BOOT_STACK_PAGES * EFI_PAGE_SIZE;
    Status = LdrMapRange(Block->KernelStackBase, Stack, LOADER_BOOT_STACK_PAGES, LDR_MAP_WRITE);
    if (!EFI_ERROR(Status))
        Status = MapSharedUserData();
    if (!EFI_ERROR(Status))
        Status = MapLocalApic();
    if (!EFI_ERROR(Status) && Block->Framebuffer.PhysicalBase != 0)
        Status = LdrMapRange(Block->Framebuffer.PhysicalBase, Block->Framebuffer.PhysicalBase,
                             EFI_SIZE_TO_PAGES(Block->Framebuffer.Size), LDR_MAP_WRITE);
    if (!EFI_ERROR(Status))
        Status = LdrIdentityMapMemory();
    Block->PageTableRoot = LdrPageTableRoot();
    return Status;
}

static EFI_STATUS
ReadConfig(void)
{
    EFI_STATUS Status;
    void *Text;
    UINTN Size;

    Status = LdrReadFile(LDR_CONFIG_FILE, &Text, &Size);
    if (EFI_ERROR(Status))
        return Status;
    Status = LdrParseConfig(Text, Size, &Config);
    LdrFreeFile(Text);
    return Status;
}

static EFI_STATUS
PrepareBoot(EFI_HANDLE ImageHandle, LOADER_PARAMETER_BLOCK **BlockOut, UINT64 EntryTsc)
{
    LOADER_PARAMETER_BLOCK *Block;
    char *Options;
    EFI_STATUS Status;

    Status = LdrOpenBootVolume(ImageHandle);
    if (!EFI_ERROR(Status))
        Status = ReadConfig();
    if (!EFI_ERROR(Status))
        Status = LdrReadSystemHive();
    if (!EFI_ERROR(Status))
        Status = LoadBootImages();
    if (EFI_ERROR(Status))
        return Status;

    Block = LdrAllocateZeroed(sizeof(*Block) + LDR_MAX_OPTIONS, LoaderSystemBlock);
    if (Block == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for the loader block");
    Block->Signature = LOADER_BLOCK_SIGNATURE;
    Block->Size = sizeof(*Block);
    Block->Version = LOADER_BLOCK_VERSION;
    Block->LoaderEntryTsc = EntryTsc;
    Options = (char *)(Block + 1);
    CopyMem(Options, Config.Options, sizeof(Config.Options));
    Block->LoadOptions = Options;
    LdrCollectFirmwareInfo(Block);

    Status = FillModules(Block);
    if (!EFI_ERROR(Status))
        Status = LdrReadBootFiles(Block);
    if (!EFI_ERROR(Status))
        Status = LdrCopySystemHive(Block);
    if (!EFI_ERROR(Status))
        Status = BuildAddressSpace(Block);
    *BlockOut = Block;
    return Status;
}

EFI_STATUS
efi_main(EFI_HANDLE ImageHandle, EFI_SYSTEM_TABLE *SystemTable)
{
    UINT64 EntryTsc = LdrReadTsc();
    LOADER_PARAMETER_BLOCK *Block = NULL;
    EFI_STATUS Status;

    InitializeLib(ImageHandle, SystemTable);
    LdrPrint(L"Basalt loader\n");
    Status = PrepareBoot(ImageHandle, &Block, EntryTsc);
    if (!EFI_ERROR(Status))
        Status = LdrExitBootServices(ImageHandle, Block);
    if (EFI_ERROR(Status))
    {
        LdrWaitAndReturn();
        return Status;
    }
    Block->LoaderExitTsc = LdrReadTsc();
    LdrTransferToKernel(Block->PageTableRoot, Block->KernelStackLimit,
                        Images[0].View.LoadBase +
                            Images[0].View.Nt->OptionalHeader.AddressOfEntryPoint,
                        (UINT64)(UINTN)Block);
}
