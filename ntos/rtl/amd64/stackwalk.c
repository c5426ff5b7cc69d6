/* SPDX-License-Identifier: MIT */
/*
 * Stack walks without frame pointers: each step is one unwind with the images' unwind data
 * (the shared PE unwinder), reading only the stacks this code runs on. The bugcheck's stack
 * trace and the exported RtlWalkFrameChain/RtlCaptureStackBackTrace all walk here.
 */
#include "ntos.h"
#include "peunwind.h"

#define RTLP_WALK_USER_MODE 1 /* RtlWalkFrameChain flag: user-mode frames, none yet */

static int
RtlpReadFrame(void *Context, uint64_t Address, uint64_t *Value)
{
    UNREFERENCED_PARAMETER(Context);
    if ((Address & 7) != 0 || !RtlpIsOnStack(Address, sizeof(ULONG64)))
        return 0;
    *Value = *(volatile ULONG64 *)(ULONG_PTR)Address;
    return 1;
}

/*
 * Record up to Count return addresses of the frames of Context, after skipping its first
 * Skip frames (frame 0 is Context->Rip itself). Ends at a frame outside every loaded module,
 * one whose unwind fails, or the null return address that ends every thread's stack.
 */
ULONG
RtlpWalkFrames(const CONTEXT *Context, ULONG Skip, PVOID *Callers, ULONG Count)
{
    PE_UNWIND_CONTEXT Unwind;
    PKLDR_MODULE Module;
    ULONG Frame, Recorded = 0;

    /* CONTEXT's Rax..R15 are the unwinder's register file, in the same order. */
    Unwind.Rip = Context->Rip;
    RtlCopyMemory(Unwind.Gpr, &Context->Rax, sizeof(Unwind.Gpr));
    for (Frame = 0; Recorded < Count && Unwind.Rip != 0; Frame++)
    {
        if (Frame >= Skip)
            Callers[Recorded++] = (PVOID)(ULONG_PTR)Unwind.Rip;
        Module = MmFindModuleByAddress(Unwind.Rip);
        if (Module == NULL || PeVirtualUnwind(&Module->View, &Unwind, RtlpReadFrame, NULL) != PE_OK)
            break;
    }
    return Recorded;
}

/* The return addresses from the caller outward. There are no user-mode frames yet. */
DECLSPEC_NOINLINE ULONG NTAPI
RtlWalkFrameChain(PVOID *Callers, ULONG Count, ULONG Flags)
{
    CONTEXT Context;

    if (Flags & RTLP_WALK_USER_MODE)
        return 0;
    RtlCaptureContext(&Context);
    return RtlpWalkFrames(&Context, 1, Callers, Count);
}

/* The hash is the sum of the captured addresses, for grouping identical traces. */
DECLSPEC_NOINLINE USHORT NTAPI
RtlCaptureStackBackTrace(ULONG FramesToSkip, ULONG FramesToCapture, PVOID *BackTrace,
                         PULONG BackTraceHash)
{
    CONTEXT Context;
    ULONG Captured, I, Hash = 0;

    RtlCaptureContext(&Context);
    Captured =
        RtlpWalkFrames(&Context, 1 + FramesToSkip, BackTrace, min(FramesToCapture, MAXUSHORT));
    for (I = 0; I < Captured; I++)
        Hash += (ULONG)(ULONG_PTR)BackTrace[I];
    if (BackTraceHash != NULL)
        *BackTraceHash = Hash;
    return (USHORT)Captured;
}

/* The base of the loaded image that contains PcValue, or NULL. */
PVOID NTAPI
RtlPcToFileHeader(PVOID PcValue, PVOID *BaseOfImage)
{
    PKLDR_MODULE Module = MmFindModuleByAddress((ULONG64)(ULONG_PTR)PcValue);

    *BaseOfImage = Module != NULL ? (PVOID)(ULONG_PTR)Module->View.LoadBase : NULL;
    return *BaseOfImage;
}
