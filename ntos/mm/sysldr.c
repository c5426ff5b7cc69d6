/* SPDX-License-Identifier: MIT */
/*
 * The loaded-module list (NT's PsLoadedModuleList): ntoskrnl.exe, hal.dll and the boot
 * drivers from the loader's module array, then the images MmLoadSystemImage maps at run time
 * (sysload.c). Each module is reopened through the shared PE library at the address it runs
 * at, so export lookups, import checks and stack walks read the same headers the loader or
 * MmLoadSystemImage wrote.
 *
 * Locking. Writers (load and unload, PASSIVE_LEVEL) are serialised by MiSystemLoadLock, a
 * mutex held across a whole load so dependencies, reference counts and DllInitialize see
 * one consistent list. Readers take no lock: the bugcheck stack trace, exception dispatch
 * (RtlLookupFunctionEntry) and the page-fault stop-code choice look modules up at any IRQL,
 * on a processor that may have crashed while holding anything. So the list is published
 * like an RCU list: an entry is fully built before a single pointer store (with a full
 * barrier) links it in, unlinking swings one Flink, and readers only ever follow Flink. A
 * reader counts itself in MiModuleListReaders for the length of its walk, at DISPATCH_LEVEL
 * at least so it cannot be preempted; the writer frees an unlinked entry only after that
 * count has drained, so no walk ever reads freed memory. A module returned by a lookup stays
 * valid while the image is loaded: callers look up addresses of code that can run, or hold
 * MiSystemLoadLock or a reference.
 */
#include "ntos.h"

#define MI_MAX_BOOT_MODULES 64

LIST_ENTRY MiLoadedModuleList = {&MiLoadedModuleList, &MiLoadedModuleList};
KMUTEX MiSystemLoadLock;
static volatile LONG MiModuleListReaders;
static KLDR_MODULE MiBootModules[MI_MAX_BOOT_MODULES];
static ULONG MiNextLoadOrderIndex;

/* Boot images are found as \EFI\BASALT\x (kernel, HAL) or \EFI\BASALT\System32\drivers\x:
 * the contract's \SystemRoot is \EFI\BASALT, and the kernel names them so. */
static VOID
MiSetFullName(PCHAR FullName, SIZE_T Capacity, PCSTR LoaderName)
{
    static const CHAR BootDirectory[] = "\\EFI\\BASALT\\";
    SIZE_T I;

    for (I = 0; I + 1 < sizeof(BootDirectory); I++)
    {
        if (RtlUpperChar(LoaderName[I]) != RtlUpperChar(BootDirectory[I]))
            break;
    }
    if (I + 1 == sizeof(BootDirectory))
        RtlStringCbPrintfA(FullName, Capacity, "\\SystemRoot\\%s",
                           LoaderName + sizeof(BootDirectory) - 1);
    else
        RtlStringCbCopyA(FullName, Capacity, LoaderName);
}

VOID
MiInitializeLoadedModules(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
    const LOADER_MODULE *Loader;
    PKLDR_MODULE Module;
    PE_STATUS Status;
    ULONG I;

    KeInitializeMutex(&MiSystemLoadLock, 0);
    for (I = 0; I < LoaderBlock->ModuleCount && I < MI_MAX_BOOT_MODULES; I++)
    {
        Loader = &LoaderBlock->Modules[I];
        Module = &MiBootModules[I];
        Status = PeOpenView((PVOID)(ULONG_PTR)Loader->DllBase, Loader->SizeOfImage, Loader->DllBase,
                            &Module->View);
        if (Status != PE_OK)
            KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, I, Status, Loader->DllBase, 0);
        Module->Data = *Loader;
        Module->Data.BaseDllName[LOADER_MAX_NAME - 1] = '\0';
        Module->Data.FullDllName[sizeof(Module->Data.FullDllName) - 1] = '\0';
        MiSetFullName(Module->Data.FullDllName, sizeof(Module->Data.FullDllName),
                      Loader->FullDllName);
        Module->Loader = &Module->Data;
        Module->LoadCount = 1;
        MiInsertLoadedModule(Module);
    }
}

/* Link a fully built module at the tail. Caller holds MiSystemLoadLock (or is phase 0). */
VOID
MiInsertLoadedModule(PKLDR_MODULE Module)
{
    PLIST_ENTRY Tail = MiLoadedModuleList.Blink;

    Module->LoadOrderIndex = MiNextLoadOrderIndex++;
    Module->InLoadOrderLinks.Flink = &MiLoadedModuleList;
    Module->InLoadOrderLinks.Blink = Tail;
    InterlockedExchangePointer((PVOID volatile *)&Tail->Flink, &Module->InLoadOrderLinks);
    MiLoadedModuleList.Blink = &Module->InLoadOrderLinks;
}

/* Unlink a module and wait until no reader can still be on it; then the caller may free it.
 * Caller holds MiSystemLoadLock, at PASSIVE_LEVEL. */
VOID
MiRemoveLoadedModule(PKLDR_MODULE Module)
{
    PLIST_ENTRY Previous = Module->InLoadOrderLinks.Blink, Next = Module->InLoadOrderLinks.Flink;

    InterlockedExchangePointer((PVOID volatile *)&Previous->Flink, Next);
    Next->Blink = Previous;
    while (InterlockedCompareExchange(&MiModuleListReaders, 0, 0) != 0)
        YieldProcessor();
}

KIRQL
MiBeginModuleListRead(VOID)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql < DISPATCH_LEVEL)
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
    InterlockedIncrement(&MiModuleListReaders);
    return Irql;
}

VOID
MiEndModuleListRead(KIRQL Irql)
{
    InterlockedDecrement(&MiModuleListReaders);
    if (Irql < DISPATCH_LEVEL)
        KeLowerIrql(Irql);
}

/* The next module after Link (the list head to start), or NULL at the end. */
static PKLDR_MODULE
MiNextModule(PLIST_ENTRY Link)
{
    PLIST_ENTRY Next = *(PLIST_ENTRY volatile *)&Link->Flink;

    return Next == &MiLoadedModuleList ? NULL
                                       : CONTAINING_RECORD(Next, KLDR_MODULE, InLoadOrderLinks);
}

ULONG
MmLoadedModuleCount(VOID)
{
    KIRQL Irql = MiBeginModuleListRead();
    PKLDR_MODULE Module;
    ULONG Count = 0;

    for (Module = MiNextModule(&MiLoadedModuleList); Module != NULL;
         Module = MiNextModule(&Module->InLoadOrderLinks))
        Count++;
    MiEndModuleListRead(Irql);
    return Count;
}

/* The Index-th module in load order; an unload shifts the ones after it. */
PKLDR_MODULE
MmLoadedModule(ULONG Index)
{
    KIRQL Irql = MiBeginModuleListRead();
    PKLDR_MODULE Module;

    for (Module = MiNextModule(&MiLoadedModuleList); Module != NULL && Index != 0;
         Module = MiNextModule(&Module->InLoadOrderLinks))
        Index--;
    MiEndModuleListRead(Irql);
    return Module;
}

PKLDR_MODULE
MmFindModuleByAddress(ULONG64 Address)
{
    KIRQL Irql = MiBeginModuleListRead();
    PKLDR_MODULE Module;

    for (Module = MiNextModule(&MiLoadedModuleList); Module != NULL;
         Module = MiNextModule(&Module->InLoadOrderLinks))
    {
        if (Address >= Module->View.LoadBase && Address - Module->View.LoadBase < Module->View.Size)
            break;
    }
    MiEndModuleListRead(Irql);
    return Module;
}

PKLDR_MODULE
MmFindModuleByName(PCSTR Name, SIZE_T NameLength)
{
    KIRQL Irql = MiBeginModuleListRead();
    PKLDR_MODULE Module;

    for (Module = MiNextModule(&MiLoadedModuleList); Module != NULL;
         Module = MiNextModule(&Module->InLoadOrderLinks))
    {
        if (PeModuleNameMatches(Module->Loader->BaseDllName, Name, NameLength))
            break;
    }
    MiEndModuleListRead(Irql);
    return Module;
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
