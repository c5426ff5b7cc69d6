/* SPDX-License-Identifier: MIT */
/*
 * The test PE builder (see pebuild.h). Tables are laid out the way linkers do it, each in
 * a section of its own, so a test can find and corrupt any field by RVA.
 */
#include "pebuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PB_ALIGN(Value, Alignment) (((Value) + (Alignment)-1) & ~((uint32_t)(Alignment)-1))

static void *
PbAlloc(size_t Size)
{
    void *Memory = calloc(1, Size != 0 ? Size : 1);

    if (Memory == NULL)
    {
        abort();
    }
    return Memory;
}

void
PbInit(PB_IMAGE *Image, uint64_t ImageBase)
{
    memset(Image, 0, sizeof(*Image));
    Image->ImageBase = ImageBase;
    Image->Characteristics = PE_FILE_EXECUTABLE_IMAGE;
}

void
PbFree(PB_IMAGE *Image)
{
    for (unsigned i = 0; i < Image->SectionCount; i++)
    {
        free(Image->Sections[i].Data);
    }
    memset(Image, 0, sizeof(*Image));
}

uint32_t
PbNextRva(const PB_IMAGE *Image)
{
    const PB_SECTION *Last;
    uint32_t Size;

    if (Image->SectionCount == 0)
    {
        return PB_SECTION_ALIGNMENT;
    }
    Last = &Image->Sections[Image->SectionCount - 1];
    Size = PB_ALIGN(Last->VirtualSize, PB_SECTION_ALIGNMENT);
    return Last->Rva + (Size != 0 ? Size : PB_SECTION_ALIGNMENT);
}

uint32_t
PbAddSection(PB_IMAGE *Image, const char *Name, uint32_t Characteristics, const void *Data,
             uint32_t Size, uint32_t VirtualSize)
{
    PB_SECTION *Section;

    if (Image->SectionCount == PB_MAX_SECTIONS)
    {
        abort();
    }
    Section = &Image->Sections[Image->SectionCount];
    memset(Section, 0, sizeof(*Section));
    strncpy(Section->Name, Name, sizeof(Section->Name));
    Section->Characteristics = Characteristics;
    Section->Rva = PbNextRva(Image);
    Section->VirtualSize = VirtualSize != 0 ? VirtualSize : Size;
    Section->RawSize = PB_ALIGN(Size, PB_FILE_ALIGNMENT);
    Section->Data = PbAlloc(Section->RawSize);
    if (Data != NULL)
    {
        memcpy(Section->Data, Data, Size);
    }
    Image->SectionCount++;
    return Section->Rva;
}

uint8_t *
PbAt(PB_IMAGE *Image, uint32_t Rva)
{
    for (unsigned i = 0; i < Image->SectionCount; i++)
    {
        PB_SECTION *Section = &Image->Sections[i];

        if (Rva >= Section->Rva && Rva - Section->Rva < Section->RawSize)
        {
            return Section->Data + (Rva - Section->Rva);
        }
    }
    fprintf(stderr, "PbAt: RVA %#x is not backed by section data\n", Rva);
    abort();
}

void
PbSetDirectory(PB_IMAGE *Image, unsigned Index, uint32_t Rva, uint32_t Size)
{
    Image->Directories[Index].VirtualAddress = Rva;
    Image->Directories[Index].Size = Size;
}

/* ---- Linking ----------------------------------------------------------------------------- */

static void
PbWriteHeaders(const PB_IMAGE *Image, uint8_t *File)
{
    PE_DOS_HEADER Dos = {.e_magic = PE_DOS_SIGNATURE, .e_lfanew = PB_NT_OFFSET};
    PE_NT_HEADERS64 *Nt = PbFileNt(File);
    PE_OPTIONAL_HEADER64 *Optional = &Nt->OptionalHeader;

    memcpy(File, &Dos, sizeof(Dos));
    Nt->Signature = PE_NT_SIGNATURE;
    Nt->FileHeader.Machine = PE_MACHINE_AMD64;
    Nt->FileHeader.NumberOfSections = (uint16_t)Image->SectionCount;
    Nt->FileHeader.SizeOfOptionalHeader = sizeof(PE_OPTIONAL_HEADER64);
    Nt->FileHeader.Characteristics = Image->Characteristics;
    Optional->Magic = PE_OPTIONAL_MAGIC_PE32PLUS;
    Optional->AddressOfEntryPoint = Image->EntryPoint;
    Optional->ImageBase = Image->ImageBase;
    Optional->SectionAlignment = PB_SECTION_ALIGNMENT;
    Optional->FileAlignment = PB_FILE_ALIGNMENT;
    Optional->SizeOfImage = PbNextRva(Image);
    Optional->SizeOfHeaders = PB_HEADERS_SIZE;
    Optional->Subsystem = PE_SUBSYSTEM_NATIVE;
    Optional->NumberOfRvaAndSizes = PE_NUMBEROF_DIRECTORY_ENTRIES;
    memcpy(Optional->DataDirectory, Image->Directories, sizeof(Image->Directories));
}

uint8_t *
PbLink(const PB_IMAGE *Image, size_t *Size)
{
    uint32_t FileOffset = PB_HEADERS_SIZE;
    uint8_t *File;

    for (unsigned i = 0; i < Image->SectionCount; i++)
    {
        FileOffset += Image->Sections[i].RawSize;
    }
    File = PbAlloc(FileOffset);
    *Size = FileOffset;
    PbWriteHeaders(Image, File);

    FileOffset = PB_HEADERS_SIZE;
    for (unsigned i = 0; i < Image->SectionCount; i++)
    {
        const PB_SECTION *Section = &Image->Sections[i];
        PE_SECTION_HEADER *Header = PbFileSection(File, i);

        memcpy(Header->Name, Section->Name, sizeof(Header->Name));
        Header->VirtualSize = Section->VirtualSize;
        Header->VirtualAddress = Section->Rva;
        Header->SizeOfRawData = Section->RawSize;
        Header->PointerToRawData = Section->RawSize != 0 ? FileOffset : 0;
        Header->Characteristics = Section->Characteristics;
        memcpy(File + FileOffset, Section->Data, Section->RawSize);
        FileOffset += Section->RawSize;
    }
    return File;
}

PE_NT_HEADERS64 *
PbFileNt(uint8_t *File)
{
    return (PE_NT_HEADERS64 *)(File + PB_NT_OFFSET);
}

PE_SECTION_HEADER *
PbFileSection(uint8_t *File, unsigned Index)
{
    return (PE_SECTION_HEADER *)(File + PB_NT_OFFSET + sizeof(PE_NT_HEADERS64)) + Index;
}

/* ---- Loading ----------------------------------------------------------------------------- */

PE_STATUS
PbLoad(const PB_IMAGE *Image, const char *Name, uint64_t LoadBase, PB_LOADED *Loaded)
{
    PE_FILE File;
    PE_STATUS Status;

    memset(Loaded, 0, sizeof(*Loaded));
    Loaded->Name = Name;
    Loaded->File = PbLink(Image, &Loaded->FileSize);
    Status = PeParseFile(Loaded->File, Loaded->FileSize, &File);
    if (Status != PE_OK)
    {
        return Status;
    }
    Loaded->Memory = aligned_alloc(PB_SECTION_ALIGNMENT, PB_ALIGN(File.SizeOfImage, 4096));
    if (Loaded->Memory == NULL)
    {
        abort();
    }
    Status = PeMapFile(&File, Loaded->Memory, File.SizeOfImage);
    if (Status != PE_OK)
    {
        return Status;
    }
    return PeOpenView(Loaded->Memory, File.SizeOfImage, LoadBase, &Loaded->View);
}

void
PbUnload(PB_LOADED *Loaded)
{
    free(Loaded->File);
    free(Loaded->Memory);
    memset(Loaded, 0, sizeof(*Loaded));
}

const PE_VIEW *
PbFindModule(void *Context, const char *Name, size_t NameLength)
{
    PB_MODULES *Modules = Context;

    Modules->Lookups++;
    for (size_t i = 0; i < Modules->Count; i++)
    {
        if (PeModuleNameMatches(Modules->Modules[i]->Name, Name, NameLength))
        {
            return &Modules->Modules[i]->View;
        }
    }
    return NULL;
}
