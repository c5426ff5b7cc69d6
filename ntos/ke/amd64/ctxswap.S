/* SPDX-License-Identifier: MIT */
/*
 * KiSwapContext(Old, New): save the non-volatile state of the running thread (Microsoft x64
 * ABI: RBX, RBP, RDI, RSI, R12-R15, XMM6-15) and RFLAGS on its stack, park its stack pointer
 * in Old->KernelStack, and resume New from its own. Called at SYNCH_LEVEL with no dispatcher
 * lock held; the caller has already made New the processor's current thread. It returns when
 * some processor switches back to Old. RFLAGS is part of the frame because a thread can
 * block with interrupts on and be resumed from an interrupt handler that runs with them off.
 *
 * Old may already be readied elsewhere (it was woken while still switching out): its
 * SwapBusy stays set until its stack pointer is parked, and whoever resumes a thread waits
 * for that first (KiSwitchTo, with interrupts on, so that an IPI barrier another processor
 * is in cannot wait on us). Interrupts are off from the park to the load so that nothing
 * is pushed on a stack another processor may already be running on.
 */
#include "kasm.h"

    .text
    .globl KiSwapContext
    .def KiSwapContext; .scl 2; .type 32; .endef
    .seh_proc KiSwapContext
KiSwapContext:
    pushfq
    .seh_stackalloc 8
    push %rbp
    .seh_pushreg %rbp
    push %rbx
    .seh_pushreg %rbx
    push %rdi
    .seh_pushreg %rdi
    push %rsi
    .seh_pushreg %rsi
    push %r12
    .seh_pushreg %r12
    push %r13
    .seh_pushreg %r13
    push %r14
    .seh_pushreg %r14
    push %r15
    .seh_pushreg %r15
    sub $KSWITCH_XMM_LENGTH, %rsp
    .seh_stackalloc KSWITCH_XMM_LENGTH
    movaps %xmm6, 0x00(%rsp)
    .seh_savexmm %xmm6, 0x00
    movaps %xmm7, 0x10(%rsp)
    .seh_savexmm %xmm7, 0x10
    movaps %xmm8, 0x20(%rsp)
    .seh_savexmm %xmm8, 0x20
    movaps %xmm9, 0x30(%rsp)
    .seh_savexmm %xmm9, 0x30
    movaps %xmm10, 0x40(%rsp)
    .seh_savexmm %xmm10, 0x40
    movaps %xmm11, 0x50(%rsp)
    .seh_savexmm %xmm11, 0x50
    movaps %xmm12, 0x60(%rsp)
    .seh_savexmm %xmm12, 0x60
    movaps %xmm13, 0x70(%rsp)
    .seh_savexmm %xmm13, 0x70
    movaps %xmm14, 0x80(%rsp)
    .seh_savexmm %xmm14, 0x80
    movaps %xmm15, 0x90(%rsp)
    .seh_savexmm %xmm15, 0x90
    .seh_endprologue
    cli
    mov %rsp, KTHREAD_KERNEL_STACK(%rcx)
    movl $0, KTHREAD_SWAP_BUSY(%rcx)
    mov KTHREAD_KERNEL_STACK(%rdx), %rsp
    movaps 0x00(%rsp), %xmm6
    movaps 0x10(%rsp), %xmm7
    movaps 0x20(%rsp), %xmm8
    movaps 0x30(%rsp), %xmm9
    movaps 0x40(%rsp), %xmm10
    movaps 0x50(%rsp), %xmm11
    movaps 0x60(%rsp), %xmm12
    movaps 0x70(%rsp), %xmm13
    movaps 0x80(%rsp), %xmm14
    movaps 0x90(%rsp), %xmm15
    add $KSWITCH_XMM_LENGTH, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rsi
    pop %rdi
    pop %rbx
    pop %rbp
    popfq
    ret
    .seh_endproc

/*
 * The return address of a new thread's first KiSwapContext (kithread.c). Entered by RET with
 * RSP = 0 (mod 16): push a null return address, which both realigns the stack for C and ends
 * stack walks, and enter KiThreadStartup.
 */
    .globl KiThreadStartupStub
KiThreadStartupStub:
    pushq $0
    jmp KiThreadStartup

/*
 * ULONG_PTR KiCallOnStack(Routine, Argument, StackBase): run Routine(Argument) on another
 * stack (the processor's DPC stack) and come back. RBP keeps the caller's stack pointer and
 * is the frame register, so unwinding from the routine returns to the caller's stack.
 */
    .globl KiCallOnStack
    .def KiCallOnStack; .scl 2; .type 32; .endef
    .seh_proc KiCallOnStack
KiCallOnStack:
    push %rbp
    .seh_pushreg %rbp
    mov %rsp, %rbp
    .seh_setframe %rbp, 0
    .seh_endprologue
    mov %r8, %rsp
    sub $32, %rsp
    mov %rcx, %rax
    mov %rdx, %rcx
    call *%rax
    mov %rbp, %rsp
    pop %rbp
    ret
    .seh_endproc
