/* SPDX-License-Identifier: MIT */
/*
 * Timers. Due times are kept as absolute interrupt times (absolute system times are
 * converted when the timer is set). Inserted timers hash by the clock tick at which they
 * fall due into a 256-entry table, as on x64 NT, so insertion and removal are O(1). The clock
 * interrupt asks for a DISPATCH_LEVEL pass while any timer is inserted; that pass walks the
 * table entries for every tick since the last pass and expires the timers due by now: the
 * timer is signalled (waking its waiters), its DPC queued, and a periodic timer re-armed.
 * Not yet: absolute timers are not re-evaluated when the system time is changed.
 *
 * Locks: a timer's object lock guards its insertion state, each table entry has its own
 * lock for its list, taken under the timer's. The expiry pass goes the other way (entry,
 * then timer), so it only try-acquires the timer and lets go of the entry if that fails.
 * Only the processor that keeps time (KeUpdateSystemTime) runs the pass.
 */
#include "ki.h"

typedef struct _KI_TIMER_TABLE_ENTRY
{
    volatile LONG Lock;
    LIST_ENTRY Timers;
} KI_TIMER_TABLE_ENTRY;

static KI_TIMER_TABLE_ENTRY KiTimerTable[KI_TIMER_TABLE_SIZE];
static ULONG64 KiLastTimerTick; /* last tick whose table entry was walked */
volatile LONG KiTimerCount;

static ULONG64
KiTickIncrement(VOID)
{
    ULONG Increment = KeQueryTimeIncrement();

    return Increment != 0 ? Increment : KI_DEFAULT_TIME_INCREMENT;
}

VOID
KiInitializeTimers(VOID)
{
    ULONG I;

    for (I = 0; I < KI_TIMER_TABLE_SIZE; I++)
        InitializeListHead(&KiTimerTable[I].Timers);
    KiLastTimerTick = KeQueryInterruptTime() / KiTickIncrement();
}

/* Relative (negative, 100 ns) or absolute (positive, system time) to interrupt time;
 * 0 when an absolute time has already passed. */
ULONG64
KiDueTimeToInterruptTime(LARGE_INTEGER DueTime)
{
    ULONG64 Now = KeQueryInterruptTime();
    LONG64 Bias;

    if (DueTime.QuadPart < 0)
        return Now + (ULONG64)(-DueTime.QuadPart);
    Bias = (LONG64)(*(volatile ULONG64 *)&SharedUserData->SystemTime) - (LONG64)Now;
    return DueTime.QuadPart > Bias ? (ULONG64)(DueTime.QuadPart - Bias) : 0;
}

/*
 * Returns FALSE, leaving the timer out, when DueInterruptTime has already passed. The time
 * is read under the entry's lock: an expiry pass that walked this entry before read an
 * earlier time, so a timer it could have missed is one already due here.
 */
BOOLEAN
KiInsertTimer(PKTIMER Timer, ULONG64 DueInterruptTime)
{
    ULONG64 Increment = KiTickIncrement();
    ULONG Index = (ULONG)(((DueInterruptTime + Increment - 1) / Increment) % KI_TIMER_TABLE_SIZE);
    KI_TIMER_TABLE_ENTRY *Entry = &KiTimerTable[Index];

    /* Count first: a clock tick that sees zero has not started this insertion's tick. */
    InterlockedIncrement(&KiTimerCount);
    KiAcquireBitLock(&Entry->Lock, 0);
    if (DueInterruptTime <= KeQueryInterruptTime())
    {
        KiReleaseBitLock(&Entry->Lock, 0);
        InterlockedDecrement(&KiTimerCount);
        return FALSE;
    }
    Timer->DueTime.QuadPart = DueInterruptTime;
    Timer->Header.Hand = (UCHAR)Index;
    Timer->Header.Inserted = 1;
    InsertTailList(&Entry->Timers, &Timer->TimerListEntry);
    KiReleaseBitLock(&Entry->Lock, 0);
    return TRUE;
}

VOID
KiRemoveTimer(PKTIMER Timer)
{
    KI_TIMER_TABLE_ENTRY *Entry = &KiTimerTable[Timer->Header.Hand];

    KiAcquireBitLock(&Entry->Lock, 0);
    RemoveEntryList(&Timer->TimerListEntry);
    KiReleaseBitLock(&Entry->Lock, 0);
    Timer->Header.Inserted = 0;
    InterlockedDecrement(&KiTimerCount);
}

/* Signal an expired (already removed) timer, queue its DPC and re-arm it if periodic. */
static VOID
KiSignalTimer(PKTIMER Timer, ULONG64 Now)
{
    ULONG64 SystemTime = *(volatile ULONG64 *)&SharedUserData->SystemTime;
    ULONG64 Next;

    Timer->Header.SignalState = 1;
    if (!IsListEmpty(&Timer->Header.WaitListHead))
        KiWaitTest(&Timer->Header, 0);
    if (Timer->Period != 0)
    {
        Next = Timer->DueTime.QuadPart + (ULONG64)Timer->Period * 10000;
        KiInsertTimer(Timer, Next > Now ? Next : Now + (ULONG64)Timer->Period * 10000);
    }
    if (Timer->Dpc != NULL)
        KeInsertQueueDpc(Timer->Dpc, (PVOID)(ULONG_PTR)(ULONG)SystemTime,
                         (PVOID)(ULONG_PTR)(ULONG)(SystemTime >> 32));
}

/* The first timer of the entry (its lock held) that is due by Now, or NULL. */
static PKTIMER
KiFirstDueTimer(KI_TIMER_TABLE_ENTRY *Entry, ULONG64 Now)
{
    PLIST_ENTRY Link;
    PKTIMER Timer;

    for (Link = Entry->Timers.Flink; Link != &Entry->Timers; Link = Link->Flink)
    {
        Timer = CONTAINING_RECORD(Link, KTIMER, TimerListEntry);
        if ((ULONG64)Timer->DueTime.QuadPart <= Now)
            return Timer;
    }
    return NULL;
}

static VOID
KiExpireTableEntry(KI_TIMER_TABLE_ENTRY *Entry, ULONG64 Now)
{
    PKTIMER Timer;

    for (;;)
    {
        KiAcquireBitLock(&Entry->Lock, 0);
        Timer = KiFirstDueTimer(Entry, Now);
        if (Timer == NULL)
            break;
        if (!KiTryAcquireObjectLock(&Timer->Header))
        {
            /* Its holder may be waiting for this entry to set or cancel it. */
            KiReleaseBitLock(&Entry->Lock, 0);
            YieldProcessor();
            continue;
        }
        RemoveEntryList(&Timer->TimerListEntry);
        KiReleaseBitLock(&Entry->Lock, 0);
        Timer->Header.Inserted = 0;
        InterlockedDecrement(&KiTimerCount);
        KiSignalTimer(Timer, Now);
        KiReleaseObjectLock(&Timer->Header);
    }
    KiReleaseBitLock(&Entry->Lock, 0);
}

/* The DISPATCH_LEVEL pass requested by the clock. */
VOID
KiTimerExpiration(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);
    ULONG64 Now = KeQueryInterruptTime();
    ULONG64 NowTick = Now / KiTickIncrement(), Tick;

    if (NowTick - KiLastTimerTick >= KI_TIMER_TABLE_SIZE)
        KiLastTimerTick = NowTick - KI_TIMER_TABLE_SIZE;
    for (Tick = KiLastTimerTick + 1; Tick <= NowTick; Tick++)
        KiExpireTableEntry(&KiTimerTable[Tick % KI_TIMER_TABLE_SIZE], Now);
    KiLastTimerTick = NowTick;
    KiExitDispatcher(OldIrql);
}

VOID NTAPI
KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    KiInitializeDispatcherHeader(&Timer->Header,
                                 Type == NotificationTimer ? TimerNotificationObject
                                                           : TimerSynchronizationObject,
                                 sizeof(KTIMER) / sizeof(LONG), 0);
    Timer->DueTime.QuadPart = 0;
    Timer->Period = 0;
    Timer->Dpc = NULL;
    Timer->Processor = 0;
}

VOID NTAPI
KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

/* Returns TRUE if the timer was already set (and is now set again). */
BOOLEAN NTAPI
KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
    ULONG64 Due = KiDueTimeToInterruptTime(DueTime);
    KIRQL OldIrql;
    BOOLEAN WasInserted;

    if (Period < 0)
        KeBugCheckEx(TIMER_OR_DPC_INVALID, (ULONG_PTR)Timer, (ULONG_PTR)Period, 0, 0);
    OldIrql = KiLockObject(&Timer->Header);
    WasInserted = Timer->Header.Inserted;
    if (WasInserted)
        KiRemoveTimer(Timer);
    Timer->Header.SignalState = 0;
    Timer->Dpc = Dpc;
    Timer->Period = (ULONG)Period;
    Timer->DueTime.QuadPart = Due;
    if (!KiInsertTimer(Timer, Due))
        KiSignalTimer(Timer, KeQueryInterruptTime());
    KiReleaseObjectLock(&Timer->Header);
    KiExitDispatcher(OldIrql);
    return WasInserted;
}

BOOLEAN NTAPI
KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN NTAPI
KeCancelTimer(PKTIMER Timer)
{
    KIRQL OldIrql = KiLockObject(&Timer->Header);
    BOOLEAN WasInserted = Timer->Header.Inserted;

    if (WasInserted)
        KiRemoveTimer(Timer);
    KiUnlockObject(&Timer->Header, OldIrql);
    return WasInserted;
}

BOOLEAN NTAPI
KeReadStateTimer(PKTIMER Timer)
{
    return Timer->Header.SignalState != 0;
}
