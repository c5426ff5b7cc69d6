/* SPDX-License-Identifier: MIT */
/*
 * Pool tag accounting: allocations, frees and bytes in use per tag and pool, as poolmon
 * shows them on Windows. Open addressing keyed by tag; entries are never removed, and a
 * full table counts further tags under the overflow entry '????'.
 */
#include "mi.h"

#define MI_TAG_TABLE_SIZE 1024
#define MI_OVERFLOW_TAG 0x3F3F3F3F /* "????" */

typedef struct _MI_POOL_TRACKER
{
    ULONG Tag;
    ULONG Allocations[MiPoolKinds];
    ULONG Frees[MiPoolKinds];
    SIZE_T Bytes[MiPoolKinds];
} MI_POOL_TRACKER;

static KSPIN_LOCK MiTagLock;
static MI_POOL_TRACKER MiTagTable[MI_TAG_TABLE_SIZE];
static MI_POOL_TRACKER MiTagOverflow = {MI_OVERFLOW_TAG, {0}, {0}, {0}};

/* The entry for Tag, created if need be. Tag lock held. */
static MI_POOL_TRACKER *
MiTagEntry(ULONG Tag)
{
    ULONG Index = (Tag * 2654435761u) % MI_TAG_TABLE_SIZE, Probe;

    for (Probe = 0; Probe < MI_TAG_TABLE_SIZE; Probe++)
    {
        MI_POOL_TRACKER *Entry = &MiTagTable[(Index + Probe) % MI_TAG_TABLE_SIZE];

        if (Entry->Tag == Tag)
            return Entry;
        if (Entry->Tag == 0)
        {
            Entry->Tag = Tag;
            return Entry;
        }
    }
    return &MiTagOverflow;
}

VOID
MiTrackPoolAllocation(ULONG Tag, MI_POOL_KIND Kind, SIZE_T Bytes)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiTagLock);
    MI_POOL_TRACKER *Entry = MiTagEntry(Tag);

    Entry->Allocations[Kind]++;
    Entry->Bytes[Kind] += Bytes;
    KeReleaseSpinLock(&MiTagLock, OldIrql);
}

VOID
MiTrackPoolFree(ULONG Tag, MI_POOL_KIND Kind, SIZE_T Bytes)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiTagLock);
    MI_POOL_TRACKER *Entry = MiTagEntry(Tag);

    Entry->Frees[Kind]++;
    Entry->Bytes[Kind] -= Bytes;
    KeReleaseSpinLock(&MiTagLock, OldIrql);
}

/* Counters for one tag; FALSE if the tag was never used. */
BOOLEAN
MmQueryPoolTag(ULONG Tag, PMM_POOL_TAG_USAGE Usage)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiTagLock);
    ULONG Index;
    BOOLEAN Found = FALSE;

    RtlZeroMemory(Usage, sizeof(*Usage));
    for (Index = 0; Index < MI_TAG_TABLE_SIZE && !Found; Index++)
    {
        if (MiTagTable[Index].Tag != Tag)
            continue;
        Usage->NonPagedAllocations = MiTagTable[Index].Allocations[MiNonPagedPool];
        Usage->NonPagedFrees = MiTagTable[Index].Frees[MiNonPagedPool];
        Usage->NonPagedBytes = MiTagTable[Index].Bytes[MiNonPagedPool];
        Usage->PagedAllocations = MiTagTable[Index].Allocations[MiPagedPool];
        Usage->PagedFrees = MiTagTable[Index].Frees[MiPagedPool];
        Usage->PagedBytes = MiTagTable[Index].Bytes[MiPagedPool];
        Found = TRUE;
    }
    KeReleaseSpinLock(&MiTagLock, OldIrql);
    return Found;
}

/*
 * Outstanding allocations and bytes of every tag ever used, for leak checks: up to Capacity
 * entries are filled; the return value is how many tags there are.
 */
ULONG
MmSnapshotPoolTags(PMM_POOL_TAG_SNAPSHOT Entries, ULONG Capacity)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiTagLock);
    ULONG Index, Count = 0;

    for (Index = 0; Index <= MI_TAG_TABLE_SIZE; Index++)
    {
        const MI_POOL_TRACKER *Entry =
            Index < MI_TAG_TABLE_SIZE ? &MiTagTable[Index] : &MiTagOverflow;
        MI_POOL_KIND Kind;

        if (Entry->Tag == 0)
            continue;
        if (Count < Capacity)
        {
            Entries[Count].Tag = Entry->Tag;
            for (Kind = 0; Kind < MiPoolKinds; Kind++)
            {
                Entries[Count].Outstanding[Kind] = Entry->Allocations[Kind] - Entry->Frees[Kind];
                Entries[Count].Bytes[Kind] = Entry->Bytes[Kind];
            }
        }
        Count++;
    }
    KeReleaseSpinLock(&MiTagLock, OldIrql);
    return Count;
}

/* The poolmon view on the debug log: /POOLTAGS prints it after the self-tests. */
VOID
MmPrintPoolTags(VOID)
{
    const MI_POOL_TRACKER *Entry;
    ULONG Index;
    CHAR Name[5] = {0};

    DbgPrint("Tag  NP allocs   frees      bytes   P allocs   frees      bytes\n");
    for (Index = 0; Index <= MI_TAG_TABLE_SIZE; Index++)
    {
        Entry = Index < MI_TAG_TABLE_SIZE ? &MiTagTable[Index] : &MiTagOverflow;
        if (Entry->Tag == 0 ||
            (Entry == &MiTagOverflow && Entry->Allocations[0] == 0 && Entry->Allocations[1] == 0))
            continue;
        RtlCopyMemory(Name, &Entry->Tag, 4);
        DbgPrint("%-4s %9u %7u %10Iu %9u %7u %10Iu\n", Name, Entry->Allocations[MiNonPagedPool],
                 Entry->Frees[MiNonPagedPool], Entry->Bytes[MiNonPagedPool],
                 Entry->Allocations[MiPagedPool], Entry->Frees[MiPagedPool],
                 Entry->Bytes[MiPagedPool]);
    }
}
