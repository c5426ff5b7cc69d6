/* SPDX-License-Identifier: MIT */
/*
 * Pool charged to the current process's quota. NT charges the allocation to the process
 * and records the process in the block, raising STATUS_QUOTA_EXCEEDED past its limit. There
 * are no process quotas here yet (one system process, no limits), so these allocate plain
 * pool; what remains of NT's contract is the failure path: the allocation raises
 * STATUS_INSUFFICIENT_RESOURCES when pool runs out, unless the caller ORs
 * POOL_QUOTA_FAIL_INSTEAD_OF_RAISE into the pool type, which makes it return NULL.
 */
#include "exp.h"

#undef ExAllocatePoolWithQuota
#undef ExAllocatePoolWithQuotaTag

#define EXP_QUOTA_DEFAULT_TAG 0x656E6F4E /* "None", as ExAllocatePool */
#define EXP_POOL_FLAGS (POOL_QUOTA_FAIL_INSTEAD_OF_RAISE | POOL_RAISE_IF_ALLOCATION_FAILURE)

PVOID NTAPI
ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID P = ExAllocatePoolWithTag((POOL_TYPE)(PoolType & ~EXP_POOL_FLAGS), NumberOfBytes, Tag);

    if (P == NULL && !(PoolType & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return P;
}

PVOID NTAPI
ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithQuotaTag(PoolType, NumberOfBytes, EXP_QUOTA_DEFAULT_TAG);
}
