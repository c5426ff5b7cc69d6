/* SPDX-License-Identifier: MIT */
/*
 * System threads as objects. PsCreateSystemThread makes an ETHREAD object, a handle to it
 * and a kernel thread in the system process; the running thread holds a reference on its
 * own object, which the kernel's reaper drops once the thread has terminated and left its
 * stack, so the object outlives every handle and pointer to it and no longer than that.
 * Thread IDs are unique, multiples of 4, never reused.
 * Not yet: creating threads in other processes (there are none), and ObjectAttributes
 * beyond OBJ_KERNEL_HANDLE.
 */
#include "ntos.h"

#define PSP_THREAD_TAG 0x65726854 /* "Thre" */
#define PSP_SYSTEM_PROCESS_ID 4

static POBJECT_TYPE PspThreadType;
POBJECT_TYPE *PsThreadType = &PspThreadType;
static volatile LONG64 PspNextThreadId = 4;

/* The reaper's hook (DISPATCH_LEVEL): the thread is gone, drop its own reference. */
static VOID
PspReapThread(PVOID Context)
{
    ObDereferenceObjectDeferDelete(Context);
}

static VOID NTAPI
PspSystemThreadStartup(PVOID Context)
{
    ETHREAD *Thread = Context;

    Thread->StartRoutine(Thread->StartContext);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS NTAPI
PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                     HANDLE ProcessHandle, PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                     PVOID StartContext)
{
    ULONG Attributes = ObjectAttributes != NULL ? ObjectAttributes->Attributes : 0;
    ETHREAD *Thread;
    NTSTATUS Status;

    *ThreadHandle = NULL;
    if (ProcessHandle != NULL && ProcessHandle != NtCurrentProcess())
        return STATUS_INVALID_HANDLE; /* the system process is the only process */
    Status = ObpCreateObject(PspThreadType, sizeof(ETHREAD), (PVOID *)&Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KeInitializeThread(&Thread->Tcb, NULL, PspSystemThreadStartup, Thread,
                                KeGetSystemProcess());
    if (!NT_SUCCESS(Status))
    {
        ObfDereferenceObject(Thread);
        return Status;
    }
    Thread->StartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    Thread->SystemThread = TRUE;
    Thread->Cid.UniqueProcess = (HANDLE)(ULONG_PTR)PSP_SYSTEM_PROCESS_ID;
    Thread->Cid.UniqueThread = (HANDLE)(ULONG_PTR)InterlockedExchangeAdd64(&PspNextThreadId, 4);
    Status = ObpInsertHandle(Thread, DesiredAccess, Attributes, ThreadHandle);
    if (!NT_SUCCESS(Status))
    {
        ObfDereferenceObject(Thread); /* never started: this frees the stack with it */
        return Status;
    }
    if (ClientId != NULL)
        *ClientId = Thread->Cid;
    /* The creation reference becomes the running thread's own, dropped by the reaper. */
    Thread->Tcb.ReapRoutine = PspReapThread;
    Thread->Tcb.ReapContext = Thread;
    KeStartThread(&Thread->Tcb);
    return STATUS_SUCCESS;
}

/* Ends the calling system thread; any other caller gets STATUS_INVALID_PARAMETER. */
NTSTATUS NTAPI
PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    ETHREAD *Thread = (ETHREAD *)KeGetCurrentThread();

    if (!ObpIsObject(Thread) || ObGetObjectType(Thread) != PspThreadType || !Thread->SystemThread)
        return STATUS_INVALID_PARAMETER;
    Thread->ExitStatus = ExitStatus;
    KeTerminateThread(0);
}

PETHREAD NTAPI
PsGetCurrentThread(VOID)
{
    return (PETHREAD)KeGetCurrentThread();
}

HANDLE NTAPI
PsGetCurrentThreadId(VOID)
{
    ETHREAD *Thread = (ETHREAD *)KeGetCurrentThread();

    return ObpIsObject(Thread) ? Thread->Cid.UniqueThread : NULL;
}

BOOLEAN NTAPI
PsIsSystemThread(PETHREAD Thread)
{
    return !ObpIsObject(Thread) || ((ETHREAD *)Thread)->SystemThread;
}

/* A thread object is only deleted after its thread ran down (or never started). */
static VOID
PspDeleteThread(PVOID Object)
{
    ETHREAD *Thread = Object;

    if (Thread->Tcb.State == Initialized && Thread->Tcb.OwnsStack)
        MmDeleteKernelStack(Thread->Tcb.StackBase);
}

NTSTATUS
PsInitSystem(VOID)
{
    PspThreadType =
        ObpCreateObjectType(L"Thread", PSP_THREAD_TAG, THREAD_ALL_ACCESS, PspDeleteThread);
    if (PspThreadType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    PspThreadType->Waitable = TRUE; /* an ETHREAD starts with its KTHREAD's header */
    return STATUS_SUCCESS;
}
