/* SPDX-License-Identifier: MIT */
/*
 * SystemModuleInformation: the loaded-module list as RTL_PROCESS_MODULES, in load order, as
 * Windows reports it: FullPathName \SystemRoot\..., OffsetToFileName at the base name,
 * LoadOrderIndex the position in the list, InitOrderIndex 0, LoadCount the module's
 * references (1 for boot modules), Flags the loader's LDRP_* bits. Taken under
 * MiSystemLoadLock, so the list cannot change between sizing and filling.
 */
#include "mi.h"

static VOID
MiFillModuleInformation(PKLDR_MODULE Module, USHORT Index, PRTL_PROCESS_MODULE_INFORMATION Info)
{
    PCSTR FullName = Module->Loader->FullDllName;
    SIZE_T Length = strlen(FullName), Start = Length;

    RtlZeroMemory(Info, sizeof(*Info));
    Info->ImageBase = (PVOID)(ULONG_PTR)Module->View.LoadBase;
    Info->MappedBase = Info->ImageBase;
    Info->ImageSize = Module->View.Size;
    Info->Flags = Module->Loader->Flags;
    Info->LoadOrderIndex = Index;
    Info->LoadCount = (USHORT)Module->LoadCount;
    if (Length >= sizeof(Info->FullPathName))
        Length = sizeof(Info->FullPathName) - 1;
    RtlCopyMemory(Info->FullPathName, FullName, Length);
    Start = Length;
    while (Start > 0 && FullName[Start - 1] != '\\')
        Start--;
    Info->OffsetToFileName = (USHORT)Start;
}

/* STATUS_INFO_LENGTH_MISMATCH with the size needed in *ReturnLength when Length is short. */
NTSTATUS
MmQuerySystemModuleInformation(PVOID Buffer, ULONG Length, PULONG ReturnLength)
{
    PRTL_PROCESS_MODULES Modules = Buffer;
    PKLDR_MODULE Module;
    PLIST_ENTRY Link;
    ULONG Count = 0, Needed;
    NTSTATUS Status = STATUS_SUCCESS;

    KeWaitForSingleObject(&MiSystemLoadLock, Executive, KernelMode, FALSE, NULL);
    for (Link = MiLoadedModuleList.Flink; Link != &MiLoadedModuleList; Link = Link->Flink)
        Count++;
    Needed =
        FIELD_OFFSET(RTL_PROCESS_MODULES, Modules) + Count * sizeof(RTL_PROCESS_MODULE_INFORMATION);
    *ReturnLength = Needed;
    if (Length < Needed || Buffer == NULL)
    {
        Status = STATUS_INFO_LENGTH_MISMATCH;
    }
    else
    {
        Modules->NumberOfModules = Count;
        Count = 0;
        for (Link = MiLoadedModuleList.Flink; Link != &MiLoadedModuleList; Link = Link->Flink)
        {
            Module = CONTAINING_RECORD(Link, KLDR_MODULE, InLoadOrderLinks);
            MiFillModuleInformation(Module, (USHORT)Count, &Modules->Modules[Count]);
            Count++;
        }
    }
    KeReleaseMutex(&MiSystemLoadLock, FALSE);
    return Status;
}
