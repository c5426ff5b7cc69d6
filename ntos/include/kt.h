/* SPDX-License-Identifier: MIT */
/*
 * In-kernel self-tests (Kt). Each subsystem contributes one table of named tests; /SELFTEST
 * runs them all and prints one line per test and a closing "N passed, N failed" line.
 */
#ifndef BASALT_KT_H
#define BASALT_KT_H

typedef struct _KT_CONTEXT
{
    BOOLEAN Failed;
    CHAR Reason[160];
} KT_CONTEXT, *PKT_CONTEXT;

typedef VOID (*PKT_ROUTINE)(PKT_CONTEXT Context);

typedef struct _KT_TEST
{
    PCSTR Name;
    PKT_ROUTINE Routine;
} KT_TEST;

typedef struct _KT_SUITE
{
    PCSTR Subsystem; /* "Ldr", "Mm", ... */
    const KT_TEST *Tests;
    ULONG Count;
} KT_SUITE;

VOID KtFail(PKT_CONTEXT Context, PCSTR File, ULONG Line, PCSTR Format, ...);

/* Record a failure with a reason and leave the test. */
#define KT_CHECK(Context, Condition, ...)                       \
    do                                                          \
    {                                                           \
        if (!(Condition))                                       \
        {                                                       \
            KtFail((Context), __FILE__, __LINE__, __VA_ARGS__); \
            return;                                             \
        }                                                       \
    } while (0)

/* Test threads (ktthread.c): Thread storage must outlive KtJoinThread, which returns only
 * once the thread has ended (STATUS_TIMEOUT if that took over 30 s). */
NTSTATUS KtStartThread(PKTHREAD Thread, PKSTART_ROUTINE Routine, PVOID Context, KPRIORITY Priority);
#define KT_SYSTEM_PRIORITY 8 /* the system process's base, as KeInitializeThread gives */
NTSTATUS KtStartThreadOn(PKTHREAD Thread, PKSTART_ROUTINE Routine, PVOID Context,
                         KPRIORITY Priority, KAFFINITY Affinity);
NTSTATUS KtJoinThread(PKTHREAD Thread);

/* Named objects for the Ob and Ex object tests (obnametest.c). Kt*ByName/ByHandle return
 * unreferenced pointers, only for comparisons, or NULL. */
NTSTATUS KtCreateEvent(PCWSTR Name, ULONG Attributes, HANDLE Root, PHANDLE Handle);
NTSTATUS KtOpenEvent(PCWSTR Name, ULONG Attributes, HANDLE Root, PHANDLE Handle);
PVOID KtObjectByName(PCWSTR Name, ULONG Attributes);
PVOID KtObjectByHandle(HANDLE Handle);

/* The pool leak check (leaktest.c): a snapshot before the first suite, a test after the last. */
VOID KtPoolLeakBegin(VOID);
/* Fixtures that live forever by design (object types), made before that snapshot. */
VOID KtObProcedurePrepare(VOID);
extern const KT_SUITE KtPoolLeakSuite;
/* Raising and unwinding from gcc-built tests (ktcatch.S): the exception code Routine
 * raised, or STATUS_SUCCESS; and a frame for Routine to RtlUnwind to (see the file). */
NTSTATUS KtCallCatching(VOID (*Routine)(PVOID Context), PVOID Context);
ULONG64 KtCallUnwindTarget(VOID (*Routine)(PVOID Context, PVOID TargetFrame, PVOID TargetIp),
                           PVOID Context);

/* The Drivers suite (drvtest.c): the cases of every \Device\KtTest* test driver. */
VOID KtRunDriverTests(PULONG Passed, PULONG Failed);
/* One self-test line of the Drivers suite, and every case of one \Device\<Device>. */
VOID KtReportDriverCase(BOOLEAN Passed, PCWSTR Device, PCSTR Name, PCSTR Message,
                        PULONG PassedCount, PULONG FailedCount);
VOID KtRunDriverDevice(PCWSTR Device, PULONG Passed, PULONG Failed);
/* iofilter.sys loaded over iotest.sys's target, its cases run, unloaded (iofiltertest.c). */
VOID KtRunFilterDriverTests(PULONG Passed, PULONG Failed);

/* Runs every suite; returns TRUE when all passed. */
BOOLEAN KtRunSelfTests(VOID);

extern const KT_SUITE KtLdrSuite;
extern const KT_SUITE KtLdrLoadSuite;
extern const KT_SUITE KtMmSuite;
extern const KT_SUITE KtPoolSuite;
extern const KT_SUITE KtPoolStressSuite;
extern const KT_SUITE KtMdlSuite;
extern const KT_SUITE KtMmReserveSuite;
extern const KT_SUITE KtPfnSuite;
extern const KT_SUITE KtContigSuite;
extern const KT_SUITE KtFaultSuite;
extern const KT_SUITE KtKeSuite;
extern const KT_SUITE KtKeThreadSuite;
extern const KT_SUITE KtKeWaitSuite;
extern const KT_SUITE KtDispatcherSuite;
extern const KT_SUITE KtMpSuite;
extern const KT_SUITE KtExSyncSuite;
extern const KT_SUITE KtPsSuite;
extern const KT_SUITE KtPsProcessSuite;
extern const KT_SUITE KtStressSuite; /* only with /STRESS */
extern const KT_SUITE KtHalSuite;
extern const KT_SUITE KtIoSuite;
extern const KT_SUITE KtInterruptSuite;
extern const KT_SUITE KtIoDeviceSuite;
extern const KT_SUITE KtIoIrpSuite;
extern const KT_SUITE KtIoStartIoSuite;
extern const KT_SUITE KtIoThreadSuite;
extern const KT_SUITE KtIoFileSuite;
extern const KT_SUITE KtIoMiscSuite;
extern const KT_SUITE KtIoLoadSuite;
extern const KT_SUITE KtIoSupportSuite;
extern const KT_SUITE KtBeepSuite;
extern const KT_SUITE KtRtlSuite;
extern const KT_SUITE KtExSuite;
extern const KT_SUITE KtExResourceSuite;
extern const KT_SUITE KtObNameSuite;
extern const KT_SUITE KtObQuerySuite;
extern const KT_SUITE KtObProcedureSuite;
extern const KT_SUITE KtExObjectSuite;
extern const KT_SUITE KtExLockSuite;
extern const KT_SUITE KtExTimeSuite;
extern const KT_SUITE KtExCallbackSuite;
extern const KT_SUITE KtCmSuite;
extern const KT_SUITE KtExTimerApcSuite;
extern const KT_SUITE KtExMiscSuite;
extern const KT_SUITE KtSeSuite;

#endif
