/* SPDX-License-Identifier: MIT */
/*
 * Self-test helpers: start a kernel thread at a given priority, and join it. Test threads
 * run on processor 0 only, as the runner does (ktest.c), so scheduling tests see one
 * processor's behaviour whatever the machine has; mptest.c places threads itself.
 */
#include "ntos.h"

NTSTATUS
KtStartThreadOn(PKTHREAD Thread, PKSTART_ROUTINE Routine, PVOID Context, KPRIORITY Priority,
                KAFFINITY Affinity)
{
    NTSTATUS Status = KeInitializeThread(Thread, NULL, Routine, Context, KeGetSystemProcess());

    if (!NT_SUCCESS(Status))
        return Status;
    Thread->Priority = Thread->BasePriority = (SCHAR)Priority;
    Thread->Affinity = Thread->UserAffinity = Affinity;
    KeStartThread(Thread);
    return STATUS_SUCCESS;
}

NTSTATUS
KtStartThread(PKTHREAD Thread, PKSTART_ROUTINE Routine, PVOID Context, KPRIORITY Priority)
{
    return KtStartThreadOn(Thread, Routine, Context, Priority, 1);
}

/*
 * Wait for the thread to terminate. A join that takes more than 30 s (far beyond any test
 * under a loaded host) is reported as STATUS_TIMEOUT so the test fails, but only after the
 * thread has really ended: returning earlier would let the caller reuse a KTHREAD and stack
 * that are still running.
 */
NTSTATUS
KtJoinThread(PKTHREAD Thread)
{
    LARGE_INTEGER Timeout = {.QuadPart = -300000000ll};
    NTSTATUS Status = KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout);

    if (Status != STATUS_TIMEOUT)
        return Status;
    DbgPrint("Kt: thread %p has not ended after 30 s; waiting on\n", Thread);
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    return STATUS_TIMEOUT;
}
