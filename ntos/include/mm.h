/* SPDX-License-Identifier: MIT */
/* Memory manager (Mm): for now, the loaded-module list the loader handed over. */
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

/* PE_FIND_MODULE over the loaded-module list, for PeResolveExport. */
const PE_VIEW *MiFindModuleView(void *Context, const char *Name, size_t NameLength);

#endif
