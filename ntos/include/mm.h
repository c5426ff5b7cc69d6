/* SPDX-License-Identifier: MIT */
/* Memory manager (Mm): the loaded-module list, early page allocation and system PTEs. */
#ifndef BASALT_MM_H
#define BASALT_MM_H

/*
 * A loaded image (mm/sysldr.c). Loader is the kernel's own copy of what the loader reported
 * (names, base, entry point, LDRP_* flags), for run-time images filled in by
 * MmLoadSystemImage; FullDllName reads \SystemRoot\... The list is NT's
 * PsLoadedModuleList: readers walk it without a lock (see sysldr.c), so an entry stays valid
 * while the image is loaded.
 */
#define MI_MODULE_RUNTIME 0x0001       /* loaded by MmLoadSystemImage, in pool */
#define MI_MODULE_EXPORT_DRIVER 0x0002 /* loaded as an import: DllInitialize/DllUnload */
#define MI_MODULE_MAX_IMPORTS 16       /* run-time modules one image may import from */

typedef struct _KLDR_MODULE
{
    LIST_ENTRY InLoadOrderLinks;
    const LOADER_MODULE *Loader; /* &Data */
    PE_VIEW View;                /* LoadBase == Base: the image as the kernel sees it */
    LOADER_MODULE Data;
    ULONG MiFlags;  /* MI_MODULE_* */
    LONG LoadCount; /* one per MmLoadSystemImage, one per importing run-time module */
    ULONG LoadOrderIndex;
    ULONG ImportCount; /* run-time modules this one holds a reference on */
    struct _KLDR_MODULE *Imports[MI_MODULE_MAX_IMPORTS];
} KLDR_MODULE, *PKLDR_MODULE;

VOID MiInitializeLoadedModules(PLOADER_PARAMETER_BLOCK LoaderBlock);
ULONG MmLoadedModuleCount(VOID);
PKLDR_MODULE MmLoadedModule(ULONG Index);
PKLDR_MODULE MmFindModuleByAddress(ULONG64 Address);
PKLDR_MODULE MmFindModuleByName(PCSTR Name, SIZE_T NameLength);
/* The list itself, for sysload.c, SystemModuleInformation and the debugger. */
extern LIST_ENTRY MiLoadedModuleList;
extern KMUTEX MiSystemLoadLock;
VOID MiInsertLoadedModule(PKLDR_MODULE Module);
VOID MiRemoveLoadedModule(PKLDR_MODULE Module);
KIRQL MiBeginModuleListRead(VOID);
VOID MiEndModuleListRead(KIRQL Irql);

/* Run-time images (mm/sysload.c): \SystemRoot\System32\drivers\x.sys from the boot files,
 * mapped into system PTEs, imports bound (export drivers loaded as needed). PASSIVE_LEVEL.
 * MM_LOAD_AS_DRIVER: fail with STATUS_IMAGE_ALREADY_LOADED if the image is already loaded. */
#define MM_LOAD_AS_DRIVER 0x1
NTSTATUS MmLoadSystemImage(PCUNICODE_STRING ImagePath, ULONG Flags, PKLDR_MODULE *Module);
NTSTATUS MmUnloadSystemImage(PKLDR_MODULE Module);
/* SystemModuleInformation's RTL_PROCESS_MODULES (mm/sysmodinfo.c). */
NTSTATUS MmQuerySystemModuleInformation(PVOID Buffer, ULONG Length, PULONG ReturnLength);
/* Loader pages (boot files) mapped read-only and no-execute into system PTEs (mm/mmimage.c). */
PVOID MmMapLoaderMemory(ULONG64 PhysicalBase, SIZE_T Size);

/* Physical memory (mmpfn.c, mmzero.c, mmreclaim.c), system PTEs and stacks. */
VOID MmInitializeEarlyMemory(PLOADER_PARAMETER_BLOCK LoaderBlock);
NTSTATUS MmStartZeroPageThread(VOID);
VOID MmFreeLoaderMemory(VOID);
VOID MmRunBenchmarks(VOID);
ULONG64 MmQueryPagesInUse(VOID);
ULONG64 MmAllocateLowPhysicalPage(VOID);
PVOID MmCreateKernelStack(VOID);
VOID MmDeleteKernelStack(PVOID StackBase);

/* Page faults (mmfault.c). MmAccessFault's status for pageable memory touched above
 * APC_LEVEL, NT's: the trap handler makes it IRQL_NOT_LESS_OR_EQUAL. */
#define MM_STATUS_IRQL_FAULT ((NTSTATUS)(STATUS_IN_PAGE_ERROR | 0x10000000))
NTSTATUS MmAccessFault(ULONG_PTR FaultStatus, PVOID VirtualAddress, KPROCESSOR_MODE PreviousMode,
                       PVOID TrapInformation);
ULONG64 MmQueryPteContents(PVOID VirtualAddress);

/* Pool (mmpool*.c): tag accounting and setup. */
typedef struct _MM_POOL_TAG_USAGE
{
    ULONG NonPagedAllocations, NonPagedFrees;
    SIZE_T NonPagedBytes;
    ULONG PagedAllocations, PagedFrees;
    SIZE_T PagedBytes;
} MM_POOL_TAG_USAGE, *PMM_POOL_TAG_USAGE;

/* One tag's pool in use, nonpaged [0] and paged [1]. */
typedef struct _MM_POOL_TAG_SNAPSHOT
{
    ULONG Tag;
    ULONG Outstanding[2];
    SIZE_T Bytes[2];
} MM_POOL_TAG_SNAPSHOT, *PMM_POOL_TAG_SNAPSHOT;

VOID MmInitializePool(VOID);
BOOLEAN MmQueryPoolTag(ULONG Tag, PMM_POOL_TAG_USAGE Usage);
ULONG MmSnapshotPoolTags(PMM_POOL_TAG_SNAPSHOT Entries, ULONG Capacity);
VOID MmPrintPoolTags(VOID);

/* ExAllocatePool2's flags; mingw-w64's DDK predates the routine. */
#ifndef POOL_FLAG_NON_PAGED
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ull
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ull
#define POOL_FLAG_SESSION 0x0000000000000004ull
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ull
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ull
#define POOL_FLAG_NON_PAGED 0x0000000000000040ull
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ull
#define POOL_FLAG_PAGED 0x0000000000000100ull
#define POOL_FLAG_REQUIRED_END 0x0000000080000000ull
#define POOL_FLAG_SPECIAL_POOL 0x0000000100000000ull
typedef ULONG64 POOL_FLAGS;
NTKERNELAPI PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
#endif

/* PE_FIND_MODULE over the loaded-module list, for PeResolveExport. */
const PE_VIEW *MiFindModuleView(void *Context, const char *Name, size_t NameLength);

#endif
