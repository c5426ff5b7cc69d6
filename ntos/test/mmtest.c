/* SPDX-License-Identifier: MIT */
/*
 * Mm self-tests: image sections are mapped W^X (code and read-only data reject writes, data
 * rejects execution), checked by really faulting under KiTryProbe; and the physical memory
 * map handed over is sorted and free of overlaps.
 */
#include "ntos.h"

#define KT_PF_PRESENT 0x1
#define KT_PF_WRITE 0x2
#define KT_PF_FETCH 0x10

/* Non-volatile const so gcc places it in .rdata; reads go through a volatile pointer. */
static const ULONG KtReadOnlyWord = 0x600DF00D;
/* "ret" in a writable data section: executing it must fault, not return. */
static volatile UCHAR KtDataCode[16] = {0xC3};

static VOID
KtWriteByte(PVOID Address)
{
    *(volatile UCHAR *)Address = 0xCC;
}

static VOID
KtExecute(PVOID Address)
{
    ((VOID(*)(VOID))Address)();
}

static VOID
KtExpectWriteFault(PKT_CONTEXT Context, PVOID Address, PCSTR What)
{
    KI_PROBE_FAULT Fault;
    NTSTATUS Status = KiTryProbe(KtWriteByte, Address, &Fault);

    KT_CHECK(Context, Status == STATUS_ACCESS_VIOLATION, "writing %s at %p did not fault (0x%08X)",
             What, Address, Status);
    KT_CHECK(Context, Fault.Vector == 14 && Fault.FaultAddress == (ULONG64)(ULONG_PTR)Address,
             "wrong fault: vector %u at %p", Fault.Vector, (PVOID)Fault.FaultAddress);
    KT_CHECK(Context,
             (Fault.ErrorCode & (KT_PF_PRESENT | KT_PF_WRITE)) == (KT_PF_PRESENT | KT_PF_WRITE),
             "page fault error code 0x%I64x is not a protection write fault", Fault.ErrorCode);
}

static VOID
KtTextIsNotWritable(PKT_CONTEXT Context)
{
    KtExpectWriteFault(Context, (PVOID)&KtWriteByte, ".text");
}

static VOID
KtRdataIsNotWritable(PKT_CONTEXT Context)
{
    KtExpectWriteFault(Context, (PVOID)&KtReadOnlyWord, ".rdata");
    KT_CHECK(Context, *(const volatile ULONG *)&KtReadOnlyWord == 0x600DF00D, ".rdata changed");
}

static VOID
KtDataIsNotExecutable(PKT_CONTEXT Context)
{
    KI_PROBE_FAULT Fault;
    NTSTATUS Status = KiTryProbe(KtExecute, (PVOID)KtDataCode, &Fault);

    KT_CHECK(Context, Status == STATUS_ACCESS_VIOLATION, "executing .data did not fault");
    KT_CHECK(Context,
             Fault.Vector == 14 && (Fault.ErrorCode & KT_PF_FETCH) &&
                 Fault.Rip == (ULONG64)(ULONG_PTR)KtDataCode,
             "wrong fault: vector %u error 0x%I64x rip %p", Fault.Vector, Fault.ErrorCode,
             (PVOID)Fault.Rip);
}

/* The probe must also let a harmless routine run to completion. */
static VOID
KtProbeRunsCleanRoutine(PKT_CONTEXT Context)
{
    KI_PROBE_FAULT Fault;
    static volatile UCHAR Scratch;

    KT_CHECK(Context, KiTryProbe(KtWriteByte, (PVOID)&Scratch, &Fault) == STATUS_SUCCESS,
             "writing .data faulted");
    KT_CHECK(Context, Scratch == 0xCC, "write to .data was lost");
}

static VOID
KtMemoryMapHasNoOverlaps(PKT_CONTEXT Context)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Map = KeLoaderBlock->MemoryDescriptors;
    ULONG Count = KeLoaderBlock->MemoryDescriptorCount, I;
    ULONG64 FreePages = 0;

    KT_CHECK(Context, Map != NULL && Count > 0, "no memory descriptors");
    for (I = 0; I < Count; I++)
    {
        KT_CHECK(Context, Map[I].MemoryType < LoaderMaximum && Map[I].PageCount > 0,
                 "descriptor %u: type %u, %I64u pages", I, Map[I].MemoryType, Map[I].PageCount);
        if (I > 0)
            KT_CHECK(Context, Map[I - 1].BasePage + Map[I - 1].PageCount <= Map[I].BasePage,
                     "descriptors %u and %u overlap (page 0x%I64x + 0x%I64x > 0x%I64x)", I - 1, I,
                     Map[I - 1].BasePage, Map[I - 1].PageCount, Map[I].BasePage);
        if (Map[I].MemoryType == LoaderFree)
            FreePages += Map[I].PageCount;
    }
    KT_CHECK(Context, FreePages > 0, "no free memory reported");
}

/* The kernel's pages are described as LoaderSystemCode where the loader put them. */
static VOID
KtKernelPagesDescribed(PKT_CONTEXT Context)
{
    const MEMORY_ALLOCATION_DESCRIPTOR *Map = KeLoaderBlock->MemoryDescriptors;
    const LOADER_MODULE *Kernel = &KeLoaderBlock->Modules[0];
    ULONG64 Page = Kernel->PhysicalBase / PAGE_SIZE;
    ULONG I;

    for (I = 0; I < KeLoaderBlock->MemoryDescriptorCount; I++)
    {
        if (Page >= Map[I].BasePage && Page < Map[I].BasePage + Map[I].PageCount)
        {
            KT_CHECK(Context, Map[I].MemoryType == LoaderSystemCode,
                     "kernel page 0x%I64x has type %u", Page, Map[I].MemoryType);
            return;
        }
    }
    KT_CHECK(Context, FALSE, "kernel page 0x%I64x is in no descriptor", Page);
}

static const KT_TEST KtMmTests[] = {
    {"writing .text faults", KtTextIsNotWritable},
    {"writing .rdata faults", KtRdataIsNotWritable},
    {"executing .data faults", KtDataIsNotExecutable},
    {"fault probe runs a clean routine", KtProbeRunsCleanRoutine},
    {"memory map is sorted without overlaps", KtMemoryMapHasNoOverlaps},
    {"kernel image pages are LoaderSystemCode", KtKernelPagesDescribed},
};

const KT_SUITE KtMmSuite = {"Mm", KtMmTests, RTL_NUMBER_OF(KtMmTests)};
