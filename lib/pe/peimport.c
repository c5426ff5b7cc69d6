/* SPDX-License-Identifier: MIT */
/*
 * Imports: walking the import directory, and binding each IAT slot to the address its
 * Dll!Name or Dll!#Ordinal resolves to.
 *
 * The descriptor table ends at the first descriptor with no Name, wherever that is; the
 * directory's Size is not trusted for it (linkers disagree on it), the image bounds are.
 * Names are looked up through OriginalFirstThunk, or through the IAT itself when an old
 * linker left OriginalFirstThunk zero. IAT slots are handed out as uint64_t pointers, so
 * they must be aligned, and must not lie in the headers.
 */
#include "pep.h"

#define PEP_IMPORT_DESCRIPTOR_FIELD(Descriptor, Field) \
    RtlReadLe32((Descriptor) + offsetof(PE_IMPORT_DESCRIPTOR, Field))

/* Ordinal imports carry 16 bits; name imports a 31-bit hint/name RVA. Other bits must be 0. */
#define PEP_ORDINAL_MASK 0xFFFFull
#define PEP_HINT_NAME_MASK 0x7FFFFFFFull

static PE_STATUS
PepDecodeThunk(const PE_VIEW *View, uint64_t Entry, PE_IMPORT *Import)
{
    uint32_t HintName;

    if ((Entry & PE_ORDINAL_FLAG64) != 0)
    {
        if ((Entry & ~(PE_ORDINAL_FLAG64 | PEP_ORDINAL_MASK)) != 0)
        {
            return PE_E_BAD_IMPORT;
        }
        Import->Name = NULL;
        Import->Ordinal = (uint32_t)(Entry & PEP_ORDINAL_MASK);
        return PE_OK;
    }
    if ((Entry & ~PEP_HINT_NAME_MASK) != 0)
    {
        return PE_E_BAD_IMPORT;
    }

    HintName = (uint32_t)Entry;
    if (!PepRangeInside(HintName, sizeof(uint16_t), View->Size) ||
        PepImageStringLength(View, HintName + 2) < 0)
    {
        return PE_E_BAD_IMPORT;
    }
    Import->Name = (const char *)(View->Base + HintName + 2);
    Import->Ordinal = 0;
    return PE_OK;
}

static PE_STATUS
PepVisitModule(const PE_VIEW *View, uint32_t Lookup, uint32_t Iat, PE_IMPORT *Import,
               PE_IMPORT_VISITOR Visit, void *Context)
{
    uint32_t HeadersEnd = View->Nt->OptionalHeader.SizeOfHeaders;

    for (uint64_t Offset = 0;; Offset += sizeof(uint64_t))
    {
        uint64_t Entry;
        PE_STATUS Status;

        if (!PepRangeInside(Lookup + Offset, sizeof(uint64_t), View->Size))
        {
            return PE_E_BAD_IMPORT;
        }
        Entry = RtlReadLe64(View->Base + Lookup + Offset);
        if (Entry == 0)
        {
            return PE_OK;
        }
        if (Iat + Offset < HeadersEnd ||
            !PepRangeInside(Iat + Offset, sizeof(uint64_t), View->Size) ||
            !PepPointerAligned(View->Base + Iat + Offset, _Alignof(uint64_t)))
        {
            return PE_E_BAD_IMPORT;
        }

        Status = PepDecodeThunk(View, Entry, Import);
        if (Status != PE_OK)
        {
            return Status;
        }
        Import->Slot = (uint64_t *)(void *)(View->Base + Iat + Offset);
        Status = Visit(Context, Import);
        if (Status != PE_OK)
        {
            return Status;
        }
    }
}

PE_STATUS
PeForEachImport(const PE_VIEW *View, PE_IMPORT_VISITOR Visit, void *Context)
{
    PE_DATA_DIRECTORY Directory;
    PE_STATUS Status;

    Status = PepViewDirectory(View, PE_DIRECTORY_IMPORT, &Directory);
    if (Status != PE_OK || Directory.Size == 0)
    {
        return Status;
    }

    for (uint64_t Rva = Directory.VirtualAddress;; Rva += sizeof(PE_IMPORT_DESCRIPTOR))
    {
        const uint8_t *Descriptor;
        uint32_t Name;
        uint32_t Iat;
        uint32_t Lookup;
        PE_IMPORT Import;

        if (!PepRangeInside(Rva, sizeof(PE_IMPORT_DESCRIPTOR), View->Size))
        {
            return PE_E_BAD_IMPORT;
        }
        Descriptor = View->Base + Rva;
        Name = PEP_IMPORT_DESCRIPTOR_FIELD(Descriptor, Name);
        Iat = PEP_IMPORT_DESCRIPTOR_FIELD(Descriptor, FirstThunk);
        Lookup = PEP_IMPORT_DESCRIPTOR_FIELD(Descriptor, OriginalFirstThunk);
        if (Name == 0)
        {
            return PE_OK;
        }
        if (Iat == 0 || PepImageStringLength(View, Name) < 0)
        {
            return PE_E_BAD_IMPORT;
        }

        Import.Dll = (const char *)(View->Base + Name);
        Status = PepVisitModule(View, Lookup != 0 ? Lookup : Iat, Iat, &Import, Visit, Context);
        if (Status != PE_OK)
        {
            return Status;
        }
    }
}

typedef struct _PEP_BIND
{
    PE_FIND_MODULE Find;
    void *Context;
    PE_IMPORT *Failed;
} PEP_BIND;

static PE_STATUS
PepBindOne(void *Context, const PE_IMPORT *Import)
{
    PEP_BIND *Bind = Context;
    uint64_t Address;
    PE_STATUS Status;

    Status = PeResolveExport(Bind->Find, Bind->Context, Import->Dll, PepStringLength(Import->Dll),
                             Import->Name, Import->Ordinal, &Address);
    if (Status != PE_OK)
    {
        if (Bind->Failed != NULL)
        {
            *Bind->Failed = *Import;
        }
        return Status;
    }
    *Import->Slot = Address;
    return PE_OK;
}

PE_STATUS
PeBindImports(PE_VIEW *View, PE_FIND_MODULE Find, void *Context, PE_IMPORT *Failed)
{
    PEP_BIND Bind;

    Bind.Find = Find;
    Bind.Context = Context;
    Bind.Failed = Failed;
    if (Failed != NULL)
    {
        RtlFillBytes(Failed, sizeof(*Failed), 0);
    }
    return PeForEachImport(View, PepBindOne, &Bind);
}
