/* SPDX-License-Identifier: MIT */
/* Process manager (Ps): system threads as objects. */
#ifndef BASALT_PS_H
#define BASALT_PS_H

/* The executive thread: the kernel thread first, as on NT, so PETHREAD and PKTHREAD are the
 * same pointer. Private; drivers only hold PETHREAD. */
typedef struct _ETHREAD
{
    KTHREAD Tcb;
    CLIENT_ID Cid;
    NTSTATUS ExitStatus;
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    BOOLEAN SystemThread;
} ETHREAD;

NTSTATUS PsInitSystem(VOID);

#endif
