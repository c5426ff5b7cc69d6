/* SPDX-License-Identifier: MIT */
/*
 * DMA adapters (HalGetAdapter, which IoGetDmaAdapter calls) for bus-master devices sharing
 * memory with the processor through common buffers. Basalt has no IOMMU, so a device's
 * logical address is the physical address; what an adapter adds is the highest address its
 * device can reach, which bounds where a common buffer may be placed: 64-bit masters reach
 * everything, 32-bit ones the first 4 GiB, and the rest (ISA-style, or a master claiming
 * neither) the first 16 MiB, as on Windows.
 *
 * Map registers, adapter channels and scatter/gather lists are not implemented: those
 * DMA_OPERATIONS fail loudly (notimpl.h) with STATUS_NOT_IMPLEMENTED or their
 * signature's failure value. x86 DMA is cache-coherent; CacheEnabled FALSE still gets
 * uncached memory, as the driver asked.
 */
#include "halp.h"
#include "notimpl/notimpl.h"

#define HALP_ADAPTER_TAG 0x70646148 /* "Hadp" */
#define HALP_MAX_MAP_REGISTERS 256
#define HALP_16MB_LIMIT 0xFFFFFFull
#define HALP_4GB_LIMIT 0xFFFFFFFFull

typedef struct _HALP_ADAPTER
{
    DMA_ADAPTER Adapter; /* first: a PDMA_ADAPTER is a PHALP_ADAPTER */
    PHYSICAL_ADDRESS HighestAddress;
} HALP_ADAPTER, *PHALP_ADAPTER;

static VOID NTAPI
HalpPutDmaAdapter(PDMA_ADAPTER DmaAdapter)
{
    ExFreePoolWithTag(DmaAdapter, HALP_ADAPTER_TAG);
}

/* NULL when Length is 0 or no suitable contiguous memory is free. */
PVOID NTAPI
HalpAllocateCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length,
                         PPHYSICAL_ADDRESS LogicalAddress, BOOLEAN CacheEnabled)
{
    PHALP_ADAPTER Adapter = (PHALP_ADAPTER)AdapterObject;
    PHYSICAL_ADDRESS Lowest = {.QuadPart = 0}, Boundary = {.QuadPart = 0};
    PVOID Buffer;

    LogicalAddress->QuadPart = 0;
    if (Adapter == NULL || Length == 0)
        return NULL;
    Buffer = MmAllocateContiguousMemorySpecifyCache(
        Length, Lowest, Adapter->HighestAddress, Boundary, CacheEnabled ? MmCached : MmNonCached);
    if (Buffer != NULL)
        *LogicalAddress = MmGetPhysicalAddress(Buffer);
    return Buffer;
}

VOID NTAPI
HalpFreeCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length, PHYSICAL_ADDRESS LogicalAddress,
                     PVOID VirtualAddress, BOOLEAN CacheEnabled)
{
    UNREFERENCED_PARAMETER(AdapterObject);
    UNREFERENCED_PARAMETER(LogicalAddress);
    MmFreeContiguousMemorySpecifyCache(VirtualAddress, Length,
                                       CacheEnabled ? MmCached : MmNonCached);
}

/* Buffers need no alignment beyond a byte: nothing but the processor's caches sits between
 * the device and memory, and those are coherent. */
static ULONG NTAPI
HalpGetDmaAlignment(PDMA_ADAPTER DmaAdapter)
{
    UNREFERENCED_PARAMETER(DmaAdapter);
    return 1;
}

static NTSTATUS NTAPI
HalpAllocateAdapterChannel(PDMA_ADAPTER DmaAdapter, PDEVICE_OBJECT DeviceObject,
                           ULONG NumberOfMapRegisters, PDRIVER_CONTROL ExecutionRoutine,
                           PVOID Context)
{
    HALP_NOT_IMPLEMENTED(AllocateAdapterChannel);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI
HalpGetScatterGatherList(PDMA_ADAPTER DmaAdapter, PDEVICE_OBJECT DeviceObject, PMDL Mdl,
                         PVOID CurrentVa, ULONG Length, PDRIVER_LIST_CONTROL ExecutionRoutine,
                         PVOID Context, BOOLEAN WriteToDevice)
{
    HALP_NOT_IMPLEMENTED(GetScatterGatherList);
    return STATUS_NOT_IMPLEMENTED;
}

static VOID NTAPI
HalpPutScatterGatherList(PDMA_ADAPTER DmaAdapter, PSCATTER_GATHER_LIST ScatterGather,
                         BOOLEAN WriteToDevice)
{
    HALP_NOT_IMPLEMENTED(PutScatterGatherList);
}

static NTSTATUS NTAPI
HalpCalculateScatterGatherList(PDMA_ADAPTER DmaAdapter, PMDL Mdl, PVOID CurrentVa, ULONG Length,
                               PULONG ScatterGatherListSize, PULONG NumberOfMapRegisters)
{
    HALP_NOT_IMPLEMENTED(CalculateScatterGatherList);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI
HalpBuildScatterGatherList(PDMA_ADAPTER DmaAdapter, PDEVICE_OBJECT DeviceObject, PMDL Mdl,
                           PVOID CurrentVa, ULONG Length, PDRIVER_LIST_CONTROL ExecutionRoutine,
                           PVOID Context, BOOLEAN WriteToDevice, PVOID ScatterGatherBuffer,
                           ULONG ScatterGatherLength)
{
    HALP_NOT_IMPLEMENTED(BuildScatterGatherList);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI
HalpBuildMdlFromScatterGatherList(PDMA_ADAPTER DmaAdapter, PSCATTER_GATHER_LIST ScatterGather,
                                  PMDL OriginalMdl, PMDL *TargetMdl)
{
    HALP_NOT_IMPLEMENTED(BuildMdlFromScatterGatherList);
    return STATUS_NOT_IMPLEMENTED;
}

static DMA_OPERATIONS HalpDmaOperations = {
    .Size = sizeof(DMA_OPERATIONS),
    .PutDmaAdapter = HalpPutDmaAdapter,
    .AllocateCommonBuffer = HalpAllocateCommonBuffer,
    .FreeCommonBuffer = HalpFreeCommonBuffer,
    .AllocateAdapterChannel = HalpAllocateAdapterChannel,
    .FlushAdapterBuffers = HalpStubFlushAdapterBuffers,
    .FreeAdapterChannel = HalpStubFreeAdapterChannel,
    .FreeMapRegisters = HalpStubFreeMapRegisters,
    .MapTransfer = HalpStubMapTransfer,
    .GetDmaAlignment = HalpGetDmaAlignment,
    .ReadDmaCounter = HalpStubReadDmaCounter,
    .GetScatterGatherList = HalpGetScatterGatherList,
    .PutScatterGatherList = HalpPutScatterGatherList,
    .CalculateScatterGatherList = HalpCalculateScatterGatherList,
    .BuildScatterGatherList = HalpBuildScatterGatherList,
    .BuildMdlFromScatterGatherList = HalpBuildMdlFromScatterGatherList,
};

/* NULL for a description this HAL does not understand (a version above 2) or no memory.
 * *NumberOfMapRegisters gets the pages of the largest transfer, plus one for a transfer
 * that does not start on a page boundary. */
PADAPTER_OBJECT NTAPI
HalGetAdapter(PDEVICE_DESCRIPTION DeviceDescription, PULONG NumberOfMapRegisters)
{
    PHALP_ADAPTER Adapter;
    ULONG Registers;

    if (DeviceDescription == NULL || DeviceDescription->Version > DEVICE_DESCRIPTION_VERSION2)
        return NULL;
    Adapter = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Adapter), HALP_ADAPTER_TAG);
    if (Adapter == NULL)
        return NULL;
    RtlZeroMemory(Adapter, sizeof(*Adapter));
    Adapter->Adapter.Version = 1;
    Adapter->Adapter.Size = sizeof(*Adapter);
    Adapter->Adapter.DmaOperations = &HalpDmaOperations;
    Adapter->HighestAddress.QuadPart = HALP_16MB_LIMIT;
    if (DeviceDescription->Master && DeviceDescription->Dma64BitAddresses)
        Adapter->HighestAddress.QuadPart = MAXLONGLONG;
    else if (DeviceDescription->Master && DeviceDescription->Dma32BitAddresses)
        Adapter->HighestAddress.QuadPart = HALP_4GB_LIMIT;
    Registers = BYTES_TO_PAGES(DeviceDescription->MaximumLength) + 1;
    if (NumberOfMapRegisters != NULL)
        *NumberOfMapRegisters =
            Registers < HALP_MAX_MAP_REGISTERS ? Registers : HALP_MAX_MAP_REGISTERS;
    return &Adapter->Adapter;
}
