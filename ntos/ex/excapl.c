/* SPDX-License-Identifier: MIT */
/*
 * Cache-aware push locks: NT x64's EX_PUSH_LOCK_CACHE_AWARE, an array of pointers to 64
 * push locks each alone in its cache line. A sharer takes only the lock of its processor
 * (number modulo 64), so readers on different processors do not bounce one line between
 * them; an exclusive owner takes all 64 in index order, which keeps two writers from
 * deadlocking. The structure and its locks are one nonpaged allocation.
 */
#include "exp.h"

#define EXP_CACHE_AWARE_TAG 0x6C437845 /* "ExCl" */
#define EXP_CACHE_LINE 64

typedef struct DECLSPEC_ALIGN(EXP_CACHE_LINE) _EXP_PADDED_PUSH_LOCK
{
    EX_PUSH_LOCK Lock;
} EXP_PADDED_PUSH_LOCK;

typedef struct _EXP_CACHE_AWARE_ALLOCATION
{
    EX_PUSH_LOCK_CACHE_AWARE Header;
    EXP_PADDED_PUSH_LOCK Locks[EX_PUSH_LOCK_FANNED_COUNT];
} EXP_CACHE_AWARE_ALLOCATION;

C_ASSERT(sizeof(EX_PUSH_LOCK_CACHE_AWARE) == EX_PUSH_LOCK_FANNED_COUNT * sizeof(PVOID));
C_ASSERT(sizeof(EXP_PADDED_PUSH_LOCK) == EXP_CACHE_LINE);

PEX_PUSH_LOCK_CACHE_AWARE NTAPI
ExAllocateCacheAwarePushLock(VOID)
{
    EXP_CACHE_AWARE_ALLOCATION *Allocation;
    ULONG I;

    Allocation = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Allocation), EXP_CACHE_AWARE_TAG);
    if (Allocation == NULL)
        return NULL;
    for (I = 0; I < EX_PUSH_LOCK_FANNED_COUNT; I++)
    {
        ExInitializePushLock(&Allocation->Locks[I].Lock);
        Allocation->Header.Locks[I] = &Allocation->Locks[I].Lock;
    }
    return &Allocation->Header;
}

VOID NTAPI
ExFreeCacheAwarePushLock(PEX_PUSH_LOCK_CACHE_AWARE PushLock)
{
    ExFreePoolWithTag(PushLock, EXP_CACHE_AWARE_TAG);
}

VOID NTAPI
ExAcquireCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock)
{
    ULONG I;

    for (I = 0; I < EX_PUSH_LOCK_FANNED_COUNT; I++)
        ExfAcquirePushLockExclusive(PushLock->Locks[I]);
}

VOID NTAPI
ExReleaseCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock)
{
    ULONG I;

    for (I = EX_PUSH_LOCK_FANNED_COUNT; I-- > 0;)
        ExfReleasePushLockExclusive(PushLock->Locks[I]);
}

/* What NT's inline ExAcquireCacheAwarePushLockShared does. The caller must release on the
 * lock it got back, since it may move to another processor meanwhile. */
PEX_PUSH_LOCK
ExpAcquireCacheAwarePushLockShared(PEX_PUSH_LOCK_CACHE_AWARE PushLock)
{
    PEX_PUSH_LOCK Lock = PushLock->Locks[KeGetCurrentProcessorNumber() % EX_PUSH_LOCK_FANNED_COUNT];

    ExfAcquirePushLockShared(Lock);
    return Lock;
}
