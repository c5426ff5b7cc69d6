/* SPDX-License-Identifier: MIT */
/*
 * Reference counting. An object goes when its pointer count reaches zero: at or below
 * APC_LEVEL at once, above it on a work item (as NT defers deletion to a safe IRQL), and
 * always deferred through ObDereferenceObjectDeferDelete. A pointer that has no object
 * header in front of it, or a count going below zero, is corruption worth a stop. Deletion
 * calls the type's delete procedure, then its security procedure to drop the descriptor.
 */
#include "obp.h"

static KSPIN_LOCK ObpDeferredLock;
static POBJECT_HEADER ObpDeferredList;
static BOOLEAN ObpDeferredQueued;
static WORK_QUEUE_ITEM ObpDeferredItem;

POBJECT_HEADER
ObpCheckedHeader(PVOID Object)
{
    POBJECT_HEADER Header = ObpHeader(Object);

    if (Object == NULL || Header->Signature != OBP_HEADER_SIGNATURE)
        KeBugCheckEx(BAD_OBJECT_HEADER, (ULONG_PTR)Header, (ULONG_PTR)Object, 0, 0);
    return Header;
}

VOID
ObpDeleteObject(POBJECT_HEADER Header)
{
    POBJECT_TYPE Type = Header->Type;

    if (Type->DeleteProcedure != NULL)
        Type->DeleteProcedure(ObpBody(Header));
    if ((Header->Flags & OBP_FLAG_SECURITY) && Type->SecurityProcedure != NULL)
        Type->SecurityProcedure(ObpBody(Header), DeleteSecurityDescriptor, NULL, NULL, NULL, NULL,
                                NonPagedPoolNx, NULL);
    if (Header->CreateInfo != NULL)
        ObpFreeCreateInfo(Header->CreateInfo);
    if (Header->Name.Buffer != NULL)
        ExFreePoolWithTag(Header->Name.Buffer, OBP_NAME_TAG);
    InterlockedDecrement(&Type->TotalNumberOfObjects);
    Header->Signature = 0;
    ExFreePoolWithTag(Header, Type->PoolTag);
}

static VOID NTAPI
ObpDeferredDeleteWorker(PVOID Parameter)
{
    POBJECT_HEADER List, Header;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Parameter);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpDeferredLock);
    List = ObpDeferredList;
    ObpDeferredList = NULL;
    ObpDeferredQueued = FALSE;
    KeReleaseSpinLock(&ObpDeferredLock, OldIrql);
    while ((Header = List) != NULL)
    {
        List = Header->NextToFree;
        ObpDeleteObject(Header);
    }
}

static VOID
ObpDeferDelete(POBJECT_HEADER Header)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpDeferredLock);
    BOOLEAN Queue = !ObpDeferredQueued;

    Header->NextToFree = ObpDeferredList;
    ObpDeferredList = Header;
    ObpDeferredQueued = TRUE;
    KeReleaseSpinLock(&ObpDeferredLock, OldIrql);
    if (Queue)
    {
        ExInitializeWorkItem(&ObpDeferredItem, ObpDeferredDeleteWorker, NULL);
        ExQueueWorkItem(&ObpDeferredItem, DelayedWorkQueue);
    }
}

static LONG_PTR
ObpDropReference(PVOID Object)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    LONG_PTR Count = InterlockedDecrement64((volatile LONG64 *)&Header->PointerCount);

    if (Count < 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type, (ULONG_PTR)Object,
                     Header->PointerCount, Header->HandleCount);
    return Count;
}

LONG_PTR FASTCALL
ObfReferenceObject(PVOID Object)
{
    return InterlockedIncrement64((volatile LONG64 *)&ObpCheckedHeader(Object)->PointerCount);
}

LONG_PTR FASTCALL
ObfDereferenceObject(PVOID Object)
{
    LONG_PTR Count = ObpDropReference(Object);

    if (Count == 0)
    {
        if (KeGetCurrentIrql() <= APC_LEVEL)
            ObpDeleteObject(ObpHeader(Object));
        else
            ObpDeferDelete(ObpHeader(Object));
    }
    return Count;
}

VOID NTAPI
ObDereferenceObjectDeferDelete(PVOID Object)
{
    if (ObpDropReference(Object) == 0)
        ObpDeferDelete(ObpHeader(Object));
}

NTSTATUS NTAPI
ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                           KPROCESSOR_MODE AccessMode)
{
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(AccessMode);
    if (ObjectType != NULL && ObpCheckedHeader(Object)->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObfReferenceObject(Object);
    return STATUS_SUCCESS;
}

/* A reference unless the count already reached zero, i.e. the object is on its way to
 * deletion (NT's ObReferenceObjectSafe): for tables that name objects without holding a
 * reference, such as Ps's client-ID table, whose entries go in the delete procedure. */
BOOLEAN
ObpReferenceObjectSafe(PVOID Object)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    LONG64 Count = Header->PointerCount, Seen;

    while (Count > 0)
    {
        Seen = InterlockedCompareExchange64((volatile LONG64 *)&Header->PointerCount, Count + 1,
                                            Count);
        if (Seen == Count)
            return TRUE;
        Count = Seen;
    }
    return FALSE;
}
