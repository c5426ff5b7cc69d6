/* SPDX-License-Identifier: MIT */
/*
 * Interrupt objects. A driver's interrupt service routine is wrapped in a KINTERRUPT and
 * connected to a device vector; the interrupts connected to one vector form a chain, and the
 * vector's handler (registered with KeRegisterInterruptHandler while the chain is not empty)
 * calls them in connection order, each with its spin lock held at its SynchronizeIrql. On a
 * level-triggered vector the first routine that claims the interrupt ends the walk: if
 * another device also asserts the line, it is delivered again after EOI. On a latched
 * (edge) vector every routine is called, since a second edge that came in meanwhile would
 * not be delivered again.
 *
 * Each vector's chain has a lock that its handler holds while it walks the chain. Connecting
 * and disconnecting take it at the vector's IRQL, so on this processor the vector cannot
 * come in meanwhile, and elsewhere its handler waits: once KeDisconnectInterrupt returns,
 * the routine is not running anywhere and will not be called again. The first connection
 * asks the HAL to enable the vector (HalEnableSystemInterrupt), the last disconnection to
 * disable it. Lock order: chain lock, then an interrupt's spin lock.
 */
#include "ntos.h"

static LIST_ENTRY KiInterruptChains[256];
static KSPIN_LOCK KiInterruptChainLocks[256];
static volatile LONG KiUnclaimed[256];

static BOOLEAN
KiChainEmpty(ULONG Vector)
{
    return KiInterruptChains[Vector].Flink == NULL || IsListEmpty(&KiInterruptChains[Vector]);
}

/* Calls one connected routine with its lock held at its SynchronizeIrql. */
static BOOLEAN
KiCallServiceRoutine(PKINTERRUPT Interrupt)
{
    KIRQL OldIrql = KfRaiseIrql(Interrupt->SynchronizeIrql);
    BOOLEAN Claimed;

    KeAcquireSpinLockAtDpcLevel(Interrupt->ActualLock);
    if (Interrupt->MessageServiceRoutine != NULL)
        Claimed = Interrupt->MessageServiceRoutine(Interrupt, Interrupt->ServiceContext,
                                                   Interrupt->MessageId);
    else
        Claimed = Interrupt->ServiceRoutine(Interrupt, Interrupt->ServiceContext);
    KeReleaseSpinLockFromDpcLevel(Interrupt->ActualLock);
    KeLowerIrql(OldIrql);
    return Claimed;
}

/* The handler of every vector with a chain; runs at the vector's IRQL. */
static VOID NTAPI
KiChainedInterrupt(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = (ULONG)TrapFrame->Vector;
    PLIST_ENTRY Head = &KiInterruptChains[Vector], Entry;
    PKINTERRUPT Interrupt;
    BOOLEAN Claimed = FALSE;

    KeAcquireSpinLockAtDpcLevel(&KiInterruptChainLocks[Vector]);
    for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink)
    {
        Interrupt = CONTAINING_RECORD(Entry, KINTERRUPT, InterruptListEntry);
        if (!KiCallServiceRoutine(Interrupt))
            continue;
        InterlockedIncrement(&Interrupt->ServiceCount);
        Claimed = TRUE;
        if (Interrupt->Mode == LevelSensitive)
            break;
    }
    KeReleaseSpinLockFromDpcLevel(&KiInterruptChainLocks[Vector]);
    if (!Claimed)
        InterlockedIncrement(&KiUnclaimed[Vector]);
}

ULONG
KiUnclaimedInterruptCount(ULONG Vector)
{
    return Vector <= 0xFF ? (ULONG)KiUnclaimed[Vector] : 0;
}

/* ProcessorNumber is not kept: a vector reaches the processors the HAL routes it to. */
VOID NTAPI
KeInitializeInterrupt(PKINTERRUPT Interrupt, PKSERVICE_ROUTINE ServiceRoutine, PVOID ServiceContext,
                      PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql, KIRQL SynchronizeIrql,
                      KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector, CHAR ProcessorNumber,
                      BOOLEAN FloatingSave)
{
    UNREFERENCED_PARAMETER(ProcessorNumber);
    RtlZeroMemory(Interrupt, sizeof(*Interrupt));
    Interrupt->Type = InterruptObject;
    Interrupt->Size = sizeof(*Interrupt);
    Interrupt->ServiceRoutine = ServiceRoutine;
    Interrupt->ServiceContext = ServiceContext;
    KeInitializeSpinLock(&Interrupt->SpinLock);
    Interrupt->ActualLock = SpinLock != NULL ? SpinLock : &Interrupt->SpinLock;
    Interrupt->Vector = Vector;
    Interrupt->Irql = Irql;
    Interrupt->SynchronizeIrql = SynchronizeIrql;
    Interrupt->Mode = InterruptMode;
    Interrupt->ShareVector = ShareVector;
    Interrupt->FloatingSave = FloatingSave;
}

/* Must be called with the chain lock held: may Interrupt join Vector's chain? */
static BOOLEAN
KiCanJoinChain(PKINTERRUPT Interrupt)
{
    PKINTERRUPT First;

    if (KiChainEmpty(Interrupt->Vector))
        return KiGetInterruptHandler(Interrupt->Vector) == NULL; /* not the HAL's or Ke's */
    First = CONTAINING_RECORD(KiInterruptChains[Interrupt->Vector].Flink, KINTERRUPT,
                              InterruptListEntry);
    return First->ShareVector && Interrupt->ShareVector && First->Mode == Interrupt->Mode;
}

/* FALSE when already connected, for a vector that is not a device vector at its own IRQL,
 * a SynchronizeIrql below it, a vector taken by a non-sharing interrupt (or another mode,
 * or a handler outside this chain), or one the HAL cannot enable. */
BOOLEAN NTAPI
KeConnectInterrupt(PKINTERRUPT Interrupt)
{
    ULONG Vector = Interrupt->Vector;
    BOOLEAN Connected = FALSE;
    KIRQL OldIrql;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    if (Interrupt->Connected || Vector < HAL_FIRST_DEVICE_VECTOR ||
        Vector > HAL_LAST_DEVICE_VECTOR || Interrupt->Irql != Vector >> 4 ||
        Interrupt->SynchronizeIrql < Interrupt->Irql || Interrupt->SynchronizeIrql > HIGH_LEVEL)
        return FALSE;
    OldIrql = KfRaiseIrql(Interrupt->Irql);
    KeAcquireSpinLockAtDpcLevel(&KiInterruptChainLocks[Vector]);
    if (KiCanJoinChain(Interrupt))
    {
        if (KiInterruptChains[Vector].Flink == NULL)
            InitializeListHead(&KiInterruptChains[Vector]);
        InsertTailList(&KiInterruptChains[Vector], &Interrupt->InterruptListEntry);
        Connected = TRUE;
        if (KiGetInterruptHandler(Vector) == NULL)
        {
            KeRegisterInterruptHandler(Vector, KiChainedInterrupt);
            Connected = HalEnableSystemInterrupt(Vector, Interrupt->Irql, Interrupt->Mode);
            if (!Connected)
            {
                RemoveEntryList(&Interrupt->InterruptListEntry);
                KeRegisterInterruptHandler(Vector, NULL);
            }
        }
    }
    Interrupt->Connected = Connected;
    KeReleaseSpinLockFromDpcLevel(&KiInterruptChainLocks[Vector]);
    KeLowerIrql(OldIrql);
    return Connected;
}

/* FALSE when Interrupt was not connected. */
BOOLEAN NTAPI
KeDisconnectInterrupt(PKINTERRUPT Interrupt)
{
    ULONG Vector = Interrupt->Vector;
    BOOLEAN WasConnected;
    KIRQL OldIrql;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    if (Vector > 0xFF)
        return FALSE;
    OldIrql = KfRaiseIrql(Interrupt->Irql);
    KeAcquireSpinLockAtDpcLevel(&KiInterruptChainLocks[Vector]);
    WasConnected = Interrupt->Connected;
    if (WasConnected)
    {
        RemoveEntryList(&Interrupt->InterruptListEntry);
        Interrupt->Connected = FALSE;
        if (IsListEmpty(&KiInterruptChains[Vector]))
        {
            HalDisableSystemInterrupt(Vector, Interrupt->Irql);
            KeRegisterInterruptHandler(Vector, NULL);
        }
    }
    KeReleaseSpinLockFromDpcLevel(&KiInterruptChainLocks[Vector]);
    KeLowerIrql(OldIrql);
    return WasConnected;
}

/* Must be called at or below the interrupt's SynchronizeIrql. */
KIRQL NTAPI
KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
{
    KIRQL OldIrql = KfRaiseIrql(Interrupt->SynchronizeIrql);

    KeAcquireSpinLockAtDpcLevel(Interrupt->ActualLock);
    return OldIrql;
}

VOID NTAPI
KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql)
{
    KeReleaseSpinLockFromDpcLevel(Interrupt->ActualLock);
    KeLowerIrql(OldIrql);
}

/* Runs SynchronizeRoutine as the interrupt's service routine runs: at its SynchronizeIrql
 * with its spin lock held, so the two never overlap on any processor. */
BOOLEAN NTAPI
KeSynchronizeExecution(PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                       PVOID SynchronizeContext)
{
    KIRQL OldIrql = KeAcquireInterruptSpinLock(Interrupt);
    BOOLEAN Result = SynchronizeRoutine(SynchronizeContext);

    KeReleaseInterruptSpinLock(Interrupt, OldIrql);
    return Result;
}
