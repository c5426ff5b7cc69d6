/* SPDX-License-Identifier: MIT */
/*
 * Attaching a thread to a process's address space. The system process is the only process,
 * and every thread already runs in it, so the only attach there can be is to the current
 * process: as on NT that is a no-op, and KeStackAttachProcess marks the caller's KAPC_STATE
 * (Process = 1) so that its KeUnstackDetachProcess has nothing to undo. Any other process
 * pointer names no process, and a detach whose state no attach filled is unbalanced: both
 * are stopped with NT's codes rather than run on. Not yet: real attaches, with user
 * processes (saving and switching the APC state and the address space).
 */
#include "ki.h"

#define KI_APC_STATE_NOT_ATTACHED ((PKPROCESS)(ULONG_PTR)1)

static VOID
KiCheckAttach(PKPROCESS Process)
{
    PKTHREAD Thread = KeGetCurrentThread();

    if (Process != Thread->ApcState.Process || KiCurrentPrcb()->DpcRoutineActive)
        KeBugCheckEx(INVALID_PROCESS_ATTACH_ATTEMPT, (ULONG_PTR)Process,
                     (ULONG_PTR)Thread->ApcState.Process, 0, KiCurrentPrcb()->DpcRoutineActive);
}

VOID NTAPI
KeStackAttachProcess(PKPROCESS Process, PKAPC_STATE ApcState)
{
    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    KiCheckAttach(Process);
    ApcState->Process = KI_APC_STATE_NOT_ATTACHED;
}

VOID NTAPI
KeUnstackDetachProcess(PKAPC_STATE ApcState)
{
    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    if (ApcState->Process != KI_APC_STATE_NOT_ATTACHED)
        KeBugCheckEx(INVALID_PROCESS_DETACH_ATTEMPT, (ULONG_PTR)ApcState,
                     (ULONG_PTR)ApcState->Process, 0, 0);
    ApcState->Process = NULL; /* unstacked: a second detach with it is caught too */
}

VOID NTAPI
KeAttachProcess(PKPROCESS Process)
{
    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
    KiCheckAttach(Process);
}

/* No thread is ever attached elsewhere, so there is nothing to detach from, as NT returns
 * when the thread is not attached. */
VOID NTAPI
KeDetachProcess(VOID)
{
    ASSERT(KeGetCurrentIrql() <= APC_LEVEL);
}
