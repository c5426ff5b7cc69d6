/* SPDX-License-Identifier: MIT */
/*
 * System threads as objects. PsCreateSystemThread makes an ETHREAD object, a handle to it
 * and a kernel thread in the system process, which the thread object references; the running
 * thread holds a reference on its own object, which the kernel's reaper drops once the thread
 * has terminated and left its stack, so the object outlives every handle and pointer to it
 * and no longer than that. While it runs the thread is on its process's thread list; its ID
 * (from the client-ID table, shared with processes) finds it as long as the object lives, as
 * on NT, and is deleted with the object.
 * ProcessHandle may name the process (System, the only one) by any handle with
 * PROCESS_CREATE_THREAD. Not yet: ObjectAttributes beyond OBJ_KERNEL_HANDLE.
 */
#include "psp.h"

#define PSP_THREAD_TAG 0x65726854 /* "Thre" */

POBJECT_TYPE PspThreadType;
POBJECT_TYPE *PsThreadType = &PspThreadType;

static PEPROCESS
PspThreadProcess(ETHREAD *Thread)
{
    return CONTAINING_RECORD(Thread->Tcb.Process, EPROCESS, Pcb);
}

/* The thread now runs: on its process's list, with its ID. */
static VOID
PspThreadStarted(ETHREAD *Thread)
{
    PEPROCESS Process = PspThreadProcess(Thread);
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);

    InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
    InterlockedIncrement(&Process->ActiveThreads);
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
}

/* The reaper's hook (DISPATCH_LEVEL): the thread is gone; off its process's list, then its
 * own reference dropped. */
static VOID
PspReapThread(PVOID Context)
{
    ETHREAD *Thread = Context;
    PEPROCESS Process = PspThreadProcess(Thread);

    KeAcquireSpinLockAtDpcLevel(&Process->ThreadListLock);
    RemoveEntryList(&Thread->ThreadListEntry);
    InterlockedDecrement(&Process->ActiveThreads);
    KeReleaseSpinLockFromDpcLevel(&Process->ThreadListLock);
    ObDereferenceObjectDeferDelete(Thread);
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
    PEPROCESS Process = PsInitialSystemProcess;
    ETHREAD *Thread;
    NTSTATUS Status;

    *ThreadHandle = NULL;
    /* The thread object keeps this reference on its process until it is deleted. */
    if (ProcessHandle == NULL)
        ObfReferenceObject(Process);
    else if (!NT_SUCCESS(Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD,
                                                            PspProcessType, KernelMode,
                                                            (PVOID *)&Process, NULL)))
        return Status;
    Status = ObpCreateObject(PspThreadType, sizeof(ETHREAD), (PVOID *)&Thread);
    if (NT_SUCCESS(Status) &&
        !NT_SUCCESS(Status = KeInitializeThread(&Thread->Tcb, NULL, PspSystemThreadStartup, Thread,
                                                &Process->Pcb)))
        ObfDereferenceObject(Thread); /* not yet in the process: takes nothing from it */
    if (!NT_SUCCESS(Status))
    {
        ObfDereferenceObject(Process);
        return Status;
    }
    InitializeListHead(&Thread->IrpList);
    Thread->StartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    Thread->SystemThread = TRUE;
    Thread->Cid.UniqueProcess = Process->UniqueProcessId;
    Status = PspCreateCid(Thread, &Thread->Cid.UniqueThread);
    if (NT_SUCCESS(Status))
        Status = ObpInsertHandle(Thread, DesiredAccess, Attributes, ThreadHandle);
    if (!NT_SUCCESS(Status))
    {
        ObfDereferenceObject(Thread); /* never started: this frees the stack and the ID */
        return Status;
    }
    if (ClientId != NULL)
        *ClientId = Thread->Cid;
    /* The creation reference becomes the running thread's own, dropped by the reaper. */
    Thread->Tcb.ReapRoutine = PspReapThread;
    Thread->Tcb.ReapContext = Thread;
    PspThreadStarted(Thread);
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
    IoCancelThreadIo(Thread);
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
    return PsGetThreadId(PsGetCurrentThread());
}

BOOLEAN NTAPI
PsIsSystemThread(PETHREAD Thread)
{
    return !ObpIsObject(Thread) || ((ETHREAD *)Thread)->SystemThread;
}

/* Kernel threads that are not Ps objects (the idle, DPC and worker threads) have no ID. */
HANDLE NTAPI
PsGetThreadId(PETHREAD Thread)
{
    return ObpIsObject(Thread) ? ((ETHREAD *)Thread)->Cid.UniqueThread : NULL;
}

PEPROCESS NTAPI
PsGetThreadProcess(PETHREAD Thread)
{
    return PspThreadProcess((ETHREAD *)Thread);
}

HANDLE NTAPI
PsGetThreadProcessId(PETHREAD Thread)
{
    return PsGetThreadProcess(Thread)->UniqueProcessId;
}

/* STATUS_INVALID_PARAMETER when no running thread has that ID, as on Windows. */
NTSTATUS NTAPI
PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread)
{
    *Thread = PspReferenceCid(ThreadId, PspThreadType);
    return *Thread != NULL ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* A thread object is only deleted after its thread ran down (or never started). */
static VOID
PspDeleteThread(PVOID Object)
{
    ETHREAD *Thread = Object;

    if (Thread->Tcb.State == Initialized && Thread->Tcb.OwnsStack)
        MmDeleteKernelStack(Thread->Tcb.StackBase);
    if (Thread->Cid.UniqueThread != NULL)
        PspDeleteCid(Thread->Cid.UniqueThread, Thread);
    if (Thread->Tcb.Process != NULL)
        ObfDereferenceObject(PspThreadProcess(Thread));
}

NTSTATUS
PsInitSystem(VOID)
{
    NTSTATUS Status = PspInitializeCidTable();

    if (NT_SUCCESS(Status))
        Status = PspCreateSystemProcess();
    if (!NT_SUCCESS(Status))
        return Status;
    PspThreadType =
        ObpCreateObjectType(L"Thread", PSP_THREAD_TAG, THREAD_ALL_ACCESS, PspDeleteThread);
    if (PspThreadType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    PspThreadType->Waitable = TRUE; /* an ETHREAD starts with its KTHREAD's header */
    return STATUS_SUCCESS;
}
