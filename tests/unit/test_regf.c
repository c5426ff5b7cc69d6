/* SPDX-License-Identifier: MIT */
/*
 * unit.regf: hives written by lib/regf read back the same through its reader with every list
 * kind, and every kind of corruption is rejected with its own status, never misread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "regftest.h"

static uint32_t
Le32(const uint8_t *P)
{
    return (uint32_t)P[0] | (uint32_t)P[1] << 8 | (uint32_t)P[2] << 16 | (uint32_t)P[3] << 24;
}

static void
Put32(uint8_t *P, uint32_t V)
{
    P[0] = (uint8_t)V;
    P[1] = (uint8_t)(V >> 8);
    P[2] = (uint8_t)(V >> 16);
    P[3] = (uint8_t)(V >> 24);
}

static int
NameEquals(const REGF_NAME *Name, const uint16_t *Wide, uint16_t Length)
{
    if (Name->Length != (Name->Compressed ? Length : Length * 2u))
        return 0;
    for (uint16_t I = 0; I < Length; I++)
    {
        uint16_t C = Name->Compressed
                         ? Name->Bytes[I]
                         : (uint16_t)(Name->Bytes[2 * I] | Name->Bytes[2 * I + 1] << 8);
        if (C != Wide[I])
            return 0;
    }
    return 1;
}

/* The key at Cell matches Expected, values, data and subkeys, recursively. */
static void
CompareKey(const REGF_HIVE *Hive, uint32_t Cell, const REGF_WRITE_KEY *Expected)
{
    REGF_KEY Key;
    REGF_VALUE Value;
    uint32_t Child;
    uint8_t *Data;

    assert_int_equal(RegfReadKey(Hive, Cell, &Key), REGF_OK);
    assert_true(NameEquals(&Key.Name, Expected->Name, Expected->NameLength));
    assert_int_equal(Key.Flags & REGF_KEY_SYM_LINK, Expected->Flags & REGF_KEY_SYM_LINK);
    assert_int_equal(Key.ValueCount, Expected->ValueCount);
    assert_int_equal(Key.SubkeyCount, Expected->SubkeyCount);
    for (uint32_t I = 0; I < Key.ValueCount; I++)
    {
        const REGF_WRITE_VALUE *V = &Expected->Values[I];
        assert_int_equal(RegfReadValue(Hive, &Key, I, &Value), REGF_OK);
        assert_true(NameEquals(&Value.Name, V->Name, V->NameLength));
        assert_int_equal(Value.Type, V->Type);
        assert_int_equal(Value.DataLength, V->DataLength);
        Data = malloc(V->DataLength + 1);
        assert_int_equal(RegfCopyValueData(Hive, &Value, Data, V->DataLength), REGF_OK);
        if (V->DataLength != 0)
            assert_memory_equal(Data, V->Data, V->DataLength);
        if (V->DataLength != 0)
            assert_int_equal(RegfCopyValueData(Hive, &Value, Data, V->DataLength - 1),
                             REGF_E_BUFFER_TOO_SMALL);
        free(Data);
    }
    assert_int_equal(RegfReadValue(Hive, &Key, Key.ValueCount, &Value), REGF_E_NO_MORE_ENTRIES);
    for (uint32_t I = 0; I < Key.SubkeyCount; I++)
    {
        assert_int_equal(RegfSubkey(Hive, &Key, I, &Child), REGF_OK);
        CompareKey(Hive, Child, &Expected->Subkeys[I]);
    }
    assert_int_equal(RegfSubkey(Hive, &Key, Key.SubkeyCount, &Child), REGF_E_NO_MORE_ENTRIES);
}

static void
RoundTrip(REGF_LIST_KIND Kind, uint32_t MaxLeaf)
{
    REGF_WRITE_OPTIONS Options = {0x01D9000000000000ull, Kind, MaxLeaf};
    REGF_HIVE Hive;
    REGF_KEY Root;
    const uint8_t *Sd;
    uint32_t SdLength;
    size_t Size;
    uint8_t *Data = RegfSampleHive(&Options, &Size);

    assert_non_null(Data);
    assert_int_equal(Size % 4096, 0);
    assert_int_equal(RegfOpenHive(&Hive, Data, Size), REGF_OK);
    assert_int_equal(Hive.Minor, 5);
    CompareKey(&Hive, Hive.RootCell, RegfSampleTree());
    assert_int_equal(RegfReadKey(&Hive, Hive.RootCell, &Root), REGF_OK);
    assert_true(Root.Flags & REGF_KEY_HIVE_ENTRY);
    assert_int_equal(Root.LastWriteTime, Options.Timestamp);
    assert_int_equal(RegfSecurity(&Hive, Root.Security, &Sd, &SdLength), REGF_OK);
    assert_int_equal(SdLength, 120);
    assert_int_equal(Sd[0], 1);
    free(Data);
}

static void
RoundTripLh(void **State)
{
    (void)State;
    RoundTrip(RegfListLh, 0);
}

static void
RoundTripLf(void **State)
{
    (void)State;
    RoundTrip(RegfListLf, 0);
}

static void
RoundTripLi(void **State)
{
    (void)State;
    RoundTrip(RegfListLi, 0);
}

static void
RoundTripRi(void **State)
{
    (void)State;
    RoundTrip(RegfListLh, 2);
    RoundTrip(RegfListLi, 3);
}

static void
WriterReportsSizeAndRejectsBadTrees(void **State)
{
    static const uint16_t A[] = {'A'}, B[] = {'b'}, Slash[] = {'a', '\\'};
    REGF_WRITE_KEY Unsorted[] = {{B, 1, 0, NULL, 0, NULL, 0}, {A, 1, 0, NULL, 0, NULL, 0}};
    REGF_WRITE_KEY Dup[] = {{A, 1, 0, NULL, 0, NULL, 0}, {A, 1, 0, NULL, 0, NULL, 0}};
    REGF_WRITE_KEY Bad[] = {{Slash, 2, 0, NULL, 0, NULL, 0}};
    REGF_WRITE_KEY Root = {A, 1, 0, Unsorted, 2, NULL, 0};
    size_t Size, Small;
    uint8_t Buffer[8192];

    (void)State;
    assert_int_equal(RegfWriteHive(RegfSampleTree(), NULL, NULL, 0, &Size),
                     REGF_E_BUFFER_TOO_SMALL);
    assert_true(Size > 8192);
    assert_int_equal(RegfWriteHive(RegfSampleTree(), NULL, Buffer, sizeof(Buffer), &Small),
                     REGF_E_BUFFER_TOO_SMALL);
    assert_int_equal(Small, Size);
    assert_int_equal(RegfWriteHive(&Root, NULL, Buffer, sizeof(Buffer), &Size),
                     REGF_E_INVALID_PARAMETER);
    Root.Subkeys = Dup;
    assert_int_equal(RegfWriteHive(&Root, NULL, Buffer, sizeof(Buffer), &Size),
                     REGF_E_INVALID_PARAMETER);
    Root.Subkeys = Bad;
    Root.SubkeyCount = 1;
    assert_int_equal(RegfWriteHive(&Root, NULL, Buffer, sizeof(Buffer), &Size),
                     REGF_E_INVALID_PARAMETER);
    Root.SubkeyCount = 0;
    assert_int_equal(RegfWriteHive(&Root, NULL, Buffer, sizeof(Buffer), &Size), REGF_OK);
    assert_int_equal(Size, 8192);
}

/* ---- corruption ---------------------------------------------------------------------------- */

typedef struct _SAMPLE
{
    uint8_t *Data;
    size_t Size;
    REGF_HIVE Hive;
    REGF_KEY Root;
} SAMPLE;

static void
LoadSample(SAMPLE *S)
{
    S->Data = RegfSampleHive(NULL, &S->Size);
    assert_non_null(S->Data);
    assert_int_equal(RegfOpenHive(&S->Hive, S->Data, S->Size), REGF_OK);
    assert_int_equal(RegfReadKey(&S->Hive, S->Hive.RootCell, &S->Root), REGF_OK);
}

/* The file bytes of the cell at Cell's data (after the size field). */
static uint8_t *
CellData(SAMPLE *S, uint32_t Cell)
{
    return S->Data + 4096 + Cell + 4;
}

static void
Rechecksum(SAMPLE *S)
{
    Put32(S->Data + 0x1FC, RegfChecksum(S->Data));
}

static REGF_STATUS
Reopen(SAMPLE *S)
{
    return RegfOpenHive(&S->Hive, S->Data, S->Size);
}

static void
BaseBlockCorruption(void **State)
{
    SAMPLE S;
    REGF_HIVE Hive;

    (void)State;
    LoadSample(&S);
    assert_int_equal(RegfOpenHive(&Hive, S.Data, 4095), REGF_E_TRUNCATED);
    assert_int_equal(RegfOpenHive(&Hive, S.Data, S.Size - 4096), REGF_E_TRUNCATED);
    assert_int_equal(RegfOpenHive(&Hive, NULL, 0), REGF_E_TRUNCATED);
    S.Data[0] = 'R';
    assert_int_equal(Reopen(&S), REGF_E_BAD_SIGNATURE);
    S.Data[0] = 'r';
    S.Data[0x30] ^= 1; /* the file name: covered by the checksum */
    assert_int_equal(Reopen(&S), REGF_E_BAD_CHECKSUM);
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_OK);
    Put32(S.Data + 0x18, 2);
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_E_BAD_VERSION);
    Put32(S.Data + 0x18, 5);
    Put32(S.Data + 0x1C, 1); /* a log file */
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_E_BAD_FILE_TYPE);
    Put32(S.Data + 0x1C, 0);
    Put32(S.Data + 0x08, 2);
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_E_DIRTY);
    Put32(S.Data + 0x08, 1);
    Put32(S.Data + 0x28, 100);
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_E_BAD_BIN);
    Put32(S.Data + 0x28, (uint32_t)S.Size - 4096);
    Put32(S.Data + 0x24, 0x20 + 8); /* root inside the sk cell */
    Rechecksum(&S);
    assert_int_equal(Reopen(&S), REGF_E_BAD_ROOT);
    free(S.Data);
}

static void
BinAndCellCorruption(void **State)
{
    SAMPLE S;
    const uint8_t *Data;
    uint32_t Length;

    (void)State;
    LoadSample(&S);
    S.Data[4096 + 4096] = 'x'; /* second bin's signature */
    assert_int_equal(Reopen(&S), REGF_E_BAD_BIN);
    S.Data[4096 + 4096] = 'h';
    Put32(S.Data + 4096 + 4096 + 4, 0); /* second bin claims to be the first */
    assert_int_equal(Reopen(&S), REGF_E_BAD_BIN);
    Put32(S.Data + 4096 + 4096 + 4, 4096);
    Put32(S.Data + 4096 + 8, 0x100000); /* first bin runs past the end */
    assert_int_equal(Reopen(&S), REGF_E_BAD_BIN);
    Put32(S.Data + 4096 + 8, 4096);
    Put32(S.Data + 4096 + 32, (uint32_t)-12); /* the first cell: not a multiple of 8 */
    assert_int_equal(Reopen(&S), REGF_E_BAD_CELL_SIZE);
    Put32(S.Data + 4096 + 32, (uint32_t)-8192); /* past its bin */
    assert_int_equal(Reopen(&S), REGF_E_BAD_CELL_SIZE);
    Put32(S.Data + 4096 + 32, 0x80000000u);
    assert_int_equal(Reopen(&S), REGF_E_BAD_CELL_SIZE);
    free(S.Data);

    LoadSample(&S);
    assert_int_equal(RegfCell(&S.Hive, S.Hive.RootCell + 8, &Data, &Length),
                     REGF_E_BAD_CELL_OFFSET);
    assert_int_equal(RegfCell(&S.Hive, S.Hive.RootCell + 4, &Data, &Length),
                     REGF_E_BAD_CELL_OFFSET);
    assert_int_equal(RegfCell(&S.Hive, S.Hive.BinsSize, &Data, &Length), REGF_E_BAD_CELL_OFFSET);
    assert_int_equal(RegfCell(&S.Hive, 0xFFFFFFF8u, &Data, &Length), REGF_E_BAD_CELL_OFFSET);
    /* The last cell of the last bin is the free remainder. */
    {
        uint32_t Bin = 0, Cell, Size;
        while (Bin + Le32(S.Hive.Bins + Bin + 8) < S.Hive.BinsSize)
            Bin += Le32(S.Hive.Bins + Bin + 8);
        for (Cell = Bin + 32;;)
        {
            Size = Le32(S.Hive.Bins + Cell);
            Size = (int32_t)Size < 0 ? 0u - Size : Size;
            if (Cell + Size >= S.Hive.BinsSize)
                break;
            Cell += Size;
        }
        assert_int_equal(RegfCell(&S.Hive, Cell, &Data, &Length), REGF_E_FREE_CELL);
    }
    free(S.Data);
}

static void
KeyCorruption(void **State)
{
    SAMPLE S;
    REGF_KEY Key;
    uint32_t Child, Many;

    (void)State;
    LoadSample(&S);
    CellData(&S, S.Hive.RootCell)[0] = 'x';
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &Key), REGF_E_BAD_KEY);
    assert_int_equal(Reopen(&S), REGF_E_BAD_ROOT);
    CellData(&S, S.Hive.RootCell)[0] = 'n';
    CellData(&S, S.Hive.RootCell)[0x48] = 0xF0; /* name longer than the cell */
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &Key), REGF_E_BAD_KEY);
    CellData(&S, S.Hive.RootCell)[0x48] = 4;
    Put32(CellData(&S, S.Hive.RootCell) + 0x14, 6); /* 6 subkeys claimed, 5 listed */
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &Key), REGF_E_SUBKEY_COUNT);
    Put32(CellData(&S, S.Hive.RootCell) + 0x14, 5);
    CellData(&S, S.Root.SubkeyList)[0] = 'x';
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &Key), REGF_E_BAD_SUBKEY_LIST);
    CellData(&S, S.Root.SubkeyList)[0] = 'l';
    CellData(&S, S.Root.SubkeyList)[2] = 0xFF; /* count past the cell */
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &Key), REGF_E_BAD_SUBKEY_LIST);
    CellData(&S, S.Root.SubkeyList)[2] = 5;
    Put32(CellData(&S, S.Root.SubkeyList) + 4, S.Hive.RootCell + 8); /* child mid-cell */
    assert_int_equal(RegfSubkey(&S.Hive, &S.Root, 0, &Child), REGF_OK);
    assert_int_equal(RegfReadKey(&S.Hive, Child, &Key), REGF_E_BAD_CELL_OFFSET);
    free(S.Data);

    /* An ri list whose leaf is another ri. */
    {
        REGF_WRITE_OPTIONS Options = {0, RegfListLh, 2};
        S.Data = RegfSampleHive(&Options, &S.Size);
        assert_int_equal(Reopen(&S), REGF_OK);
        assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &S.Root), REGF_OK);
        assert_int_equal(RegfSubkey(&S.Hive, &S.Root, 2, &Many), REGF_OK);
        assert_int_equal(RegfReadKey(&S.Hive, Many, &Key), REGF_OK);
        assert_int_equal(Key.SubkeyCount, 5);
        assert_int_equal(CellData(&S, Key.SubkeyList)[0], 'r');
        CellData(&S, Le32(CellData(&S, Key.SubkeyList) + 4))[0] = 'r';
        CellData(&S, Le32(CellData(&S, Key.SubkeyList) + 4))[1] = 'i';
        assert_int_equal(RegfReadKey(&S.Hive, Many, &Key), REGF_E_BAD_SUBKEY_LIST);
        free(S.Data);
    }
}

static void
ValueCorruption(void **State)
{
    SAMPLE S;
    REGF_VALUE Value;
    uint8_t Out[64];

    (void)State;
    LoadSample(&S);
    Put32(CellData(&S, S.Hive.RootCell) + 0x24, 1000); /* more values than the list holds */
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &S.Root), REGF_OK);
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 0, &Value), REGF_E_BAD_VALUE_LIST);
    Put32(CellData(&S, S.Hive.RootCell) + 0x24, 9);
    assert_int_equal(RegfReadKey(&S.Hive, S.Hive.RootCell, &S.Root), REGF_OK);

    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 0, &Value), REGF_OK); /* Dword, inline */
    assert_non_null(Value.Inline);
    CellData(&S, Value.Cell)[0] = 'V';
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 0, &Value), REGF_E_BAD_VALUE);
    CellData(&S, Value.Cell)[0] = 'v';
    Put32(CellData(&S, Value.Cell) + 4, 0x80000005u); /* inline but 5 bytes */
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 0, &Value), REGF_E_BAD_VALUE_DATA);
    Put32(CellData(&S, Value.Cell) + 4, 0x80000004u);
    CellData(&S, Value.Cell)[2] = 0xFF; /* name past the cell */
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 0, &Value), REGF_E_BAD_VALUE);
    CellData(&S, Value.Cell)[2] = 5;

    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 2, &Value), REGF_OK); /* String, a cell */
    assert_null(Value.Inline);
    Put32(CellData(&S, Value.Cell) + 4, 4000); /* data longer than its cell */
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 2, &Value), REGF_E_BAD_VALUE_DATA);
    Put32(CellData(&S, Value.Cell) + 4, 12);
    Put32(CellData(&S, Value.Cell) + 8, 0x7FFFFFF8u); /* data cell outside the bins */
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 2, &Value), REGF_E_BAD_VALUE_DATA);
    free(S.Data);

    LoadSample(&S);
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 7, &Value), REGF_OK); /* Big */
    assert_true(Value.BigData);
    CellData(&S, Value.DataCell)[0] = 'x';
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 7, &Value), REGF_E_BAD_BIG_DATA);
    CellData(&S, Value.DataCell)[0] = 'd';
    CellData(&S, Value.DataCell)[2] = 1; /* one segment cannot hold 40000 bytes */
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 7, &Value), REGF_E_BAD_BIG_DATA);
    CellData(&S, Value.DataCell)[2] = 3;
    Put32(CellData(&S, Le32(CellData(&S, Value.DataCell) + 4)) + 4, S.Hive.RootCell);
    assert_int_equal(RegfReadValue(&S.Hive, &S.Root, 7, &Value), REGF_E_BAD_BIG_DATA);
    (void)Out;
    free(S.Data);
}

static void
SecurityCorruption(void **State)
{
    SAMPLE S;
    const uint8_t *Sd;
    uint32_t Length;

    (void)State;
    LoadSample(&S);
    Put32(CellData(&S, S.Root.Security) + 0x10, 4000);
    assert_int_equal(RegfSecurity(&S.Hive, S.Root.Security, &Sd, &Length), REGF_E_BAD_SECURITY);
    Put32(CellData(&S, S.Root.Security) + 0x10, 120);
    CellData(&S, S.Root.Security)[0] = 'x';
    assert_int_equal(RegfSecurity(&S.Hive, S.Root.Security, &Sd, &Length), REGF_E_BAD_SECURITY);
    assert_int_equal(RegfSecurity(&S.Hive, S.Hive.RootCell + 8, &Sd, &Length),
                     REGF_E_BAD_CELL_OFFSET);
    free(S.Data);
}

/* Every single-byte change to a written hive either fails cleanly or still reads. */
static void
EveryByteFlipIsSafe(void **State)
{
    SAMPLE S;
    REGF_HIVE Hive;

    (void)State;
    LoadSample(&S);
    for (size_t I = 4096; I < S.Size; I += 3)
    {
        S.Data[I] ^= 0xA5;
        if (RegfOpenHive(&Hive, S.Data, S.Size) == REGF_OK)
        {
            REGF_KEY Key;
            REGF_VALUE Value;
            uint32_t Child;
            if (RegfReadKey(&Hive, Hive.RootCell, &Key) == REGF_OK)
            {
                for (uint32_t V = 0; V < Key.ValueCount && V < 16; V++)
                    (void)RegfReadValue(&Hive, &Key, V, &Value);
                for (uint32_t K = 0; K < Key.SubkeyCount && K < 16; K++)
                    (void)RegfSubkey(&Hive, &Key, K, &Child);
            }
        }
        S.Data[I] ^= 0xA5;
    }
    free(S.Data);
}

static void
StatusTexts(void **State)
{
    (void)State;
    for (int I = 0; I < REGF_STATUS_COUNT; I++)
    {
        assert_true(strlen(RegfStatusText((REGF_STATUS)I)) > 0);
        for (int J = 0; J < I; J++)
            assert_string_not_equal(RegfStatusText((REGF_STATUS)I), RegfStatusText((REGF_STATUS)J));
    }
    assert_string_equal(RegfStatusText(REGF_STATUS_COUNT), "unknown error");
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(RoundTripLh),
        cmocka_unit_test(RoundTripLf),
        cmocka_unit_test(RoundTripLi),
        cmocka_unit_test(RoundTripRi),
        cmocka_unit_test(WriterReportsSizeAndRejectsBadTrees),
        cmocka_unit_test(BaseBlockCorruption),
        cmocka_unit_test(BinAndCellCorruption),
        cmocka_unit_test(KeyCorruption),
        cmocka_unit_test(ValueCorruption),
        cmocka_unit_test(SecurityCorruption),
        cmocka_unit_test(EveryByteFlipIsSafe),
        cmocka_unit_test(StatusTexts),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
