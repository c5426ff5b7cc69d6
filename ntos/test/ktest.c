/* SPDX-License-Identifier: MIT */
/* The self-test runner: every suite, one line per test, then "N passed, N failed". */
#include "ntos.h"

static const KT_SUITE *const KtSuites[] = {
    &KtLdrSuite,        &KtLdrLoadSuite,     &KtMmSuite,         &KtPoolSuite,
    &KtPoolStressSuite, &KtMdlSuite,         &KtMmReserveSuite,  &KtPfnSuite,
    &KtContigSuite,     &KtKeSuite,          &KtKeThreadSuite,   &KtKeWaitSuite,
    &KtMpSuite,         &KtDispatcherSuite,  &KtExSyncSuite,     &KtPsSuite,
    &KtHalSuite,        &KtIoSuite,          &KtIoDeviceSuite,   &KtIoIrpSuite,
    &KtIoStartIoSuite,  &KtIoThreadSuite,    &KtIoFileSuite,     &KtIoMiscSuite,
    &KtIoLoadSuite,     &KtIoSupportSuite,   &KtBeepSuite,       &KtInterruptSuite,
    &KtRtlSuite,        &KtExSuite,          &KtExResourceSuite, &KtObNameSuite,
    &KtObQuerySuite,    &KtObProcedureSuite, &KtExObjectSuite,   &KtExLockSuite,
    &KtExTimeSuite,     &KtExCallbackSuite,  &KtExTimerApcSuite, &KtExMiscSuite,
    &KtSeSuite,         &KtPsProcessSuite,   &KtFaultSuite,      &KtCmSuite};

static VOID (*const KtPrepares[])(VOID) = {KtObProcedurePrepare};

VOID
KtFail(PKT_CONTEXT Context, PCSTR File, ULONG Line, PCSTR Format, ...)
{
    SIZE_T Used;
    va_list Args;

    /* The first failure is the informative one: later checks may only be its consequences. */
    if (Context->Failed)
        return;
    Context->Failed = TRUE;
    va_start(Args, Format);
    Used = RtlFormatStringV(Context->Reason, sizeof(Context->Reason), Format, Args);
    va_end(Args);
    if (Used < sizeof(Context->Reason))
        RtlFormatString(Context->Reason + Used, sizeof(Context->Reason) - Used, " (%s:%u)", File,
                        Line);
}

static VOID
KtRunSuite(const KT_SUITE *Suite, PULONG Passed, PULONG Failed)
{
    KT_CONTEXT Context;
    ULONG T;

    for (T = 0; T < Suite->Count; T++)
    {
        const KT_TEST *Test = &Suite->Tests[T];

        RtlZeroMemory(&Context, sizeof(Context));
        Test->Routine(&Context);
        if (Context.Failed)
        {
            DbgPrint("[FAIL] %s: %s: %s\n", Suite->Subsystem, Test->Name, Context.Reason);
            (*Failed)++;
        }
        else
        {
            DbgPrint("[ OK ] %s: %s\n", Suite->Subsystem, Test->Name);
            (*Passed)++;
        }
    }
}

BOOLEAN
KtRunSelfTests(VOID)
{
    ULONG Passed = 0, Failed = 0, S;

    DbgPrint("Running self-tests\n");
    KeSetSystemAffinityThreadEx(1);
    for (S = 0; S < RTL_NUMBER_OF(KtPrepares); S++)
        KtPrepares[S]();
    KtPoolLeakBegin();
    for (S = 0; S < RTL_NUMBER_OF(KtSuites); S++)
        KtRunSuite(KtSuites[S], &Passed, &Failed);
    KtRunDriverTests(&Passed, &Failed);
    if (ExpBootOption("STRESS", NULL, 0))
        KtRunSuite(&KtStressSuite, &Passed, &Failed);
    KtRunSuite(&KtPoolLeakSuite, &Passed, &Failed);
    KeRevertToUserAffinityThreadEx(0);
    DbgPrint("%u passed, %u failed\n", Passed, Failed);
    return Failed == 0;
}
