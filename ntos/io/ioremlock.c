/* SPDX-License-Identifier: MIT */
/*
 * Remove locks: a count of I/O in progress on a device that its removal waits for. The count
 * starts at one, a bias only IoReleaseRemoveLockAndWaitEx drops, so it reaches zero (and
 * sets the event) exactly when the remover is the last one out. Drivers built checked pass
 * the larger IO_REMOVE_LOCK with the debug block; its tracking is not kept here (no checked
 * build of the kernel), but both sizes are accepted. Only the common block is ever touched
 * after initialisation, so a size mismatch is logged, not fatal.
 */
#include "iop.h"

#define IOP_REMLOCK_FREE_SIZE sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)
#define IOP_REMLOCK_CHECKED_SIZE \
    (sizeof(IO_REMOVE_LOCK_COMMON_BLOCK) + sizeof(IO_REMOVE_LOCK_DBG_BLOCK))

static BOOLEAN
IopIsRemoveLockSize(PCSTR Routine, ULONG Size)
{
    if (Size == IOP_REMLOCK_FREE_SIZE || Size == IOP_REMLOCK_CHECKED_SIZE)
        return TRUE;
    DbgPrint("Io: %s: remove lock size %u is neither %u nor %u\n", Routine, Size,
             (ULONG)IOP_REMLOCK_FREE_SIZE, (ULONG)IOP_REMLOCK_CHECKED_SIZE);
    return FALSE;
}

VOID NTAPI
IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes,
                         ULONG HighWatermark, ULONG RemlockSize)
{
    UNREFERENCED_PARAMETER(AllocateTag);
    UNREFERENCED_PARAMETER(MaxLockedMinutes);
    UNREFERENCED_PARAMETER(HighWatermark);
    RtlZeroMemory(Lock,
                  IopIsRemoveLockSize(__func__, RemlockSize) ? RemlockSize : IOP_REMLOCK_FREE_SIZE);
    Lock->Common.IoCount = 1;
    KeInitializeEvent(&Lock->Common.RemoveEvent, SynchronizationEvent, FALSE);
}

/* STATUS_DELETE_PENDING once removal has begun: the caller must not start the I/O. */
NTSTATUS NTAPI
IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line,
                      ULONG RemlockSize)
{
    UNREFERENCED_PARAMETER(Tag);
    UNREFERENCED_PARAMETER(File);
    UNREFERENCED_PARAMETER(Line);
    IopIsRemoveLockSize(__func__, RemlockSize);
    InterlockedIncrement(&RemoveLock->Common.IoCount);
    if (!RemoveLock->Common.Removed)
        return STATUS_SUCCESS;
    if (InterlockedDecrement(&RemoveLock->Common.IoCount) == 0)
        KeSetEvent(&RemoveLock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_DELETE_PENDING;
}

VOID NTAPI
IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
    LONG Count;

    UNREFERENCED_PARAMETER(Tag);
    IopIsRemoveLockSize(__func__, RemlockSize);
    Count = InterlockedDecrement(&RemoveLock->Common.IoCount);
    if (Count < 0)
        DbgPrint("Io: remove lock %p released more often than acquired\n", RemoveLock);
    if (Count == 0)
        KeSetEvent(&RemoveLock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
}

/*
 * The remover holds the lock too (it acquired it for its IRP_MN_REMOVE_DEVICE): its own
 * count and the bias go, then it waits for the I/O still in progress. PASSIVE_LEVEL.
 */
VOID NTAPI
IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Tag);
    IopIsRemoveLockSize(__func__, RemlockSize);
    RemoveLock->Common.Removed = TRUE;
    InterlockedDecrement(&RemoveLock->Common.IoCount);
    if (InterlockedDecrement(&RemoveLock->Common.IoCount) > 0)
        KeWaitForSingleObject(&RemoveLock->Common.RemoveEvent, Executive, KernelMode, FALSE, NULL);
}
