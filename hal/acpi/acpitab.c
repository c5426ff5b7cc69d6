/* SPDX-License-Identifier: MIT */
/*
 * RSDP, XSDT/RSDT and lookup by signature. The XSDT is preferred; the RSDT is used when the
 * RSDP is 1.0, names no XSDT, or the XSDT fails a check. Every table the root lists is
 * validated before it is recorded (header readable, length within [36, ACPI_MAX_TABLE_LENGTH],
 * the whole length readable, checksum zero), so the parsers only ever see complete,
 * checksummed tables; a table that fails is reported and left out. Null entries and repeats
 * of an address already listed are skipped silently; bytes after the last whole entry of the
 * root table are ignored, as ACPICA does.
 */
#include "acpip.h"

#define RSDP_V1_LENGTH 20
#define RSDP_V2_LENGTH 36
#define RSDP_MAX_LENGTH 4096

static const char *const AcpiStatusTexts[ACPI_STATUS_COUNT] = {
    [ACPI_OK] = "success",
    [ACPI_E_NOT_FOUND] = "not found",
    [ACPI_E_UNMAPPED] = "not in accessible memory",
    [ACPI_E_TRUNCATED] = "length runs past accessible memory",
    [ACPI_E_BAD_SIGNATURE] = "wrong signature",
    [ACPI_E_BAD_LENGTH] = "implausible length",
    [ACPI_E_BAD_CHECKSUM] = "bad checksum",
    [ACPI_E_BAD_ENTRY] = "malformed entry",
    [ACPI_E_BAD_VALUE] = "invalid field value",
    [ACPI_E_TOO_MANY] = "entries beyond the HAL's fixed limits",
    [ACPI_E_NO_ROOT] = "no usable XSDT or RSDT",
};

const char *
AcpiStatusText(ACPI_STATUS Status)
{
    if ((unsigned)Status >= ACPI_STATUS_COUNT)
        return "unknown status";
    return AcpiStatusTexts[Status];
}

uint8_t
AcpiChecksum(const uint8_t *Bytes, uint32_t Length)
{
    uint8_t Sum = 0;

    for (uint32_t i = 0; i < Length; i++)
        Sum = (uint8_t)(Sum + Bytes[i]);
    return Sum;
}

const uint8_t *
AcpiMapRange(const ACPI_HOST *Host, uint64_t Address, uint32_t Length)
{
    if (Address == 0 || Length == 0 || Address > UINT64_MAX - Length)
        return NULL;
    return Host->Map(Host->Context, Address, Length);
}

void
AcpiReport(const ACPI_HOST *Host, const char *Signature, uint64_t Address, ACPI_STATUS Status,
           uint32_t Offset)
{
    if (Host->Log != NULL)
        Host->Log(Host->Context, Signature, Address, Status, Offset);
}

static void
AcpiSetSignature(ACPI_TABLE *Table, const char *Signature)
{
    for (int i = 0; i < 4; i++)
        Table->Signature[i] = Signature[i];
}

/* Validates the table at Address (of signature Expected, or any when NULL) into *Table.
 * Table->Signature is Expected when given, else what the header says when readable. */
ACPI_STATUS
AcpiMapTable(const ACPI_HOST *Host, uint64_t Address, const char *Expected, ACPI_TABLE *Table)
{
    const uint8_t *Data;
    uint32_t Length;

    RtlFillBytes(Table, sizeof(*Table), 0);
    Table->Address = Address;
    AcpiSetSignature(Table, Expected != NULL ? Expected : "????");
    Data = AcpiMapRange(Host, Address, ACPI_HEADER_LENGTH);
    if (Data == NULL)
        return ACPI_E_UNMAPPED;
    if (Expected == NULL)
        AcpiSetSignature(Table, (const char *)Data);
    else if (!AcpiSignatureIs(Data, Expected))
        return ACPI_E_BAD_SIGNATURE;
    Length = RtlReadLe32(Data + 4);
    if (Length < ACPI_HEADER_LENGTH || Length > ACPI_MAX_TABLE_LENGTH)
        return ACPI_E_BAD_LENGTH;
    Data = AcpiMapRange(Host, Address, Length);
    if (Data == NULL)
        return ACPI_E_TRUNCATED;
    if (AcpiChecksum(Data, Length) != 0)
        return ACPI_E_BAD_CHECKSUM;
    Table->Data = Data;
    Table->Length = Length;
    return ACPI_OK;
}

static ACPI_STATUS
AcpiCheckRsdp(ACPI_ROOT *Root, uint64_t Address, uint64_t *Rsdt, uint64_t *Xsdt)
{
    const uint8_t *Rsdp = AcpiMapRange(Root->Host, Address, RSDP_V1_LENGTH);
    uint32_t Length;

    *Rsdt = *Xsdt = 0;
    if (Rsdp == NULL)
        return ACPI_E_UNMAPPED;
    if (!AcpiSignatureIs(Rsdp, "RSD ") || !AcpiSignatureIs(Rsdp + 4, "PTR "))
        return ACPI_E_BAD_SIGNATURE;
    if (AcpiChecksum(Rsdp, RSDP_V1_LENGTH) != 0)
        return ACPI_E_BAD_CHECKSUM;
    Root->RsdpRevision = Rsdp[15];
    for (int i = 0; i < 6; i++)
        Root->OemId[i] = (char)Rsdp[9 + i];
    *Rsdt = RtlReadLe32(Rsdp + 16);
    if (Root->RsdpRevision < 2)
        return ACPI_OK;
    Rsdp = AcpiMapRange(Root->Host, Address, RSDP_V2_LENGTH);
    if (Rsdp == NULL)
        return ACPI_E_TRUNCATED;
    Length = RtlReadLe32(Rsdp + 20);
    if (Length < RSDP_V2_LENGTH || Length > RSDP_MAX_LENGTH)
        return ACPI_E_BAD_LENGTH;
    Rsdp = AcpiMapRange(Root->Host, Address, Length);
    if (Rsdp == NULL)
        return ACPI_E_TRUNCATED;
    if (AcpiChecksum(Rsdp, Length) != 0)
        return ACPI_E_BAD_CHECKSUM;
    *Xsdt = RtlReadLe64(Rsdp + 24);
    return ACPI_OK;
}

static bool
AcpiListed(const ACPI_ROOT *Root, uint64_t Address)
{
    for (uint32_t i = 0; i < Root->TableCount; i++)
    {
        if (Root->Tables[i].Address == Address)
            return true;
    }
    return false;
}

static void
AcpiWalkRoot(ACPI_ROOT *Root, const ACPI_TABLE *RootTable, uint32_t EntrySize)
{
    uint32_t Count = (RootTable->Length - ACPI_HEADER_LENGTH) / EntrySize;
    const uint8_t *Entry = RootTable->Data + ACPI_HEADER_LENGTH;
    ACPI_TABLE Table;
    ACPI_STATUS Status;
    uint64_t Address;

    for (uint32_t i = 0; i < Count; i++, Entry += EntrySize)
    {
        Address = EntrySize == 8 ? RtlReadLe64(Entry) : RtlReadLe32(Entry);
        if (Address == 0 || AcpiListed(Root, Address))
            continue;
        Status = AcpiMapTable(Root->Host, Address, NULL, &Table);
        if (Status != ACPI_OK)
            AcpiReport(Root->Host, Table.Signature, Address, Status, ACPI_NO_OFFSET);
        else if (Root->TableCount == ACPI_MAX_TABLES)
            Root->Overflow++;
        else
            Root->Tables[Root->TableCount++] = Table;
    }
    if (Root->Overflow > 0)
        AcpiReport(Root->Host, RootTable->Signature, RootTable->Address, ACPI_E_TOO_MANY,
                   ACPI_NO_OFFSET);
}

/* Validates the RSDP and the root table, then every table the root lists. Fails only when
 * there is no usable RSDP or root table; bad tables are reported and skipped. */
ACPI_STATUS
AcpiLoadRoot(ACPI_ROOT *Root, const ACPI_HOST *Host, uint64_t RsdpAddress)
{
    ACPI_TABLE RootTable;
    ACPI_STATUS Status;
    uint64_t Rsdt, Xsdt;

    RtlFillBytes(Root, sizeof(*Root), 0);
    Root->Host = Host;
    Root->RsdpAddress = RsdpAddress;
    Status = AcpiCheckRsdp(Root, RsdpAddress, &Rsdt, &Xsdt);
    if (Status != ACPI_OK)
    {
        AcpiReport(Host, "RSDP", RsdpAddress, Status, ACPI_NO_OFFSET);
        return Status;
    }
    if (Xsdt != 0)
    {
        Status = AcpiMapTable(Host, Xsdt, "XSDT", &RootTable);
        if (Status == ACPI_OK)
        {
            Root->UsingXsdt = true;
            Root->RootAddress = Xsdt;
            AcpiWalkRoot(Root, &RootTable, 8);
            return ACPI_OK;
        }
        AcpiReport(Host, "XSDT", Xsdt, Status, ACPI_NO_OFFSET);
    }
    Status = AcpiMapTable(Host, Rsdt, "RSDT", &RootTable);
    if (Status != ACPI_OK)
    {
        AcpiReport(Host, "RSDT", Rsdt, Status, ACPI_NO_OFFSET);
        return ACPI_E_NO_ROOT;
    }
    Root->RootAddress = Rsdt;
    AcpiWalkRoot(Root, &RootTable, 4);
    return ACPI_OK;
}

/* The Instance-th (from 0) validated table with this signature, or NULL. */
const ACPI_TABLE *
AcpiFindTable(const ACPI_ROOT *Root, const char *Signature, uint32_t Instance)
{
    for (uint32_t i = 0; i < Root->TableCount; i++)
    {
        if (AcpiSignatureIs((const uint8_t *)Root->Tables[i].Signature, Signature) &&
            Instance-- == 0)
            return &Root->Tables[i];
    }
    return NULL;
}
