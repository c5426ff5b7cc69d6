/* SPDX-License-Identifier: MIT */
/*
 * KeIpiGenericCall: run a routine on every processor at once, at IPI_LEVEL. The caller
 * takes the IPI lock (so concurrent calls queue at DISPATCH_LEVEL, where IPIs still get
 * through, instead of deadlocking), interrupts the others and waits until all of them have
 * arrived; then everyone runs the routine and the caller waits until all have finished.
 * Memory management uses it to flush TLB entries on every processor.
 */
#include "ki.h"

static KSPIN_LOCK KiIpiLock;
static PKIPI_BROADCAST_WORKER KiIpiRoutine;
static ULONG_PTR KiIpiContext;
static volatile LONG KiIpiArrived, KiIpiFinished;
static volatile BOOLEAN KiIpiGo;

static VOID NTAPI
KiIpiInterrupt(struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(TrapFrame);
    if (KiBugCheckInProgress())
        KiFreezeProcessor();
    InterlockedIncrement(&KiIpiArrived);
    while (!KiIpiGo)
        YieldProcessor();
    KiIpiRoutine(KiIpiContext);
    InterlockedIncrement(&KiIpiFinished);
}

ULONG_PTR NTAPI
KeIpiGenericCall(PKIPI_BROADCAST_WORKER BroadcastFunction, ULONG_PTR Context)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&KiIpiLock);
    KAFFINITY Others = KeActiveProcessors & ~KiCurrentPrcb()->SetMember;
    LONG Count = (LONG)__popcnt64(Others);
    ULONG_PTR Result;

    KiIpiRoutine = BroadcastFunction;
    KiIpiContext = Context;
    KiIpiArrived = KiIpiFinished = 0;
    KiIpiGo = FALSE;
    KfRaiseIrql(IPI_LEVEL);
    if (Count != 0)
        HalRequestIpi(Others);
    while (KiIpiArrived != Count)
        YieldProcessor();
    KiIpiGo = TRUE;
    Result = BroadcastFunction(Context);
    while (KiIpiFinished != Count)
        YieldProcessor();
    KeReleaseSpinLock(&KiIpiLock, OldIrql);
    return Result;
}

VOID
KiInitializeIpi(VOID)
{
    KeRegisterInterruptHandler(HAL_IPI_VECTOR, KiIpiInterrupt);
}

static ULONG_PTR NTAPI
KiWriteBackCaches(ULONG_PTR Context)
{
    UNREFERENCED_PARAMETER(Context);
    __asm__ __volatile__("wbinvd" ::: "memory");
    return 0;
}

/* Write back and invalidate every processor's caches, as Mm must before it maps memory that
 * was used cached with another cache type: dirty lines would otherwise outlive the change. */
BOOLEAN NTAPI
KeInvalidateAllCaches(VOID)
{
    KeIpiGenericCall(KiWriteBackCaches, 0);
    return TRUE;
}
