/* SPDX-License-Identifier: MIT */
/*
 * MDL self-tests: an MDL over a pool buffer records the right frames, a second mapping of
 * them into system PTEs shows the same bytes and goes away when unmapped, and probing and
 * locking a kernel buffer marks the MDL locked for the operation.
 */
#include "ntos.h"

#define KT_MDL_TAG 0x6C644D4B /* "KMdl" */
#define KT_MDL_OFFSET 100

static VOID
KtMdlDescribesAndMaps(PKT_CONTEXT Context)
{
    PUCHAR Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, KT_MDL_TAG);
    PUCHAR Data, Mapped;
    PPFN_NUMBER Frames;
    PMDL Mdl;
    ULONG I;

    KT_CHECK(Context, Buffer != NULL, "pool");
    Data = Buffer + KT_MDL_OFFSET;
    Mdl = IoAllocateMdl(Data, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_CHECK(Context, Mdl != NULL, "IoAllocateMdl");
    KT_CHECK(Context,
             MmGetMdlByteOffset(Mdl) == KT_MDL_OFFSET && MmGetMdlByteCount(Mdl) == 2 * PAGE_SIZE,
             "offset %u count %u", MmGetMdlByteOffset(Mdl), MmGetMdlByteCount(Mdl));
    MmBuildMdlForNonPagedPool(Mdl);
    Frames = MmGetMdlPfnArray(Mdl);
    for (I = 0; I < 3; I++)
        KT_CHECK(Context,
                 Frames[I] == (PFN_NUMBER)(MmGetPhysicalAddress(Buffer + I * PAGE_SIZE).QuadPart >>
                                           PAGE_SHIFT),
                 "frame %u is %I64x", I, (ULONG64)Frames[I]);
    KT_CHECK(Context, MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority) == Data,
             "nonpaged pool MDL not mapped at its own address");
    Mapped =
        MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, NormalPagePriority);
    KT_CHECK(Context, Mapped != NULL && Mapped != Data, "second mapping %p", Mapped);
    for (I = 0; I < 2 * PAGE_SIZE; I += 512)
        Data[I] = (UCHAR)(I / 512 + 1);
    for (I = 0; I < 2 * PAGE_SIZE; I += 512)
        KT_CHECK(Context, Mapped[I] == (UCHAR)(I / 512 + 1), "byte %u differs through the mapping",
                 I);
    MmUnmapLockedPages(Mapped, Mdl);
    KT_CHECK(Context, !MmIsAddressValid(Mapped), "the mapping survived MmUnmapLockedPages");
    KT_CHECK(Context, MmIsAddressValid(Data), "unmapping took the buffer's own pages");
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Buffer, KT_MDL_TAG);
}

static VOID
KtProbeAndLockKernelBuffer(PKT_CONTEXT Context)
{
    PUCHAR Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 2 * PAGE_SIZE, KT_MDL_TAG);
    PMDL Mdl;

    KT_CHECK(Context, Buffer != NULL, "pool");
    Mdl = IoAllocateMdl(Buffer, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_CHECK(Context, Mdl != NULL, "IoAllocateMdl");
    MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
    KT_CHECK(Context,
             (Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_WRITE_OPERATION)) ==
                 (MDL_PAGES_LOCKED | MDL_WRITE_OPERATION),
             "flags 0x%X after locking for write", Mdl->MdlFlags);
    KT_CHECK(Context,
             MmGetMdlPfnArray(Mdl)[1] ==
                 (PFN_NUMBER)(MmGetPhysicalAddress(Buffer + PAGE_SIZE).QuadPart >> PAGE_SHIFT),
             "second frame wrong");
    MmUnlockPages(Mdl);
    KT_CHECK(Context, !(Mdl->MdlFlags & MDL_PAGES_LOCKED), "still locked");
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Buffer, KT_MDL_TAG);
}

/* Fresh paged pool is not present until touched: locking it faults the pages in first. */
static VOID
KtProbeAndLockFreshPagedPool(PKT_CONTEXT Context)
{
    PUCHAR Buffer = ExAllocatePoolWithTag(PagedPool, 3 * PAGE_SIZE, KT_MDL_TAG);
    PUCHAR Mapped;
    PMDL Mdl;
    ULONG I;

    KT_CHECK(Context, Buffer != NULL, "pool");
    Mdl = IoAllocateMdl(Buffer, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_CHECK(Context, Mdl != NULL, "IoAllocateMdl");
    KT_CHECK(Context, !MmIsAddressValid(Buffer + PAGE_SIZE), "a fresh paged page is present");
    MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
    for (I = 0; I < 3; I++)
        KT_CHECK(
            Context,
            MmGetMdlPfnArray(Mdl)[I] ==
                (PFN_NUMBER)(MmGetPhysicalAddress(Buffer + I * PAGE_SIZE).QuadPart >> PAGE_SHIFT),
            "frame %u", I);
    Mapped = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
    KT_CHECK(Context, Mapped != NULL, "no system address");
    Mapped[PAGE_SIZE + 7] = 0x3C;
    KT_CHECK(Context, Buffer[PAGE_SIZE + 7] == 0x3C && Buffer[2 * PAGE_SIZE] == 0,
             "the locked pages are not the buffer's");
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Buffer, KT_MDL_TAG);
}

static const KT_TEST KtMdlTests[] = {
    {"an MDL records a pool buffer's frames and maps them again", KtMdlDescribesAndMaps},
    {"MmProbeAndLockPages locks a kernel buffer for writing", KtProbeAndLockKernelBuffer},
    {"MmProbeAndLockPages faults fresh paged pool in", KtProbeAndLockFreshPagedPool},
};

const KT_SUITE KtMdlSuite = {"Mm", KtMdlTests, RTL_NUMBER_OF(KtMdlTests)};
