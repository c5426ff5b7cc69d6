/* SPDX-License-Identifier: MIT */
/*
 * The pool leak check around the whole self-test run: KtPoolLeakBegin records every tag's
 * outstanding allocations and bytes before the first suite, and the last test fails, naming
 * the tags, unless none is above that. Teardown may still be in flight when the suites end
 * (objects are deleted by a worker, threads finish after signalling), so the check waits a
 * little for the counts to settle before calling anything a leak.
 */
#include "ntos.h"

#define KT_LEAK_TAG 0x6B4C744B /* "KtLk" */
#define KT_LEAK_CAPACITY 1100  /* the tag table's 1024 entries and its overflow, with room */
#define KT_LEAK_SETTLE_TRIES 30
#define KT_LEAK_SETTLE_WAIT (-1000000ll) /* 100 ms */

/*
 * Tags allowed to grow: handle tables keep the blocks they grew into, as NT's do. A handle
 * that is never closed still shows, as its object's tags.
 */
static const ULONG KtLeakExempt[] = {
    0x62486F4F, /* "OoHb", handle-table blocks */
};

/* Both snapshots in one block taken before the first one, so the block is in both alike. */
static PMM_POOL_TAG_SNAPSHOT KtLeakBefore, KtLeakAfter;
static ULONG KtLeakBeforeCount;

VOID
KtPoolLeakBegin(VOID)
{
    KtLeakBefore = ExAllocatePoolWithTag(
        NonPagedPoolNx, 2 * KT_LEAK_CAPACITY * sizeof(MM_POOL_TAG_SNAPSHOT), KT_LEAK_TAG);
    if (KtLeakBefore == NULL)
        return;
    KtLeakAfter = KtLeakBefore + KT_LEAK_CAPACITY;
    KtLeakBeforeCount = MmSnapshotPoolTags(KtLeakBefore, KT_LEAK_CAPACITY);
}

static const MM_POOL_TAG_SNAPSHOT *
KtLeakFindBefore(ULONG Tag)
{
    ULONG Index;

    for (Index = 0; Index < KtLeakBeforeCount; Index++)
        if (KtLeakBefore[Index].Tag == Tag)
            return &KtLeakBefore[Index];
    return NULL;
}

static BOOLEAN
KtLeakGrew(const MM_POOL_TAG_SNAPSHOT *After)
{
    static const MM_POOL_TAG_SNAPSHOT Unused;
    const MM_POOL_TAG_SNAPSHOT *Before = KtLeakFindBefore(After->Tag);

    ULONG Index;

    for (Index = 0; Index < RTL_NUMBER_OF(KtLeakExempt); Index++)
        if (After->Tag == KtLeakExempt[Index])
            return FALSE;
    if (Before == NULL)
        Before = &Unused;
    /* Below the start is no leak: a test may free what boot made (it unloads a boot driver). */
    return After->Outstanding[0] > Before->Outstanding[0] ||
           After->Outstanding[1] > Before->Outstanding[1] || After->Bytes[0] > Before->Bytes[0] ||
           After->Bytes[1] > Before->Bytes[1];
}

/* Tags whose usage grew since the start; each is logged with its numbers. */
static ULONG
KtLeakCompare(BOOLEAN Log, PCHAR Names, SIZE_T NamesSize)
{
    ULONG Count = MmSnapshotPoolTags(KtLeakAfter, KT_LEAK_CAPACITY), Index, Leaks = 0;
    SIZE_T Used = 0;

    for (Index = 0; Index < min(Count, KT_LEAK_CAPACITY); Index++)
    {
        const MM_POOL_TAG_SNAPSHOT *After = &KtLeakAfter[Index];
        const MM_POOL_TAG_SNAPSHOT *Before = KtLeakFindBefore(After->Tag);
        CHAR Name[5] = {0};

        if (!KtLeakGrew(After))
            continue;
        Leaks++;
        RtlCopyMemory(Name, &After->Tag, 4);
        if (Used + 6 < NamesSize)
            Used += RtlFormatString(Names + Used, NamesSize - Used, "%s%s", Used ? " " : "", Name);
        if (Log)
            DbgPrint("pool leak: tag %s nonpaged %u allocations/%Iu bytes (was %u/%Iu), "
                     "paged %u/%Iu (was %u/%Iu)\n",
                     Name, After->Outstanding[0], After->Bytes[0],
                     Before ? Before->Outstanding[0] : 0, Before ? Before->Bytes[0] : 0,
                     After->Outstanding[1], After->Bytes[1], Before ? Before->Outstanding[1] : 0,
                     Before ? Before->Bytes[1] : 0);
    }
    return Leaks;
}

static VOID
KtPoolBackToStart(PKT_CONTEXT Context)
{
    LARGE_INTEGER Wait = {.QuadPart = KT_LEAK_SETTLE_WAIT};
    CHAR Names[120] = {0};
    ULONG Try, Leaks;

    KT_CHECK(Context, KtLeakBefore != NULL, "no memory for the snapshot at the start");
    for (Try = 0; (Leaks = KtLeakCompare(FALSE, Names, sizeof(Names))) != 0; Try++)
    {
        if (Try == KT_LEAK_SETTLE_TRIES)
            break;
        KeDelayExecutionThread(KernelMode, FALSE, &Wait);
    }
    if (Leaks != 0)
        KtLeakCompare(TRUE, Names, sizeof(Names));
    ExFreePoolWithTag(KtLeakBefore, KT_LEAK_TAG);
    KtLeakBefore = NULL;
    KT_CHECK(Context, Leaks == 0, "%u tags leak: %s", Leaks, Names);
}

static const KT_TEST KtPoolLeakTests[] = {
    {"pool usage per tag is back where the self-tests started", KtPoolBackToStart},
};

const KT_SUITE KtPoolLeakSuite = {"Mm", KtPoolLeakTests, RTL_NUMBER_OF(KtPoolLeakTests)};
