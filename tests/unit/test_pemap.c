/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.map: PeMapFile (layout and zero-fill), PeOpenView, and the section and RVA
 * helpers of a mapped view, including after its headers were corrupted.
 */
#include "petest.h"

#define SAMPLE_SIZE 0x7000u

static void
AssertZero(const uint8_t *Bytes, size_t Length)
{
    for (size_t i = 0; i < Length; i++)
    {
        if (Bytes[i] != 0)
        {
            fail_msg("byte %zu of %zu is %#x, expected 0", i, Length, Bytes[i]);
        }
    }
}

static void
MapZeroFills(void **State)
{
    PB_IMAGE Image;
    uint8_t *File;
    size_t FileSize;
    PE_FILE Parsed;
    uint8_t *Memory = aligned_alloc(PB_SECTION_ALIGNMENT, SAMPLE_SIZE);

    (void)State;
    PbInit(&Image, PB_DEFAULT_BASE);
    PbBuildSample(&Image);
    File = PbLink(&Image, &FileSize);
    assert_pe_status(PeParseFile(File, FileSize, &Parsed), PE_OK);

    memset(Memory, 0x5A, SAMPLE_SIZE); /* whatever the allocator left */
    assert_pe_status(PeMapFile(&Parsed, Memory, SAMPLE_SIZE), PE_OK);

    assert_memory_equal(Memory, File, PB_HEADERS_SIZE);
    AssertZero(Memory + PB_HEADERS_SIZE, PB_SAMPLE_TEXT_RVA - PB_HEADERS_SIZE);
    assert_memory_equal(Memory + PB_SAMPLE_TEXT_RVA, PbAt(&Image, PB_SAMPLE_TEXT_RVA), 0x100);
    AssertZero(Memory + PB_SAMPLE_TEXT_RVA + 0x100, 0x1000 - 0x100);
    assert_memory_equal(Memory + PB_SAMPLE_DATA_RVA, PbAt(&Image, PB_SAMPLE_DATA_RVA), 0x100);
    /* The raw data is padded to 0x200 but the section has 0x1800 bytes: 0x100.. is .bss. */
    AssertZero(Memory + PB_SAMPLE_DATA_RVA + 0x100, 0x2000 - 0x100);
    AssertZero(Memory + PB_SAMPLE_BSS_RVA, 0x1000);
    assert_memory_equal(Memory + 0x5000, PbAt(&Image, 0x5000), 0x40);

    assert_pe_status(PeMapFile(&Parsed, Memory, SAMPLE_SIZE - 1), PE_E_BUFFER_TOO_SMALL);
    assert_pe_status(PeMapFile(&Parsed, NULL, SAMPLE_SIZE), PE_E_BUFFER_TOO_SMALL);

    free(Memory);
    free(File);
    PbFree(&Image);
}

/* Only VirtualSize bytes of a section are copied, even when its raw data is longer. */
static void
MapCopiesOnlyVirtualSize(void **State)
{
    PB_IMAGE Image;
    uint8_t Data[0x200];
    PB_LOADED Loaded;

    (void)State;
    memset(Data, 0x77, sizeof(Data));
    PbInit(&Image, PB_DEFAULT_BASE);
    PbAddSection(&Image, ".rdata", PB_RDATA, Data, sizeof(Data), 0x80);
    assert_pe_status(PbLoad(&Image, "v.sys", PB_DEFAULT_BASE, &Loaded), PE_OK);
    assert_int_equal(Loaded.Memory[0x1000 + 0x7F], 0x77);
    AssertZero(Loaded.Memory + 0x1000 + 0x80, 0x1000 - 0x80);
    PbUnload(&Loaded);
    PbFree(&Image);
}

static void
OpenViewFields(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, 0xFFFFF80000400000ull);
    assert_ptr_equal(Loaded.View.Base, Loaded.Memory);
    assert_int_equal(Loaded.View.Size, SAMPLE_SIZE);
    assert_int_equal(Loaded.View.LoadBase, 0xFFFFF80000400000ull);
    assert_ptr_equal(Loaded.View.Nt, Loaded.Memory + PB_NT_OFFSET);
    PbUnload(&Loaded);
}

static void
OpenViewFailures(void **State)
{
    PB_LOADED Loaded;
    PE_VIEW View;
    uint8_t *Shifted;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    assert_pe_status(PeOpenView(Loaded.Memory, SAMPLE_SIZE - 1, 0, &View), PE_E_BUFFER_TOO_SMALL);
    assert_null(View.Base);
    assert_pe_status(PeOpenView(NULL, 0, 0, &View), PE_E_TRUNCATED);

    /* The same image one byte off a page boundary: its NT headers are misaligned. */
    Shifted = malloc(SAMPLE_SIZE + 1);
    memcpy(Shifted + 1, Loaded.Memory, SAMPLE_SIZE);
    assert_pe_status(PeOpenView(Shifted + 1, SAMPLE_SIZE, 0, &View), PE_E_BAD_ALIGNMENT);
    free(Shifted);

    /* A mapped view is validated like a file, except for raw-data placement. */
    Loaded.View.Nt->OptionalHeader.SectionAlignment = 3;
    assert_pe_status(PeOpenView(Loaded.Memory, SAMPLE_SIZE, 0, &View), PE_E_BAD_ALIGNMENT);
    Loaded.View.Nt->OptionalHeader.SectionAlignment = PB_SECTION_ALIGNMENT;
    Loaded.Memory[0] = 0;
    assert_pe_status(PeOpenView(Loaded.Memory, SAMPLE_SIZE, 0, &View), PE_E_BAD_DOS_SIGNATURE);
    PbUnload(&Loaded);
}

static void
SectionHelpers(void **State)
{
    PB_LOADED Loaded;
    const PE_SECTION_HEADER *Sections;
    uint16_t Count = 0;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    Sections = PeFirstSection(&Loaded.View, &Count);
    assert_int_equal(Count, 5);
    assert_ptr_equal(Sections, Loaded.Memory + PB_NT_OFFSET + sizeof(PE_NT_HEADERS64));
    assert_memory_equal(Sections[4].Name, ".reloc", 7);
    assert_ptr_equal(PeFirstSection(&Loaded.View, NULL), Sections);

    assert_ptr_equal(PeSectionOfRva(&Loaded.View, 0x1000), &Sections[0]);
    assert_ptr_equal(PeSectionOfRva(&Loaded.View, 0x10FF), &Sections[0]);
    assert_null(PeSectionOfRva(&Loaded.View, 0x1100)); /* past VirtualSize, in the page */
    assert_ptr_equal(PeSectionOfRva(&Loaded.View, 0x37FF), &Sections[1]);
    assert_ptr_equal(PeSectionOfRva(&Loaded.View, PB_SAMPLE_BSS_RVA), &Sections[2]);
    assert_null(PeSectionOfRva(&Loaded.View, 0));
    assert_null(PeSectionOfRva(&Loaded.View, 0xFFFFFFFF));
    PbUnload(&Loaded);
}

static void
SectionProtection(void **State)
{
    PE_SECTION_HEADER Section = {0};
    const struct
    {
        uint32_t Characteristics;
        uint32_t Protection;
    } Cases[] = {
        {PB_CODE, PE_PROT_READ | PE_PROT_EXECUTE},
        {PB_CODE | PE_SCN_MEM_WRITE, PE_PROT_READ | PE_PROT_EXECUTE}, /* W^X: never both */
        {PB_DATA, PE_PROT_READ | PE_PROT_WRITE},
        {PB_BSS, PE_PROT_READ | PE_PROT_WRITE},
        {PB_RDATA, PE_PROT_READ},
        {PB_RDATA | PE_SCN_MEM_DISCARDABLE, PE_PROT_READ},
        {0, PE_PROT_READ},
    };

    (void)State;
    for (size_t i = 0; i < sizeof(Cases) / sizeof(Cases[0]); i++)
    {
        Section.Characteristics = Cases[i].Characteristics;
        assert_int_equal(PeSectionProtection(&Section), Cases[i].Protection);
    }
}

static void
RvaToPointer(void **State)
{
    PB_LOADED Loaded;
    PE_VIEW *View = &Loaded.View;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    assert_ptr_equal(PeRvaToPointer(View, 0, SAMPLE_SIZE), Loaded.Memory);
    assert_ptr_equal(PeRvaToPointer(View, SAMPLE_SIZE - 1, 1), Loaded.Memory + SAMPLE_SIZE - 1);
    assert_ptr_equal(PeRvaToPointer(View, 0x1234, 0), Loaded.Memory + 0x1234);
    assert_null(PeRvaToPointer(View, SAMPLE_SIZE - 1, 2));
    assert_null(PeRvaToPointer(View, SAMPLE_SIZE, 0));
    assert_null(PeRvaToPointer(View, 0xFFFFFFFF, 2));
    assert_null(PeRvaToPointer(View, 0x1000, 0xFFFFFFFF));
    assert_null(PeRvaToPointer(NULL, 0, 1));
    PbUnload(&Loaded);
}

/* The mapped headers are writable; helpers re-check them instead of trusting PeOpenView. */
static void
CorruptedHeadersAfterOpen(void **State)
{
    PB_LOADED Loaded;
    uint16_t Count = 1;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    Loaded.View.Nt->FileHeader.NumberOfSections = PE_MAX_SECTIONS + 1;
    assert_null(PeFirstSection(&Loaded.View, &Count));
    assert_int_equal(Count, 0);
    assert_null(PeSectionOfRva(&Loaded.View, 0x1000));

    Loaded.View.Nt->FileHeader.NumberOfSections = 5;
    Loaded.View.Nt->FileHeader.SizeOfOptionalHeader = 0xFFFF; /* table past the image */
    assert_null(PeFirstSection(&Loaded.View, &Count));
    Loaded.View.Nt->FileHeader.SizeOfOptionalHeader = sizeof(PE_OPTIONAL_HEADER64) + 1;
    assert_null(PeFirstSection(&Loaded.View, &Count)); /* misaligned table */
    PbUnload(&Loaded);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(MapZeroFills),   cmocka_unit_test(MapCopiesOnlyVirtualSize),
        cmocka_unit_test(OpenViewFields), cmocka_unit_test(OpenViewFailures),
        cmocka_unit_test(SectionHelpers), cmocka_unit_test(SectionProtection),
        cmocka_unit_test(RvaToPointer),   cmocka_unit_test(CorruptedHeadersAfterOpen),
    };

    return cmocka_run_group_tests_name("unit.pe.map", Tests, NULL, NULL);
}
