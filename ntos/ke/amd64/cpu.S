/* SPDX-License-Identifier: MIT */
/* Processor setup that has no compiler intrinsic: loading descriptor tables and segment
 * registers, and capturing the caller's registers for a stack walk. MS x64 ABI. */
#include "kasm.h"

    .text

/* VOID KiLoadGdt(PVOID Gdtr, USHORT TssSelector): install the GDT, reload every segment
 * register with NT's x64 values, load the task register. */
    .globl KiLoadGdt
    .def KiLoadGdt; .scl 2; .type 32; .endef
    .seh_proc KiLoadGdt
KiLoadGdt:
    .seh_endprologue
    lgdt (%rcx)
    ltr %dx
    mov $KGDT64_R3_DATA_RPL3, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %gs
    mov $KGDT64_R3_CMTEB_RPL3, %ax
    mov %ax, %fs
    mov $KGDT64_R0_DATA, %ax
    mov %ax, %ss
    /* Far return to reload CS. */
    pop %rax
    push $KGDT64_R0_CODE
    push %rax
    lretq
    .seh_endproc

/* VOID KiLoadIdt(PVOID Idtr) */
    .globl KiLoadIdt
    .def KiLoadIdt; .scl 2; .type 32; .endef
    .seh_proc KiLoadIdt
KiLoadIdt:
    .seh_endprologue
    lidt (%rcx)
    ret
    .seh_endproc

/* VOID KiCaptureContext(PE_UNWIND_CONTEXT *Context): the caller's registers as they are
 * right after this call returns (RIP = return address, RSP = caller's RSP). */
    .globl KiCaptureContext
    .def KiCaptureContext; .scl 2; .type 32; .endef
    .seh_proc KiCaptureContext
KiCaptureContext:
    .seh_endprologue
    mov (%rsp), %rax
    mov %rax, 0(%rcx)
    mov %rcx, 16(%rcx)
    mov %rdx, 24(%rcx)
    mov %rbx, 32(%rcx)
    lea 8(%rsp), %rax
    mov %rax, 40(%rcx)
    mov %rbp, 48(%rcx)
    mov %rsi, 56(%rcx)
    mov %rdi, 64(%rcx)
    mov %r8, 72(%rcx)
    mov %r9, 80(%rcx)
    mov %r10, 88(%rcx)
    mov %r11, 96(%rcx)
    mov %r12, 104(%rcx)
    mov %r13, 112(%rcx)
    mov %r14, 120(%rcx)
    mov %r15, 128(%rcx)
    movq $0, 8(%rcx)
    ret
    .seh_endproc
