/* SPDX-License-Identifier: MIT */
/*
 * RtlCaptureContext and RtlRestoreContext: the two halves of exception dispatch that must
 * be written in assembly, since they read and load the whole register file. MS x64 ABI.
 */
#include "kasm.h"

    .text

/* VOID RtlCaptureContext(PCONTEXT Context): the caller's state as of the return from this
 * call (RIP = return address, RSP = the caller's RSP). */
    .globl RtlCaptureContext
    .def RtlCaptureContext; .scl 2; .type 32; .endef
    .seh_proc RtlCaptureContext
RtlCaptureContext:
    pushfq
    .seh_stackalloc 8
    .seh_endprologue
    mov %rax, CONTEXT_RAX(%rcx)
    mov %rcx, CONTEXT_RCX(%rcx)
    mov %rdx, CONTEXT_RDX(%rcx)
    mov %rbx, CONTEXT_RBX(%rcx)
    mov %rbp, CONTEXT_RBP(%rcx)
    mov %rsi, CONTEXT_RSI(%rcx)
    mov %rdi, CONTEXT_RDI(%rcx)
    mov %r8, CONTEXT_R8(%rcx)
    mov %r9, CONTEXT_R9(%rcx)
    mov %r10, CONTEXT_R10(%rcx)
    mov %r11, CONTEXT_R11(%rcx)
    mov %r12, CONTEXT_R12(%rcx)
    mov %r13, CONTEXT_R13(%rcx)
    mov %r14, CONTEXT_R14(%rcx)
    mov %r15, CONTEXT_R15(%rcx)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    movups %xmm\n, CONTEXT_XMM0 + 16 * \n(%rcx)
    .endr
    stmxcsr CONTEXT_MXCSR(%rcx)
    mov %cs, CONTEXT_SEG_CS(%rcx)
    mov %ds, CONTEXT_SEG_DS(%rcx)
    mov %es, CONTEXT_SEG_ES(%rcx)
    mov %fs, CONTEXT_SEG_FS(%rcx)
    mov %gs, CONTEXT_SEG_GS(%rcx)
    mov %ss, CONTEXT_SEG_SS(%rcx)
    mov (%rsp), %rax
    mov %eax, CONTEXT_EFLAGS(%rcx)
    lea 16(%rsp), %rax
    mov %rax, CONTEXT_RSP(%rcx)
    mov 8(%rsp), %rax
    mov %rax, CONTEXT_RIP(%rcx)
    movl $CONTEXT_FULL_AMD64, CONTEXT_FLAGS(%rcx)
    mov CONTEXT_RAX(%rcx), %rax
    add $8, %rsp
    ret
    .seh_endproc

/*
 * VOID RtlRestoreContext(PCONTEXT Context, PEXCEPTION_RECORD): continue at Context. The
 * target's RFLAGS, RCX and RIP are staged on the target stack just below its RSP (free
 * space by definition), so the final popfq; pop rcx; ret switches everything at once.
 */
    .globl RtlRestoreContext
    .def RtlRestoreContext; .scl 2; .type 32; .endef
    .seh_proc RtlRestoreContext
RtlRestoreContext:
    .seh_endprologue
    mov CONTEXT_RSP(%rcx), %rax
    sub $24, %rax
    mov CONTEXT_RIP(%rcx), %rdx
    mov %rdx, 16(%rax)
    mov CONTEXT_RCX(%rcx), %rdx
    mov %rdx, 8(%rax)
    mov CONTEXT_EFLAGS(%rcx), %edx
    mov %rdx, (%rax)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    movups CONTEXT_XMM0 + 16 * \n(%rcx), %xmm\n
    .endr
    ldmxcsr CONTEXT_MXCSR(%rcx)
    mov %rax, %rsp
    mov CONTEXT_RAX(%rcx), %rax
    mov CONTEXT_RDX(%rcx), %rdx
    mov CONTEXT_RBX(%rcx), %rbx
    mov CONTEXT_RBP(%rcx), %rbp
    mov CONTEXT_RSI(%rcx), %rsi
    mov CONTEXT_RDI(%rcx), %rdi
    mov CONTEXT_R8(%rcx), %r8
    mov CONTEXT_R9(%rcx), %r9
    mov CONTEXT_R10(%rcx), %r10
    mov CONTEXT_R11(%rcx), %r11
    mov CONTEXT_R12(%rcx), %r12
    mov CONTEXT_R13(%rcx), %r13
    mov CONTEXT_R14(%rcx), %r14
    mov CONTEXT_R15(%rcx), %r15
    popfq
    pop %rcx
    ret
    .seh_endproc
