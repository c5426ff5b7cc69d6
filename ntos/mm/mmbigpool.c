/* SPDX-License-Identifier: MIT */
/*
 * Pool allocations that take whole pages: requests larger than a small block, and every
 * request when special pool is on (/SPECIALPOOL, as Driver Verifier's special pool). A
 * table keyed by page address records each one's size, tag and pool, since page-aligned
 * memory has no room for a header. A special-pool allocation ends flush against an
 * unmapped guard page (a 16-byte-aligned end, so an overrun past the slack faults at once;
 * the slack itself is filled with a pattern that is checked on free), and its page is
 * unmapped when freed, so later use faults too. Paged allocations come from the paged-pool
 * region (mmpaged.c) and are demand zero until touched.
 */
#include "mi.h"

#define MI_BIG_TABLE_SIZE 4096
#define MI_BIG_BUCKETS 1024
#define MI_SPECIAL_PATTERN 0xA5
#define MI_NO_ENTRY 0xFFFF

typedef struct _MI_BIG_ENTRY
{
    ULONG64 Va; /* first page; 0 when the entry is unused */
    SIZE_T Bytes;
    ULONG Pages;
    ULONG Tag;
    UCHAR Kind;
    BOOLEAN Special;
    USHORT Next; /* next entry in the bucket, or MI_NO_ENTRY */
} MI_BIG_ENTRY;

BOOLEAN MiSpecialPoolEnabled;
static volatile LONG MiSpecialAllocations; /* outstanding, so frees know to look them up */
static KSPIN_LOCK MiBigLock;
static MI_BIG_ENTRY MiBigEntries[MI_BIG_TABLE_SIZE];
static USHORT MiBigBuckets[MI_BIG_BUCKETS];
static USHORT MiBigFree = MI_NO_ENTRY;
static ULONG MiBigUsed; /* entries handed out from the array's never-used tail */

static ULONG
MiBigHash(ULONG64 Va)
{
    return (ULONG)(Va >> PAGE_SHIFT) % MI_BIG_BUCKETS;
}

static BOOLEAN
MiRecordBig(const MI_BIG_ENTRY *Record)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiBigLock);
    USHORT Index = MiBigFree;
    ULONG Bucket = MiBigHash(Record->Va);

    if (Index != MI_NO_ENTRY)
        MiBigFree = MiBigEntries[Index].Next;
    else if (MiBigUsed < MI_BIG_TABLE_SIZE)
        Index = (USHORT)MiBigUsed++;
    if (Index != MI_NO_ENTRY)
    {
        MiBigEntries[Index] = *Record;
        MiBigEntries[Index].Next = MiBigBuckets[Bucket];
        MiBigBuckets[Bucket] = Index;
    }
    KeReleaseSpinLock(&MiBigLock, OldIrql);
    return Index != MI_NO_ENTRY;
}

/* Remove and return the record for the page at Va; FALSE if there is none. */
static BOOLEAN
MiTakeBig(ULONG64 Va, MI_BIG_ENTRY *Record)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&MiBigLock);
    USHORT *Link = &MiBigBuckets[MiBigHash(Va)];
    BOOLEAN Found = FALSE;

    for (; *Link != MI_NO_ENTRY; Link = &MiBigEntries[*Link].Next)
    {
        if (MiBigEntries[*Link].Va != Va)
            continue;
        *Record = MiBigEntries[*Link];
        MiBigEntries[*Link].Va = 0;
        MiBigEntries[*Link].Next = MiBigFree;
        MiBigFree = *Link;
        *Link = Record->Next;
        Found = TRUE;
        break;
    }
    KeReleaseSpinLock(&MiBigLock, OldIrql);
    return Found;
}

static VOID
MiFreeBigPages(const MI_BIG_ENTRY *Record)
{
    PVOID Va = (PVOID)(ULONG_PTR)Record->Va;

    if (Record->Kind == MiPagedPool)
        MiFreePagedPoolPages(Va, Record->Pages, Record->Special ? 1 : 0);
    else
        MiFreeMappedPages(Va, Record->Pages, 0, Record->Special ? 1 : 0);
}

static PVOID
MiSpecialAddress(const MI_BIG_ENTRY *Record)
{
    return (PUCHAR)(ULONG_PTR)Record->Va + PAGE_SIZE - ALIGN_UP_BY(Record->Bytes, MI_POOL_BLOCK);
}

PVOID
MiAllocateBigPool(MI_POOL_KIND Kind, SIZE_T Bytes, ULONG Tag, BOOLEAN Special, PSIZE_T Charged)
{
    MI_BIG_ENTRY Record = {0,       Bytes, (ULONG)BYTES_TO_PAGES(max(Bytes, 1)), Tag, (UCHAR)Kind,
                           Special, 0};
    PVOID Va;

    if (Bytes > (SIZE_T)MAXULONG * PAGE_SIZE / 2)
        return NULL;
    Va = Kind == MiPagedPool ? MiAllocatePagedPoolPages(Record.Pages, Special ? 1 : 0)
                             : MiAllocateMappedPages(Record.Pages, 0, Special ? 1 : 0);
    if (Va == NULL)
        return NULL;
    Record.Va = (ULONG64)(ULONG_PTR)Va;
    if (!MiRecordBig(&Record))
    {
        DbgPrint("Mm: big pool table full; allocation of %Iu bytes refused\n", Bytes);
        MiFreeBigPages(&Record);
        return NULL;
    }
    *Charged = (SIZE_T)Record.Pages * PAGE_SIZE;
    if (!Special)
        return Va;
    InterlockedIncrement(&MiSpecialAllocations);
    RtlFillMemory(Va, PAGE_SIZE, MI_SPECIAL_PATTERN);
    return MiSpecialAddress(&Record);
}

/* The slack around a special-pool allocation must still hold the pattern. */
static VOID
MiCheckSpecialSlack(const MI_BIG_ENTRY *Record, PVOID P)
{
    PUCHAR Page = (PUCHAR)(ULONG_PTR)Record->Va, Slack = (PUCHAR)P + Record->Bytes;
    PUCHAR Byte;

    for (Byte = Page; Byte < (PUCHAR)P; Byte++)
    {
        if (*Byte != MI_SPECIAL_PATTERN)
            KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, Record->Bytes,
                         (ULONG_PTR)Byte, 0x31); /* written below the allocation */
    }
    for (Byte = Slack; Byte < Page + PAGE_SIZE; Byte++)
    {
        if (*Byte != MI_SPECIAL_PATTERN)
            KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, Record->Bytes,
                         (ULONG_PTR)Byte, 0x32); /* written past the end */
    }
}

/* FALSE if P is not a big or special allocation (then it must be a small block). */
BOOLEAN
MiFreeBigPool(PVOID P, ULONG Tag, MI_POOL_FREED *Freed)
{
    ULONG64 Page = (ULONG64)(ULONG_PTR)PAGE_ALIGN(P);
    MI_BIG_ENTRY Record;

    if (Page != (ULONG64)(ULONG_PTR)P && MiSpecialAllocations == 0)
        return FALSE;
    if (!MiTakeBig(Page, &Record))
    {
        if (Page == (ULONG64)(ULONG_PTR)P)
            KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0); /* not pool */
        return FALSE;
    }
    if (Record.Special && P != MiSpecialAddress(&Record))
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, Record.Va, 0);
    if (Tag != 0 && Record.Tag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0xA, (ULONG_PTR)P, Record.Tag, Tag);
    if (Record.Special)
    {
        MiCheckSpecialSlack(&Record, P);
        InterlockedDecrement(&MiSpecialAllocations);
    }
    Freed->Kind = (MI_POOL_KIND)Record.Kind;
    Freed->Charged = (SIZE_T)Record.Pages * PAGE_SIZE;
    Freed->Tag = Record.Tag;
    MiFreeBigPages(&Record);
    return TRUE;
}

VOID
MiInitializeBigPool(VOID)
{
    ULONG I;

    for (I = 0; I < MI_BIG_BUCKETS; I++)
        MiBigBuckets[I] = MI_NO_ENTRY;
}
