/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.import: walking import tables (with and without OriginalFirstThunk), binding a
 * driver against a kernel and a HAL by name, ordinal and forwarder, mutual imports, the
 * failures that name the import that could not be bound, and malformed tables.
 */
#include "petest.h"

#define BASE_KERNEL 0xFFFFF80000200000ull
#define BASE_HAL 0xFFFFF80000100000ull
#define BASE_DRIVER 0xFFFFF88000000000ull

static const PB_IMPORT DriverImports[] = {
    {"hal.dll", "HalA", 0},     {"hal.dll", NULL, 5},         {"ntoskrnl.exe", "KeB", 0},
    {"ntoskrnl.exe", "KeC", 0}, {"ntoskrnl.exe", "ExFwd", 0},
};
#define DRIVER_IMPORTS (sizeof(DriverImports) / sizeof(DriverImports[0]))

static const uint64_t DriverBindings[DRIVER_IMPORTS] = {
    BASE_HAL + 0x1030,    BASE_HAL + 0x1070, BASE_KERNEL + 0x1010,
    BASE_KERNEL + 0x1020, BASE_HAL + 0x1030,
};

typedef struct PT_SYSTEM
{
    PB_MODULES Modules;
    PB_LOADED Kernel;
    PB_LOADED Hal;
    PB_LOADED Driver;
    uint32_t Slots[DRIVER_IMPORTS];
} PT_SYSTEM;

static void
LoadExporter(PB_LOADED *Loaded, const char *Name, uint64_t Base, const PB_EXPORT *Exports,
             size_t Count)
{
    PB_IMAGE Image;

    PbInit(&Image, Base);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddExports(&Image, Name, 1, Exports, Count);
    assert_pe_status(PbLoad(&Image, Name, Base, Loaded), PE_OK);
    PbFree(&Image);
}

static void
LoadDriver(PT_SYSTEM *System, const PB_IMPORT *Imports, size_t Count, int UseLookupTable)
{
    PB_IMAGE Image;

    PbInit(&Image, BASE_DRIVER);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddImports(&Image, Imports, Count, UseLookupTable, System->Slots);
    assert_pe_status(PbLoad(&Image, "driver.sys", BASE_DRIVER, &System->Driver), PE_OK);
    PbFree(&Image);
}

/* ntoskrnl.exe and hal.dll, loaded; the driver is left to each test. */
static int
SetupSystem(void **State)
{
    static const PB_EXPORT Kernel[] = {
        {"KeB", 0x1010, NULL}, {"KeC", 0x1020, NULL}, {"ExFwd", 0, "HAL.HalA"}};
    static const PB_EXPORT Hal[] = {{"HalA", 0x1030, NULL},
                                    {NULL, 0x1040, NULL},
                                    {NULL, 0x1050, NULL},
                                    {NULL, 0x1060, NULL},
                                    {NULL, 0x1070, NULL}};
    PT_SYSTEM *System = calloc(1, sizeof(*System));

    LoadExporter(&System->Kernel, "ntoskrnl.exe", BASE_KERNEL, Kernel, 3);
    LoadExporter(&System->Hal, "hal.dll", BASE_HAL, Hal, 5);
    System->Modules.Modules[0] = &System->Kernel;
    System->Modules.Modules[1] = &System->Hal;
    System->Modules.Count = 2;
    *State = System;
    return 0;
}

static int
TeardownSystem(void **State)
{
    PT_SYSTEM *System = *State;

    PbUnload(&System->Kernel);
    PbUnload(&System->Hal);
    PbUnload(&System->Driver);
    free(System);
    return 0;
}

/* ---- Walking ----------------------------------------------------------------------------- */

typedef struct PT_VISITS
{
    PE_IMPORT Seen[16];
    size_t Count;
    size_t FailAt; /* return PE_E_BAD_EXPORT on this visit (1-based); 0: never */
} PT_VISITS;

static PE_STATUS
Record(void *Context, const PE_IMPORT *Import)
{
    PT_VISITS *Visits = Context;

    if (Visits->Count < 16)
    {
        Visits->Seen[Visits->Count] = *Import;
    }
    Visits->Count++;
    return Visits->Count == Visits->FailAt ? PE_E_BAD_EXPORT : PE_OK;
}

static void
AssertWalk(PT_SYSTEM *System)
{
    PT_VISITS Visits = {0};

    assert_pe_status(PeForEachImport(&System->Driver.View, Record, &Visits), PE_OK);
    assert_int_equal(Visits.Count, DRIVER_IMPORTS);
    for (size_t i = 0; i < DRIVER_IMPORTS; i++)
    {
        assert_string_equal(Visits.Seen[i].Dll, DriverImports[i].Dll);
        if (DriverImports[i].Name != NULL)
        {
            assert_string_equal(Visits.Seen[i].Name, DriverImports[i].Name);
        }
        else
        {
            assert_null(Visits.Seen[i].Name);
            assert_int_equal(Visits.Seen[i].Ordinal, DriverImports[i].Ordinal);
        }
        assert_ptr_equal(Visits.Seen[i].Slot, System->Driver.Memory + System->Slots[i]);
    }
}

static void
WalkImports(void **State)
{
    PT_SYSTEM *System = *State;

    LoadDriver(System, DriverImports, DRIVER_IMPORTS, 1);
    AssertWalk(System);
}

static void
WalkImportsWithoutLookupTable(void **State)
{
    PT_SYSTEM *System = *State;

    LoadDriver(System, DriverImports, DRIVER_IMPORTS, 0);
    AssertWalk(System);
}

static void
WalkStopsAtVisitorFailure(void **State)
{
    PT_SYSTEM *System = *State;
    PT_VISITS Visits = {.FailAt = 2};

    LoadDriver(System, DriverImports, DRIVER_IMPORTS, 1);
    assert_pe_status(PeForEachImport(&System->Driver.View, Record, &Visits), PE_E_BAD_EXPORT);
    assert_int_equal(Visits.Count, 2);
}

static void
WalkNoImports(void **State)
{
    PT_SYSTEM *System = *State;
    PT_VISITS Visits = {0};

    assert_pe_status(PeForEachImport(&System->Hal.View, Record, &Visits), PE_OK);
    assert_int_equal(Visits.Count, 0);
}

/* ---- Binding ----------------------------------------------------------------------------- */

static void
AssertBound(PT_SYSTEM *System)
{
    PE_IMPORT Failed = {"x", "y", 1, NULL};

    assert_pe_status(PeBindImports(&System->Driver.View, PbFindModule, &System->Modules, &Failed),
                     PE_OK);
    assert_null(Failed.Dll);
    for (size_t i = 0; i < DRIVER_IMPORTS; i++)
    {
        uint64_t Slot;

        memcpy(&Slot, System->Driver.Memory + System->Slots[i], sizeof(Slot));
        assert_int_equal(Slot, DriverBindings[i]);
    }
}

static void
BindDriver(void **State)
{
    PT_SYSTEM *System = *State;

    LoadDriver(System, DriverImports, DRIVER_IMPORTS, 1);
    AssertBound(System);
}

/* Old-style tables (IAT only) and DLL names in another case bind the same. */
static void
BindDriverCaseInsensitiveWithoutLookupTable(void **State)
{
    static const PB_IMPORT Imports[] = {
        {"HAL.DLL", "HalA", 0},     {"HAL.DLL", NULL, 5},         {"NtosKrnl.Exe", "KeB", 0},
        {"NtosKrnl.Exe", "KeC", 0}, {"NtosKrnl.Exe", "ExFwd", 0},
    };
    PT_SYSTEM *System = *State;

    LoadDriver(System, Imports, DRIVER_IMPORTS, 0);
    AssertBound(System);
}

static void
BindMutualImports(void **State)
{
    static const PB_EXPORT ExportsA[] = {{"FromA", 0x1100, NULL}};
    static const PB_EXPORT ExportsB[] = {{"FromB", 0x1200, NULL}};
    static const PB_IMPORT ImportsA[] = {{"b.dll", "FromB", 0}};
    static const PB_IMPORT ImportsB[] = {{"a.dll", "FromA", 0}};
    PB_LOADED A;
    PB_LOADED B;
    PB_MODULES Modules = {{&A, &B}, 2, 0};
    PB_IMAGE Image;
    uint32_t SlotA;
    uint32_t SlotB;

    (void)State;
    PbInit(&Image, 0x10000000);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddExports(&Image, "a.dll", 1, ExportsA, 1);
    PbAddImports(&Image, ImportsA, 1, 1, &SlotA);
    assert_pe_status(PbLoad(&Image, "a.dll", 0x10000000, &A), PE_OK);
    PbFree(&Image);
    PbInit(&Image, 0x20000000);
    PbAddSection(&Image, ".text", PB_CODE, NULL, 0x200, 0);
    PbAddExports(&Image, "b.dll", 1, ExportsB, 1);
    PbAddImports(&Image, ImportsB, 1, 1, &SlotB);
    assert_pe_status(PbLoad(&Image, "b.dll", 0x20000000, &B), PE_OK);
    PbFree(&Image);

    assert_pe_status(PeBindImports(&A.View, PbFindModule, &Modules, NULL), PE_OK);
    assert_pe_status(PeBindImports(&B.View, PbFindModule, &Modules, NULL), PE_OK);
    assert_int_equal(*(uint64_t *)(A.Memory + SlotA), 0x20000000 + 0x1200);
    assert_int_equal(*(uint64_t *)(B.Memory + SlotB), 0x10000000 + 0x1100);
    PbUnload(&A);
    PbUnload(&B);
}

static void
ExpectBindFailure(PT_SYSTEM *System, const PB_IMPORT *Import, PE_STATUS Expected)
{
    PB_IMPORT Imports[2] = {{"hal.dll", "HalA", 0}, *Import};
    PE_IMPORT Failed;

    LoadDriver(System, Imports, 2, 1);
    assert_pe_status(PeBindImports(&System->Driver.View, PbFindModule, &System->Modules, &Failed),
                     Expected);
    assert_string_equal(Failed.Dll, Import->Dll);
    if (Import->Name != NULL)
    {
        assert_string_equal(Failed.Name, Import->Name);
    }
    else
    {
        assert_null(Failed.Name);
        assert_int_equal(Failed.Ordinal, Import->Ordinal);
    }
    assert_ptr_equal(Failed.Slot, System->Driver.Memory + System->Slots[1]);
    assert_pe_status(PeBindImports(&System->Driver.View, PbFindModule, &System->Modules, NULL),
                     Expected);
    PbUnload(&System->Driver);
}

static void
BindFailures(void **State)
{
    const PB_IMPORT MissingModule = {"missing.dll", "X", 0};
    const PB_IMPORT MissingName = {"ntoskrnl.exe", "Nope", 0};
    const PB_IMPORT MissingOrdinal = {"hal.dll", NULL, 77};
    PT_SYSTEM *System = *State;

    ExpectBindFailure(System, &MissingModule, PE_E_IMPORT_MODULE_NOT_FOUND);
    ExpectBindFailure(System, &MissingName, PE_E_IMPORT_NAME_NOT_FOUND);
    ExpectBindFailure(System, &MissingOrdinal, PE_E_IMPORT_ORDINAL_NOT_FOUND);
}

/* ---- Malformed tables -------------------------------------------------------------------- */

typedef void (*CORRUPT)(PT_SYSTEM *System, uint8_t *Descriptor);

static uint32_t
DriverSize(PT_SYSTEM *System)
{
    return System->Driver.View.Size;
}

static uint32_t
Field(uint8_t *Descriptor, size_t Offset)
{
    uint32_t Value;

    memcpy(&Value, Descriptor + Offset, 4);
    return Value;
}

static void
SetField(uint8_t *Descriptor, size_t Offset, uint32_t Value)
{
    memcpy(Descriptor + Offset, &Value, 4);
}

static void
SetFirstLookupEntry(PT_SYSTEM *System, uint64_t Value)
{
    uint8_t *Descriptor = System->Driver.Memory +
                          System->Driver.View.Nt->OptionalHeader.DataDirectory[1].VirtualAddress;
    uint32_t Lookup = Field(Descriptor, offsetof(PE_IMPORT_DESCRIPTOR, OriginalFirstThunk));

    memcpy(System->Driver.Memory + Lookup, &Value, sizeof(Value));
}

static void
ExpectBadImport(PT_SYSTEM *System, CORRUPT Corrupt, PE_STATUS Expected, size_t Visited)
{
    PT_VISITS Visits = {0};
    PE_DATA_DIRECTORY *Directory;

    LoadDriver(System, DriverImports, DRIVER_IMPORTS, 1);
    Directory = &System->Driver.View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_IMPORT];
    Corrupt(System, System->Driver.Memory + Directory->VirtualAddress);
    assert_pe_status(PeForEachImport(&System->Driver.View, Record, &Visits), Expected);
    assert_int_equal(Visits.Count, Visited);
    assert_pe_status(PeBindImports(&System->Driver.View, PbFindModule, &System->Modules, NULL),
                     Expected);
    PbUnload(&System->Driver);
}

#define NAME_FIELD offsetof(PE_IMPORT_DESCRIPTOR, Name)
#define LOOKUP_FIELD offsetof(PE_IMPORT_DESCRIPTOR, OriginalFirstThunk)
#define IAT_FIELD offsetof(PE_IMPORT_DESCRIPTOR, FirstThunk)

static void
DllNameOutside(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, NAME_FIELD, 0xFFFFFF00);
}

static void
DllNameUnterminated(PT_SYSTEM *System, uint8_t *Descriptor)
{
    memset(System->Driver.Memory + DriverSize(System) - 4, 'Q', 4);
    SetField(Descriptor, NAME_FIELD, DriverSize(System) - 4);
}

static void
DescriptorsOffImage(PT_SYSTEM *System, uint8_t *Descriptor)
{
    PE_DATA_DIRECTORY *Directory = &System->Driver.View.Nt->OptionalHeader.DataDirectory[1];

    (void)Descriptor;
    Directory->VirtualAddress = DriverSize(System) - 8;
    Directory->Size = 8;
}

/* A good descriptor as the last whole one in the image: the walk runs off the end. */
static void
DescriptorsUnterminated(PT_SYSTEM *System, uint8_t *Descriptor)
{
    PE_DATA_DIRECTORY *Directory = &System->Driver.View.Nt->OptionalHeader.DataDirectory[1];
    uint32_t Rva = DriverSize(System) - sizeof(PE_IMPORT_DESCRIPTOR) - 10;

    memcpy(System->Driver.Memory + Rva, Descriptor, sizeof(PE_IMPORT_DESCRIPTOR));
    memset(System->Driver.Memory + Rva + sizeof(PE_IMPORT_DESCRIPTOR), 0x41, 10);
    Directory->VirtualAddress = Rva;
    Directory->Size = sizeof(PE_IMPORT_DESCRIPTOR);
}

static void
LookupOutside(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, LOOKUP_FIELD, 0xFFFFFFF8);
}

static void
LookupRunsOffImage(PT_SYSTEM *System, uint8_t *Descriptor)
{
    uint64_t Ordinal5 = PE_ORDINAL_FLAG64 | 5;

    memcpy(System->Driver.Memory + DriverSize(System) - 8, &Ordinal5, 8);
    SetField(Descriptor, LOOKUP_FIELD, DriverSize(System) - 8);
}

static void
IatOutside(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, IAT_FIELD, 0xFFFFFFF0);
}

static void
IatZero(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, IAT_FIELD, 0);
}

static void
IatMisaligned(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, IAT_FIELD, Field(Descriptor, IAT_FIELD) + 4);
}

static void
IatInHeaders(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)System;
    SetField(Descriptor, IAT_FIELD, 0x100);
}

static void
HintNameOutside(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)Descriptor;
    SetFirstLookupEntry(System, 0x7FFFFFF0);
}

static void
HintAtLastByte(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)Descriptor;
    SetFirstLookupEntry(System, DriverSize(System) - 1);
}

static void
ImportNameUnterminated(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)Descriptor;
    memset(System->Driver.Memory + DriverSize(System) - 6, 'N', 6);
    SetFirstLookupEntry(System, DriverSize(System) - 6);
}

static void
NameThunkReservedBits(PT_SYSTEM *System, uint8_t *Descriptor)
{
    uint8_t *Lookup = System->Driver.Memory + Field(Descriptor, LOOKUP_FIELD);
    uint64_t Thunk;

    memcpy(&Thunk, Lookup, 8);
    SetFirstLookupEntry(System, Thunk | (1ull << 40));
}

static void
OrdinalThunkReservedBits(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)Descriptor;
    SetFirstLookupEntry(System, PE_ORDINAL_FLAG64 | (1ull << 20) | 5);
}

static void
DirectoryMovedOutside(PT_SYSTEM *System, uint8_t *Descriptor)
{
    (void)Descriptor;
    System->Driver.View.Nt->OptionalHeader.DataDirectory[1].VirtualAddress = 0xFFFFFFF0;
}

static void
ImportTablesMalformed(void **State)
{
    PT_SYSTEM *System = *State;

    ExpectBadImport(System, DllNameOutside, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, DllNameUnterminated, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, DescriptorsOffImage, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, DescriptorsUnterminated, PE_E_BAD_IMPORT, 2);
    ExpectBadImport(System, LookupOutside, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, LookupRunsOffImage, PE_E_BAD_IMPORT, 1);
    ExpectBadImport(System, IatOutside, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, IatZero, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, IatMisaligned, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, IatInHeaders, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, HintNameOutside, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, HintAtLastByte, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, ImportNameUnterminated, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, NameThunkReservedBits, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, OrdinalThunkReservedBits, PE_E_BAD_IMPORT, 0);
    ExpectBadImport(System, DirectoryMovedOutside, PE_E_BAD_DIRECTORY, 0);
}

#define SYSTEM_TEST(Name) cmocka_unit_test_setup_teardown(Name, SetupSystem, TeardownSystem)

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        SYSTEM_TEST(WalkImports),
        SYSTEM_TEST(WalkImportsWithoutLookupTable),
        SYSTEM_TEST(WalkStopsAtVisitorFailure),
        SYSTEM_TEST(WalkNoImports),
        SYSTEM_TEST(BindDriver),
        SYSTEM_TEST(BindDriverCaseInsensitiveWithoutLookupTable),
        cmocka_unit_test(BindMutualImports),
        SYSTEM_TEST(BindFailures),
        SYSTEM_TEST(ImportTablesMalformed),
    };

    return cmocka_run_group_tests_name("unit.pe.import", Tests, NULL, NULL);
}
