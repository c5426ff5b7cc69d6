/* SPDX-License-Identifier: MIT */
/*
 * mkhive: write a registry hive file (regf) from the command line, or dump one.
 *
 *   mkhive -o SYSTEM --system --value 'ControlSet001\Services\x:Start=REG_DWORD:1' ...
 *   mkhive --dump SYSTEM
 *
 * --system lays out what the kernel expects of a SYSTEM hive: ControlSet001 with Control and
 * Services, Select, and CurrentControlSet as a registry link to ControlSet001. Paths are
 * relative to the hive root; a leading HKLM\SYSTEM\ and CurrentControlSet are accepted and
 * mean the same as in Windows. Values: 'Key\Path:Name=TYPE:DATA' (Name empty: the default
 * value) with TYPE REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ (strings separated by \0, as reg.exe
 * takes them), REG_DWORD, REG_QWORD (decimal or 0x hex), REG_BINARY (hex digits) or REG_NONE.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mkhive.h"

#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_QWORD 11

static void
Usage(FILE *Out)
{
    fprintf(Out, "Usage: mkhive -o FILE [--system] [--root NAME] [--key PATH]...\n"
                 "              [--value 'PATH:NAME=TYPE:DATA']... [--link PATH=TARGET]...\n"
                 "       mkhive --dump FILE\n");
}

static void
Fail(const char *Message, const char *Argument)
{
    fprintf(stderr, "mkhive: %s: '%s'\n", Message, Argument);
    exit(2);
}

/* Strip HKLM\SYSTEM\ and map CurrentControlSet to ControlSet001; returns a malloc'ed path. */
static char *
HivePath(const char *Path, size_t Length)
{
    static const char *const Prefixes[] = {"HKLM\\SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM",
                                           "\\Registry\\Machine\\SYSTEM"};
    char *Out;

    for (size_t I = 0; I < sizeof(Prefixes) / sizeof(Prefixes[0]); I++)
    {
        size_t N = strlen(Prefixes[I]);
        if (Length >= N && strncasecmp(Path, Prefixes[I], N) == 0 &&
            (Length == N || Path[N] == '\\'))
        {
            Path += N + (Length > N);
            Length -= N + (Length > N);
        }
    }
    if (Length >= 17 && strncasecmp(Path, "CurrentControlSet", 17) == 0 &&
        (Length == 17 || Path[17] == '\\'))
    {
        Out = malloc(Length - 17 + 14);
        if (Out == NULL)
            exit(1);
        snprintf(Out, Length - 17 + 14, "ControlSet001%.*s", (int)(Length - 17), Path + 17);
        return Out;
    }
    return strndup(Path, Length);
}

static void
SetString(HIVE_KEY *Key, const char *Name, uint32_t Type, const char *Text, int Multi)
{
    size_t Bytes = strlen(Text);
    uint16_t Length, *Wide = HiveWide(Text, Bytes, &Length);
    uint16_t *Data = calloc((size_t)Length + 2, sizeof(uint16_t));
    uint32_t N = 0;

    if (Data == NULL)
        exit(1);
    for (uint32_t I = 0; I < Length; I++)
    {
        if (Multi && Wide[I] == '\\' && I + 1 < Length && Wide[I + 1] == '0')
        {
            Data[N++] = 0;
            I++;
        }
        else
            Data[N++] = Wide[I];
    }
    Data[N++] = 0;
    if (Multi)
        Data[N++] = 0;
    HiveSetValue(Key, Name, Type, Data, N * 2);
    free(Data);
    free(Wide);
}

static uint64_t
ParseNumber(const char *Text, uint64_t Max)
{
    char *End;
    unsigned long long Value;

    errno = 0;
    Value = strtoull(Text, &End, 0);
    if (*Text == 0 || *Text == '-' || *End != 0 || errno != 0 || Value > Max)
        Fail("bad number", Text);
    return Value;
}

static void
SetBinary(HIVE_KEY *Key, const char *Name, const char *Hex)
{
    size_t Length = strlen(Hex);
    uint8_t *Data = calloc(Length / 2 + 1, 1);
    unsigned Byte;

    if (Data == NULL)
        exit(1);
    if (Length % 2 != 0)
        Fail("REG_BINARY takes an even number of hex digits", Hex);
    for (size_t I = 0; I < Length / 2; I++)
    {
        if (sscanf(Hex + 2 * I, "%2x", &Byte) != 1 || strchr("0123456789abcdefABCDEF", Hex[2 * I]) ==
                                                         NULL ||
            strchr("0123456789abcdefABCDEF", Hex[2 * I + 1]) == NULL)
            Fail("bad hex digits", Hex);
        Data[I] = (uint8_t)Byte;
    }
    HiveSetValue(Key, Name, REG_BINARY, Data, (uint32_t)(Length / 2));
    free(Data);
}

/* 'PATH:NAME=TYPE:DATA' */
static void
AddValue(HIVE_KEY *Root, const char *Spec)
{
    const char *Colon = strchr(Spec, ':'), *Equals, *TypeEnd;
    char *Path, *Name, *Type;
    const char *Data;
    HIVE_KEY *Key;
    uint64_t Number;

    if (Colon == NULL || (Equals = strchr(Colon, '=')) == NULL ||
        (TypeEnd = strchr(Equals, ':')) == NULL)
        Fail("values are PATH:NAME=TYPE:DATA", Spec);
    Path = HivePath(Spec, (size_t)(Colon - Spec));
    Name = strndup(Colon + 1, (size_t)(Equals - Colon - 1));
    Type = strndup(Equals + 1, (size_t)(TypeEnd - Equals - 1));
    Data = TypeEnd + 1;
    Key = HiveKey(Root, Path);
    if (strcasecmp(Type, "REG_SZ") == 0)
        SetString(Key, Name, REG_SZ, Data, 0);
    else if (strcasecmp(Type, "REG_EXPAND_SZ") == 0)
        SetString(Key, Name, REG_EXPAND_SZ, Data, 0);
    else if (strcasecmp(Type, "REG_MULTI_SZ") == 0)
        SetString(Key, Name, REG_MULTI_SZ, Data, 1);
    else if (strcasecmp(Type, "REG_DWORD") == 0)
    {
        uint32_t D = (uint32_t)ParseNumber(Data, 0xFFFFFFFFu);
        HiveSetValue(Key, Name, REG_DWORD, &D, 4);
    }
    else if (strcasecmp(Type, "REG_QWORD") == 0)
    {
        Number = ParseNumber(Data, UINT64_MAX);
        HiveSetValue(Key, Name, REG_QWORD, &Number, 8);
    }
    else if (strcasecmp(Type, "REG_BINARY") == 0)
        SetBinary(Key, Name, Data);
    else if (strcasecmp(Type, "REG_NONE") == 0 && *Data == 0)
        HiveSetValue(Key, Name, REG_NONE, "", 0);
    else
        Fail("unknown value type (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, "
             "REG_BINARY, REG_NONE)",
             Spec);
    free(Path);
    free(Name);
    free(Type);
}

/* PATH=TARGET: a link key, as NT's CurrentControlSet is: flagged, with SymbolicLinkValue. */
static void
AddLink(HIVE_KEY *Root, const char *Spec)
{
    const char *Equals = strchr(Spec, '=');
    uint16_t Length, *Target;
    char *Path;
    HIVE_KEY *Key;

    if (Equals == NULL || Equals == Spec || Equals[1] != '\\')
        Fail("links are PATH=\\Registry\\...", Spec);
    Path = strndup(Spec, (size_t)(Equals - Spec));
    Key = HiveKey(Root, Path);
    Key->Flags |= REGF_KEY_SYM_LINK;
    Target = HiveWide(Equals + 1, strlen(Equals + 1), &Length);
    HiveSetValue(Key, "SymbolicLinkValue", REG_LINK, Target, Length * 2u);
    free(Target);
    free(Path);
}

static void
AddSystemLayout(HIVE_KEY *Root)
{
    HiveKey(Root, "ControlSet001\\Control\\ServiceGroupOrder");
    HiveKey(Root, "ControlSet001\\Services");
    AddValue(Root, "Select:Current=REG_DWORD:1");
    AddValue(Root, "Select:Default=REG_DWORD:1");
    AddValue(Root, "Select:LastKnownGood=REG_DWORD:1");
    AddValue(Root, "Select:Failed=REG_DWORD:0");
    AddLink(Root, "CurrentControlSet=\\Registry\\Machine\\SYSTEM\\ControlSet001");
}

static int
Dump(const char *Path)
{
    FILE *F = fopen(Path, "rb");
    uint8_t *Data;
    long Size;
    int Result;

    if (F == NULL || fseek(F, 0, SEEK_END) != 0 || (Size = ftell(F)) < 0 ||
        fseek(F, 0, SEEK_SET) != 0)
        Fail("cannot read", Path);
    Data = malloc((size_t)Size + 1);
    if (Data == NULL || fread(Data, 1, (size_t)Size, F) != (size_t)Size)
        Fail("cannot read", Path);
    fclose(F);
    Result = HiveDump(Data, (size_t)Size);
    free(Data);
    return Result;
}

static int
Write(HIVE_KEY *Root, const char *Output)
{
    REGF_WRITE_KEY Tree = HiveFreeze(Root);
    REGF_STATUS Status;
    size_t Size = 0;
    uint8_t *Buffer;
    FILE *F;

    Status = RegfWriteHive(&Tree, NULL, NULL, 0, &Size);
    if (Status != REGF_E_BUFFER_TOO_SMALL)
        Fail(RegfStatusText(Status), Output);
    Buffer = malloc(Size);
    if (Buffer == NULL)
        exit(1);
    Status = RegfWriteHive(&Tree, NULL, Buffer, Size, &Size);
    if (Status != REGF_OK)
        Fail(RegfStatusText(Status), Output);
    F = fopen(Output, "wb");
    if (F == NULL || fwrite(Buffer, 1, Size, F) != Size || fclose(F) != 0)
        Fail("cannot write", Output);
    free(Buffer);
    return 0;
}

int
main(int argc, char **argv)
{
    HIVE_KEY Root = {0};
    const char *Output = NULL;
    char *Path;

    Root.Name = HiveWide("ROOT", 4, &Root.NameLength);
    for (int I = 1; I < argc; I++)
    {
        const char *Arg = argv[I], *Next = I + 1 < argc ? argv[I + 1] : NULL;

        if (strcmp(Arg, "-h") == 0 || strcmp(Arg, "--help") == 0)
        {
            Usage(stdout);
            return 0;
        }
        if (strcmp(Arg, "--system") == 0)
        {
            AddSystemLayout(&Root);
            continue;
        }
        if (Next == NULL)
        {
            Usage(stderr);
            return 2;
        }
        I++;
        if (strcmp(Arg, "--dump") == 0)
            return Dump(Next);
        else if (strcmp(Arg, "-o") == 0)
            Output = Next;
        else if (strcmp(Arg, "--root") == 0)
        {
            free(Root.Name);
            Root.Name = HiveWide(Next, strlen(Next), &Root.NameLength);
        }
        else if (strcmp(Arg, "--key") == 0)
        {
            Path = HivePath(Next, strlen(Next));
            HiveKey(&Root, Path);
            free(Path);
        }
        else if (strcmp(Arg, "--value") == 0)
            AddValue(&Root, Next);
        else if (strcmp(Arg, "--link") == 0)
            AddLink(&Root, Next);
        else
        {
            Usage(stderr);
            return 2;
        }
    }
    if (Output == NULL)
    {
        Usage(stderr);
        return 2;
    }
    return Write(&Root, Output);
}
