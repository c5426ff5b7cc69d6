/* SPDX-License-Identifier: MIT */
/* Process manager (Ps): the system process and system threads as objects, client IDs. */
#ifndef BASALT_PS_H
#define BASALT_PS_H

#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD 0x0002 /* winnt.h's; mingw-w64's DDK headers lack it */
#endif

/* The executive process: the kernel process first, as on NT, so PEPROCESS and PKPROCESS are
 * the same pointer. Private; drivers only hold PEPROCESS. */
typedef struct _EPROCESS
{
    KPROCESS Pcb;
    HANDLE UniqueProcessId;    /* 4 for System, as on Windows */
    PHANDLE_TABLE ObjectTable; /* its handles (not the kernel's) */
    PACCESS_TOKEN Token;       /* its primary token, referenced */
    LARGE_INTEGER CreateTime;
    NTSTATUS ExitStatus; /* STATUS_PENDING while it lives */
    KSPIN_LOCK ThreadListLock;
    LIST_ENTRY ThreadListHead; /* its ETHREADs, while they run */
    volatile LONG ActiveThreads;
    CHAR ImageFileName[16]; /* 15 characters and a NUL, as NT keeps it */
} EPROCESS;

/* The executive thread: the kernel thread first, as on NT, so PETHREAD and PKTHREAD are the
 * same pointer; Tcb.Process is its EPROCESS's Pcb. Private; drivers only hold PETHREAD. */
typedef struct _ETHREAD
{
    KTHREAD Tcb;
    CLIENT_ID Cid;
    NTSTATUS ExitStatus;
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    LIST_ENTRY ThreadListEntry; /* in its process's ThreadListHead while it runs */
    LIST_ENTRY IrpList;         /* its outstanding threaded IRPs (the I/O manager's) */
    BOOLEAN SystemThread;
} ETHREAD;

NTSTATUS PsInitSystem(VOID);

/* Exported; mingw-w64's DDK headers lack them. */
NTKERNELAPI PEPROCESS NTAPI PsGetThreadProcess(PETHREAD Thread);
NTKERNELAPI NTSTATUS NTAPI PsGetProcessExitStatus(PEPROCESS Process);

#endif
