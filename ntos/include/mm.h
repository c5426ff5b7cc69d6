/* SPDX-License-Identifier: MIT */
/* Memory manager (Mm): the loaded-module list, early page allocation and system PTEs. */
#ifndef BASALT_MM_H
#define BASALT_MM_H

typedef struct _KLDR_MODULE
{
    const LOADER_MODULE *Loader;
    PE_VIEW View; /* LoadBase == Base: the image as the kernel sees it */
} KLDR_MODULE, *PKLDR_MODULE;

VOID MiInitializeLoadedModules(PLOADER_PARAMETER_BLOCK LoaderBlock);
ULONG MmLoadedModuleCount(VOID);
PKLDR_MODULE MmLoadedModule(ULONG Index);
PKLDR_MODULE MmFindModuleByAddress(ULONG64 Address);
PKLDR_MODULE MmFindModuleByName(PCSTR Name, SIZE_T NameLength);

/* Early memory (mmphys.c, mmsyspte.c, mmstack.c) until the PFN database exists. */
VOID MmInitializeEarlyMemory(PLOADER_PARAMETER_BLOCK LoaderBlock);
ULONG64 MmQueryPagesInUse(VOID);
ULONG64 MmAllocateLowPhysicalPage(VOID);
PVOID MmCreateKernelStack(VOID);
VOID MmDeleteKernelStack(PVOID StackBase);

/* PE_FIND_MODULE over the loaded-module list, for PeResolveExport. */
const PE_VIEW *MiFindModuleView(void *Context, const char *Name, size_t NameLength);

#endif
