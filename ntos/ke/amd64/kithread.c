/* SPDX-License-Identifier: MIT */
/*
 * A new thread's first switch-in: its stack is prepared to look as if KiSwapContext had been
 * called just before KiThreadStartupStub, with zeroed registers and interrupts off. The
 * frame sits under 56 bytes that hold KiThreadStartup's null return address and home space.
 */
#include "ki.h"
#include "kasm.h"

C_ASSERT(FIELD_OFFSET(KTHREAD, KernelStack) == KTHREAD_KERNEL_STACK);
C_ASSERT(FIELD_OFFSET(KTHREAD, SwapBusy) == KTHREAD_SWAP_BUSY);

#define KI_RFLAGS_RESERVED 0x2

extern UCHAR KiThreadStartupStub[];

VOID
KiInitializeThreadContext(PKTHREAD Thread)
{
    /* KiSwapContext's return address lies at 8 (mod 16), as after any call. */
    ULONG64 *ReturnSlot = (ULONG64 *)((ULONG_PTR)Thread->StackBase - 56);
    ULONG64 *Frame = (ULONG64 *)((PUCHAR)ReturnSlot - KSWITCH_FRAME_LENGTH);

    RtlZeroMemory(Frame, (PUCHAR)Thread->StackBase - (PUCHAR)Frame);
    ReturnSlot[0] = (ULONG64)(ULONG_PTR)KiThreadStartupStub;
    ReturnSlot[-1] = KI_RFLAGS_RESERVED;
    Thread->KernelStack = Frame;
}
