/* SPDX-License-Identifier: MIT */
/*
 * MmAllocatePagesForMdl(Ex) and MmFreePagesFromMdl: physical pages, not mapped, described
 * by an MDL from nonpaged pool that the caller frees with ExFreePool. Pages come from the
 * window [LowAddress, HighAddress], then from that window moved up by SkipBytes, and so on
 * while memory lasts; a window covering all of RAM takes pages straight off the lists,
 * others scan the PFN database. Fewer pages than asked give a partial MDL (its ByteCount
 * says how much), none give NULL, as do MM_ALLOCATE_FULLY_REQUIRED requests that fall
 * short. Pages are zeroed unless MM_DONT_ZERO_ALLOCATION; NUMA, contiguity preferences
 * and trimming have no meaning here and are accepted.
 */
#include "mi.h"

#define MI_MDL_TAG 0x6C644D4D /* "MMdl" */
#define MI_MDL_BATCH 64
#define MI_MDL_MAX_BYTES ((SIZE_T)MAXULONG + 1 - PAGE_SIZE) /* 4 GiB - PAGE_SIZE, as NT */
#define MI_ALLOCATE_FAST_LARGE_PAGES 0x40
#define MI_ALLOCATE_TRIM_IF_NECESSARY 0x80
#define MI_ALLOCATE_AND_HOT_REMOVE 0x100
#define MI_MDL_ACCEPTED_FLAGS                                                                  \
    (MM_DONT_ZERO_ALLOCATION | MM_ALLOCATE_FROM_LOCAL_NODE_ONLY | MM_ALLOCATE_FULLY_REQUIRED | \
     MM_ALLOCATE_NO_WAIT | MM_ALLOCATE_PREFER_CONTIGUOUS | MI_ALLOCATE_TRIM_IF_NECESSARY)
#define MI_MDL_UNSUPPORTED_FLAGS                                            \
    (MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS | MI_ALLOCATE_FAST_LARGE_PAGES | \
     MI_ALLOCATE_AND_HOT_REMOVE)

typedef struct _MI_MDL_FILL
{
    PPFN_NUMBER Frames;
    PFN_NUMBER Wanted;
    PFN_NUMBER Got;
    BOOLEAN Zero;
    MEMORY_CACHING_TYPE CacheType;
} MI_MDL_FILL;

/* The next available page at or above *Cursor and at most High, unlinked; 0 if none. */
static PFN_NUMBER
MiTakeNextInWindow(PFN_NUMBER *Cursor, PFN_NUMBER High, PBOOLEAN IsZeroed)
{
    PMMPFN Entry;

    for (; *Cursor <= High; (*Cursor)++)
    {
        Entry = MiGetPfnEntry(*Cursor);
        if (Entry != NULL && MiIsPageAvailable(Entry))
        {
            *IsZeroed = Entry->Location == MiZeroedPageList;
            MiUnlinkPage(*Cursor);
            return (*Cursor)++;
        }
    }
    return 0;
}

/* Up to MI_MDL_BATCH pages under one hold of the PFN lock, zeroed after it is dropped;
 * FALSE when the window has no more. */
static BOOLEAN
MiFillBatch(MI_MDL_FILL *Fill, PFN_NUMBER *Cursor, PFN_NUMBER High, BOOLEAN WholeMemory)
{
    PFN_NUMBER Batch[MI_MDL_BATCH], Pfn = 1;
    BOOLEAN IsZeroed[MI_MDL_BATCH];
    KLOCK_QUEUE_HANDLE Lock;
    ULONG Count = 0, I;

    MiAcquirePfnLock(&Lock);
    while (Count < MI_MDL_BATCH && Fill->Got + Count < Fill->Wanted && Pfn != 0)
    {
        Pfn = WholeMemory ? MiRemoveAnyPage(Fill->Zero, &IsZeroed[Count])
                          : MiTakeNextInWindow(Cursor, High, &IsZeroed[Count]);
        if (Pfn == 0)
            break;
        MiClaimPage(Pfn, MiUsageMdl);
        MiPfnElement(Pfn)->CacheAttribute = (UCHAR)Fill->CacheType;
        Batch[Count++] = Pfn;
    }
    MiReleasePfnLock(&Lock);
    for (I = 0; I < Count; I++)
    {
        if (Fill->Zero && !IsZeroed[I])
            MiZeroPhysicalPage(Batch[I]);
        Fill->Frames[Fill->Got++] = Batch[I];
    }
    return Pfn != 0;
}

static VOID
MiFillWindows(MI_MDL_FILL *Fill, ULONG64 Low, ULONG64 High, ULONG64 Skip)
{
    PFN_NUMBER LowPfn = (Low + PAGE_SIZE - 1) >> PAGE_SHIFT, HighPfn, Cursor;

    if (((High + 1) >> PAGE_SHIFT) == 0)
        return;
    HighPfn = ((High + 1) >> PAGE_SHIFT) - 1;
    while (Fill->Got < Fill->Wanted && LowPfn <= MmHighestPhysicalPage && LowPfn <= HighPfn)
    {
        Cursor = LowPfn;
        while (Fill->Got < Fill->Wanted &&
               MiFillBatch(Fill, &Cursor, min(HighPfn, MmHighestPhysicalPage),
                           LowPfn == 0 && HighPfn >= MmHighestPhysicalPage))
            ;
        if (Skip == 0 || HighPfn > MAXULONG64 - (Skip >> PAGE_SHIFT))
            break;
        LowPfn += Skip >> PAGE_SHIFT;
        HighPfn += Skip >> PAGE_SHIFT;
    }
}

static VOID
MiFreeMdlFrames(PPFN_NUMBER Frames, PFN_NUMBER Count)
{
    PMMPFN Entry;
    PFN_NUMBER I;

    for (I = 0; I < Count; I++)
    {
        Entry = MiGetPfnEntry(Frames[I]);
        if (Entry == NULL || Entry->Usage != MiUsageMdl)
            KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, Frames[I], Entry != NULL ? Entry->Location : 0,
                         Entry != NULL ? Entry->Usage : 0);
        MiFreePage(Frames[I]);
    }
}

PMDL NTAPI
MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
                        PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes,
                        MEMORY_CACHING_TYPE CacheType, ULONG Flags)
{
    MI_MDL_FILL Fill;
    PMDL Mdl;

    if (Flags & MI_MDL_UNSUPPORTED_FLAGS)
        DbgPrint("Mm: MmAllocatePagesForMdlEx flags 0x%X are not implemented\n",
                 Flags & MI_MDL_UNSUPPORTED_FLAGS);
    if ((Flags & ~MI_MDL_ACCEPTED_FLAGS) != 0 || TotalBytes == 0 ||
        MiCacheAttributes(CacheType) == MAXULONG64 || LowAddress.QuadPart < 0 ||
        HighAddress.QuadPart < 0 || SkipBytes.QuadPart < 0 ||
        (SkipBytes.QuadPart & (PAGE_SIZE - 1)) != 0)
        return NULL;
    TotalBytes = min(TotalBytes, MI_MDL_MAX_BYTES);
    Fill.Wanted = BYTES_TO_PAGES(TotalBytes);
    Mdl = ExAllocatePoolWithTag(NonPagedPoolNx, MmSizeOfMdl(NULL, Fill.Wanted * PAGE_SIZE),
                                MI_MDL_TAG);
    if (Mdl == NULL)
        return NULL;
    MmInitializeMdl(Mdl, NULL, TotalBytes);
    Fill.Frames = MmGetMdlPfnArray(Mdl);
    Fill.Got = 0;
    Fill.Zero = !(Flags & MM_DONT_ZERO_ALLOCATION);
    Fill.CacheType = CacheType;
    MiFillWindows(&Fill, LowAddress.QuadPart, HighAddress.QuadPart, SkipBytes.QuadPart);
    if (Fill.Got == 0 || (Fill.Got < Fill.Wanted && (Flags & MM_ALLOCATE_FULLY_REQUIRED)))
    {
        MiFreeMdlFrames(Fill.Frames, Fill.Got);
        ExFreePoolWithTag(Mdl, MI_MDL_TAG);
        return NULL;
    }
    if (Fill.Got < Fill.Wanted)
        Mdl->ByteCount = (ULONG)(Fill.Got * PAGE_SIZE);
    Mdl->MdlFlags |= MDL_PAGES_LOCKED;
    return Mdl;
}

PMDL NTAPI
MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
                      PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes)
{
    return MmAllocatePagesForMdlEx(LowAddress, HighAddress, SkipBytes, TotalBytes, MmCached, 0);
}

/* The pages go back; the MDL itself stays the caller's, to free with ExFreePool. A mapping
 * of the MDL must be undone first. */
VOID NTAPI
MmFreePagesFromMdl(PMDLX MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;

    if (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        KeBugCheckEx(MEMORY_MANAGEMENT, 0x1000, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    MiFreeMdlFrames(MmGetMdlPfnArray(Mdl),
                    ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount));
    Mdl->MdlFlags &= ~MDL_PAGES_LOCKED;
}
