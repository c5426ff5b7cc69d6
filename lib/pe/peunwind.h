/* SPDX-License-Identifier: MIT */
/*
 * x64 virtual unwind over an image's .pdata/.xdata, as the Windows x64 ABI defines it: enough
 * to walk a stack frame by frame (bugcheck traces, debuggers). Part of the shared PE library.
 */
#ifndef BASALT_PEUNWIND_H
#define BASALT_PEUNWIND_H

#include "pe.h"

/* Integer registers in x64 unwind-code order: RAX RCX RDX RBX RSP RBP RSI RDI R8..R15. */
#define PE_REG_RSP 4
typedef struct _PE_UNWIND_CONTEXT
{
    uint64_t Rip;
    uint64_t Gpr[16];
} PE_UNWIND_CONTEXT;

/* Reads 8 bytes of stack; returns 0 if Address may not be read. */
typedef int (*PE_READ_STACK)(void *Context, uint64_t Address, uint64_t *Value);

/* The RUNTIME_FUNCTION covering Rva, or NULL (a leaf function, or not code). */
const PE_RUNTIME_FUNCTION *PeLookupFunctionEntry(const PE_VIEW *View, uint32_t Rva);

/* Unwind one frame of the function containing Context->Rip (which must lie in View):
 * afterwards Context holds the caller's Rip, Rsp and restored non-volatile registers. */
PE_STATUS PeVirtualUnwind(const PE_VIEW *View, PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read,
                          void *ReadContext);

#define PE_UNW_FLAG_EHANDLER 1 /* the handler wants to see exceptions */
#define PE_UNW_FLAG_UHANDLER 2 /* the handler wants to see unwinds */

/* What exception dispatch needs to know about the frame it just unwound. */
typedef struct _PE_UNWIND_FRAME
{
    uint64_t EstablisherFrame; /* the frame's fixed-allocation base, as Windows defines it */
    uint32_t HandlerFlags;     /* PE_UNW_FLAG_*; 0 inside the prologue, where none applies */
    uint32_t HandlerRva;       /* language handler, valid when HandlerFlags != 0 */
    uint32_t HandlerDataRva;   /* its data (for __C_specific_handler: the scope table) */
} PE_UNWIND_FRAME;

/* PeVirtualUnwind that also reports the establisher frame and the language handler. */
PE_STATUS PeVirtualUnwindFrame(const PE_VIEW *View, PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read,
                               void *ReadContext, PE_UNWIND_FRAME *Frame);

#endif
