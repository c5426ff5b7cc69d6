/* SPDX-License-Identifier: MIT */
/*
 * The mapped image: opening a view, and bounds-checked access to its sections, directories
 * and RVAs. The mapped headers are writable memory (relocations, a careless caller), so
 * nothing read from them after PeOpenView is trusted: each accessor re-checks against
 * View->Size, which lives outside the image.
 */
#include "pep.h"

PE_STATUS
PeOpenView(void *Base, size_t Size, uint64_t LoadBase, PE_VIEW *View)
{
    PEP_HEADERS Headers;
    PE_STATUS Status;

    RtlFillBytes(View, sizeof(*View), 0);

    Status = PepLocateHeaders(Base, Size, &Headers);
    if (Status == PE_OK)
    {
        Status = PepCheckLayout(&Headers);
    }
    if (Status != PE_OK)
    {
        return Status;
    }
    if (Headers.Nt->OptionalHeader.SizeOfImage > Size)
    {
        return PE_E_BUFFER_TOO_SMALL;
    }

    View->Base = Base;
    View->Size = Headers.Nt->OptionalHeader.SizeOfImage;
    View->LoadBase = LoadBase;
    /* Headers.Nt again, but derived from the caller's writable Base instead of cast. */
    View->Nt = (PE_NT_HEADERS64 *)(void *)(View->Base + ((const uint8_t *)Headers.Nt - View->Base));
    return PE_OK;
}

const PE_SECTION_HEADER *
PepViewSections(const PE_VIEW *View, uint16_t *Count)
{
    const PE_FILE_HEADER *FileHeader = &View->Nt->FileHeader;
    uint64_t Offset;
    uint64_t Size;

    *Count = 0;
    Offset = (uint64_t)((const uint8_t *)View->Nt - View->Base) +
             offsetof(PE_NT_HEADERS64, OptionalHeader) + FileHeader->SizeOfOptionalHeader;
    Size = (uint64_t)FileHeader->NumberOfSections * sizeof(PE_SECTION_HEADER);
    if (FileHeader->NumberOfSections > PE_MAX_SECTIONS ||
        !PepRangeInside(Offset, Size, View->Size) ||
        !PepPointerAligned(View->Base + Offset, _Alignof(PE_SECTION_HEADER)))
    {
        return NULL;
    }

    *Count = FileHeader->NumberOfSections;
    return (const PE_SECTION_HEADER *)(const void *)(View->Base + Offset);
}

PE_STATUS
PepViewDirectory(const PE_VIEW *View, uint32_t Index, PE_DATA_DIRECTORY *Directory)
{
    const PE_OPTIONAL_HEADER64 *Optional = &View->Nt->OptionalHeader;
    PE_DATA_DIRECTORY Entry;

    Directory->VirtualAddress = 0;
    Directory->Size = 0;
    if (Index >= PE_NUMBEROF_DIRECTORY_ENTRIES || Index >= Optional->NumberOfRvaAndSizes)
    {
        return PE_OK;
    }

    Entry = Optional->DataDirectory[Index];
    if (Entry.VirtualAddress == 0 || Entry.Size == 0)
    {
        return PE_OK;
    }
    if (!PepRangeInside(Entry.VirtualAddress, Entry.Size, View->Size))
    {
        return PE_E_BAD_DIRECTORY;
    }
    *Directory = Entry;
    return PE_OK;
}

uint32_t
PeSectionProtection(const PE_SECTION_HEADER *Section)
{
    if ((Section->Characteristics & PE_SCN_MEM_EXECUTE) != 0)
    {
        return PE_PROT_READ | PE_PROT_EXECUTE;
    }
    if ((Section->Characteristics & PE_SCN_MEM_WRITE) != 0)
    {
        return PE_PROT_READ | PE_PROT_WRITE;
    }
    return PE_PROT_READ;
}

const PE_SECTION_HEADER *
PeFirstSection(const PE_VIEW *View, uint16_t *Count)
{
    uint16_t Ignored;

    return PepViewSections(View, Count != NULL ? Count : &Ignored);
}

const PE_SECTION_HEADER *
PeSectionOfRva(const PE_VIEW *View, uint32_t Rva)
{
    uint16_t Count;
    const PE_SECTION_HEADER *Sections = PepViewSections(View, &Count);

    for (uint16_t i = 0; i < Count; i++)
    {
        uint64_t Start = Sections[i].VirtualAddress;

        if (Rva >= Start && Rva - Start < PepSectionVirtualSize(&Sections[i]))
        {
            return &Sections[i];
        }
    }
    return NULL;
}

void *
PeRvaToPointer(const PE_VIEW *View, uint32_t Rva, uint32_t Size)
{
    if (View == NULL || View->Base == NULL || Rva >= View->Size ||
        !PepRangeInside(Rva, Size, View->Size))
    {
        return NULL;
    }
    return View->Base + Rva;
}
