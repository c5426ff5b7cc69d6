/* SPDX-License-Identifier: MIT */
/*
 * unit.regfboot: the boot-start drivers lib/regf picks from a SYSTEM hive for the loader:
 * the control set Select\Current names, Start 0 and Type 1/2 only, the group/tag/hive-order
 * rules the kernel uses for system-start drivers, ImagePath resolution, problems reported
 * per service, and the 32-driver limit. Hives are built with mkhive's key tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mkhive.h"
#include "regfboot.h"

#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_MULTI_SZ 7

static HIVE_KEY *
NewHive(void)
{
    HIVE_KEY *Root = calloc(1, sizeof(*Root));
    uint32_t One = 1;

    assert_non_null(Root);
    Root->Name = HiveWide("SYSTEM", 6, &Root->NameLength);
    HiveSetValue(HiveKey(Root, "Select"), "Current", REG_DWORD, &One, 4);
    HiveKey(Root, "ControlSet001\\Services");
    return Root;
}

static void
SetDword(HIVE_KEY *Root, const char *Path, const char *Name, uint32_t Value)
{
    HiveSetValue(HiveKey(Root, Path), Name, REG_DWORD, &Value, 4);
}

/* Text with '|' for the NULs of a REG_MULTI_SZ; a terminating NUL is added. */
static void
SetString(HIVE_KEY *Root, const char *Path, const char *Name, uint32_t Type, const char *Text)
{
    uint16_t Length;
    uint16_t *Wide = HiveWide(Text, strlen(Text), &Length);

    for (uint16_t I = 0; I < Length; I++)
        Wide[I] = Wide[I] == '|' ? 0 : Wide[I];
    HiveSetValue(HiveKey(Root, Path), Name, Type, Wide, (Length + 1u) * 2u);
    free(Wide);
}

/* A service of ControlSet001 with Start and Type; Group and ImagePath when not NULL, Tag
 * when not 0xFFFFFFFF. */
static void
AddService(HIVE_KEY *Root, const char *Name, uint32_t Start, const char *Group, uint32_t Tag,
           const char *ImagePath)
{
    char Path[128];

    snprintf(Path, sizeof(Path), "ControlSet001\\Services\\%s", Name);
    SetDword(Root, Path, "Start", Start);
    SetDword(Root, Path, "Type", 1);
    if (Group != NULL)
        SetString(Root, Path, "Group", REG_SZ, Group);
    if (Tag != REGF_NONE)
        SetDword(Root, Path, "Tag", Tag);
    if (ImagePath != NULL)
        SetString(Root, Path, "ImagePath", REG_EXPAND_SZ, ImagePath);
}

static void
SetGroupOrder(HIVE_KEY *Root, const char *Group, const uint32_t *Tags, uint32_t Count)
{
    uint8_t Data[64];

    memcpy(Data, &Count, 4);
    memcpy(Data + 4, Tags, Count * 4u);
    HiveSetValue(HiveKey(Root, "ControlSet001\\Control\\GroupOrderList"), Group, REG_BINARY, Data,
                 4 + Count * 4u);
}

/* Write the hive and list its boot drivers; returns RegfBootDrivers' status. */
static REGF_STATUS
BootDrivers(HIVE_KEY *Root, REGF_BOOT_LIST *List)
{
    REGF_WRITE_KEY Tree = HiveFreeze(Root);
    REGF_HIVE Hive;
    REGF_STATUS Status;
    size_t Size = 0;
    uint8_t *Buffer;

    assert_int_equal(RegfWriteHive(&Tree, NULL, NULL, 0, &Size), REGF_E_BUFFER_TOO_SMALL);
    Buffer = malloc(Size);
    assert_non_null(Buffer);
    assert_int_equal(RegfWriteHive(&Tree, NULL, Buffer, Size, &Size), REGF_OK);
    assert_int_equal(RegfOpenHive(&Hive, Buffer, Size), REGF_OK);
    Status = RegfBootDrivers(&Hive, List);
    free(Buffer);
    return Status;
}

/* The list's file names (service names for problem entries), space-separated. */
static const char *
Order(const REGF_BOOT_LIST *List)
{
    static char Text[4096];
    size_t Used = 0;

    Text[0] = 0;
    for (uint32_t I = 0; I < List->Count; I++)
    {
        const REGF_BOOT_DRIVER *D = &List->Drivers[I];
        Used += (size_t)snprintf(Text + Used, sizeof(Text) - Used, "%s%s", I ? " " : "",
                                 D->Problem == REGF_BOOT_OK ? D->FileName : D->ServiceName);
    }
    return Text;
}

static void
TestStartAndType(void **State)
{
    HIVE_KEY *Root = NewHive();
    REGF_BOOT_LIST List;

    (void)State;
    AddService(Root, "boot", 0, NULL, REGF_NONE, NULL);
    AddService(Root, "system", 1, NULL, REGF_NONE, NULL);
    AddService(Root, "demand", 3, NULL, REGF_NONE, NULL);
    AddService(Root, "fs", 0, NULL, REGF_NONE, NULL);
    SetDword(Root, "ControlSet001\\Services\\fs", "Type", 2);
    AddService(Root, "win32", 0, NULL, REGF_NONE, NULL);
    SetDword(Root, "ControlSet001\\Services\\win32", "Type", 0x10);
    /* No Start at all: demand start, as the kernel defaults it. */
    SetDword(Root, "ControlSet001\\Services\\nostart", "Type", 1);
    /* Start of the wrong type: the default (demand), not 0. */
    SetString(Root, "ControlSet001\\Services\\strstart", "Start", REG_SZ, "0");
    /* No Type: a kernel driver. */
    SetDword(Root, "ControlSet001\\Services\\notype", "Start", 0);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_int_equal(List.ControlSet, 1);
    assert_string_equal(Order(&List), "boot.sys fs.sys notype.sys");
    assert_int_equal(List.Drivers[0].ErrorControl, 1);
    assert_int_equal(List.Drivers[0].Tag, REGF_NONE);
}

/* The kernel's rules: groups in List order, then GroupOrderList tags, then Tag, then hive
 * (name) order; ungrouped and unlisted groups last. */
static void
TestGroupOrder(void **State)
{
    static const uint32_t BusTags[] = {7, 3};
    HIVE_KEY *Root = NewHive();
    REGF_BOOT_LIST List;

    (void)State;
    SetString(Root, "ControlSet001\\Control\\ServiceGroupOrder", "List", REG_MULTI_SZ,
              "Boot Bus Extender|SCSI miniport||Ignored After Empty");
    SetGroupOrder(Root, "Boot Bus Extender", BusTags, 2);
    AddService(Root, "a_nogroup", 0, NULL, REGF_NONE, NULL);
    AddService(Root, "b_scsi", 0, "scsi MINIPORT", REGF_NONE, NULL);
    AddService(Root, "c_bus_tag3", 0, "Boot Bus Extender", 3, NULL);
    AddService(Root, "d_bus_tag7", 0, "Boot Bus Extender", 7, NULL);
    AddService(Root, "e_bus_unlisted_tag2", 0, "Boot Bus Extender", 2, NULL);
    AddService(Root, "f_bus_unlisted_tag1", 0, "Boot Bus Extender", 1, NULL);
    AddService(Root, "g_bus_notag", 0, "Boot Bus Extender", REGF_NONE, NULL);
    AddService(Root, "h_unknown_group", 0, "Nobody", 1, NULL);
    AddService(Root, "i_after_empty", 0, "Ignored After Empty", REGF_NONE, NULL);
    AddService(Root, "j_nogroup", 0, NULL, REGF_NONE, NULL);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_string_equal(Order(&List),
                        "d_bus_tag7.sys c_bus_tag3.sys f_bus_unlisted_tag1.sys "
                        "e_bus_unlisted_tag2.sys g_bus_notag.sys b_scsi.sys h_unknown_group.sys "
                        "a_nogroup.sys i_after_empty.sys j_nogroup.sys");
    assert_int_equal(List.Drivers[0].GroupIndex, 0);
    assert_int_equal(List.Drivers[0].TagIndex, 0);
    assert_int_equal(List.Drivers[1].TagIndex, 1);
    assert_int_equal(List.Drivers[5].GroupIndex, 1);
    assert_int_equal(List.Drivers[6].GroupIndex, REGF_NONE);
}

static void
TestStartsBefore(void **State)
{
    REGF_BOOT_DRIVER A = {.GroupIndex = 1, .TagIndex = 5, .Tag = 9};
    REGF_BOOT_DRIVER B = A;

    (void)State;
    assert_false(RegfBootStartsBefore(&A, &B));
    assert_false(RegfBootStartsBefore(&B, &A));
    B.Tag = 10;
    assert_true(RegfBootStartsBefore(&A, &B));
    B.TagIndex = 4;
    assert_true(RegfBootStartsBefore(&B, &A));
    B.GroupIndex = REGF_NONE;
    assert_true(RegfBootStartsBefore(&A, &B));
}

static void
TestImagePath(void **State)
{
    HIVE_KEY *Root = NewHive();
    REGF_BOOT_LIST List;

    (void)State;
    AddService(Root, "a", 0, NULL, REGF_NONE, "\\SystemRoot\\system32\\DRIVERS\\other.sys");
    AddService(Root, "b", 0, NULL, REGF_NONE, "System32\\drivers\\b_file.sys");
    AddService(Root, "c", 0, NULL, REGF_NONE, "\\??\\C:\\elsewhere\\c.sys");
    AddService(Root, "d", 0, NULL, REGF_NONE, "System32\\drivers\\sub\\d.sys");
    AddService(Root, "e", 0, NULL, REGF_NONE, "System32\\drivers\\");
    AddService(Root, "f", 0, NULL, REGF_NONE, NULL);
    SetDword(Root, "ControlSet001\\Services\\f", "ImagePath", 1);
    AddService(Root, "g has space", 0, NULL, REGF_NONE, NULL);
    AddService(Root, "h", 0, NULL, REGF_NONE, NULL);
    AddService(Root, "\xc3\xa9t\xc3\xa9", 0, NULL, REGF_NONE, NULL);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_int_equal(List.Count, 9);
    assert_string_equal(List.Drivers[0].FileName, "other.sys");
    assert_string_equal(List.Drivers[0].ServiceName, "a");
    assert_string_equal(List.Drivers[1].FileName, "b_file.sys");
    assert_int_equal(List.Drivers[2].Problem, REGF_BOOT_BAD_IMAGE_PATH);
    assert_string_equal(List.Drivers[2].ImagePath, "\\??\\C:\\elsewhere\\c.sys");
    assert_string_equal(List.Drivers[2].FileName, "");
    assert_int_equal(List.Drivers[3].Problem, REGF_BOOT_BAD_FILE_NAME);
    assert_int_equal(List.Drivers[4].Problem, REGF_BOOT_BAD_FILE_NAME);
    assert_int_equal(List.Drivers[5].Problem, REGF_BOOT_BAD_IMAGE_PATH);
    assert_int_equal(List.Drivers[6].Problem, REGF_BOOT_BAD_FILE_NAME);
    assert_string_equal(List.Drivers[6].ImagePath,
                        "\\SystemRoot\\System32\\drivers\\g has space.sys");
    assert_string_equal(List.Drivers[7].FileName, "h.sys");
    assert_string_equal(List.Drivers[7].ImagePath, "\\SystemRoot\\System32\\drivers\\h.sys");
    assert_int_equal(List.Drivers[8].Problem, REGF_BOOT_BAD_SERVICE_NAME);
    assert_string_equal(List.Drivers[8].ServiceName, "?t?");
    for (int I = 0; I <= REGF_BOOT_PROBLEM_COUNT; I++)
        assert_non_null(RegfBootProblemText((REGF_BOOT_PROBLEM)I));
}

static void
TestControlSet(void **State)
{
    HIVE_KEY *Root = NewHive();
    REGF_BOOT_LIST List;

    (void)State;
    AddService(Root, "one", 0, NULL, REGF_NONE, NULL);
    SetDword(Root, "ControlSet002\\Services\\two", "Start", 0);
    SetDword(Root, "Select", "Current", 2);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_int_equal(List.ControlSet, 2);
    assert_string_equal(Order(&List), "two.sys");
    SetDword(Root, "Select", "Current", 3);
    assert_int_equal(BootDrivers(Root, &List), REGF_E_NOT_FOUND);
    assert_int_equal(List.Count, 0);
    SetDword(Root, "Select", "Current", 0);
    assert_int_equal(BootDrivers(Root, &List), REGF_E_NOT_FOUND);
    /* A control set without Services: no boot drivers, not an error. */
    HiveKey(Root, "ControlSet004\\Control");
    SetDword(Root, "Select", "Current", 4);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_int_equal(List.Count, 0);
}

static void
TestNoSelect(void **State)
{
    HIVE_KEY Root = {0};
    REGF_BOOT_LIST List;

    (void)State;
    Root.Name = HiveWide("SYSTEM", 6, &Root.NameLength);
    HiveKey(&Root, "ControlSet001\\Services\\x");
    assert_int_equal(BootDrivers(&Root, &List), REGF_E_NOT_FOUND);
}

/* More than 32: the ones that sort last are left out, counted, critical ones separately. */
static void
TestLimit(void **State)
{
    HIVE_KEY *Root = NewHive();
    REGF_BOOT_LIST List;
    char Name[16];

    (void)State;
    SetString(Root, "ControlSet001\\Control\\ServiceGroupOrder", "List", REG_MULTI_SZ, "First");
    for (int I = 0; I < 35; I++)
    {
        snprintf(Name, sizeof(Name), "s%02d", I);
        AddService(Root, Name, 0, NULL, REGF_NONE, NULL);
    }
    SetDword(Root, "ControlSet001\\Services\\s33", "ErrorControl", 3);
    /* The last by name, but first by group: it displaces s31. */
    AddService(Root, "z", 0, "First", REGF_NONE, NULL);
    assert_int_equal(BootDrivers(Root, &List), REGF_OK);
    assert_int_equal(List.Count, REGF_BOOT_MAX_DRIVERS);
    assert_int_equal(List.Omitted, 4);
    assert_int_equal(List.OmittedCritical, 1);
    assert_string_equal(List.Drivers[0].FileName, "z.sys");
    assert_string_equal(List.Drivers[31].FileName, "s30.sys");
}

/* Lookup by name ignores ASCII case and takes Latin-1 or UTF-16 names. */
static void
TestFindByName(void **State)
{
    HIVE_KEY *Root = NewHive();
    REGF_WRITE_KEY Tree;
    REGF_HIVE Hive;
    REGF_KEY Key, Sub;
    REGF_VALUE Value;
    REGF_NAME Name = {(const uint8_t *)"SELECT", 6, 1};
    REGF_NAME Wide = {(const uint8_t *)"c\0u\0r\0r\0e\0n\0t\0", 14, 0};
    REGF_NAME Missing = {(const uint8_t *)"Nope", 4, 1};
    size_t Size = 0;
    uint8_t *Buffer;

    (void)State;
    Tree = HiveFreeze(Root);
    RegfWriteHive(&Tree, NULL, NULL, 0, &Size);
    Buffer = malloc(Size);
    assert_int_equal(RegfWriteHive(&Tree, NULL, Buffer, Size, &Size), REGF_OK);
    assert_int_equal(RegfOpenHive(&Hive, Buffer, Size), REGF_OK);
    assert_int_equal(RegfReadKey(&Hive, Hive.RootCell, &Key), REGF_OK);
    assert_int_equal(RegfFindSubkey(&Hive, &Key, &Name, &Sub), REGF_OK);
    assert_int_equal(RegfFindValue(&Hive, &Sub, &Wide, &Value), REGF_OK);
    assert_int_equal(Value.Type, REG_DWORD);
    assert_int_equal(RegfFindValue(&Hive, &Sub, &Missing, &Value), REGF_E_NOT_FOUND);
    assert_int_equal(RegfFindSubkey(&Hive, &Key, &Missing, &Sub), REGF_E_NOT_FOUND);
    assert_string_equal(RegfStatusText(REGF_E_NOT_FOUND), "not found");
    free(Buffer);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(TestStartAndType), cmocka_unit_test(TestGroupOrder),
        cmocka_unit_test(TestStartsBefore), cmocka_unit_test(TestImagePath),
        cmocka_unit_test(TestControlSet),   cmocka_unit_test(TestNoSelect),
        cmocka_unit_test(TestLimit),        cmocka_unit_test(TestFindByName),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
