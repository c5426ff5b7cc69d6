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

static ULONG KtDataWord = 1;

static VOID
KtAddressValidity(PKT_CONTEXT Context)
{
    PKTHREAD Thread = KeGetCurrentThread();
    PKLDR_MODULE Kernel = MmLoadedModule(0);
    ULONG64 Offset = (ULONG64)(ULONG_PTR)&KtDataWord - Kernel->View.LoadBase;
    PHYSICAL_ADDRESS Physical;

    KT_CHECK(Context, MmIsAddressValid(&KtDataWord), "kernel data reported invalid");
    KT_CHECK(Context, MmIsAddressValid((PUCHAR)Thread->StackBase - 8), "own stack invalid");
    KT_CHECK(Context, !MmIsAddressValid((PUCHAR)Thread->StackLimit - 1),
             "the guard page below the stack reported valid");
    KT_CHECK(Context, !MmIsAddressValid(NULL), "page 0 reported valid");
    KT_CHECK(Context, !MmIsAddressValid((PVOID)0x0000800000000000ull),
             "a non-canonical address reported valid");
    Physical = MmGetPhysicalAddress(&KtDataWord);
    KT_CHECK(Context, (ULONG64)Physical.QuadPart == Kernel->Loader->PhysicalBase + Offset,
             "physical %I64x, the loader put it at %I64x", Physical.QuadPart,
             Kernel->Loader->PhysicalBase + Offset);
    Physical = MmGetPhysicalAddress((PVOID)0x200123ull); /* identity map, 2 MiB page */
    KT_CHECK(Context, Physical.QuadPart == 0x200123, "identity-mapped 0x200123 -> %I64x",
             Physical.QuadPart);
    KT_CHECK(Context, MmGetPhysicalAddress(NULL).QuadPart == 0, "NULL has a physical address");
}

static VOID
KtSystemRoutineLookup(PKT_CONTEXT Context)
{
    UNICODE_STRING Name;
    PVOID Address;

    RtlInitUnicodeString(&Name, L"KeSetEvent");
    KT_CHECK(Context, MmGetSystemRoutineAddress(&Name) == (PVOID)KeSetEvent, "KeSetEvent");
    RtlInitUnicodeString(&Name, L"KeStallExecutionProcessor");
    Address = MmGetSystemRoutineAddress(&Name);
    KT_CHECK(Context,
             Address != NULL && MmFindModuleByAddress((ULONG_PTR)Address) == MmLoadedModule(1),
             "KeStallExecutionProcessor not found in hal.dll (%p)", Address);
    RtlInitUnicodeString(&Name, L"HalDisplayString");
    KT_CHECK(Context, MmGetSystemRoutineAddress(&Name) == (PVOID)InbvDisplayString,
             "the HalDisplayString forwarder was not followed");
    RtlInitUnicodeString(&Name, L"KeNoSuchRoutine");
    KT_CHECK(Context, MmGetSystemRoutineAddress(&Name) == NULL, "a missing routine was found");
    RtlInitUnicodeString(&Name, L"KeSetEv\x00e9nt");
    KT_CHECK(Context, MmGetSystemRoutineAddress(&Name) == NULL, "a non-ASCII name was found");
}

static const KT_TEST KtMmTests[] = {
    {"MmIsAddressValid and MmGetPhysicalAddress walk the page tables", KtAddressValidity},
    {"MmGetSystemRoutineAddress finds kernel and HAL exports", KtSystemRoutineLookup},
    {"writing .text faults", KtTextIsNotWritable},
    {"writing .rdata faults", KtRdataIsNotWritable},
    {"executing .data faults", KtDataIsNotExecutable},
    {"fault probe runs a clean routine", KtProbeRunsCleanRoutine},
    {"memory map is sorted without overlaps", KtMemoryMapHasNoOverlaps},
    {"kernel image pages are LoaderSystemCode", KtKernelPagesDescribed},
};

const KT_SUITE KtMmSuite = {"Mm", KtMmTests, RTL_NUMBER_OF(KtMmTests)};
