/* SPDX-License-Identifier: MIT */
/*
 * Self-test helpers for code that raises or unwinds, since gcc has no __try. Their unwind
 * data is what clang emits for __try/__except, so they go through the kernel's real
 * dispatch: __C_specific_handler, RtlUnwindEx and RtlRestoreContext.
 *
 * NTSTATUS KtCallCatching(VOID (*Routine)(PVOID), PVOID Context): calls Routine(Context);
 * STATUS_SUCCESS if it returns, else the code of the exception it raised (caught as by
 * __except(EXCEPTION_EXECUTE_HANDLER)).
 *
 * ULONG64 KtCallUnwindTarget(VOID (*Routine)(PVOID, PVOID, PVOID), PVOID Context): calls
 * Routine(Context, TargetFrame, TargetIp), which is to RtlUnwind to that frame and address.
 * Returns the unwind's ReturnValue if RBX (non-volatile, clobbered by Routine) came back
 * restored, 1 if it did not, 0 if Routine returned instead.
 */
    .text

    .globl KtCallCatching
    .def KtCallCatching; .scl 2; .type 32; .endef
    .seh_proc KtCallCatching
KtCallCatching:
    .seh_handler __C_specific_handler, @except
    sub $40, %rsp
    .seh_stackalloc 40
    .seh_endprologue
    mov %rcx, %rax
    mov %rdx, %rcx
.Lcatch_begin:
    call *%rax
    nop                             /* the return address must lie inside the scope */
.Lcatch_end:
    xor %eax, %eax
    add $40, %rsp
    ret
.Lcatch_target:                     /* RtlUnwindEx lands here with the code in EAX */
    add $40, %rsp
    ret
    .seh_handlerdata
    .long 1                         /* one scope */
    .rva .Lcatch_begin
    .rva .Lcatch_end
    .long 1                         /* filter: EXCEPTION_EXECUTE_HANDLER */
    .rva .Lcatch_target
    .text
    .seh_endproc

    .globl KtCallUnwindTarget
    .def KtCallUnwindTarget; .scl 2; .type 32; .endef
    .seh_proc KtCallUnwindTarget
KtCallUnwindTarget:
    push %rbx
    .seh_pushreg %rbx
    sub $32, %rsp
    .seh_stackalloc 32
    .seh_endprologue
    movabs $0x5AFE5AFE5AFE5AFE, %rbx
    mov %rcx, %rax
    mov %rdx, %rcx                  /* Context */
    mov %rsp, %rdx                  /* TargetFrame: this frame's establisher */
    lea .Lunwind_target(%rip), %r8  /* TargetIp */
    call *%rax
    xor %eax, %eax                  /* Routine returned */
    jmp .Lunwind_out
.Lunwind_target:
    movabs $0x5AFE5AFE5AFE5AFE, %rcx
    cmp %rcx, %rbx
    je .Lunwind_out
    mov $1, %eax
.Lunwind_out:
    add $32, %rsp
    pop %rbx
    ret
    .seh_endproc
