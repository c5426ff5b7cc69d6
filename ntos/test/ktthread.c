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

/* Wait (at most a second) for the thread to terminate. */
NTSTATUS
KtJoinThread(PKTHREAD Thread)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10000000};

    return KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout);
}
