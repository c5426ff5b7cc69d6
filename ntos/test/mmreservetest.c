/* SPDX-License-Identifier: MIT */
/*
 * Self-tests for the Mm calls drivers make beyond pool and MDLs: reserved mappings (an MDL
 * mapped into PTEs reserved beforehand, remapped, refused when too big), uncached memory,
 * the pageable-section calls on a resident image, and the address-space constants.
 */
#include "../mm/mi.h"

#define KT_RSV_TAG 0x7652744B /* "KtRv" */
#define KT_RSV_PAGES 4
#define KT_RSV_OFFSET 200

/* An MDL over Pages of Buffer starting at Offset, built for nonpaged pool. */
static PMDL
KtRsvMdl(PUCHAR Buffer, ULONG Offset, SIZE_T Bytes)
{
    PMDL Mdl = IoAllocateMdl(Buffer + Offset, (ULONG)Bytes, FALSE, FALSE, NULL);

    if (Mdl != NULL)
        MmBuildMdlForNonPagedPool(Mdl);
    return Mdl;
}

static VOID
KtReservedMapping(PKT_CONTEXT Context)
{
    PUCHAR Buffer =
        ExAllocatePoolWithTag(NonPagedPoolNx, (KT_RSV_PAGES + 2) * PAGE_SIZE, KT_RSV_TAG);
    PMDL Small = NULL, Large = NULL, TooBig = NULL;
    PUCHAR Reserved = NULL, Mapped;
    ULONG I;

    KT_CHECK(Context, Buffer != NULL, "pool");
    for (I = 0; I < (KT_RSV_PAGES + 2) * PAGE_SIZE; I++)
        Buffer[I] = (UCHAR)(I * 7 + I / PAGE_SIZE);
    KT_CHECK(Context, MmAllocateMappingAddress(PAGE_SIZE, 0) == NULL, "a zero tag was accepted");
    KT_CHECK(Context, MmAllocateMappingAddress(0, KT_RSV_TAG) == NULL, "zero bytes reserved");
    Reserved = MmAllocateMappingAddress(KT_RSV_PAGES * PAGE_SIZE, KT_RSV_TAG);
    KT_CHECK(Context, Reserved != NULL && BYTE_OFFSET(Reserved) == 0, "reserved %p", Reserved);
    KT_CHECK(Context, !MmIsAddressValid(Reserved), "a reservation is mapped before use");
    Small = KtRsvMdl(Buffer, KT_RSV_OFFSET, PAGE_SIZE);
    Large = KtRsvMdl(Buffer, 0, KT_RSV_PAGES * PAGE_SIZE);
    TooBig = KtRsvMdl(Buffer, KT_RSV_OFFSET, KT_RSV_PAGES * PAGE_SIZE);
    KT_CHECK(Context, Small != NULL && Large != NULL && TooBig != NULL, "IoAllocateMdl");

    KT_CHECK(Context,
             MmMapLockedPagesWithReservedMapping(Reserved, KT_RSV_TAG, TooBig, MmCached) == NULL,
             "an MDL spanning %u pages fit %u reserved", KT_RSV_PAGES + 1, KT_RSV_PAGES);
    Mapped = MmMapLockedPagesWithReservedMapping(Reserved, KT_RSV_TAG, Small, MmCached);
    KT_CHECK(Context, Mapped == Reserved + KT_RSV_OFFSET, "mapped at %p, reserved %p", Mapped,
             Reserved);
    KT_CHECK(Context,
             Small->MappedSystemVa == Reserved && (Small->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA),
             "MappedSystemVa %p flags %x", Small->MappedSystemVa, Small->MdlFlags);
    for (I = 0; I < PAGE_SIZE; I += 97)
        KT_CHECK(Context, Mapped[I] == Buffer[KT_RSV_OFFSET + I], "byte %u differs", I);
    Mapped[5] ^= 0xFF;
    KT_CHECK(Context, Buffer[KT_RSV_OFFSET + 5] == Mapped[5], "a write did not reach the buffer");
    MmUnmapReservedMapping(Reserved, KT_RSV_TAG, Small);
    KT_CHECK(Context, !MmIsAddressValid(Reserved), "still mapped after MmUnmapReservedMapping");
    KT_CHECK(Context, !(Small->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA), "flags %x", Small->MdlFlags);

    Mapped = MmMapLockedPagesWithReservedMapping(Reserved, KT_RSV_TAG, Large, MmNonCached);
    KT_CHECK(Context, Mapped == Reserved, "remapped at %p", Mapped);
    for (I = 0; I < KT_RSV_PAGES; I++)
        KT_CHECK(Context,
                 MmGetPhysicalAddress(Mapped + I * PAGE_SIZE).QuadPart ==
                     MmGetPhysicalAddress(Buffer + I * PAGE_SIZE).QuadPart,
                 "page %u maps another frame", I);
    KT_CHECK(Context, (*MiAddressToPte((ULONG64)(ULONG_PTR)Mapped) & MI_PTE_CACHE_DISABLE) != 0,
             "MmNonCached mapped cached");
    MmUnmapReservedMapping(Reserved, KT_RSV_TAG, Large);
    MmFreeMappingAddress(Reserved, KT_RSV_TAG);
    IoFreeMdl(Small);
    IoFreeMdl(Large);
    IoFreeMdl(TooBig);
    ExFreePoolWithTag(Buffer, KT_RSV_TAG);
}

static VOID
KtNonCachedMemory(PKT_CONTEXT Context)
{
    PUCHAR Memory = MmAllocateNonCachedMemory(3 * PAGE_SIZE - 10);
    ULONG I;

    KT_CHECK(Context, MmAllocateNonCachedMemory(0) == NULL, "zero bytes allocated");
    KT_CHECK(Context, Memory != NULL && BYTE_OFFSET(Memory) == 0, "got %p", Memory);
    for (I = 0; I < 3 * PAGE_SIZE - 10; I++)
        KT_CHECK(Context, Memory[I] == 0, "byte %u is %02x, not zero", I, Memory[I]);
    for (I = 0; I < 3; I++)
        KT_CHECK(Context,
                 (*MiAddressToPte((ULONG64)(ULONG_PTR)Memory + I * PAGE_SIZE) &
                  (MI_PTE_CACHE_DISABLE | MI_PTE_NO_EXECUTE | MI_PTE_WRITE)) ==
                     (MI_PTE_CACHE_DISABLE | MI_PTE_NO_EXECUTE | MI_PTE_WRITE),
                 "page %u: PTE %I64x", I,
                 *MiAddressToPte((ULONG64)(ULONG_PTR)Memory + I * PAGE_SIZE));
    Memory[3 * PAGE_SIZE - 11] = 0x5A;
    MmFreeNonCachedMemory(Memory, 3 * PAGE_SIZE - 10);
    KT_CHECK(Context, !MmIsAddressValid(Memory), "still mapped after the free");
}

/* Images are resident: the calls find the image, and MmPageEntireDriver returns its base. */
static VOID
KtPagableSections(PKT_CONTEXT Context)
{
    PVOID Code = (PVOID)KtPagableSections, Base = NULL, Handle;

    KT_CHECK(Context, RtlPcToFileHeader(Code, &Base) != NULL, "no image holds the test");
    Handle = MmLockPagableDataSection(Code);
    KT_CHECK(Context, Handle != NULL, "no handle");
    MmLockPagableSectionByHandle(Handle);
    MmUnlockPagableImageSection(Handle);
    MmUnlockPagableImageSection(Handle);
    KT_CHECK(Context, MmPageEntireDriver(Code) == Base, "MmPageEntireDriver %p, image %p",
             MmPageEntireDriver(Code), Base);
    MmResetDriverPaging(Code);
    KT_CHECK(Context, MmIsAddressValid(Code), "the code went away");
}

static VOID
KtAddressSpaceConstants(PKT_CONTEXT Context)
{
    KT_CHECK(Context,
             (ULONG64)(ULONG_PTR)MmHighestUserAddress < MmUserProbeAddress &&
                 MmUserProbeAddress < (ULONG64)(ULONG_PTR)MmSystemRangeStart,
             "highest user %p, probe %I64x, system %p", MmHighestUserAddress, MmUserProbeAddress,
             MmSystemRangeStart);
    KT_CHECK(Context, (ULONG_PTR)KtAddressSpaceConstants >= (ULONG_PTR)MmSystemRangeStart,
             "the kernel is below MmSystemRangeStart");
    KT_CHECK(Context, MmIsNonPagedSystemAddressValid((PVOID)KtAddressSpaceConstants),
             "kernel code is not a valid nonpaged address");
    KT_CHECK(Context, !MmIsNonPagedSystemAddressValid((PVOID)0x10000), "a user address is");
    KT_CHECK(Context, !MmIsAddressValid(MmBadPointer), "MmBadPointer is mapped");
    KT_CHECK(Context, MmQuerySystemSize() == MmLargeSystem || MiAvailablePages() < 16384,
             "a machine with %I64u free pages is not large", (ULONG64)MiAvailablePages());
    KT_CHECK(Context, !MmIsThisAnNtAsSystem(), "a workstation claims to be a server");
}

static const KT_TEST KtMmReserveTests[] = {
    {"reserved mappings: map, remap, refuse an MDL too big", KtReservedMapping},
    {"MmAllocateNonCachedMemory: zeroed, uncached, gone when freed", KtNonCachedMemory},
    {"pageable-section calls on a resident image", KtPagableSections},
    {"address-space constants and system size", KtAddressSpaceConstants},
};

const KT_SUITE KtMmReserveSuite = {"Mm", KtMmReserveTests, RTL_NUMBER_OF(KtMmReserveTests)};
