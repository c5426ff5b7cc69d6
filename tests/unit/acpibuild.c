/* SPDX-License-Identifier: MIT */
/* The fake machine and table builders behind the ACPI host tests (acpibuild.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpibuild.h"

const uint8_t AbQemuS5[12] = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};

static void
AbDie(const char *Message)
{
    fprintf(stderr, "acpibuild: %s\n", Message);
    abort();
}

static const void *
AbMap(void *Context, uint64_t Address, uint32_t Length)
{
    AB_MACHINE *Machine = Context;
    void *Copy;

    if (Address < AB_RAM_BASE || Address - AB_RAM_BASE > Machine->RamSize ||
        Length > Machine->RamSize - (Address - AB_RAM_BASE))
        return NULL;
    if (Address < Machine->HoleEnd && Address + Length > Machine->HoleStart)
        return NULL;
    if (Machine->CopyCount == Machine->CopyCapacity)
    {
        Machine->CopyCapacity = Machine->CopyCapacity ? Machine->CopyCapacity * 2 : 64;
        Machine->Copies = realloc(Machine->Copies, Machine->CopyCapacity * sizeof(void *));
        if (Machine->Copies == NULL)
            AbDie("out of memory");
    }
    Copy = malloc(Length);
    if (Copy == NULL)
        AbDie("out of memory");
    memcpy(Copy, Machine->Ram + (Address - AB_RAM_BASE), Length);
    Machine->Copies[Machine->CopyCount++] = Copy;
    return Copy;
}

static void
AbLog(void *Context, const char Signature[4], uint64_t Address, ACPI_STATUS Status, uint32_t Offset)
{
    AB_MACHINE *Machine = Context;
    AB_LOG *Entry;

    if (Machine->LogCount == AB_MAX_LOG)
        return;
    Entry = &Machine->Log[Machine->LogCount++];
    memcpy(Entry->Signature, Signature, 4);
    Entry->Signature[4] = 0;
    Entry->Address = Address;
    Entry->Status = Status;
    Entry->Offset = Offset;
}

void
AbInit(AB_MACHINE *Machine)
{
    memset(Machine, 0, sizeof(*Machine));
    Machine->Ram = calloc(1, AB_RAM_SIZE);
    if (Machine->Ram == NULL)
        AbDie("out of memory");
    Machine->RamSize = AB_RAM_SIZE;
    Machine->Next = 0x100; /* nothing at AB_RAM_BASE itself */
    Machine->Host.Map = AbMap;
    Machine->Host.Log = AbLog;
    Machine->Host.Context = Machine;
}

void
AbFree(AB_MACHINE *Machine)
{
    for (uint32_t i = 0; i < Machine->CopyCount; i++)
        free(Machine->Copies[i]);
    free(Machine->Copies);
    free(Machine->Ram);
    memset(Machine, 0, sizeof(*Machine));
}

const AB_LOG *
AbFindLog(const AB_MACHINE *Machine, const char *Signature, ACPI_STATUS Status)
{
    for (uint32_t i = 0; i < Machine->LogCount; i++)
    {
        if (Machine->Log[i].Status == Status &&
            (Signature == NULL || memcmp(Machine->Log[i].Signature, Signature, 4) == 0))
            return &Machine->Log[i];
    }
    return NULL;
}

uint64_t
AbPlace(AB_MACHINE *Machine, const void *Data, uint32_t Length)
{
    uint32_t Offset = (Machine->Next + 15) & ~15u;

    if (Length > AB_RAM_SIZE - Offset)
        AbDie("fake RAM is full");
    memcpy(Machine->Ram + Offset, Data, Length);
    Machine->Next = Offset + Length;
    return AB_RAM_BASE + Offset;
}

uint8_t *
AbAt(AB_MACHINE *Machine, uint64_t Address)
{
    if (Address < AB_RAM_BASE || Address - AB_RAM_BASE >= AB_RAM_SIZE)
        AbDie("address outside fake RAM");
    return Machine->Ram + (Address - AB_RAM_BASE);
}

static uint8_t
AbSum(const uint8_t *Bytes, uint32_t Length)
{
    uint8_t Sum = 0;

    for (uint32_t i = 0; i < Length; i++)
        Sum = (uint8_t)(Sum + Bytes[i]);
    return Sum;
}

void
AbFixChecksum(AB_MACHINE *Machine, uint64_t Address)
{
    uint8_t *Table = AbAt(Machine, Address);
    uint32_t Length = (uint32_t)Table[4] | (uint32_t)Table[5] << 8 | (uint32_t)Table[6] << 16 |
                      (uint32_t)Table[7] << 24;

    Table[9] = 0;
    Table[9] = (uint8_t)(0 - AbSum(Table, Length));
}

void
AbBegin(AB_TABLE *Table, const char *Signature, uint8_t Revision)
{
    memset(Table, 0, sizeof(*Table));
    memcpy(Table->Data, Signature, 4);
    Table->Data[8] = Revision;
    memcpy(Table->Data + 10, "BASALT", 6);
    memcpy(Table->Data + 16, "UNITTEST", 8);
    Table->Length = 36;
}

void
AbPutBytes(AB_TABLE *Table, const void *Bytes, uint32_t Length)
{
    if (Length > AB_MAX_TABLE - Table->Length)
        AbDie("table too long");
    memcpy(Table->Data + Table->Length, Bytes, Length);
    Table->Length += Length;
}

void
AbPut8(AB_TABLE *Table, uint8_t Value)
{
    AbPutBytes(Table, &Value, 1);
}

void
AbPut16(AB_TABLE *Table, uint16_t Value)
{
    AbPut8(Table, (uint8_t)Value);
    AbPut8(Table, (uint8_t)(Value >> 8));
}

void
AbPut32(AB_TABLE *Table, uint32_t Value)
{
    AbPut16(Table, (uint16_t)Value);
    AbPut16(Table, (uint16_t)(Value >> 16));
}

void
AbPut64(AB_TABLE *Table, uint64_t Value)
{
    AbPut32(Table, (uint32_t)Value);
    AbPut32(Table, (uint32_t)(Value >> 32));
}

void
AbPutGas(AB_TABLE *Table, uint8_t SpaceId, uint8_t BitWidth, uint64_t Address)
{
    AbPut8(Table, SpaceId);
    AbPut8(Table, BitWidth);
    AbPut8(Table, 0);
    AbPut8(Table, 0);
    AbPut64(Table, Address);
}

void
AbSet8(AB_TABLE *Table, uint32_t Offset, uint8_t Value)
{
    if (Offset >= AB_MAX_TABLE)
        AbDie("offset outside the table");
    Table->Data[Offset] = Value;
}

void
AbSet32(AB_TABLE *Table, uint32_t Offset, uint32_t Value)
{
    for (int i = 0; i < 4; i++)
        AbSet8(Table, Offset + i, (uint8_t)(Value >> (8 * i)));
}

void
AbSet64(AB_TABLE *Table, uint32_t Offset, uint64_t Value)
{
    AbSet32(Table, Offset, (uint32_t)Value);
    AbSet32(Table, Offset + 4, (uint32_t)(Value >> 32));
}

void
AbSetGas(AB_TABLE *Table, uint32_t Offset, uint8_t SpaceId, uint8_t BitWidth, uint64_t Address)
{
    AbSet8(Table, Offset, SpaceId);
    AbSet8(Table, Offset + 1, BitWidth);
    AbSet8(Table, Offset + 2, 0);
    AbSet8(Table, Offset + 3, 0);
    AbSet64(Table, Offset + 4, Address);
}

void
AbFinish(AB_TABLE *Table)
{
    AbSet32(Table, 4, Table->Length);
    Table->Data[9] = 0;
    Table->Data[9] = (uint8_t)(0 - AbSum(Table->Data, Table->Length));
}

uint64_t
AbPlaceTable(AB_MACHINE *Machine, AB_TABLE *Table)
{
    AbFinish(Table);
    return AbPlace(Machine, Table->Data, Table->Length);
}

uint64_t
AbRsdp(AB_MACHINE *Machine, uint8_t Revision, uint32_t Rsdt, uint64_t Xsdt)
{
    uint8_t Rsdp[36] = "RSD PTR ";
    uint32_t Length = Revision >= 2 ? 36 : 20;

    memcpy(Rsdp + 9, "BASALT", 6);
    Rsdp[15] = Revision;
    for (int i = 0; i < 4; i++)
        Rsdp[16 + i] = (uint8_t)(Rsdt >> (8 * i));
    if (Revision >= 2)
    {
        for (int i = 0; i < 4; i++)
            Rsdp[20 + i] = (uint8_t)(Length >> (8 * i));
        for (int i = 0; i < 8; i++)
            Rsdp[24 + i] = (uint8_t)(Xsdt >> (8 * i));
    }
    Rsdp[8] = (uint8_t)(0 - AbSum(Rsdp, 20));
    if (Revision >= 2)
        Rsdp[32] = (uint8_t)(0 - AbSum(Rsdp, 36));
    return AbPlace(Machine, Rsdp, Length);
}

uint64_t
AbRoot(AB_MACHINE *Machine, const char *Signature, const uint64_t *Entries, uint32_t Count)
{
    static AB_TABLE Table;
    bool Wide = memcmp(Signature, "XSDT", 4) == 0;

    AbBegin(&Table, Signature, 1);
    for (uint32_t i = 0; i < Count; i++)
    {
        if (Wide)
            AbPut64(&Table, Entries[i]);
        else
            AbPut32(&Table, (uint32_t)Entries[i]);
    }
    return AbPlaceTable(Machine, &Table);
}

void
AbFadt(AB_TABLE *Table, uint32_t Length, uint64_t Dsdt)
{
    AbBegin(Table, "FACP", Length >= 276 ? 6 : Length >= 244 ? 3 : 1);
    Table->Length = Length;
    AbSet32(Table, AB_FADT_DSDT, (uint32_t)Dsdt);
    AbSet8(Table, 46, 9); /* SCI_INT */
    AbSet32(Table, AB_FADT_SMI_CMD, 0xB2);
    AbSet8(Table, 52, 0xF1); /* ACPI_ENABLE */
    AbSet8(Table, 53, 0xF0); /* ACPI_DISABLE */
    AbSet32(Table, AB_FADT_PM1A_EVT, 0x600);
    AbSet32(Table, AB_FADT_PM1A_CNT, 0x604);
    AbSet32(Table, AB_FADT_PM_TMR, 0x608);
    AbSet8(Table, 88, 4); /* PM1_EVT_LEN */
    AbSet8(Table, 89, 2); /* PM1_CNT_LEN */
    AbSet8(Table, 91, 4); /* PM_TMR_LEN */
    AbSet8(Table, AB_FADT_CENTURY, 0x32);
    AbSet32(Table, AB_FADT_FLAGS, ACPI_FADT_RESET_REG_SUP | 0x1 /* WBINVD */);
    if (Length >= 244)
    {
        AbSet8(Table, AB_FADT_BOOT_ARCH, ACPI_BOOT_ARCH_8042);
        AbSetGas(Table, AB_FADT_RESET_REG, ACPI_SPACE_IO, 8, 0xCF9);
        AbSet8(Table, AB_FADT_RESET_VALUE, 0x0F);
        AbSet64(Table, AB_FADT_X_DSDT, Dsdt);
        AbSetGas(Table, 148, ACPI_SPACE_IO, 32, 0x600); /* X_PM1a_EVT_BLK */
        AbSetGas(Table, AB_FADT_X_PM1A_CNT, ACPI_SPACE_IO, 16, 0x604);
        AbSetGas(Table, 208, ACPI_SPACE_IO, 32, 0x608); /* X_PM_TMR_BLK */
    }
}

void
AbDefinitionBlock(AB_TABLE *Table, const char *Signature, const uint8_t *Aml, uint32_t Length)
{
    AbBegin(Table, Signature, 2);
    AbPutBytes(Table, Aml, Length);
}

void
AbMadt(AB_TABLE *Table, uint32_t Processors)
{
    AbBegin(Table, "APIC", 3);
    AbPut32(Table, 0xFEE00000);
    AbPut32(Table, ACPI_MADT_PCAT_COMPAT);
    for (uint32_t i = 0; i < Processors; i++)
    {
        const uint8_t Lapic[8] = {0, 8, (uint8_t)i, (uint8_t)i, 1, 0, 0, 0};
        AbPutBytes(Table, Lapic, sizeof(Lapic));
    }
    const uint8_t IoApic[12] = {1, 12, 0, 0, 0x00, 0x00, 0xC0, 0xFE, 0, 0, 0, 0};
    const uint8_t Irq0[10] = {2, 10, 0, 0, 2, 0, 0, 0, 0, 0};
    const uint8_t Irq9[10] = {2, 10, 0, 9, 9, 0, 0, 0, 0x0D, 0};
    const uint8_t Nmi[6] = {4, 6, 0xFF, 0, 0, 1};
    AbPutBytes(Table, IoApic, sizeof(IoApic));
    AbPutBytes(Table, Irq0, sizeof(Irq0));
    AbPutBytes(Table, Irq9, sizeof(Irq9));
    AbPutBytes(Table, Nmi, sizeof(Nmi));
}

void
AbHpet(AB_TABLE *Table)
{
    AbBegin(Table, "HPET", 1);
    AbPut32(Table, 0x8086A201);
    AbPutGas(Table, ACPI_SPACE_MEMORY, 64, 0xFED00000);
    AbPut8(Table, 0);
    AbPut16(Table, 0x80);
    AbPut8(Table, 0);
}

void
AbMcfg(AB_TABLE *Table)
{
    AbBegin(Table, "MCFG", 1);
    AbPut64(Table, 0); /* reserved */
    AbPut64(Table, 0xB0000000);
    AbPut16(Table, 0);
    AbPut8(Table, 0);
    AbPut8(Table, 0xFF);
    AbPut32(Table, 0);
}

void
AbBuildSystem(AB_MACHINE *Machine, AB_SYSTEM *System, bool S5InSsdt)
{
    static const uint8_t Filler[8] = {0x10, 0x07, '_', 'S', 'B', '_', 0xA3, 0xA3};
    static AB_TABLE Table;
    uint64_t Entries[5];

    memset(System, 0, sizeof(*System));
    AbDefinitionBlock(&Table, "DSDT", S5InSsdt ? Filler : AbQemuS5,
                      S5InSsdt ? sizeof(Filler) : sizeof(AbQemuS5));
    System->Dsdt = AbPlaceTable(Machine, &Table);
    AbDefinitionBlock(&Table, "SSDT", S5InSsdt ? AbQemuS5 : Filler,
                      S5InSsdt ? sizeof(AbQemuS5) : sizeof(Filler));
    System->Ssdt = AbPlaceTable(Machine, &Table);
    AbFadt(&Table, 244, System->Dsdt);
    System->Fadt = AbPlaceTable(Machine, &Table);
    AbMadt(&Table, 2);
    System->Madt = AbPlaceTable(Machine, &Table);
    AbHpet(&Table);
    System->Hpet = AbPlaceTable(Machine, &Table);
    AbMcfg(&Table);
    System->Mcfg = AbPlaceTable(Machine, &Table);
    Entries[0] = System->Fadt;
    Entries[1] = System->Madt;
    Entries[2] = System->Hpet;
    Entries[3] = System->Mcfg;
    Entries[4] = System->Ssdt;
    System->Xsdt = AbRoot(Machine, "XSDT", Entries, 5);
    System->Rsdt = AbRoot(Machine, "RSDT", Entries, 5);
    System->Rsdp = AbRsdp(Machine, 2, (uint32_t)System->Rsdt, System->Xsdt);
}
