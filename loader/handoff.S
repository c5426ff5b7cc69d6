/* SPDX-License-Identifier: MIT */
/*
 * LdrTransferToKernel(Cr3, StackTop, Entry, LoaderBlock) - SysV arguments rdi, rsi, rdx, rcx.
 * Enables NX and supervisor write protection, switches to the kernel's page tables and stack,
 * and calls KiSystemStartup(LoaderBlock) with the Microsoft x64 convention. This code runs
 * from the identity-mapped loader image, which the new tables map executable.
 */
    .text
    .globl LdrTransferToKernel
    .type LdrTransferToKernel, @function
LdrTransferToKernel:
    cli
    mov %rdx, %r8               /* entry */
    mov %rcx, %r9               /* loader block */
    mov $0xC0000080, %ecx       /* IA32_EFER */
    rdmsr
    or $0x800, %eax             /* NXE */
    wrmsr
    mov %rdi, %cr3
    mov %cr0, %rax
    or $0x10000, %rax           /* WP: ring 0 honours read-only pages */
    mov %rax, %cr0
    mov %rsi, %rsp
    xor %ebp, %ebp
    mov %r9, %rcx               /* first MS x64 argument */
    sub $32, %rsp               /* shadow space; RSP stays 16-aligned before the call */
    call *%r8
1:  hlt
    jmp 1b
    .size LdrTransferToKernel, .-LdrTransferToKernel
    .section .note.GNU-stack,"",@progbits
