/* SPDX-License-Identifier: MIT */
/*
 * Interlocked doubly and singly linked lists (InsertHeadList & co.) and adds under a caller's spin
 * lock. NT documents them as callable at any IRQL, so they neither raise nor check IRQL:
 * they disable interrupts on this processor for the few instructions the lock is held,
 * which keeps an interrupt handler on the same processor from spinning on a lock its own
 * processor holds. The lock word holds the owner thread with bit 0 set, as Ke's spin locks
 * do (ke/spinlock.c), so a recursive acquire is a SPIN_LOCK_ALREADY_OWNED stop rather than
 * a hang. Return values are Microsoft's: the old first (or last) entry, NULL if empty.
 */
#include "exp.h"

/* Returns the caller's EFLAGS for ExpReleaseListLock; interrupts are off until then. */
ULONG64
ExpAcquireListLock(PKSPIN_LOCK Lock)
{
    ULONG64 Flags = __readeflags();
    ULONG_PTR Owner = (ULONG_PTR)KeGetCurrentThread() | 1;

    _disable();
    if (*(volatile KSPIN_LOCK *)Lock == Owner)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)Lock, 0, 0, 0);
    while (InterlockedCompareExchange64((volatile LONG64 *)Lock, (LONG64)Owner, 0) != 0)
    {
        while (*(volatile KSPIN_LOCK *)Lock != 0)
            YieldProcessor();
    }
    return Flags;
}

VOID
ExpReleaseListLock(PKSPIN_LOCK Lock, ULONG64 Flags)
{
    InterlockedExchange64((volatile LONG64 *)Lock, 0);
    if (Flags & 0x200) /* EFLAGS.IF */
        _enable();
}

PLIST_ENTRY FASTCALL
ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    PLIST_ENTRY First = ListHead->Flink;

    InsertHeadList(ListHead, ListEntry);
    ExpReleaseListLock(Lock, Flags);
    return First == ListHead ? NULL : First;
}

PLIST_ENTRY FASTCALL
ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    PLIST_ENTRY Last = ListHead->Blink;

    InsertTailList(ListHead, ListEntry);
    ExpReleaseListLock(Lock, Flags);
    return Last == ListHead ? NULL : Last;
}

PLIST_ENTRY FASTCALL
ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    PLIST_ENTRY First = NULL;

    if (!IsListEmpty(ListHead))
        First = RemoveHeadList(ListHead);
    ExpReleaseListLock(Lock, Flags);
    return First;
}

PSINGLE_LIST_ENTRY FASTCALL
ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY ListEntry,
                           PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    PSINGLE_LIST_ENTRY First = ListHead->Next;

    PushEntryList(ListHead, ListEntry);
    ExpReleaseListLock(Lock, Flags);
    return First;
}

PSINGLE_LIST_ENTRY FASTCALL
ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    PSINGLE_LIST_ENTRY First = PopEntryList(ListHead);

    ExpReleaseListLock(Lock, Flags);
    return First;
}

/* Interlocked adds under the caller's lock, for data other code changes under that same
 * lock. Both return the value before the add. */
ULONG FASTCALL
ExInterlockedAddUlong(PULONG Addend, ULONG Increment, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    ULONG Old = *Addend;

    *Addend = Old + Increment;
    ExpReleaseListLock(Lock, Flags);
    return Old;
}

LARGE_INTEGER NTAPI
ExInterlockedAddLargeInteger(PLARGE_INTEGER Addend, LARGE_INTEGER Increment, PKSPIN_LOCK Lock)
{
    ULONG64 Flags = ExpAcquireListLock(Lock);
    LARGE_INTEGER Old = *Addend;

    Addend->QuadPart = Old.QuadPart + Increment.QuadPart;
    ExpReleaseListLock(Lock, Flags);
    return Old;
}
