/* SPDX-License-Identifier: MIT */
/*
 * BOOT.INI parser. One `key=value` per line; `#` and `;` start comment lines; keys are
 * case-insensitive: kernel=, hal= and options= (NT-style switches, validated here so a typo
 * is reported, not ignored). Boot drivers are not named here but by the SYSTEM hive's
 * Services keys (hive.c), so a driver= line is an error. docs/boot-config.md is the reference.
 */
#include "loader.h"

typedef enum _SWITCH_ARG
{
    SwitchNoValue,
    SwitchNumber,
    SwitchSignedNumber,
    SwitchComPort
} SWITCH_ARG;

typedef struct _SWITCH_SPEC
{
    const char *Name;
    SWITCH_ARG Arg;
} SWITCH_SPEC;

static const SWITCH_SPEC KnownSwitches[] = {
    {"SELFTEST", SwitchNoValue},  {"SOS", SwitchNoValue},    {"DEBUG", SwitchNoValue},
    {"BREAK", SwitchNoValue},     {"NUMPROC", SwitchNumber}, {"BAUDRATE", SwitchNumber},
    {"DEBUGPORT", SwitchComPort}, {"BENCH", SwitchNoValue},  {"SPECIALPOOL", SwitchNoValue},
    {"POOLTAGS", SwitchNoValue},  {"STRESS", SwitchNoValue}, {"TIMEZONEBIAS", SwitchSignedNumber},
};

static char
ToUpper(char C)
{
    return (C >= 'a' && C <= 'z') ? (char)(C - 'a' + 'A') : C;
}

static BOOLEAN
IsSpace(char C)
{
    return C == ' ' || C == '\t' || C == '\r';
}

/* Case-insensitive compare of Text[0..Length) with the NUL-terminated Word. */
static BOOLEAN
MatchWord(const char *Text, UINTN Length, const char *Word)
{
    UINTN I;

    for (I = 0; I < Length; I++)
    {
        if (Word[I] == 0 || ToUpper(Text[I]) != ToUpper(Word[I]))
            return FALSE;
    }
    return Word[Length] == 0;
}

static BOOLEAN
IsDecimal(const char *Text, UINTN Length)
{
    UINTN I;

    if (Length == 0 || Length > 9)
        return FALSE;
    for (I = 0; I < Length; I++)
    {
        if (Text[I] < '0' || Text[I] > '9')
            return FALSE;
    }
    return TRUE;
}

static BOOLEAN
ValidSwitchValue(SWITCH_ARG Arg, const char *Value, UINTN Length, BOOLEAN HasValue)
{
    switch (Arg)
    {
        case SwitchNoValue:
            return !HasValue;
        case SwitchNumber:
            return HasValue && IsDecimal(Value, Length);
        case SwitchSignedNumber:
            if (HasValue && Length > 1 && Value[0] == '-')
                return IsDecimal(Value + 1, Length - 1);
            return HasValue && IsDecimal(Value, Length);
        case SwitchComPort:
            return HasValue && Length == 4 && MatchWord(Value, 3, "COM") && Value[3] >= '1' &&
                   Value[3] <= '4';
    }
    return FALSE;
}

/* Validate one "/NAME[=VALUE]" token. */
static BOOLEAN
ValidSwitch(const char *Token, UINTN Length)
{
    UINTN NameLength, I;
    BOOLEAN HasValue;

    if (Length < 2 || Token[0] != '/')
        return FALSE;
    Token++;
    Length--;
    for (NameLength = 0; NameLength < Length && Token[NameLength] != '='; NameLength++)
        ;
    HasValue = NameLength < Length;
    for (I = 0; I < sizeof(KnownSwitches) / sizeof(KnownSwitches[0]); I++)
    {
        if (MatchWord(Token, NameLength, KnownSwitches[I].Name))
            return ValidSwitchValue(KnownSwitches[I].Arg, Token + NameLength + 1,
                                    HasValue ? Length - NameLength - 1 : 0, HasValue);
    }
    return FALSE;
}

static BOOLEAN
ValidOptions(const char *Text, UINTN Length, UINTN *BadOffset, UINTN *BadLength)
{
    UINTN Start = 0, End;

    while (Start < Length)
    {
        if (IsSpace(Text[Start]))
        {
            Start++;
            continue;
        }
        for (End = Start; End < Length && !IsSpace(Text[End]); End++)
            ;
        if (!ValidSwitch(Text + Start, End - Start))
        {
            *BadOffset = Start;
            *BadLength = End - Start;
            return FALSE;
        }
        Start = End;
    }
    return TRUE;
}

static BOOLEAN
ValidFileName(const char *Text, UINTN Length)
{
    UINTN I;

    if (Length == 0 || Length >= LOADER_MAX_NAME)
        return FALSE;
    for (I = 0; I < Length; I++)
    {
        char C = Text[I];
        if (!((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || (C >= '0' && C <= '9') ||
              C == '.' || C == '_' || C == '-'))
            return FALSE;
    }
    return TRUE;
}

static void
CopyText(char *Dest, const char *Text, UINTN Length)
{
    CopyMem(Dest, (void *)Text, Length);
    Dest[Length] = 0;
}

static EFI_STATUS
BadLine(UINTN LineNumber, const CHAR16 *Reason)
{
    return LdrFail(EFI_INVALID_PARAMETER, L"BOOT.INI line %d: %s", LineNumber, Reason);
}

static EFI_STATUS
ParseLine(const char *Line, UINTN Length, UINTN LineNumber, BOOT_CONFIG *Config)
{
    UINTN KeyLength, ValueStart;
    const char *Value;
    UINTN ValueLength, BadOffset, BadLength;
    char Switch[32];

    while (Length > 0 && IsSpace(Line[Length - 1]))
        Length--;
    while (Length > 0 && IsSpace(Line[0]))
    {
        Line++;
        Length--;
    }
    if (Length == 0 || Line[0] == '#' || Line[0] == ';')
        return EFI_SUCCESS;

    for (KeyLength = 0; KeyLength < Length && Line[KeyLength] != '='; KeyLength++)
        ;
    if (KeyLength == Length)
        return BadLine(LineNumber, L"expected key=value");
    ValueStart = KeyLength + 1;
    while (KeyLength > 0 && IsSpace(Line[KeyLength - 1]))
        KeyLength--;
    while (ValueStart < Length && IsSpace(Line[ValueStart]))
        ValueStart++;
    Value = Line + ValueStart;
    ValueLength = Length - ValueStart;

    if (MatchWord(Line, KeyLength, "kernel") || MatchWord(Line, KeyLength, "hal"))
    {
        if (!ValidFileName(Value, ValueLength))
            return BadLine(LineNumber, L"bad file name");
        CopyText(Line[0] == 'k' || Line[0] == 'K' ? Config->Kernel : Config->Hal, Value,
                 ValueLength);
        return EFI_SUCCESS;
    }
    if (MatchWord(Line, KeyLength, "driver"))
        return BadLine(LineNumber, L"driver= is not read: boot drivers come from the SYSTEM "
                                   L"hive's Services keys (Start 0)");
    if (MatchWord(Line, KeyLength, "options"))
    {
        if (ValueLength >= LDR_MAX_OPTIONS)
            return BadLine(LineNumber, L"options too long");
        if (!ValidOptions(Value, ValueLength, &BadOffset, &BadLength))
        {
            CopyText(Switch, Value + BadOffset,
                     BadLength < sizeof(Switch) ? BadLength : sizeof(Switch) - 1);
            return LdrFail(EFI_INVALID_PARAMETER,
                           L"BOOT.INI line %d: unknown or malformed switch %a", LineNumber, Switch);
        }
        CopyText(Config->Options, Value, ValueLength);
        return EFI_SUCCESS;
    }
    return BadLine(LineNumber, L"unknown key");
}

EFI_STATUS
LdrParseConfig(const char *Text, UINTN Length, BOOT_CONFIG *Config)
{
    UINTN Start = 0, End, LineNumber = 1;
    EFI_STATUS Status;

    SetMem(Config, sizeof(*Config), 0);
    while (Start < Length)
    {
        for (End = Start; End < Length && Text[End] != '\n'; End++)
        {
            if (Text[End] == 0)
                return BadLine(LineNumber, L"NUL byte in file");
        }
        Status = ParseLine(Text + Start, End - Start, LineNumber, Config);
        if (EFI_ERROR(Status))
            return Status;
        Start = End + 1;
        LineNumber++;
    }
    if (Config->Kernel[0] == 0)
        CopyText(Config->Kernel, "ntoskrnl.exe", 12);
    if (Config->Hal[0] == 0)
        CopyText(Config->Hal, "hal.dll", 7);
    return EFI_SUCCESS;
}
