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

LONG NTAPI
KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;

    if (Previous == 0)
    {
        Event->Header.SignalState = 1;
        KiWaitTest(&Event->Header, Increment);
    }
    KiLeaveWaitLock(KeGetCurrentThread(), OldIrql, Wait);
    return Previous;
}

LONG NTAPI
KeResetEvent(PRKEVENT Event)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;

    Event->Header.SignalState = 0;
    KiReleaseDispatcherLock(OldIrql);
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
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;

    if (Previous == 0)
    {
        Event->Header.SignalState = 1;
        KiWaitTest(&Event->Header, Increment);
    }
    Event->Header.SignalState = 0;
    KiLeaveWaitLock(KeGetCurrentThread(), OldIrql, Wait);
    return Previous;
}

LONG NTAPI
KeReadStateEvent(PRKEVENT Event)
{
    return Event->Header.SignalState;
}
