/* SPDX-License-Identifier: MIT */
/*
 * The loaded-module list, built from the loader's module array. Each module is reopened
 * through the shared PE library at the address it runs at, so export lookups, import checks
 * and stack walks read the same headers the loader wrote.
 */
#include "ntos.h"

#define MI_MAX_MODULES 64

static KLDR_MODULE MiModules[MI_MAX_MODULES];
static ULONG MiModuleCount;

VOID
MiInitializeLoadedModules(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    const LOADER_MODULE *Loader;
    PE_STATUS Status;
    ULONG I;

    for (I = 0; I < LoaderBlock->ModuleCount && MiModuleCount < MI_MAX_MODULES; I++)
    {
        Loader = &LoaderBlock->Modules[I];
        Status = PeOpenView((PVOID)(ULONG_PTR)Loader->DllBase, Loader->SizeOfImage, Loader->DllBase,
                            &MiModules[MiModuleCount].View);
        if (Status != PE_OK)
            KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, I, Status, Loader->DllBase, 0);
        MiModules[MiModuleCount].Loader = Loader;
        MiModuleCount++;
    }
}

ULONG
MmLoadedModuleCount(VOID)
{
    return MiModuleCount;
}

PKLDR_MODULE
MmLoadedModule(ULONG Index)
{
    return Index < MiModuleCount ? &MiModules[Index] : NULL;
}

PKLDR_MODULE
MmFindModuleByAddress(ULONG64 Address)
{
    ULONG I;

    for (I = 0; I < MiModuleCount; I++)
    {
        if (Address >= MiModules[I].View.LoadBase &&
            Address - MiModules[I].View.LoadBase < MiModules[I].View.Size)
            return &MiModules[I];
    }
    return NULL;
}

PKLDR_MODULE
MmFindModuleByName(PCSTR Name, SIZE_T NameLength)
{
    ULONG I;

    for (I = 0; I < MiModuleCount; I++)
    {
        if (PeModuleNameMatches(MiModules[I].Loader->BaseDllName, Name, NameLength))
            return &MiModules[I];
    }
    return NULL;
}

const PE_VIEW *
MiFindModuleView(void *Context, const char *Name, size_t NameLength)
{
    PKLDR_MODULE Module = MmFindModuleByName(Name, NameLength);

    UNREFERENCED_PARAMETER(Context);
    return Module != NULL ? &Module->View : NULL;
}

/*
 * A routine exported by ntoskrnl.exe or hal.dll, by name (forwarders followed), as drivers
 * look up optional exports at run time; NULL when neither exports it or the name is not
 * plain ASCII. PASSIVE_LEVEL.
 */
PVOID NTAPI
MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName)
{
    static const PCSTR Modules[] = {"ntoskrnl.exe", "hal.dll"};
    CHAR Name[128];
    ULONG64 Address;
    ULONG I, Length = SystemRoutineName->Length / sizeof(WCHAR);

    if (Length == 0 || Length >= sizeof(Name))
        return NULL;
    for (I = 0; I < Length; I++)
    {
        if (SystemRoutineName->Buffer[I] == 0 || SystemRoutineName->Buffer[I] > 0x7F)
            return NULL;
        Name[I] = (CHAR)SystemRoutineName->Buffer[I];
    }
    Name[Length] = '\0';
    for (I = 0; I < RTL_NUMBER_OF(Modules); I++)
    {
        if (PeResolveExport(MiFindModuleView, NULL, Modules[I], strlen(Modules[I]), Name, 0,
                            &Address) == PE_OK)
            return (PVOID)(ULONG_PTR)Address;
    }
    return NULL;
}
