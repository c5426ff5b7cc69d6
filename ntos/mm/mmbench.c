/* SPDX-License-Identifier: MIT */
/*
 * Mm micro-benchmarks, run on /BENCH after Ke's (see ke/kebench.c: under scripts/bench a TSC
 * delta counts guest instructions). mm_page_allocate_free: one page off the free list and
 * back, through the PFN lock, without zeroing.
 */
#include "mi.h"

#define MI_BENCH_ROUNDS 10000

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

VOID
MmRunBenchmarks(VOID)
{
    DbgPrint("bench mm_page_allocate_free %I64u instructions\n", MiBenchPageAllocateFree());
}
