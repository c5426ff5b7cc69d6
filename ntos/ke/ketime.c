/* SPDX-License-Identifier: MIT */
/*
 * System time, interrupt time and tick count. Drivers read all three through DDK macros
 * straight from KUSER_SHARED_DATA, so the kernel keeps them there. The system time starts
 * from the HAL's CMOS clock at boot; the HAL's clock interrupt advances all three through
 * KeUpdateSystemTime.
 */
#include "ki.h"

#undef KeQueryInterruptTime

LARGE_INTEGER KeBootTime;
static ULONG KiTimeIncrement;

/*
 * KSYSTEM_TIME is read without a lock. x64 readers load LowPart and High1Time as one
 * 64-bit value; others compare High1Time with High2Time. Storing High2Time first and then
 * both halves at once satisfies both.
 */
static VOID
KiWriteSystemTime(volatile KSYSTEM_TIME *Target, ULONG64 Value)
{
    Target->High2Time = (LONG)(Value >> 32);
    _ReadWriteBarrier();
    *(volatile ULONG64 *)Target = Value;
}

static ULONG64
KiReadSystemTime(volatile KSYSTEM_TIME *Source)
{
    return *(volatile ULONG64 *)Source;
}

/* The HAL announces its clock period (100 ns units) before starting the clock. */
VOID NTAPI
KeSetTimeIncrement(ULONG MaximumIncrement, ULONG MinimumIncrement)
{
    UNREFERENCED_PARAMETER(MinimumIncrement);
    KiTimeIncrement = MaximumIncrement;
}

/* Runs at CLOCK_LEVEL on the processor that owns the clock. Timer expiry and quantum end
 * are left to the DISPATCH_LEVEL interrupt, which can take the dispatcher's locks. */
VOID NTAPI
KeUpdateSystemTime(struct _KTRAP_FRAME *TrapFrame, ULONG Increment)
{
    PKPRCB Prcb = KiCurrentPrcb();

    UNREFERENCED_PARAMETER(TrapFrame);
    KiWriteSystemTime(&SharedUserData->InterruptTime,
                      KiReadSystemTime(&SharedUserData->InterruptTime) + Increment);
    KiWriteSystemTime(&SharedUserData->SystemTime,
                      KiReadSystemTime(&SharedUserData->SystemTime) + Increment);
    SharedUserData->TickCountQuad++;
    if (KiTimerCount != 0)
    {
        Prcb->TimerRequest = TRUE;
        HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
    }
    KiUpdateRunTime(Prcb);
}

/* The clock tick on the other processors: only the running thread's quantum. */
VOID NTAPI
KeUpdateRunTime(struct _KTRAP_FRAME *TrapFrame)
{
    UNREFERENCED_PARAMETER(TrapFrame);
    KiUpdateRunTime(KiCurrentPrcb());
}

ULONGLONG NTAPI
KeQueryInterruptTime(VOID)
{
    return KiReadSystemTime(&SharedUserData->InterruptTime);
}

/* There is no sleep state yet, so no time spent asleep to take out. */
ULONGLONG NTAPI
KeQueryUnbiasedInterruptTime(VOID)
{
    return KeQueryInterruptTime();
}

/* 100 ns units the clock adds per tick; 0 until the clock runs. */
ULONG NTAPI
KeQueryTimeIncrement(VOID)
{
    return KiTimeIncrement;
}

VOID
KiInitializeSystemTime(VOID)
{
    TIME_FIELDS Fields;
    LARGE_INTEGER Time;

    if (!HalQueryRealTimeClock(&Fields) || !RtlTimeFieldsToTime(&Fields, &Time))
    {
        DbgPrint("Ke: no valid time in the real-time clock; system time starts at 1601-01-01\n");
        return;
    }
    KeBootTime = Time;
    KiWriteSystemTime(&SharedUserData->SystemTime, (ULONG64)Time.QuadPart);
    DbgPrint("Ke: system time %04u-%02u-%02u %02u:%02u:%02u UTC from the real-time clock\n",
             Fields.Year, Fields.Month, Fields.Day, Fields.Hour, Fields.Minute, Fields.Second);
}
