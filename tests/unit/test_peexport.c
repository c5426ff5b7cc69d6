/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.export: export lookup by name and ordinal, malformed export tables, DLL-name
 * matching, and PeResolveExport across modules: forwarders by name and ordinal, loops,
 * chains at and past the depth limit, and malformed forwarder strings.
 */
#include "petest.h"

#define IMAGE_SIZE 0x7000u
#define EXPORT_RVA 0x5000u

static void
AssertExport(const PE_VIEW *View, const char *Name, uint64_t Address)
{
    PE_EXPORT Export;

    assert_pe_status(PeFindExportByName(View, Name, &Export), PE_OK);
    assert_int_equal(Export.Address, Address);
    assert_null(Export.Forwarder);
}

static void
AssertNoExport(const PE_VIEW *View, const char *Name, PE_STATUS Expected)
{
    PE_EXPORT Export = {1, "x"};

    assert_pe_status(PeFindExportByName(View, Name, &Export), Expected);
    assert_int_equal(Export.Address, 0);
    assert_null(Export.Forwarder);
}

static void
ExportByName(void **State)
{
    PB_LOADED Loaded;
    const uint64_t Base = 0xFFFFF80000400000ull;

    (void)State;
    PtLoadSample(&Loaded, Base);
    AssertExport(&Loaded.View, "DriverEntry", Base + PB_SAMPLE_TEXT_RVA);
    AssertExport(&Loaded.View, "Helper", Base + PB_SAMPLE_TEXT_RVA + 0x40);
    AssertExport(&Loaded.View, "Alpha", Base + PB_SAMPLE_TEXT_RVA + 0xC0);
    AssertNoExport(&Loaded.View, "driverentry", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "DriverEntr", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "DriverEntry2", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "Zeta", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "A", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, NULL, PE_E_IMPORT_NAME_NOT_FOUND);
    PbUnload(&Loaded);
}

static void
ExportByOrdinal(void **State)
{
    PB_LOADED Loaded;
    PE_EXPORT Export;
    const uint32_t Missing[] = {0, 6, 0x10000, 0xFFFFFFFF};

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 1, &Export), PE_OK);
    assert_int_equal(Export.Address, PB_DEFAULT_BASE + PB_SAMPLE_TEXT_RVA);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 3, &Export), PE_OK); /* nameless */
    assert_int_equal(Export.Address, PB_DEFAULT_BASE + PB_SAMPLE_TEXT_RVA + 0x80);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 5, &Export), PE_OK);
    assert_int_equal(Export.Address, PB_DEFAULT_BASE + PB_SAMPLE_TEXT_RVA + 0xC0);
    for (size_t i = 0; i < sizeof(Missing) / sizeof(Missing[0]); i++)
    {
        assert_pe_status(PeFindExportByOrdinal(&Loaded.View, Missing[i], &Export),
                         PE_E_IMPORT_ORDINAL_NOT_FOUND);
    }
    PbUnload(&Loaded);
}

static void
ExportForwarderReturned(void **State)
{
    PB_LOADED Loaded;
    PE_EXPORT Export;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    assert_pe_status(PeFindExportByName(&Loaded.View, "Forwarded", &Export), PE_OK);
    assert_int_equal(Export.Address, 0);
    assert_string_equal(Export.Forwarder, "OTHER.Target");
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 4, &Export), PE_OK);
    assert_string_equal(Export.Forwarder, "OTHER.Target");
    PbUnload(&Loaded);
}

/* 200 names given in scrambled order: the binary search must find every one. */
static void
ExportBinarySearch(void **State)
{
    enum
    {
        Count = 200
    };
    static char Names[Count][8];
    PB_EXPORT Exports[Count];
    PB_IMAGE Image;
    PB_LOADED Loaded;

    (void)State;
    for (unsigned i = 0; i < Count; i++)
    {
        snprintf(Names[i], sizeof(Names[i]), "Fn%03u", (i * 73) % Count);
        Exports[i] = (PB_EXPORT){Names[i], 0x1000 + i, NULL};
    }
    PbInit(&Image, PB_DEFAULT_BASE);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddExports(&Image, "many.dll", 1, Exports, Count);
    assert_pe_status(PbLoad(&Image, "many.dll", PB_DEFAULT_BASE, &Loaded), PE_OK);
    for (unsigned i = 0; i < Count; i++)
    {
        AssertExport(&Loaded.View, Names[i], PB_DEFAULT_BASE + 0x1000 + i);
    }
    AssertNoExport(&Loaded.View, "Fn", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "Fn0005", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "Fn200", PE_E_IMPORT_NAME_NOT_FOUND);
    AssertNoExport(&Loaded.View, "\xff", PE_E_IMPORT_NAME_NOT_FOUND);
    PbUnload(&Loaded);
    PbFree(&Image);
}

static void
ExportsAbsentOrEmpty(void **State)
{
    static const PB_EXPORT Exports[] = {{"Gone", 0, NULL}, {"Here", 0x1000, NULL}};
    PB_IMAGE Image;
    PB_LOADED Loaded;
    PE_EXPORT Export;

    (void)State;
    PbInit(&Image, PB_DEFAULT_BASE);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    assert_pe_status(PbLoad(&Image, "none.dll", PB_DEFAULT_BASE, &Loaded), PE_OK);
    AssertNoExport(&Loaded.View, "Here", PE_E_IMPORT_NAME_NOT_FOUND);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 1, &Export),
                     PE_E_IMPORT_ORDINAL_NOT_FOUND);
    PbUnload(&Loaded);

    /* An address-table slot of 0 is an unused ordinal. */
    PbAddExports(&Image, "gaps.dll", 1, Exports, 2);
    assert_pe_status(PbLoad(&Image, "gaps.dll", PB_DEFAULT_BASE, &Loaded), PE_OK);
    AssertNoExport(&Loaded.View, "Gone", PE_E_IMPORT_NAME_NOT_FOUND);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 1, &Export),
                     PE_E_IMPORT_ORDINAL_NOT_FOUND);
    AssertExport(&Loaded.View, "Here", PB_DEFAULT_BASE + 0x1000);

    /* Directories past NumberOfRvaAndSizes do not exist, even after PeOpenView. */
    Loaded.View.Nt->OptionalHeader.NumberOfRvaAndSizes = PE_DIRECTORY_EXPORT;
    AssertNoExport(&Loaded.View, "Here", PE_E_IMPORT_NAME_NOT_FOUND);
    PbUnload(&Loaded);
    PbFree(&Image);
}

/* ---- Malformed export tables (corrupted in the mapped sample) ---------------------------- */

typedef void (*CORRUPT)(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory);

/* Every name lookup fails with Expected; ordinal 1 fails with ForOrdinal (the ordinal path
 * needs no name table entries, but a table outside the image fails the whole directory). */
static void
ExpectBadExports(CORRUPT Corrupt, PE_STATUS Expected, PE_STATUS ForOrdinal)
{
    PB_LOADED Loaded;
    PE_EXPORT Export;
    const char *Names[] = {"Alpha", "DriverEntry", "Forwarded", "Helper"};

    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    Corrupt(&Loaded, (PE_EXPORT_DIRECTORY *)(Loaded.Memory + EXPORT_RVA));
    for (size_t i = 0; i < sizeof(Names) / sizeof(Names[0]); i++)
    {
        assert_pe_status(PeFindExportByName(&Loaded.View, Names[i], &Export), Expected);
    }
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 1, &Export), ForOrdinal);
    PbUnload(&Loaded);
}

static uint32_t *
Table32(PB_LOADED *Loaded, uint32_t Rva)
{
    return (uint32_t *)(Loaded->Memory + Rva);
}

static void
DirectoryTooSmall(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Directory;
    Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_EXPORT].Size = 39;
}

static void
DirectoryMovedOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Directory;
    Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_EXPORT].VirtualAddress = 0x6FF0;
}

static void
FunctionsOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Loaded;
    Directory->AddressOfFunctions = IMAGE_SIZE - 8;
}

static void
NamesOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Loaded;
    Directory->AddressOfNames = IMAGE_SIZE - 4;
}

static void
NameOrdinalsOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Loaded;
    Directory->AddressOfNameOrdinals = 0xFFFFFFFF;
}

static void
NumberOfNamesWraps(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Loaded;
    Directory->NumberOfNames = 0x40000001; /* times 4 is 4 in 32 bits */
}

static void
NumberOfFunctionsHuge(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    (void)Loaded;
    Directory->NumberOfFunctions = 0xFFFFFFFF;
}

static void
NameRvasOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    for (uint32_t i = 0; i < Directory->NumberOfNames; i++)
    {
        Table32(Loaded, Directory->AddressOfNames)[i] = IMAGE_SIZE + i;
    }
}

static void
NamesUnterminated(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    memset(Loaded->Memory + IMAGE_SIZE - 4, 'Z', 4);
    for (uint32_t i = 0; i < Directory->NumberOfNames; i++)
    {
        Table32(Loaded, Directory->AddressOfNames)[i] = IMAGE_SIZE - 4;
    }
}

static void
NameOrdinalsTooLarge(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    uint16_t *Ordinals = (uint16_t *)(Loaded->Memory + Directory->AddressOfNameOrdinals);

    for (uint32_t i = 0; i < Directory->NumberOfNames; i++)
    {
        Ordinals[i] = (uint16_t)Directory->NumberOfFunctions;
    }
}

static void
FunctionRvasOutside(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    for (uint32_t i = 0; i < Directory->NumberOfFunctions; i++)
    {
        if (i != 3) /* keep the forwarder: it is not an address */
        {
            Table32(Loaded, Directory->AddressOfFunctions)[i] = IMAGE_SIZE;
        }
    }
}

static void
ForwarderUnterminated(PB_LOADED *Loaded, PE_EXPORT_DIRECTORY *Directory)
{
    Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_EXPORT].Size =
        IMAGE_SIZE - EXPORT_RVA;
    memset(Loaded->Memory + IMAGE_SIZE - 4, 'A', 4);
    Table32(Loaded, Directory->AddressOfFunctions)[3] = IMAGE_SIZE - 4;
}

static void
ExportTablesOutOfBounds(void **State)
{
    (void)State;
    ExpectBadExports(DirectoryTooSmall, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(DirectoryMovedOutside, PE_E_BAD_DIRECTORY, PE_E_BAD_DIRECTORY);
    ExpectBadExports(FunctionsOutside, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(NamesOutside, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(NameOrdinalsOutside, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(NumberOfNamesWraps, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(NumberOfFunctionsHuge, PE_E_BAD_EXPORT, PE_E_BAD_EXPORT);
    ExpectBadExports(NameRvasOutside, PE_E_BAD_EXPORT, PE_OK);
    ExpectBadExports(NamesUnterminated, PE_E_BAD_EXPORT, PE_OK);
    ExpectBadExports(NameOrdinalsTooLarge, PE_E_BAD_EXPORT, PE_OK);
}

static void
ExportTargetsOutOfBounds(void **State)
{
    PB_LOADED Loaded;
    PE_EXPORT Export;

    (void)State;
    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    FunctionRvasOutside(&Loaded, (PE_EXPORT_DIRECTORY *)(Loaded.Memory + EXPORT_RVA));
    assert_pe_status(PeFindExportByName(&Loaded.View, "DriverEntry", &Export), PE_E_BAD_EXPORT);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 3, &Export), PE_E_BAD_EXPORT);
    PbUnload(&Loaded);

    PtLoadSample(&Loaded, PB_DEFAULT_BASE);
    ForwarderUnterminated(&Loaded, (PE_EXPORT_DIRECTORY *)(Loaded.Memory + EXPORT_RVA));
    assert_pe_status(PeFindExportByName(&Loaded.View, "Forwarded", &Export), PE_E_BAD_EXPORT);
    assert_pe_status(PeFindExportByOrdinal(&Loaded.View, 4, &Export), PE_E_BAD_EXPORT);
    AssertExport(&Loaded.View, "Helper", PB_DEFAULT_BASE + PB_SAMPLE_TEXT_RVA + 0x40);
    PbUnload(&Loaded);
}

/* ---- DLL names --------------------------------------------------------------------------- */

static void
ModuleNameMatching(void **State)
{
    const struct
    {
        const char *Module;
        const char *Requested;
        int Matches;
    } Cases[] = {
        {"hal.dll", "hal.dll", 1},
        {"hal.dll", "HAL.DLL", 1},
        {"HAL.dll", "hal.Dll", 1},
        {"hal.dll", "HAL", 1},
        {"ntoskrnl.exe", "NTOSKRNL", 1},
        {"ntoskrnl.exe", "ntoskrnl.dll", 0},
        {"hal.dll", "hal.sys", 0},
        {"hal.dll", "ha", 0},
        {"hal.dll", "hal.", 0},
        {"hal.dll", "hal.dll.dll", 0},
        {"hal", "HAL", 1},
        {"hal", "hal.dll", 0},
        {"api.ms.dll", "API.MS.DLL", 1},
        {"api.ms.dll", "api.ms", 0}, /* ".ms" is taken as its extension */
        {"api.ms.dll", "api", 0},
        {"\xc4x.dll", "\xe4x", 0}, /* ASCII folding only */
        {"hal.dll", "", 0},
    };

    (void)State;
    for (size_t i = 0; i < sizeof(Cases) / sizeof(Cases[0]); i++)
    {
        int Matches =
            PeModuleNameMatches(Cases[i].Module, Cases[i].Requested, strlen(Cases[i].Requested));

        if (Matches != Cases[i].Matches)
        {
            fail_msg("'%s' vs '%s': %d", Cases[i].Module, Cases[i].Requested, Matches);
        }
    }
    /* Requested is counted, not NUL-terminated. */
    assert_true(PeModuleNameMatches("hal.dll", "HAL.DLLxyz", 7));
    assert_true(PeModuleNameMatches("hal.dll", "HAL.foo", 3));
    assert_false(PeModuleNameMatches(NULL, "hal", 3));
    assert_false(PeModuleNameMatches("hal", NULL, 3));
}

/* ---- Resolution across modules ----------------------------------------------------------- */

typedef struct PT_WORLD
{
    PB_MODULES Modules;
    PB_LOADED Loaded[4];
} PT_WORLD;

static void
AddModule(PT_WORLD *World, const char *Name, uint64_t Base, const PB_EXPORT *Exports, size_t Count,
          uint32_t OrdinalBase)
{
    PB_IMAGE Image;
    PB_LOADED *Loaded = &World->Loaded[World->Modules.Count];

    PbInit(&Image, Base);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddExports(&Image, Name, OrdinalBase, Exports, Count);
    assert_pe_status(PbLoad(&Image, Name, Base, Loaded), PE_OK);
    World->Modules.Modules[World->Modules.Count++] = Loaded;
    PbFree(&Image);
}

static void
FreeWorld(PT_WORLD *World)
{
    for (size_t i = 0; i < World->Modules.Count; i++)
    {
        PbUnload(&World->Loaded[i]);
    }
}

static PE_STATUS
Resolve(PT_WORLD *World, const char *Dll, const char *Name, uint32_t Ordinal, uint64_t *Address)
{
    World->Modules.Lookups = 0;
    return PeResolveExport(PbFindModule, &World->Modules, Dll, strlen(Dll), Name, Ordinal, Address);
}

#define BASE_A 0x180000000ull
#define BASE_B 0x190000000ull

static void
ResolveAcrossModules(void **State)
{
    static const PB_EXPORT ExportsB[] = {
        {"g", 0x1010, NULL}, {NULL, 0x1020, NULL}, {NULL, 0x1030, NULL}};
    static const PB_EXPORT ExportsA[] = {
        {"f", 0, "B.g"},       {"h", 0, "B.#7"},  {"i", 0, "b.dll.g"},   {"j", 0, "B.Missing"},
        {"k", 0, "Nowhere.g"}, {"l", 0, "B.#99"}, {"own", 0x1000, NULL}, {"m", 0, "B.#0000007"},
    };
    PT_WORLD World = {0};
    uint64_t Address = 1;

    (void)State;
    AddModule(&World, "a.dll", BASE_A, ExportsA, sizeof(ExportsA) / sizeof(ExportsA[0]), 1);
    AddModule(&World, "b.dll", BASE_B, ExportsB, 3, 5);

    assert_pe_status(Resolve(&World, "a.dll", "own", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_A + 0x1000);
    assert_pe_status(Resolve(&World, "A.DLL", "f", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_B + 0x1010);
    assert_int_equal(World.Modules.Lookups, 2);
    assert_pe_status(Resolve(&World, "a.dll", "h", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_B + 0x1030);
    assert_pe_status(Resolve(&World, "a.dll", "i", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_B + 0x1010);
    assert_pe_status(Resolve(&World, "a.dll", "m", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_B + 0x1030);
    assert_pe_status(Resolve(&World, "a.dll", NULL, 1, &Address), PE_OK); /* A!#1 is f */
    assert_int_equal(Address, BASE_B + 0x1010);
    assert_pe_status(Resolve(&World, "b.dll", NULL, 6, &Address), PE_OK);
    assert_int_equal(Address, BASE_B + 0x1020);

    assert_pe_status(Resolve(&World, "a.dll", "j", 0, &Address), PE_E_IMPORT_NAME_NOT_FOUND);
    assert_int_equal(Address, 0);
    assert_pe_status(Resolve(&World, "a.dll", "k", 0, &Address), PE_E_IMPORT_MODULE_NOT_FOUND);
    assert_pe_status(Resolve(&World, "a.dll", "l", 0, &Address), PE_E_IMPORT_ORDINAL_NOT_FOUND);
    assert_pe_status(Resolve(&World, "c.dll", "f", 0, &Address), PE_E_IMPORT_MODULE_NOT_FOUND);
    assert_pe_status(
        PeResolveExport(PbFindModule, &World.Modules, "a.dllXYZ", 5, "own", 0, &Address), PE_OK);
    FreeWorld(&World);
}

static void
ResolveForwarderLoop(void **State)
{
    static const PB_EXPORT ExportsA[] = {{"f", 0, "B.f"}};
    static const PB_EXPORT ExportsB[] = {{"f", 0, "A.f"}};
    PT_WORLD World = {0};
    uint64_t Address = 1;

    (void)State;
    AddModule(&World, "a.dll", BASE_A, ExportsA, 1, 1);
    AddModule(&World, "b.dll", BASE_B, ExportsB, 1, 1);
    assert_pe_status(Resolve(&World, "a.dll", "f", 0, &Address), PE_E_FORWARDER_LOOP);
    assert_int_equal(Address, 0);
    assert_int_equal(World.Modules.Lookups, PE_MAX_FORWARDER_DEPTH + 1);
    FreeWorld(&World);
}

/* f00 -> f01 -> ... -> f16 is 16 forwarders: the limit. start -> f00 is one too many. */
static void
ResolveForwarderChain(void **State)
{
    static char Names[PE_MAX_FORWARDER_DEPTH + 1][4];
    static char Targets[PE_MAX_FORWARDER_DEPTH + 1][8];
    PB_EXPORT Exports[PE_MAX_FORWARDER_DEPTH + 2];
    PT_WORLD World = {0};
    uint64_t Address;

    (void)State;
    for (int i = 0; i <= PE_MAX_FORWARDER_DEPTH; i++)
    {
        snprintf(Names[i], sizeof(Names[i]), "f%02d", i);
        snprintf(Targets[i], sizeof(Targets[i]), "C.f%02d", i + 1);
        Exports[i] = (PB_EXPORT){Names[i], 0, Targets[i]};
    }
    Exports[PE_MAX_FORWARDER_DEPTH] = (PB_EXPORT){Names[PE_MAX_FORWARDER_DEPTH], 0x1000, NULL};
    Exports[PE_MAX_FORWARDER_DEPTH + 1] = (PB_EXPORT){"start", 0, "C.f00"};
    AddModule(&World, "c.dll", BASE_A, Exports, PE_MAX_FORWARDER_DEPTH + 2, 1);

    assert_pe_status(Resolve(&World, "c.dll", "f00", 0, &Address), PE_OK);
    assert_int_equal(Address, BASE_A + 0x1000);
    assert_pe_status(Resolve(&World, "c.dll", "f01", 0, &Address), PE_OK);
    assert_pe_status(Resolve(&World, "c.dll", "start", 0, &Address), PE_E_FORWARDER_LOOP);
    FreeWorld(&World);
}

static void
ResolveMalformedForwarders(void **State)
{
    static const PB_EXPORT Exports[] = {
        {"e1", 0, "NoDot"},    {"e2", 0, ".Name"},
        {"e3", 0, "DLL."},     {"e4", 0, "DLL.#"},
        {"e5", 0, "DLL.#12x"}, {"e6", 0, "DLL.#99999999999"},
        {"e7", 0, ""},         {"e8", 0, "DLL.#-1"},
        {"e9", 0, "DLL.# 1"},  {"ok", 0, "M.#4294967295"},
    };
    PT_WORLD World = {0};
    uint64_t Address;
    char Name[3] = "e0";

    (void)State;
    AddModule(&World, "m.dll", BASE_A, Exports, sizeof(Exports) / sizeof(Exports[0]), 1);
    for (char i = '1'; i <= '9'; i++)
    {
        Name[1] = i;
        assert_pe_status(Resolve(&World, "m.dll", Name, 0, &Address), PE_E_BAD_FORWARDER);
    }
    /* The largest 32-bit ordinal parses; this module just does not have it. */
    assert_pe_status(Resolve(&World, "m.dll", "ok", 0, &Address), PE_E_IMPORT_ORDINAL_NOT_FOUND);
    FreeWorld(&World);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(ExportByName),
        cmocka_unit_test(ExportByOrdinal),
        cmocka_unit_test(ExportForwarderReturned),
        cmocka_unit_test(ExportBinarySearch),
        cmocka_unit_test(ExportsAbsentOrEmpty),
        cmocka_unit_test(ExportTablesOutOfBounds),
        cmocka_unit_test(ExportTargetsOutOfBounds),
        cmocka_unit_test(ModuleNameMatching),
        cmocka_unit_test(ResolveAcrossModules),
        cmocka_unit_test(ResolveForwarderLoop),
        cmocka_unit_test(ResolveForwarderChain),
        cmocka_unit_test(ResolveMalformedForwarders),
    };

    return cmocka_run_group_tests_name("unit.pe.export", Tests, NULL, NULL);
}
