/* SPDX-License-Identifier: MIT */
/*
 * Page-fault self-tests: paged pool is demand zero (not-present PTEs until touched, a zeroed
 * page from the PFN database on first touch, frames back on free); touching it above
 * APC_LEVEL is refused; processors racing to touch the same fresh pages end up sharing one
 * page each; and every loaded image is mapped W^X, checked PTE by PTE.
 */
#include "ntos.h"
#include "../mm/mi.h"

#define KT_FAULT_TAG 0x746C6146 /* "Falt" */
#define KT_FAULT_PAGES 8
#define KT_RACE_PAGES 64
#define KT_MAX_RACERS 8

static VOID
KtTouch(PVOID Address)
{
    (VOID) * (volatile UCHAR *)Address;
}

static BOOLEAN
KtPresent(PUCHAR Va)
{
    return (*MiAddressToPte((ULONG64)(ULONG_PTR)Va) & MI_PTE_VALID) != 0;
}

/* Frame behind a present paged-pool page. */
static PFN_NUMBER
KtFrame(PUCHAR Va)
{
    return (PFN_NUMBER)((*MiAddressToPte((ULONG64)(ULONG_PTR)Va) & MI_PTE_FRAME_MASK) >>
                        PAGE_SHIFT);
}

static VOID
KtPagedPoolIsDemandZero(PKT_CONTEXT Context)
{
    LONG64 Resident = MiPagedPoolResidentPages;
    ULONG64 InUse = MmQueryPagesInUse();
    PUCHAR P = ExAllocatePoolWithTag(PagedPool, KT_FAULT_PAGES * PAGE_SIZE, KT_FAULT_TAG);
    PFN_NUMBER Frames[2];
    ULONG I;

    KT_CHECK(Context, P != NULL, "paged allocation failed");
    KT_CHECK(Context, MiIsPagedPoolAddress((ULONG64)(ULONG_PTR)P), "%p is outside paged pool", P);
    for (I = 0; I < KT_FAULT_PAGES; I++)
    {
        KT_CHECK(Context,
                 MiIsDemandZeroPte(*MiAddressToPte((ULONG64)(ULONG_PTR)(P + I * PAGE_SIZE))),
                 "page %u has PTE %I64x before any touch", I,
                 *MiAddressToPte((ULONG64)(ULONG_PTR)(P + I * PAGE_SIZE)));
        KT_CHECK(Context, !MmIsAddressValid(P + I * PAGE_SIZE), "page %u is valid untouched", I);
    }
    KT_CHECK(Context, MmQueryPagesInUse() == InUse, "allocating took %I64d page(s)",
             (LONG64)(MmQueryPagesInUse() - InUse));
    KT_CHECK(Context, P[PAGE_SIZE + 7] == 0 && P[5 * PAGE_SIZE] == 0, "a fresh page is not zero");
    P[5 * PAGE_SIZE + 1] = 0x5A;
    KT_CHECK(Context, KtPresent(P + PAGE_SIZE) && KtPresent(P + 5 * PAGE_SIZE), "not faulted in");
    KT_CHECK(Context, !KtPresent(P) && !KtPresent(P + 2 * PAGE_SIZE), "untouched pages came in");
    KT_CHECK(Context, MiPagedPoolResidentPages - Resident == 2 && MmQueryPagesInUse() - InUse == 2,
             "two touched pages made %I64d resident, %I64d in use",
             MiPagedPoolResidentPages - Resident, (LONG64)(MmQueryPagesInUse() - InUse));
    Frames[0] = KtFrame(P + PAGE_SIZE);
    Frames[1] = KtFrame(P + 5 * PAGE_SIZE);
    for (I = 0; I < 2; I++)
        KT_CHECK(Context,
                 MiGetPfnEntry(Frames[I]) != NULL &&
                     MiGetPfnEntry(Frames[I])->Usage == MiUsagePagedPool &&
                     MiGetPfnEntry(Frames[I])->Location == MiActiveAndValid,
                 "frame %Ix is not an active paged-pool page", Frames[I]);
    ExFreePoolWithTag(P, KT_FAULT_TAG);
    KT_CHECK(Context, MiPagedPoolResidentPages == Resident && MmQueryPagesInUse() == InUse,
             "freeing left %I64d resident, %I64d in use", MiPagedPoolResidentPages - Resident,
             (LONG64)(MmQueryPagesInUse() - InUse));
    KT_CHECK(Context, *MiAddressToPte((ULONG64)(ULONG_PTR)(P + PAGE_SIZE)) == 0,
             "a freed page's PTE still holds %I64x",
             *MiAddressToPte((ULONG64)(ULONG_PTR)(P + PAGE_SIZE)));
}

static VOID
KtPagedPoolAboveApcIsCaught(PKT_CONTEXT Context)
{
    PUCHAR P = ExAllocatePoolWithTag(PagedPool, 2 * PAGE_SIZE, KT_FAULT_TAG);
    KI_PROBE_FAULT Fault;
    NTSTATUS Status;
    KIRQL OldIrql;

    KT_CHECK(Context, P != NULL, "paged allocation failed");
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Status = KiTryProbe(KtTouch, P + PAGE_SIZE, &Fault);
    KeLowerIrql(OldIrql);
    KT_CHECK(Context,
             Status == STATUS_ACCESS_VIOLATION && Fault.FaultAddress == (ULONG_PTR)P + PAGE_SIZE,
             "a touch at DISPATCH_LEVEL gave 0x%08X at %p", Status, (PVOID)Fault.FaultAddress);
    KT_CHECK(Context, !KtPresent(P + PAGE_SIZE), "the page came in at DISPATCH_LEVEL");
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    Status = KiTryProbe(KtTouch, P + PAGE_SIZE, &Fault);
    KeLowerIrql(OldIrql);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtPresent(P + PAGE_SIZE),
             "a touch at APC_LEVEL gave 0x%08X", Status);
    ExFreePoolWithTag(P, KT_FAULT_TAG);
}

/* Freed pages are really gone: touching one is a plain fault, not a new demand-zero page. */
static VOID
KtFreedPagedPoolFaults(PKT_CONTEXT Context)
{
    PUCHAR P = ExAllocatePoolWithTag(PagedPool, 3 * PAGE_SIZE, KT_FAULT_TAG);
    KI_PROBE_FAULT Fault;
    NTSTATUS Status;

    KT_CHECK(Context, P != NULL, "paged allocation failed");
    P[2 * PAGE_SIZE] = 1;
    ExFreePoolWithTag(P, KT_FAULT_TAG);
    Status = KiTryProbe(KtTouch, P + 2 * PAGE_SIZE, &Fault);
    KT_CHECK(Context, Status == STATUS_ACCESS_VIOLATION && !(Fault.ErrorCode & 1),
             "touching a freed page gave 0x%08X (error code %I64x)", Status, Fault.ErrorCode);
}

/* ExAllocatePool2 zeroes what it hands out, but a fresh paged run is zero already: the
 * pages must read as zero and still be untouched until then. */
static VOID
KtPool2PagedStaysUntouched(PKT_CONTEXT Context)
{
    PUCHAR P = ExAllocatePool2(POOL_FLAG_PAGED, 4 * PAGE_SIZE, KT_FAULT_TAG);
    ULONG I;

    KT_CHECK(Context, P != NULL, "ExAllocatePool2 failed");
    for (I = 0; I < 4; I++)
        KT_CHECK(Context, !KtPresent(P + I * PAGE_SIZE), "page %u was touched by the zeroing", I);
    for (I = 0; I < 4 * PAGE_SIZE; I += 512)
        KT_CHECK(Context, P[I] == 0, "byte %u is %02x", I, P[I]);
    ExFreePoolWithTag(P, KT_FAULT_TAG);
}

typedef struct _KT_RACE
{
    PUCHAR Buffer;
    volatile LONG Ready;
    volatile LONG Go;
} KT_RACE;

static KT_RACE KtRace;
static KTHREAD KtRacers[KT_MAX_RACERS];

/* Every racer touches every page, starting together, and counts itself into each. */
static VOID NTAPI
KtRacer(PVOID Context)
{
    ULONG I, First = (ULONG)(ULONG_PTR)Context;

    InterlockedIncrement(&KtRace.Ready);
    while (KtRace.Go == 0)
        YieldProcessor();
    for (I = 0; I < KT_RACE_PAGES; I++)
        InterlockedIncrement(
            (volatile LONG *)(KtRace.Buffer + ((I + First) % KT_RACE_PAGES) * PAGE_SIZE));
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID
KtConcurrentFirstTouch(PKT_CONTEXT Context)
{
    ULONG Racers = min(KeQueryActiveProcessorCount(NULL), KT_MAX_RACERS), I, Started = 0;
    LONG64 Resident = MiPagedPoolResidentPages, Faults = MiPagedPoolFaults;
    LONG64 Lost = MiPagedPoolRacesLost;
    BOOLEAN Ok = TRUE;

    Racers = max(Racers, 2);
    RtlZeroMemory(&KtRace, sizeof(KtRace));
    KtRace.Buffer = ExAllocatePoolWithTag(PagedPool, KT_RACE_PAGES * PAGE_SIZE, KT_FAULT_TAG);
    KT_CHECK(Context, KtRace.Buffer != NULL, "paged allocation failed");
    for (I = 0; I < Racers; I++)
    {
        /* Half start at page 0 and half in the middle, so the races are on both ends. */
        if (!NT_SUCCESS(KtStartThreadOn(
                &KtRacers[I], KtRacer, (PVOID)(ULONG_PTR)((I & 1) * KT_RACE_PAGES / 2),
                KT_SYSTEM_PRIORITY, (KAFFINITY)1 << (I % KeQueryActiveProcessorCount(NULL)))))
            break;
        Started++;
    }
    while (KtRace.Ready != (LONG)Started)
        YieldProcessor();
    KtRace.Go = 1;
    for (I = 0; I < Started; I++)
        Ok = NT_SUCCESS(KtJoinThread(&KtRacers[I])) && Ok;
    KT_CHECK(Context, Started == Racers && Ok, "%u of %u racers ran", Started, Racers);
    for (I = 0; I < KT_RACE_PAGES; I++)
        KT_CHECK(Context, *(volatile LONG *)(KtRace.Buffer + I * PAGE_SIZE) == (LONG)Racers,
                 "page %u counts %d touches of %u: a racer wrote to a page that lost", I,
                 *(volatile LONG *)(KtRace.Buffer + I * PAGE_SIZE), Racers);
    /* How often the race really happened depends on timing: reported, not asserted. */
    DbgPrint("Kt: %u racers on %u fresh pages: %I64d faults found the page taken\n", Racers,
             KT_RACE_PAGES, MiPagedPoolRacesLost - Lost);
    /* Kernel stacks of the racers come and go meanwhile, so pages in use are not compared. */
    KT_CHECK(Context,
             MiPagedPoolResidentPages - Resident == KT_RACE_PAGES &&
                 MiPagedPoolFaults - Faults == KT_RACE_PAGES,
             "%u pages made %I64d resident in %I64d resolved faults", KT_RACE_PAGES,
             MiPagedPoolResidentPages - Resident, MiPagedPoolFaults - Faults);
    ExFreePoolWithTag(KtRace.Buffer, KT_FAULT_TAG);
    KT_CHECK(Context, MiPagedPoolResidentPages == Resident, "%I64d page(s) stayed resident",
             MiPagedPoolResidentPages - Resident);
}

/* What one page of an image must be: a section's protection, or the headers' (read-only). */
static VOID
KtCheckImagePage(PKT_CONTEXT Context, PKLDR_MODULE Module, ULONG64 Va, ULONG Protection)
{
    MMPTE Pte = MmQueryPteContents((PVOID)(ULONG_PTR)Va);
    BOOLEAN Write = (Pte & MI_PTE_WRITE) != 0, Execute = !(Pte & MI_PTE_NO_EXECUTE);

    if (!(Pte & MI_PTE_VALID))
        return; /* alignment padding, or a discarded section: nothing can use it */
    KT_CHECK(Context, !(Write && Execute), "%s+0x%I64x is writable and executable",
             Module->Loader->BaseDllName, Va - Module->View.LoadBase);
    KT_CHECK(Context, !((Protection & PE_PROT_EXECUTE) && Write), "%s+0x%I64x: writable code",
             Module->Loader->BaseDllName, Va - Module->View.LoadBase);
    KT_CHECK(Context, Execute == ((Protection & PE_PROT_EXECUTE) != 0), "%s+0x%I64x: %s",
             Module->Loader->BaseDllName, Va - Module->View.LoadBase,
             Execute ? "data is executable" : "code is not executable");
    KT_CHECK(Context, Write == ((Protection & PE_PROT_WRITE) != 0), "%s+0x%I64x: %s",
             Module->Loader->BaseDllName, Va - Module->View.LoadBase,
             Write ? "read-only data is writable" : "data is read-only");
}

static VOID
KtImagesAreWriteXorExecute(PKT_CONTEXT Context)
{
    const PE_SECTION_HEADER *Section;
    PKLDR_MODULE Module;
    ULONG64 Va, Base;
    USHORT Count, S;
    ULONG M, Pages = 0;

    for (M = 0; (Module = MmLoadedModule(M)) != NULL; M++)
    {
        Base = Module->View.LoadBase;
        for (Va = Base; Va < Base + Module->View.Nt->OptionalHeader.SizeOfHeaders; Va += PAGE_SIZE)
        {
            KtCheckImagePage(Context, Module, Va, PE_PROT_READ);
            if (Context->Failed)
                return;
        }
        Section = PeFirstSection(&Module->View, &Count);
        for (S = 0; S < Count; S++)
        {
            for (Va = Base + Section[S].VirtualAddress;
                 Va <
                 Base + Section[S].VirtualAddress +
                     (Section[S].VirtualSize ? Section[S].VirtualSize : Section[S].SizeOfRawData);
                 Va += PAGE_SIZE, Pages++)
            {
                KtCheckImagePage(Context, Module, Va, PeSectionProtection(&Section[S]));
                if (Context->Failed)
                    return;
            }
        }
    }
    KT_CHECK(Context, M >= 2 && Pages > 16, "only %u module(s), %u page(s) checked", M, Pages);
}

static const KT_TEST KtFaultTests[] = {
    {"paged pool is demand zero until touched and gives its frames back", KtPagedPoolIsDemandZero},
    {"paged pool touched above APC_LEVEL faults and stays out", KtPagedPoolAboveApcIsCaught},
    {"a freed paged-pool page is no memory", KtFreedPagedPoolFaults},
    {"ExAllocatePool2 leaves fresh paged pages untouched, reading zero",
     KtPool2PagedStaysUntouched},
    {"processors racing on fresh paged pool share one page each", KtConcurrentFirstTouch},
    {"every loaded image is mapped W^X", KtImagesAreWriteXorExecute},
};

const KT_SUITE KtFaultSuite = {"Mm fault", KtFaultTests, RTL_NUMBER_OF(KtFaultTests)};
