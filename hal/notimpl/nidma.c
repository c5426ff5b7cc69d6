/* SPDX-License-Identifier: MIT */
/*
 * Not implemented (notimpl.h): map registers and adapter channels (hal/haldma.c hands out
 * adapters for common buffers only), resource assignment, and the x86-era partition and
 * drive-letter routines that x64 Windows' hal.dll still exports.
 */
#include "notimpl.h"

/* ntddk.h declares the partition routines dllimport from ntoskrnl.exe: HALP_EXPORT_AS names
 * them (notimpl.h declares the DMA ones). */
NTSTATUS FASTCALL HalpStubReadPartitionTable(PDEVICE_OBJECT DeviceObject, ULONG SectorSize,
                                             BOOLEAN ReturnRecognizedPartitions,
                                             struct _DRIVE_LAYOUT_INFORMATION **PartitionBuffer)
    HALP_EXPORT_AS(IoReadPartitionTable);
NTSTATUS FASTCALL HalpStubSetPartitionInformation(PDEVICE_OBJECT DeviceObject, ULONG SectorSize,
                                                  ULONG PartitionNumber, ULONG PartitionType)
    HALP_EXPORT_AS(IoSetPartitionInformation);
NTSTATUS FASTCALL HalpStubWritePartitionTable(PDEVICE_OBJECT DeviceObject, ULONG SectorSize,
                                              ULONG SectorsPerTrack, ULONG NumberOfHeads,
                                              struct _DRIVE_LAYOUT_INFORMATION *PartitionBuffer)
    HALP_EXPORT_AS(IoWritePartitionTable);

/* 0 bytes left to transfer: no transfer can have been started. */
ULONG NTAPI
HalpStubReadDmaCounter(PADAPTER_OBJECT AdapterObject)
{
    HALP_NOT_IMPLEMENTED(HalReadDmaCounter);
    return 0;
}

BOOLEAN NTAPI
HalpStubFlushAdapterBuffers(PADAPTER_OBJECT AdapterObject, PMDL Mdl, PVOID MapRegisterBase,
                            PVOID CurrentVa, ULONG Length, BOOLEAN WriteToDevice)
{
    HALP_NOT_IMPLEMENTED(IoFlushAdapterBuffers);
    return FALSE;
}

VOID NTAPI
HalpStubFreeAdapterChannel(PADAPTER_OBJECT AdapterObject)
{
    HALP_NOT_IMPLEMENTED(IoFreeAdapterChannel);
}

VOID NTAPI
HalpStubFreeMapRegisters(PADAPTER_OBJECT AdapterObject, PVOID MapRegisterBase,
                         ULONG NumberOfMapRegisters)
{
    HALP_NOT_IMPLEMENTED(IoFreeMapRegisters);
}

/* Logical address 0: nothing was mapped. */
PHYSICAL_ADDRESS NTAPI
HalpStubMapTransfer(PADAPTER_OBJECT AdapterObject, PMDL Mdl, PVOID MapRegisterBase, PVOID CurrentVa,
                    PULONG Length, BOOLEAN WriteToDevice)
{
    PHYSICAL_ADDRESS None = {.QuadPart = 0};

    HALP_NOT_IMPLEMENTED(IoMapTransfer);
    return None;
}

NTSTATUS NTAPI
HalAllocateAdapterChannel(PADAPTER_OBJECT AdapterObject, PWAIT_CONTEXT_BLOCK Wcb,
                          ULONG NumberOfMapRegisters, PDRIVER_CONTROL ExecutionRoutine)
{
    HALP_NOT_IMPLEMENTED(HalAllocateAdapterChannel);
    return STATUS_NOT_IMPLEMENTED;
}

PVOID NTAPI
HalAllocateCrashDumpRegisters(PADAPTER_OBJECT AdapterObject, PULONG NumberOfMapRegisters)
{
    HALP_NOT_IMPLEMENTED(HalAllocateCrashDumpRegisters);
    return NULL;
}

BOOLEAN NTAPI
HalFlushCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length, PHYSICAL_ADDRESS LogicalAddress,
                     PVOID VirtualAddress)
{
    HALP_NOT_IMPLEMENTED(HalFlushCommonBuffer);
    return FALSE;
}

NTSTATUS NTAPI
HalAdjustResourceList(PIO_RESOURCE_REQUIREMENTS_LIST *ResourceList)
{
    HALP_NOT_IMPLEMENTED(HalAdjustResourceList);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalAssignSlotResources(PUNICODE_STRING RegistryPath, PUNICODE_STRING DriverClassName,
                       PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT DeviceObject,
                       INTERFACE_TYPE BusType, ULONG BusNumber, ULONG SlotNumber,
                       PCM_RESOURCE_LIST *AllocatedResources)
{
    HALP_NOT_IMPLEMENTED(HalAssignSlotResources);
    return STATUS_NOT_IMPLEMENTED;
}

BOOLEAN NTAPI
HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber, PHYSICAL_ADDRESS BusAddress,
                       PULONG AddressSpace, PPHYSICAL_ADDRESS TranslatedAddress)
{
    HALP_NOT_IMPLEMENTED(HalTranslateBusAddress);
    return FALSE;
}

NTSTATUS FASTCALL
HalpStubReadPartitionTable(PDEVICE_OBJECT DeviceObject, ULONG SectorSize,
                           BOOLEAN ReturnRecognizedPartitions,
                           struct _DRIVE_LAYOUT_INFORMATION **PartitionBuffer)
{
    HALP_NOT_IMPLEMENTED(IoReadPartitionTable);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS FASTCALL
HalpStubSetPartitionInformation(PDEVICE_OBJECT DeviceObject, ULONG SectorSize,
                                ULONG PartitionNumber, ULONG PartitionType)
{
    HALP_NOT_IMPLEMENTED(IoSetPartitionInformation);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS FASTCALL
HalpStubWritePartitionTable(PDEVICE_OBJECT DeviceObject, ULONG SectorSize, ULONG SectorsPerTrack,
                            ULONG NumberOfHeads, struct _DRIVE_LAYOUT_INFORMATION *PartitionBuffer)
{
    HALP_NOT_IMPLEMENTED(IoWritePartitionTable);
    return STATUS_NOT_IMPLEMENTED;
}

/* Not in the DDK headers; the x86 Windows prototype (ReactOS declares the same). */
VOID FASTCALL
IoAssignDriveLetters(struct _LOADER_PARAMETER_BLOCK *LoaderBlock, PSTRING NtDeviceName,
                     PUCHAR NtSystemPath, PSTRING NtSystemPathString)
{
    HALP_NOT_IMPLEMENTED(IoAssignDriveLetters);
}
