/* SPDX-License-Identifier: MIT */
/* Executive (Ex): routines NT exports that mingw-w64's DDK headers do not declare. */
#ifndef BASALT_EX_H
#define BASALT_EX_H

NTKERNELAPI BOOLEAN NTAPI ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource);

/* Access rights winnt.h has and the DDK headers lack. */
#ifndef MUTANT_QUERY_STATE
#define MUTANT_QUERY_STATE 0x0001
#define MUTANT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE)
#endif
#ifndef TIMER_QUERY_STATE
#define TIMER_QUERY_STATE 0x0001
#define TIMER_MODIFY_STATE 0x0002
#define TIMER_ALL_ACCESS \
    (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | TIMER_QUERY_STATE | TIMER_MODIFY_STATE)
#endif

/* Mutant and semaphore services: NT's, internal here (the DDK names no Zw form). */
NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner);
NTSTATUS NTAPI NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount);
NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount,
                                 LONG MaximumCount);
NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount, PLONG PreviousCount);
/* Push locks (ex/expushlk.c). ExInitializePushLock is in ntifs.h. */
NTKERNELAPI VOID FASTCALL ExfAcquirePushLockExclusive(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfAcquirePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI BOOLEAN FASTCALL ExfTryAcquirePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLock(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLockExclusive(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfTryToWakePushLock(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfUnblockPushLock(PEX_PUSH_LOCK PushLock, PVOID CurrentWaitBlock);

/* Cache-aware push locks (ex/excapl.c), NT x64's layout; mingw-w64 does not declare them. */
#define EX_PUSH_LOCK_FANNED_COUNT 64
typedef struct _EX_PUSH_LOCK_CACHE_AWARE
{
    PEX_PUSH_LOCK Locks[EX_PUSH_LOCK_FANNED_COUNT];
} EX_PUSH_LOCK_CACHE_AWARE, *PEX_PUSH_LOCK_CACHE_AWARE;

NTKERNELAPI PEX_PUSH_LOCK_CACHE_AWARE NTAPI ExAllocateCacheAwarePushLock(VOID);
NTKERNELAPI VOID NTAPI ExFreeCacheAwarePushLock(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
NTKERNELAPI VOID NTAPI ExAcquireCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
NTKERNELAPI VOID NTAPI ExReleaseCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
PEX_PUSH_LOCK ExpAcquireCacheAwarePushLockShared(PEX_PUSH_LOCK_CACHE_AWARE PushLock);

/* A waiter's entry in a push lock's chain, on the waiter's stack. The alignment leaves the
 * four flag bits of the lock word free. */
typedef struct DECLSPEC_ALIGN(16) _EXP_PUSH_LOCK_WAIT_BLOCK
{
    struct _EXP_PUSH_LOCK_WAIT_BLOCK *Next; /* the block queued before this one */
    volatile LONG ShareCount;               /* oldest block: shared owners when it queued */
    BOOLEAN Exclusive;
    KEVENT WakeEvent;
} EXP_PUSH_LOCK_WAIT_BLOCK, *PEXP_PUSH_LOCK_WAIT_BLOCK;

/* Shared spin locks (ex/exspinlk.c). mingw-w64's wdm.h does not declare EX_SPIN_LOCK, so
 * its Windows definition, a volatile LONG, is given here. */
typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;

NTKERNELAPI KIRQL ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI LOGICAL ExTryAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
NTKERNELAPI VOID ExReleaseSpinLockSharedFromDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI KIRQL ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI LOGICAL ExTryAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
NTKERNELAPI VOID ExReleaseSpinLockExclusiveFromDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI LOGICAL ExTryConvertSharedSpinLockExclusive(PEX_SPIN_LOCK SpinLock);

/* Local time (ex/extime.c): the time-zone bias, UTC minus local time in 100 ns units. */
LONG64 ExpQueryTimeZoneBias(VOID);
VOID ExpSetTimeZoneBias(LONG64 Bias);
VOID ExpInitializeTimeZone(VOID);
NTSYSAPI NTSTATUS NTAPI RtlSystemTimeToLocalTime(PLARGE_INTEGER SystemTime,
                                                 PLARGE_INTEGER LocalTime);
NTSYSAPI NTSTATUS NTAPI RtlLocalTimeToSystemTime(PLARGE_INTEGER LocalTime,
                                                 PLARGE_INTEGER SystemTime);

/* ex/exuuid.c: a version-4 UUID from RDRAND, or from the fallback sequence when UseRdrand
 * is FALSE or RDRAND fails (then RPC_NT_UUID_LOCAL_ONLY). */
NTSTATUS ExpCreateRandomUuid(UUID *Uuid, BOOLEAN UseRdrand);

/* The standard callback objects (ex/excallbk.c), for the components that will notify them:
 * \Callback\SetSystemTime, \Callback\PowerState, \Callback\ProcessorAdd. */
extern PCALLBACK_OBJECT ExpSetSystemTimeCallback, ExpPowerStateCallback, ExpProcessorAddCallback;

/* Ex micro-benchmarks under /BENCH (ex/exbench.c). */
VOID ExpRunBenchmarks(VOID);

VOID ExpBlockPushLock(PEX_PUSH_LOCK PushLock, PEXP_PUSH_LOCK_WAIT_BLOCK WaitBlock);
VOID ExpWaitForUnblockPushLock(PEXP_PUSH_LOCK_WAIT_BLOCK WaitBlock);

#endif
