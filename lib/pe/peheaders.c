/* SPDX-License-Identifier: MIT */
/*
 * Header validation shared by PeParseFile (raw file) and PeOpenView (mapped image): where
 * the headers are, and whether the layout they describe is sound.
 *
 * Fields are read byte-wise until the NT headers are known to be complete and aligned;
 * only then is the buffer seen through the structures, so a hostile e_lfanew can cause
 * neither an out-of-bounds nor a misaligned read. Every offset sum is done in 64 bits.
 */
#include "pep.h"

#define PEP_NT_FILE_HEADER_END (offsetof(PE_NT_HEADERS64, OptionalHeader))

static PE_STATUS
PepLocateNtHeaders(const uint8_t *Data, size_t Size, uint32_t *NtOffset)
{
    uint32_t Offset;

    if (Data == NULL || Size < sizeof(PE_DOS_HEADER))
    {
        return PE_E_TRUNCATED;
    }
    if (RtlReadLe16(Data) != PE_DOS_SIGNATURE)
    {
        return PE_E_BAD_DOS_SIGNATURE;
    }

    /* e_lfanew is signed; a negative value or one pointing back into the DOS header is as
     * much "out of range" as one past the end of the file. */
    Offset = RtlReadLe32(Data + offsetof(PE_DOS_HEADER, e_lfanew));
    if (Offset < sizeof(PE_DOS_HEADER) || Offset > INT32_MAX ||
        !PepRangeInside(Offset, sizeof(uint32_t), Size))
    {
        return PE_E_BAD_NT_SIGNATURE;
    }
    if (RtlReadLe32(Data + Offset) != PE_NT_SIGNATURE)
    {
        return PE_E_BAD_NT_SIGNATURE;
    }

    *NtOffset = Offset;
    return PE_OK;
}

PE_STATUS
PepLocateHeaders(const uint8_t *Data, size_t Size, PEP_HEADERS *Headers)
{
    const PE_NT_HEADERS64 *Nt;
    uint32_t NtOffset = 0;
    uint16_t OptionalSize;
    uint64_t TableOffset;
    uint64_t TableSize;
    PE_STATUS Status;

    Headers->Nt = NULL;
    Headers->Sections = NULL;
    Headers->NumberOfSections = 0;
    Headers->SectionTableEnd = 0;

    Status = PepLocateNtHeaders(Data, Size, &NtOffset);
    if (Status != PE_OK)
    {
        return Status;
    }
    if (!PepRangeInside(NtOffset, PEP_NT_FILE_HEADER_END, Size))
    {
        return PE_E_TRUNCATED;
    }
    if (RtlReadLe16(Data + NtOffset + 4 + offsetof(PE_FILE_HEADER, Machine)) != PE_MACHINE_AMD64)
    {
        return PE_E_BAD_MACHINE;
    }
    OptionalSize =
        RtlReadLe16(Data + NtOffset + 4 + offsetof(PE_FILE_HEADER, SizeOfOptionalHeader));
    if (OptionalSize < sizeof(PE_OPTIONAL_HEADER64))
    {
        return PE_E_BAD_OPTIONAL_HEADER;
    }
    if (!PepRangeInside(NtOffset, sizeof(PE_NT_HEADERS64), Size))
    {
        return PE_E_TRUNCATED;
    }
    if (!PepPointerAligned(Data + NtOffset, _Alignof(PE_NT_HEADERS64)))
    {
        return PE_E_BAD_ALIGNMENT;
    }

    Nt = (const PE_NT_HEADERS64 *)(const void *)(Data + NtOffset);
    if (Nt->OptionalHeader.Magic != PE_OPTIONAL_MAGIC_PE32PLUS ||
        Nt->OptionalHeader.NumberOfRvaAndSizes < PE_NUMBEROF_DIRECTORY_ENTRIES)
    {
        return PE_E_BAD_OPTIONAL_HEADER;
    }
    if (Nt->FileHeader.NumberOfSections > PE_MAX_SECTIONS)
    {
        return PE_E_TOO_MANY_SECTIONS;
    }

    TableOffset = (uint64_t)NtOffset + PEP_NT_FILE_HEADER_END + OptionalSize;
    TableSize = (uint64_t)Nt->FileHeader.NumberOfSections * sizeof(PE_SECTION_HEADER);
    if (!PepRangeInside(TableOffset, TableSize, Size))
    {
        return PE_E_TRUNCATED;
    }
    if (!PepPointerAligned(Data + TableOffset, _Alignof(PE_SECTION_HEADER)))
    {
        return PE_E_BAD_ALIGNMENT;
    }

    Headers->Nt = Nt;
    Headers->Sections = (const PE_SECTION_HEADER *)(const void *)(Data + TableOffset);
    Headers->NumberOfSections = Nt->FileHeader.NumberOfSections;
    Headers->SectionTableEnd = (uint32_t)(TableOffset + TableSize);
    return PE_OK;
}

/* End of a section in memory, rounded up to whole alignment units, as the pages it owns. */
static uint64_t
PepSectionSpanEnd(const PE_SECTION_HEADER *Section, uint32_t Alignment)
{
    uint64_t Size = PepSectionVirtualSize(Section);

    return Section->VirtualAddress + ((Size + Alignment - 1) & ~(uint64_t)(Alignment - 1));
}

static PE_STATUS
PepCheckSections(const PEP_HEADERS *Headers)
{
    const PE_OPTIONAL_HEADER64 *Optional = &Headers->Nt->OptionalHeader;
    uint32_t Alignment = Optional->SectionAlignment;

    for (uint16_t i = 0; i < Headers->NumberOfSections; i++)
    {
        const PE_SECTION_HEADER *Section = &Headers->Sections[i];

        if ((Section->VirtualAddress & (Alignment - 1)) != 0)
        {
            return PE_E_BAD_ALIGNMENT;
        }
        if (Section->VirtualAddress < Optional->SizeOfHeaders ||
            !PepRangeInside(Section->VirtualAddress, PepSectionVirtualSize(Section),
                            Optional->SizeOfImage))
        {
            return PE_E_BAD_SECTION;
        }
    }

    /* Pairwise: the table need not be sorted, and 96 sections make at most 4560 pairs. */
    for (uint16_t i = 0; i < Headers->NumberOfSections; i++)
    {
        const PE_SECTION_HEADER *A = &Headers->Sections[i];

        for (uint16_t j = 0; j < i; j++)
        {
            const PE_SECTION_HEADER *B = &Headers->Sections[j];

            if (PepSectionVirtualSize(A) != 0 && PepSectionVirtualSize(B) != 0 &&
                A->VirtualAddress < PepSectionSpanEnd(B, Alignment) &&
                B->VirtualAddress < PepSectionSpanEnd(A, Alignment))
            {
                return PE_E_OVERLAPPING_SECTIONS;
            }
        }
    }
    return PE_OK;
}

static PE_STATUS
PepCheckDirectories(const PE_OPTIONAL_HEADER64 *Optional)
{
    for (uint32_t i = 0; i < PE_NUMBEROF_DIRECTORY_ENTRIES; i++)
    {
        const PE_DATA_DIRECTORY *Directory = &Optional->DataDirectory[i];

        if (i == PEP_DIRECTORY_SECURITY || Directory->VirtualAddress == 0 || Directory->Size == 0)
        {
            continue;
        }
        if (!PepRangeInside(Directory->VirtualAddress, Directory->Size, Optional->SizeOfImage))
        {
            return PE_E_BAD_DIRECTORY;
        }
    }
    return PE_OK;
}

PE_STATUS
PepCheckLayout(const PEP_HEADERS *Headers)
{
    const PE_OPTIONAL_HEADER64 *Optional = &Headers->Nt->OptionalHeader;
    PE_STATUS Status;

    if (!PepIsPowerOfTwo(Optional->SectionAlignment) || !PepIsPowerOfTwo(Optional->FileAlignment) ||
        Optional->FileAlignment > Optional->SectionAlignment)
    {
        return PE_E_BAD_ALIGNMENT;
    }
    if (Optional->SizeOfImage > PE_MAX_IMAGE_SIZE ||
        Optional->SizeOfHeaders > Optional->SizeOfImage)
    {
        return PE_E_IMAGE_TOO_LARGE;
    }
    if (Optional->SizeOfHeaders < Headers->SectionTableEnd ||
        Optional->AddressOfEntryPoint >= Optional->SizeOfImage)
    {
        return PE_E_BAD_OPTIONAL_HEADER;
    }

    Status = PepCheckSections(Headers);
    if (Status != PE_OK)
    {
        return Status;
    }
    return PepCheckDirectories(Optional);
}
