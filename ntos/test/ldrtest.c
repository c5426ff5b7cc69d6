/* SPDX-License-Identifier: MIT */
/*
 * Ldr self-tests: the module list matches what is really mapped, and every import of every
 * module is bound to the address the exporting module's export table gives (forwarders
 * followed), so a mis-bound IAT slot anywhere fails here rather than at the first call.
 */
#include "ntos.h"

/* The linker's symbol for the first byte of this image. */
extern const UCHAR __ImageBase[];

static VOID
KtModulesMatchMappings(PKT_CONTEXT Context)
{
    PKLDR_MODULE Module;
    PE_VIEW View;
    ULONG I;
    ULONG64 Entry;

    KT_CHECK(Context, MmLoadedModuleCount() >= 3, "only %u modules, want kernel, HAL, driver",
             MmLoadedModuleCount());
    for (I = 0; I < MmLoadedModuleCount(); I++)
    {
        Module = MmLoadedModule(I);
        KT_CHECK(Context, (Module->Loader->DllBase & (PAGE_SIZE - 1)) == 0, "%s base %p unaligned",
                 Module->Loader->BaseDllName, (PVOID)Module->Loader->DllBase);
        KT_CHECK(Context,
                 PeOpenView((PVOID)(ULONG_PTR)Module->Loader->DllBase, Module->Loader->SizeOfImage,
                            Module->Loader->DllBase, &View) == PE_OK,
                 "%s: no valid image at %p", Module->Loader->BaseDllName,
                 (PVOID)Module->Loader->DllBase);
        KT_CHECK(Context, View.Nt->OptionalHeader.ImageBase == Module->Loader->DllBase,
                 "%s: header ImageBase %p != mapped base %p", Module->Loader->BaseDllName,
                 (PVOID)View.Nt->OptionalHeader.ImageBase, (PVOID)Module->Loader->DllBase);
        Entry = View.Nt->OptionalHeader.AddressOfEntryPoint;
        KT_CHECK(Context, Module->Loader->EntryPoint == (Entry ? View.LoadBase + Entry : 0),
                 "%s: entry point mismatch", Module->Loader->BaseDllName);
    }
    Module = MmLoadedModule(0);
    KT_CHECK(Context,
             (Module->Loader->Flags & LDRP_KERNEL_IMAGE) &&
                 Module->View.LoadBase == (ULONG64)(ULONG_PTR)__ImageBase,
             "module 0 is not the running kernel (%p)", (PVOID)__ImageBase);
    KT_CHECK(Context, MmFindModuleByAddress((ULONG64)(ULONG_PTR)&KiSystemStartup) == Module,
             "KiSystemStartup is not inside ntoskrnl.exe");
    KT_CHECK(Context, MmFindModuleByName("hal.dll", 7) != NULL, "hal.dll not in the list");
}

typedef struct _KT_IMPORT_CHECK
{
    PKT_CONTEXT Context;
    PKLDR_MODULE Module;
    ULONG Count;
    ULONG FromKernel;
    ULONG FromHal;
} KT_IMPORT_CHECK;

static PE_STATUS
KtCheckImport(void *Argument, const PE_IMPORT *Import)
{
    KT_IMPORT_CHECK *Check = Argument;
    ULONG64 Expected = 0;
    PE_STATUS Status;

    Status = PeResolveExport(MiFindModuleView, NULL, Import->Dll, strlen(Import->Dll), Import->Name,
                             Import->Ordinal, &Expected);
    if (Status != PE_OK || *Import->Slot != Expected)
    {
        KtFail(Check->Context, __FILE__, __LINE__, "%s: %s!%s bound to %p, export is %p (%s)",
               Check->Module->Loader->BaseDllName, Import->Dll,
               Import->Name ? Import->Name : "#ordinal", (PVOID)*Import->Slot, (PVOID)Expected,
               PeStatusText(Status));
        return PE_E_BAD_IMPORT;
    }
    Check->Count++;
    Check->FromKernel += PeModuleNameMatches("ntoskrnl.exe", Import->Dll, strlen(Import->Dll));
    Check->FromHal += PeModuleNameMatches("hal.dll", Import->Dll, strlen(Import->Dll));
    return PE_OK;
}

static VOID
KtImportsBoundToExports(PKT_CONTEXT Context)
{
    KT_IMPORT_CHECK Check;
    ULONG I;

    for (I = 0; I < MmLoadedModuleCount(); I++)
    {
        RtlZeroMemory(&Check, sizeof(Check));
        Check.Context = Context;
        Check.Module = MmLoadedModule(I);
        if (PeForEachImport(&Check.Module->View, KtCheckImport, &Check) != PE_OK)
            return;
        KT_CHECK(Context, Check.Count > 0, "%s imports nothing", Check.Module->Loader->BaseDllName);
        if (Check.Module->Loader->Flags & LDRP_KERNEL_IMAGE)
            KT_CHECK(Context, Check.FromHal > 0, "ntoskrnl.exe imports nothing from hal.dll");
        if (Check.Module->Loader->Flags & LDRP_HAL_IMAGE)
            KT_CHECK(Context, Check.FromKernel > 0, "hal.dll imports nothing from ntoskrnl.exe");
    }
}

/* The kernel's own call through its IAT lands in hal.dll's export. */
static VOID
KtKernelCallsIntoHal(PKT_CONTEXT Context)
{
    PKLDR_MODULE Hal = MmFindModuleByName("hal.dll", 7);
    PE_EXPORT Export;

    KT_CHECK(Context, Hal != NULL, "hal.dll not loaded");
    KT_CHECK(Context, PeFindExportByName(&Hal->View, "HalInitSystem", &Export) == PE_OK,
             "hal.dll does not export HalInitSystem");
    KT_CHECK(Context, (ULONG64)(ULONG_PTR)&HalInitSystem == Export.Address,
             "&HalInitSystem is %p, hal.dll exports it at %p", (PVOID)&HalInitSystem,
             (PVOID)Export.Address);
}

static VOID
KtForwarderResolves(PKT_CONTEXT Context)
{
    PKLDR_MODULE Hal = MmFindModuleByName("hal.dll", 7);
    PE_EXPORT Export;
    ULONG64 Address;

    KT_CHECK(Context, Hal != NULL, "hal.dll not loaded");
    KT_CHECK(Context,
             PeFindExportByName(&Hal->View, "HalDisplayString", &Export) == PE_OK &&
                 Export.Forwarder != NULL,
             "hal.dll!HalDisplayString is not a forwarder");
    KT_CHECK(Context,
             PeResolveExport(MiFindModuleView, NULL, "hal.dll", 7, "HalDisplayString", 0,
                             &Address) == PE_OK,
             "hal.dll!HalDisplayString does not resolve");
    KT_CHECK(Context, Address == (ULONG64)(ULONG_PTR)&InbvDisplayString,
             "HalDisplayString -> %p, want ntoskrnl!InbvDisplayString %p", (PVOID)Address,
             (PVOID)&InbvDisplayString);
}

static const KT_TEST KtLdrTests[] = {
    {"every module is in the loaded-module list at its mapped base", KtModulesMatchMappings},
    {"every import is bound to its export's address", KtImportsBoundToExports},
    {"ntoskrnl.exe calls hal.dll through its IAT", KtKernelCallsIntoHal},
    {"hal.dll forwarder resolves into ntoskrnl.exe", KtForwarderResolves},
};

const KT_SUITE KtLdrSuite = {"Ldr", KtLdrTests, RTL_NUMBER_OF(KtLdrTests)};
