/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the amd64 assembly files and C. Every structure offset here is checked
 * against the C definition with a static assertion in ketrap.c, so the two cannot drift.
 */
#ifndef BASALT_KASM_H
#define BASALT_KASM_H

#define KGDT64_R0_CODE 0x10
#define KGDT64_R0_DATA 0x18
#define KGDT64_R3_DATA_RPL3 0x2B
#define KGDT64_R3_CMTEB_RPL3 0x53

/* KTRAP_FRAME */
#define KTRAP_FRAME_VECTOR 0x78
#define KTRAP_FRAME_ERROR_CODE 0x80
#define KTRAP_FRAME_RIP 0x88
#define KTRAP_FRAME_LENGTH 0xB0

/* KTHREAD */
#define KTHREAD_KERNEL_STACK 0x28
#define KTHREAD_SWAP_BUSY 0x30

/* KiSwapContext's frame below its return address: XMM6-15, then R15..RBP and RFLAGS. */
#define KSWITCH_XMM_LENGTH 0xA0
#define KSWITCH_FRAME_LENGTH (KSWITCH_XMM_LENGTH + 9 * 8)

/* CONTEXT (the DDK's x64 layout) */
#define CONTEXT_FLAGS 0x30
#define CONTEXT_MXCSR 0x34
#define CONTEXT_SEG_CS 0x38
#define CONTEXT_SEG_DS 0x3A
#define CONTEXT_SEG_ES 0x3C
#define CONTEXT_SEG_FS 0x3E
#define CONTEXT_SEG_GS 0x40
#define CONTEXT_SEG_SS 0x42
#define CONTEXT_EFLAGS 0x44
#define CONTEXT_RAX 0x78
#define CONTEXT_RCX 0x80
#define CONTEXT_RDX 0x88
#define CONTEXT_RBX 0x90
#define CONTEXT_RSP 0x98
#define CONTEXT_RBP 0xA0
#define CONTEXT_RSI 0xA8
#define CONTEXT_RDI 0xB0
#define CONTEXT_R8 0xB8
#define CONTEXT_R9 0xC0
#define CONTEXT_R10 0xC8
#define CONTEXT_R11 0xD0
#define CONTEXT_R12 0xD8
#define CONTEXT_R13 0xE0
#define CONTEXT_R14 0xE8
#define CONTEXT_R15 0xF0
#define CONTEXT_RIP 0xF8
#define CONTEXT_XMM0 0x1A0
#define CONTEXT_FULL_AMD64 0x10000B

/* Vectors that push an error code. */
#define KI_VECTOR_HAS_ERROR_CODE(v)                                                            \
    ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || (v) == 14 || (v) == 17 || \
     (v) == 21 || (v) == 29 || (v) == 30)

#define KI_TRAP_STUB_SIZE 16

#endif
