/* SPDX-License-Identifier: MIT */
/* The registry lock: one resource for the whole tree, taken inside a critical region. */
#include "cmp.h"

ERESOURCE CmpRegistryLock;

VOID
CmpLockShared(VOID)
{
    PAGED_CODE();
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&CmpRegistryLock, TRUE);
}

VOID
CmpLockExclusive(VOID)
{
    PAGED_CODE();
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&CmpRegistryLock, TRUE);
}

VOID
CmpUnlock(VOID)
{
    ExReleaseResourceLite(&CmpRegistryLock);
    KeLeaveCriticalRegion();
}
