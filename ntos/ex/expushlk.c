/* SPDX-License-Identifier: MIT */
/*
 * Push locks: pointer-sized reader/writer locks in NT x64's EX_PUSH_LOCK word.
 *
 * Bit 0 is Locked, bit 1 Waiting, bit 2 Waking, bit 3 MultipleShared. With Waiting clear the
 * bits above hold the number of shared owners (0 for an exclusive owner). With Waiting set
 * they hold the address of the newest wait block instead: waiters push 16-byte-aligned
 * blocks, which live on their own stacks, onto a LIFO chain through Next. The share count
 * then moves into the oldest block, and MultipleShared says it was more than one, so
 * Locked without MultipleShared means exactly one owner of either kind and new sharers
 * queue behind the waiters. The last owner to leave clears Locked and, unless somebody
 * already has, sets Waking: the Waking bit gives one thread the right to take blocks off
 * the chain, so the chain is only ever edited by that thread, and only while nobody owns
 * the lock (MultipleShared, whose count readers find by walking the chain, implies Locked).
 * The waker releases the oldest waiter alone if it wants the lock exclusive, else every
 * waiter, oldest first; woken threads compete for the lock again.
 */
#include "exp.h"

#define EXP_PUSH_LOCK_LOCKED 0x1
#define EXP_PUSH_LOCK_WAITING 0x2
#define EXP_PUSH_LOCK_WAKING 0x4
#define EXP_PUSH_LOCK_MULTIPLE_SHARED 0x8
#define EXP_PUSH_LOCK_FLAGS 0xF
#define EXP_PUSH_LOCK_SHARE_INC 0x10
#define EXP_PUSH_LOCK_SHARE_SHIFT 4

C_ASSERT(sizeof(EX_PUSH_LOCK) == sizeof(PVOID));
C_ASSERT(__alignof__(EXP_PUSH_LOCK_WAIT_BLOCK) > EXP_PUSH_LOCK_FLAGS);

static inline ULONG_PTR
ExpReadPushLock(PEX_PUSH_LOCK PushLock)
{
    return *(volatile ULONG_PTR *)PushLock;
}

/* Returns the value the lock had: the exchange happened when that equals Old. */
static inline ULONG_PTR
ExpExchangePushLock(PEX_PUSH_LOCK PushLock, ULONG_PTR New, ULONG_PTR Old)
{
    return (ULONG_PTR)InterlockedCompareExchange64((volatile LONG64 *)PushLock, (LONG64)New,
                                                   (LONG64)Old);
}

static inline PEXP_PUSH_LOCK_WAIT_BLOCK
ExpNewestWaiter(ULONG_PTR Value)
{
    return (PEXP_PUSH_LOCK_WAIT_BLOCK)(Value & ~(ULONG_PTR)EXP_PUSH_LOCK_FLAGS);
}

/* The block that holds the share count. Lock owned, so nobody edits the chain. */
static PEXP_PUSH_LOCK_WAIT_BLOCK
ExpOldestWaiter(ULONG_PTR Value)
{
    PEXP_PUSH_LOCK_WAIT_BLOCK Block = ExpNewestWaiter(Value);

    while (Block->Next != NULL)
        Block = Block->Next;
    return Block;
}

/* Pushes WaitBlock onto the lock that held Old and sleeps until a waker sets its event.
 * Returns at once when the lock changed before the block could be queued. */
static VOID
ExpWaitForPushLock(PEX_PUSH_LOCK PushLock, ULONG_PTR Old, PEXP_PUSH_LOCK_WAIT_BLOCK WaitBlock)
{
    ULONG_PTR Shares = Old >> EXP_PUSH_LOCK_SHARE_SHIFT, New;

    KeInitializeEvent(&WaitBlock->WakeEvent, NotificationEvent, FALSE);
    if (Old & EXP_PUSH_LOCK_WAITING)
    {
        WaitBlock->Next = ExpNewestWaiter(Old);
        WaitBlock->ShareCount = 0;
        New = (ULONG_PTR)WaitBlock | (Old & EXP_PUSH_LOCK_FLAGS);
    }
    else
    {
        WaitBlock->Next = NULL;
        WaitBlock->ShareCount = (LONG)Shares;
        New = (ULONG_PTR)WaitBlock | EXP_PUSH_LOCK_LOCKED | EXP_PUSH_LOCK_WAITING |
              (Shares > 1 ? EXP_PUSH_LOCK_MULTIPLE_SHARED : 0);
    }
    if (ExpExchangePushLock(PushLock, New, Old) != Old)
        return;
    KeWaitForSingleObject(&WaitBlock->WakeEvent, WrPushLock, KernelMode, FALSE, NULL);
}

/* Wakes a detached chain oldest first, so waiters get in in the order they came. Each
 * block's Next is read before its event is set: the woken thread reuses its stack at once. */
static VOID
ExpSignalWaiters(PEXP_PUSH_LOCK_WAIT_BLOCK Block)
{
    PEXP_PUSH_LOCK_WAIT_BLOCK Reversed = NULL, Next;

    for (; Block != NULL; Block = Next)
    {
        Next = Block->Next;
        Block->Next = Reversed;
        Reversed = Block;
    }
    for (Block = Reversed; Block != NULL; Block = Next)
    {
        Next = Block->Next;
        KeSetEvent(&Block->WakeEvent, 0, FALSE);
    }
}

/* The caller set Waking (Old is the value it stored). Wakes what the unowned lock lets run,
 * or leaves the waiters to whoever took the lock meanwhile, and clears Waking either way. */
static VOID
ExpWakePushLock(PEX_PUSH_LOCK PushLock, ULONG_PTR Old)
{
    PEXP_PUSH_LOCK_WAIT_BLOCK Oldest, Newer, Wake = NULL;
    ULONG_PTR Seen;

    for (;;)
    {
        if (!(Old & EXP_PUSH_LOCK_LOCKED) && Wake == NULL)
        {
            Newer = NULL;
            Oldest = ExpNewestWaiter(Old);
            while (Oldest->Next != NULL)
            {
                Newer = Oldest;
                Oldest = Oldest->Next;
            }
            if (!Oldest->Exclusive || Newer == NULL)
            {
                Seen = ExpExchangePushLock(PushLock, 0, Old);
                if (Seen == Old)
                {
                    ExpSignalWaiters(ExpNewestWaiter(Old));
                    return;
                }
                Old = Seen;
                continue;
            }
            Newer->Next = NULL; /* the oldest waiter leaves the chain alone */
            Wake = Oldest;
        }
        Seen = ExpExchangePushLock(PushLock, Old & ~(ULONG_PTR)EXP_PUSH_LOCK_WAKING, Old);
        if (Seen == Old)
            break;
        Old = Seen;
    }
    ExpSignalWaiters(Wake);
}

/* Drops one ownership of either kind. */
static VOID
ExpReleasePushLock(PEX_PUSH_LOCK PushLock)
{
    ULONG_PTR Old = ExpReadPushLock(PushLock), New, Seen;
    BOOLEAN LastShare = FALSE;

    for (;; Old = Seen)
    {
        ASSERT(Old & EXP_PUSH_LOCK_LOCKED);
        if (!(Old & EXP_PUSH_LOCK_WAITING))
        {
            New = (Old >> EXP_PUSH_LOCK_SHARE_SHIFT) > 1 ? Old - EXP_PUSH_LOCK_SHARE_INC : 0;
            Seen = ExpExchangePushLock(PushLock, New, Old);
            if (Seen == Old)
                return;
            continue;
        }
        if ((Old & EXP_PUSH_LOCK_MULTIPLE_SHARED) && !LastShare)
        {
            if (InterlockedDecrement(&ExpOldestWaiter(Old)->ShareCount) > 0)
                return;
            LastShare = TRUE;
        }
        New = Old & ~(ULONG_PTR)(EXP_PUSH_LOCK_LOCKED | EXP_PUSH_LOCK_MULTIPLE_SHARED);
        New |= EXP_PUSH_LOCK_WAKING;
        Seen = ExpExchangePushLock(PushLock, New, Old);
        if (Seen == Old)
        {
            if (!(Old & EXP_PUSH_LOCK_WAKING))
                ExpWakePushLock(PushLock, New);
            return;
        }
    }
}

VOID
ExInitializePushLock(PEX_PUSH_LOCK PushLock)
{
    *(volatile ULONG_PTR *)PushLock = 0;
}

VOID FASTCALL
ExfAcquirePushLockExclusive(PEX_PUSH_LOCK PushLock)
{
    EXP_PUSH_LOCK_WAIT_BLOCK WaitBlock;
    ULONG_PTR Old;

    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    for (;;)
    {
        Old = ExpReadPushLock(PushLock);
        if (Old & EXP_PUSH_LOCK_LOCKED)
        {
            WaitBlock.Exclusive = TRUE;
            ExpWaitForPushLock(PushLock, Old, &WaitBlock);
        }
        else if (ExpExchangePushLock(PushLock, Old | EXP_PUSH_LOCK_LOCKED, Old) == Old)
        {
            return;
        }
    }
}

/* The value that adds one shared owner to Old, or 0 when the caller must wait. */
static ULONG_PTR
ExpSharedPushLockValue(ULONG_PTR Old)
{
    if (!(Old & EXP_PUSH_LOCK_WAITING))
    {
        if (Old == 0 || (Old >> EXP_PUSH_LOCK_SHARE_SHIFT) > 0)
            return (Old + EXP_PUSH_LOCK_SHARE_INC) | EXP_PUSH_LOCK_LOCKED;
        return 0;
    }
    /* Waiters are queued: take the lock only if it is free, as its single owner. */
    return (Old & EXP_PUSH_LOCK_LOCKED) ? 0 : Old | EXP_PUSH_LOCK_LOCKED;
}

VOID FASTCALL
ExfAcquirePushLockShared(PEX_PUSH_LOCK PushLock)
{
    EXP_PUSH_LOCK_WAIT_BLOCK WaitBlock;
    ULONG_PTR Old, New;

    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    for (;;)
    {
        Old = ExpReadPushLock(PushLock);
        New = ExpSharedPushLockValue(Old);
        if (New == 0)
        {
            WaitBlock.Exclusive = FALSE;
            ExpWaitForPushLock(PushLock, Old, &WaitBlock);
        }
        else if (ExpExchangePushLock(PushLock, New, Old) == Old)
        {
            return;
        }
    }
}

BOOLEAN FASTCALL
ExfTryAcquirePushLockShared(PEX_PUSH_LOCK PushLock)
{
    ULONG_PTR Old, New;

    for (;;)
    {
        Old = ExpReadPushLock(PushLock);
        New = ExpSharedPushLockValue(Old);
        if (New == 0)
            return FALSE;
        if (ExpExchangePushLock(PushLock, New, Old) == Old)
            return TRUE;
    }
}

VOID FASTCALL
ExfReleasePushLock(PEX_PUSH_LOCK PushLock)
{
    ExpReleasePushLock(PushLock);
}

VOID FASTCALL
ExfReleasePushLockExclusive(PEX_PUSH_LOCK PushLock)
{
    ULONG_PTR Old = ExpReadPushLock(PushLock);

    UNREFERENCED_PARAMETER(Old);
    ASSERT((Old & EXP_PUSH_LOCK_WAITING) ? !(Old & EXP_PUSH_LOCK_MULTIPLE_SHARED)
                                         : Old == EXP_PUSH_LOCK_LOCKED);
    ExpReleasePushLock(PushLock);
}

VOID FASTCALL
ExfReleasePushLockShared(PEX_PUSH_LOCK PushLock)
{
    ExpReleasePushLock(PushLock);
}

/* For callers that released with a plain store or interlocked operation of their own and
 * left waiters queued on a free lock: become the waker if nobody is. */
VOID FASTCALL
ExfTryToWakePushLock(PEX_PUSH_LOCK PushLock)
{
    ULONG_PTR Old = ExpReadPushLock(PushLock), New;

    if ((Old & (EXP_PUSH_LOCK_WAITING | EXP_PUSH_LOCK_LOCKED | EXP_PUSH_LOCK_WAKING)) !=
        EXP_PUSH_LOCK_WAITING)
        return;
    New = Old | EXP_PUSH_LOCK_WAKING;
    if (ExpExchangePushLock(PushLock, New, Old) == Old)
        ExpWakePushLock(PushLock, New);
}

/*
 * A push lock as a list of blocked threads rather than a lock: ExpBlockPushLock queues the
 * caller's wait block (Waiting set, never Locked), ExfUnblockPushLock empties the list and
 * sets every block's event, and ExpWaitForUnblockPushLock sleeps until that has happened.
 */
VOID
ExpBlockPushLock(PEX_PUSH_LOCK PushLock, PEXP_PUSH_LOCK_WAIT_BLOCK WaitBlock)
{
    ULONG_PTR Old, Seen;

    KeInitializeEvent(&WaitBlock->WakeEvent, NotificationEvent, FALSE);
    WaitBlock->Exclusive = FALSE;
    WaitBlock->ShareCount = 0;
    for (Old = ExpReadPushLock(PushLock);; Old = Seen)
    {
        ASSERT(!(Old & EXP_PUSH_LOCK_LOCKED));
        WaitBlock->Next = ExpNewestWaiter(Old);
        Seen = ExpExchangePushLock(PushLock, (ULONG_PTR)WaitBlock | EXP_PUSH_LOCK_WAITING, Old);
        if (Seen == Old)
            return;
    }
}

VOID
ExpWaitForUnblockPushLock(PEXP_PUSH_LOCK_WAIT_BLOCK WaitBlock)
{
    KeWaitForSingleObject(&WaitBlock->WakeEvent, WrPushLock, KernelMode, FALSE, NULL);
}

/* CurrentWaitBlock, the caller's own block if it blocked too, is released with the rest. */
VOID FASTCALL
ExfUnblockPushLock(PEX_PUSH_LOCK PushLock, PVOID CurrentWaitBlock)
{
    ULONG_PTR Old = (ULONG_PTR)InterlockedExchange64((volatile LONG64 *)PushLock, 0);

    UNREFERENCED_PARAMETER(CurrentWaitBlock);
    ASSERT(!(Old & EXP_PUSH_LOCK_LOCKED));
    ExpSignalWaiters(ExpNewestWaiter(Old));
}
