/* SPDX-License-Identifier: MIT */
/*
 * Priority and affinity of threads, as drivers set them: KeSetPriorityThread,
 * KeSetBasePriorityThread, KeQueryPriorityThread and the system-affinity pair.
 */
#include "ki.h"

/* Returns the previous priority. */
KPRIORITY NTAPI
KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
    KIRQL OldIrql;
    KPRIORITY Previous;

    /* Windows only asserts; a priority outside 1..31 would corrupt the ready queues. */
    if (Priority <= LOW_PRIORITY || Priority > HIGH_PRIORITY)
        ExRaiseStatus(STATUS_INVALID_PARAMETER);
    OldIrql = KiLockThread(Thread);
    Previous = Thread->Priority;
    Thread->PriorityDecrement = 0;
    Thread->Quantum = KI_DEFAULT_QUANTUM;
    if (Priority < LOW_REALTIME_PRIORITY || Thread->BasePriority >= LOW_REALTIME_PRIORITY)
        Thread->BasePriority = (SCHAR)Priority;
    KiSetPriorityThread(Thread, (SCHAR)Priority);
    KiUnlockThread(Thread, OldIrql);
    return Previous;
}

/* Increment is relative to the process base; returns the previous increment. The result
 * stays in the thread's class: variable threads within 1..15, real-time within 16..31. */
LONG NTAPI
KeSetBasePriorityThread(PKTHREAD Thread, LONG Increment)
{
    KIRQL OldIrql = KiLockThread(Thread);
    LONG ProcessBase = Thread->Process->BasePriority;
    LONG Previous = Thread->BasePriority - ProcessBase;
    LONG Base = ProcessBase + Increment;

    if (ProcessBase >= LOW_REALTIME_PRIORITY)
        Base = max(LOW_REALTIME_PRIORITY, min(Base, HIGH_PRIORITY));
    else
        Base = max(LOW_PRIORITY + 1, min(Base, LOW_REALTIME_PRIORITY - 1));
    Thread->BasePriority = (SCHAR)Base;
    Thread->PriorityDecrement = 0;
    KiSetPriorityThread(Thread, (SCHAR)Base);
    KiUnlockThread(Thread, OldIrql);
    return Previous;
}

KPRIORITY NTAPI
KeQueryPriorityThread(PKTHREAD Thread)
{
    return Thread->Priority;
}

/* Move the current thread to a processor its affinity allows, if it is not on one. */
static VOID
KiSetAffinity(PKTHREAD Thread, KAFFINITY Affinity)
{
    KIRQL OldIrql;

    if ((Affinity & KeActiveProcessors) == 0)
        KeBugCheckEx(INVALID_AFFINITY_SET, Affinity, KeActiveProcessors, 0, 0);
    /* Only this thread readies itself while it runs, so the field needs no lock. */
    OldIrql = KfRaiseIrql(SYNCH_LEVEL);
    Thread->Affinity = Affinity;
    if (!(Affinity & KiCurrentPrcb()->SetMember))
    {
        KiReadyCurrentThread(Thread);
        KiSwapThread(Thread, KiCurrentPrcb());
    }
    KeLowerIrql(OldIrql);
}

/* Returns the previous system affinity, or 0 if the thread ran with its user affinity. */
KAFFINITY NTAPI
KeSetSystemAffinityThreadEx(KAFFINITY Affinity)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KAFFINITY Previous = Thread->SystemAffinityActive ? Thread->Affinity : 0;

    Thread->SystemAffinityActive = TRUE;
    KiSetAffinity(Thread, Affinity);
    return Previous;
}

VOID NTAPI
KeRevertToUserAffinityThreadEx(KAFFINITY Affinity)
{
    PKTHREAD Thread = KeGetCurrentThread();

    if (Affinity != 0)
    {
        KiSetAffinity(Thread, Affinity);
        return;
    }
    Thread->SystemAffinityActive = FALSE;
    KiSetAffinity(Thread, Thread->UserAffinity);
}

VOID NTAPI
KeSetSystemAffinityThread(KAFFINITY Affinity)
{
    KeSetSystemAffinityThreadEx(Affinity);
}

VOID NTAPI
KeRevertToUserAffinityThread(VOID)
{
    KeRevertToUserAffinityThreadEx(0);
}
