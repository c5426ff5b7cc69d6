/* SPDX-License-Identifier: MIT */
/*
 * Device queues (KDEVICE_QUEUE), the queue behind a device object's StartIo. The queue is
 * either idle or busy: inserting into an idle queue makes it busy and leaves the entry out
 * (the caller starts that request at once, and the insert answers FALSE); inserting into a
 * busy queue keeps the entry, at the tail or in ascending SortKey order after the entries
 * with an equal key. Removing from a busy queue with no entries makes it idle again. The
 * queue's spin lock guards the list and the busy state; callers are at DISPATCH_LEVEL, as
 * on NT, except for KeRemoveEntryDeviceQueue, which raises itself.
 */
#include "ki.h"

VOID NTAPI
KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    DeviceQueue->Type = DeviceQueueObject;
    DeviceQueue->Size = sizeof(KDEVICE_QUEUE);
    InitializeListHead(&DeviceQueue->DeviceListHead);
    KeInitializeSpinLock(&DeviceQueue->Lock);
    DeviceQueue->Busy = FALSE;
}

/* Lock held: make an idle queue busy (FALSE: Entry is the caller's to start), else queue
 * Entry before Before (the list head for the tail). */
static BOOLEAN
KiInsertDeviceQueueBefore(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY Entry,
                          PLIST_ENTRY Before)
{
    if (!DeviceQueue->Busy)
    {
        DeviceQueue->Busy = TRUE;
        Entry->Inserted = FALSE;
        return FALSE;
    }
    InsertTailList(Before, &Entry->DeviceListEntry);
    Entry->Inserted = TRUE;
    return TRUE;
}

BOOLEAN NTAPI
KeInsertDeviceQueue(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    BOOLEAN Inserted;

    ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    Inserted =
        KiInsertDeviceQueueBefore(DeviceQueue, DeviceQueueEntry, &DeviceQueue->DeviceListHead);
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Inserted;
}

/* After every entry whose key is not above SortKey, so equal keys keep their arrival order. */
BOOLEAN NTAPI
KeInsertByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry,
                         ULONG SortKey)
{
    PLIST_ENTRY Before;
    BOOLEAN Inserted;

    ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    DeviceQueueEntry->SortKey = SortKey;
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    for (Before = DeviceQueue->DeviceListHead.Flink; Before != &DeviceQueue->DeviceListHead;
         Before = Before->Flink)
    {
        if (CONTAINING_RECORD(Before, KDEVICE_QUEUE_ENTRY, DeviceListEntry)->SortKey > SortKey)
            break;
    }
    Inserted = KiInsertDeviceQueueBefore(DeviceQueue, DeviceQueueEntry, Before);
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Inserted;
}

/* Lock held: take Entry off the queue, or make the queue idle when Entry is NULL. */
static PKDEVICE_QUEUE_ENTRY
KiTakeDeviceQueueEntry(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY Entry)
{
    if (Entry == NULL)
    {
        DeviceQueue->Busy = FALSE;
        return NULL;
    }
    RemoveEntryList(&Entry->DeviceListEntry);
    Entry->Inserted = FALSE;
    return Entry;
}

static PKDEVICE_QUEUE_ENTRY
KiFirstDeviceQueueEntry(PKDEVICE_QUEUE DeviceQueue)
{
    if (IsListEmpty(&DeviceQueue->DeviceListHead))
        return NULL;
    return CONTAINING_RECORD(DeviceQueue->DeviceListHead.Flink, KDEVICE_QUEUE_ENTRY,
                             DeviceListEntry);
}

/* The first entry whose key is at least SortKey; past the last key, the first entry. */
static PKDEVICE_QUEUE_ENTRY
KiFindByKey(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry;
    PLIST_ENTRY Link;

    for (Link = DeviceQueue->DeviceListHead.Flink; Link != &DeviceQueue->DeviceListHead;
         Link = Link->Flink)
    {
        Entry = CONTAINING_RECORD(Link, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
        if (Entry->SortKey >= SortKey)
            return Entry;
    }
    return KiFirstDeviceQueueEntry(DeviceQueue);
}

/* The queue must be busy; NULL (and the queue idle) when nothing waits. */
PKDEVICE_QUEUE_ENTRY NTAPI
KeRemoveDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    PKDEVICE_QUEUE_ENTRY Entry;

    ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    ASSERT(DeviceQueue->Busy);
    Entry = KiTakeDeviceQueueEntry(DeviceQueue, KiFirstDeviceQueueEntry(DeviceQueue));
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Entry;
}

PKDEVICE_QUEUE_ENTRY NTAPI
KeRemoveByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry;

    ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    ASSERT(DeviceQueue->Busy);
    Entry = KiTakeDeviceQueueEntry(DeviceQueue, KiFindByKey(DeviceQueue, SortKey));
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Entry;
}

/* As KeRemoveByKeyDeviceQueue, but an idle queue answers NULL and stays idle. */
PKDEVICE_QUEUE_ENTRY NTAPI
KeRemoveByKeyDeviceQueueIfBusy(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry = NULL;

    ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    if (DeviceQueue->Busy)
        Entry = KiTakeDeviceQueueEntry(DeviceQueue, KiFindByKey(DeviceQueue, SortKey));
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Entry;
}

/* Take one entry out wherever it is (a cancel routine's work); FALSE if it was not queued. */
BOOLEAN NTAPI
KeRemoveEntryDeviceQueue(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    BOOLEAN Removed;
    KIRQL OldIrql;

    ASSERT(KeGetCurrentIrql() <= DISPATCH_LEVEL);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&DeviceQueue->Lock);
    Removed = DeviceQueueEntry->Inserted;
    if (Removed)
        KiTakeDeviceQueueEntry(DeviceQueue, DeviceQueueEntry);
    KeReleaseSpinLock(&DeviceQueue->Lock, OldIrql);
    return Removed;
}
