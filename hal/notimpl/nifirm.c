/* SPDX-License-Identifier: MIT */
/*
 * Not implemented (notimpl.h): firmware environment variables (ARC and UEFI), real-mode BIOS
 * calls, which a UEFI-booted x64 system has no BIOS for, and the legacy boot display.
 */
#include "notimpl.h"

struct _X86_BIOS_REGISTERS;

ARC_STATUS NTAPI
HalGetEnvironmentVariable(PCH Variable, USHORT Length, PCH Buffer)
{
    HALP_NOT_IMPLEMENTED(HalGetEnvironmentVariable);
    return HALP_ARC_ENODEV;
}

ARC_STATUS NTAPI
HalSetEnvironmentVariable(PCH Variable, PCH Value)
{
    HALP_NOT_IMPLEMENTED(HalSetEnvironmentVariable);
    return HALP_ARC_ENODEV;
}

NTSTATUS NTAPI
HalGetEnvironmentVariableEx(PWSTR VariableName, LPGUID VendorGuid, PVOID Value, PULONG ValueLength,
                            PULONG Attributes)
{
    HALP_NOT_IMPLEMENTED(HalGetEnvironmentVariableEx);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalSetEnvironmentVariableEx(PWSTR VariableName, LPGUID VendorGuid, PVOID Value, ULONG ValueLength,
                            ULONG Attributes)
{
    HALP_NOT_IMPLEMENTED(HalSetEnvironmentVariableEx);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalEnumerateEnvironmentVariablesEx(ULONG InformationClass, PVOID Buffer, PULONG BufferLength)
{
    HALP_NOT_IMPLEMENTED(HalEnumerateEnvironmentVariablesEx);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
HalQueryEnvironmentVariableInfoEx(ULONG Attributes, PULONGLONG MaximumVariableStorageSize,
                                  PULONGLONG RemainingVariableStorageSize,
                                  PULONGLONG MaximumVariableSize)
{
    HALP_NOT_IMPLEMENTED(HalQueryEnvironmentVariableInfoEx);
    return STATUS_NOT_IMPLEMENTED;
}

BOOLEAN NTAPI
HalCallBios(ULONG BiosCommand, PULONG Eax, PULONG Ebx, PULONG Ecx, PULONG Edx, PULONG Esi,
            PULONG Edi, PULONG Ebp)
{
    HALP_NOT_IMPLEMENTED(HalCallBios);
    return FALSE;
}

NTSTATUS NTAPI
x86BiosAllocateBuffer(PULONG Size, PUSHORT Segment, PUSHORT Offset)
{
    HALP_NOT_IMPLEMENTED(x86BiosAllocateBuffer);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
x86BiosFreeBuffer(USHORT Segment, USHORT Offset)
{
    HALP_NOT_IMPLEMENTED(x86BiosFreeBuffer);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
x86BiosReadMemory(USHORT Segment, USHORT Offset, PVOID Buffer, ULONG Size)
{
    HALP_NOT_IMPLEMENTED(x86BiosReadMemory);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
x86BiosWriteMemory(USHORT Segment, USHORT Offset, PVOID Buffer, ULONG Size)
{
    HALP_NOT_IMPLEMENTED(x86BiosWriteMemory);
    return STATUS_NOT_IMPLEMENTED;
}

BOOLEAN NTAPI
x86BiosCall(ULONG InterruptNumber, struct _X86_BIOS_REGISTERS *Registers)
{
    HALP_NOT_IMPLEMENTED(x86BiosCall);
    return FALSE;
}

VOID NTAPI
HalAcquireDisplayOwnership(PHAL_RESET_DISPLAY_PARAMETERS ResetDisplayParameters)
{
    HALP_NOT_IMPLEMENTED(HalAcquireDisplayOwnership);
}

/* The sizes and position are reported as 0: out-parameters are cleared, as everywhere. */
VOID NTAPI
HalQueryDisplayParameters(PULONG WidthInCharacters, PULONG HeightInLines, PULONG CursorColumn,
                          PULONG CursorRow)
{
    HALP_NOT_IMPLEMENTED(HalQueryDisplayParameters);
    *WidthInCharacters = 0;
    *HeightInLines = 0;
    *CursorColumn = 0;
    *CursorRow = 0;
}

VOID NTAPI
HalSetDisplayParameters(ULONG CursorColumn, ULONG CursorRow)
{
    HALP_NOT_IMPLEMENTED(HalSetDisplayParameters);
}
