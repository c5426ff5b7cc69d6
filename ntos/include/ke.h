/* SPDX-License-Identifier: MIT */
/* Kernel core (Ke): traps, bugcheck and the boot processor's descriptor tables. */
#ifndef BASALT_KE_H
#define BASALT_KE_H

/* NT x64 GDT selectors. */
#define KGDT64_NULL 0x00
#define KGDT64_R0_CODE 0x10
#define KGDT64_R0_DATA 0x18
#define KGDT64_R3_CMCODE 0x20
#define KGDT64_R3_DATA 0x28
#define KGDT64_R3_CODE 0x30
#define KGDT64_SYS_TSS 0x40
#define KGDT64_R3_CMTEB 0x50

/* IST slots in the TSS. */
#define KI_IST_DOUBLE_FAULT 1
#define KI_IST_NMI 2
#define KI_IST_MACHINE_CHECK 3
#define KI_IST_COUNT 3

/*
 * Saved state of an exception or interrupt. The layout is private to Basalt (the DDK only
 * forward-declares struct _KTRAP_FRAME); trap.S builds it, offsets are checked in ketrap.c.
 */
typedef struct _KTRAP_FRAME
{
    ULONG64 Rax, Rcx, Rdx, Rbx, Rbp, Rsi, Rdi;
    ULONG64 R8, R9, R10, R11, R12, R13, R14, R15;
    ULONG64 Vector;
    ULONG64 ErrorCode;
    /* Pushed by the processor. */
    ULONG64 Rip;
    ULONG64 SegCs;
    ULONG64 EFlags;
    ULONG64 Rsp;
    ULONG64 SegSs;
} KTRAP_FRAME, *PKTRAP_FRAME;

#ifndef SYNCH_LEVEL
#define SYNCH_LEVEL 12 /* IPI_LEVEL - 2 on x64; the dispatcher locks' IRQL */
#endif
#ifndef TIMER_OR_DPC_INVALID
#define TIMER_OR_DPC_INVALID ((ULONG)0x000000C7)
#endif
#ifndef BAD_OBJECT_HEADER
#define BAD_OBJECT_HEADER ((ULONG)0x00000189)
#endif
#ifndef SYSTEM_PTE_MISUSE
#define SYSTEM_PTE_MISUSE ((ULONG)0x000000DA)
#endif

/* Dispatcher object types (NT's KOBJECTS), stored in DISPATCHER_HEADER.Type. */
typedef enum _KOBJECTS
{
    EventNotificationObject = 0,
    EventSynchronizationObject = 1,
    MutantObject = 2,
    ProcessObject = 3,
    QueueObject = 4,
    SemaphoreObject = 5,
    ThreadObject = 6,
    GateObject = 7,
    TimerNotificationObject = 8,
    TimerSynchronizationObject = 9,
    ApcObject = 18,
    DpcObject = 19,
    DeviceQueueObject = 20,
    InterruptObject = 22,
    ThreadedDpcObject = 24,
} KOBJECTS;

/* KeInitializeApc's environment; only the thread's own (original) one exists so far. */
typedef enum _KAPC_ENVIRONMENT
{
    OriginalApcEnvironment,
    AttachedApcEnvironment,
    CurrentApcEnvironment,
    InsertApcEnvironment
} KAPC_ENVIRONMENT;

typedef enum _KTHREAD_STATE
{
    Initialized,
    Ready,
    Running,
    Standby, /* chosen as a processor's NextThread, not yet switched to */
    Terminated,
    Waiting,
    Transition,    /* unused: for kernel stacks that are paged out, later */
    DeferredReady, /* woken; readied once its waker has dropped the object locks */
} KTHREAD_STATE;

/* The wait block a timed wait links to the thread's own timer. */
#define KI_TIMER_WAIT_BLOCK THREAD_WAIT_OBJECTS

/* Runs at DISPATCH_LEVEL after a terminated thread's stack is freed (kesched.c). */
typedef VOID (*PKI_REAP_ROUTINE)(PVOID Context);

/* Kernel process: the parts Ke needs (priority, affinity, its threads). Waitable. */
typedef struct _KPROCESS
{
    DISPATCHER_HEADER Header;
    LIST_ENTRY ThreadListHead;
    KAFFINITY Affinity;
    SCHAR BasePriority;
} KPROCESS;

/*
 * Kernel thread. Private to Basalt; drivers only ever hold PKTHREAD. Threads are dispatcher
 * objects (signalled when they terminate), so the header comes first as on NT. Which lock
 * guards which field is in ke/ki.h: wait state, alerts and APC queues under ThreadLock; the
 * ready-queue link and Ready/Standby/Running transitions under the KPRCB's PrcbLock.
 */
typedef struct _KTHREAD
{
    DISPATCHER_HEADER Header;
    PVOID StackBase;        /* highest address + 1 */
    PVOID StackLimit;       /* lowest address */
    PVOID KernelStack;      /* saved RSP while switched out (ctxswap.S) */
    volatile LONG SwapBusy; /* context still live on a processor: do not resume it yet */
    volatile LONG ThreadLock;
    ULONG ProcessorNumber;
    UCHAR State; /* KTHREAD_STATE */
    SCHAR Priority;
    SCHAR BasePriority;
    SCHAR PriorityDecrement; /* boost still to decay */
    CHAR Quantum;            /* clock ticks left */
    BOOLEAN OwnsStack;       /* stack from MmCreateKernelStack, freed at termination */
    BOOLEAN WaitNext;        /* a KeSet/Release(..., Wait=TRUE) left IRQL at SYNCH_LEVEL */
    BOOLEAN Alertable;
    BOOLEAN ApcQueueable; /* cleared as the thread exits: inserts fail from then on */
    BOOLEAN Alerted[MaximumMode];
    BOOLEAN SystemAffinityActive;
    KIRQL WaitIrql;
    KPROCESSOR_MODE WaitMode;
    UCHAR WaitReason;
    SHORT KernelApcDisable;  /* KeEnterCriticalRegion: < 0 blocks normal kernel APCs */
    SHORT SpecialApcDisable; /* KeEnterGuardedRegion: < 0 blocks all kernel APCs */
    NTSTATUS WaitStatus;
    KAFFINITY Affinity;
    KAFFINITY UserAffinity;
    LIST_ENTRY ReadyListEntry;
    SINGLE_LIST_ENTRY SwapListEntry; /* on a KPRCB's DeferredReadyListHead */
    PKWAIT_BLOCK WaitBlockList;
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS + 1];
    KTIMER Timer;              /* timeouts of waits and KeDelayExecutionThread */
    LIST_ENTRY MutantListHead; /* mutants this thread owns, for abandonment */
    KAPC_STATE ApcState;
    struct _KPROCESS *Process;
    LIST_ENTRY ThreadListEntry; /* in Process->ThreadListHead */
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    PKI_REAP_ROUTINE ReapRoutine; /* only for threads that own their stack */
    PVOID ReapContext;
    ULONG_PTR TopLevelIrp; /* IoSetTopLevelIrp: a file system's note of who entered it first */
} KTHREAD;

/* One DPC queue of a processor, as NT's KDPC_DATA; a queued KDPC's DpcData points here.
 * The lock is taken at HIGH_LEVEL (or with interrupts off). */
typedef struct _KDPC_DATA
{
    LIST_ENTRY DpcListHead;
    KSPIN_LOCK DpcLock;
    volatile ULONG DpcQueueDepth;
    ULONG DpcCount; /* DPCs retired from this queue */
} KDPC_DATA, *PKDPC_DATA;

/*
 * Per-processor control block. Only the prefix up to CurrentThread is ABI: the DDK inlines
 * KeGetCurrentThread as gs:[0x188] and KeGetCurrentProcessorNumber as the word at gs:[0x184],
 * which on Windows are KPCR.Prcb.CurrentThread and KPCR.Prcb.LegacyNumber. Layout asserts in
 * kipcr.c pin those offsets.
 */
typedef struct _KPRCB
{
    ULONG MxCsr;
    UCHAR LegacyNumber;
    UCHAR ReservedMustBeZero;
    BOOLEAN InterruptRequest;
    BOOLEAN IdleHalt;
    struct _KTHREAD *CurrentThread;
    struct _KTHREAD *NextThread;
    struct _KTHREAD *IdleThread;
    ULONG Number;
    KAFFINITY SetMember;
    /* DPC queues (ke/dpc.c), [DPC_NORMAL] and [DPC_THREADED]. */
    KDPC_DATA DpcData[2];
    BOOLEAN DpcRoutineActive;
    PVOID DpcStack; /* base of the stack ordinary DPCs run on */
    /* Threaded DPCs (ke/dpcthread.c) run in this processor's DpcThread. */
    KEVENT ThreadedDpcEvent;
    struct _KTHREAD *DpcThread;
    /* Requests from the clock interrupt, acted on in the DISPATCH_LEVEL interrupt. */
    volatile BOOLEAN QuantumEnd;
    volatile BOOLEAN TimerRequest;
    /* Scheduler (ke/kesched.c), under PrcbLock. */
    volatile LONG PrcbLock;
    struct _KTHREAD *DeadThread;             /* terminated, switched away from, not yet signalled */
    SINGLE_LIST_ENTRY DeferredReadyListHead; /* woken here, to ready when locks are dropped */
    ULONG ReadySummary; /* bit n set: DispatcherReadyListHead[n] is not empty */
    LIST_ENTRY DispatcherReadyListHead[MAXIMUM_PRIORITY];
    ULONG64 ContextSwitches;
} KPRCB, *PKPRCB;

/* The processor's PCR as GS addresses it: the DDK's public KPCR, then the KPRCB at 0x180. */
typedef struct _KIPCR
{
    KPCR Pcr;
    UCHAR Reserved[0x180 - sizeof(KPCR)];
    KPRCB Prcb;
} KIPCR, *PKIPCR;

extern PLOADER_PARAMETER_BLOCK KeLoaderBlock;

/* Threads (ke/kethread.c). The caller owns the KTHREAD storage; StackBase NULL allocates. */
NTSTATUS KeInitializeThread(PKTHREAD Thread, PVOID StackBase, PKSTART_ROUTINE StartRoutine,
                            PVOID StartContext, PKPROCESS Process);
VOID KeStartThread(PKTHREAD Thread);
DECLSPEC_NORETURN VOID KeTerminateThread(KPRIORITY Increment);
BOOLEAN KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode);
BOOLEAN KeTestAlertThread(KPROCESSOR_MODE AlertMode);
VOID NTAPI KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                           PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                           PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                           PVOID NormalContext);
BOOLEAN NTAPI KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                               KPRIORITY Increment);
PKPROCESS KeGetSystemProcess(VOID);
VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY BasePriority, KAFFINITY Affinity);
VOID KeSetSystemProcess(PKPROCESS Process);
VOID KiInitializeKernel(PKTHREAD IdleThread);

/* The lock word of fast and guarded mutexes (ke/kegmutex.c). */
VOID KiAcquireLockWord(volatile LONG *Count, PVOID WaitObject, PULONG Contention);
BOOLEAN KiTryAcquireLockWord(volatile LONG *Count);
BOOLEAN KiReleaseLockWord(volatile LONG *Count);
VOID KiCheckMutexOwner(PVOID Mutex, PKTHREAD Owner);
VOID KeStartAllProcessors(VOID);
DECLSPEC_NORETURN VOID KiIdleLoop(VOID);

VOID KiInitializePcr(PKIPCR Pcr, ULONG Number, PKTHREAD InitialThread);
VOID KiInitializeSystemTime(VOID);
VOID KiInitializeDpcs(VOID);
BOOLEAN KiIsOnKernelStack(ULONG64 Address, SIZE_T Length);
VOID KiRunBenchmarks(VOID);
extern LARGE_INTEGER KeBootTime;
PKIPCR KiGetPcr(VOID);

DECLSPEC_NORETURN VOID NTAPI KiSystemStartup(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID KiInitializeDescriptorTables(ULONG Number, PVOID const *IstStacks, ULONG64 Rsp0);
VOID KiDispatchTrap(PKTRAP_FRAME TrapFrame);
VOID KiInterruptDispatch(PKTRAP_FRAME TrapFrame);
PKINTERRUPT_HANDLER KiGetInterruptHandler(ULONG Vector);
VOID KiTrapFrameToContext(PKTRAP_FRAME TrapFrame, PCONTEXT Context);
DECLSPEC_NORETURN VOID KiBugCheckWithTrapFrame(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                               ULONG_PTR P4, PKTRAP_FRAME TrapFrame);

/*
 * Fault recovery for self-tests: KiTryProbe runs Routine(Context) and, if it takes a
 * processor exception, returns the exception code instead of bugchecking. The faulting
 * address and page-fault error code land in *Fault. Boot processor only, not reentrant.
 */
typedef struct _KI_PROBE_FAULT
{
    ULONG Vector;
    ULONG64 ErrorCode;
    ULONG64 FaultAddress; /* CR2 for page faults */
    ULONG64 Rip;
} KI_PROBE_FAULT, *PKI_PROBE_FAULT;

typedef VOID (*PKI_PROBE_ROUTINE)(PVOID Context);
NTSTATUS KiTryProbe(PKI_PROBE_ROUTINE Routine, PVOID Context, PKI_PROBE_FAULT Fault);

static inline ULONG64
KiReadTsc(VOID)
{
    return __rdtsc();
}

/*
 * Interrupt objects (ke/kiintobj.c). The DDK leaves struct _KINTERRUPT opaque; this layout is
 * Basalt's. Interrupts connected to one vector are chained on it; the vector's dispatcher
 * calls each one's ServiceRoutine (or, for a message, MessageServiceRoutine with MessageId)
 * with ActualLock held at SynchronizeIrql.
 */
typedef struct _KINTERRUPT
{
    CSHORT Type; /* InterruptObject */
    CSHORT Size;
    LIST_ENTRY InterruptListEntry;
    PKSERVICE_ROUTINE ServiceRoutine;
    PKMESSAGE_SERVICE_ROUTINE MessageServiceRoutine;
    ULONG MessageId;
    PVOID ServiceContext;
    KSPIN_LOCK SpinLock; /* ActualLock unless the driver passed its own */
    PKSPIN_LOCK ActualLock;
    ULONG Vector;
    KIRQL Irql;
    KIRQL SynchronizeIrql;
    BOOLEAN FloatingSave;
    BOOLEAN ShareVector;
    BOOLEAN Connected;
    KINTERRUPT_MODE Mode;
    volatile LONG ServiceCount; /* times its routine claimed the interrupt */
} KINTERRUPT;

VOID NTAPI KeInitializeInterrupt(PKINTERRUPT Interrupt, PKSERVICE_ROUTINE ServiceRoutine,
                                 PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector,
                                 KIRQL Irql, KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode,
                                 BOOLEAN ShareVector, CHAR ProcessorNumber, BOOLEAN FloatingSave);
BOOLEAN NTAPI KeConnectInterrupt(PKINTERRUPT Interrupt);
BOOLEAN NTAPI KeDisconnectInterrupt(PKINTERRUPT Interrupt);
/* Interrupts on Vector that no connected routine claimed (diagnostics and self-tests). */
ULONG KiUnclaimedInterruptCount(ULONG Vector);

#endif
