/* SPDX-License-Identifier: MIT */
/*
 * Export lookup inside one mapped image, by name or by ordinal.
 *
 * Names are found by binary search over the name pointer table, which the PE format
 * requires to be sorted by byte value (a linker that breaks this makes names unfindable,
 * as on Windows). The three tables are bounds-checked once, every name is checked to end
 * inside the image before it is compared, and every function RVA before it is returned.
 * A function RVA that points back into the export directory is a forwarder string.
 */
#include "pep.h"

typedef struct _PEP_EXPORTS
{
    PE_DATA_DIRECTORY Directory; /* Size 0: the image exports nothing */
    uint32_t OrdinalBase;
    uint32_t NumberOfFunctions;
    uint32_t NumberOfNames;
    uint32_t Functions;    /* RVA of uint32_t[NumberOfFunctions] */
    uint32_t Names;        /* RVA of uint32_t[NumberOfNames] */
    uint32_t NameOrdinals; /* RVA of uint16_t[NumberOfNames] */
} PEP_EXPORTS;

#define PEP_EXPORT_FIELD(Dir, Field) RtlReadLe32((Dir) + offsetof(PE_EXPORT_DIRECTORY, Field))

static PE_STATUS
PepLoadExports(const PE_VIEW *View, PEP_EXPORTS *Exports)
{
    const uint8_t *Dir;
    PE_STATUS Status;

    RtlFillBytes(Exports, sizeof(*Exports), 0);
    Status = PepViewDirectory(View, PE_DIRECTORY_EXPORT, &Exports->Directory);
    if (Status != PE_OK || Exports->Directory.Size == 0)
    {
        return Status;
    }
    if (Exports->Directory.Size < sizeof(PE_EXPORT_DIRECTORY))
    {
        return PE_E_BAD_EXPORT;
    }

    Dir = View->Base + Exports->Directory.VirtualAddress;
    Exports->OrdinalBase = PEP_EXPORT_FIELD(Dir, Base);
    Exports->NumberOfFunctions = PEP_EXPORT_FIELD(Dir, NumberOfFunctions);
    Exports->NumberOfNames = PEP_EXPORT_FIELD(Dir, NumberOfNames);
    Exports->Functions = PEP_EXPORT_FIELD(Dir, AddressOfFunctions);
    Exports->Names = PEP_EXPORT_FIELD(Dir, AddressOfNames);
    Exports->NameOrdinals = PEP_EXPORT_FIELD(Dir, AddressOfNameOrdinals);

    if (!PepRangeInside(Exports->Functions, (uint64_t)Exports->NumberOfFunctions * 4, View->Size) ||
        !PepRangeInside(Exports->Names, (uint64_t)Exports->NumberOfNames * 4, View->Size) ||
        !PepRangeInside(Exports->NameOrdinals, (uint64_t)Exports->NumberOfNames * 2, View->Size))
    {
        return PE_E_BAD_EXPORT;
    }
    return PE_OK;
}

/* Export Index of the address table (Index < NumberOfFunctions). An empty slot is Missing. */
static PE_STATUS
PepExportAt(const PE_VIEW *View, const PEP_EXPORTS *Exports, uint32_t Index, PE_STATUS Missing,
            PE_EXPORT *Export)
{
    uint32_t Rva = RtlReadLe32(View->Base + Exports->Functions + (uint64_t)Index * 4);

    if (Rva == 0)
    {
        return Missing;
    }
    if (Rva >= Exports->Directory.VirtualAddress &&
        Rva - Exports->Directory.VirtualAddress < Exports->Directory.Size)
    {
        if (PepImageStringLength(View, Rva) < 0)
        {
            return PE_E_BAD_EXPORT;
        }
        Export->Forwarder = (const char *)(View->Base + Rva);
        return PE_OK;
    }
    if (Rva >= View->Size)
    {
        return PE_E_BAD_EXPORT;
    }
    Export->Address = View->LoadBase + Rva;
    return PE_OK;
}

/* strcmp order, on bytes as unsigned values (the order linkers sort by). */
static int
PepCompareNames(const uint8_t *A, const uint8_t *B)
{
    while (*A != 0 && *A == *B)
    {
        A++;
        B++;
    }
    return (int)*A - (int)*B;
}

PE_STATUS
PeFindExportByName(const PE_VIEW *View, const char *Name, PE_EXPORT *Export)
{
    PEP_EXPORTS Exports;
    uint32_t Low = 0;
    uint32_t High;
    PE_STATUS Status;

    Export->Address = 0;
    Export->Forwarder = NULL;
    Status = PepLoadExports(View, &Exports);
    if (Status != PE_OK || Name == NULL)
    {
        return Status != PE_OK ? Status : PE_E_IMPORT_NAME_NOT_FOUND;
    }

    High = Exports.NumberOfNames;
    while (Low < High)
    {
        uint32_t Middle = Low + (High - Low) / 2;
        uint32_t NameRva = RtlReadLe32(View->Base + Exports.Names + (uint64_t)Middle * 4);
        int Order;

        if (PepImageStringLength(View, NameRva) < 0)
        {
            return PE_E_BAD_EXPORT;
        }
        Order = PepCompareNames((const uint8_t *)Name, View->Base + NameRva);
        if (Order == 0)
        {
            uint16_t Index = RtlReadLe16(View->Base + Exports.NameOrdinals + (uint64_t)Middle * 2);

            if (Index >= Exports.NumberOfFunctions)
            {
                return PE_E_BAD_EXPORT;
            }
            return PepExportAt(View, &Exports, Index, PE_E_IMPORT_NAME_NOT_FOUND, Export);
        }
        if (Order < 0)
        {
            High = Middle;
        }
        else
        {
            Low = Middle + 1;
        }
    }
    return PE_E_IMPORT_NAME_NOT_FOUND;
}

PE_STATUS
PeFindExportByOrdinal(const PE_VIEW *View, uint32_t Ordinal, PE_EXPORT *Export)
{
    PEP_EXPORTS Exports;
    PE_STATUS Status;

    Export->Address = 0;
    Export->Forwarder = NULL;
    Status = PepLoadExports(View, &Exports);
    if (Status != PE_OK)
    {
        return Status;
    }
    if (Ordinal < Exports.OrdinalBase || Ordinal - Exports.OrdinalBase >= Exports.NumberOfFunctions)
    {
        return PE_E_IMPORT_ORDINAL_NOT_FOUND;
    }
    return PepExportAt(View, &Exports, Ordinal - Exports.OrdinalBase, PE_E_IMPORT_ORDINAL_NOT_FOUND,
                       Export);
}
