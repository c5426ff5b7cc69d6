/* SPDX-License-Identifier: MIT */
/*
 * unit.hal.acpi: hal.dll's ACPI table discovery (hal/acpi/acpitab.c, acpisys.c) on synthetic
 * tables: the RSDP, XSDT/RSDT and their fallbacks, every validation failure with the status
 * and log entry it must produce, and whole-system discovery with broken pieces and random
 * corruption. Map hands out exact-size copies, so ASan flags any read past a mapping.
 */
#include "acpitest.h"

/* A minimal valid table: the header and four bytes. */
static uint64_t
PlaceSimple(TEST_STATE *Test, const char *Signature)
{
    AbBegin(&Test->Table, Signature, 1);
    AbPut32(&Test->Table, 0x12345678);
    return AbPlaceTable(&Test->Machine, &Test->Table);
}

/* ---- RSDP and root tables ---------------------------------------------------------------- */

static void
test_xsdt_preferred(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Facp = PlaceSimple(Test, "FACP"), Apic = PlaceSimple(Test, "APIC");
    uint64_t Only = PlaceSimple(Test, "SSDT");
    uint64_t XsdtEntries[2] = {Facp, Apic}, RsdtEntries[1] = {Only};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", XsdtEntries, 2);
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", RsdtEntries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)Rsdt, Xsdt);
    const ACPI_TABLE *Table;

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_true(Test->Root.UsingXsdt);
    assert_int_equal(Test->Root.RootAddress, Xsdt);
    assert_int_equal(Test->Root.RsdpRevision, 2);
    assert_memory_equal(Test->Root.OemId, "BASALT", 6);
    assert_int_equal(Test->Root.TableCount, 2);
    Table = AcpiFindTable(&Test->Root, "APIC", 0);
    assert_non_null(Table);
    assert_int_equal(Table->Address, Apic);
    assert_int_equal(Table->Length, 40);
    assert_memory_equal(Table->Data, "APIC", 4);
    assert_null(AcpiFindTable(&Test->Root, "APIC", 1));
    assert_null(AcpiFindTable(&Test->Root, "SSDT", 0));
    assert_int_equal(Test->Machine.LogCount, 0);
}

static void
test_rsdt_for_acpi_1(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 0, (uint32_t)Rsdt, 0);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_false(Test->Root.UsingXsdt);
    assert_int_equal(Test->Root.RsdpRevision, 0);
    assert_int_equal(Test->Root.RootAddress, Rsdt);
    assert_non_null(AcpiFindTable(&Test->Root, "FACP", 0));
}

static void
test_rsdt_when_rsdp_2_has_no_xsdt(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)Rsdt, 0);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_false(Test->Root.UsingXsdt);
    assert_int_equal(Test->Machine.LogCount, 0);
}

static void
test_bad_xsdt_falls_back_to_rsdt(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 1);
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)Rsdt, Xsdt);
    const AB_LOG *Log;

    AbAt(&Test->Machine, Xsdt)[40] ^= 0x01; /* one bit of the entry: checksum no longer 0 */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_false(Test->Root.UsingXsdt);
    assert_int_equal(Test->Root.RootAddress, Rsdt);
    assert_non_null(AcpiFindTable(&Test->Root, "FACP", 0));
    Log = AbFindLog(&Test->Machine, "XSDT", ACPI_E_BAD_CHECKSUM);
    assert_non_null(Log);
    assert_int_equal(Log->Address, Xsdt);
}

static void
test_xsdt_pointing_nowhere_falls_back(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)Rsdt, AB_NOWHERE);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_false(Test->Root.UsingXsdt);
    assert_non_null(AbFindLog(&Test->Machine, "XSDT", ACPI_E_UNMAPPED));
}

static void
test_xsdt_with_wrong_signature_falls_back(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t NotXsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)NotXsdt, NotXsdt);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_false(Test->Root.UsingXsdt);
    assert_non_null(AbFindLog(&Test->Machine, "XSDT", ACPI_E_BAD_SIGNATURE));
}

static void
test_no_usable_root(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 1);
    uint64_t Rsdt = AbRoot(&Test->Machine, "RSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, (uint32_t)Rsdt, Xsdt);

    AbAt(&Test->Machine, Xsdt)[9] ^= 0xFF;
    AbAt(&Test->Machine, Rsdt)[9] ^= 0xFF;
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_NO_ROOT);
    assert_int_equal(Test->Root.TableCount, 0);
    assert_non_null(AbFindLog(&Test->Machine, "XSDT", ACPI_E_BAD_CHECKSUM));
    assert_non_null(AbFindLog(&Test->Machine, "RSDT", ACPI_E_BAD_CHECKSUM));
}

static void
test_rsdp_failures(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[1] = {PlaceSimple(Test, "FACP")};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    uint8_t *Bytes = AbAt(&Test->Machine, Rsdp);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, AB_NOWHERE), ACPI_E_UNMAPPED);
    assert_non_null(AbFindLog(&Test->Machine, "RSDP", ACPI_E_UNMAPPED));
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, 0), ACPI_E_UNMAPPED);

    Bytes[0] = 'X';
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_BAD_SIGNATURE);
    Bytes[0] = 'R';

    Bytes[8] ^= 1; /* 1.0 checksum */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_BAD_CHECKSUM);
    Bytes[8] ^= 1;

    Bytes[32] ^= 1; /* extended checksum */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_BAD_CHECKSUM);
    Bytes[32] ^= 1;

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_true(Test->Root.UsingXsdt);
}

static void
test_rsdp_bad_length(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, 0, 0);
    uint8_t *Bytes = AbAt(&Test->Machine, Rsdp);

    Bytes[20] = 24; /* below the 36-byte 2.0 structure; first checksum still fine */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_BAD_LENGTH);
    Bytes[20] = 0;
    Bytes[22] = 1; /* 64 KiB */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_BAD_LENGTH);
}

static void
test_rsdp_cut_short_by_memory(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, 0, 0);

    Test->Machine.RamSize = (uint32_t)(Rsdp - AB_RAM_BASE) + 30; /* 20 readable, 36 not */
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_E_TRUNCATED);
}

/* ---- Tables listed by the root ------------------------------------------------------------ */

static void
test_bad_tables_are_skipped_and_logged(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Good = PlaceSimple(Test, "FACP"), BadSum = PlaceSimple(Test, "APIC");
    uint64_t Short = PlaceSimple(Test, "HPET"), Huge = PlaceSimple(Test, "MCFG");
    uint64_t Entries[7] = {Good, BadSum, Short, Huge, AB_NOWHERE, 0, Good};
    uint64_t Xsdt, Rsdp;

    AbAt(&Test->Machine, BadSum)[37] ^= 0x40;
    AbAt(&Test->Machine, Short)[4] = 20;  /* length below the header */
    AbAt(&Test->Machine, Huge)[7] = 0x10; /* 256 MiB */
    Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 7);
    Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_int_equal(Test->Root.TableCount, 1); /* null entry and repeat skipped silently */
    assert_int_equal(Test->Root.Tables[0].Address, Good);
    assert_int_equal(Test->Machine.LogCount, 4);
    assert_int_equal(AbFindLog(&Test->Machine, "APIC", ACPI_E_BAD_CHECKSUM)->Address, BadSum);
    assert_int_equal(AbFindLog(&Test->Machine, "HPET", ACPI_E_BAD_LENGTH)->Address, Short);
    assert_int_equal(AbFindLog(&Test->Machine, "MCFG", ACPI_E_BAD_LENGTH)->Address, Huge);
    assert_int_equal(AbFindLog(&Test->Machine, "????", ACPI_E_UNMAPPED)->Address, AB_NOWHERE);
}

static void
test_table_running_past_memory(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Table = PlaceSimple(Test, "SSDT");
    uint64_t Entries[1] = {Table};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 1);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    uint32_t Tail = (uint32_t)(AB_RAM_BASE + AB_RAM_SIZE - Table);

    /* Claim a length that reaches 16 bytes past the end of RAM (checksum left alone). */
    AbAt(&Test->Machine, Table)[4] = (uint8_t)(Tail + 16);
    AbAt(&Test->Machine, Table)[5] = (uint8_t)((Tail + 16) >> 8);
    AbAt(&Test->Machine, Table)[6] = (uint8_t)((Tail + 16) >> 16);
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_int_equal(Test->Root.TableCount, 0);
    assert_non_null(AbFindLog(&Test->Machine, "SSDT", ACPI_E_TRUNCATED));
}

static void
test_entry_near_top_of_address_space(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[2] = {0xFFFFFFFFFFFFFFF0ull, PlaceSimple(Test, "FACP")};
    uint64_t Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 2);
    uint64_t Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);

    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_int_equal(Test->Root.TableCount, 1);
    assert_non_null(AbFindLog(&Test->Machine, "????", ACPI_E_UNMAPPED));
}

static void
test_root_trailing_bytes_ignored(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Facp = PlaceSimple(Test, "FACP");
    uint64_t Xsdt, Rsdp;

    AbBegin(&Test->Table, "XSDT", 1);
    AbPut64(&Test->Table, Facp);
    AbPut32(&Test->Table, 0xFFFFFFFF); /* half an entry */
    Xsdt = AbPlaceTable(&Test->Machine, &Test->Table);
    Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_int_equal(Test->Root.TableCount, 1);
    assert_int_equal(Test->Machine.LogCount, 0);
}

static void
test_too_many_tables(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Entries[ACPI_MAX_TABLES + 3];
    uint64_t Xsdt, Rsdp;

    for (uint32_t i = 0; i < ACPI_MAX_TABLES + 3; i++)
        Entries[i] = PlaceSimple(Test, "SSDT");
    Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, ACPI_MAX_TABLES + 3);
    Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    assert_acpi_status(AcpiLoadRoot(&Test->Root, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_int_equal(Test->Root.TableCount, ACPI_MAX_TABLES);
    assert_int_equal(Test->Root.Overflow, 3);
    assert_non_null(AbFindLog(&Test->Machine, "XSDT", ACPI_E_TOO_MANY));
    assert_non_null(AcpiFindTable(&Test->Root, "SSDT", ACPI_MAX_TABLES - 1));
    assert_null(AcpiFindTable(&Test->Root, "SSDT", ACPI_MAX_TABLES));
}

static void
test_map_table_expected_signature(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Ssdt = PlaceSimple(Test, "SSDT");
    ACPI_TABLE Table;

    assert_acpi_status(AcpiMapTable(&Test->Machine.Host, Ssdt, "DSDT", &Table),
                       ACPI_E_BAD_SIGNATURE);
    assert_null(Table.Data);
    assert_memory_equal(Table.Signature, "DSDT", 4);
    assert_acpi_status(AcpiMapTable(&Test->Machine.Host, Ssdt, "SSDT", &Table), ACPI_OK);
    assert_non_null(Table.Data);
    assert_int_equal(Table.Length, 40);
    assert_acpi_status(AcpiMapTable(&Test->Machine.Host, 0, "SSDT", &Table), ACPI_E_UNMAPPED);
}

/* ---- Whole-system discovery ---------------------------------------------------------------- */

static void
test_discover_system(void **State)
{
    TEST_STATE *Test = *State;
    AB_SYSTEM Placed;
    ACPI_SYSTEM *System = &Test->System;

    AbBuildSystem(&Test->Machine, &Placed, false);
    assert_acpi_status(AcpiDiscover(System, &Test->Machine.Host, Placed.Rsdp), ACPI_OK);
    assert_int_equal(Test->Machine.LogCount, 0);
    assert_true(System->Root.UsingXsdt);
    assert_true(System->HaveFadt && System->HaveDsdt && System->HaveS5 && System->HaveMadt &&
                System->HaveHpet && System->HaveMcfg);
    assert_int_equal(System->Dsdt.Address, Placed.Dsdt);
    assert_int_equal(System->Fadt.Pm1aControl.Address, 0x604);
    assert_int_equal(System->Madt.EnabledCount, 2);
    assert_int_equal(System->Madt.Processors[1].ApicId, 1);
    assert_int_equal(System->Madt.OverrideCount, 2);
    assert_int_equal(System->Hpet.Address, 0xFED00000);
    assert_int_equal(System->Mcfg.Segments[0].Address, 0xB0000000);
}

static void
test_discover_s5_in_ssdt(void **State)
{
    TEST_STATE *Test = *State;
    AB_SYSTEM Placed;

    AbBuildSystem(&Test->Machine, &Placed, true);
    assert_acpi_status(AcpiDiscover(&Test->System, &Test->Machine.Host, Placed.Rsdp), ACPI_OK);
    assert_true(Test->System.HaveS5);
    assert_int_equal(Test->Machine.LogCount, 0);
}

static void
test_discover_dsdt_fallback(void **State)
{
    TEST_STATE *Test = *State;
    AB_SYSTEM Placed;
    uint8_t *Fadt;

    AbBuildSystem(&Test->Machine, &Placed, false);
    Fadt = AbAt(&Test->Machine, Placed.Fadt);
    memset(Fadt + AB_FADT_X_DSDT, 0, 8);
    Fadt[AB_FADT_X_DSDT + 2] = 0xAD; /* X_DSDT 0xAD0000: nowhere */
    AbFixChecksum(&Test->Machine, Placed.Fadt);
    assert_acpi_status(AcpiDiscover(&Test->System, &Test->Machine.Host, Placed.Rsdp), ACPI_OK);
    assert_true(Test->System.HaveDsdt);
    assert_int_equal(Test->System.Dsdt.Address, Placed.Dsdt);
    assert_non_null(AbFindLog(&Test->Machine, "DSDT", ACPI_E_UNMAPPED));
    assert_true(Test->System.HaveS5);
}

static void
test_discover_broken_pieces(void **State)
{
    TEST_STATE *Test = *State;
    AB_SYSTEM Placed;
    const AB_LOG *Log;

    AbBuildSystem(&Test->Machine, &Placed, false);
    AbAt(&Test->Machine, Placed.Dsdt)[40] ^= 1; /* DSDT checksum */
    AbAt(&Test->Machine, Placed.Madt)[45] = 0;  /* first MADT entry length 0 */
    AbAt(&Test->Machine, Placed.Hpet)[40] = 1;  /* HPET in I/O space */
    AbFixChecksum(&Test->Machine, Placed.Madt);
    AbFixChecksum(&Test->Machine, Placed.Hpet);
    assert_acpi_status(AcpiDiscover(&Test->System, &Test->Machine.Host, Placed.Rsdp), ACPI_OK);
    assert_true(Test->System.HaveFadt);
    assert_false(Test->System.HaveDsdt);
    assert_false(Test->System.HaveS5);
    assert_false(Test->System.HaveMadt);
    assert_false(Test->System.HaveHpet);
    assert_true(Test->System.HaveMcfg);
    assert_non_null(AbFindLog(&Test->Machine, "DSDT", ACPI_E_BAD_CHECKSUM));
    Log = AbFindLog(&Test->Machine, "APIC", ACPI_E_BAD_ENTRY);
    assert_non_null(Log);
    assert_int_equal(Log->Offset, 44);
    assert_non_null(AbFindLog(&Test->Machine, "HPET", ACPI_E_BAD_VALUE));
}

static void
test_discover_second_madt_used(void **State)
{
    TEST_STATE *Test = *State;
    AB_SYSTEM Placed;
    uint64_t Good, Entries[3], Xsdt, Rsdp;

    AbBuildSystem(&Test->Machine, &Placed, false);
    AbAt(&Test->Machine, Placed.Madt)[45] = 3;
    AbFixChecksum(&Test->Machine, Placed.Madt);
    AbMadt(&Test->Table, 3);
    Good = AbPlaceTable(&Test->Machine, &Test->Table);
    Entries[0] = Placed.Fadt;
    Entries[1] = Placed.Madt;
    Entries[2] = Good;
    Xsdt = AbRoot(&Test->Machine, "XSDT", Entries, 3);
    Rsdp = AbRsdp(&Test->Machine, 2, 0, Xsdt);
    assert_acpi_status(AcpiDiscover(&Test->System, &Test->Machine.Host, Rsdp), ACPI_OK);
    assert_true(Test->System.HaveMadt);
    assert_int_equal(Test->System.Madt.EnabledCount, 3);
    assert_non_null(AbFindLog(&Test->Machine, "APIC", ACPI_E_BAD_ENTRY));
}

static void
test_discover_without_root(void **State)
{
    TEST_STATE *Test = *State;

    assert_acpi_status(AcpiDiscover(&Test->System, &Test->Machine.Host, AB_NOWHERE),
                       ACPI_E_UNMAPPED);
    assert_false(Test->System.HaveFadt || Test->System.HaveMadt);
}

/* Byte flips over the whole system, checksums repaired half the time so the parsers see the
 * damage, and holes punched into memory: discovery must finish without reading out of
 * bounds (ASan/UBSan). */
static void
test_discover_survives_corruption(void **State)
{
    TEST_STATE *Test = *State;
    uint64_t Tables[9];
    uint32_t Lengths[9];
    uint32_t Seed = 12345;
    AB_SYSTEM Placed;

    for (uint32_t Round = 0; Round < 3000; Round++)
    {
        AbFree(&Test->Machine);
        AbInit(&Test->Machine);
        AbBuildSystem(&Test->Machine, &Placed, Round % 2 != 0);
        memcpy(Tables, &Placed, sizeof(Tables));
        for (uint32_t i = 0; i < 9; i++)
        {
            uint8_t *Table = AbAt(&Test->Machine, Tables[i]);
            Lengths[i] = Tables[i] == Placed.Rsdp ? 36 : (uint32_t)(Table[4] | Table[5] << 8);
        }
        for (uint32_t Flip = 0; Flip < 1 + Round % 4; Flip++)
        {
            Seed = Seed * 1103515245u + 12345u;
            uint32_t Which = (Seed >> 16) % 9;
            uint8_t *Table = AbAt(&Test->Machine, Tables[Which]);
            Seed = Seed * 1103515245u + 12345u;
            Table[(Seed >> 8) % Lengths[Which]] ^= (uint8_t)(1u << ((Seed >> 4) % 8));
            if (Round % 2 == 0 && Tables[Which] != Placed.Rsdp &&
                (uint32_t)(Table[4] | Table[5] << 8 | Table[6] << 16 | (uint32_t)Table[7] << 24) ==
                    Lengths[Which])
                AbFixChecksum(&Test->Machine, Tables[Which]);
        }
        if (Round % 5 == 0)
        {
            Seed = Seed * 1103515245u + 12345u;
            Test->Machine.HoleStart = Tables[1 + (Seed >> 16) % 8] + (Seed >> 8) % 48;
            Test->Machine.HoleEnd = Test->Machine.HoleStart + 1 + (Seed >> 4) % 64;
        }
        AcpiDiscover(&Test->System, &Test->Machine.Host, Placed.Rsdp);
        AcpiDiscover(&Test->System, &Test->Machine.Host, Placed.Xsdt); /* not an RSDP */
    }
}
int
main(void)
{
    const struct CMUnitTest Tests[] = {
        ACPI_TEST(test_xsdt_preferred),
        ACPI_TEST(test_rsdt_for_acpi_1),
        ACPI_TEST(test_rsdt_when_rsdp_2_has_no_xsdt),
        ACPI_TEST(test_bad_xsdt_falls_back_to_rsdt),
        ACPI_TEST(test_xsdt_pointing_nowhere_falls_back),
        ACPI_TEST(test_xsdt_with_wrong_signature_falls_back),
        ACPI_TEST(test_no_usable_root),
        ACPI_TEST(test_rsdp_failures),
        ACPI_TEST(test_rsdp_bad_length),
        ACPI_TEST(test_rsdp_cut_short_by_memory),
        ACPI_TEST(test_bad_tables_are_skipped_and_logged),
        ACPI_TEST(test_table_running_past_memory),
        ACPI_TEST(test_entry_near_top_of_address_space),
        ACPI_TEST(test_root_trailing_bytes_ignored),
        ACPI_TEST(test_too_many_tables),
        ACPI_TEST(test_map_table_expected_signature),
        ACPI_TEST(test_discover_system),
        ACPI_TEST(test_discover_s5_in_ssdt),
        ACPI_TEST(test_discover_dsdt_fallback),
        ACPI_TEST(test_discover_broken_pieces),
        ACPI_TEST(test_discover_second_madt_used),
        ACPI_TEST(test_discover_without_root),
        ACPI_TEST(test_discover_survives_corruption),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
