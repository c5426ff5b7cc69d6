/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of smaller exports drivers import: ExInterlockedAddUlong and
 * ExInterlockedAddLargeInteger (exact sums from every processor), quota pool and its raise,
 * RtlAssert's and DbgBreakPoint's breakpoint, RtlUnwind, IoBuildPartialMdl, MmCreateMdl and
 * MmMapLockedPages. Raises are caught through KtCallCatching (ktcatch.S), the kernel's own SEH
 * path.
 */
#include "ntos.h"

#define KT_MISC_TAG 0x6373694D /* "Misc" */
#define KT_ADD_THREADS 8
#define KT_ADDS_PER_THREAD 20000

static struct
{
    KSPIN_LOCK Lock;
    ULONG Ulong;
    LARGE_INTEGER Large;
    volatile LONG BadReturns;
} KtAdd;
static KTHREAD KtAddThreads[KT_ADD_THREADS];

static VOID NTAPI
KtAddWorker(PVOID Context)
{
    LARGE_INTEGER Increment = {.QuadPart = 0x100000001ll}; /* carries into the high part */
    LARGE_INTEGER Old;
    ULONG I, Before;

    UNREFERENCED_PARAMETER(Context);
    for (I = 0; I < KT_ADDS_PER_THREAD; I++)
    {
        Before = ExInterlockedAddUlong(&KtAdd.Ulong, 3, &KtAdd.Lock);
        Old = ExInterlockedAddLargeInteger(&KtAdd.Large, Increment, &KtAdd.Lock);
        /* Each add sees a value that is a whole number of earlier adds. */
        if (Before % 3 != 0 || Old.QuadPart % Increment.QuadPart != 0)
            InterlockedIncrement(&KtAdd.BadReturns);
    }
}

static VOID
KtInterlockedAdds(PKT_CONTEXT Context)
{
    ULONG Processors = KeQueryActiveProcessorCount(NULL);
    ULONG Threads = min(2 * Processors, KT_ADD_THREADS), I;
    LARGE_INTEGER Old, Increment = {.QuadPart = -5};

    RtlZeroMemory(&KtAdd, sizeof(KtAdd));
    KeInitializeSpinLock(&KtAdd.Lock);
    KtAdd.Ulong = MAXULONG - 1;
    KT_CHECK(Context, ExInterlockedAddUlong(&KtAdd.Ulong, 3, &KtAdd.Lock) == MAXULONG - 1,
             "ExInterlockedAddUlong did not return the old value");
    KT_CHECK(Context, KtAdd.Ulong == 1, "ULONG add did not wrap: %u", KtAdd.Ulong);
    KtAdd.Large.QuadPart = 2;
    Old = ExInterlockedAddLargeInteger(&KtAdd.Large, Increment, &KtAdd.Lock);
    KT_CHECK(Context, Old.QuadPart == 2 && KtAdd.Large.QuadPart == -3, "old %lld, now %lld",
             Old.QuadPart, KtAdd.Large.QuadPart);
    KT_CHECK(Context, KtAdd.Lock == 0, "the lock was left held");

    KtAdd.Ulong = 0;
    KtAdd.Large.QuadPart = 0;
    for (I = 0; I < Threads; I++)
        KT_CHECK(Context,
                 NT_SUCCESS(KtStartThreadOn(&KtAddThreads[I], KtAddWorker, NULL, KT_SYSTEM_PRIORITY,
                                            (KAFFINITY)1 << (I % Processors))),
                 "thread %u", I);
    for (I = 0; I < Threads; I++)
        KT_CHECK(Context, KtJoinThread(&KtAddThreads[I]) == STATUS_SUCCESS, "join %u", I);
    KT_CHECK(Context, KtAdd.Ulong == 3 * KT_ADDS_PER_THREAD * Threads, "ULONG sum %u, expected %u",
             KtAdd.Ulong, 3 * KT_ADDS_PER_THREAD * Threads);
    KT_CHECK(Context, KtAdd.Large.QuadPart == 0x100000001ll * KT_ADDS_PER_THREAD * Threads,
             "large sum %llx", KtAdd.Large.QuadPart);
    KT_CHECK(Context, KtAdd.BadReturns == 0, "%d adds returned a torn value", KtAdd.BadReturns);
}

typedef struct _KT_QUOTA_CALL
{
    POOL_TYPE PoolType;
    SIZE_T Bytes;
    PVOID Result;
} KT_QUOTA_CALL, *PKT_QUOTA_CALL;

static VOID
KtQuotaAllocate(PVOID Context)
{
    PKT_QUOTA_CALL Call = Context;

    Call->Result = ExAllocatePoolWithQuotaTag(Call->PoolType, Call->Bytes, KT_MISC_TAG);
}

static VOID
KtQuotaPool(PKT_CONTEXT Context)
{
    const SIZE_T Huge = (SIZE_T)1 << 40; /* more than any test machine has */
    KT_QUOTA_CALL Call = {NonPagedPoolNx, 100, NULL};
    NTSTATUS Status;
    PVOID P;

    Status = KtCallCatching(KtQuotaAllocate, &Call);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Call.Result != NULL, "small: 0x%x, %p", Status,
             Call.Result);
    RtlFillMemory(Call.Result, 100, 0xA5);
    ExFreePoolWithTag(Call.Result, KT_MISC_TAG);
    P = ExAllocatePoolWithQuota(PagedPool, 64);
    KT_CHECK(Context, P != NULL, "ExAllocatePoolWithQuota");
    ExFreePool(P);

    Call = (KT_QUOTA_CALL){NonPagedPoolNx, Huge, (PVOID)1};
    Status = KtCallCatching(KtQuotaAllocate, &Call);
    KT_CHECK(Context, Status == STATUS_INSUFFICIENT_RESOURCES && Call.Result == (PVOID)1,
             "failure raised 0x%x (result %p)", Status, Call.Result);
    Call = (KT_QUOTA_CALL){(POOL_TYPE)(NonPagedPoolNx | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE), Huge,
                           (PVOID)1};
    Status = KtCallCatching(KtQuotaAllocate, &Call);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Call.Result == NULL,
             "FAIL_INSTEAD_OF_RAISE: 0x%x, %p", Status, Call.Result);
    Call = (KT_QUOTA_CALL){(POOL_TYPE)(PagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE), 32, NULL};
    Status = KtCallCatching(KtQuotaAllocate, &Call);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Call.Result != NULL, "paged with the flag: %p",
             Call.Result);
    ExFreePoolWithTag(Call.Result, KT_MISC_TAG);
}

static VOID
KtFailAssertion(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    RtlAssert((PVOID) "Kt == deliberately false", (PVOID)__FILE__, __LINE__, (PSTR) "self-test: ");
}

static VOID
KtBreak(PVOID Context)
{
    if (Context != NULL)
        DbgBreakPointWithStatus(DBG_STATUS_CONTROL_C);
    else
        DbgBreakPoint();
}

static VOID
KtRtlAssertBreaks(PKT_CONTEXT Context)
{
    NTSTATUS Status = KtCallCatching(KtFailAssertion, NULL);

    KT_CHECK(Context, Status == STATUS_BREAKPOINT, "RtlAssert raised 0x%x", Status);
    Status = KtCallCatching(KtBreak, NULL);
    KT_CHECK(Context, Status == STATUS_BREAKPOINT, "DbgBreakPoint raised 0x%x", Status);
    Status = KtCallCatching(KtBreak, (PVOID)1);
    KT_CHECK(Context, Status == STATUS_BREAKPOINT, "DbgBreakPointWithStatus raised 0x%x", Status);
    KT_CHECK(Context, wcslen(L"") == 0 && wcslen(L"Basalt") == 6, "wcslen");
}

static DECLSPEC_NOINLINE VOID
KtUnwindFromDeeper(PVOID TargetFrame, PVOID TargetIp, ULONG Depth)
{
    /* Clobber RBX so the unwind must restore the target frame's value from our prologue. */
    __asm__ volatile("mov $0xBAD, %%rbx" ::: "rbx");
    if (Depth > 0)
        KtUnwindFromDeeper(TargetFrame, TargetIp, Depth - 1);
    RtlUnwind(TargetFrame, TargetIp, NULL, (PVOID)0x600DF00Dull);
}

static VOID
KtUnwindRoutine(PVOID Context, PVOID TargetFrame, PVOID TargetIp)
{
    UNREFERENCED_PARAMETER(Context);
    KtUnwindFromDeeper(TargetFrame, TargetIp, 3);
}

static VOID
KtRtlUnwind(PKT_CONTEXT Context)
{
    ULONG64 Result = KtCallUnwindTarget(KtUnwindRoutine, NULL);

    KT_CHECK(Context, Result == 0x600DF00Dull, "RtlUnwind landed with 0x%I64x", Result);
}

/* Partial MDLs over a locked three-page buffer, at an unaligned offset. */
static VOID
KtPartialMdl(PKT_CONTEXT Context)
{
    PUCHAR Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 4 * PAGE_SIZE, KT_MISC_TAG);
    PUCHAR Data = Buffer + 0x123, Sub = Data + PAGE_SIZE + 0x10;
    PMDL Source = NULL, Part = NULL, Rest = NULL;
    PUCHAR Mapped = NULL;
    ULONG Flags = 0;

    KT_CHECK(Context, Buffer != NULL, "pool");
    Source = IoAllocateMdl(Data, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    Part = IoAllocateMdl(Sub, PAGE_SIZE, FALSE, FALSE, NULL);
    Rest = IoAllocateMdl(Sub, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    if (Source == NULL || Part == NULL || Rest == NULL)
        goto out;
    MmProbeAndLockPages(Source, KernelMode, IoWriteAccess);
    IoBuildPartialMdl(Source, Part, Sub, PAGE_SIZE);
    IoBuildPartialMdl(Source, Rest, Sub, 0);
    Flags = Part->MdlFlags;
    Mapped = MmGetSystemAddressForMdlSafe(Part, NormalPagePriority);
    if (Mapped != NULL)
    {
        Sub[0] = 0x5A;
        Sub[PAGE_SIZE - 1] = 0xA5;
    }
out:
    KT_CHECK(Context, Source != NULL && Part != NULL && Rest != NULL, "IoAllocateMdl");
    KT_CHECK(Context, (Flags & MDL_PARTIAL) && !(Flags & MDL_PAGES_LOCKED), "flags 0x%x", Flags);
    KT_CHECK(Context,
             MmGetMdlVirtualAddress(Part) == Sub && MmGetMdlByteOffset(Part) == BYTE_OFFSET(Sub) &&
                 MmGetMdlByteCount(Part) == PAGE_SIZE,
             "partial: va %p offset 0x%x count 0x%x", MmGetMdlVirtualAddress(Part),
             MmGetMdlByteOffset(Part), MmGetMdlByteCount(Part));
    KT_CHECK(Context,
             MmGetMdlByteCount(Rest) == 3 * PAGE_SIZE - (PAGE_SIZE + 0x10) &&
                 MmGetMdlVirtualAddress(Rest) == Sub,
             "Length 0: count 0x%x", MmGetMdlByteCount(Rest));
    KT_CHECK(Context,
             MmGetMdlPfnArray(Part)[0] == MmGetMdlPfnArray(Source)[1] &&
                 MmGetMdlPfnArray(Part)[1] == MmGetMdlPfnArray(Source)[2] &&
                 MmGetMdlPfnArray(Rest)[1] == MmGetMdlPfnArray(Source)[2] &&
                 MmGetMdlPfnArray(Rest)[2] == MmGetMdlPfnArray(Source)[3],
             "frames not the source's");
    KT_CHECK(Context, Mapped != NULL && Mapped[0] == 0x5A && Mapped[PAGE_SIZE - 1] == 0xA5,
             "partial mapping %p does not show the buffer", Mapped);
    KT_CHECK(Context, Part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED, "flags 0x%x", Part->MdlFlags);
    MmPrepareMdlForReuse(Part);
    KT_CHECK(Context, !(Part->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED)),
             "MmPrepareMdlForReuse left flags 0x%x", Part->MdlFlags);
    KT_CHECK(Context, !MmIsAddressValid(Mapped), "the partial mapping survived");
    /* A source that is mapped lends its mapping. */
    Mapped = MmGetSystemAddressForMdlSafe(Source, NormalPagePriority);
    IoBuildPartialMdl(Source, Part, Sub, 0x20);
    KT_CHECK(Context,
             (Part->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) &&
                 !(Part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED) &&
                 Part->MappedSystemVa == Mapped + (Sub - Data),
             "shared mapping: flags 0x%x va %p", Part->MdlFlags, Part->MappedSystemVa);
    IoFreeMdl(Rest);
    IoFreeMdl(Part);
    MmUnlockPages(Source);
    IoFreeMdl(Source);
    ExFreePoolWithTag(Buffer, KT_MISC_TAG);
}

static VOID
KtCreateMdlMapRoundTrip(PKT_CONTEXT Context)
{
    PUCHAR Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, KT_MISC_TAG);
    PUCHAR Data = Buffer + 0x80, Mapped;
    UCHAR Space[sizeof(MDL) + 4 * sizeof(PFN_NUMBER)];
    PMDL Mdl, Given;
    ULONG I;

    KT_CHECK(Context, Buffer != NULL, "pool");
    Mdl = MmCreateMdl(NULL, Data, 2 * PAGE_SIZE);
    KT_CHECK(Context, Mdl != NULL, "MmCreateMdl");
    KT_CHECK(Context,
             MmGetMdlVirtualAddress(Mdl) == Data && MmGetMdlByteCount(Mdl) == 2 * PAGE_SIZE &&
                 MmGetMdlByteOffset(Mdl) == 0x80 && Mdl->MdlFlags == 0,
             "MDL: va %p count 0x%x flags 0x%x", MmGetMdlVirtualAddress(Mdl),
             MmGetMdlByteCount(Mdl), Mdl->MdlFlags);
    MmProbeAndLockPages(Mdl, KernelMode, IoModifyAccess);
    Mapped = MmMapLockedPages(Mdl, KernelMode);
    KT_CHECK(Context, Mapped != NULL && Mapped != Data && BYTE_OFFSET(Mapped) == 0x80,
             "MmMapLockedPages: %p", Mapped);
    for (I = 0; I < 2 * PAGE_SIZE; I += 256)
        Mapped[I] = (UCHAR)(I >> 8);
    for (I = 0; I < 2 * PAGE_SIZE; I += 256)
        KT_CHECK(Context, Data[I] == (UCHAR)(I >> 8), "byte 0x%x differs", I);
    MmUnmapLockedPages(Mapped, Mdl);
    KT_CHECK(Context, !MmIsAddressValid(Mapped), "mapping survived");
    MmUnlockPages(Mdl);
    ExFreePool(Mdl);
    /* With the caller's storage, MmCreateMdl initialises it in place. */
    Given = MmCreateMdl((PMDL)Space, Data, PAGE_SIZE);
    KT_CHECK(Context, Given == (PMDL)Space && MmGetMdlByteCount(Given) == PAGE_SIZE, "in place: %p",
             Given);
    ExFreePoolWithTag(Buffer, KT_MISC_TAG);
}

static const KT_TEST KtExMiscTests[] = {
    {"ExInterlockedAddUlong/LargeInteger: old values, exact sums", KtInterlockedAdds},
    {"ExAllocatePoolWithQuota(Tag): raise or NULL on failure", KtQuotaPool},
    {"RtlAssert and DbgBreakPoint break (STATUS_BREAKPOINT); wcslen", KtRtlAssertBreaks},
    {"RtlUnwind restores the target frame", KtRtlUnwind},
    {"IoBuildPartialMdl: offsets, counts, frames, mappings", KtPartialMdl},
    {"MmCreateMdl and MmMapLockedPages round trip", KtCreateMdlMapRoundTrip},
};

const KT_SUITE KtExMiscSuite = {"Ex/Io/Mm exports", KtExMiscTests, RTL_NUMBER_OF(KtExMiscTests)};
