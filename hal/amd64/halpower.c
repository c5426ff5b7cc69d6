/* SPDX-License-Identifier: MIT */
/*
 * Power-off: ACPI S5 through the fixed hardware (ACPI 6.5, 4.8.3.2 and 7.4.2), the sequence
 * ACPICA's legacy sleep path uses. ACPI mode is switched on first if SCI_EN is clear (write
 * ACPI_ENABLE to SMI_CMD, wait up to a second), WAK_STS is cleared, SLP_TYPx is written into
 * PM1a and PM1b control with their other bits preserved, then the same value with SLP_EN.
 * On hardware-reduced ACPI the sleep control register takes SLP_TYPx and SLP_EN instead.
 * The sleep types come from the \_S5 package (hal/acpi/acpisleep.c). Whatever stands in the
 * way is logged, and the caller halts.
 */
#include "halp.h"

#define PM1_SCI_EN 0x0001u
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1u << 13)
#define PM1_WAK_STS (1u << 15)
#define SLEEP_CONTROL_TYP_SHIFT 2
#define SLEEP_CONTROL_SLP_EN (1u << 5)
#define SLEEP_STATUS_WAK_STS 0x80u

#define ACPI_ENABLE_WAIT_MS 1000
#define POWER_OFF_WAIT_US 2000000

/* Why S5 cannot be requested, or NULL when it can. */
PCSTR
HalpPowerOffProblem(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;

    if (!HalpAcpiUsable)
        return "no usable ACPI tables";
    if (!HalpAcpi.HaveFadt)
        return "no usable FADT";
    if (!HalpAcpi.HaveS5)
        return "no \\_S5 package found in the DSDT or SSDTs";
    if (Fadt->Flags & ACPI_FADT_HW_REDUCED)
        return HalpAcpiRegisterReachable(&Fadt->SleepControl, 8)
                   ? NULL
                   : "hardware-reduced ACPI without a reachable sleep control register";
    if (!HalpAcpiRegisterReachable(&Fadt->Pm1aControl, 16))
        return "the PM1a control block is missing or unreachable";
    if (Fadt->Pm1bControl.Address != 0 && !HalpAcpiRegisterReachable(&Fadt->Pm1bControl, 16))
        return "the PM1b control block is unreachable";
    return NULL;
}

static VOID
HalpEnableAcpiMode(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    ULONG Control, Waited;

    if (!HalpReadAcpiRegister(&Fadt->Pm1aControl, 16, &Control) || (Control & PM1_SCI_EN) ||
        Fadt->SmiCommand == 0 || Fadt->SmiCommand > 0xFFFF || Fadt->AcpiEnable == 0)
        return;
    __outbyte((USHORT)Fadt->SmiCommand, Fadt->AcpiEnable);
    for (Waited = 0; Waited < ACPI_ENABLE_WAIT_MS; Waited++)
    {
        if (HalpReadAcpiRegister(&Fadt->Pm1aControl, 16, &Control) && (Control & PM1_SCI_EN))
            return;
        KeStallExecutionProcessor(1000);
    }
    DbgPrint("HAL: ACPI: SCI_EN still clear after ACPI_ENABLE; requesting S5 anyway\n");
}

static VOID
HalpPm1SleepS5(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;
    const ACPI_GAS *Control[2] = {&Fadt->Pm1aControl, &Fadt->Pm1bControl};
    const ACPI_GAS *Status[2] = {&Fadt->Pm1aEvent, &Fadt->Pm1bEvent};
    ULONG Type[2] = {HalpAcpi.S5.TypeA, HalpAcpi.S5.TypeB};
    ULONG Value[2] = {0, 0};
    ULONG I;

    HalpEnableAcpiMode();
    for (I = 0; I < 2; I++)
    {
        HalpWriteAcpiRegister(Status[I], 16, PM1_WAK_STS);
        if (HalpReadAcpiRegister(Control[I], 16, &Value[I]))
        {
            Value[I] &= ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);
            Value[I] |= Type[I] << PM1_SLP_TYP_SHIFT;
            HalpWriteAcpiRegister(Control[I], 16, Value[I]);
        }
    }
    for (I = 0; I < 2; I++)
        HalpWriteAcpiRegister(Control[I], 16, Value[I] | PM1_SLP_EN);
}

static VOID
HalpSleepControlS5(VOID)
{
    const ACPI_FADT_INFO *Fadt = &HalpAcpi.Fadt;

    HalpWriteAcpiRegister(&Fadt->SleepStatus, 8, SLEEP_STATUS_WAK_STS);
    HalpWriteAcpiRegister(&Fadt->SleepControl, 8,
                          ((ULONG)HalpAcpi.S5.TypeA << SLEEP_CONTROL_TYP_SHIFT) |
                              SLEEP_CONTROL_SLP_EN);
}

/* Returns only when the machine could not be powered off, after logging why. Interrupts are
 * left disabled. */
VOID
HalpPowerOff(VOID)
{
    PCSTR Problem = HalpPowerOffProblem();

    if (Problem != NULL)
    {
        DbgPrint("HAL: cannot power off: %s\n", Problem);
        return;
    }
    DbgPrint("HAL: powering off (ACPI S5, SLP_TYPa %u, SLP_TYPb %u)\n", HalpAcpi.S5.TypeA,
             HalpAcpi.S5.TypeB);
    _disable();
    if (HalpAcpi.Fadt.Flags & ACPI_FADT_HW_REDUCED)
        HalpSleepControlS5();
    else
        HalpPm1SleepS5();
    KeStallExecutionProcessor(POWER_OFF_WAIT_US);
    DbgPrint("HAL: cannot power off: the machine is still running after the S5 request\n");
}
