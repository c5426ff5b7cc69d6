/* SPDX-License-Identifier: MIT */
/*
 * The firmware memory map: identity-mapping it for the handoff, exiting boot services with a
 * current map key, and converting the final map into NT memory descriptors.
 */
#include "loader.h"

/* Room for descriptors the map grows by between sizing it and ExitBootServices. */
#define MAP_SLACK_DESCRIPTORS 32

static EFI_MEMORY_DESCRIPTOR *
NextDescriptor(EFI_MEMORY_DESCRIPTOR *Descriptor, UINTN DescriptorSize)
{
    return (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)Descriptor + DescriptorSize);
}

static TYPE_OF_MEMORY
ConvertType(UINT32 EfiType)
{
    if (EfiType >= LDR_EFI_OS_TYPE_BASE && EfiType - LDR_EFI_OS_TYPE_BASE < LoaderMaximum)
        return (TYPE_OF_MEMORY)(EfiType - LDR_EFI_OS_TYPE_BASE);
    switch (EfiType)
    {
        case EfiConventionalMemory:
            return LoaderFree;
        case EfiLoaderCode:
            return LoaderLoadedProgram;
        case EfiLoaderData:
            return LoaderOsloaderHeap;
        case EfiBootServicesCode:
        case EfiBootServicesData:
            return LoaderFirmwareTemporary;
        case EfiUnusableMemory:
            return LoaderBad;
        case EfiACPIReclaimMemory:
        case EfiACPIMemoryNVS:
        case EfiRuntimeServicesCode:
        case EfiRuntimeServicesData:
            return LoaderFirmwarePermanent;
        default:
            return LoaderSpecialMemory;
    }
}

/* RAM the kernel may touch through the identity map. Image pages are excluded: the kernel
 * reaches them only through their W^X kernel-half mapping. */
static BOOLEAN
IdentityMapped(UINT32 EfiType, UINT32 *Access)
{
    TYPE_OF_MEMORY Type = ConvertType(EfiType);

    *Access = LDR_MAP_WRITE;
    if (EfiType == EfiLoaderCode)
    {
        /* The handoff code runs from here for a few instructions after CR3 is switched. */
        *Access = LDR_MAP_EXECUTE;
        return TRUE;
    }
    if (Type == LoaderSystemCode || Type == LoaderHalCode || Type == LoaderBootDriver)
        return FALSE;
    return Type != LoaderSpecialMemory && Type != LoaderBad;
}

/* Page 0 stays unmapped so that NULL-pointer accesses in the kernel fault. */
static EFI_STATUS
IdentityMapRun(UINT64 Base, UINT64 Pages, UINT32 Access)
{
    if (Base == 0 && Pages > 0)
    {
        Base = EFI_PAGE_SIZE;
        Pages--;
    }
    return Pages > 0 ? LdrMapRange(Base, Base, Pages, Access) : EFI_SUCCESS;
}

EFI_STATUS
LdrIdentityMapMemory(void)
{
    EFI_MEMORY_DESCRIPTOR *Map, *Descriptor;
    UINTN Entries, Key, DescriptorSize, I;
    UINT32 Version, Access;
    EFI_STATUS Status = EFI_SUCCESS;

    Map = LibMemoryMap(&Entries, &Key, &DescriptorSize, &Version);
    if (Map == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"cannot read the memory map");
    Descriptor = Map;
    for (I = 0; I < Entries && !EFI_ERROR(Status); I++)
    {
        if (IdentityMapped(Descriptor->Type, &Access))
            Status = IdentityMapRun(Descriptor->PhysicalStart, Descriptor->NumberOfPages, Access);
        Descriptor = NextDescriptor(Descriptor, DescriptorSize);
    }
    FreePool(Map);
    return Status;
}

/* Sort by base (insertion sort: maps are short and nearly sorted) and merge neighbours. */
static UINT32
SortAndMerge(MEMORY_ALLOCATION_DESCRIPTOR *Out, UINT32 Count)
{
    MEMORY_ALLOCATION_DESCRIPTOR Key;
    UINT32 I, J, Merged = 0;

    for (I = 1; I < Count; I++)
    {
        Key = Out[I];
        for (J = I; J > 0 && Out[J - 1].BasePage > Key.BasePage; J--)
            Out[J] = Out[J - 1];
        Out[J] = Key;
    }
    for (I = 0; I < Count; I++)
    {
        if (Merged > 0 && Out[Merged - 1].MemoryType == Out[I].MemoryType &&
            Out[Merged - 1].BasePage + Out[Merged - 1].PageCount == Out[I].BasePage)
            Out[Merged - 1].PageCount += Out[I].PageCount;
        else
            Out[Merged++] = Out[I];
    }
    return Merged;
}

static UINT32
ConvertMap(EFI_MEMORY_DESCRIPTOR *Map, UINTN MapSize, UINTN DescriptorSize,
           MEMORY_ALLOCATION_DESCRIPTOR *Out, UINT32 Capacity)
{
    EFI_MEMORY_DESCRIPTOR *Descriptor = Map;
    UINT32 Count = 0;
    UINTN I;

    for (I = 0; I < MapSize / DescriptorSize && Count < Capacity; I++)
    {
        Out[Count].MemoryType = ConvertType(Descriptor->Type);
        Out[Count].Reserved = 0;
        Out[Count].BasePage = Descriptor->PhysicalStart / EFI_PAGE_SIZE;
        Out[Count].PageCount = Descriptor->NumberOfPages;
        Count++;
        Descriptor = NextDescriptor(Descriptor, DescriptorSize);
    }
    return SortAndMerge(Out, Count);
}

/*
 * ExitBootServices needs the key of the current map; any allocation in between invalidates
 * it, so every buffer is allocated first and a stale key is answered by re-reading the map
 * into the same buffer. No boot services may be used once this succeeds.
 */
EFI_STATUS
LdrExitBootServices(EFI_HANDLE ImageHandle, LOADER_PARAMETER_BLOCK *Block)
{
    UINTN MapSize = 0, Capacity, Key, DescriptorSize, Attempt;
    EFI_MEMORY_DESCRIPTOR *Map;
    MEMORY_ALLOCATION_DESCRIPTOR *Out;
    UINT32 Version;
    EFI_STATUS Status;

    uefi_call_wrapper(BS->GetMemoryMap, 5, &MapSize, NULL, &Key, &DescriptorSize, &Version);
    Capacity = MapSize / sizeof(EFI_MEMORY_DESCRIPTOR) + MAP_SLACK_DESCRIPTORS;
    Map = LdrAllocateZeroed(Capacity * (DescriptorSize + 16), LoaderOsloaderHeap);
    Out = LdrAllocateZeroed(Capacity * sizeof(*Out), LoaderMemoryData);
    if (Map == NULL || Out == NULL)
        return LdrFail(EFI_OUT_OF_RESOURCES, L"no memory for the memory map");

    for (Attempt = 0; Attempt < 8; Attempt++)
    {
        MapSize = Capacity * (DescriptorSize + 16);
        Status =
            uefi_call_wrapper(BS->GetMemoryMap, 5, &MapSize, Map, &Key, &DescriptorSize, &Version);
        if (EFI_ERROR(Status))
            return LdrFail(Status, L"GetMemoryMap failed");
        Status = uefi_call_wrapper(BS->ExitBootServices, 2, ImageHandle, Key);
        if (Status == EFI_SUCCESS)
        {
            Block->MemoryDescriptors = Out;
            Block->MemoryDescriptorCount =
                ConvertMap(Map, MapSize, DescriptorSize, Out, (UINT32)Capacity);
            return EFI_SUCCESS;
        }
        if (Status != EFI_INVALID_PARAMETER)
            break;
    }
    return LdrFail(Status, L"ExitBootServices failed");
}
