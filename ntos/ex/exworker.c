/* SPDX-License-Identifier: MIT */
/*
 * System worker threads: ExQueueWorkItem hands a WORK_QUEUE_ITEM to a pool of threads that
 * run it at PASSIVE_LEVEL, as NT's executive worker queues do. Each queue type has its own
 * FIFO under a spin lock, a semaphore counting queued items, and a few threads at the
 * queue's priority (critical 13, delayed 12, hyper-critical 15; NT's newer queue types map
 * to these). A routine that returns at raised IRQL or with kernel APCs disabled (inside a
 * critical region, or holding a KMUTEX) stops the system with NT's stop code rather than
 * poison the next item; queueing an item twice stops it with WORKER_INVALID.
 */
#include "ntos.h"

#define EXP_WORKER_QUEUES 3
#define EXP_THREADS_PER_QUEUE 2

typedef struct _EXP_WORK_QUEUE
{
    KSPIN_LOCK Lock;
    LIST_ENTRY Items;
    KSEMAPHORE Pending;
    KPRIORITY Priority;
    KTHREAD Threads[EXP_THREADS_PER_QUEUE];
} EXP_WORK_QUEUE;

static EXP_WORK_QUEUE ExpWorkQueues[EXP_WORKER_QUEUES];

static EXP_WORK_QUEUE *
ExpWorkQueue(WORK_QUEUE_TYPE QueueType)
{
    switch (QueueType)
    {
        case CriticalWorkQueue:
        case NormalWorkQueue:
            return &ExpWorkQueues[CriticalWorkQueue];
        case HyperCriticalWorkQueue:
        case RealTimeWorkQueue:
        case SuperCriticalWorkQueue:
            return &ExpWorkQueues[HyperCriticalWorkQueue];
        default:
            return &ExpWorkQueues[DelayedWorkQueue];
    }
}

/* Callable at DISPATCH_LEVEL or below. */
VOID NTAPI
ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType)
{
    EXP_WORK_QUEUE *Queue = ExpWorkQueue(QueueType);
    KIRQL OldIrql;

    if (KeGetCurrentIrql() > DISPATCH_LEVEL || WorkItem->List.Flink != NULL)
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)WorkItem, (ULONG_PTR)WorkItem->WorkerRoutine,
                     KeGetCurrentIrql());
    OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
    InsertTailList(&Queue->Items, &WorkItem->List);
    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    KeReleaseSemaphore(&Queue->Pending, 0, 1, FALSE);
}

static PWORK_QUEUE_ITEM
ExpDequeueWorkItem(EXP_WORK_QUEUE *Queue)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
    PWORK_QUEUE_ITEM WorkItem =
        CONTAINING_RECORD(RemoveHeadList(&Queue->Items), WORK_QUEUE_ITEM, List);

    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    /* NULL Flink marks it free to queue again, as ExInitializeWorkItem leaves it. */
    WorkItem->List.Flink = NULL;
    return WorkItem;
}

static VOID NTAPI
ExpWorkerThread(PVOID Context)
{
    EXP_WORK_QUEUE *Queue = Context;
    PWORKER_THREAD_ROUTINE Routine;
    PWORK_QUEUE_ITEM WorkItem;
    PVOID Parameter;

    for (;;)
    {
        KeWaitForSingleObject(&Queue->Pending, Executive, KernelMode, FALSE, NULL);
        WorkItem = ExpDequeueWorkItem(Queue);
        Routine = WorkItem->WorkerRoutine;
        Parameter = WorkItem->Parameter;
        Routine(Parameter); /* may free or requeue WorkItem */
        if (KeGetCurrentIrql() != PASSIVE_LEVEL || KeAreApcsDisabled())
            KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL, (ULONG_PTR)Routine, KeGetCurrentIrql(),
                         (ULONG_PTR)WorkItem, (ULONG_PTR)Parameter);
    }
}

/* Phase 1: the worker threads of every queue. */
NTSTATUS
ExpInitializeWorkerThreads(VOID)
{
    static const KPRIORITY Priorities[EXP_WORKER_QUEUES] = {13, 12, 15};
    EXP_WORK_QUEUE *Queue;
    NTSTATUS Status;
    ULONG Q, T;

    for (Q = 0; Q < EXP_WORKER_QUEUES; Q++)
    {
        Queue = &ExpWorkQueues[Q];
        InitializeListHead(&Queue->Items);
        KeInitializeSemaphore(&Queue->Pending, 0, MAXLONG);
        Queue->Priority = Priorities[Q];
        for (T = 0; T < EXP_THREADS_PER_QUEUE; T++)
        {
            Status = KeInitializeThread(&Queue->Threads[T], NULL, ExpWorkerThread, Queue,
                                        KeGetSystemProcess());
            if (!NT_SUCCESS(Status))
                return Status;
            Queue->Threads[T].Priority = Queue->Threads[T].BasePriority = (SCHAR)Priorities[Q];
            KeStartThread(&Queue->Threads[T]);
        }
    }
    return STATUS_SUCCESS;
}
