/* SPDX-License-Identifier: MIT */
/*
 * Basalt UEFI loader: shared declarations. The loader reads BOOT.INI and the SYSTEM hive, loads
 * and binds the PE images (the boot drivers the hive names) with the shared PE library, builds page
 * tables and the LOADER_PARAMETER_BLOCK, exits boot services and jumps to KiSystemStartup. Only
 * this folder uses EFI types.
 */
#ifndef BASALT_LOADER_H
#define BASALT_LOADER_H

#include <efi.h>
#include <efilib.h>

#include "arc.h"
#include "pe.h"
#include "regfboot.h"

#define LDR_MAX_DRIVERS REGF_BOOT_MAX_DRIVERS
#define LDR_MAX_IMAGES (2 + LDR_MAX_DRIVERS)
#define LDR_MAX_OPTIONS 512
#define LDR_BOOT_DIRECTORY L"\\EFI\\BASALT\\"
/* The boot drivers and the boot files the kernel loads from at run time. */
#define LDR_DRIVER_DIRECTORY L"\\EFI\\BASALT\\System32\\drivers\\"
#define LDR_DRIVER_DIRECTORY_ASCII "\\EFI\\BASALT\\System32\\drivers\\"
#define LDR_MAX_BOOT_FILES 64
#define LDR_CONFIG_FILE L"\\EFI\\BASALT\\BOOT.INI"
#define LDR_SYSTEM_HIVE L"\\EFI\\BASALT\\System32\\config\\SYSTEM"

/* Memory the loader allocates is tagged with an OS-defined EFI type that encodes the NT
 * TYPE_OF_MEMORY, so the final memory map converts back without bookkeeping. */
#define LDR_EFI_OS_TYPE_BASE 0x80000000u
#define LDR_EFI_TYPE(NtType) ((EFI_MEMORY_TYPE)(LDR_EFI_OS_TYPE_BASE + (NtType)))

typedef struct _BOOT_CONFIG
{
    char Kernel[LOADER_MAX_NAME];
    char Hal[LOADER_MAX_NAME];
    char Options[LDR_MAX_OPTIONS];
} BOOT_CONFIG;

typedef struct _LDR_IMAGE
{
    char Name[LOADER_MAX_NAME];
    char ServiceName[LOADER_MAX_NAME]; /* boot drivers: the Services key that named it */
    UINT32 Flags;                      /* LDRP_* */
    TYPE_OF_MEMORY Type;               /* what the image pages are tagged as */
    BOOLEAN Loaded;                    /* still part of the boot (failed drivers are dropped) */
    EFI_PHYSICAL_ADDRESS Physical;
    UINTN Pages;
    PE_VIEW View;
} LDR_IMAGE;

/* log.c */
void LdrPrint(const CHAR16 *Format, ...);
EFI_STATUS LdrFail(EFI_STATUS Status, const CHAR16 *Format, ...);
void LdrWaitAndReturn(void);

/* config.c */
EFI_STATUS LdrParseConfig(const char *Text, UINTN Length, BOOT_CONFIG *Config);

/* file.c */
EFI_STATUS LdrOpenBootVolume(EFI_HANDLE ImageHandle);
EFI_STATUS LdrReadFile(const CHAR16 *Path, void **Data, UINTN *Size);
EFI_STATUS LdrReadOptionalFile(const CHAR16 *Path, void **Data, UINTN *Size);
void LdrFreeFile(void *Data);
void LdrMakePath(const CHAR16 *Directory, const char *Name, CHAR16 *Path, UINTN PathChars);
EFI_FILE_HANDLE LdrBootRoot(void);

/* hive.c */
EFI_STATUS LdrReadSystemHive(void);
EFI_STATUS LdrSystemHiveBootDrivers(REGF_BOOT_LIST *List);
EFI_STATUS LdrCopySystemHive(LOADER_PARAMETER_BLOCK *Block);

/* bootfile.c */
EFI_STATUS LdrReadBootFiles(LOADER_PARAMETER_BLOCK *Block);

/* memory.c */
EFI_STATUS LdrAllocatePages(UINTN Pages, TYPE_OF_MEMORY Type, EFI_PHYSICAL_ADDRESS *Address);
void LdrFreePages(EFI_PHYSICAL_ADDRESS Address, UINTN Pages);
void *LdrAllocateZeroed(UINTN Size, TYPE_OF_MEMORY Type);

/* image.c */
EFI_STATUS LdrLoadImage(const CHAR16 *Directory, const char *Name, UINT32 Flags,
                        TYPE_OF_MEMORY Type, UINT64 LoadBase, LDR_IMAGE *Image);
void LdrUnloadImage(LDR_IMAGE *Image);
EFI_STATUS LdrLinkImages(LDR_IMAGE *Images, UINTN Count);
UINT64 LdrImageEnd(const LDR_IMAGE *Image);

/* paging.c */
#define LDR_MAP_WRITE 0x1
#define LDR_MAP_EXECUTE 0x2
#define LDR_MAP_UNCACHED 0x4 /* device registers */
EFI_STATUS LdrPagingInit(void);
EFI_STATUS LdrMapRange(UINT64 Va, UINT64 Pa, UINT64 Pages, UINT32 Access);
EFI_STATUS LdrMapImage(const LDR_IMAGE *Image);
UINT64 LdrPageTableRoot(void);

/* memmap.c */
EFI_STATUS LdrIdentityMapMemory(void);
EFI_STATUS LdrExitBootServices(EFI_HANDLE ImageHandle, LOADER_PARAMETER_BLOCK *Block);

/* firmware.c */
void LdrCollectFirmwareInfo(LOADER_PARAMETER_BLOCK *Block);

/* handoff.S */
void LdrTransferToKernel(UINT64 Cr3, UINT64 StackTop, UINT64 Entry, UINT64 LoaderBlock)
    __attribute__((noreturn));

static inline UINT64
LdrReadTsc(void)
{
    UINT32 Low, High;
    __asm__ volatile("rdtsc" : "=a"(Low), "=d"(High));
    return ((UINT64)High << 32) | Low;
}

#endif
