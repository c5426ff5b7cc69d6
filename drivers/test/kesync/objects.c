/* SPDX-License-Identifier: MIT */
/* kesync.sys: events, multiple-object waits, semaphores, mutexes and mutants. */
#include "kesync.h"

/* KeSetEvent, KeResetEvent and KePulseEvent return the previous state (nonzero: it was
 * signalled); a notification event stays signalled through satisfied waits. */
PCSTR
KsCaseNotificationEvent(VOID)
{
    KEVENT Event;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_TIMEOUT);
    EXPECT_EQ(KeSetEvent(&Event, IO_NO_INCREMENT, FALSE), 0);
    EXPECT(KeReadStateEvent(&Event) != 0);
    EXPECT(KeSetEvent(&Event, IO_NO_INCREMENT, FALSE) != 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_SUCCESS);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_SUCCESS);
    EXPECT(KeReadStateEvent(&Event) != 0);
    EXPECT(KeResetEvent(&Event) != 0);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    EXPECT_EQ(KeResetEvent(&Event), 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_TIMEOUT);
    EXPECT_EQ(KePulseEvent(&Event, IO_NO_INCREMENT, FALSE), 0);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    KeSetEvent(&Event, IO_NO_INCREMENT, FALSE);
    EXPECT(KePulseEvent(&Event, IO_NO_INCREMENT, FALSE) != 0);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    KeSetEvent(&Event, IO_NO_INCREMENT, FALSE);
    KeClearEvent(&Event);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    return NULL;
}

/* A satisfied wait resets a synchronization event. */
PCSTR
KsCaseSynchronizationEvent(VOID)
{
    KEVENT Event;

    KeInitializeEvent(&Event, SynchronizationEvent, TRUE);
    EXPECT(KeReadStateEvent(&Event) != 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&Event), 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_TIMEOUT);
    EXPECT_EQ(KeSetEvent(&Event, IO_NO_INCREMENT, FALSE), 0);
    EXPECT(KeSetEvent(&Event, IO_NO_INCREMENT, FALSE) != 0);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_SUCCESS);
    EXPECT_STATUS(KsWait(&Event, 0), STATUS_TIMEOUT);
    return NULL;
}

static NTSTATUS
WaitMultiple(ULONG Count, PVOID *Objects, WAIT_TYPE Type, LONG64 Timeout, PKWAIT_BLOCK WaitBlocks)
{
    LARGE_INTEGER Interval;

    Interval.QuadPart = Timeout;
    return KeWaitForMultipleObjects(Count, Objects, Type, Executive, KernelMode, FALSE, &Interval,
                                    WaitBlocks);
}

/* WaitAny reports the lowest-numbered signalled object; WaitAll is satisfied only when all
 * are, and then consumes each (an unsatisfied WaitAll consumes nothing). */
PCSTR
KsCaseWaitMultiple(VOID)
{
    KEVENT First, Second;
    KSEMAPHORE Semaphore;
    PVOID Objects[3] = {&First, &Second, &Semaphore};

    KeInitializeEvent(&First, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Second, NotificationEvent, FALSE);
    KeInitializeSemaphore(&Semaphore, 0, 5);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAny, 0, NULL), STATUS_TIMEOUT);
    KeReleaseSemaphore(&Semaphore, IO_NO_INCREMENT, 2, FALSE);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAny, 0, NULL), STATUS_WAIT_0 + 2);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 1);
    KeSetEvent(&Second, IO_NO_INCREMENT, FALSE);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAny, 0, NULL), STATUS_WAIT_0 + 1);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 1);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAll, 0, NULL), STATUS_TIMEOUT);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 1);
    KeSetEvent(&First, IO_NO_INCREMENT, FALSE);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAll, 0, NULL), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&First), 0);
    EXPECT(KeReadStateEvent(&Second) != 0);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 0);
    EXPECT_STATUS(WaitMultiple(3, Objects, WaitAll, 0, NULL), STATUS_TIMEOUT);
    return NULL;
}

/* More than THREAD_WAIT_OBJECTS objects take a caller-supplied wait-block array; the waits
 * here block until a timer among the objects expires. */
static KEVENT ArrayEvents[4];
static KTIMER ArrayTimer;
static KWAIT_BLOCK ArrayWaitBlocks[5];

static PCSTR
WaitBlockArrayBody(VOID)
{
    PVOID Objects[5] = {&ArrayEvents[0], &ArrayEvents[1], &ArrayEvents[2], &ArrayTimer,
                        &ArrayEvents[3]};
    LARGE_INTEGER Due;
    ULONG I;

    C_ASSERT(ARRAYSIZE(Objects) > THREAD_WAIT_OBJECTS);
    Due.QuadPart = KS_MS(20);
    EXPECT(!KeSetTimer(&ArrayTimer, Due, NULL));
    EXPECT_STATUS(WaitMultiple(5, Objects, WaitAny, KS_SAFETY_TIMEOUT, ArrayWaitBlocks),
                  STATUS_WAIT_0 + 3);
    for (I = 0; I < ARRAYSIZE(ArrayEvents); I++)
        KeSetEvent(&ArrayEvents[I], IO_NO_INCREMENT, FALSE);
    EXPECT_STATUS(WaitMultiple(5, Objects, WaitAny, 0, ArrayWaitBlocks), STATUS_WAIT_0 + 0);
    EXPECT(!KeSetTimer(&ArrayTimer, Due, NULL));
    EXPECT_STATUS(WaitMultiple(5, Objects, WaitAll, 0, ArrayWaitBlocks), STATUS_TIMEOUT);
    EXPECT_STATUS(WaitMultiple(5, Objects, WaitAll, KS_SAFETY_TIMEOUT, ArrayWaitBlocks),
                  STATUS_SUCCESS);
    EXPECT(KeReadStateTimer(&ArrayTimer));
    return NULL;
}

PCSTR
KsCaseWaitBlockArray(VOID)
{
    PCSTR Failed;
    ULONG I;

    for (I = 0; I < ARRAYSIZE(ArrayEvents); I++)
        KeInitializeEvent(&ArrayEvents[I], NotificationEvent, FALSE);
    KeInitializeTimer(&ArrayTimer);
    Failed = WaitBlockArrayBody();
    KeCancelTimer(&ArrayTimer);
    return Failed;
}

static PCSTR
ReleaseSemaphoreExpectingRaise(PKSEMAPHORE Semaphore, LONG Adjustment)
{
    NTSTATUS Code = STATUS_SUCCESS;
    BOOLEAN Returned = FALSE;

    __try
    {
        KeReleaseSemaphore(Semaphore, IO_NO_INCREMENT, Adjustment, FALSE);
        Returned = TRUE;
    }
    __except (EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    EXPECT(!Returned);
    EXPECT_STATUS(Code, STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    return NULL;
}

/* KeReleaseSemaphore returns the previous count and raises past the limit, leaving the
 * count as it was. */
PCSTR
KsCaseSemaphore(VOID)
{
    KSEMAPHORE Semaphore;

    KeInitializeSemaphore(&Semaphore, 0, 2);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 0);
    EXPECT_STATUS(KsWait(&Semaphore, 0), STATUS_TIMEOUT);
    EXPECT_EQ(KeReleaseSemaphore(&Semaphore, IO_NO_INCREMENT, 1, FALSE), 0);
    EXPECT_EQ(KeReleaseSemaphore(&Semaphore, IO_NO_INCREMENT, 1, FALSE), 1);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 2);
    EXPECT_PASSED(ReleaseSemaphoreExpectingRaise(&Semaphore, 1));
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 2);
    EXPECT_STATUS(KsWait(&Semaphore, 0), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 1);
    EXPECT_PASSED(ReleaseSemaphoreExpectingRaise(&Semaphore, 2));
    EXPECT_EQ(KeReadStateSemaphore(&Semaphore), 1);
    EXPECT_STATUS(KsWait(&Semaphore, 0), STATUS_SUCCESS);
    EXPECT_STATUS(KsWait(&Semaphore, 0), STATUS_TIMEOUT);
    return NULL;
}

/* Release what a failed case left held (at most a few recursive acquisitions). */
static VOID
ReleaseHeldMutant(PKMUTANT Mutant)
{
    ULONG I;

    for (I = 0; I < 4 && KeReadStateMutant(Mutant) < 1; I++)
        KeReleaseMutant(Mutant, IO_NO_INCREMENT, FALSE, FALSE);
}

/* The owner acquires a KMUTEX recursively and must release it as often; KeReleaseMutex
 * returns 0 when the mutex became signalled. KeReadStateMutex is the signal state: 1 free,
 * 0 held once, -1 held twice (as on NT). Holding it disables normal kernel APCs. */
static KMUTEX Mutex;

static PCSTR
MutexBody(VOID)
{
    EXPECT(!KeAreApcsDisabled());
    EXPECT_EQ(KeReadStateMutex(&Mutex), 1);
    EXPECT_STATUS(KsWait(&Mutex, 0), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateMutex(&Mutex), 0);
    EXPECT(KeAreApcsDisabled());
    EXPECT_STATUS(KsWait(&Mutex, KS_SAFETY_TIMEOUT), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateMutex(&Mutex), -1);
    EXPECT(KeReleaseMutex(&Mutex, FALSE) != 0);
    EXPECT_EQ(KeReadStateMutex(&Mutex), 0);
    EXPECT(KeAreApcsDisabled());
    EXPECT_EQ(KeReleaseMutex(&Mutex, FALSE), 0);
    EXPECT_EQ(KeReadStateMutex(&Mutex), 1);
    EXPECT(!KeAreApcsDisabled());
    return NULL;
}

PCSTR
KsCaseMutex(VOID)
{
    PCSTR Failed;

    KeInitializeMutex(&Mutex, 0);
    Failed = MutexBody();
    ReleaseHeldMutant(&Mutex);
    return Failed;
}

static PCSTR
ReleaseMutantExpectingRaise(PKMUTANT Mutant, NTSTATUS Expected)
{
    NTSTATUS Code = STATUS_SUCCESS;
    BOOLEAN Returned = FALSE;

    __try
    {
        KeReleaseMutant(Mutant, IO_NO_INCREMENT, FALSE, FALSE);
        Returned = TRUE;
    }
    __except (EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    EXPECT(!Returned);
    EXPECT_STATUS(Code, Expected);
    return NULL;
}

/* A mutant created owned is held by its creator; KeReleaseMutant returns the previous
 * signal state; releasing a mutant one does not own raises STATUS_MUTANT_NOT_OWNED. Unlike
 * a KMUTEX, holding a mutant leaves APCs enabled. */
static KMUTANT Mutant;

static PCSTR
MutantBody(VOID)
{
    EXPECT_EQ(KeReadStateMutant(&Mutant), 0);
    EXPECT(!KeAreApcsDisabled());
    EXPECT_STATUS(KsWait(&Mutant, 0), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateMutant(&Mutant), -1);
    EXPECT_EQ(KeReleaseMutant(&Mutant, IO_NO_INCREMENT, FALSE, FALSE), -1);
    EXPECT_EQ(KeReleaseMutant(&Mutant, IO_NO_INCREMENT, FALSE, FALSE), 0);
    EXPECT_EQ(KeReadStateMutant(&Mutant), 1);
    EXPECT_PASSED(ReleaseMutantExpectingRaise(&Mutant, STATUS_MUTANT_NOT_OWNED));
    EXPECT_EQ(KeReadStateMutant(&Mutant), 1);
    EXPECT_STATUS(KsWait(&Mutant, 0), STATUS_SUCCESS);
    EXPECT_EQ(KeReleaseMutant(&Mutant, IO_NO_INCREMENT, FALSE, FALSE), 0);
    return NULL;
}

PCSTR
KsCaseMutant(VOID)
{
    PCSTR Failed;

    KeInitializeMutant(&Mutant, TRUE);
    Failed = MutantBody();
    ReleaseHeldMutant(&Mutant);
    return Failed;
}
