/* SPDX-License-Identifier: MIT */
/*
 * The application processors' startup stub. halmp.c copies it to a page below 1 MiB and
 * patches the fields at its end; a STARTUP IPI begins it in real mode at offset 0 of that
 * page (CS = page >> 4). It goes straight to long mode on temporary page tables that map
 * the first 2 MiB executable (the loader's identity map is no-execute) and the kernel half,
 * says it arrived, and jumps to the kernel's entry with RCX = argument, RDX = the kernel's
 * CR3 and RSP = stack. Data is addressed relative to the copy: DS-relative in real mode,
 * RIP-relative in long mode.
 */
#define STUB_OFFSET(label) (label - HalpApStub)

    .text
    .globl HalpApStub
    .code16
HalpApStub:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    lgdtl STUB_OFFSET(HalpApStubGdtr)
    mov %cr4, %eax
    or $0x20, %eax /* PAE */
    mov %eax, %cr4
    movl STUB_OFFSET(HalpApStubPml4), %eax
    mov %eax, %cr3
    mov $0xC0000080, %ecx /* EFER */
    rdmsr
    or $0x900, %eax /* LME | NXE */
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax /* PG | PE */
    mov %eax, %cr0
    ljmpl *STUB_OFFSET(HalpApStubFarJump)

    .code64
    .globl HalpApStub64
HalpApStub64:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    movl $1, HalpApStubStarted(%rip)
    mov HalpApStubStack(%rip), %rsp
    mov HalpApStubArgument(%rip), %rcx
    mov HalpApStubCr3(%rip), %rdx
    jmp *HalpApStubEntry(%rip)

    .balign 8
    .globl HalpApStubGdt
HalpApStubGdt:
    .quad 0
    .quad 0x00AF9A000000FFFF /* 0x08: 64-bit code */
    .quad 0x00CF92000000FFFF /* 0x10: data */
    .globl HalpApStubGdtr
HalpApStubGdtr:
    .word 23
    .long 0 /* patched: linear address of HalpApStubGdt */
    .globl HalpApStubFarJump
HalpApStubFarJump:
    .long 0 /* patched: linear address of HalpApStub64 */
    .word 0x08
    .globl HalpApStubPml4
HalpApStubPml4:
    .long 0
    .balign 8
    .globl HalpApStubEntry
HalpApStubEntry:
    .quad 0
    .globl HalpApStubCr3
HalpApStubCr3:
    .quad 0
    .globl HalpApStubStack
HalpApStubStack:
    .quad 0
    .globl HalpApStubArgument
HalpApStubArgument:
    .quad 0
    .globl HalpApStubStarted
HalpApStubStarted:
    .long 0
    .globl HalpApStubEnd
HalpApStubEnd:
