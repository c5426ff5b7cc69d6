/* SPDX-License-Identifier: MIT */
/*
 * The raw file: validate it as read from disk, and lay it out at section alignment.
 */
#include "pep.h"

/* What only a raw file has to satisfy: the headers and every section's raw data are
 * actually present in it. */
static PE_STATUS
PepCheckFileExtents(const PEP_HEADERS *Headers, size_t Size)
{
    if (Headers->Nt->OptionalHeader.SizeOfHeaders > Size)
    {
        return PE_E_TRUNCATED;
    }
    for (uint16_t i = 0; i < Headers->NumberOfSections; i++)
    {
        const PE_SECTION_HEADER *Section = &Headers->Sections[i];

        if (Section->SizeOfRawData != 0 &&
            !PepRangeInside(Section->PointerToRawData, Section->SizeOfRawData, Size))
        {
            return PE_E_SECTION_OUTSIDE_FILE;
        }
    }
    return PE_OK;
}

PE_STATUS
PeParseFile(const void *Data, size_t Size, PE_FILE *File)
{
    PEP_HEADERS Headers;
    PE_STATUS Status;

    RtlFillBytes(File, sizeof(*File), 0);

    Status = PepLocateHeaders(Data, Size, &Headers);
    if (Status == PE_OK)
    {
        Status = PepCheckLayout(&Headers);
    }
    if (Status == PE_OK)
    {
        Status = PepCheckFileExtents(&Headers, Size);
    }
    if (Status != PE_OK)
    {
        return Status;
    }

    File->Data = Data;
    File->Size = Size;
    File->Nt = Headers.Nt;
    File->Sections = Headers.Sections;
    File->NumberOfSections = Headers.NumberOfSections;
    File->SizeOfImage = Headers.Nt->OptionalHeader.SizeOfImage;
    File->SizeOfHeaders = Headers.Nt->OptionalHeader.SizeOfHeaders;
    File->ImageBase = Headers.Nt->OptionalHeader.ImageBase;
    return PE_OK;
}

/* Precondition: File came from a successful PeParseFile, so every range below was checked
 * against both the file and SizeOfImage. */
PE_STATUS
PeMapFile(const PE_FILE *File, void *Dest, size_t DestSize)
{
    uint8_t *Image = Dest;

    if (Dest == NULL || DestSize < File->SizeOfImage)
    {
        return PE_E_BUFFER_TOO_SMALL;
    }

    RtlFillBytes(Image, File->SizeOfImage, 0);
    RtlCopyBytes(Image, File->Data, File->SizeOfHeaders);

    for (uint16_t i = 0; i < File->NumberOfSections; i++)
    {
        const PE_SECTION_HEADER *Section = &File->Sections[i];
        uint32_t Length = PepSectionVirtualSize(Section);

        /* Raw data is padded to FileAlignment and may be longer than the section, or
         * shorter (the rest is .bss-like and stays zero). */
        if (Length > Section->SizeOfRawData)
        {
            Length = Section->SizeOfRawData;
        }
        if (Length == 0)
        {
            continue; /* PointerToRawData is meaningless then, maybe past the file */
        }
        RtlCopyBytes(Image + Section->VirtualAddress, File->Data + Section->PointerToRawData,
                     Length);
    }
    return PE_OK;
}
