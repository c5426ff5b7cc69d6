/* SPDX-License-Identifier: MIT */
/*
 * Processes. The system process ("System", ID 4 as on Windows) is an object of the Process
 * type made at Ps initialisation; its Pcb becomes Ke's system process, so every thread — the
 * idle and DPC threads, Ke threads and Ps's system threads — belongs to it. It owns a handle
 * table for its handles and, as on NT, the kernel handle table. Its create time is the boot
 * time, which is read after it exists, so PsGetProcessCreateTimeQuadPart reports KeBootTime.
 * Not yet: user processes (creation, deletion, handle tables of their own, attaching).
 */
#include "psp.h"

#define PSP_PROCESS_TAG 0x636F7250 /* "Proc" */

POBJECT_TYPE PspProcessType;
POBJECT_TYPE *PsProcessType = &PspProcessType;
PEPROCESS PsInitialSystemProcess;

NTSTATUS
PspCreateSystemProcess(VOID)
{
    PKPROCESS Boot = KeGetSystemProcess();
    PEPROCESS Process;
    HANDLE Id;
    NTSTATUS Status;

    PspProcessType = ObpCreateObjectType(L"Process", PSP_PROCESS_TAG, PROCESS_ALL_ACCESS, NULL);
    if (PspProcessType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    PspProcessType->Waitable = TRUE; /* an EPROCESS starts with its KPROCESS's header */
    Status = ObpCreateObject(PspProcessType, sizeof(EPROCESS), (PVOID *)&Process);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeProcess(&Process->Pcb, Boot->BasePriority, Boot->Affinity);
    KeInitializeSpinLock(&Process->ThreadListLock);
    InitializeListHead(&Process->ThreadListHead);
    Process->ExitStatus = STATUS_PENDING;
    RtlCopyMemory(Process->ImageFileName, "System", sizeof("System"));
    Status = PspCreateCid(Process, &Id);
    if (NT_SUCCESS(Status) && Id != (HANDLE)PSP_SYSTEM_PROCESS_ID)
        Status = STATUS_INTERNAL_ERROR; /* the first ID handed out is 4 */
    if (NT_SUCCESS(Status))
        Status = ObInitProcess(Process);
    if (!NT_SUCCESS(Status))
        return Status;
    Process->UniqueProcessId = Id;
    Process->Token = SepReferencePrimaryToken(); /* the system token: no process has one yet */
    KeSetSystemProcess(&Process->Pcb);
    PsInitialSystemProcess = Process; /* its creation reference, never dropped */
    return STATUS_SUCCESS;
}

/* The process's primary token, referenced; the caller drops it with ObDereferenceObject
 * (PsDereferencePrimaryToken). */
PACCESS_TOKEN NTAPI
PsReferencePrimaryToken(PEPROCESS Process)
{
    ObfReferenceObject(Process->Token);
    return Process->Token;
}

/* The process whose address space the current thread runs in (attached or its own). */
PEPROCESS NTAPI
IoGetCurrentProcess(VOID)
{
    return (PEPROCESS)KeGetCurrentThread()->ApcState.Process;
}

#undef PsGetCurrentProcess
PEPROCESS NTAPI
PsGetCurrentProcess(VOID)
{
    return IoGetCurrentProcess();
}

HANDLE NTAPI
PsGetProcessId(PEPROCESS Process)
{
    return Process->UniqueProcessId;
}

HANDLE NTAPI
PsGetCurrentProcessId(VOID)
{
    return PsGetProcessId(IoGetCurrentProcess());
}

LONGLONG NTAPI
PsGetProcessCreateTimeQuadPart(PEPROCESS Process)
{
    return Process == PsInitialSystemProcess ? KeBootTime.QuadPart : Process->CreateTime.QuadPart;
}

/* STATUS_PENDING while the process lives, as on NT. */
NTSTATUS NTAPI
PsGetProcessExitStatus(PEPROCESS Process)
{
    return Process->ExitStatus;
}

/* STATUS_INVALID_PARAMETER when no process has that ID, as on Windows. */
NTSTATUS NTAPI
PsLookupProcessByProcessId(HANDLE ProcessId, PEPROCESS *Process)
{
    *Process = PspReferenceCid(ProcessId, PspProcessType);
    return *Process != NULL ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
