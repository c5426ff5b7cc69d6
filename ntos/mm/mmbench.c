/* SPDX-License-Identifier: MIT */
/*
 * Mm micro-benchmarks, run on /BENCH after Ke's (see ke/kebench.c: under scripts/bench a TSC
 * delta counts guest instructions). mm_page_allocate_free: one page off the free list and
 * back, through the PFN lock, without zeroing. mm_paged_pool_fault: the first touch of a
 * paged-pool page, from the trap through MmAccessFault to the retried access (the zeroed
 * page included: it comes off the zeroed list or is cleared then). mm_load_unload_image:
 * MmLoadSystemImage and MmUnloadSystemImage of ldrexport.sys (a small image from the boot
 * files: 8 pages, imports from ntoskrnl.exe only), the first round untimed.
 */
#include "mi.h"

#define MI_BENCH_ROUNDS 10000
#define MI_BENCH_FAULT_PAGES 256
#define MI_BENCH_FAULT_ROUNDS 8
#define MI_BENCH_LOAD_ROUNDS 100
#define MI_BENCH_TAG 0x68636E42 /* "Bnch" */

static ULONG64
MiBenchPageAllocateFree(VOID)
{
    ULONG64 Start = __rdtsc();
    PFN_NUMBER Pfn;
    ULONG I;

    for (I = 0; I < MI_BENCH_ROUNDS; I++)
    {
        Pfn = MiAllocatePage(MiUsageSystem, FALSE);
        if (Pfn == 0)
        {
            DbgPrint("Mm: bench: out of pages\n");
            return 0;
        }
        MiFreePage(Pfn);
    }
    return (__rdtsc() - Start) / MI_BENCH_ROUNDS;
}

/* Only the touches are timed; allocating and freeing the run (with its shootdown) are not. */
static ULONG64
MiBenchPagedPoolFault(VOID)
{
    ULONG64 Total = 0, Start;
    ULONG Round, I;
    PUCHAR P;

    for (Round = 0; Round < MI_BENCH_FAULT_ROUNDS; Round++)
    {
        P = ExAllocatePoolWithTag(PagedPool, MI_BENCH_FAULT_PAGES * PAGE_SIZE, MI_BENCH_TAG);
        if (P == NULL)
        {
            DbgPrint("Mm: bench: no paged pool\n");
            return 0;
        }
        Start = __rdtsc();
        for (I = 0; I < MI_BENCH_FAULT_PAGES; I++)
            (VOID) * (volatile UCHAR *)(P + (SIZE_T)I * PAGE_SIZE);
        Total += __rdtsc() - Start;
        ExFreePoolWithTag(P, MI_BENCH_TAG);
    }
    return Total / (MI_BENCH_FAULT_ROUNDS * MI_BENCH_FAULT_PAGES);
}
static ULONG64
MiBenchLoadUnloadImage(VOID)
{
    UNICODE_STRING Path = RTL_CONSTANT_STRING(L"\\SystemRoot\\System32\\drivers\\ldrexport.sys");
    PKLDR_MODULE Module;
    ULONG64 Start = 0;
    ULONG I;

    for (I = 0; I <= MI_BENCH_LOAD_ROUNDS; I++)
    {
        if (I == 1)
            Start = __rdtsc();
        if (!NT_SUCCESS(MmLoadSystemImage(&Path, MM_LOAD_AS_DRIVER, &Module)))
        {
            DbgPrint("Mm: bench: ldrexport.sys does not load\n");
            return 0;
        }
        MmUnloadSystemImage(Module);
    }
    return (__rdtsc() - Start) / MI_BENCH_LOAD_ROUNDS;
}

VOID
MmRunBenchmarks(VOID)
{
    DbgPrint("bench mm_page_allocate_free %I64u instructions\n", MiBenchPageAllocateFree());
    DbgPrint("bench mm_paged_pool_fault %I64u instructions\n", MiBenchPagedPoolFault());
    DbgPrint("bench mm_load_unload_image %I64u instructions\n", MiBenchLoadUnloadImage());
}
