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

/*
 * Kernel thread. Private to Basalt; drivers only ever hold PKTHREAD. Threads are dispatcher
 * objects, so the header comes first as on NT. The scheduler work extends this.
 */
typedef struct _KTHREAD
{
    DISPATCHER_HEADER Header;
    PVOID StackBase;  /* highest address + 1 */
    PVOID StackLimit; /* lowest address */
    ULONG ProcessorNumber;
} KTHREAD;

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
    /* DPC queue (ke/dpc.c): protected by DpcLock, taken at HIGH_LEVEL. */
    KSPIN_LOCK DpcLock;
    LIST_ENTRY DpcListHead;
    ULONG DpcQueueDepth;
    ULONG DpcCount; /* DPCs retired on this processor */
    BOOLEAN DpcRoutineActive;
} KPRCB, *PKPRCB;

/* The processor's PCR as GS addresses it: the DDK's public KPCR, then the KPRCB at 0x180. */
typedef struct _KIPCR
{
    KPCR Pcr;
    UCHAR Reserved[0x180 - sizeof(KPCR)];
    KPRCB Prcb;
} KIPCR, *PKIPCR;

extern PLOADER_PARAMETER_BLOCK KeLoaderBlock;

VOID KiInitializePcr(PKIPCR Pcr, ULONG Number, PKTHREAD InitialThread);
VOID KiInitializeSystemTime(VOID);
VOID KiInitializeDpcs(VOID);
VOID KiRunBenchmarks(VOID);
extern LARGE_INTEGER KeBootTime;
PKIPCR KiGetPcr(VOID);

DECLSPEC_NORETURN VOID NTAPI KiSystemStartup(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID KiInitializeDescriptorTables(VOID);
VOID KiDispatchTrap(PKTRAP_FRAME TrapFrame);
VOID KiInterruptDispatch(PKTRAP_FRAME TrapFrame);
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

#endif
