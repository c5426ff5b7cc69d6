/* SPDX-License-Identifier: MIT */
/*
 * The Mm calls drivers make about their own images and the system: pageable-section locking,
 * the system's size, and the address-space constants the DDK reads as data.
 * Basalt never pages image sections out, so a section a driver locks is resident already and
 * stays so: the lock calls check their argument and count nothing, which is exactly what a
 * lock count would guarantee here. Paging images out would make them real.
 */
#include "mi.h"

/* Windows 10's 128 TiB user half (Windows 7 stopped at 8 TiB). */
PVOID MmHighestUserAddress = (PVOID)0x00007FFFFFFEFFFFull;
PVOID MmSystemRangeStart = (PVOID)0xFFFF800000000000ull;
ULONG64 MmUserProbeAddress = 0x00007FFFFFFF0000ull;
PVOID MmBadPointer = (PVOID)0xFFFFFFFFFFFFFFFFull; /* never mapped */

/* The image whose section holds Address; a driver that names anything else is broken. */
static PVOID
MiImageOf(PVOID Address)
{
    PVOID Base = NULL;

    if (RtlPcToFileHeader(Address, &Base) == NULL)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, 0x210, (ULONG_PTR)Address, 0, 0);
    return Base;
}

/* The handle is the address itself: it only has to come back to the unlock. */
PVOID NTAPI
MmLockPagableDataSection(PVOID AddressWithinSection)
{
    MiImageOf(AddressWithinSection);
    return AddressWithinSection;
}

VOID NTAPI
MmLockPagableSectionByHandle(PVOID ImageSectionHandle)
{
    MiImageOf(ImageSectionHandle);
}

VOID NTAPI
MmUnlockPagableImageSection(PVOID ImageSectionHandle)
{
    MiImageOf(ImageSectionHandle);
}

/* Returns the image's base, as NT does; the image stays resident. */
PVOID NTAPI
MmPageEntireDriver(PVOID AddressWithinSection)
{
    return MiImageOf(AddressWithinSection);
}

VOID NTAPI
MmResetDriverPaging(PVOID AddressWithinSection)
{
    MiImageOf(AddressWithinSection);
}

/* Drivers size caches by this. Basalt's lines: under 32 MiB available is small, under
 * 64 MiB medium, anything more large. */
MM_SYSTEMSIZE NTAPI
MmQuerySystemSize(VOID)
{
    PFN_NUMBER Pages = MiAvailablePages();

    return Pages < (32ull << 20) / PAGE_SIZE   ? MmSmallSystem
           : Pages < (64ull << 20) / PAGE_SIZE ? MmMediumSystem
                                               : MmLargeSystem;
}

/* Basalt presents itself as a workstation (RtlGetVersion's product type). */
BOOLEAN NTAPI
MmIsThisAnNtAsSystem(VOID)
{
    return FALSE;
}

/* Paged pool is pageable even where it is resident, as NT answers; everything else mapped
 * in the kernel half is nonpaged. */
BOOLEAN NTAPI
MmIsNonPagedSystemAddressValid(PVOID VirtualAddress)
{
    return (ULONG_PTR)VirtualAddress >= (ULONG_PTR)MmSystemRangeStart &&
           !MiIsPagedPoolAddress((ULONG64)(ULONG_PTR)VirtualAddress) &&
           MmIsAddressValid(VirtualAddress);
}
