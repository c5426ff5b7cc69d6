/* SPDX-License-Identifier: MIT */
/*
 * ExUuidCreate: version-4 (random) UUIDs, as Windows has made since Windows 2000. The bits
 * come from RDRAND when the processor has it; otherwise from a splitmix64 sequence seeded
 * with the time stamp counter at first use, whose values are unique on this machine but
 * not across machines, so that path returns RPC_NT_UUID_LOCAL_ONLY as Microsoft documents
 * for UUIDs that are only locally unique.
 */
#include "exp.h"

#define EXP_RDRAND_RETRIES 10 /* Intel's advice for a transiently empty entropy source */
#define EXP_SPLITMIX_GAMMA 0x9E3779B97F4A7C15ull

static volatile LONG64 ExpUuidSequence;
static volatile LONG ExpUuidSeeded;

static BOOLEAN
ExpHasRdrand(VOID)
{
    int Registers[4];

    __cpuid(Registers, 1);
    return (Registers[2] & (1 << 30)) != 0;
}

static BOOLEAN
ExpRdrand64(PULONG64 Value)
{
    ULONG I;

    for (I = 0; I < EXP_RDRAND_RETRIES; I++)
    {
        BOOLEAN Ok;

        __asm__ volatile("rdrand %0" : "=r"(*Value), "=@ccc"(Ok)::"cc");
        if (Ok)
            return TRUE;
    }
    return FALSE;
}

/* Lock-free: each caller claims its own step of the sequence. */
static ULONG64
ExpSplitMix64(VOID)
{
    ULONG64 Z;

    if (InterlockedCompareExchange(&ExpUuidSeeded, 1, 0) == 0)
        InterlockedAdd64(&ExpUuidSequence, (LONG64)__rdtsc());
    Z = (ULONG64)InterlockedAdd64(&ExpUuidSequence, (LONG64)EXP_SPLITMIX_GAMMA);
    Z = (Z ^ (Z >> 30)) * 0xBF58476D1CE4E5B9ull;
    Z = (Z ^ (Z >> 27)) * 0x94D049BB133111EBull;
    return Z ^ (Z >> 31);
}

/* Fills Uuid with random bits, then stamps version 4 and the RFC 4122 variant. */
NTSTATUS
ExpCreateRandomUuid(UUID *Uuid, BOOLEAN UseRdrand)
{
    ULONG64 Bits[2];
    NTSTATUS Status = STATUS_SUCCESS;

    if (!UseRdrand || !ExpRdrand64(&Bits[0]) || !ExpRdrand64(&Bits[1]))
    {
        Bits[0] = ExpSplitMix64();
        Bits[1] = ExpSplitMix64();
        Status = RPC_NT_UUID_LOCAL_ONLY;
    }
    RtlCopyMemory(Uuid, Bits, sizeof(*Uuid));
    Uuid->Data3 = (USHORT)((Uuid->Data3 & 0x0FFF) | 0x4000);
    Uuid->Data4[0] = (UCHAR)((Uuid->Data4[0] & 0x3F) | 0x80);
    return Status;
}

NTSTATUS NTAPI
ExUuidCreate(UUID *Uuid)
{
    PAGED_CODE();
    return ExpCreateRandomUuid(Uuid, ExpHasRdrand());
}
