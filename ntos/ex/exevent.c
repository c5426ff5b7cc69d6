/* SPDX-License-Identifier: MIT */
/*
 * Event objects through handles: ZwCreateEvent wraps a KEVENT in an object of type
 * ExEventObjectType (waitable: the body is the KEVENT), named or not; ZwOpenEvent opens a
 * named one; ZwSetEvent, ZwResetEvent and ZwClearEvent reach it through the handle with the
 * access each needs.
 * Not yet: ZwPulseEvent, ZwQueryEvent.
 */
#include "ntos.h"

#define EXP_EVENT_TAG 0x76657645 /* "Even" */

static POBJECT_TYPE ExpEventObjectType;
POBJECT_TYPE *ExEventObjectType = &ExpEventObjectType;

NTSTATUS NTAPI
ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
              EVENT_TYPE EventType, BOOLEAN InitialState)
{
    PKEVENT Event;
    NTSTATUS Status;

    *EventHandle = NULL;
    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER_4;
    Status = ObCreateObject(KernelMode, ExpEventObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(KEVENT), 0, 0, (PVOID *)&Event);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeEvent(Event, EventType, InitialState);
    return ObInsertObject(Event, NULL, DesiredAccess, 0, NULL, EventHandle);
}

NTSTATUS NTAPI
ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ExpEventObjectType, KernelMode, NULL, DesiredAccess,
                              NULL, EventHandle);
}

/* The event behind Handle, referenced for Access; the caller dereferences it. */
static NTSTATUS
ExpReferenceEvent(HANDLE Handle, ACCESS_MASK Access, PKEVENT *Event)
{
    return ObReferenceObjectByHandle(Handle, Access, ExpEventObjectType, KernelMode, (PVOID *)Event,
                                     NULL);
}

NTSTATUS NTAPI
ZwSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    PKEVENT Event;
    NTSTATUS Status = ExpReferenceEvent(EventHandle, EVENT_MODIFY_STATE, &Event);
    LONG Previous;

    if (!NT_SUCCESS(Status))
        return Status;
    Previous = KeSetEvent(Event, EVENT_INCREMENT, FALSE);
    ObfDereferenceObject(Event);
    if (PreviousState != NULL)
        *PreviousState = Previous;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    PKEVENT Event;
    NTSTATUS Status = ExpReferenceEvent(EventHandle, EVENT_MODIFY_STATE, &Event);
    LONG Previous;

    if (!NT_SUCCESS(Status))
        return Status;
    Previous = KeResetEvent(Event);
    ObfDereferenceObject(Event);
    if (PreviousState != NULL)
        *PreviousState = Previous;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwClearEvent(HANDLE EventHandle)
{
    return ZwResetEvent(EventHandle, NULL);
}

NTSTATUS
ExpInitializeEventObjectType(VOID)
{
    ExpEventObjectType = ObpCreateObjectType(L"Event", EXP_EVENT_TAG, EVENT_ALL_ACCESS, NULL);
    if (ExpEventObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExpEventObjectType->Waitable = TRUE;
    ExpEventObjectType->GenericMapping = (GENERIC_MAPPING){
        STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
        STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS};
    return STATUS_SUCCESS;
}
