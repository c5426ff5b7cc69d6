/* SPDX-License-Identifier: MIT */
/* Ke self-tests: the descriptor tables are NT's, and a stack walk through the images'
 * unwind data gets from a nested call back to its callers. */
#include "ntos.h"
#include "peunwind.h"

VOID KiCaptureContext(PE_UNWIND_CONTEXT *Context);

static VOID
KtSegmentsAreNt(PKT_CONTEXT Context)
{
    USHORT Cs, Ss, Ds, Tr;

    __asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2; str %3"
                     : "=r"(Cs), "=r"(Ss), "=r"(Ds), "=r"(Tr));
    KT_CHECK(Context, Cs == KGDT64_R0_CODE && Ss == KGDT64_R0_DATA, "cs %x ss %x", Cs, Ss);
    KT_CHECK(Context, Ds == (KGDT64_R3_DATA | 3) && Tr == KGDT64_SYS_TSS, "ds %x tr %x", Ds, Tr);
}

static int
KtReadStack(void *Context, uint64_t Address, uint64_t *Value)
{
    UNREFERENCED_PARAMETER(Context);
    if (Address < KeLoaderBlock->KernelStackBase || Address + 8 > KeLoaderBlock->KernelStackLimit)
        return 0;
    *Value = *(ULONG64 *)(ULONG_PTR)Address;
    return 1;
}

static DECLSPEC_NOINLINE VOID
KtWalkFrom(PE_UNWIND_CONTEXT *Unwind, ULONG64 *Callers, ULONG Count)
{
    PKLDR_MODULE Module;
    ULONG I;

    KiCaptureContext(Unwind);
    for (I = 0; I < Count; I++)
    {
        Module = MmFindModuleByAddress(Unwind->Rip);
        if (Module == NULL || PeVirtualUnwind(&Module->View, Unwind, KtReadStack, NULL) != PE_OK)
            break;
        Callers[I] = Unwind->Rip;
    }
}

static DECLSPEC_NOINLINE VOID
KtNestedCall(PE_UNWIND_CONTEXT *Unwind, ULONG64 *Callers, ULONG Count)
{
    volatile UCHAR Frame[200];

    Frame[0] = 1;
    KtWalkFrom(Unwind, Callers, Count);
    Frame[1] = Frame[0];
}

static VOID
KtUnwindWalksCallers(PKT_CONTEXT Context)
{
    PE_UNWIND_CONTEXT Unwind;
    ULONG64 Callers[3] = {0};
    PKLDR_MODULE Kernel = MmLoadedModule(0);
    const PE_RUNTIME_FUNCTION *Function;

    KtNestedCall(&Unwind, Callers, RTL_NUMBER_OF(Callers));
    /* Callers[0] is in KtNestedCall, Callers[1] in this function. */
    Function = PeLookupFunctionEntry(&Kernel->View, (ULONG)(Callers[0] - Kernel->View.LoadBase));
    KT_CHECK(Context,
             Function != NULL && Kernel->View.LoadBase + Function->BeginAddress ==
                                     (ULONG64)(ULONG_PTR)&KtNestedCall,
             "first caller %p is not in KtNestedCall", (PVOID)Callers[0]);
    Function = PeLookupFunctionEntry(&Kernel->View, (ULONG)(Callers[1] - Kernel->View.LoadBase));
    KT_CHECK(Context,
             Function != NULL && Kernel->View.LoadBase + Function->BeginAddress ==
                                     (ULONG64)(ULONG_PTR)&KtUnwindWalksCallers,
             "second caller %p is not in KtUnwindWalksCallers", (PVOID)Callers[1]);
}

static const KT_TEST KtKeTests[] = {
    {"segment registers hold NT's x64 selectors", KtSegmentsAreNt},
    {"unwind data walks the stack back to the callers", KtUnwindWalksCallers},
};

const KT_SUITE KtKeSuite = {"Ke", KtKeTests, RTL_NUMBER_OF(KtKeTests)};
