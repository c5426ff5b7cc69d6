/* SPDX-License-Identifier: MIT */
/* Processor setup that has no compiler intrinsic: loading descriptor tables and segment
 * registers. MS x64 ABI. */
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

/*
 * KiStartupApStub: where the HAL's startup stub leaves an application processor, on
 * temporary page tables that map the kernel half, with RCX = processor number, RDX = the
 * kernel's CR3 and RSP = the top of its idle stack. CR0, CR4 and EFER are made the boot
 * processor's (SSE, write protection, no-execute) before any compiled code runs.
 */
    .globl KiStartupApStub
KiStartupApStub:
    mov %rdx, %cr3
    mov KiBootProcessorCr4(%rip), %rax
    mov %rax, %cr4
    mov KiBootProcessorCr0(%rip), %rax
    mov %rax, %cr0
    mov %rcx, %rbx
    mov $0xC0000080, %ecx
    mov KiBootProcessorEfer(%rip), %rax
    mov %rax, %rdx
    shr $32, %rdx
    wrmsr
    mov %rbx, %rcx
    and $-16, %rsp
    xor %ebp, %ebp
    sub $32, %rsp
    call KiSystemStartupAp
    ud2
