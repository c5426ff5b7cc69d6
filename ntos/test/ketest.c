/* SPDX-License-Identifier: MIT */
/* Ke self-tests: the descriptor tables are NT's, and a stack walk through the images'
 * unwind data gets from a nested call back to its callers. */
#include "ntos.h"

static VOID
KtSegmentsAreNt(PKT_CONTEXT Context)
{
    USHORT Cs, Ss, Ds, Tr;

    __asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2; str %3"
                     : "=r"(Cs), "=r"(Ss), "=r"(Ds), "=r"(Tr));
    KT_CHECK(Context, Cs == KGDT64_R0_CODE && Ss == KGDT64_R0_DATA, "cs %x ss %x", Cs, Ss);
    KT_CHECK(Context, Ds == (KGDT64_R3_DATA | 3) && Tr == KGDT64_SYS_TSS, "ds %x tr %x", Ds, Tr);
}

/* Walk up Count frames with the exported Rtl unwind routines, as a debugger would. */
static DECLSPEC_NOINLINE VOID
KtWalkFrom(ULONG64 *Callers, ULONG Count)
{
    CONTEXT Context;
    PRUNTIME_FUNCTION Function;
    ULONG64 ImageBase, Establisher;
    PVOID HandlerData;
    ULONG I;

    RtlCaptureContext(&Context);
    for (I = 0; I < Count; I++)
    {
        Function = RtlLookupFunctionEntry(Context.Rip, &ImageBase, NULL);
        if (ImageBase == 0)
            break;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, ImageBase, Context.Rip, Function, &Context,
                         &HandlerData, &Establisher, NULL);
        if (Context.Rip == 0)
            break;
        Callers[I] = Context.Rip;
    }
}

static DECLSPEC_NOINLINE VOID
KtNestedCall(ULONG64 *Callers, ULONG Count)
{
    volatile UCHAR Frame[200];

    Frame[0] = 1;
    KtWalkFrom(Callers, Count);
    Frame[1] = Frame[0];
}

/* The function whose unwind entry covers Address, or 0. */
static ULONG64
KtFunctionStart(ULONG64 Address)
{
    ULONG64 ImageBase;
    PRUNTIME_FUNCTION Function = RtlLookupFunctionEntry(Address, &ImageBase, NULL);

    return Function != NULL ? ImageBase + Function->BeginAddress : 0;
}

static VOID
KtUnwindWalksCallers(PKT_CONTEXT Context)
{
    ULONG64 Callers[3] = {0};

    KtNestedCall(Callers, RTL_NUMBER_OF(Callers));
    /* Callers[0] is in KtNestedCall, Callers[1] in this function. */
    KT_CHECK(Context, KtFunctionStart(Callers[0]) == (ULONG64)(ULONG_PTR)&KtNestedCall,
             "first caller %p is not in KtNestedCall", (PVOID)Callers[0]);
    KT_CHECK(Context, KtFunctionStart(Callers[1]) == (ULONG64)(ULONG_PTR)&KtUnwindWalksCallers,
             "second caller %p is not in KtUnwindWalksCallers", (PVOID)Callers[1]);
}

static DECLSPEC_NOINLINE ULONG
KtBackTraceFrom(PVOID *Walked, PVOID *Captured, PULONG Hash, PUSHORT CapturedCount)
{
    volatile UCHAR Frame[64];
    ULONG Count;

    Frame[0] = 1;
    Count = RtlWalkFrameChain(Walked, 4, 0);
    *CapturedCount = RtlCaptureStackBackTrace(1, 4, Captured, Hash);
    Frame[1] = Frame[0];
    return Count;
}

/* RtlWalkFrameChain starts at its caller; RtlCaptureStackBackTrace skips as asked. */
static VOID
KtBackTraces(PKT_CONTEXT Context)
{
    PVOID Walked[4] = {0}, Captured[4] = {0}, Base = NULL, User[2];
    ULONG Count, Hash = 0, Sum = 0, I;
    USHORT CapturedCount = 0;
    ULONG64 ImageBase;

    Count = KtBackTraceFrom(Walked, Captured, &Hash, &CapturedCount);
    KT_CHECK(Context, Count == 4 && CapturedCount == 4, "walked %u, captured %u", Count,
             CapturedCount);
    KT_CHECK(
        Context,
        KtFunctionStart((ULONG64)(ULONG_PTR)Walked[0]) == (ULONG64)(ULONG_PTR)&KtBackTraceFrom &&
            KtFunctionStart((ULONG64)(ULONG_PTR)Walked[1]) == (ULONG64)(ULONG_PTR)&KtBackTraces,
        "walk starts at %p, %p", Walked[0], Walked[1]);
    /* Skipping one frame from inside KtBackTraceFrom starts at its caller. */
    KT_CHECK(Context, Captured[0] == Walked[1] && Captured[1] == Walked[2],
             "captured %p %p, walked %p %p", Captured[0], Captured[1], Walked[1], Walked[2]);
    for (I = 0; I < CapturedCount; I++)
        Sum += (ULONG)(ULONG_PTR)Captured[I];
    KT_CHECK(Context, Hash == Sum, "hash %x, sum %x", Hash, Sum);
    KT_CHECK(Context, RtlWalkFrameChain(User, 2, 1) == 0, "user-mode frames without user mode");
    RtlLookupFunctionEntry((ULONG64)(ULONG_PTR)&KtBackTraces, &ImageBase, NULL);
    KT_CHECK(Context,
             RtlPcToFileHeader((PVOID)&KtBackTraces, &Base) == (PVOID)(ULONG_PTR)ImageBase &&
                 Base == (PVOID)(ULONG_PTR)ImageBase && ImageBase != 0,
             "RtlPcToFileHeader gave %p, the image is at %p", Base, (PVOID)ImageBase);
    KT_CHECK(Context, RtlPcToFileHeader(NULL, &Base) == NULL && Base == NULL,
             "an address in no image has one");
}

/* What DDK inlines read through GS must be the kernel's own view of the processor. */
static VOID
KtPcrThroughGs(PKT_CONTEXT Context)
{
    PKIPCR Pcr = KiGetPcr();
    PROCESSOR_NUMBER Number;

    KT_CHECK(Context, Pcr != NULL && Pcr->Pcr.Self == &Pcr->Pcr, "KPCR.Self is wrong");
    KT_CHECK(Context, Pcr->Pcr.CurrentPrcb == (struct _KPRCB *)&Pcr->Prcb, "CurrentPrcb wrong");
    KT_CHECK(Context, KeGetPcr() == &Pcr->Pcr, "DDK KeGetPcr() disagrees");
    KT_CHECK(Context,
             (PKTHREAD)__readgsqword(0x188) == Pcr->Prcb.CurrentThread &&
                 KeGetCurrentThread() == Pcr->Prcb.CurrentThread && KeGetCurrentThread() != NULL,
             "gs:[0x188] %p, KeGetCurrentThread %p", (PVOID)__readgsqword(0x188),
             KeGetCurrentThread());
    KT_CHECK(Context, KeGetCurrentProcessorNumber() == 0, "DDK KeGetCurrentProcessorNumber %u",
             KeGetCurrentProcessorNumber());
    KT_CHECK(Context,
             KeGetCurrentProcessorNumberEx(&Number) == 0 && Number.Group == 0 && Number.Number == 0,
             "KeGetCurrentProcessorNumberEx");
    KT_CHECK(Context, KeQueryActiveProcessorCount(NULL) >= 1, "no active processor");
}

static VOID
KtIrqlRaiseAndLower(PKT_CONTEXT Context)
{
    KIRQL Old;

    KT_CHECK(Context, KeGetCurrentIrql() == PASSIVE_LEVEL, "boot IRQL is %u", KeGetCurrentIrql());
    Old = KfRaiseIrql(APC_LEVEL);
    KT_CHECK(Context, Old == PASSIVE_LEVEL && __readcr8() == APC_LEVEL, "raise to APC_LEVEL");
    Old = KeRaiseIrqlToDpcLevel();
    KT_CHECK(Context, Old == APC_LEVEL && KeGetCurrentIrql() == DISPATCH_LEVEL,
             "raise to DISPATCH_LEVEL returned %u", Old);
    KeLowerIrql(Old);
    KT_CHECK(Context, KeGetCurrentIrql() == APC_LEVEL, "lower to APC_LEVEL");
    KeLowerIrql(PASSIVE_LEVEL);
    KT_CHECK(Context, __readcr8() == PASSIVE_LEVEL, "lower to PASSIVE_LEVEL");
}

static VOID
KtSpinLockRaisesAndExcludes(PKT_CONTEXT Context)
{
    KSPIN_LOCK Lock, Other;
    KIRQL Old, OldForDpc;

    KeInitializeSpinLock(&Lock);
    KeInitializeSpinLock(&Other);
    KT_CHECK(Context, KeTestSpinLock(&Lock), "a new lock is not free");
    KeAcquireSpinLock(&Lock, &Old);
    KT_CHECK(Context, Old == PASSIVE_LEVEL && KeGetCurrentIrql() == DISPATCH_LEVEL,
             "acquire left IRQL %u (old %u)", KeGetCurrentIrql(), Old);
    KT_CHECK(Context, !KeTestSpinLock(&Lock), "held lock reported free");
    KT_CHECK(Context, !KeTryToAcquireSpinLockAtDpcLevel(&Lock), "try-acquire of a held lock");
    KT_CHECK(Context, KeTryToAcquireSpinLockAtDpcLevel(&Other), "try-acquire of a free lock");
    KeReleaseSpinLockFromDpcLevel(&Other);
    KeAcquireSpinLockAtDpcLevel(&Other);
    KT_CHECK(Context, !KeTestSpinLock(&Other), "AtDpcLevel acquire did not take the lock");
    KeReleaseSpinLockFromDpcLevel(&Other);
    OldForDpc = KeAcquireSpinLockForDpc(&Other);
    KT_CHECK(Context, OldForDpc == DISPATCH_LEVEL, "ForDpc at DISPATCH returned %u", OldForDpc);
    KeReleaseSpinLockForDpc(&Other, OldForDpc);
    KT_CHECK(Context, KeGetCurrentIrql() == DISPATCH_LEVEL, "ForDpc release changed IRQL");
    KeReleaseSpinLock(&Lock, Old);
    KT_CHECK(Context, KeGetCurrentIrql() == PASSIVE_LEVEL && Lock == 0 && Other == 0,
             "release left IRQL %u, lock words %p %p", KeGetCurrentIrql(), (PVOID)Lock,
             (PVOID)Other);
}

static VOID
KtQueuedSpinLockHandsOver(PKT_CONTEXT Context)
{
    KLOCK_QUEUE_HANDLE Outer, Inner;
    KSPIN_LOCK First = 0, Second = 0;

    KeAcquireInStackQueuedSpinLock(&First, &Outer);
    KT_CHECK(Context, KeGetCurrentIrql() == DISPATCH_LEVEL && Outer.OldIrql == PASSIVE_LEVEL,
             "queued acquire: IRQL %u, saved %u", KeGetCurrentIrql(), Outer.OldIrql);
    KT_CHECK(Context, First == (KSPIN_LOCK)(ULONG_PTR)&Outer.LockQueue,
             "lock word is not the queue tail");
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Second, &Inner);
    KT_CHECK(Context, Second == (KSPIN_LOCK)(ULONG_PTR)&Inner.LockQueue, "second lock tail");
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&Inner);
    KT_CHECK(Context, Second == 0 && KeGetCurrentIrql() == DISPATCH_LEVEL, "inner release");
    KeReleaseInStackQueuedSpinLock(&Outer);
    KT_CHECK(Context, First == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL, "outer release");
}

static VOID
KtReadSharedUserData(PVOID Context)
{
    *(volatile ULONG *)Context = SharedUserData->TickCountMultiplier;
}

/* The DDK's KeQuerySystemTime/KeQueryTickCount macros read this page directly. */
static VOID
KtSharedUserDataMapped(PKT_CONTEXT Context)
{
    KI_PROBE_FAULT Fault;
    ULONG Value;

    KT_CHECK(Context, KiTryProbe(KtReadSharedUserData, &Value, &Fault) == STATUS_SUCCESS,
             "reading KUSER_SHARED_DATA at %p faulted", (PVOID)KI_USER_SHARED_DATA);
}

typedef struct _KT_CLOCK_SAMPLE
{
    ULONG64 InterruptTime;
    ULONG64 Ticks;
    LARGE_INTEGER SystemTime;
} KT_CLOCK_SAMPLE;

/* The three clock values as one consistent snapshot (no tick in between). */
static VOID
KtSampleClock(KT_CLOCK_SAMPLE *Sample)
{
    ULONG64 Flags = __readeflags();

    _disable();
    Sample->InterruptTime = KeQueryInterruptTime();
    KeQueryTickCount(&Sample->Ticks);
    KeQuerySystemTime(&Sample->SystemTime);
    __writeeflags(Flags);
}

static VOID
KtClockTicks(PKT_CONTEXT Context)
{
    KT_CLOCK_SAMPLE Before, After;
    ULONG Increment = KeQueryTimeIncrement();
    ULONG64 Ticks;

    KT_CHECK(Context, __readeflags() & 0x200, "interrupts are disabled at PASSIVE_LEVEL");
    KT_CHECK(Context, Increment > 0, "no clock increment set");
    KtSampleClock(&Before);
    KeStallExecutionProcessor(50000);
    KtSampleClock(&After);
    Ticks = After.Ticks - Before.Ticks;
    KT_CHECK(Context, Ticks > 0, "no clock tick during a 50 ms stall");
    KT_CHECK(Context, After.InterruptTime - Before.InterruptTime == Ticks * Increment,
             "interrupt time moved %I64u for %I64u ticks of %u",
             After.InterruptTime - Before.InterruptTime, Ticks, Increment);
    KT_CHECK(Context,
             (ULONG64)(After.SystemTime.QuadPart - Before.SystemTime.QuadPart) == Ticks * Increment,
             "system time did not move with the clock");
}

/* Above CLOCK_LEVEL the clock is held back; lowering IRQL delivers it. */
static VOID
KtIrqlMasksClock(PKT_CONTEXT Context)
{
    KT_CLOCK_SAMPLE Before, Masked, After;
    KIRQL Old;

    Old = KfRaiseIrql(HIGH_LEVEL);
    KtSampleClock(&Before); /* after raising: a tick just before would be no failure */
    KeStallExecutionProcessor(30000);
    KtSampleClock(&Masked);
    KeLowerIrql(Old);
    KtSampleClock(&After);
    KT_CHECK(Context, Masked.Ticks == Before.Ticks, "clock ticked at HIGH_LEVEL");
    KT_CHECK(Context, After.Ticks > Masked.Ticks, "the held-back tick was not delivered");
    Old = KeRaiseIrqlToDpcLevel();
    KtSampleClock(&Before);
    KeStallExecutionProcessor(30000);
    KtSampleClock(&After);
    KeLowerIrql(Old);
    KT_CHECK(Context, After.Ticks > Before.Ticks, "clock masked at DISPATCH_LEVEL");
}

typedef struct _KT_DPC_LOG
{
    ULONG Count;
    CHAR Order[8];
    KIRQL Irql;
    BOOLEAN InterruptsOn;
    PVOID Argument1, Argument2;
} KT_DPC_LOG;

static KT_DPC_LOG KtDpcLog;

static VOID NTAPI
KtDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    if (KtDpcLog.Count < sizeof(KtDpcLog.Order) - 1)
        KtDpcLog.Order[KtDpcLog.Count] = (CHAR)(ULONG_PTR)DeferredContext;
    KtDpcLog.Count++;
    KtDpcLog.Irql = KeGetCurrentIrql();
    KtDpcLog.InterruptsOn = (__readeflags() & 0x200) != 0;
    KtDpcLog.Argument1 = Argument1;
    KtDpcLog.Argument2 = Argument2;
}

/* Queued at PASSIVE_LEVEL, a DPC runs before KeInsertQueueDpc returns, at DISPATCH_LEVEL. */
static VOID
KtDpcRunsAtDispatch(PKT_CONTEXT Context)
{
    KDPC Dpc;

    RtlZeroMemory(&KtDpcLog, sizeof(KtDpcLog));
    KeInitializeDpc(&Dpc, KtDpcRoutine, (PVOID)'a');
    KT_CHECK(Context, KeInsertQueueDpc(&Dpc, (PVOID)1, (PVOID)2), "insert failed");
    KT_CHECK(Context, KtDpcLog.Count == 1, "DPC ran %u times", KtDpcLog.Count);
    KT_CHECK(Context, KtDpcLog.Irql == DISPATCH_LEVEL && KtDpcLog.InterruptsOn,
             "DPC ran at IRQL %u, interrupts %s", KtDpcLog.Irql,
             KtDpcLog.InterruptsOn ? "on" : "off");
    KT_CHECK(Context, KtDpcLog.Argument1 == (PVOID)1 && KtDpcLog.Argument2 == (PVOID)2,
             "system arguments not passed");
    KT_CHECK(Context, KeGetCurrentIrql() == PASSIVE_LEVEL, "IRQL not restored");
}

/* At DISPATCH_LEVEL DPCs wait; lowering runs them, high importance first, then in order. */
static VOID
KtDpcQueueOrderAndRemoval(PKT_CONTEXT Context)
{
    KDPC First, Low, High;
    KIRQL Old;

    RtlZeroMemory(&KtDpcLog, sizeof(KtDpcLog));
    KeInitializeDpc(&First, KtDpcRoutine, (PVOID)'m');
    KeInitializeDpc(&Low, KtDpcRoutine, (PVOID)'l');
    KeInitializeDpc(&High, KtDpcRoutine, (PVOID)'h');
    KeSetImportanceDpc(&Low, LowImportance);
    KeSetImportanceDpc(&High, HighImportance);
    KeSetTargetProcessorDpc(&High, 0);
    Old = KeRaiseIrqlToDpcLevel();
    KT_CHECK(Context, KeInsertQueueDpc(&First, NULL, NULL) && KeInsertQueueDpc(&Low, NULL, NULL),
             "insert failed");
    KT_CHECK(Context, !KeInsertQueueDpc(&First, NULL, NULL), "a queued DPC was queued twice");
    KT_CHECK(Context, KeInsertQueueDpc(&High, NULL, NULL), "insert of the high DPC failed");
    KT_CHECK(Context, KeRemoveQueueDpc(&Low) && !KeRemoveQueueDpc(&Low), "removal");
    KT_CHECK(Context, KtDpcLog.Count == 0, "a DPC ran at DISPATCH_LEVEL");
    KeLowerIrql(Old);
    KT_CHECK(Context, KtDpcLog.Count == 2 && KtDpcLog.Order[0] == 'h' && KtDpcLog.Order[1] == 'm',
             "ran %u DPCs in order \"%s\"", KtDpcLog.Count, KtDpcLog.Order);
    KT_CHECK(Context, !KeRemoveQueueDpc(&First), "a retired DPC was still queued");
    KeFlushQueuedDpcs();
}

static const KT_TEST KtKeTests[] = {
    {"segment registers hold NT's x64 selectors", KtSegmentsAreNt},
    {"RtlWalkFrameChain, RtlCaptureStackBackTrace and RtlPcToFileHeader", KtBackTraces},
    {"PCR, current thread and processor number through GS", KtPcrThroughGs},
    {"IRQL raise and lower through CR8", KtIrqlRaiseAndLower},
    {"spin locks raise IRQL and exclude", KtSpinLockRaisesAndExcludes},
    {"in-stack queued spin locks nest and hand over", KtQueuedSpinLockHandsOver},
    {"KUSER_SHARED_DATA is mapped", KtSharedUserDataMapped},
    {"clock interrupt advances interrupt time, system time, ticks", KtClockTicks},
    {"IRQL above CLOCK_LEVEL holds the clock back", KtIrqlMasksClock},
    {"a DPC queued at PASSIVE_LEVEL runs at DISPATCH_LEVEL", KtDpcRunsAtDispatch},
    {"DPCs wait for IRQL to drop, by importance, and can be removed", KtDpcQueueOrderAndRemoval},
    {"unwind data walks the stack back to the callers", KtUnwindWalksCallers},
};

const KT_SUITE KtKeSuite = {"Ke", KtKeTests, RTL_NUMBER_OF(KtKeTests)};
