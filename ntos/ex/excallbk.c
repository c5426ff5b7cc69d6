/* SPDX-License-Identifier: MIT */
/*
 * Callback objects: a named object (type Callback, in \ObjectTypes) with a list of registered
 * routines that ExNotifyCallback calls, in registration order, at the caller's IRQL
 * (<= DISPATCH_LEVEL). The list is guarded by the object's spin lock, which is dropped around
 * each call: a registration being called is marked Busy, and ExUnregisterCallback waits until
 * no processor is inside it before it unlinks and frees it, so a driver may unload once
 * unregistering returns. While a notifier is inside a registration that registration stays
 * linked, so the notifier can carry on from it when the call returns. An object created with
 * AllowMultipleCallbacks FALSE takes one registration at a time.
 * At boot \Callback holds \Callback\SetSystemTime, \Callback\PowerState and
 * \Callback\ProcessorAdd, as on Windows. Nothing notifies them yet: the system time is only
 * set once, at boot, before they exist (there is no ZwSetSystemTime), and there is no power
 * manager and no processor hot-add.
 */
#include "exp.h"

#define EXP_CALLBACK_TAG 0x6C6C6143              /* "Call" */
#define EXP_CALLBACK_REGISTRATION_TAG 0x67655243 /* "CReg" */
#define EXP_CALLBACK_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1)

typedef struct _CALLBACK_OBJECT
{
    KSPIN_LOCK Lock;
    LIST_ENTRY Registrations; /* EXP_CALLBACK_REGISTRATION.Link, oldest first */
    ULONG Count;
    BOOLEAN AllowMultipleCallbacks;
} CALLBACK_OBJECT;

typedef struct _EXP_CALLBACK_REGISTRATION
{
    LIST_ENTRY Link;
    PCALLBACK_OBJECT CallbackObject; /* referenced while registered */
    PCALLBACK_FUNCTION CallbackFunction;
    PVOID CallbackContext;
    ULONG Busy;              /* notifiers inside CallbackFunction now */
    BOOLEAN Unregistering;   /* skipped by new notifications */
    PKEVENT UnregisterEvent; /* the unregistering thread's, set when Busy drops to 0 */
} EXP_CALLBACK_REGISTRATION, *PEXP_CALLBACK_REGISTRATION;

static POBJECT_TYPE ExpCallbackObjectType;
PCALLBACK_OBJECT ExpSetSystemTimeCallback, ExpPowerStateCallback, ExpProcessorAddCallback;

/* Open ObjectAttributes' callback or, if Create, make it (OBJ_OPENIF: a racing creator's
 * object is opened instead). Returns a handle in the kernel table. */
static NTSTATUS
ExpOpenOrCreateCallback(POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN Create,
                        BOOLEAN AllowMultipleCallbacks, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES Attributes = *ObjectAttributes;
    PCALLBACK_OBJECT Callback;
    NTSTATUS Status;

    Attributes.Attributes |= OBJ_KERNEL_HANDLE;
    Status = ObOpenObjectByName(&Attributes, ExpCallbackObjectType, KernelMode, NULL,
                                EXP_CALLBACK_ALL_ACCESS, NULL, Handle);
    if (NT_SUCCESS(Status) || !Create || Status != STATUS_OBJECT_NAME_NOT_FOUND)
        return Status;
    Attributes.Attributes |= OBJ_OPENIF;
    Status = ObCreateObject(KernelMode, ExpCallbackObjectType, &Attributes, KernelMode, NULL,
                            sizeof(CALLBACK_OBJECT), 0, 0, (PVOID *)&Callback);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeSpinLock(&Callback->Lock);
    InitializeListHead(&Callback->Registrations);
    Callback->AllowMultipleCallbacks = AllowMultipleCallbacks;
    Status = ObInsertObject(Callback, NULL, EXP_CALLBACK_ALL_ACCESS, 0, NULL, Handle);
    return Status == STATUS_OBJECT_NAME_EXISTS ? STATUS_SUCCESS : Status;
}

/*
 * As on NT the object is reached through a handle that is closed at once: a name without
 * OBJ_PERMANENT goes with it, so callers name their callbacks OBJ_PERMANENT (as Microsoft
 * documents). An unnamed callback is refused with STATUS_UNSUCCESSFUL.
 */
NTSTATUS NTAPI
ExCreateCallback(PCALLBACK_OBJECT *CallbackObject, POBJECT_ATTRIBUTES ObjectAttributes,
                 BOOLEAN Create, BOOLEAN AllowMultipleCallbacks)
{
    HANDLE Handle;
    NTSTATUS Status;

    *CallbackObject = NULL;
    if (ObjectAttributes == NULL || ObjectAttributes->ObjectName == NULL ||
        ObjectAttributes->ObjectName->Length == 0)
        return STATUS_UNSUCCESSFUL;
    Status = ExpOpenOrCreateCallback(ObjectAttributes, Create, AllowMultipleCallbacks, &Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObReferenceObjectByHandle(Handle, 0, ExpCallbackObjectType, KernelMode,
                                       (PVOID *)CallbackObject, NULL);
    ObCloseHandle(Handle, KernelMode);
    return Status;
}

/* NULL when the object takes one registration and has it, or when pool runs out. */
PVOID NTAPI
ExRegisterCallback(PCALLBACK_OBJECT CallbackObject, PCALLBACK_FUNCTION CallbackFunction,
                   PVOID CallbackContext)
{
    PEXP_CALLBACK_REGISTRATION Registration;
    KIRQL OldIrql;

    Registration =
        ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Registration), EXP_CALLBACK_REGISTRATION_TAG);
    if (Registration == NULL)
        return NULL;
    RtlZeroMemory(Registration, sizeof(*Registration));
    Registration->CallbackObject = CallbackObject;
    Registration->CallbackFunction = CallbackFunction;
    Registration->CallbackContext = CallbackContext;
    ObfReferenceObject(CallbackObject);
    KeAcquireSpinLock(&CallbackObject->Lock, &OldIrql);
    if (!CallbackObject->AllowMultipleCallbacks && CallbackObject->Count != 0)
    {
        KeReleaseSpinLock(&CallbackObject->Lock, OldIrql);
        ObfDereferenceObject(CallbackObject);
        ExFreePoolWithTag(Registration, EXP_CALLBACK_REGISTRATION_TAG);
        return NULL;
    }
    InsertTailList(&CallbackObject->Registrations, &Registration->Link);
    CallbackObject->Count++;
    KeReleaseSpinLock(&CallbackObject->Lock, OldIrql);
    return Registration;
}

/* Returns once no notifier is inside the routine; <= APC_LEVEL, as NT documents. */
VOID NTAPI
ExUnregisterCallback(PVOID CbRegistration)
{
    PEXP_CALLBACK_REGISTRATION Registration = CbRegistration;
    PCALLBACK_OBJECT Callback = Registration->CallbackObject;
    KEVENT Drained;
    KIRQL OldIrql;

    KeInitializeEvent(&Drained, NotificationEvent, FALSE);
    KeAcquireSpinLock(&Callback->Lock, &OldIrql);
    Registration->Unregistering = TRUE;
    while (Registration->Busy != 0)
    {
        Registration->UnregisterEvent = &Drained;
        KeReleaseSpinLock(&Callback->Lock, OldIrql);
        KeWaitForSingleObject(&Drained, Executive, KernelMode, FALSE, NULL);
        KeAcquireSpinLock(&Callback->Lock, &OldIrql);
        KeClearEvent(&Drained);
    }
    RemoveEntryList(&Registration->Link);
    Callback->Count--;
    KeReleaseSpinLock(&Callback->Lock, OldIrql);
    ExFreePoolWithTag(Registration, EXP_CALLBACK_REGISTRATION_TAG);
    ObfDereferenceObject(Callback);
}

/* Leave a registration after calling it; the object's lock held. The event is set under
 * the lock, so the waiter, which retakes the lock, cannot see it go before we are done. */
static VOID
ExpLeaveRegistration(PEXP_CALLBACK_REGISTRATION Registration)
{
    if (--Registration->Busy == 0 && Registration->UnregisterEvent != NULL)
    {
        KeSetEvent(Registration->UnregisterEvent, IO_NO_INCREMENT, FALSE);
        Registration->UnregisterEvent = NULL;
    }
}

VOID NTAPI
ExNotifyCallback(PCALLBACK_OBJECT CallbackObject, PVOID Argument1, PVOID Argument2)
{
    PEXP_CALLBACK_REGISTRATION Registration;
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    KeAcquireSpinLock(&CallbackObject->Lock, &OldIrql);
    for (Entry = CallbackObject->Registrations.Flink; Entry != &CallbackObject->Registrations;
         Entry = Entry->Flink)
    {
        Registration = CONTAINING_RECORD(Entry, EXP_CALLBACK_REGISTRATION, Link);
        if (Registration->Unregistering)
            continue;
        Registration->Busy++;
        KeReleaseSpinLock(&CallbackObject->Lock, OldIrql);
        Registration->CallbackFunction(Registration->CallbackContext, Argument1, Argument2);
        KeAcquireSpinLock(&CallbackObject->Lock, &OldIrql);
        ExpLeaveRegistration(Registration);
    }
    KeReleaseSpinLock(&CallbackObject->Lock, OldIrql);
}

/* Registrations hold a reference on the object, so none is left when it goes. */
static VOID
ExpDeleteCallback(PVOID Object)
{
    PCALLBACK_OBJECT Callback = Object;

    if (!IsListEmpty(&Callback->Registrations))
        KeBugCheckEx(BAD_OBJECT_HEADER, (ULONG_PTR)Object, Callback->Count, 0, 0);
}

/* \Callback\Name, permanent, multiple registrations allowed; *Callback keeps the reference. */
static NTSTATUS
ExpCreateStandardCallback(PCWSTR Name, PCALLBACK_OBJECT *Callback)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    return ExCreateCallback(Callback, &Attributes, TRUE, TRUE);
}

/* Phase 0: the type, the \Callback directory and the callbacks Windows creates at boot. */
NTSTATUS
ExpInitializeCallbacks(VOID)
{
    static const struct
    {
        PCWSTR Name;
        PCALLBACK_OBJECT *Callback;
    } Standard[] = {{L"\\Callback\\SetSystemTime", &ExpSetSystemTimeCallback},
                    {L"\\Callback\\PowerState", &ExpPowerStateCallback},
                    {L"\\Callback\\ProcessorAdd", &ExpProcessorAddCallback}};
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Directory;
    NTSTATUS Status;
    ULONG I;

    ExpCallbackObjectType = ObpCreateObjectType(L"Callback", EXP_CALLBACK_TAG,
                                                EXP_CALLBACK_ALL_ACCESS, ExpDeleteCallback);
    if (ExpCallbackObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlInitUnicodeString(&Name, L"\\Callback");
    InitializeObjectAttributes(
        &Attributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateDirectoryObject(&Directory, DIRECTORY_ALL_ACCESS, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    ObCloseHandle(Directory, KernelMode);
    for (I = 0; NT_SUCCESS(Status) && I < RTL_NUMBER_OF(Standard); I++)
        Status = ExpCreateStandardCallback(Standard[I].Name, Standard[I].Callback);
    return Status;
}
