/* SPDX-License-Identifier: MIT */
/*
 * The loader -> kernel handoff: LOADER_PARAMETER_BLOCK, modelled on NT's. Defined once here,
 * included by the UEFI loader (gcc, LP64) and the kernel (mingw-w64, LLP64), hence fixed-width
 * fields only. docs/boot-protocol.md describes the contract; bump the version on any change.
 */
#ifndef BASALT_ARC_H
#define BASALT_ARC_H

#include <stdint.h>

#define LOADER_BLOCK_SIGNATURE 0x4B4C4254534142ull /* "BASTBLK" */
#define LOADER_BLOCK_VERSION 3

/* NT's TYPE_OF_MEMORY, same values. */
typedef enum _TYPE_OF_MEMORY
{
    LoaderExceptionBlock = 0,
    LoaderSystemBlock,
    LoaderFree,
    LoaderBad,
    LoaderLoadedProgram,
    LoaderFirmwareTemporary,
    LoaderFirmwarePermanent,
    LoaderOsloaderHeap,
    LoaderOsloaderStack,
    LoaderSystemCode,
    LoaderHalCode,
    LoaderBootDriver,
    LoaderConsoleInDriver,
    LoaderConsoleOutDriver,
    LoaderStartupDpcStack,
    LoaderStartupKernelStack,
    LoaderStartupPanicStack,
    LoaderStartupPcrPage,
    LoaderStartupPdrPage,
    LoaderRegistryData,
    LoaderMemoryData,
    LoaderNlsData,
    LoaderSpecialMemory,
    LoaderBBTMemory,
    LoaderReserve,
    LoaderXIPRom,
    LoaderHALCachedMemory,
    LoaderLargePageFiller,
    LoaderErrorLogMemory,
    LoaderMaximum
} TYPE_OF_MEMORY;

/* One run of physical pages (4 KiB). Sorted by BasePage, never overlapping. */
typedef struct _MEMORY_ALLOCATION_DESCRIPTOR
{
    uint32_t MemoryType; /* TYPE_OF_MEMORY */
    uint32_t Reserved;
    uint64_t BasePage;
    uint64_t PageCount;
} MEMORY_ALLOCATION_DESCRIPTOR;

#define LDRP_KERNEL_IMAGE 0x0001
#define LDRP_HAL_IMAGE 0x0002
#define LDRP_BOOT_DRIVER 0x0004
#define LDRP_CRITICAL 0x0008

#define LOADER_MAX_NAME 64

/* A loaded image, in load order (ntoskrnl.exe, hal.dll, then boot drivers): the fields the
 * kernel needs to build its KLDR_DATA_TABLE_ENTRY list. */
typedef struct _LOADER_MODULE
{
    uint64_t DllBase;        /* virtual address the image is mapped and relocated at */
    uint64_t EntryPoint;     /* DllBase + AddressOfEntryPoint, 0 when none */
    uint64_t PhysicalBase;   /* image pages are physically contiguous from here */
    uint32_t SizeOfImage;
    uint32_t Flags;          /* LDRP_* */
    char BaseDllName[LOADER_MAX_NAME]; /* "hal.dll" */
    char FullDllName[LOADER_MAX_NAME * 2]; /* "\EFI\BASALT\hal.dll" */
    /* Version 3: boot drivers: the Services key that named the driver ("hello"), whose
     * name is the driver object's and whose path DriverEntry gets; empty for the others. */
    char ServiceName[LOADER_MAX_NAME];
} LOADER_MODULE;

/* A file of \EFI\BASALT\System32\drivers\ read whole into LoaderBootDriver pages (the kernel's
 * boot volume until it has a storage stack: run-time driver loading reads from here). */
typedef struct _LOADER_BOOT_FILE
{
    char Name[LOADER_MAX_NAME]; /* "hello.sys", as the directory spells it */
    uint64_t PhysicalBase;      /* page-aligned, physically contiguous */
    uint64_t Size;              /* bytes */
} LOADER_BOOT_FILE;

#define LOADER_PIXEL_RGBX 0 /* byte order R, G, B, reserved */
#define LOADER_PIXEL_BGRX 1

typedef struct _LOADER_FRAMEBUFFER
{
    uint64_t PhysicalBase; /* 0 when there is no linear framebuffer */
    uint64_t Size;
    uint32_t Width;
    uint32_t Height;
    uint32_t PixelsPerScanLine;
    uint32_t PixelFormat; /* LOADER_PIXEL_* */
} LOADER_FRAMEBUFFER;

typedef struct _LOADER_TIME
{
    uint16_t Year;
    uint8_t Month;
    uint8_t Day;
    uint8_t Hour;
    uint8_t Minute;
    uint8_t Second;
    uint8_t Valid;
} LOADER_TIME;

/*
 * Every pointer below is a physical address that the loader's page tables map 1:1 in the
 * low half (see docs/boot-protocol.md); the kernel must copy what it keeps before it drops
 * that identity map.
 */
typedef struct _LOADER_PARAMETER_BLOCK
{
    uint64_t Signature; /* LOADER_BLOCK_SIGNATURE */
    uint32_t Size;      /* sizeof(LOADER_PARAMETER_BLOCK) as the loader knew it */
    uint32_t Version;   /* LOADER_BLOCK_VERSION */

    uint32_t ModuleCount;
    uint32_t MemoryDescriptorCount;
    LOADER_MODULE *Modules;
    MEMORY_ALLOCATION_DESCRIPTOR *MemoryDescriptors;

    const char *LoadOptions; /* "/SOS /SELFTEST", as written in BOOT.INI */
    uint64_t AcpiRsdp;       /* physical address of the RSDP, 0 when absent */
    LOADER_FRAMEBUFFER Framebuffer;
    LOADER_TIME BootTime; /* firmware wall clock at load time */

    uint64_t KernelStackBase;  /* lowest address of the boot stack (kernel VA) */
    uint64_t KernelStackLimit; /* initial RSP (kernel VA) */
    uint64_t PageTableRoot;    /* physical address loaded into CR3 */

    uint64_t LoaderEntryTsc; /* RDTSC at efi_main */
    uint64_t LoaderExitTsc;  /* RDTSC just before the jump to the kernel */

    /* Version 2: every file of \EFI\BASALT\System32\drivers\, in directory order. */
    uint32_t BootFileCount;
    uint32_t Reserved;
    LOADER_BOOT_FILE *BootFiles;
    /* Version 2: the SYSTEM hive file as read from EFI/BASALT/System32/config/SYSTEM, in
     * LoaderRegistryData pages; both 0 when there is none. */
    uint64_t RegistryBase; /* physical */
    uint32_t RegistryLength;
    uint32_t Reserved2;
} LOADER_PARAMETER_BLOCK, *PLOADER_PARAMETER_BLOCK;

/* Kernel virtual layout fixed by this protocol. */
#define LOADER_SELFMAP_PML4_INDEX 0x1ED /* NT's self-map: PTEs at 0xFFFFF680`00000000 */
#define LOADER_BOOT_STACK_VA 0xFFFFF88000000000ull
#define LOADER_BOOT_STACK_PAGES 16
/* KUSER_SHARED_DATA: one zeroed RW page here, where the DDK's KeQuerySystemTime and
 * KeQueryTickCount macros read it (KI_USER_SHARED_DATA). */
#define LOADER_SHARED_USER_DATA_VA 0xFFFFF78000000000ull

#endif
