/* SPDX-License-Identifier: MIT */
/*
 * hal.dll exports that Basalt does not implement. mingw-w64's libhal.a names them, so a
 * driver linked against it binds; calling one fails loudly: the first call of each prints
 * "HAL: <Name> is not implemented" and every call returns the failure its Windows signature
 * implies (STATUS_NOT_IMPLEMENTED, FALSE, NULL, or 0 where 0 means failure).
 */
#ifndef BASALT_NOTIMPL_H
#define BASALT_NOTIMPL_H

#include "halp.h"

VOID HalpReportNotImplemented(PCSTR Name, volatile LONG *Reported);

/* Names the routine once per boot; callable at any IRQL. */
#define HALP_NOT_IMPLEMENTED(Name)                      \
    do                                                  \
    {                                                   \
        static volatile LONG HalpReported;              \
        HalpReportNotImplemented(#Name, &HalpReported); \
    } while (0)

/* For names the DDK headers make unusable for a definition (inline in wdm.h, or dllimport from
 * ntoskrnl.exe): the stub has a Halp C name and gets its export name as an assembler label. */
#define HALP_EXPORT_AS(Name) __asm__(#Name)

/* wdm.h defines these as inline wrappers over the adapter's DMA_OPERATIONS: hal.dll exports
 * them under these names (the common-buffer pair is hal/haldma.c's, the rest nidma.c's), and
 * an adapter's DMA_OPERATIONS points at the same routines. */
PVOID NTAPI HalpAllocateCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length,
                                     PPHYSICAL_ADDRESS LogicalAddress, BOOLEAN CacheEnabled)
    HALP_EXPORT_AS(HalAllocateCommonBuffer);
VOID NTAPI HalpFreeCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length,
                                PHYSICAL_ADDRESS LogicalAddress, PVOID VirtualAddress,
                                BOOLEAN CacheEnabled) HALP_EXPORT_AS(HalFreeCommonBuffer);
ULONG NTAPI HalpStubReadDmaCounter(PADAPTER_OBJECT AdapterObject) HALP_EXPORT_AS(HalReadDmaCounter);
BOOLEAN NTAPI HalpStubFlushAdapterBuffers(PADAPTER_OBJECT AdapterObject, PMDL Mdl,
                                          PVOID MapRegisterBase, PVOID CurrentVa, ULONG Length,
                                          BOOLEAN WriteToDevice)
    HALP_EXPORT_AS(IoFlushAdapterBuffers);
VOID NTAPI HalpStubFreeAdapterChannel(PADAPTER_OBJECT AdapterObject)
    HALP_EXPORT_AS(IoFreeAdapterChannel);
VOID NTAPI HalpStubFreeMapRegisters(PADAPTER_OBJECT AdapterObject, PVOID MapRegisterBase,
                                    ULONG NumberOfMapRegisters) HALP_EXPORT_AS(IoFreeMapRegisters);
PHYSICAL_ADDRESS NTAPI HalpStubMapTransfer(PADAPTER_OBJECT AdapterObject, PMDL Mdl,
                                           PVOID MapRegisterBase, PVOID CurrentVa, PULONG Length,
                                           BOOLEAN WriteToDevice) HALP_EXPORT_AS(IoMapTransfer);

/* ARC firmware status of the Hal*EnvironmentVariable routines (ReactOS arc.h values). */
typedef ULONG ARC_STATUS;
#define HALP_ARC_ENODEV 13 /* no such device: there is no firmware variable store */

#endif
