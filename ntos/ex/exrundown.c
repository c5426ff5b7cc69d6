/* SPDX-License-Identifier: MIT */
/*
 * Rundown protection: a count of users that can be closed for good. While open, Count holds
 * the users times two (bit 0 clear). ExWaitForRundownProtectionRelease closes it: it swaps
 * in the address of a wait block on its stack with bit 0 set, the block holding the users
 * still inside; new acquisitions fail from then on, and the last release signals the
 * block's event. Afterwards the reference holds just bit 0 (run down) until reinitialized.
 */
#include "ntos.h"

#define EXP_RUNDOWN_ACTIVE 0x1
#define EXP_RUNDOWN_COUNT_INC 0x2

typedef struct _EXP_RUNDOWN_WAIT_BLOCK
{
    volatile LONG_PTR Users;
    KEVENT Done;
} EXP_RUNDOWN_WAIT_BLOCK;

C_ASSERT(__alignof__(EXP_RUNDOWN_WAIT_BLOCK) >= 2); /* its address leaves bit 0 free */

static ULONG_PTR
ExpCompareExchange(PEX_RUNDOWN_REF RunRef, ULONG_PTR New, ULONG_PTR Old)
{
    return (ULONG_PTR)InterlockedCompareExchangePointer((PVOID volatile *)&RunRef->Ptr, (PVOID)New,
                                                        (PVOID)Old);
}

VOID NTAPI
ExInitializeRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    RunRef->Count = 0;
}

VOID NTAPI
ExReInitializeRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    InterlockedExchangePointer((PVOID volatile *)&RunRef->Ptr, NULL);
}

VOID NTAPI
ExRundownCompleted(PEX_RUNDOWN_REF RunRef)
{
    InterlockedExchangePointer((PVOID volatile *)&RunRef->Ptr, (PVOID)EXP_RUNDOWN_ACTIVE);
}

BOOLEAN FASTCALL
ExAcquireRundownProtectionEx(PEX_RUNDOWN_REF RunRef, ULONG Count)
{
    ULONG_PTR Old, Add = (ULONG_PTR)Count * EXP_RUNDOWN_COUNT_INC;

    for (;;)
    {
        Old = RunRef->Count;
        if (Old & EXP_RUNDOWN_ACTIVE)
            return FALSE;
        if (ExpCompareExchange(RunRef, Old + Add, Old) == Old)
            return TRUE;
    }
}

BOOLEAN NTAPI
ExAcquireRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    return ExAcquireRundownProtectionEx(RunRef, 1);
}

VOID FASTCALL
ExReleaseRundownProtectionEx(PEX_RUNDOWN_REF RunRef, ULONG Count)
{
    ULONG_PTR Old;
    EXP_RUNDOWN_WAIT_BLOCK *WaitBlock;

    for (;;)
    {
        Old = RunRef->Count;
        if (Old & EXP_RUNDOWN_ACTIVE)
        {
            /* A rundown is waiting: the users are counted in its block now. */
            WaitBlock = (EXP_RUNDOWN_WAIT_BLOCK *)(Old & ~(ULONG_PTR)EXP_RUNDOWN_ACTIVE);
            if (InterlockedExchangeAdd64((volatile LONG64 *)&WaitBlock->Users, -(LONG64)Count) ==
                (LONG64)Count)
                KeSetEvent(&WaitBlock->Done, 0, FALSE);
            return;
        }
        /* More releases than acquisitions: the count would wrap and open the gate to anyone. */
        if (Old < (ULONG_PTR)Count * EXP_RUNDOWN_COUNT_INC)
            KeBugCheckEx(INVALID_DATA_ACCESS_TRAP, (ULONG_PTR)RunRef, Old, Count, 0);
        if (ExpCompareExchange(RunRef, Old - (ULONG_PTR)Count * EXP_RUNDOWN_COUNT_INC, Old) == Old)
            return;
    }
}

VOID NTAPI
ExReleaseRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    ExReleaseRundownProtectionEx(RunRef, 1);
}

/* Close the reference and wait until every user that got in has left. PASSIVE_LEVEL. */
VOID NTAPI
ExWaitForRundownProtectionRelease(PEX_RUNDOWN_REF RunRef)
{
    EXP_RUNDOWN_WAIT_BLOCK WaitBlock;
    ULONG_PTR Old;

    KeInitializeEvent(&WaitBlock.Done, NotificationEvent, FALSE);
    for (;;)
    {
        Old = RunRef->Count;
        if (Old & EXP_RUNDOWN_ACTIVE)
            return; /* already run down */
        if (Old == 0)
        {
            if (ExpCompareExchange(RunRef, EXP_RUNDOWN_ACTIVE, 0) == 0)
                return;
            continue;
        }
        WaitBlock.Users = (LONG_PTR)(Old / EXP_RUNDOWN_COUNT_INC);
        if (ExpCompareExchange(RunRef, (ULONG_PTR)&WaitBlock | EXP_RUNDOWN_ACTIVE, Old) == Old)
            break;
    }
    KeWaitForSingleObject(&WaitBlock.Done, Executive, KernelMode, FALSE, NULL);
    ExRundownCompleted(RunRef);
}
