/* SPDX-License-Identifier: MIT */
/*
 * Process self-tests: the system process object and its IDs, threads belonging to it, lookups
 * by client ID with their reference counting and bad-ID status, NtCurrentProcess() through
 * ObReferenceObjectByHandle, and the handle tables: kernel handles apart from the process's,
 * growth far past the initial size, closed handles invalid.
 */
#include "ntos.h"

#define KT_PS_THREADS 8
#define KT_MANY_HANDLES 3000
#define KT_HANDLES_TAG 0x7348744B /* "KtHs" */

typedef struct _KT_PROC_THREAD
{
    KEVENT Release;
    volatile PEPROCESS Process, ThreadProcess;
    volatile HANDLE ProcessId, ThreadProcessId;
    volatile BOOLEAN Ran;
} KT_PROC_THREAD;

static VOID NTAPI
KtProcThreadRoutine(PVOID Context)
{
    KT_PROC_THREAD *State = Context;

    State->Process = PsGetCurrentProcess();
    State->ThreadProcess = PsGetThreadProcess(PsGetCurrentThread());
    State->ProcessId = PsGetCurrentProcessId();
    State->ThreadProcessId = PsGetThreadProcessId(PsGetCurrentThread());
    State->Ran = TRUE;
    KeWaitForSingleObject(&State->Release, Executive, KernelMode, FALSE, NULL);
}

/* Is Thread on Process's list of running threads? */
static BOOLEAN
KtOnThreadList(PEPROCESS Process, PETHREAD Thread)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    PLIST_ENTRY Entry;
    BOOLEAN Found = FALSE;

    for (Entry = Process->ThreadListHead.Flink; Entry != &Process->ThreadListHead;
         Entry = Entry->Flink)
        Found |= CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry) == Thread;
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
    return Found;
}

static VOID
KtSystemProcessObject(PKT_CONTEXT Context)
{
    PEPROCESS System = PsInitialSystemProcess;
    LARGE_INTEGER Now, Zero = {.QuadPart = 0};
    NTSTATUS Status;

    KT_CHECK(Context, System != NULL && ObGetObjectType(System) == *PsProcessType,
             "PsInitialSystemProcess %p is not a Process object", System);
    KT_CHECK(Context, KtObjectByName(L"\\ObjectTypes\\Process", 0) == *PsProcessType,
             "\\ObjectTypes\\Process is not PsProcessType");
    KT_CHECK(Context, PsGetProcessId(System) == (HANDLE)4, "System's ID is %p",
             PsGetProcessId(System));
    KT_CHECK(Context,
             RtlCompareMemory(System->ImageFileName, "System", sizeof("System")) ==
                 sizeof("System"),
             "image name '%s'", System->ImageFileName);
    KT_CHECK(Context,
             PsGetCurrentProcess() == System && IoGetCurrentProcess() == System &&
                 PsGetCurrentProcessId() == (HANDLE)4,
             "the current process is %p, ID %p", PsGetCurrentProcess(), PsGetCurrentProcessId());
    KT_CHECK(Context, KeGetSystemProcess() == &System->Pcb,
             "Ke's system process is not System's Pcb");
    KT_CHECK(Context, PsGetProcessExitStatus(System) == STATUS_PENDING, "exit status 0x%08X",
             PsGetProcessExitStatus(System));
    KeQuerySystemTime(&Now);
    KT_CHECK(Context,
             PsGetProcessCreateTimeQuadPart(System) == KeBootTime.QuadPart &&
                 KeBootTime.QuadPart > 0 && KeBootTime.QuadPart <= Now.QuadPart,
             "create time %I64d, boot time %I64d", PsGetProcessCreateTimeQuadPart(System),
             KeBootTime.QuadPart);
    /* A process is waitable and signalled only when it ends. */
    Status = KeWaitForSingleObject(System, Executive, KernelMode, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_TIMEOUT, "waiting on System: 0x%08X", Status);
    KT_CHECK(Context, System->ObjectTable != NULL && System->ObjectTable != ObpKernelHandleTable,
             "System's table %p, kernel table %p", System->ObjectTable, ObpKernelHandleTable);
    KT_CHECK(Context,
             ObpHandleTableOwner(System->ObjectTable) == System &&
                 ObpHandleTableOwner(ObpKernelHandleTable) == System,
             "the handle tables do not belong to System");
}

/* Kernel threads that are not Ps objects belong to System too, without an ID. */
static VOID
KtKernelThreadsBelongToSystem(PKT_CONTEXT Context)
{
    static KTHREAD Thread;
    static KT_PROC_THREAD State;
    PETHREAD Current = PsGetCurrentThread();
    NTSTATUS Status;

    KT_CHECK(Context, PsGetThreadProcess(Current) == PsInitialSystemProcess,
             "the test thread's process is %p", PsGetThreadProcess(Current));
    KT_CHECK(Context, PsGetThreadProcessId(Current) == (HANDLE)4 && PsGetThreadId(Current) == NULL,
             "test thread: process ID %p, thread ID %p", PsGetThreadProcessId(Current),
             PsGetThreadId(Current));
    RtlZeroMemory(&State, sizeof(State));
    KeInitializeEvent(&State.Release, NotificationEvent, TRUE);
    Status = KtStartThread(&Thread, KtProcThreadRoutine, &State, KT_SYSTEM_PRIORITY);
    KT_CHECK(Context, NT_SUCCESS(Status), "KtStartThread: 0x%08X", Status);
    KT_CHECK(Context, KtJoinThread(&Thread) == STATUS_SUCCESS && State.Ran, "join");
    KT_CHECK(Context,
             State.Process == PsInitialSystemProcess &&
                 State.ThreadProcess == PsInitialSystemProcess && State.ProcessId == (HANDLE)4 &&
                 State.ThreadProcessId == (HANDLE)4,
             "a Ke thread saw process %p/%p, IDs %p/%p", State.Process, State.ThreadProcess,
             State.ProcessId, State.ThreadProcessId);
}

/* Start KT_PS_THREADS system threads blocked on Release; their handles in Handles. */
static NTSTATUS
KtStartBlockedThreads(KT_PROC_THREAD *States, HANDLE *Handles, CLIENT_ID *Cids)
{
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG I;

    for (I = 0; I < KT_PS_THREADS; I++)
        Handles[I] = NULL;
    for (I = 0; I < KT_PS_THREADS && NT_SUCCESS(Status); I++)
    {
        RtlZeroMemory(&States[I], sizeof(States[I]));
        KeInitializeEvent(&States[I].Release, NotificationEvent, FALSE);
        Status = PsCreateSystemThread(&Handles[I], THREAD_ALL_ACCESS, NULL, NULL, &Cids[I],
                                      KtProcThreadRoutine, &States[I]);
    }
    return Status;
}

/* Let every started thread go, wait for it and close its handle. */
static VOID
KtEndThreads(KT_PROC_THREAD *States, HANDLE *Handles)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10000000ll};
    ULONG I;

    for (I = 0; I < KT_PS_THREADS && Handles[I] != NULL; I++)
    {
        KeSetEvent(&States[I].Release, 0, FALSE);
        ZwWaitForSingleObject(Handles[I], FALSE, &Timeout);
        ZwClose(Handles[I]);
    }
}

/* Check thread I: its ID finds it, referenced, and it knows its process. */
static BOOLEAN
KtCheckThread(PKT_CONTEXT Context, KT_PROC_THREAD *State, HANDLE Handle, CLIENT_ID *Cid)
{
    LARGE_INTEGER Step = {.QuadPart = -100000};
    PETHREAD Thread = NULL, Found = NULL;
    LONG_PTR Before;
    NTSTATUS Status;
    ULONG Try;

    for (Try = 0; Try < 100 && !State->Ran; Try++)
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
    Status =
        ObReferenceObjectByHandle(Handle, 0, *PsThreadType, KernelMode, (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status) || !State->Ran)
    {
        KtFail(Context, __FILE__, __LINE__, "thread %p: 0x%08X, ran %u", Handle, Status,
               State->Ran);
        return FALSE;
    }
    Before = ObpPointerCount(Thread);
    Status = PsLookupThreadByThreadId(Cid->UniqueThread, &Found);
    if (Status != STATUS_SUCCESS || Found != Thread || ObpPointerCount(Thread) != Before + 1)
        KtFail(Context, __FILE__, __LINE__,
               "lookup of %p: 0x%08X, %p for %p, count %I64d from %I64d", Cid->UniqueThread, Status,
               Found, Thread, (LONG64)ObpPointerCount(Thread), (LONG64)Before);
    else if (PsGetThreadId(Thread) != Cid->UniqueThread || Cid->UniqueProcess != (HANDLE)4 ||
             State->Process != PsInitialSystemProcess || State->ThreadProcessId != (HANDLE)4 ||
             PsGetThreadProcess(Thread) != PsInitialSystemProcess ||
             !KtOnThreadList(PsInitialSystemProcess, Thread))
        KtFail(Context, __FILE__, __LINE__, "thread %p does not know its process",
               Cid->UniqueThread);
    if (Found != NULL)
        ObDereferenceObject(Found);
    if (!Context->Failed && ObpPointerCount(Thread) != Before)
        KtFail(Context, __FILE__, __LINE__, "ObDereferenceObject left count %I64d, expected %I64d",
               (LONG64)ObpPointerCount(Thread), (LONG64)Before);
    ObDereferenceObject(Thread);
    return !Context->Failed;
}

static VOID
KtThreadsByClientId(PKT_CONTEXT Context)
{
    static KT_PROC_THREAD States[KT_PS_THREADS];
    LARGE_INTEGER Step = {.QuadPart = -100000};
    HANDLE Handles[KT_PS_THREADS];
    CLIENT_ID Cids[KT_PS_THREADS];
    PETHREAD Thread = NULL, Held = NULL;
    NTSTATUS Status = KtStartBlockedThreads(States, Handles, Cids);
    ULONG I, J, Try;

    if (!NT_SUCCESS(Status))
        KtFail(Context, __FILE__, __LINE__, "PsCreateSystemThread: 0x%08X", Status);
    for (I = 0; I < KT_PS_THREADS && !Context->Failed; I++)
    {
        if (((ULONG_PTR)Cids[I].UniqueThread & 3) != 0 || Cids[I].UniqueThread == (HANDLE)4)
            KtFail(Context, __FILE__, __LINE__, "thread ID %p", Cids[I].UniqueThread);
        for (J = 0; J < I; J++)
            if (Cids[J].UniqueThread == Cids[I].UniqueThread)
                KtFail(Context, __FILE__, __LINE__, "threads %u and %u share ID %p", J, I,
                       Cids[I].UniqueThread);
        if (!Context->Failed)
            KtCheckThread(Context, &States[I], Handles[I], &Cids[I]);
    }
    if (!Context->Failed)
        ObReferenceObjectByHandle(Handles[0], 0, NULL, KernelMode, (PVOID *)&Held, NULL);
    KtEndThreads(States, Handles);
    KT_CHECK(Context, !Context->Failed, "");
    /* An ended thread's ID finds it while its object lives, as on NT; then it is gone. */
    Status = PsLookupThreadByThreadId(Cids[0].UniqueThread, &Thread);
    if (Thread != NULL)
        ObDereferenceObject(Thread);
    ObDereferenceObject(Held);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Thread == Held,
             "an ended, referenced thread: 0x%08X, %p for %p", Status, Thread, Held);
    for (Try = 0; Try < 100; Try++)
    {
        Status = PsLookupThreadByThreadId(Cids[0].UniqueThread, &Thread);
        if (Status != STATUS_SUCCESS)
            break;
        ObDereferenceObject(Thread);
        KeDelayExecutionThread(KernelMode, FALSE, &Step);
    }
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER && Thread == NULL,
             "an ended thread's ID still finds it: 0x%08X", Status);
}

/*
 * The System process's pointer count moves whenever any system thread starts or goes (each
 * holds a reference), on other processors too: a count check is retried until one attempt
 * ran undisturbed. A lookup that took no reference, or kept one, never passes.
 */
#define KT_COUNT_TRIES 20

static BOOLEAN
KtLookupReferencesSystem(VOID)
{
    LONG_PTR Before = ObpPointerCount(PsInitialSystemProcess);
    PEPROCESS Process;
    BOOLEAN Took;

    if (PsLookupProcessByProcessId((HANDLE)4, &Process) != STATUS_SUCCESS)
        return FALSE;
    Took = ObpPointerCount(PsInitialSystemProcess) == Before + 1;
    ObDereferenceObject(Process);
    return Took && ObpPointerCount(PsInitialSystemProcess) == Before;
}

static const ULONG_PTR KtBadIds[] = {0, 3, 6, 0x7FFFFFFC, 0xFFFFFFFFFFFFFFFCull};

/* Every bad ID fails both lookups with STATUS_INVALID_PARAMETER and a NULL object, and no
 * reference on System is left behind. */
static BOOLEAN
KtBadLookupsFail(PKT_CONTEXT Context, PBOOLEAN Undisturbed)
{
    LONG_PTR Before = ObpPointerCount(PsInitialSystemProcess);
    PEPROCESS Process = (PEPROCESS)1;
    PETHREAD Thread = (PETHREAD)1;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(KtBadIds); I++)
    {
        Status = PsLookupProcessByProcessId((HANDLE)KtBadIds[I], &Process);
        if (Status == STATUS_INVALID_PARAMETER && Process == NULL)
            Status = PsLookupThreadByThreadId((HANDLE)KtBadIds[I], &Thread);
        if (Status != STATUS_INVALID_PARAMETER || Process != NULL || Thread != NULL)
        {
            KtFail(Context, __FILE__, __LINE__, "lookups of %p: 0x%08X, %p, %p", (PVOID)KtBadIds[I],
                   Status, Process, Thread);
            return FALSE;
        }
    }
    *Undisturbed = ObpPointerCount(PsInitialSystemProcess) == Before;
    return TRUE;
}

static VOID
KtProcessByClientId(PKT_CONTEXT Context)
{
    PEPROCESS Process = (PEPROCESS)1;
    PETHREAD Thread = (PETHREAD)1;
    BOOLEAN Undisturbed = FALSE;
    NTSTATUS Status;
    ULONG Try;

    Status = PsLookupProcessByProcessId((HANDLE)4, &Process);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Process == PsInitialSystemProcess,
             "lookup of 4: 0x%08X, %p", Status, Process);
    ObDereferenceObject(Process);
    for (Try = 0; Try < KT_COUNT_TRIES && !KtLookupReferencesSystem(); Try++)
        ;
    KT_CHECK(Context, Try < KT_COUNT_TRIES, "the lookup did not take exactly one reference");
    /* A process ID is no thread ID, and the other way round. */
    Status = PsLookupThreadByThreadId((HANDLE)4, &Thread);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER && Thread == NULL,
             "thread lookup of the process ID: 0x%08X", Status);
    for (Try = 0; Try < KT_COUNT_TRIES && !Undisturbed; Try++)
    {
        if (!KtBadLookupsFail(Context, &Undisturbed))
            return;
    }
    KT_CHECK(Context, Undisturbed, "failed lookups changed the count");
}

/* A Ps thread that checks NtCurrentThread() against the Process type. */
static VOID NTAPI
KtCurrentThreadAsProcess(PVOID Context)
{
    PVOID Object = (PVOID)1;

    *(NTSTATUS *)Context =
        ObReferenceObjectByHandle(NtCurrentThread(), 0, *PsProcessType, KernelMode, &Object, NULL);
    if (Object != NULL)
        *(NTSTATUS *)Context = STATUS_UNSUCCESSFUL; /* not cleared */
}

static VOID
KtCurrentProcessHandle(PKT_CONTEXT Context)
{
    PEPROCESS System = PsInitialSystemProcess;
    OBJECT_HANDLE_INFORMATION Info;
    NTSTATUS Status;
    HANDLE Handle, Copy;
    PVOID Object = NULL;

    Status = ObReferenceObjectByHandle(NtCurrentProcess(), PROCESS_ALL_ACCESS, *PsProcessType,
                                       UserMode, &Object, &Info);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Object == System, "NtCurrentProcess: 0x%08X, %p",
             Status, Object);
    ObDereferenceObject(Object);
    KT_CHECK(Context, Info.GrantedAccess == PROCESS_ALL_ACCESS, "granted 0x%08X",
             Info.GrantedAccess);
    Object = (PVOID)1;
    Status =
        ObReferenceObjectByHandle(NtCurrentProcess(), 0, *PsThreadType, KernelMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH && Object == NULL,
             "NtCurrentProcess as a thread: 0x%08X", Status);
    /* Duplicating the pseudo-handle gives a real handle to System, usable as a process handle. */
    Status = ZwDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &Handle,
                               0, 0, DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, NT_SUCCESS(Status) && Handle != NtCurrentProcess(),
             "duplicating NtCurrentProcess: 0x%08X", Status);
    Status = ObReferenceObjectByHandle(Handle, 0, *PsProcessType, KernelMode, &Object, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Object == System, "the copy: 0x%08X", Status);
    ObDereferenceObject(Object);
    Status = ZwDuplicateObject(Handle, Handle, Handle, &Copy, 0, 0, DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, NT_SUCCESS(Status), "duplicating through a process handle: 0x%08X", Status);
    KT_CHECK(Context, ZwClose(Copy) == STATUS_SUCCESS && ZwClose(Handle) == STATUS_SUCCESS,
             "close");
    Status = ObReferenceObjectByHandle(Handle, 0, *PsProcessType, KernelMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "closed process handle: 0x%08X", Status);
}

/* PsCreateSystemThread into the process named by a real handle; bad process handles. */
static VOID
KtThreadInProcessHandle(PKT_CONTEXT Context)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10000000ll};
    NTSTATUS Status, ThreadStatus = STATUS_PENDING;
    HANDLE Process, Event, Thread = (HANDLE)1;

    Status = ObOpenObjectByPointer(PsInitialSystemProcess, 0, NULL, PROCESS_CREATE_THREAD,
                                   *PsProcessType, KernelMode, &Process);
    KT_CHECK(Context, NT_SUCCESS(Status), "a handle to System: 0x%08X", Status);
    Status = PsCreateSystemThread(&Thread, SYNCHRONIZE, NULL, Process, NULL,
                                  KtCurrentThreadAsProcess, &ThreadStatus);
    ZwClose(Process);
    KT_CHECK(Context, NT_SUCCESS(Status), "PsCreateSystemThread in System: 0x%08X", Status);
    ZwWaitForSingleObject(Thread, FALSE, &Timeout);
    ZwClose(Thread);
    KT_CHECK(Context, ThreadStatus == STATUS_OBJECT_TYPE_MISMATCH,
             "NtCurrentThread as a process: 0x%08X", ThreadStatus);
    Status = PsCreateSystemThread(&Thread, SYNCHRONIZE, NULL, Process, NULL,
                                  KtCurrentThreadAsProcess, &ThreadStatus);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE && Thread == NULL,
             "a closed process handle: 0x%08X", Status);
    Status = KtCreateEvent(NULL, 0, NULL, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "event: 0x%08X", Status);
    Status = PsCreateSystemThread(&Thread, SYNCHRONIZE, NULL, Event, NULL, KtCurrentThreadAsProcess,
                                  &ThreadStatus);
    ZwClose(Event);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH && Thread == NULL,
             "an event as the process: 0x%08X", Status);
}

static VOID
KtKernelHandlesApart(PKT_CONTEXT Context)
{
    PHANDLE_TABLE Own = PsInitialSystemProcess->ObjectTable;
    ULONG Kernel = ObpHandleTableCount(ObpKernelHandleTable), Process = ObpHandleTableCount(Own);
    HANDLE KernelEvent, Event;
    NTSTATUS Status;

    Status = KtCreateEvent(NULL, OBJ_KERNEL_HANDLE, NULL, &KernelEvent);
    KT_CHECK(Context, NT_SUCCESS(Status) && ObIsKernelHandle(KernelEvent), "kernel event: 0x%08X",
             Status);
    KT_CHECK(Context,
             ObpHandleTableCount(ObpKernelHandleTable) == Kernel + 1 &&
                 ObpHandleTableCount(Own) == Process,
             "a kernel handle went to the process's table");
    Status = KtCreateEvent(NULL, 0, NULL, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status) && !ObIsKernelHandle(Event), "event: 0x%08X", Status);
    KT_CHECK(Context,
             ObpHandleTableCount(ObpKernelHandleTable) == Kernel + 1 &&
                 ObpHandleTableCount(Own) == Process + 1,
             "a process handle went to the kernel table");
    /* The same slot number in the other table names something else, or nothing. */
    KT_CHECK(Context,
             KtObjectByHandle((HANDLE)((ULONG_PTR)KernelEvent & 0x7FFFFFFF)) !=
                 KtObjectByHandle(KernelEvent),
             "a kernel handle without its top bit names the same object");
    KT_CHECK(Context, ZwClose(KernelEvent) == STATUS_SUCCESS && ZwClose(Event) == STATUS_SUCCESS,
             "close");
    KT_CHECK(Context,
             ObpHandleTableCount(ObpKernelHandleTable) == Kernel &&
                 ObpHandleTableCount(Own) == Process,
             "the counts did not come back");
}

/* Thousands of handles to one event in the table for Attributes, then all closed. */
static VOID
KtManyHandles(PKT_CONTEXT Context, ULONG Attributes)
{
    PHANDLE_TABLE Table = (Attributes & OBJ_KERNEL_HANDLE) ? ObpKernelHandleTable
                                                           : PsGetCurrentProcess()->ObjectTable;
    ULONG Count = ObpHandleTableCount(Table), Capacity = ObpHandleTableCapacity(Table), I, Made = 0;
    HANDLE *Handles =
        ExAllocatePoolWithTag(NonPagedPoolNx, KT_MANY_HANDLES * sizeof(HANDLE), KT_HANDLES_TAG);
    HANDLE Event = NULL;
    PVOID Object = NULL, Found;
    NTSTATUS Status;

    KT_CHECK(Context, Handles != NULL, "no pool");
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    if (NT_SUCCESS(Status))
        Status = ObReferenceObjectByHandle(Event, 0, NULL, KernelMode, &Object, NULL);
    while (NT_SUCCESS(Status) && Made < KT_MANY_HANDLES)
    {
        Status = ObOpenObjectByPointer(Object, Attributes, NULL, SYNCHRONIZE, NULL, KernelMode,
                                       &Handles[Made]);
        Made += NT_SUCCESS(Status);
    }
    if (!NT_SUCCESS(Status))
        KtFail(Context, __FILE__, __LINE__, "handle %u: 0x%08X", Made, Status);
    else if (ObpHandleTableCapacity(Table) <= Capacity ||
             ObpHandleTableCount(Table) != Count + KT_MANY_HANDLES + (Attributes ? 0 : 1))
        KtFail(Context, __FILE__, __LINE__, "capacity %u from %u, %u handles from %u",
               ObpHandleTableCapacity(Table), Capacity, ObpHandleTableCount(Table), Count);
    for (I = 0; I < Made && !Context->Failed; I++)
    {
        Status = ObReferenceObjectByHandle(Handles[I], 0, NULL, KernelMode, &Found, NULL);
        if (Status != STATUS_SUCCESS || Found != Object)
            KtFail(Context, __FILE__, __LINE__, "handle %u: 0x%08X", I, Status);
        else
            ObDereferenceObject(Found);
        /* The grant survives the table's growth. */
        Status =
            ObReferenceObjectByHandle(Handles[I], EVENT_MODIFY_STATE, NULL, UserMode, &Found, NULL);
        if (Status != (Attributes ? STATUS_INVALID_HANDLE : STATUS_ACCESS_DENIED))
            KtFail(Context, __FILE__, __LINE__, "handle %u beyond its grant: 0x%08X", I, Status);
    }
    for (I = 0; I < Made; I++)
        if ((Status = ZwClose(Handles[I])) != STATUS_SUCCESS && !Context->Failed)
            KtFail(Context, __FILE__, __LINE__, "close %u: 0x%08X", I, Status);
    if (!Context->Failed && ObpHandleTableCount(Table) != Count + (Attributes ? 0 : 1))
        KtFail(Context, __FILE__, __LINE__, "%u handles left, expected %u",
               ObpHandleTableCount(Table), Count);
    for (I = 0; I < Made && !Context->Failed; I += 97)
    {
        Status = ObReferenceObjectByHandle(Handles[I], 0, NULL, KernelMode, &Found, NULL);
        if (Status != STATUS_INVALID_HANDLE || ZwClose(Handles[I]) != STATUS_INVALID_HANDLE)
            KtFail(Context, __FILE__, __LINE__, "closed handle %p: 0x%08X", Handles[I], Status);
    }
    if (!Context->Failed && Object != NULL && ObpHandleCount(Object) != 1)
        KtFail(Context, __FILE__, __LINE__, "the event has %I64d handles",
               (LONG64)ObpHandleCount(Object));
    if (Object != NULL)
        ObDereferenceObject(Object);
    if (Event != NULL)
        ZwClose(Event);
    ExFreePoolWithTag(Handles, KT_HANDLES_TAG);
}

static VOID
KtProcessTableGrows(PKT_CONTEXT Context)
{
    KtManyHandles(Context, 0);
}

static VOID
KtKernelTableGrows(PKT_CONTEXT Context)
{
    KtManyHandles(Context, OBJ_KERNEL_HANDLE);
}

/* Attaching to the current process (the only one) nests as a no-op and balances. */
static VOID
KtAttachToCurrentProcess(PKT_CONTEXT Context)
{
    PKPROCESS System = &PsInitialSystemProcess->Pcb;
    PKTHREAD Thread = KeGetCurrentThread();
    KAPC_STATE Before = Thread->ApcState, Outer, Inner;
    KIRQL OldIrql;

    KeStackAttachProcess(System, &Outer);
    KT_CHECK(Context, PsGetCurrentProcess() == PsInitialSystemProcess, "attached elsewhere");
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    KeStackAttachProcess(System, &Inner);
    KT_CHECK(Context, Outer.Process == (PKPROCESS)1 && Inner.Process == (PKPROCESS)1,
             "the states do not say 'already there': %p, %p", Outer.Process, Inner.Process);
    KeUnstackDetachProcess(&Inner);
    KeLowerIrql(OldIrql);
    KeUnstackDetachProcess(&Outer);
    KT_CHECK(Context, KeGetCurrentIrql() == PASSIVE_LEVEL, "IRQL %u", KeGetCurrentIrql());
    KT_CHECK(Context, Inner.Process == NULL && Outer.Process == NULL,
             "the states were not used up");
    KeAttachProcess(System);
    KT_CHECK(Context, PsGetCurrentProcess() == PsInitialSystemProcess, "KeAttachProcess moved");
    KeDetachProcess();
    KeDetachProcess(); /* not attached: nothing to do, as on NT */
    KT_CHECK(Context,
             RtlCompareMemory(&Before, &Thread->ApcState, sizeof(Before)) == sizeof(Before),
             "the thread's APC state changed");
}

/* Subject contexts capture the process's token: the one place user processes will differ. */
static VOID
KtProcessTokenIsTheSubjects(PKT_CONTEXT Context)
{
    SECURITY_SUBJECT_CONTEXT Subject;
    PACCESS_TOKEN Token = PsReferencePrimaryToken(PsInitialSystemProcess);
    BOOLEAN Same;

    KT_CHECK(Context, Token != NULL, "System has no token");
    SeCaptureSubjectContext(&Subject);
    Same = Subject.PrimaryToken == Token && Subject.ClientToken == NULL;
    SeReleaseSubjectContext(&Subject);
    KT_CHECK(Context, Same, "captured %p, the process holds %p", Subject.PrimaryToken, Token);
    KT_CHECK(Context, ObGetObjectType(Token) == *SeTokenObjectType, "not a Token object");
    ObDereferenceObject(Token);
}

static const KT_TEST KtPsProcessTests[] = {
    {"System is a Process object with ID 4, its tables and the boot time", KtSystemProcessObject},
    {"Ke threads and the test thread belong to System", KtKernelThreadsBelongToSystem},
    {"system threads: unique IDs, lookups reference them, gone with their object",
     KtThreadsByClientId},
    {"PsLookupProcessByProcessId: System referenced, bad IDs STATUS_INVALID_PARAMETER",
     KtProcessByClientId},
    {"NtCurrentProcess() by handle, type-checked, duplicated", KtCurrentProcessHandle},
    {"PsCreateSystemThread into a process by handle; bad process handles", KtThreadInProcessHandle},
    {"kernel handles live in a table apart from the process's", KtKernelHandlesApart},
    {"the process's table grows to thousands of handles and back", KtProcessTableGrows},
    {"the kernel table grows to thousands of handles and back", KtKernelTableGrows},
    {"attaching to the current process nests as a no-op and balances", KtAttachToCurrentProcess},
    {"System's primary token is what subject contexts capture", KtProcessTokenIsTheSubjects},
};

const KT_SUITE KtPsProcessSuite = {"PsProcess", KtPsProcessTests, RTL_NUMBER_OF(KtPsProcessTests)};
