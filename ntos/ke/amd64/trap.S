/* SPDX-License-Identifier: MIT */
/*
 * Trap entry. One 16-byte stub per IDT vector pushes a zero error code where the processor
 * does not, then the vector, and joins KiTrapCommon, which saves the integer registers into
 * a KTRAP_FRAME and calls KiDispatchTrap(TrapFrame). The .seh directives describe the
 * machine frame so the unwinder can walk from a handler back into the interrupted code.
 */
#include "kasm.h"

    .text
    .balign 16
    .globl KiTrapStubs
KiTrapStubs:
    .set vector, 0
    .rept 256
    .balign KI_TRAP_STUB_SIZE
    .if KI_VECTOR_HAS_ERROR_CODE(vector) == 0
    pushq $0
    .endif
    pushq $vector
    jmp KiTrapCommon
    .set vector, vector + 1
    .endr

    .globl KiTrapCommon
    .def KiTrapCommon; .scl 2; .type 32; .endef
    .seh_proc KiTrapCommon
KiTrapCommon:
    .seh_pushframe code
    .seh_stackalloc 8
    push %r15
    .seh_pushreg %r15
    push %r14
    .seh_pushreg %r14
    push %r13
    .seh_pushreg %r13
    push %r12
    .seh_pushreg %r12
    push %r11
    .seh_pushreg %r11
    push %r10
    .seh_pushreg %r10
    push %r9
    .seh_pushreg %r9
    push %r8
    .seh_pushreg %r8
    push %rdi
    .seh_pushreg %rdi
    push %rsi
    .seh_pushreg %rsi
    push %rbp
    .seh_pushreg %rbp
    push %rbx
    .seh_pushreg %rbx
    push %rdx
    .seh_pushreg %rdx
    push %rcx
    .seh_pushreg %rcx
    push %rax
    .seh_pushreg %rax
    mov %rsp, %rbx
    .seh_setframe %rbx, 0
    .seh_endprologue
    cld
    mov %rsp, %rcx
    and $-16, %rsp
    sub $32, %rsp
    call KiDispatchTrap
    mov %rbx, %rsp
    pop %rax
    pop %rcx
    pop %rdx
    pop %rbx
    pop %rbp
    pop %rsi
    pop %rdi
    pop %r8
    pop %r9
    pop %r10
    pop %r11
    pop %r12
    pop %r13
    pop %r14
    pop %r15
    add $16, %rsp
    iretq
    .seh_endproc
