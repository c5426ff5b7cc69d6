/* SPDX-License-Identifier: MIT */
/*
 * Events. A notification event stays signalled and releases every waiter; a
 * synchronization event releases one waiter and resets itself (KiSatisfyObject). Each
 * routine returns the previous state, as Windows documents.
 */
#include "ki.h"

VOID NTAPI
KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    KiInitializeDispatcherHeader(&Event->Header,
                                 Type == NotificationEvent ? EventNotificationObject
                                                           : EventSynchronizationObject,
                                 sizeof(KEVENT) / sizeof(LONG), State ? 1 : 0);
}

/* Signal the event and release whom that releases; returns the previous state. Then
 * leave the event signalled (KeSetEvent) or not (KePulseEvent). */
static LONG
KiSignalEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait, LONG FinalState)
{
    KIRQL OldIrql = KiLockObject(&Event->Header);
    LONG Previous = Event->Header.SignalState;

    if (Previous == 0)
    {
        Event->Header.SignalState = 1;
        KiWaitTest(&Event->Header, Increment);
    }
    if (FinalState == 0)
        Event->Header.SignalState = 0;
    KiLeaveWaitLock(&Event->Header, OldIrql, Wait);
    return Previous;
}

LONG NTAPI
KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    return KiSignalEvent(Event, Increment, Wait, 1);
}

LONG NTAPI
KeResetEvent(PRKEVENT Event)
{
    KIRQL OldIrql = KiLockObject(&Event->Header);
    LONG Previous = Event->Header.SignalState;

    Event->Header.SignalState = 0;
    KiUnlockObject(&Event->Header, OldIrql);
    return Previous;
}

VOID NTAPI
KeClearEvent(PRKEVENT Event)
{
    Event->Header.SignalState = 0;
}

/* Signal and reset at once: the waiters present now are released, nobody later. */
LONG NTAPI
KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    return KiSignalEvent(Event, Increment, Wait, 0);
}

LONG NTAPI
KeReadStateEvent(PRKEVENT Event)
{
    return Event->Header.SignalState;
}
