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

/* Vectors that push an error code. */
#define KI_VECTOR_HAS_ERROR_CODE(v)                                                            \
    ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || (v) == 14 || (v) == 17 || \
     (v) == 21 || (v) == 29 || (v) == 30)

#define KI_TRAP_STUB_SIZE 16

#endif
