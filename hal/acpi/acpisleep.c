/* SPDX-License-Identifier: MIT */
/*
 * \_Sx sleep types without an AML interpreter: a bounded pattern match over a definition
 * block (DSDT or SSDT), as many small kernels do. It recognises exactly the form iASL and
 * firmware emit for a static package,
 *
 *     NameOp ['\'] "_Sx_" PackageOp PkgLength NumElements Integer [Integer ...]
 *
 * where each Integer is ZeroOp, OneOp or a Byte/Word/DWord/QWordPrefix constant; the first
 * is SLP_TYPa, the second SLP_TYPb. A one-element package is the old packed form (SLP_TYPa in
 * bits 0-7, SLP_TYPb in bits 8-15), as ACPICA accepts. Every read is bounded by the package
 * length and the table length; a candidate that does not parse is remembered and the scan
 * goes on, so a stray "_S5_" elsewhere cannot hide a good definition after it.
 *
 * Limits: the first matching definition wins whatever the AML around it would do, so an \_S5
 * chosen at run time (inside If/Else, or returned by a Method) is not understood; elements
 * that are named objects or expressions are rejected; a name path with parent prefixes or
 * multiple segments is not matched; and the byte pattern could in principle occur inside a
 * buffer or string. A full interpreter replaces this when the HAL needs more of the AML.
 */
#include "acpip.h"

#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C
#define AML_QWORD_PREFIX 0x0E
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR 0x5C

#define SLP_TYP_MAX 7

/* An integer constant at Aml[*Offset], below End; advances *Offset past it. */
static bool
AmlInteger(const uint8_t *Aml, uint32_t *Offset, uint32_t End, uint64_t *Value)
{
    uint32_t Size;

    if (*Offset >= End)
        return false;
    switch (Aml[*Offset])
    {
        case AML_ZERO_OP:
        case AML_ONE_OP:
            *Value = Aml[(*Offset)++];
            return true;
        case AML_BYTE_PREFIX:
            Size = 1;
            break;
        case AML_WORD_PREFIX:
            Size = 2;
            break;
        case AML_DWORD_PREFIX:
            Size = 4;
            break;
        case AML_QWORD_PREFIX:
            Size = 8;
            break;
        default:
            return false;
    }
    if (End - *Offset - 1 < Size)
        return false;
    *Value = 0;
    for (uint32_t i = 0; i < Size; i++)
        *Value |= (uint64_t)Aml[*Offset + 1 + i] << (8 * i);
    *Offset += 1 + Size;
    return true;
}

/* PkgLength (ACPI 6.5, 20.2.4) at Aml[*Offset]: the length counts its own encoding, so the
 * package ends at *Offset + length. Advances *Offset past the encoding. */
static bool
AmlPackageLength(const uint8_t *Aml, uint32_t *Offset, uint32_t Limit, uint32_t *End)
{
    uint32_t Start = *Offset, Lead, Bytes, Length;

    if (Start >= Limit)
        return false;
    Lead = Aml[Start];
    Bytes = Lead >> 6;
    if (Limit - Start < 1 + Bytes)
        return false;
    if (Bytes == 0)
        Length = Lead & 0x3F;
    else if (Lead & 0x30)
        return false; /* reserved bits of a multi-byte encoding */
    else
    {
        Length = Lead & 0x0F;
        for (uint32_t i = 1; i <= Bytes; i++)
            Length |= (uint32_t)Aml[Start + i] << (4 + 8 * (i - 1));
    }
    if (Length < 1 + Bytes || Length > Limit - Start)
        return false;
    *Offset = Start + 1 + Bytes;
    *End = Start + Length;
    return true;
}

/* The package after a matched name at Offset. ACPI_E_NOT_FOUND when no PackageOp follows
 * (a reference, not a definition). */
static ACPI_STATUS
AmlSleepPackage(const uint8_t *Aml, uint32_t Offset, uint32_t Limit, ACPI_SLEEP_TYPE *Sleep)
{
    uint32_t End, Count;
    uint64_t TypeA, TypeB;

    if (Offset >= Limit || Aml[Offset] != AML_PACKAGE_OP)
        return ACPI_E_NOT_FOUND;
    Offset++;
    if (!AmlPackageLength(Aml, &Offset, Limit, &End) || Offset >= End)
        return ACPI_E_BAD_ENTRY;
    Count = Aml[Offset++];
    if (Count == 0 || !AmlInteger(Aml, &Offset, End, &TypeA))
        return ACPI_E_BAD_ENTRY;
    if (Count == 1)
    {
        TypeB = (TypeA >> 8) & 0xFF;
        TypeA &= 0xFF;
    }
    else if (!AmlInteger(Aml, &Offset, End, &TypeB))
        return ACPI_E_BAD_ENTRY;
    if (TypeA > SLP_TYP_MAX || TypeB > SLP_TYP_MAX)
        return ACPI_E_BAD_VALUE;
    Sleep->TypeA = (uint8_t)TypeA;
    Sleep->TypeB = (uint8_t)TypeB;
    return ACPI_OK;
}

/* Whether the name at Offset is the object of a NameOp, optionally rooted with '\'. */
static bool
AmlNamedHere(const uint8_t *Table, uint32_t Offset)
{
    uint32_t Prefix = Offset - 1;

    if (Table[Prefix] == AML_ROOT_CHAR)
    {
        if (Prefix == ACPI_HEADER_LENGTH)
            return false;
        Prefix--;
    }
    return Table[Prefix] == AML_NAME_OP;
}

/* Finds the \_Sx package (State 0-5) in a validated DSDT or SSDT. ACPI_E_NOT_FOUND when there
 * is none; when only malformed candidates exist, the last one's status and offset. */
ACPI_STATUS
AcpiFindSleepType(const uint8_t *Table, uint32_t Length, unsigned State, ACPI_SLEEP_TYPE *Sleep,
                  uint32_t *FaultOffset)
{
    const uint8_t Name[4] = {'_', 'S', (uint8_t)('0' + State), '_'};
    ACPI_STATUS Result = ACPI_E_NOT_FOUND, Status;

    RtlFillBytes(Sleep, sizeof(*Sleep), 0);
    *FaultOffset = ACPI_NO_OFFSET;
    if (State > 5 || Length <= ACPI_HEADER_LENGTH)
        return ACPI_E_NOT_FOUND;
    for (uint32_t Offset = ACPI_HEADER_LENGTH + 1; Length - Offset >= 4; Offset++)
    {
        if (!AcpiSignatureIs(Table + Offset, (const char *)Name) || !AmlNamedHere(Table, Offset))
            continue;
        Status = AmlSleepPackage(Table, Offset + 4, Length, Sleep);
        if (Status == ACPI_OK)
            return ACPI_OK;
        if (Status != ACPI_E_NOT_FOUND)
        {
            Result = Status;
            *FaultOffset = Offset;
        }
    }
    RtlFillBytes(Sleep, sizeof(*Sleep), 0);
    return Result;
}
