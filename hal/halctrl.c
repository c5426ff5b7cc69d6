/* SPDX-License-Identifier: MIT */
/*
 * HalQueryControllerInformation: what phase 1 set up (local APIC mode, I/O APICs, HPET, the
 * clock calibration), for the kernel and its self-tests.
 */
#include "halp.h"

C_ASSERT(HAL_MAX_IOAPICS == ACPI_MAX_IOAPICS);

NTSTATUS NTAPI
HalQueryControllerInformation(PHAL_CONTROLLER_INFORMATION Information)
{
    ULONG I;

    if (Information->Size != sizeof(*Information))
        return STATUS_INFO_LENGTH_MISMATCH;
    RtlZeroMemory(Information, sizeof(*Information));
    Information->Size = sizeof(*Information);
    if (HalpApicMode == HalpX2Apic)
        Information->Flags |= HAL_CONTROLLER_X2APIC;
    if (HalpApicMode != HalpNoApic)
        Information->ApicId = HalpApicId();
    if (HalpHpetUsable)
    {
        Information->Flags |= HAL_CONTROLLER_HPET;
        Information->HpetAddress = HalpAcpi.Hpet.Address;
        Information->HpetPeriodFs = HalpHpetPeriodFs;
    }
    Information->CalibrationReference = HalpClockCalibration.Reference;
    Information->CalibrationWindowNs = HalpClockCalibration.WindowNs;
    Information->ApicTimerFrequency = HalpClockCalibration.ApicTimerFrequency;
    Information->TscFrequency = HalpClockCalibration.TscFrequency;
    Information->IoApicCount = HalpIoApicCount;
    for (I = 0; I < HalpIoApicCount; I++)
    {
        Information->IoApics[I].Address = HalpIoApics[I].Address;
        Information->IoApics[I].GsiBase = HalpIoApics[I].GsiBase;
        Information->IoApics[I].Inputs = HalpIoApics[I].Inputs;
        Information->IoApics[I].Id = HalpIoApics[I].Id;
        Information->IoApics[I].Version = HalpIoApics[I].Version;
    }
    return STATUS_SUCCESS;
}
