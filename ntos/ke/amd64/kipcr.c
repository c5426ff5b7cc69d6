/* SPDX-License-Identifier: MIT */
/*
 * The processor control region. GS points at each processor's KIPCR in kernel mode, as on
 * NT x64, so code built against the DDK reads the current thread and processor number with
 * single GS-relative loads at the offsets asserted here.
 */
#include "ki.h"

#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102

C_ASSERT(FIELD_OFFSET(KIPCR, Prcb) == 0x180);
C_ASSERT(FIELD_OFFSET(KIPCR, Prcb.CurrentThread) == 0x188);
C_ASSERT(FIELD_OFFSET(KIPCR, Prcb.LegacyNumber) == 0x184);
C_ASSERT(FIELD_OFFSET(KIPCR, Pcr.Self) == 0x18);
C_ASSERT(FIELD_OFFSET(KIPCR, Pcr.CurrentPrcb) == 0x20);
C_ASSERT(FIELD_OFFSET(KIPCR, Pcr.Irql) == 0x50);

VOID
KiInitializePcr(PKIPCR Pcr, ULONG Number, PKTHREAD InitialThread)
{
    RtlZeroMemory(Pcr, sizeof(*Pcr));
    Pcr->Pcr.Self = &Pcr->Pcr;
    Pcr->Pcr.CurrentPrcb = &Pcr->Prcb;
    Pcr->Pcr.MajorVersion = PCR_MAJOR_VERSION;
    Pcr->Pcr.MinorVersion = PCR_MINOR_VERSION;
    Pcr->Prcb.Number = Number;
    Pcr->Prcb.LegacyNumber = (UCHAR)Number;
    Pcr->Prcb.CurrentThread = InitialThread;
    Pcr->Prcb.IdleThread = InitialThread;
    InitializeListHead(&Pcr->Prcb.DpcData[DPC_NORMAL].DpcListHead);
    InitializeListHead(&Pcr->Prcb.DpcData[DPC_THREADED].DpcListHead);
    InitialThread->ProcessorNumber = Number;

    /* Loading a data selector into GS clears its base: this must follow KiLoadGdt. */
    __writemsr(MSR_GS_BASE, (ULONG64)(ULONG_PTR)Pcr);
    __writemsr(MSR_KERNEL_GS_BASE, 0);
}

PKIPCR
KiGetPcr(VOID)
{
    return (PKIPCR)__readgsqword(FIELD_OFFSET(KPCR, Self));
}

PKTHREAD NTAPI
KeGetCurrentThread(VOID)
{
    return (PKTHREAD)__readgsqword(FIELD_OFFSET(KIPCR, Prcb.CurrentThread));
}

ULONG NTAPI
KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    ULONG Number = KiGetPcr()->Prcb.Number;

    if (ProcNumber != NULL)
    {
        ProcNumber->Group = 0;
        ProcNumber->Number = (UCHAR)Number;
        ProcNumber->Reserved = 0;
    }
    return Number;
}

ULONG NTAPI
KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
    KAFFINITY Active = KeActiveProcessors;

    if (ActiveProcessors != NULL)
        *ActiveProcessors = Active;
    return (ULONG)__popcnt64(Active);
}

ULONG NTAPI
KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    return GroupNumber == 0 || GroupNumber == ALL_PROCESSOR_GROUPS
               ? KeQueryActiveProcessorCount(NULL)
               : 0;
}
