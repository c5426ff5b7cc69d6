/* SPDX-License-Identifier: MIT */
/*
 * Object manager and process manager self-tests: system threads created through
 * PsCreateSystemThread run, are waitable through their handle, and their object goes away
 * once the last handle and reference are gone and the thread ran down; kernel handles stay
 * out of user mode's reach; bad handles, wrong types and missing access fail with NT's
 * statuses.
 */
#include "ntos.h"

#define KT_SECOND (-10000000ll)

typedef struct _KT_PS
{
    volatile BOOLEAN Ran, AfterTerminate;
    volatile HANDLE ThreadId;
    volatile BOOLEAN System;
} KT_PS;

static KT_PS KtPs;

static VOID NTAPI
KtPsRoutine(PVOID Context)
{
    KtPs.Ran = TRUE;
    KtPs.ThreadId = PsGetCurrentThreadId();
    KtPs.System = PsIsSystemThread(PsGetCurrentThread());
    if (Context != NULL)
    {
        PsTerminateSystemThread((NTSTATUS)(ULONG_PTR)Context);
        KtPs.AfterTerminate = TRUE;
    }
}

/* Wait (at most a second) for the object count of Type to come back to Count. */
static BOOLEAN
KtObjectsBackTo(POBJECT_TYPE Type, LONG Count)
{
    LARGE_INTEGER Step = {.QuadPart = -100000};
    ULONG I;

    for (I = 0; I < 100 && Type->TotalNumberOfObjects != Count; I++)
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
    return Type->TotalNumberOfObjects == Count;
}

static VOID
KtSystemThreadLifetime(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = KT_SECOND};
    POBJECT_TYPE Type = *PsThreadType;
    LONG Objects = Type->TotalNumberOfObjects;
    CLIENT_ID Cid;
    HANDLE Handle;
    PVOID Thread;
    NTSTATUS Status;

    RtlZeroMemory(&KtPs, sizeof(KtPs));
    Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, &Cid, KtPsRoutine, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "PsCreateSystemThread: 0x%08X", Status);
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, Type, KernelMode, &Thread, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "reference by handle: 0x%08X", Status);
    Status = KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtPs.Ran, "wait on the thread: 0x%08X", Status);
    KT_CHECK(Context, KtPs.ThreadId == Cid.UniqueThread && KtPs.System,
             "thread id %p, client id %p, system %u", KtPs.ThreadId, Cid.UniqueThread, KtPs.System);
    Status = ZwWaitForSingleObject(Handle, FALSE, &Timeout);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "wait through the handle: 0x%08X", Status);
    KT_CHECK(Context, ZwClose(Handle) == STATUS_SUCCESS, "close");
    KT_CHECK(Context, ZwClose(Handle) == STATUS_INVALID_HANDLE, "second close succeeded");
    Status = ZwWaitForSingleObject(Handle, FALSE, &Timeout);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "wait on a closed handle: 0x%08X", Status);
    KT_CHECK(Context,
             Type->TotalNumberOfObjects == Objects + 1 || KtObjectsBackTo(Type, Objects + 1),
             "the object went while referenced");
    ObDereferenceObject(Thread);
    KT_CHECK(Context, KtObjectsBackTo(Type, Objects), "%d thread object(s) left, expected %d",
             Type->TotalNumberOfObjects, Objects);
}

static VOID
KtTerminateWithStatus(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = KT_SECOND};
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    PVOID Thread;
    NTSTATUS Status;

    RtlZeroMemory(&KtPs, sizeof(KtPs));
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = PsCreateSystemThread(&Handle, SYNCHRONIZE, &Attributes, NULL, NULL, KtPsRoutine,
                                  (PVOID)(ULONG_PTR)0x1234);
    KT_CHECK(Context, NT_SUCCESS(Status), "PsCreateSystemThread: 0x%08X", Status);
    KT_CHECK(Context, (LONG_PTR)Handle < 0, "kernel handle %p lacks the top bit", Handle);
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL, UserMode, &Thread, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "user mode reached a kernel handle: 0x%08X",
             Status);
    Status =
        ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode, &Thread, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "kernel mode reference: 0x%08X", Status);
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout);
    KT_CHECK(Context, KtPs.Ran && !KtPs.AfterTerminate, "PsTerminateSystemThread returned");
    KT_CHECK(Context, ((ETHREAD *)Thread)->ExitStatus == 0x1234, "exit status 0x%08X",
             ((ETHREAD *)Thread)->ExitStatus);
    ObDereferenceObject(Thread);
    ZwClose(Handle);
}

static VOID
KtBadHandlesFail(PKT_CONTEXT Context)
{
    OBJECT_TYPE OtherType = {0};
    HANDLE Handle;
    PVOID Object = (PVOID)1;
    NTSTATUS Status;

    KT_CHECK(Context, ZwClose((HANDLE)(ULONG_PTR)0x7FF0) == STATUS_INVALID_HANDLE,
             "closing a never-made handle");
    KT_CHECK(Context, ZwClose((HANDLE)(ULONG_PTR)0x13) == STATUS_INVALID_HANDLE,
             "closing a misaligned handle");
    Status = ObReferenceObjectByHandle(NULL, 0, NULL, KernelMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE && Object == NULL,
             "NULL handle: 0x%08X, object %p", Status, Object);
    KT_CHECK(Context, PsTerminateSystemThread(STATUS_SUCCESS) == STATUS_INVALID_PARAMETER,
             "a non-Ps thread was terminated by PsTerminateSystemThread");
    RtlZeroMemory(&KtPs, sizeof(KtPs));
    Status = PsCreateSystemThread(&Handle, SYNCHRONIZE, NULL, NULL, NULL, KtPsRoutine, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "PsCreateSystemThread: 0x%08X", Status);
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, &OtherType, KernelMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "wrong type: 0x%08X", Status);
    Status = ObReferenceObjectByHandle(Handle, THREAD_TERMINATE, NULL, UserMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "access beyond the grant: 0x%08X", Status);
    KT_CHECK(Context, ZwClose(Handle) == STATUS_SUCCESS, "close");
}

/* An unnamed event object: set and reset through its handle, waited on through it, and
 * deleted with its last handle. */
static VOID
KtEventObjectByHandle(PKT_CONTEXT Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};
    POBJECT_TYPE Type = *ExEventObjectType;
    LONG Objects = Type->TotalNumberOfObjects, Previous = -1;
    HANDLE Handle, Bad = (HANDLE)1;
    NTSTATUS Status;

    Status = ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(Status), "ZwCreateEvent: 0x%08X", Status);
    KT_CHECK(Context, ZwWaitForSingleObject(Handle, FALSE, &Zero) == STATUS_TIMEOUT,
             "an unsignalled event satisfied a wait");
    KT_CHECK(Context, ZwSetEvent(Handle, &Previous) == STATUS_SUCCESS && Previous == 0,
             "ZwSetEvent, previous %d", Previous);
    KT_CHECK(Context, ZwWaitForSingleObject(Handle, FALSE, &Zero) == STATUS_SUCCESS,
             "a signalled event did not satisfy a wait");
    KT_CHECK(Context, ZwResetEvent(Handle, &Previous) == STATUS_SUCCESS && Previous == 1,
             "ZwResetEvent, previous %d", Previous);
    Status = ZwCreateEvent(&Bad, EVENT_ALL_ACCESS, NULL, (EVENT_TYPE)7, FALSE);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER_4 && Bad == NULL,
             "an event of type 7: 0x%08X", Status);
    KT_CHECK(Context, ZwClose(Handle) == STATUS_SUCCESS, "close");
    KT_CHECK(Context, KtObjectsBackTo(Type, Objects), "event object not deleted with its handle");
    KT_CHECK(Context, ZwSetEvent(Handle, NULL) == STATUS_INVALID_HANDLE,
             "set through a closed handle");
}

static const KT_TEST KtPsTests[] = {
    {"an event object is set, reset and waited on through its handle", KtEventObjectByHandle},
    {"a system thread runs, is waitable by handle, and its object goes after",
     KtSystemThreadLifetime},
    {"PsTerminateSystemThread ends the thread with its status; kernel handles",
     KtTerminateWithStatus},
    {"bad handles, wrong types and missing access fail as on NT", KtBadHandlesFail},
};

const KT_SUITE KtPsSuite = {"Ps", KtPsTests, RTL_NUMBER_OF(KtPsTests)};
