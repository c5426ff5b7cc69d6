/* SPDX-License-Identifier: MIT */
/* mkhive's in-memory key tree, its conversion for the regf writer, and the hive dump. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkhive.h"

static void *
HiveAlloc(size_t Size)
{
    void *P = calloc(1, Size ? Size : 1);

    if (P == NULL)
    {
        fprintf(stderr, "mkhive: out of memory\n");
        exit(1);
    }
    return P;
}

uint16_t *
HiveWide(const char *Text, size_t Bytes, uint16_t *Length)
{
    uint16_t *Out = HiveAlloc((Bytes + 1) * sizeof(uint16_t));
    const unsigned char *S = (const unsigned char *)Text;
    size_t I = 0, N = 0;
    uint32_t C;

    while (I < Bytes)
    {
        C = S[I++];
        if (C >= 0x80)
        {
            int More = C >= 0xE0 ? 2 : 1;
            if (C < 0xC0 || C >= 0xF0 || I + More > Bytes)
            {
                fprintf(stderr, "mkhive: '%.*s' is not UTF-8 (BMP only)\n", (int)Bytes, Text);
                exit(2);
            }
            C &= More == 2 ? 0x0F : 0x1F;
            while (More-- > 0)
                C = (C << 6) | (S[I++] & 0x3F);
        }
        Out[N++] = (uint16_t)C;
    }
    if (N > 0xFFFF)
    {
        fprintf(stderr, "mkhive: name too long\n");
        exit(2);
    }
    *Length = (uint16_t)N;
    return Out;
}

static HIVE_KEY *
HiveChild(HIVE_KEY *Key, const char *Name, size_t Bytes)
{
    uint16_t Length;
    uint16_t *Wide = HiveWide(Name, Bytes, &Length);
    HIVE_KEY *Child;

    for (size_t I = 0; I < Key->SubkeyCount; I++)
    {
        if (RegfCompareNames(Key->Subkeys[I].Name, Key->Subkeys[I].NameLength, Wide, Length) ==
            0)
        {
            free(Wide);
            return &Key->Subkeys[I];
        }
    }
    Key->Subkeys = realloc(Key->Subkeys, (Key->SubkeyCount + 1) * sizeof(HIVE_KEY));
    if (Key->Subkeys == NULL)
        exit(1);
    Child = &Key->Subkeys[Key->SubkeyCount++];
    memset(Child, 0, sizeof(*Child));
    Child->Name = Wide;
    Child->NameLength = Length;
    return Child;
}

HIVE_KEY *
HiveKey(HIVE_KEY *Root, const char *Path)
{
    const char *End;

    while (*Path != 0)
    {
        End = strchr(Path, '\\');
        if (End == NULL)
            End = Path + strlen(Path);
        if (End == Path || End - Path > 255)
        {
            fprintf(stderr, "mkhive: bad key path component in '%s'\n", Path);
            exit(2);
        }
        Root = HiveChild(Root, Path, (size_t)(End - Path));
        Path = *End ? End + 1 : End;
    }
    return Root;
}

void
HiveSetValue(HIVE_KEY *Key, const char *Name, uint32_t Type, const void *Data, uint32_t Length)
{
    HIVE_VALUE *Value = NULL;
    uint16_t NameLength;
    uint16_t *Wide = HiveWide(Name, strlen(Name), &NameLength);

    for (size_t I = 0; I < Key->ValueCount; I++)
    {
        if (RegfCompareNames(Key->Values[I].Name, Key->Values[I].NameLength, Wide,
                             NameLength) == 0)
        {
            Value = &Key->Values[I];
            free(Value->Name);
            free(Value->Data);
        }
    }
    if (Value == NULL)
    {
        Key->Values = realloc(Key->Values, (Key->ValueCount + 1) * sizeof(HIVE_VALUE));
        if (Key->Values == NULL)
            exit(1);
        Value = &Key->Values[Key->ValueCount++];
    }
    Value->Name = Wide;
    Value->NameLength = NameLength;
    Value->Type = Type;
    Value->Data = HiveAlloc(Length);
    memcpy(Value->Data, Data, Length);
    Value->DataLength = Length;
}

static int
HiveCompareKeys(const void *A, const void *B)
{
    const HIVE_KEY *KA = A, *KB = B;

    return RegfCompareNames(KA->Name, KA->NameLength, KB->Name, KB->NameLength);
}

REGF_WRITE_KEY
HiveFreeze(HIVE_KEY *Key)
{
    REGF_WRITE_KEY Out = {Key->Name, Key->NameLength, Key->Flags, NULL, (uint32_t)Key->SubkeyCount,
                          NULL, (uint32_t)Key->ValueCount};
    REGF_WRITE_KEY *Subkeys;
    REGF_WRITE_VALUE *Values;

    if (Key->SubkeyCount > 1) /* a leaf's Subkeys is NULL, which qsort may not be given */
        qsort(Key->Subkeys, Key->SubkeyCount, sizeof(HIVE_KEY), HiveCompareKeys);
    Subkeys = HiveAlloc(Key->SubkeyCount * sizeof(*Subkeys));
    for (size_t I = 0; I < Key->SubkeyCount; I++)
        Subkeys[I] = HiveFreeze(&Key->Subkeys[I]);
    Values = HiveAlloc(Key->ValueCount * sizeof(*Values));
    for (size_t I = 0; I < Key->ValueCount; I++)
    {
        Values[I].Name = Key->Values[I].Name;
        Values[I].NameLength = Key->Values[I].NameLength;
        Values[I].Type = Key->Values[I].Type;
        Values[I].Data = Key->Values[I].Data;
        Values[I].DataLength = Key->Values[I].DataLength;
    }
    Out.Subkeys = Subkeys;
    Out.Values = Values;
    return Out;
}

static void
HivePrintName(const REGF_NAME *Name)
{
    for (uint32_t I = 0; I < Name->Length; I += Name->Compressed ? 1 : 2)
    {
        uint32_t C = Name->Compressed ? Name->Bytes[I]
                                      : (uint32_t)(Name->Bytes[I] | (Name->Bytes[I + 1] << 8));
        putchar(C < 0x80 ? (int)C : '?');
    }
}

/* "= TYPE data": strings as text (REG_MULTI_SZ entries joined by \0), numbers in hex,
 * anything else as its size and hex bytes. */
static void
HivePrintData(const REGF_HIVE *Hive, const REGF_VALUE *Value)
{
    static const char *const Types[] = {"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY",
                                        "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_LINK",
                                        "REG_MULTI_SZ", "type 8", "type 9", "type 10",
                                        "REG_QWORD"};
    uint8_t *Data = malloc(Value->DataLength + 1);
    uint32_t T = Value->Type, N = Value->DataLength;

    printf(" = %s", T < 12 ? Types[T] : "type");
    if (Data == NULL || RegfCopyValueData(Hive, Value, Data, N) != REGF_OK)
        printf(" <unreadable data>");
    else if (T == 1 || T == 2 || T == 6 || T == 7)
    {
        putchar(' ');
        for (uint32_t I = 0; I + 1 < N; I += 2)
        {
            uint32_t C = Data[I] | (Data[I + 1] << 8);
            if (C == 0 && (T != 7 || I + 3 >= N || (Data[I + 2] | Data[I + 3]) == 0))
                break;
            if (C == 0)
                printf("\\0");
            else
                putchar(C < 0x80 ? (int)C : '?');
        }
    }
    else if (T == 4 && N == 4)
        printf(" 0x%08x", Data[0] | Data[1] << 8 | Data[2] << 16 | (uint32_t)Data[3] << 24);
    else if (T == 11 && N == 8)
    {
        uint64_t Q = 0;
        for (int I = 7; I >= 0; I--)
            Q = Q << 8 | Data[I];
        printf(" 0x%016llx", (unsigned long long)Q);
    }
    else
    {
        printf(" %u bytes", N);
        for (uint32_t I = 0; I < N && I < 64; I++)
            printf("%s%02x", I ? "" : " ", Data[I]);
    }
    putchar('\n');
    free(Data);
}

static int
HiveDumpKey(const REGF_HIVE *Hive, uint32_t Cell, int Depth)
{
    REGF_KEY Key;
    REGF_VALUE Value;
    REGF_STATUS Status = RegfReadKey(Hive, Cell, &Key);
    uint32_t Child;
    int Failed = 0;

    if (Status != REGF_OK || Depth > 512)
    {
        printf("%*s<key cell 0x%x: %s>\n", Depth * 2, "", Cell, RegfStatusText(Status));
        return 1;
    }
    printf("%*s", Depth * 2, "");
    HivePrintName(&Key.Name);
    printf("%s\n", Key.Flags & REGF_KEY_SYM_LINK ? " (link)" : "");
    for (uint32_t I = 0; I < Key.ValueCount; I++)
    {
        Status = RegfReadValue(Hive, &Key, I, &Value);
        printf("%*s  ", Depth * 2, "");
        if (Status != REGF_OK)
        {
            printf("<value %u: %s>\n", I, RegfStatusText(Status));
            Failed = 1;
            continue;
        }
        HivePrintName(&Value.Name);
        HivePrintData(Hive, &Value);
    }
    for (uint32_t I = 0; I < Key.SubkeyCount; I++)
    {
        Status = RegfSubkey(Hive, &Key, I, &Child);
        Failed |= Status != REGF_OK ? 1 : HiveDumpKey(Hive, Child, Depth + 1);
    }
    return Failed;
}

int
HiveDump(const uint8_t *Data, size_t Size)
{
    REGF_HIVE Hive;
    REGF_STATUS Status = RegfOpenHive(&Hive, Data, Size);

    if (Status != REGF_OK)
    {
        printf("corrupt hive: %s\n", RegfStatusText(Status));
        return 1;
    }
    return HiveDumpKey(&Hive, Hive.RootCell, 0);
}
