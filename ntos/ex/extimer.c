/* SPDX-License-Identifier: MIT */
/*
 * Timer objects through handles: ZwCreateTimer wraps a KTIMER (the body, so it can be waited
 * on), ZwOpenTimer opens a named one, ZwSetTimer and ZwCancelTimer arm and disarm it. A timer
 * object that goes is cancelled first, so the timer table never holds freed memory.
 * Not yet: timer APC routines (ZwSetTimer with TimerApcRoutine returns STATUS_NOT_IMPLEMENTED),
 * and resuming the machine (ResumeTimer gives STATUS_TIMER_RESUME_IGNORED, as NT does on
 * machines that cannot).
 */
#include "exp.h"

#define EXP_TIMER_TAG 0x656D6954 /* "Time" */

static POBJECT_TYPE ExpTimerObjectType;

static VOID
ExpDeleteTimer(PVOID Object)
{
    KeCancelTimer(Object);
}

NTSTATUS NTAPI
ZwCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
              TIMER_TYPE TimerType)
{
    PKTIMER Timer;
    NTSTATUS Status;

    *TimerHandle = NULL;
    if (TimerType != NotificationTimer && TimerType != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER_4;
    Status = ObCreateObject(KernelMode, ExpTimerObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(KTIMER), 0, 0, (PVOID *)&Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeTimerEx(Timer, TimerType);
    return ObInsertObject(Timer, NULL, DesiredAccess, 0, NULL, TimerHandle);
}

NTSTATUS NTAPI
ZwOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ExpTimerObjectType, KernelMode, NULL, DesiredAccess,
                              NULL, TimerHandle);
}

/* PreviousState is the signal state before the timer was set again. */
NTSTATUS NTAPI
ZwSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime, PTIMER_APC_ROUTINE TimerApcRoutine,
           PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period, PBOOLEAN PreviousState)
{
    PKTIMER Timer;
    NTSTATUS Status;
    BOOLEAN State;

    UNREFERENCED_PARAMETER(TimerContext);
    if (Period < 0)
        return STATUS_INVALID_PARAMETER_6;
    if (TimerApcRoutine != NULL)
    {
        DbgPrint("Ex: ZwSetTimer with a TimerApcRoutine is not implemented\n");
        return STATUS_NOT_IMPLEMENTED;
    }
    Status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, ExpTimerObjectType,
                                       KernelMode, (PVOID *)&Timer, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    State = KeReadStateTimer(Timer);
    KeSetTimerEx(Timer, *DueTime, Period, NULL);
    ObfDereferenceObject(Timer);
    if (PreviousState != NULL)
        *PreviousState = State;
    return ResumeTimer ? STATUS_TIMER_RESUME_IGNORED : STATUS_SUCCESS;
}

/* CurrentState is the signal state once cancelled. */
NTSTATUS NTAPI
ZwCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState)
{
    PKTIMER Timer;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, ExpTimerObjectType,
                                       KernelMode, (PVOID *)&Timer, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    KeCancelTimer(Timer);
    if (CurrentState != NULL)
        *CurrentState = KeReadStateTimer(Timer);
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
    return STATUS_SUCCESS;
}
