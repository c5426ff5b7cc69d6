/* SPDX-License-Identifier: MIT */
/*
 * IoAllocateMdl and IoFreeMdl: an MDL with room for the frames of the whole range, from
 * nonpaged pool, optionally hung on an IRP (as its MdlAddress, or at the end of its chain
 * for a secondary buffer). The frames are filled in later by MmBuildMdlForNonPagedPool or
 * MmProbeAndLockPages. IoBuildPartialMdl describes part of a locked MDL's range in another
 * MDL: the same frames, and the source's system mapping if it has one.
 */
#include "ntos.h"

#define IOP_MDL_TAG 0x206C644D                      /* "Mdl " */
#define IOP_DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4 /* NT's stop code; mingw-w64 lacks it */
#define IOP_MAX_MDL_LENGTH (MAXULONG - PAGE_SIZE)   /* the span must fit ByteCount */

PMDL NTAPI
IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
              PIRP Irp)
{
    SIZE_T Size;
    PMDL Mdl, *Link;

    UNREFERENCED_PARAMETER(ChargeQuota); /* no process quotas yet */
    if (Length == 0 || Length > IOP_MAX_MDL_LENGTH)
        return NULL;
    Size = MmSizeOfMdl(VirtualAddress, Length);
    Mdl = ExAllocatePoolWithTag(NonPagedPoolNx, Size, IOP_MDL_TAG);
    if (Mdl == NULL)
        return NULL;
    MmInitializeMdl(Mdl, VirtualAddress, Length);
    if (Irp != NULL)
    {
        if (!SecondaryBuffer)
        {
            Irp->MdlAddress = Mdl;
        }
        else
        {
            for (Link = &Irp->MdlAddress; *Link != NULL; Link = &(*Link)->Next)
                ;
            *Link = Mdl;
        }
    }
    return Mdl;
}

/* A partial MDL's own mapping goes with it, as NT documents; any other mapping is a leak. */
VOID NTAPI
IoFreeMdl(PMDL Mdl)
{
    if (Mdl->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED)
        MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
    else if ((Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL)) == MDL_MAPPED_TO_SYSTEM_VA)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x106, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    ExFreePoolWithTag(Mdl, IOP_MDL_TAG);
}

/*
 * TargetMdl describes Length bytes at VirtualAddress (to the end of the source if Length is
 * 0), which must lie inside SourceMdl's range; TargetMdl must have room for their frames. It
 * shares a system mapping the source has; otherwise MmGetSystemAddressForMdlSafe maps it,
 * and that mapping is the partial MDL's own (MDL_PARTIAL_HAS_BEEN_MAPPED). A range outside
 * the source would copy frames that are not the buffer's: that stops the machine.
 */
VOID NTAPI
IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl, PVOID VirtualAddress, ULONG Length)
{
    const CSHORT Inherited = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA |
                             MDL_IO_PAGE_READ | MDL_IO_SPACE | MDL_WRITE_OPERATION;
    ULONG_PTR Source = (ULONG_PTR)MmGetMdlVirtualAddress(SourceMdl);
    ULONG_PTR Offset = (ULONG_PTR)VirtualAddress - Source;
    PPFN_NUMBER From = MmGetMdlPfnArray(SourceMdl), To = MmGetMdlPfnArray(TargetMdl);
    ULONG Pages;

    if (Length == 0)
        Length = Offset < SourceMdl->ByteCount ? (ULONG)(SourceMdl->ByteCount - Offset) : 0;
    if ((ULONG_PTR)VirtualAddress < Source || Offset >= SourceMdl->ByteCount ||
        Length > SourceMdl->ByteCount - Offset)
        KeBugCheckEx(IOP_DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1000, (ULONG_PTR)SourceMdl,
                     (ULONG_PTR)VirtualAddress, Length);
    Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(VirtualAddress, Length);
    From += ((ULONG_PTR)PAGE_ALIGN(VirtualAddress) - (ULONG_PTR)SourceMdl->StartVa) >> PAGE_SHIFT;
    TargetMdl->StartVa = PAGE_ALIGN(VirtualAddress);
    TargetMdl->ByteOffset = BYTE_OFFSET(VirtualAddress);
    TargetMdl->ByteCount = Length;
    TargetMdl->Process = SourceMdl->Process;
    TargetMdl->MdlFlags = (CSHORT)((TargetMdl->MdlFlags & MDL_ALLOCATED_FIXED_SIZE) |
                                   (SourceMdl->MdlFlags & Inherited) | MDL_PARTIAL);
    if (SourceMdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
        TargetMdl->MappedSystemVa = (PUCHAR)SourceMdl->MappedSystemVa + Offset;
    else
        TargetMdl->MappedSystemVa = NULL;
    RtlCopyMemory(To, From, Pages * sizeof(PFN_NUMBER));
}
