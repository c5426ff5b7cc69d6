/* SPDX-License-Identifier: MIT */
/*
 * Processor groups and numbers as drivers query them. Basalt has one group (at most 64
 * processors) and one NUMA node, and no hot-added processors: the maximum is what was
 * started at boot, so per-processor arrays sized from it during DriverEntry stay valid.
 */
#include "ki.h"

#define KI_CACHE_LINE_FALLBACK 64

KAFFINITY NTAPI
KeQueryActiveProcessors(VOID)
{
    return KeActiveProcessors;
}

ULONG NTAPI
KeQueryMaximumProcessorCount(VOID)
{
    return KiProcessorCount;
}

ULONG NTAPI
KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    return GroupNumber == 0 || GroupNumber == ALL_PROCESSOR_GROUPS ? KiProcessorCount : 0;
}

USHORT NTAPI
KeQueryActiveGroupCount(VOID)
{
    return 1;
}

USHORT NTAPI
KeQueryMaximumGroupCount(VOID)
{
    return 1;
}

KAFFINITY NTAPI
KeQueryGroupAffinity(USHORT GroupNumber)
{
    return GroupNumber == 0 ? KeActiveProcessors : 0;
}

USHORT NTAPI
KeQueryHighestNodeNumber(VOID)
{
    return 0;
}

VOID NTAPI
KeQueryNodeActiveAffinity(USHORT NodeNumber, PGROUP_AFFINITY Affinity, PUSHORT Count)
{
    KAFFINITY Mask = NodeNumber == 0 ? KeActiveProcessors : 0;

    if (Affinity != NULL)
    {
        RtlZeroMemory(Affinity, sizeof(*Affinity));
        Affinity->Mask = Mask;
    }
    if (Count != NULL)
        *Count = (USHORT)__popcnt64(Mask);
}

/* INVALID_PROCESSOR_INDEX for a processor that does not exist, as Windows returns. */
ULONG NTAPI
KeGetProcessorIndexFromNumber(PPROCESSOR_NUMBER ProcNumber)
{
    if (ProcNumber->Group != 0 || ProcNumber->Number >= KiProcessorCount)
        return INVALID_PROCESSOR_INDEX;
    return ProcNumber->Number;
}

NTSTATUS NTAPI
KeGetProcessorNumberFromIndex(ULONG ProcIndex, PPROCESSOR_NUMBER ProcNumber)
{
    if (ProcIndex >= KiProcessorCount)
        return STATUS_INVALID_PARAMETER;
    ProcNumber->Group = 0;
    ProcNumber->Number = (UCHAR)ProcIndex;
    ProcNumber->Reserved = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
KeSetTargetProcessorDpcEx(PKDPC Dpc, PPROCESSOR_NUMBER ProcNumber)
{
    if (ProcNumber->Group != 0 || ProcNumber->Number >= KiProcessorCount ||
        ProcNumber->Reserved != 0)
        return STATUS_INVALID_PARAMETER;
    KeSetTargetProcessorDpc(Dpc, (CCHAR)ProcNumber->Number);
    return STATUS_SUCCESS;
}

/* The line size CPUID reports for CLFLUSH, the unit of false sharing. */
ULONG NTAPI
KeGetRecommendedSharedDataAlignment(VOID)
{
    int Registers[4];
    ULONG Line;

    __cpuid(Registers, 1);
    Line = (((ULONG)Registers[1] >> 8) & 0xFF) * 8;
    return Line != 0 ? Line : KI_CACHE_LINE_FALLBACK;
}
