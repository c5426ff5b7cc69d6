/* SPDX-License-Identifier: MIT */
/*
 * Base relocation: move a mapped image from its preferred ImageBase to View->LoadBase.
 *
 * The relocation directory is walked twice with the same code, first only validating and
 * then applying, so a malformed table is refused before any byte of the image changes.
 * Targets are written byte-wise (a DIR64 inside an instruction is rarely aligned) and must
 * lie in [SizeOfHeaders, SizeOfImage): no relocation may rewrite the headers that the rest
 * of the library reads.
 */
#include "pep.h"

typedef struct _PEP_RELOC_PASS
{
    PE_VIEW *View;
    uint64_t Delta;
    uint32_t HeadersEnd;
    bool Apply;
} PEP_RELOC_PASS;

static uint32_t
PepRelocationWidth(uint32_t Type)
{
    switch (Type)
    {
        case PE_REL_BASED_HIGH:
        case PE_REL_BASED_LOW:
            return 2;
        case PE_REL_BASED_HIGHLOW:
            return 4;
        case PE_REL_BASED_DIR64:
            return 8;
        default:
            return 0;
    }
}

static PE_STATUS
PepFixup(const PEP_RELOC_PASS *Pass, uint64_t Target, uint32_t Type)
{
    uint32_t Width = PepRelocationWidth(Type);
    uint8_t *p;

    if (Type == PE_REL_BASED_ABSOLUTE)
    {
        return PE_OK; /* padding that keeps blocks 32-bit aligned */
    }
    if (Width == 0 || Target < Pass->HeadersEnd || !PepRangeInside(Target, Width, Pass->View->Size))
    {
        return PE_E_BAD_RELOCATION;
    }
    if (!Pass->Apply)
    {
        return PE_OK;
    }

    p = Pass->View->Base + Target;
    switch (Type)
    {
        case PE_REL_BASED_HIGH:
            /* The high half of a 32-bit value whose low half is unknown: no carry. */
            RtlWriteLe16(
                p, (uint16_t)((((uint32_t)RtlReadLe16(p) << 16) + (uint32_t)Pass->Delta) >> 16));
            break;
        case PE_REL_BASED_LOW:
            RtlWriteLe16(p, (uint16_t)(RtlReadLe16(p) + (uint16_t)Pass->Delta));
            break;
        case PE_REL_BASED_HIGHLOW:
            RtlWriteLe32(p, RtlReadLe32(p) + (uint32_t)Pass->Delta);
            break;
        default:
            RtlWriteLe64(p, RtlReadLe64(p) + Pass->Delta);
            break;
    }
    return PE_OK;
}

static PE_STATUS
PepWalkRelocations(const PEP_RELOC_PASS *Pass, PE_DATA_DIRECTORY Directory)
{
    uint32_t Offset = 0;

    while (Offset < Directory.Size)
    {
        const uint8_t *Block = Pass->View->Base + Directory.VirtualAddress + Offset;
        uint32_t Remaining = Directory.Size - Offset;
        uint32_t PageRva;
        uint32_t BlockSize;

        if (Remaining < sizeof(PE_BASE_RELOCATION))
        {
            return PE_E_BAD_RELOCATION;
        }
        PageRva = RtlReadLe32(Block + offsetof(PE_BASE_RELOCATION, VirtualAddress));
        BlockSize = RtlReadLe32(Block + offsetof(PE_BASE_RELOCATION, SizeOfBlock));
        if (BlockSize < sizeof(PE_BASE_RELOCATION) || (BlockSize & 1) != 0 ||
            BlockSize > Remaining || PageRva >= Pass->View->Size)
        {
            return PE_E_BAD_RELOCATION;
        }

        for (uint32_t i = sizeof(PE_BASE_RELOCATION); i < BlockSize; i += 2)
        {
            uint16_t Entry = RtlReadLe16(Block + i);
            PE_STATUS Status = PepFixup(Pass, (uint64_t)PageRva + (Entry & 0xFFFu), Entry >> 12);

            if (Status != PE_OK)
            {
                return Status;
            }
        }
        Offset += BlockSize;
    }
    return PE_OK;
}

PE_STATUS
PeRelocate(PE_VIEW *View)
{
    PE_NT_HEADERS64 *Nt = View->Nt;
    PEP_RELOC_PASS Pass;
    PE_DATA_DIRECTORY Directory;
    PE_STATUS Status;

    Pass.View = View;
    Pass.Delta = View->LoadBase - Nt->OptionalHeader.ImageBase;
    Pass.HeadersEnd = Nt->OptionalHeader.SizeOfHeaders;
    Pass.Apply = false;
    if (Pass.Delta == 0)
    {
        return PE_OK;
    }
    if ((Nt->FileHeader.Characteristics & PE_FILE_RELOCS_STRIPPED) != 0)
    {
        return PE_E_RELOCS_STRIPPED;
    }

    Status = PepViewDirectory(View, PE_DIRECTORY_BASERELOC, &Directory);
    if (Status != PE_OK)
    {
        return Status;
    }
    if (Directory.Size == 0)
    {
        /* As on Windows: without the RELOCS_STRIPPED flag, an empty directory means the
         * image holds no absolute addresses (linkers omit .reloc then) and moves freely. */
        Nt->OptionalHeader.ImageBase = View->LoadBase;
        return PE_OK;
    }

    Status = PepWalkRelocations(&Pass, Directory);
    if (Status != PE_OK)
    {
        return Status;
    }
    Pass.Apply = true;
    Status = PepWalkRelocations(&Pass, Directory);
    if (Status != PE_OK)
    {
        return Status;
    }

    Nt->OptionalHeader.ImageBase = View->LoadBase;
    return PE_OK;
}
