/* SPDX-License-Identifier: MIT */
/*
 * Small processor-level exports: the write-buffer flush, the idle halt, the processor count
 * the platform can reach, and the vector-to-IRQL rule of x64 NT (include/halkrnl.h).
 */
#include "halp.h"

/* Stores to write-back memory are already ordered on x64; the fence also drains the
 * write-combining buffers, the only ones a caller flushing before device access can mean. */
VOID NTAPI
KeFlushWriteBuffer(VOID)
{
    _mm_sfence();
}

/* Called by the idle loop with interrupts disabled: returns after the next interrupt. sti and
 * hlt are one statement so nothing lands in sti's one-instruction interrupt shadow, where a
 * wakeup interrupt would be taken before the hlt and then slept through. */
VOID NTAPI
HalProcessorIdle(VOID)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

/* Processors enabled in the MADT (1 without one), capped at what the kernel can number.
 * Basalt supports no processor hot-add, so none can appear later. */
ULONG NTAPI
HalQueryMaximumProcessorCount(VOID)
{
    HAL_ACPI_INFORMATION Info = {.Size = sizeof(Info)};
    ULONG Count;

    if (!NT_SUCCESS(HalQueryAcpiInformation(&Info)) || Info.ProcessorCount == 0)
        return 1;
    Count = min(Info.ProcessorCount, HAL_ACPI_MAX_APIC_IDS);
    return min(Count, MAXIMUM_PROCESSORS);
}

/* Not in the DDK headers (prototype as Windows 7's hal.dll exports it). */
KIRQL NTAPI
HalConvertDeviceIdtToIrql(ULONG Vector)
{
    return (KIRQL)(Vector >> 4);
}
