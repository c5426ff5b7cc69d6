/* SPDX-License-Identifier: MIT */
/*
 * Timer objects through handles: ZwCreateTimer makes an EXP_TIMER whose body starts with a
 * KTIMER (so it can be waited on), ZwOpenTimer opens a named one, ZwSetTimer and
 * ZwCancelTimer arm and disarm it. Timer APCs are in extimapc.c. A timer object that goes
 * is cancelled first, so the timer table never holds freed memory.
 * Not yet: resuming the machine (ResumeTimer gives STATUS_TIMER_RESUME_IGNORED, as NT does
 * on machines that cannot).
 */
#include "exp.h"

#define EXP_TIMER_TAG 0x656D6954 /* "Time" */

static POBJECT_TYPE ExpTimerObjectType;

NTSTATUS NTAPI
ZwCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
              TIMER_TYPE TimerType)
{
    PEXP_TIMER Timer;
    NTSTATUS Status;

    *TimerHandle = NULL;
    if (TimerType != NotificationTimer && TimerType != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER_4;
    Status = ObCreateObject(KernelMode, ExpTimerObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(EXP_TIMER), 0, 0, (PVOID *)&Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeTimerEx(&Timer->KeTimer, TimerType);
    ExpInitializeTimerApc(Timer);
    return ObInsertObject(Timer, NULL, DesiredAccess, 0, NULL, TimerHandle);
}

NTSTATUS NTAPI
ZwOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ExpTimerObjectType, KernelMode, NULL, DesiredAccess,
                              NULL, TimerHandle);
}

/*
 * PreviousState is the signal state before the timer was set again. Setting a timer ends its
 * APC association, removing a pending APC; with TimerApcRoutine the expiry queues an APC to
 * the calling thread (extimapc.c).
 */
NTSTATUS NTAPI
ZwSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime, PTIMER_APC_ROUTINE TimerApcRoutine,
           PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period, PBOOLEAN PreviousState)
{
    PEXP_TIMER Timer;
    NTSTATUS Status;
    BOOLEAN State;

    if (Period < 0)
        return STATUS_INVALID_PARAMETER_6;
    Status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, ExpTimerObjectType,
                                       KernelMode, (PVOID *)&Timer, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ExpSetTimer(Timer, *DueTime, TimerApcRoutine, TimerContext, Period, &State);
    ObfDereferenceObject(Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    if (PreviousState != NULL)
        *PreviousState = State;
    return ResumeTimer ? STATUS_TIMER_RESUME_IGNORED : STATUS_SUCCESS;
}

/* CurrentState is the signal state once cancelled. A pending timer APC is removed. */
NTSTATUS NTAPI
ZwCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState)
{
    PEXP_TIMER Timer;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, ExpTimerObjectType,
                                       KernelMode, (PVOID *)&Timer, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ExpCancelTimer(Timer);
    if (CurrentState != NULL)
        *CurrentState = KeReadStateTimer(&Timer->KeTimer);
    ObfDereferenceObject(Timer);
    return STATUS_SUCCESS;
}

NTSTATUS
ExpInitializeTimerObjectType(VOID)
{
    ExpTimerObjectType =
        ObpCreateObjectType(L"Timer", EXP_TIMER_TAG, TIMER_ALL_ACCESS, ExpDeleteTimer);
    if (ExpTimerObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExpTimerObjectType->Waitable = TRUE;
    ExpInitializeTimerApcSupport();
    return STATUS_SUCCESS;
}
