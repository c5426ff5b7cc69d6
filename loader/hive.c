/* SPDX-License-Identifier: MIT */
/*
 * The SYSTEM hive: read once from the ESP, asked for its boot-start drivers (lib/regf's
 * RegfBootDrivers, the order NT uses; docs/boot-config.md), then copied unchanged into
 * LoaderRegistryData pages for the kernel. A hive the reader rejects means no boot drivers;
 * the kernel rejects it too and starts with an empty SYSTEM key.
 */
#include "loader.h"

#include "regfboot.h"

_Static_assert(REGF_BOOT_NAME_CHARS == LOADER_MAX_NAME, "boot driver names fit the loader block");

static void *HiveData;
static UINTN HiveSize;

EFI_STATUS
LdrReadSystemHive(void)
{
    EFI_STATUS Status = LdrReadOptionalFile(LDR_SYSTEM_HIVE, &HiveData, &HiveSize);

    if (Status == EFI_NOT_FOUND)
    {
        LdrPrint(L"Basalt loader: no SYSTEM hive; no boot drivers, the registry starts empty\n");
        return EFI_SUCCESS;
    }
    return Status;
}

static void
PrintBootDrivers(const REGF_BOOT_LIST *List)
{
    UINTN I;

    LdrPrint(L"Basalt loader: boot drivers of ControlSet%03d:", (UINTN)List->ControlSet);
    for (I = 0; I < List->Count; I++)
        LdrPrint(L" %a", List->Drivers[I].Problem == REGF_BOOT_OK ? List->Drivers[I].FileName
                                                                  : List->Drivers[I].ServiceName);
    LdrPrint(List->Count == 0 ? L" none\n" : L"\n");
}

/* The boot-start services of the hive's current control set, in load order. Only more
 * critical services than the loader can take is an error; a hive it cannot use gives none. */
EFI_STATUS
LdrSystemHiveBootDrivers(REGF_BOOT_LIST *List)
{
    REGF_HIVE Hive;
    REGF_STATUS Status;

    SetMem(List, sizeof(*List), 0);
    if (HiveData == NULL)
        return EFI_SUCCESS;
    Status = RegfOpenHive(&Hive, HiveData, HiveSize);
    if (Status == REGF_OK)
        Status = RegfBootDrivers(&Hive, List);
    if (Status == REGF_E_NOT_FOUND)
        LdrPrint(L"Basalt loader: SYSTEM hive: Select\\Current names no control set; "
                 L"no boot drivers\n");
    else if (Status != REGF_OK)
        LdrPrint(L"Basalt loader: SYSTEM hive: %a; no boot drivers\n", RegfStatusText(Status));
    if (Status != REGF_OK)
    {
        SetMem(List, sizeof(*List), 0);
        return EFI_SUCCESS;
    }
    PrintBootDrivers(List);
    if (List->OmittedCritical != 0)
        return LdrFail(EFI_UNSUPPORTED,
                       L"SYSTEM hive: %d more boot-start services than the %d the loader "
                       L"takes, %d of them critical",
                       (UINTN)List->Omitted, (UINTN)REGF_BOOT_MAX_DRIVERS,
                       (UINTN)List->OmittedCritical);
    if (List->Omitted != 0)
        LdrPrint(L"Basalt loader: SYSTEM hive: %d more boot-start services than the %d the "
                 L"loader takes; the last in load order are skipped\n",
                 (UINTN)List->Omitted, (UINTN)REGF_BOOT_MAX_DRIVERS);
    return EFI_SUCCESS;
}

/* Hand the hive to the kernel in LoaderRegistryData pages (NT's loader does the same). */
EFI_STATUS
LdrCopySystemHive(LOADER_PARAMETER_BLOCK *Block)
{
    EFI_PHYSICAL_ADDRESS Pages;
    EFI_STATUS Status;

    if (HiveData == NULL || HiveSize == 0 || HiveSize > 0xFFFFFFFFu)
        return EFI_SUCCESS;
    Status = LdrAllocatePages(EFI_SIZE_TO_PAGES(HiveSize), LoaderRegistryData, &Pages);
    if (EFI_ERROR(Status))
        return LdrFail(Status, L"no memory for the SYSTEM hive (%d bytes)", HiveSize);
    CopyMem((void *)(UINTN)Pages, HiveData, HiveSize);
    Block->RegistryBase = Pages;
    Block->RegistryLength = (UINT32)HiveSize;
    LdrFreeFile(HiveData);
    HiveData = NULL;
    return EFI_SUCCESS;
}
