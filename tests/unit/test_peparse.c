/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.parse: PeParseFile on the sample image, on every truncation of it, and on each
 * malformed header field with the exact status it must produce.
 */
#include "petest.h"

typedef struct PT_FILE
{
    uint8_t *Data;
    size_t Size;
} PT_FILE;

static int
SetupSample(void **State)
{
    PT_FILE *File = calloc(1, sizeof(*File));
    PB_IMAGE Image;

    PbInit(&Image, PB_DEFAULT_BASE);
    PbBuildSample(&Image);
    File->Data = PbLink(&Image, &File->Size);
    PbFree(&Image);
    *State = File;
    return 0;
}

static int
TeardownSample(void **State)
{
    PT_FILE *File = *State;

    free(File->Data);
    free(File);
    return 0;
}

static PE_STATUS
Parse(const PT_FILE *File)
{
    PE_FILE Parsed;

    return PeParseFile(File->Data, File->Size, &Parsed);
}

static PE_NT_HEADERS64 *
Nt(void **State)
{
    return PbFileNt(((PT_FILE *)*State)->Data);
}

static PE_SECTION_HEADER *
Section(void **State, unsigned Index)
{
    return PbFileSection(((PT_FILE *)*State)->Data, Index);
}

static void
SetLfanew(void **State, uint32_t Value)
{
    memcpy(((PT_FILE *)*State)->Data + offsetof(PE_DOS_HEADER, e_lfanew), &Value, 4);
}

/* ---- Valid files ------------------------------------------------------------------------- */

static void
ParseSample(void **State)
{
    PT_FILE *File = *State;
    PE_FILE Parsed;

    assert_pe_status(PeParseFile(File->Data, File->Size, &Parsed), PE_OK);
    assert_ptr_equal(Parsed.Data, File->Data);
    assert_int_equal(Parsed.Size, File->Size);
    assert_ptr_equal(Parsed.Nt, File->Data + PB_NT_OFFSET);
    assert_ptr_equal(Parsed.Sections, File->Data + PB_NT_OFFSET + sizeof(PE_NT_HEADERS64));
    assert_int_equal(Parsed.NumberOfSections, 5);
    assert_int_equal(Parsed.SizeOfImage, 0x7000);
    assert_int_equal(Parsed.SizeOfHeaders, PB_HEADERS_SIZE);
    assert_int_equal(Parsed.ImageBase, PB_DEFAULT_BASE);
    assert_memory_equal(Parsed.Sections[0].Name, ".text", 6);
}

static void
ParseHeadersOnlyImage(void **State)
{
    PB_IMAGE Image;
    PT_FILE File;
    PE_FILE Parsed;

    (void)State;
    PbInit(&Image, PB_DEFAULT_BASE);
    File.Data = PbLink(&Image, &File.Size);
    assert_pe_status(PeParseFile(File.Data, File.Size, &Parsed), PE_OK);
    assert_int_equal(Parsed.NumberOfSections, 0);
    free(File.Data);
}

/* 96 empty sections (the table outgrows the usual 0x400 of headers): the limit is accepted. */
static void
ParseMaximumSections(void **State)
{
    PB_IMAGE Image;
    PT_FILE File;
    PE_FILE Parsed;

    (void)State;
    PbInit(&Image, PB_DEFAULT_BASE);
    File.Data = PbLink(&Image, &File.Size);
    File.Data = realloc(File.Data, 0x2000);
    memset(File.Data + File.Size, 0, 0x2000 - File.Size);
    File.Size = 0x2000;
    PbFileNt(File.Data)->FileHeader.NumberOfSections = PE_MAX_SECTIONS;
    PbFileNt(File.Data)->OptionalHeader.SizeOfHeaders = 0x2000;
    PbFileNt(File.Data)->OptionalHeader.SizeOfImage = 0x3000;
    for (unsigned i = 0; i < PE_MAX_SECTIONS; i++)
    {
        PbFileSection(File.Data, i)->VirtualAddress = 0x2000;
    }
    assert_pe_status(PeParseFile(File.Data, File.Size, &Parsed), PE_OK);
    PbFileNt(File.Data)->FileHeader.NumberOfSections = PE_MAX_SECTIONS + 1;
    assert_pe_status(PeParseFile(File.Data, File.Size, &Parsed), PE_E_TOO_MANY_SECTIONS);
    free(File.Data);
}

/* Another 8-aligned e_lfanew works; one that misaligns the NT headers does not. */
static void
ParseOtherNtOffsets(void **State)
{
    PT_FILE *File = *State;
    const uint32_t Span = PB_HEADERS_SIZE - PB_NT_OFFSET - 8;

    memmove(File->Data + PB_NT_OFFSET + 8, File->Data + PB_NT_OFFSET, Span);
    SetLfanew(State, PB_NT_OFFSET + 8);
    assert_pe_status(Parse(File), PE_OK);

    memmove(File->Data + PB_NT_OFFSET + 4, File->Data + PB_NT_OFFSET + 8, Span);
    SetLfanew(State, PB_NT_OFFSET + 4);
    assert_pe_status(Parse(File), PE_E_BAD_ALIGNMENT);
}

/* ---- Truncation -------------------------------------------------------------------------- */

/* Each prefix is copied into a buffer of exactly its size, so AddressSanitizer sees any
 * read past it. */
static void
ParseEveryTruncation(void **State)
{
    PT_FILE *File = *State;
    PE_FILE Parsed;

    assert_pe_status(PeParseFile(NULL, 0, &Parsed), PE_E_TRUNCATED);
    for (size_t Length = 0; Length < File->Size; Length++)
    {
        uint8_t *Prefix = malloc(Length != 0 ? Length : 1);
        PE_STATUS Status;

        memcpy(Prefix, File->Data, Length);
        Status = PeParseFile(Prefix, Length, &Parsed);
        free(Prefix);
        if (Status == PE_OK)
        {
            fail_msg("a %zu-byte prefix of a %zu-byte file parsed", Length, File->Size);
        }
        assert_null(Parsed.Nt);
    }
}

static void
ParseTruncationStatuses(void **State)
{
    PT_FILE *File = *State;
    PE_FILE Parsed;
    const size_t NtEnd = PB_NT_OFFSET + sizeof(PE_NT_HEADERS64);

    assert_pe_status(PeParseFile(File->Data, 63, &Parsed), PE_E_TRUNCATED);
    assert_pe_status(PeParseFile(File->Data, PB_NT_OFFSET + 3, &Parsed), PE_E_BAD_NT_SIGNATURE);
    assert_pe_status(PeParseFile(File->Data, PB_NT_OFFSET + 4, &Parsed), PE_E_TRUNCATED);
    assert_pe_status(PeParseFile(File->Data, NtEnd - 1, &Parsed), PE_E_TRUNCATED);
    assert_pe_status(PeParseFile(File->Data, NtEnd + 40, &Parsed), PE_E_TRUNCATED);
    assert_pe_status(PeParseFile(File->Data, PB_HEADERS_SIZE - 1, &Parsed), PE_E_TRUNCATED);
    assert_pe_status(PeParseFile(File->Data, PB_HEADERS_SIZE, &Parsed), PE_E_SECTION_OUTSIDE_FILE);
    assert_pe_status(PeParseFile(File->Data, File->Size - 1, &Parsed), PE_E_SECTION_OUTSIDE_FILE);
}

/* ---- Signatures and header fields -------------------------------------------------------- */

static void
ParseBadDosSignature(void **State)
{
    ((PT_FILE *)*State)->Data[1] = 'X';
    assert_pe_status(Parse(*State), PE_E_BAD_DOS_SIGNATURE);
}

static void
ParseBadNtSignature(void **State)
{
    Nt(State)->Signature = 0x00004551;
    assert_pe_status(Parse(*State), PE_E_BAD_NT_SIGNATURE);
}

static void
ParseLfanewOutOfRange(void **State)
{
    PT_FILE *File = *State;
    const uint32_t Values[] = {0,
                               0x20,
                               0x3C,
                               0x80000000u,
                               0xFFFFFFF0u,
                               0xFFFFFFFFu,
                               (uint32_t)File->Size,
                               (uint32_t)File->Size - 3};

    for (size_t i = 0; i < sizeof(Values) / sizeof(Values[0]); i++)
    {
        SetLfanew(State, Values[i]);
        assert_pe_status(Parse(File), PE_E_BAD_NT_SIGNATURE);
    }
}

static void
ParseBadMachine(void **State)
{
    Nt(State)->FileHeader.Machine = 0x014C;
    assert_pe_status(Parse(*State), PE_E_BAD_MACHINE);
}

static void
ParsePe32Magic(void **State)
{
    Nt(State)->OptionalHeader.Magic = 0x10B;
    assert_pe_status(Parse(*State), PE_E_BAD_OPTIONAL_HEADER);
}

static void
ParseSmallOptionalHeader(void **State)
{
    Nt(State)->FileHeader.SizeOfOptionalHeader = 224; /* the PE32 size */
    assert_pe_status(Parse(*State), PE_E_BAD_OPTIONAL_HEADER);
}

static void
ParseTooFewDirectories(void **State)
{
    Nt(State)->OptionalHeader.NumberOfRvaAndSizes = 6;
    assert_pe_status(Parse(*State), PE_E_BAD_OPTIONAL_HEADER);
}

static void
ParseMisalignedSectionTable(void **State)
{
    Nt(State)->FileHeader.SizeOfOptionalHeader = sizeof(PE_OPTIONAL_HEADER64) + 2;
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
}

static void
ParseEntryPointOutsideImage(void **State)
{
    Nt(State)->OptionalHeader.AddressOfEntryPoint = 0x7000;
    assert_pe_status(Parse(*State), PE_E_BAD_OPTIONAL_HEADER);
}

static void
ParseHeadersOverlapSectionTable(void **State)
{
    Nt(State)->OptionalHeader.SizeOfHeaders = 0x100;
    assert_pe_status(Parse(*State), PE_E_BAD_OPTIONAL_HEADER);
}

static void
ParseBadSectionAlignment(void **State)
{
    Nt(State)->OptionalHeader.SectionAlignment = 0x1001;
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
    Nt(State)->OptionalHeader.SectionAlignment = 0;
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
}

static void
ParseBadFileAlignment(void **State)
{
    Nt(State)->OptionalHeader.FileAlignment = 0x300;
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
    Nt(State)->OptionalHeader.FileAlignment = 0x2000; /* above SectionAlignment */
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
}

static void
ParseUnalignedSection(void **State)
{
    Section(State, 0)->VirtualAddress = 0x1800;
    assert_pe_status(Parse(*State), PE_E_BAD_ALIGNMENT);
}

static void
ParseHugeSizeOfImage(void **State)
{
    Nt(State)->OptionalHeader.SizeOfImage = PE_MAX_IMAGE_SIZE + 0x1000;
    assert_pe_status(Parse(*State), PE_E_IMAGE_TOO_LARGE);
    Nt(State)->OptionalHeader.SizeOfImage = 0xFFFFFFFF;
    assert_pe_status(Parse(*State), PE_E_IMAGE_TOO_LARGE);
}

static void
ParseHeadersLargerThanImage(void **State)
{
    Nt(State)->OptionalHeader.SizeOfHeaders = 0x8000;
    assert_pe_status(Parse(*State), PE_E_IMAGE_TOO_LARGE);
}

static void
ParseTooManySections(void **State)
{
    Nt(State)->FileHeader.NumberOfSections = PE_MAX_SECTIONS + 1;
    assert_pe_status(Parse(*State), PE_E_TOO_MANY_SECTIONS);
    Nt(State)->FileHeader.NumberOfSections = 0xFFFF;
    assert_pe_status(Parse(*State), PE_E_TOO_MANY_SECTIONS);
}

/* ---- Sections and directories ------------------------------------------------------------ */

static void
ParseSectionOutsideImage(void **State)
{
    Section(State, 4)->VirtualSize = 0x1001; /* .reloc at 0x6000 in a 0x7000 image */
    assert_pe_status(Parse(*State), PE_E_BAD_SECTION);
}

static void
ParseSectionAddressWraps(void **State)
{
    Section(State, 4)->VirtualAddress = 0xFFFFF000;
    Section(State, 4)->VirtualSize = 0x2000;
    assert_pe_status(Parse(*State), PE_E_BAD_SECTION);
}

static void
ParseImageSmallerThanSections(void **State)
{
    Nt(State)->OptionalHeader.SizeOfImage = 0x6000;
    assert_pe_status(Parse(*State), PE_E_BAD_SECTION);
}

static void
ParseSectionInHeaders(void **State)
{
    Section(State, 0)->VirtualAddress = 0;
    assert_pe_status(Parse(*State), PE_E_BAD_SECTION);
}

static void
ParseRawDataOutsideFile(void **State)
{
    PT_FILE *File = *State;

    Section(State, 0)->PointerToRawData = (uint32_t)File->Size;
    assert_pe_status(Parse(File), PE_E_SECTION_OUTSIDE_FILE);
    Section(State, 0)->PointerToRawData = 0xFFFFFF00; /* offset + size wraps in 32 bits */
    assert_pe_status(Parse(File), PE_E_SECTION_OUTSIDE_FILE);
    Section(State, 0)->PointerToRawData = PB_HEADERS_SIZE;
    Section(State, 0)->SizeOfRawData = 0xFFFFFE00;
    assert_pe_status(Parse(File), PE_E_SECTION_OUTSIDE_FILE);
}

static void
ParseBssPointerIgnored(void **State)
{
    Section(State, 2)->PointerToRawData = 0xFFFFFFFF; /* .bss: SizeOfRawData is 0 */
    assert_pe_status(Parse(*State), PE_OK);
}

static void
ParseOverlappingSections(void **State)
{
    Section(State, 1)->VirtualAddress = 0x1000;
    assert_pe_status(Parse(*State), PE_E_OVERLAPPING_SECTIONS);
}

static void
ParseSectionsSharingAPage(void **State)
{
    Section(State, 0)->VirtualSize = 0x1001; /* .text runs into the page of .data */
    assert_pe_status(Parse(*State), PE_E_OVERLAPPING_SECTIONS);
}

static void
ParseUnsortedSectionTable(void **State)
{
    PE_SECTION_HEADER Swap = *Section(State, 0);

    *Section(State, 0) = *Section(State, 3);
    *Section(State, 3) = Swap;
    assert_pe_status(Parse(*State), PE_OK);
}

static void
ParseDirectoryOutsideImage(void **State)
{
    PE_DATA_DIRECTORY *Export = &Nt(State)->OptionalHeader.DataDirectory[PE_DIRECTORY_EXPORT];

    Export->Size = 0x7000;
    assert_pe_status(Parse(*State), PE_E_BAD_DIRECTORY);
    Export->VirtualAddress = 0xFFFFFFF0;
    Export->Size = 0x20;
    assert_pe_status(Parse(*State), PE_E_BAD_DIRECTORY);
}

static void
ParseSecurityDirectoryIsAFileOffset(void **State)
{
    PE_DATA_DIRECTORY *Security = &Nt(State)->OptionalHeader.DataDirectory[4];

    Security->VirtualAddress = 0x00100000;
    Security->Size = 0x2000;
    assert_pe_status(Parse(*State), PE_OK);
}

#define SAMPLE_TEST(Name) cmocka_unit_test_setup_teardown(Name, SetupSample, TeardownSample)

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        SAMPLE_TEST(ParseSample),
        cmocka_unit_test(ParseHeadersOnlyImage),
        cmocka_unit_test(ParseMaximumSections),
        SAMPLE_TEST(ParseOtherNtOffsets),
        SAMPLE_TEST(ParseEveryTruncation),
        SAMPLE_TEST(ParseTruncationStatuses),
        SAMPLE_TEST(ParseBadDosSignature),
        SAMPLE_TEST(ParseBadNtSignature),
        SAMPLE_TEST(ParseLfanewOutOfRange),
        SAMPLE_TEST(ParseBadMachine),
        SAMPLE_TEST(ParsePe32Magic),
        SAMPLE_TEST(ParseSmallOptionalHeader),
        SAMPLE_TEST(ParseTooFewDirectories),
        SAMPLE_TEST(ParseMisalignedSectionTable),
        SAMPLE_TEST(ParseEntryPointOutsideImage),
        SAMPLE_TEST(ParseHeadersOverlapSectionTable),
        SAMPLE_TEST(ParseBadSectionAlignment),
        SAMPLE_TEST(ParseBadFileAlignment),
        SAMPLE_TEST(ParseUnalignedSection),
        SAMPLE_TEST(ParseHugeSizeOfImage),
        SAMPLE_TEST(ParseHeadersLargerThanImage),
        SAMPLE_TEST(ParseTooManySections),
        SAMPLE_TEST(ParseSectionOutsideImage),
        SAMPLE_TEST(ParseSectionAddressWraps),
        SAMPLE_TEST(ParseImageSmallerThanSections),
        SAMPLE_TEST(ParseSectionInHeaders),
        SAMPLE_TEST(ParseRawDataOutsideFile),
        SAMPLE_TEST(ParseBssPointerIgnored),
        SAMPLE_TEST(ParseOverlappingSections),
        SAMPLE_TEST(ParseSectionsSharingAPage),
        SAMPLE_TEST(ParseUnsortedSectionTable),
        SAMPLE_TEST(ParseDirectoryOutsideImage),
        SAMPLE_TEST(ParseSecurityDirectoryIsAFileOffset),
    };

    return cmocka_run_group_tests_name("unit.pe.parse", Tests, NULL, NULL);
}
