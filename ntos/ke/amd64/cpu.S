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
