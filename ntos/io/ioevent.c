/* SPDX-License-Identifier: MIT */
/*
 * Named events for drivers: IoCreateNotificationEvent and IoCreateSynchronizationEvent open
 * the event of that name, creating it signalled if there is none, and hand back both a
 * kernel handle and the event. The pointer holds no reference of its own: it stays valid
 * while the handle is open, which is what the caller closes.
 */
#include "iop.h"

static PKEVENT
IopCreateNamedEvent(PUNICODE_STRING EventName, PHANDLE EventHandle, EVENT_TYPE Type)
{
    OBJECT_ATTRIBUTES Attributes;
    PKEVENT Event;
    HANDLE Handle;
    NTSTATUS Status;

    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, EventName, OBJ_OPENIF | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes, Type, TRUE);
    if (!NT_SUCCESS(Status))
        return NULL;
    Status =
        ObReferenceObjectByHandle(Handle, 0, *ExEventObjectType, KernelMode, (PVOID *)&Event, NULL);
    if (!NT_SUCCESS(Status))
    {
        ZwClose(Handle);
        return NULL;
    }
    ObDereferenceObject(Event);
    *EventHandle = Handle;
    return Event;
}

PKEVENT NTAPI
IoCreateNotificationEvent(PUNICODE_STRING EventName, PHANDLE EventHandle)
{
    return IopCreateNamedEvent(EventName, EventHandle, NotificationEvent);
}

PKEVENT NTAPI
IoCreateSynchronizationEvent(PUNICODE_STRING EventName, PHANDLE EventHandle)
{
    return IopCreateNamedEvent(EventName, EventHandle, SynchronizationEvent);
}
