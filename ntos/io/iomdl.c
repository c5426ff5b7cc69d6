/* SPDX-License-Identifier: MIT */
/*
 * IoAllocateMdl and IoFreeMdl: an MDL with room for the frames of the whole range, from
 * nonpaged pool, optionally hung on an IRP (as its MdlAddress, or at the end of its chain
 * for a secondary buffer). The frames are filled in later by MmBuildMdlForNonPagedPool or
 * MmProbeAndLockPages.
 */
#include "ntos.h"

#define IOP_MDL_TAG 0x206C644D                    /* "Mdl " */
#define IOP_MAX_MDL_LENGTH (MAXULONG - PAGE_SIZE) /* the span must fit ByteCount */

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

VOID NTAPI
IoFreeMdl(PMDL Mdl)
{
    if (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x106, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    ExFreePoolWithTag(Mdl, IOP_MDL_TAG);
}
