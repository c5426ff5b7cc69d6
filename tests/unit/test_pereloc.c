/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.reloc: PeRelocate applying DIR64, HIGHLOW, HIGH and LOW fixups up and down the
 * address space, refusing to move images marked RELOCS_STRIPPED, and rejecting malformed
 * blocks, targets and types without changing a byte of the image.
 */
#include "petest.h"

#define DATA(Loaded, Offset) ((Loaded)->Memory + PB_SAMPLE_DATA_RVA + (Offset))
#define RELOC_RVA 0x6000u

static uint64_t
Load64(const uint8_t *p)
{
    uint64_t Value;

    memcpy(&Value, p, sizeof(Value));
    return Value;
}

static uint32_t
Load32(const uint8_t *p)
{
    uint32_t Value;

    memcpy(&Value, p, sizeof(Value));
    return Value;
}

static uint16_t
Load16(const uint8_t *p)
{
    uint16_t Value;

    memcpy(&Value, p, sizeof(Value));
    return Value;
}

static void
Store32(uint8_t *p, uint32_t Value)
{
    memcpy(p, &Value, sizeof(Value));
}

static void
Store16(uint8_t *p, uint16_t Value)
{
    memcpy(p, &Value, sizeof(Value));
}

static void
AssertRelocatedBy(PB_LOADED *Loaded, uint64_t LoadBase)
{
    uint32_t Low32 = (uint32_t)(LoadBase + PB_SAMPLE_DATA_RVA);

    assert_pe_status(PeRelocate(&Loaded->View), PE_OK);
    assert_int_equal(Load64(DATA(Loaded, 0x00)), LoadBase + PB_SAMPLE_TEXT_RVA);
    assert_int_equal(Load32(DATA(Loaded, 0x08)), (uint32_t)(LoadBase + PB_SAMPLE_TEXT_RVA + 0x10));
    assert_int_equal(Load16(DATA(Loaded, 0x0C)), (uint16_t)(Low32 >> 16));
    assert_int_equal(Load16(DATA(Loaded, 0x0E)), (uint16_t)Low32);
    assert_int_equal(Load64(DATA(Loaded, 0x11)), LoadBase + PB_SAMPLE_TEXT_RVA);
    assert_int_equal(*DATA(Loaded, 0x10), 0xA5); /* untouched between the fixups */
    assert_int_equal(*DATA(Loaded, 0x19), 0xA5);
    assert_int_equal(Loaded->View.Nt->OptionalHeader.ImageBase, LoadBase);
}

static void
RelocateUp(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x12340000);
    AssertRelocatedBy(&Loaded, PB_DEFAULT_BASE + 0x12340000);
    PbUnload(&Loaded);
}

/* A delta that is not a multiple of 64 KiB exercises LOW (and HIGH without carry). */
static void
RelocateByOddDelta(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x5678);
    assert_pe_status(PeRelocate(&Loaded.View), PE_OK);
    assert_int_equal(Load16(DATA(&Loaded, 0x0C)), 0x4000);
    assert_int_equal(Load16(DATA(&Loaded, 0x0E)), 0x2000 + 0x5678);
    assert_int_equal(Load64(DATA(&Loaded, 0x11)), PB_DEFAULT_BASE + 0x5678 + PB_SAMPLE_TEXT_RVA);
    PbUnload(&Loaded);
}

/* Into the kernel half: the delta wraps in 64 bits, 32-bit fixups keep the low half. */
static void
RelocateDownIntoKernelSpace(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, 0xFFFFF80000400000ull);
    AssertRelocatedBy(&Loaded, 0xFFFFF80000400000ull);
    PbUnload(&Loaded);
}

static void
RelocateNotMoving(void **State)
{
    PB_LOADED Loaded;
    uint8_t *Before = malloc(0x7000);

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    memcpy(Before, Loaded.Memory, 0x7000);
    assert_pe_status(PeRelocate(&Loaded.View), PE_OK);
    assert_memory_equal(Before, Loaded.Memory, 0x7000);

    /* Not moving needs no relocations, even when they were stripped. */
    Loaded.View.Nt->FileHeader.Characteristics |= PE_FILE_RELOCS_STRIPPED;
    Loaded.View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_BASERELOC].Size = 0;
    assert_pe_status(PeRelocate(&Loaded.View), PE_OK);
    free(Before);
    PbUnload(&Loaded);
}

static void
RelocsStripped(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x10000);
    Loaded.View.Nt->FileHeader.Characteristics |= PE_FILE_RELOCS_STRIPPED;
    assert_pe_status(PeRelocate(&Loaded.View), PE_E_RELOCS_STRIPPED);
    assert_int_equal(Loaded.View.Nt->OptionalHeader.ImageBase, PB_DEFAULT_BASE);
    assert_int_equal(Load64(DATA(&Loaded, 0)), PB_DEFAULT_BASE + PB_SAMPLE_TEXT_RVA); /* as is */
    PbUnload(&Loaded);
}

/* As on Windows: no directory and no RELOCS_STRIPPED flag means nothing to fix up, so the
 * image moves as it is. */
static void
RelocateWithoutDirectory(void **State)
{
    PB_LOADED Loaded;
    PE_DATA_DIRECTORY *Reloc;
    uint8_t *Before = malloc(0x7000);

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x10000);
    Reloc = &Loaded.View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_BASERELOC];
    Reloc->Size = 0;
    memcpy(Before, Loaded.Memory, 0x7000);
    assert_pe_status(PeRelocate(&Loaded.View), PE_OK);
    assert_int_equal(Loaded.View.Nt->OptionalHeader.ImageBase, PB_DEFAULT_BASE + 0x10000);
    Loaded.View.Nt->OptionalHeader.ImageBase = PB_DEFAULT_BASE;
    assert_memory_equal(Before, Loaded.Memory, 0x7000);

    Reloc->Size = 0x10;
    Reloc->VirtualAddress = 0; /* an address of 0 is no directory either */
    assert_pe_status(PeRelocate(&Loaded.View), PE_OK);
    free(Before);
    PbUnload(&Loaded);
}

/* The directory entry is re-read at use: moved out of the image after PeOpenView. */
static void
RelocateDirectoryOutsideImage(void **State)
{
    PB_LOADED Loaded;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x10000);
    Loaded.View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_BASERELOC].VirtualAddress = 0x6FF0;
    assert_pe_status(PeRelocate(&Loaded.View), PE_E_BAD_DIRECTORY);
    PbUnload(&Loaded);
}

/* A fixup that rewrites a later block of the table itself: the table validated, but while
 * being applied it turns malformed. The apply pass re-checks everything, so this still
 * stops at the bad block instead of reading or writing out of bounds. */
static void
RelocateSelfModifyingTable(void **State)
{
    static const PB_RELOC Relocs[] = {
        {0x2010, PE_REL_BASED_HIGHLOW}, /* the SizeOfBlock of the next block */
        {0x1000, PE_REL_BASED_DIR64},
    };
    PB_IMAGE Image;
    PB_LOADED Loaded;

    (void)State;
    PbInit(&Image, PB_DEFAULT_BASE);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x100, 0);
    assert_int_equal(PbAddRelocs(&Image, Relocs, 2), 0x2000);
    assert_pe_status(PbLoad(&Image, "self.sys", PB_DEFAULT_BASE + 0x10000, &Loaded), PE_OK);
    assert_int_equal(Load32(Loaded.Memory + 0x2010), 12);
    assert_pe_status(PeRelocate(&Loaded.View), PE_E_BAD_RELOCATION);
    assert_int_equal(Load32(Loaded.Memory + 0x2010), 12 + 0x10000);
    assert_int_equal(Loaded.View.Nt->OptionalHeader.ImageBase, PB_DEFAULT_BASE);
    PbUnload(&Loaded);
    PbFree(&Image);
}

/* ---- Malformed tables: each must fail and leave the image exactly as it was ------------ */

typedef void (*CORRUPT)(PB_LOADED *Loaded, uint8_t *Block);

static void
ExpectBadRelocation(CORRUPT Corrupt)
{
    PB_LOADED Loaded;
    uint8_t *Before = malloc(0x7000);

    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x10000);
    Corrupt(&Loaded, Loaded.Memory + RELOC_RVA);
    memcpy(Before, Loaded.Memory, 0x7000);
    assert_pe_status(PeRelocate(&Loaded.View), PE_E_BAD_RELOCATION);
    assert_memory_equal(Before, Loaded.Memory, 0x7000);
    free(Before);
    PbUnload(&Loaded);
}

/* The sample has one block at RELOC_RVA: page 0x2000, SizeOfBlock 20, entries at +8.. */
static void
SetBlockSize(PB_LOADED *Loaded, uint8_t *Block, uint32_t Size)
{
    (void)Loaded;
    Store32(Block + 4, Size);
}

static void
BlockSmallerThanHeader(PB_LOADED *Loaded, uint8_t *Block)
{
    SetBlockSize(Loaded, Block, 4);
}

static void
BlockSizeZero(PB_LOADED *Loaded, uint8_t *Block)
{
    SetBlockSize(Loaded, Block, 0);
}

static void
BlockSizeOdd(PB_LOADED *Loaded, uint8_t *Block)
{
    SetBlockSize(Loaded, Block, 11);
}

static void
BlockPastDirectory(PB_LOADED *Loaded, uint8_t *Block)
{
    SetBlockSize(Loaded, Block, 24); /* the directory holds 20 bytes */
}

static void
BlockHugeSize(PB_LOADED *Loaded, uint8_t *Block)
{
    SetBlockSize(Loaded, Block, 0xFFFFFFF0);
}

static void
TrailingPartialHeader(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Block;
    Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_BASERELOC].Size += 4;
}

/* A valid first block then a bad second one: the first must not have been applied. */
static void
SecondBlockBad(PB_LOADED *Loaded, uint8_t *Block)
{
    Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_BASERELOC].Size += 12;
    Store32(Block + 20, 0x1000);
    Store32(Block + 24, 12);
    Store16(Block + 28, (uint16_t)(PE_REL_BASED_DIR64 << 12 | 0x10));
    Store16(Block + 30, (uint16_t)(7 << 12)); /* unknown type */
}

static void
TargetPastImage(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store32(Block, 0x6000);
    Store16(Block + 8, (uint16_t)(PE_REL_BASED_DIR64 << 12 | 0xFFC)); /* 0x6FFC + 8 > 0x7000 */
}

static void
TargetPartlyPastImage(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store32(Block, 0x6000);
    Store16(Block + 8, (uint16_t)(PE_REL_BASED_HIGHLOW << 12 | 0xFFE));
}

static void
BlockPageOutsideImage(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store32(Block, 0x7000);
}

static void
BlockPageWraps(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store32(Block, 0xFFFFF000);
}

static void
TargetInHeaders(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store32(Block, 0);
    Store16(Block + 8, (uint16_t)(PE_REL_BASED_DIR64 << 12 | 0x30)); /* in the DOS header */
}

static void
RelocateRejectsBadBlocks(void **State)
{
    (void)State;
    ExpectBadRelocation(BlockSmallerThanHeader);
    ExpectBadRelocation(BlockSizeZero);
    ExpectBadRelocation(BlockSizeOdd);
    ExpectBadRelocation(BlockPastDirectory);
    ExpectBadRelocation(BlockHugeSize);
    ExpectBadRelocation(TrailingPartialHeader);
    ExpectBadRelocation(SecondBlockBad);
}

static void
RelocateRejectsBadTargets(void **State)
{
    (void)State;
    ExpectBadRelocation(TargetPastImage);
    ExpectBadRelocation(TargetPartlyPastImage);
    ExpectBadRelocation(BlockPageOutsideImage);
    ExpectBadRelocation(BlockPageWraps);
    ExpectBadRelocation(TargetInHeaders);
}

static uint16_t UnknownType;

static void
SetUnknownType(PB_LOADED *Loaded, uint8_t *Block)
{
    (void)Loaded;
    Store16(Block + 10, (uint16_t)(UnknownType << 12 | 0x20));
}

static void
RelocateRejectsUnknownTypes(void **State)
{
    const uint16_t Types[] = {4, 5, 6, 7, 8, 9, 11, 12, 15};

    (void)State;
    for (size_t i = 0; i < sizeof(Types) / sizeof(Types[0]); i++)
    {
        UnknownType = Types[i];
        ExpectBadRelocation(SetUnknownType);
    }
}

/* ABSOLUTE entries are padding: any offset, never a target, never checked. */
static void
RelocateSkipsAbsolute(void **State)
{
    PB_LOADED Loaded;
    uint8_t *Block;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE + 0x10000);
    Block = Loaded.Memory + RELOC_RVA;
    Store16(Block + 18, (uint16_t)(PE_REL_BASED_ABSOLUTE << 12 | 0xFFF));
    AssertRelocatedBy(&Loaded, PB_DEFAULT_BASE + 0x10000);
    PbUnload(&Loaded);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(RelocateUp),
        cmocka_unit_test(RelocateByOddDelta),
        cmocka_unit_test(RelocateDownIntoKernelSpace),
        cmocka_unit_test(RelocateNotMoving),
        cmocka_unit_test(RelocsStripped),
        cmocka_unit_test(RelocateWithoutDirectory),
        cmocka_unit_test(RelocateDirectoryOutsideImage),
        cmocka_unit_test(RelocateSelfModifyingTable),
        cmocka_unit_test(RelocateRejectsBadBlocks),
        cmocka_unit_test(RelocateRejectsBadTargets),
        cmocka_unit_test(RelocateRejectsUnknownTypes),
        cmocka_unit_test(RelocateSkipsAbsolute),
    };

    return cmocka_run_group_tests_name("unit.pe.reloc", Tests, NULL, NULL);
}
