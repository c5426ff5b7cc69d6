/* SPDX-License-Identifier: MIT */
/*
 * The test PE builder's tables: export directory, import directory with lookup and address
 * tables, base relocation blocks, x64 exception data (.xdata/.pdata), and the sample
 * driver-like image most tests start from.
 */
#include "pebuild.h"

#include <stdlib.h>
#include <string.h>

/* A growable byte buffer that tables are assembled in before becoming a section. */
typedef struct PB_BUFFER
{
    uint8_t *Data;
    uint32_t Size;
} PB_BUFFER;

static uint32_t
PbReserve(PB_BUFFER *Buffer, uint32_t Size, uint32_t Alignment)
{
    uint32_t Offset = (Buffer->Size + Alignment - 1) & ~(Alignment - 1);

    Buffer->Data = realloc(Buffer->Data, Offset + Size);
    if (Buffer->Data == NULL)
    {
        abort();
    }
    memset(Buffer->Data + Buffer->Size, 0, Offset + Size - Buffer->Size);
    Buffer->Size = Offset + Size;
    return Offset;
}

static uint32_t
PbAppendString(PB_BUFFER *Buffer, const char *String)
{
    uint32_t Offset = PbReserve(Buffer, (uint32_t)strlen(String) + 1, 1);

    memcpy(Buffer->Data + Offset, String, strlen(String) + 1);
    return Offset;
}

static void
PbPut16(PB_BUFFER *Buffer, uint32_t Offset, uint16_t Value)
{
    memcpy(Buffer->Data + Offset, &Value, sizeof(Value));
}

static void
PbPut32(PB_BUFFER *Buffer, uint32_t Offset, uint32_t Value)
{
    memcpy(Buffer->Data + Offset, &Value, sizeof(Value));
}

static void
PbPut64(PB_BUFFER *Buffer, uint32_t Offset, uint64_t Value)
{
    memcpy(Buffer->Data + Offset, &Value, sizeof(Value));
}

static uint32_t
PbFinish(PB_IMAGE *Image, const char *Name, uint32_t Characteristics, PB_BUFFER *Buffer)
{
    uint32_t Rva = PbAddSection(Image, Name, Characteristics, Buffer->Data, Buffer->Size, 0);

    free(Buffer->Data);
    return Rva;
}

/* ---- Exports ----------------------------------------------------------------------------- */

typedef struct PB_NAMED
{
    const char *Name;
    uint16_t Index;
} PB_NAMED;

static int
PbCompareNamed(const void *A, const void *B)
{
    return strcmp(((const PB_NAMED *)A)->Name, ((const PB_NAMED *)B)->Name);
}

uint32_t
PbAddExports(PB_IMAGE *Image, const char *DllName, uint32_t OrdinalBase, const PB_EXPORT *Exports,
             size_t Count)
{
    uint32_t Rva = PbNextRva(Image);
    PB_NAMED *Named = calloc(Count + 1, sizeof(*Named));
    uint32_t NameCount = 0;
    PB_BUFFER Buffer = {0};
    PE_EXPORT_DIRECTORY Directory = {0};

    for (size_t i = 0; i < Count; i++)
    {
        if (Exports[i].Name != NULL)
        {
            Named[NameCount].Name = Exports[i].Name;
            Named[NameCount++].Index = (uint16_t)i;
        }
    }
    qsort(Named, NameCount, sizeof(*Named), PbCompareNamed);

    PbReserve(&Buffer, sizeof(Directory), 4);
    Directory.Base = OrdinalBase;
    Directory.NumberOfFunctions = (uint32_t)Count;
    Directory.NumberOfNames = NameCount;
    Directory.AddressOfFunctions = Rva + PbReserve(&Buffer, (uint32_t)Count * 4, 4);
    Directory.AddressOfNames = Rva + PbReserve(&Buffer, NameCount * 4, 4);
    Directory.AddressOfNameOrdinals = Rva + PbReserve(&Buffer, NameCount * 2, 4);
    Directory.Name = Rva + PbAppendString(&Buffer, DllName);

    for (size_t i = 0; i < Count; i++)
    {
        uint32_t Function = Exports[i].Rva;

        if (Exports[i].Forwarder != NULL)
        {
            Function = Rva + PbAppendString(&Buffer, Exports[i].Forwarder);
        }
        PbPut32(&Buffer, Directory.AddressOfFunctions - Rva + (uint32_t)i * 4, Function);
    }
    for (uint32_t i = 0; i < NameCount; i++)
    {
        PbPut32(&Buffer, Directory.AddressOfNames - Rva + i * 4,
                Rva + PbAppendString(&Buffer, Named[i].Name));
        PbPut16(&Buffer, Directory.AddressOfNameOrdinals - Rva + i * 2, Named[i].Index);
    }
    memcpy(Buffer.Data, &Directory, sizeof(Directory));
    free(Named);

    PbSetDirectory(Image, PE_DIRECTORY_EXPORT, Rva, Buffer.Size);
    return PbFinish(Image, ".edata", PB_RDATA, &Buffer);
}

/* ---- Imports ----------------------------------------------------------------------------- */

static size_t
PbGroupLength(const PB_IMPORT *Imports, size_t Count, size_t First)
{
    size_t End = First + 1;

    while (End < Count && strcmp(Imports[End].Dll, Imports[First].Dll) == 0)
    {
        End++;
    }
    return End - First;
}

static uint64_t
PbThunkFor(PB_BUFFER *Buffer, uint32_t Rva, const PB_IMPORT *Import)
{
    uint32_t HintName;

    if (Import->Name == NULL)
    {
        return PE_ORDINAL_FLAG64 | Import->Ordinal;
    }
    HintName = PbReserve(Buffer, 2, 2);
    PbAppendString(Buffer, Import->Name);
    return Rva + HintName;
}

uint32_t
PbAddImports(PB_IMAGE *Image, const PB_IMPORT *Imports, size_t Count, int UseLookupTable,
             uint32_t *SlotRvas)
{
    uint32_t Rva = PbNextRva(Image);
    PB_BUFFER Buffer = {0};
    size_t Groups = 0;
    uint32_t Lookup;
    uint32_t Iat;

    for (size_t i = 0; i < Count; i += PbGroupLength(Imports, Count, i))
    {
        Groups++;
    }
    PbReserve(&Buffer, (uint32_t)(Groups + 1) * sizeof(PE_IMPORT_DESCRIPTOR), 4);
    Lookup = PbReserve(&Buffer, UseLookupTable ? (uint32_t)(Count + Groups) * 8 : 0, 8);
    Iat = PbReserve(&Buffer, (uint32_t)(Count + Groups) * 8, 8);
    PbSetDirectory(Image, PE_DIRECTORY_IAT, Rva + Iat, (uint32_t)(Count + Groups) * 8);

    for (size_t i = 0, Group = 0, Slot = 0; i < Count; Group++, Slot++)
    {
        size_t Length = PbGroupLength(Imports, Count, i);
        uint32_t Descriptor = (uint32_t)Group * sizeof(PE_IMPORT_DESCRIPTOR);

        PbPut32(&Buffer, Descriptor + offsetof(PE_IMPORT_DESCRIPTOR, OriginalFirstThunk),
                UseLookupTable ? Rva + Lookup + (uint32_t)Slot * 8 : 0);
        PbPut32(&Buffer, Descriptor + offsetof(PE_IMPORT_DESCRIPTOR, FirstThunk),
                Rva + Iat + (uint32_t)Slot * 8);
        PbPut32(&Buffer, Descriptor + offsetof(PE_IMPORT_DESCRIPTOR, Name),
                Rva + PbAppendString(&Buffer, Imports[i].Dll));
        for (size_t End = i + Length; i < End; i++, Slot++)
        {
            uint64_t Thunk = PbThunkFor(&Buffer, Rva, &Imports[i]);

            if (UseLookupTable)
            {
                PbPut64(&Buffer, Lookup + (uint32_t)Slot * 8, Thunk);
            }
            PbPut64(&Buffer, Iat + (uint32_t)Slot * 8, Thunk);
            if (SlotRvas != NULL)
            {
                SlotRvas[i] = Rva + Iat + (uint32_t)Slot * 8;
            }
        }
    }

    PbSetDirectory(Image, PE_DIRECTORY_IMPORT, Rva, (uint32_t)(Groups + 1) * 20);
    return PbFinish(Image, ".idata", PB_DATA, &Buffer);
}

/* ---- Relocations ------------------------------------------------------------------------- */

uint32_t
PbAddRelocs(PB_IMAGE *Image, const PB_RELOC *Relocs, size_t Count)
{
    uint32_t Rva = PbNextRva(Image);
    PB_BUFFER Buffer = {0};
    uint32_t Block = 0;

    for (size_t i = 0; i < Count; i++)
    {
        uint32_t Page = Relocs[i].Rva & ~0xFFFu;

        if (i == 0 || Page != (Relocs[i - 1].Rva & ~0xFFFu))
        {
            Block = PbReserve(&Buffer, sizeof(PE_BASE_RELOCATION), 4);
            PbPut32(&Buffer, Block, Page);
        }
        PbPut16(&Buffer, PbReserve(&Buffer, 2, 2),
                (uint16_t)((Relocs[i].Type << 12) | (Relocs[i].Rva & 0xFFF)));
        if (i + 1 == Count || (Relocs[i + 1].Rva & ~0xFFFu) != Page)
        {
            PbReserve(&Buffer, 0, 4); /* ABSOLUTE padding keeps the next block aligned */
            PbPut32(&Buffer, Block + 4, Buffer.Size - Block);
        }
    }

    PbSetDirectory(Image, PE_DIRECTORY_BASERELOC, Rva, Buffer.Size);
    return PbFinish(Image, ".reloc", PB_RDATA, &Buffer);
}

/* ---- Exception data ---------------------------------------------------------------------- */

void
PbUnwindInit(PB_UNWIND *Unwind, uint32_t XdataRva)
{
    memset(Unwind, 0, sizeof(*Unwind));
    Unwind->XdataRva = XdataRva;
}

uint32_t
PbUnwindInfoSize(const PB_UNWIND_INFO *Info)
{
    uint32_t Size = 4 + ((Info->CountOfCodes + 1u) & ~1u) * 2;

    return Size + ((Info->Flags & PB_UNW_FLAG_CHAININFO) ? sizeof(PE_RUNTIME_FUNCTION) : 0);
}

uint32_t
PbPutUnwindInfo(PB_UNWIND *Unwind, uint32_t Offset, const PB_UNWIND_INFO *Info)
{
    uint32_t Size = PbUnwindInfoSize(Info);
    uint8_t *Blob = Unwind->Xdata + Offset;

    if (Info->CountOfCodes > PB_MAX_UNWIND_CODES || Offset > sizeof(Unwind->Xdata) ||
        Size > sizeof(Unwind->Xdata) - Offset)
    {
        abort();
    }
    Blob[0] = (uint8_t)(Info->Version | Info->Flags << 3);
    Blob[1] = Info->SizeOfProlog;
    Blob[2] = Info->CountOfCodes;
    Blob[3] = (uint8_t)(Info->FrameRegister | Info->FrameOffset << 4);
    memcpy(Blob + 4, Info->Codes, Info->CountOfCodes * 2u);
    if (Info->Flags & PB_UNW_FLAG_CHAININFO)
    {
        memcpy(Blob + Size - sizeof(Info->Chain), &Info->Chain, sizeof(Info->Chain));
    }
    if (Offset + Size > Unwind->XdataSize)
    {
        Unwind->XdataSize = Offset + Size;
    }
    return Unwind->XdataRva + Offset;
}

uint32_t
PbNextUnwindInfo(const PB_UNWIND *Unwind)
{
    return Unwind->XdataRva + ((Unwind->XdataSize + 3) & ~3u);
}

uint32_t
PbAddUnwindInfo(PB_UNWIND *Unwind, const PB_UNWIND_INFO *Info)
{
    return PbPutUnwindInfo(Unwind, PbNextUnwindInfo(Unwind) - Unwind->XdataRva, Info);
}

void
PbAddRuntimeFunction(PB_UNWIND *Unwind, uint32_t Begin, uint32_t End, uint32_t InfoRva)
{
    PE_RUNTIME_FUNCTION *Function;

    if (Unwind->FunctionCount == sizeof(Unwind->Functions) / sizeof(Unwind->Functions[0]))
    {
        abort();
    }
    Function = &Unwind->Functions[Unwind->FunctionCount++];
    Function->BeginAddress = Begin;
    Function->EndAddress = End;
    Function->UnwindData = InfoRva;
}

uint32_t
PbAddUnwindSections(PB_IMAGE *Image, const PB_UNWIND *Unwind)
{
    uint32_t Rva;

    if (PbAddSection(Image, ".xdata", PB_RDATA, Unwind->Xdata, sizeof(Unwind->Xdata), 0) !=
        Unwind->XdataRva)
    {
        abort();
    }
    Rva = PbAddSection(Image, ".pdata", PB_RDATA, Unwind->Functions, sizeof(Unwind->Functions), 0);
    if (Unwind->FunctionCount != 0)
    {
        PbSetDirectory(Image, PE_DIRECTORY_EXCEPTION, Rva,
                       Unwind->FunctionCount * (uint32_t)sizeof(PE_RUNTIME_FUNCTION));
    }
    return Rva;
}

/* ---- The sample image -------------------------------------------------------------------- */

static void
PbSampleData(PB_IMAGE *Image)
{
    uint8_t Data[0x100];
    uint64_t Value64 = Image->ImageBase + PB_SAMPLE_TEXT_RVA;
    uint32_t Value32 = (uint32_t)(Image->ImageBase + PB_SAMPLE_TEXT_RVA + 0x10);
    uint16_t High = (uint16_t)((Image->ImageBase + PB_SAMPLE_DATA_RVA) >> 16);
    uint16_t Low = (uint16_t)(Image->ImageBase + PB_SAMPLE_DATA_RVA);

    memset(Data, 0xA5, sizeof(Data));
    memcpy(Data + 0x00, &Value64, 8);
    memcpy(Data + 0x08, &Value32, 4);
    memcpy(Data + 0x0C, &High, 2);
    memcpy(Data + 0x0E, &Low, 2);
    memcpy(Data + 0x11, &Value64, 8); /* deliberately unaligned */
    PbAddSection(Image, ".data", PB_DATA, Data, sizeof(Data), PB_SAMPLE_DATA_SIZE);
}

void
PbBuildSample(PB_IMAGE *Image)
{
    static const PB_EXPORT Exports[] = {
        {"DriverEntry", PB_SAMPLE_TEXT_RVA, NULL},  {"Helper", PB_SAMPLE_TEXT_RVA + 0x40, NULL},
        {NULL, PB_SAMPLE_TEXT_RVA + 0x80, NULL},    {"Forwarded", 0, "OTHER.Target"},
        {"Alpha", PB_SAMPLE_TEXT_RVA + 0xC0, NULL},
    };
    static const PB_RELOC Relocs[] = {
        {PB_SAMPLE_DATA_RVA + 0x00, PE_REL_BASED_DIR64},
        {PB_SAMPLE_DATA_RVA + 0x08, PE_REL_BASED_HIGHLOW},
        {PB_SAMPLE_DATA_RVA + 0x0C, PE_REL_BASED_HIGH},
        {PB_SAMPLE_DATA_RVA + 0x0E, PE_REL_BASED_LOW},
        {PB_SAMPLE_DATA_RVA + 0x11, PE_REL_BASED_DIR64},
    };
    uint8_t Text[0x100];

    memset(Text, 0xCC, sizeof(Text));
    PbAddSection(Image, ".text", PB_CODE, Text, sizeof(Text), 0);
    PbSampleData(Image);
    PbAddSection(Image, ".bss", PB_BSS, NULL, 0, 0x800);
    PbAddExports(Image, "sample.sys", 1, Exports, sizeof(Exports) / sizeof(Exports[0]));
    PbAddRelocs(Image, Relocs, sizeof(Relocs) / sizeof(Relocs[0]));
    Image->EntryPoint = PB_SAMPLE_TEXT_RVA;
}
