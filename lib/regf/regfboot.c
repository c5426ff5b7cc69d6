/* SPDX-License-Identifier: MIT */
/*
 * Boot-start drivers of a SYSTEM hive (regfboot.h has the rules). Values are read as the
 * kernel's Services reader (ntos/io/ioservice.c) reads them: a DWORD of another type or
 * too short takes its default (Type 1, Start 3, ErrorControl 1, Tag none), a Group of
 * another type is no group, and ImagePath must be REG_SZ or REG_EXPAND_SZ when present.
 */
#include "regfboot.h"
#include "regfp.h"

#define REGFP_REG_SZ 1
#define REGFP_REG_EXPAND_SZ 2
#define REGFP_REG_BINARY 3
#define REGFP_REG_DWORD 4
#define REGFP_REG_MULTI_SZ 7

typedef struct _REGFP_BOOT_CONTEXT
{
    const REGF_HIVE *Hive;
    const uint8_t *GroupList; /* ServiceGroupOrder\List, UTF-16LE, or NULL */
    uint32_t GroupListLength;
    REGF_KEY GroupOrder; /* GroupOrderList; Cell 0 when absent */
    REGF_BOOT_LIST *List;
} REGFP_BOOT_CONTEXT;

static REGF_NAME
RegfpAscii(const char *Text)
{
    REGF_NAME Name = {(const uint8_t *)Text, 0, 1};

    while (Text[Name.Length] != 0)
        Name.Length++;
    return Name;
}

/* The data of a value of type Type or OtherType: REGF_E_NOT_FOUND when absent,
 * REGF_E_BAD_VALUE when of another type or not held in one cell. */
static REGF_STATUS
RegfpValueData(const REGF_HIVE *Hive, const REGF_KEY *Key, const REGF_NAME *Name, uint32_t Type,
               uint32_t OtherType, const uint8_t **Data, uint32_t *Length)
{
    REGF_VALUE Value;
    uint32_t CellLength;
    REGF_STATUS Status = RegfFindValue(Hive, Key, Name, &Value);

    *Data = NULL;
    *Length = 0;
    if (Status != REGF_OK)
        return Status;
    if ((Value.Type != Type && Value.Type != OtherType) || Value.BigData)
        return REGF_E_BAD_VALUE;
    *Length = Value.DataLength;
    if (Value.Inline != NULL || Value.DataLength == 0)
    {
        *Data = Value.Inline;
        return REGF_OK;
    }
    return RegfCell(Hive, Value.DataCell, Data, &CellLength);
}

static uint32_t
RegfpDword(const REGF_HIVE *Hive, const REGF_KEY *Key, const char *Name, uint32_t Default)
{
    REGF_NAME ValueName = RegfpAscii(Name);
    const uint8_t *Data;
    uint32_t Length;

    if (RegfpValueData(Hive, Key, &ValueName, REGFP_REG_DWORD, REGFP_REG_DWORD, &Data, &Length) !=
            REGF_OK ||
        Length < 4)
        return Default;
    return RtlReadLe32(Data);
}

/* A REG_SZ or REG_EXPAND_SZ value as a UTF-16 name without its terminating NULs. */
static REGF_STATUS
RegfpString(const REGF_HIVE *Hive, const REGF_KEY *Key, const char *Name, REGF_NAME *String)
{
    REGF_NAME ValueName = RegfpAscii(Name);
    REGF_STATUS Status;

    String->Compressed = 0;
    Status = RegfpValueData(Hive, Key, &ValueName, REGFP_REG_SZ, REGFP_REG_EXPAND_SZ,
                            &String->Bytes, &String->Length);
    String->Length &= ~1u;
    while (Status == REGF_OK && String->Length >= 2 &&
           RtlReadLe16(String->Bytes + String->Length - 2) == 0)
        String->Length -= 2;
    if (Status != REGF_OK)
        String->Length = 0;
    return Status;
}

static uint16_t
RegfpChar(const REGF_NAME *Name, uint32_t Index)
{
    return Name->Compressed ? Name->Bytes[Index] : RtlReadLe16(Name->Bytes + 2 * Index);
}

static uint32_t
RegfpChars(const REGF_NAME *Name)
{
    return Name->Compressed ? Name->Length : Name->Length / 2;
}

/* Characters From.. of Name as ASCII into Out (Capacity with the NUL), '?' for the rest.
 * Returns 0 when a character was replaced or the text was cut. */
static int
RegfpCopyAscii(const REGF_NAME *Name, uint32_t From, char *Out, uint32_t Capacity)
{
    uint32_t Chars = RegfpChars(Name), I;
    int Clean = Chars - From < Capacity;

    for (I = 0; From + I < Chars && I + 1 < Capacity; I++)
    {
        uint16_t C = RegfpChar(Name, From + I);
        Clean &= C >= 0x20 && C <= 0x7E;
        Out[I] = C >= 0x20 && C <= 0x7E ? (char)C : '?';
    }
    Out[I] = 0;
    return Clean;
}

static int
RegfpValidFileName(const char *Name)
{
    uint32_t I;

    for (I = 0; Name[I] != 0; I++)
    {
        char C = Name[I];
        if (!((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || (C >= '0' && C <= '9') ||
              C == '.' || C == '_' || C == '-'))
            return 0;
    }
    return I > 0;
}

/* Append Text to the ImagePath buffer, cutting it at REGF_BOOT_PATH_CHARS - 1. */
static void
RegfpAppend(char *Out, uint32_t *Used, const char *Text)
{
    while (*Text != 0 && *Used + 1 < REGF_BOOT_PATH_CHARS)
        Out[(*Used)++] = *Text++;
    Out[*Used] = 0;
}

static int
RegfpHasBackslash(const char *Text)
{
    while (*Text != 0 && *Text != '\\')
        Text++;
    return *Text != 0;
}

/* Whether Path starts with Prefix, ignoring ASCII case. */
static int
RegfpHasPrefix(const REGF_NAME *Path, const char *Prefix)
{
    REGF_NAME Head = RegfpAscii(Prefix);
    REGF_NAME Start = *Path;

    if (RegfpChars(Path) < Head.Length)
        return 0;
    Start.Length = Path->Compressed ? Head.Length : Head.Length * 2;
    return RegfNamesEqual(&Start, &Head);
}

/* ImagePath, or NT's default \SystemRoot\System32\drivers\<service>.sys, to a file name. */
static void
RegfpResolveImage(const REGF_HIVE *Hive, const REGF_KEY *Key, REGF_BOOT_DRIVER *Driver)
{
    static const char *const Prefixes[] = {"\\SystemRoot\\System32\\drivers\\",
                                           "System32\\drivers\\"};
    REGF_NAME Path;
    REGF_STATUS Status = RegfpString(Hive, Key, "ImagePath", &Path);
    uint32_t I, Skip = 0, Used = 0;

    if (Status == REGF_E_NOT_FOUND)
    {
        RegfpAppend(Driver->ImagePath, &Used, Prefixes[0]);
        RegfpAppend(Driver->ImagePath, &Used, Driver->ServiceName);
        RegfpAppend(Driver->ImagePath, &Used, ".sys");
        Path = RegfpAscii(Driver->ImagePath);
    }
    else if (Status != REGF_OK)
    {
        RegfpAppend(Driver->ImagePath, &Used, "(not a string)");
        Driver->Problem = REGF_BOOT_BAD_IMAGE_PATH;
        return;
    }
    else
        RegfpCopyAscii(&Path, 0, Driver->ImagePath, REGF_BOOT_PATH_CHARS);
    for (I = 0; I < sizeof(Prefixes) / sizeof(Prefixes[0]) && Skip == 0; I++)
    {
        if (RegfpHasPrefix(&Path, Prefixes[I]))
            Skip = RegfpAscii(Prefixes[I]).Length;
    }
    if (Skip == 0)
        Driver->Problem = REGF_BOOT_BAD_IMAGE_PATH;
    else if (!RegfpCopyAscii(&Path, Skip, Driver->FileName, REGF_BOOT_NAME_CHARS) ||
             !RegfpValidFileName(Driver->FileName))
        Driver->Problem = REGF_BOOT_BAD_FILE_NAME;
    if (Driver->Problem != REGF_BOOT_OK)
        Driver->FileName[0] = 0;
}

/* Rule 1: the place of Group in ServiceGroupOrder\List, up to its first empty string. */
static uint32_t
RegfpGroupIndex(const REGFP_BOOT_CONTEXT *Context, const REGF_NAME *Group)
{
    uint32_t Chars = Context->GroupListLength / 2, Offset = 0, Start, Position = 0;
    REGF_NAME Entry = {NULL, 0, 0};

    if (Group->Length == 0 || Context->GroupList == NULL)
        return REGF_NONE;
    while (Offset < Chars && RtlReadLe16(Context->GroupList + 2 * Offset) != 0)
    {
        for (Start = Offset; Offset < Chars && RtlReadLe16(Context->GroupList + 2 * Offset) != 0;
             Offset++)
            ;
        Entry.Bytes = Context->GroupList + 2 * Start;
        Entry.Length = (Offset - Start) * 2;
        if (RegfNamesEqual(&Entry, Group))
            return Position;
        Offset++;
        Position++;
    }
    return REGF_NONE;
}

/* Rule 2: the place of Tag in GroupOrderList\<Group> (a count, then the tags). */
static uint32_t
RegfpTagIndex(const REGFP_BOOT_CONTEXT *Context, const REGF_NAME *Group, uint32_t Tag)
{
    const uint8_t *Tags;
    uint32_t Length, Count, I;

    if (Group->Length == 0 || Tag == REGF_NONE || Context->GroupOrder.Cell == 0 ||
        RegfpValueData(Context->Hive, &Context->GroupOrder, Group, REGFP_REG_BINARY,
                       REGFP_REG_BINARY, &Tags, &Length) != REGF_OK)
        return REGF_NONE;
    Count = Length >= 4 ? RtlReadLe32(Tags) : 0;
    for (I = 0; I < Count && (uint64_t)(I + 2) * 4 <= Length; I++)
    {
        if (RtlReadLe32(Tags + 4 + 4 * I) == Tag)
            return I;
    }
    return REGF_NONE;
}

int
RegfBootStartsBefore(const REGF_BOOT_DRIVER *A, const REGF_BOOT_DRIVER *B)
{
    if (A->GroupIndex != B->GroupIndex)
        return A->GroupIndex < B->GroupIndex;
    if (A->TagIndex != B->TagIndex)
        return A->TagIndex < B->TagIndex;
    return A->Tag < B->Tag;
}

/* Insert in order after its equals (so hive order breaks ties); when the list is full the
 * service that sorts last is the one left out. */
static void
RegfpInsert(REGF_BOOT_LIST *List, const REGF_BOOT_DRIVER *Driver)
{
    uint32_t I = List->Count;
    const REGF_BOOT_DRIVER *Dropped = NULL;

    if (I == REGF_BOOT_MAX_DRIVERS)
    {
        Dropped =
            RegfBootStartsBefore(Driver, &List->Drivers[I - 1]) ? &List->Drivers[I - 1] : Driver;
        List->Omitted++;
        List->OmittedCritical += Dropped->ErrorControl >= REGF_BOOT_ERROR_CRITICAL;
        if (Dropped == Driver)
            return;
        I--;
    }
    else
        List->Count++;
    for (; I > 0 && RegfBootStartsBefore(Driver, &List->Drivers[I - 1]); I--)
        List->Drivers[I] = List->Drivers[I - 1];
    List->Drivers[I] = *Driver;
}

/* The service key at Cell: kept when it is a boot-start kernel or file-system driver. */
static void
RegfpCollect(REGFP_BOOT_CONTEXT *Context, const REGF_KEY *Key)
{
    const REGF_HIVE *Hive = Context->Hive;
    REGF_BOOT_DRIVER Driver;
    uint32_t Type = RegfpDword(Hive, Key, "Type", 1);
    REGF_NAME Group;

    if (RegfpDword(Hive, Key, "Start", 3) != 0 || (Type != 1 && Type != 2))
        return;
    RtlFillBytes(&Driver, sizeof(Driver), 0);
    if (!RegfpCopyAscii(&Key->Name, 0, Driver.ServiceName, REGF_BOOT_NAME_CHARS) ||
        RegfpHasBackslash(Driver.ServiceName))
        Driver.Problem = REGF_BOOT_BAD_SERVICE_NAME;
    else
        RegfpResolveImage(Hive, Key, &Driver);
    Driver.ErrorControl = RegfpDword(Hive, Key, "ErrorControl", 1);
    Driver.Tag = RegfpDword(Hive, Key, "Tag", REGF_NONE);
    RegfpString(Hive, Key, "Group", &Group);
    Driver.GroupIndex = RegfpGroupIndex(Context, &Group);
    Driver.TagIndex = RegfpTagIndex(Context, &Group, Driver.Tag);
    RegfpInsert(Context->List, &Driver);
}

/* Select\Current as the ControlSet00N key. */
static REGF_STATUS
RegfpCurrentControlSet(const REGF_HIVE *Hive, REGF_KEY *ControlSet, uint32_t *Number)
{
    REGF_NAME Name = RegfpAscii("Select");
    char Text[] = "ControlSet000";
    REGF_KEY Root, Select;
    REGF_STATUS Status = RegfReadKey(Hive, Hive->RootCell, &Root);

    if (Status == REGF_OK)
        Status = RegfFindSubkey(Hive, &Root, &Name, &Select);
    *Number = Status == REGF_OK ? RegfpDword(Hive, &Select, "Current", 0) : 0;
    if (*Number == 0 || *Number > 999)
        return Status == REGF_OK ? REGF_E_NOT_FOUND : Status;
    Text[10] = (char)('0' + *Number / 100);
    Text[11] = (char)('0' + *Number / 10 % 10);
    Text[12] = (char)('0' + *Number % 10);
    Name = RegfpAscii(Text);
    return RegfFindSubkey(Hive, &Root, &Name, ControlSet);
}

REGF_STATUS
RegfBootDrivers(const REGF_HIVE *Hive, REGF_BOOT_LIST *List)
{
    REGFP_BOOT_CONTEXT Context = {Hive, NULL, 0, {0}, List};
    REGF_NAME Control = RegfpAscii("Control"), Services = RegfpAscii("Services");
    REGF_NAME Name = RegfpAscii("ServiceGroupOrder"), ListName = RegfpAscii("List");
    REGF_KEY ControlSet, Key, Order;
    REGF_STATUS Status;
    uint32_t I, Cell;

    RtlFillBytes(List, sizeof(*List), 0);
    Status = RegfpCurrentControlSet(Hive, &ControlSet, &List->ControlSet);
    if (Status != REGF_OK)
        return Status;
    if (RegfFindSubkey(Hive, &ControlSet, &Control, &Key) == REGF_OK)
    {
        if (RegfFindSubkey(Hive, &Key, &Name, &Order) == REGF_OK)
            RegfpValueData(Hive, &Order, &ListName, REGFP_REG_MULTI_SZ, REGFP_REG_MULTI_SZ,
                           &Context.GroupList, &Context.GroupListLength);
        Name = RegfpAscii("GroupOrderList");
        RegfFindSubkey(Hive, &Key, &Name, &Context.GroupOrder);
    }
    if (RegfFindSubkey(Hive, &ControlSet, &Services, &Key) != REGF_OK)
        return REGF_OK;
    for (I = 0; I < Key.SubkeyCount; I++)
    {
        REGF_KEY Service;

        if (RegfSubkey(Hive, &Key, I, &Cell) == REGF_OK &&
            RegfReadKey(Hive, Cell, &Service) == REGF_OK && Service.Parent == Key.Cell)
            RegfpCollect(&Context, &Service);
    }
    return REGF_OK;
}

const char *
RegfBootProblemText(REGF_BOOT_PROBLEM Problem)
{
    static const char *const Texts[REGF_BOOT_PROBLEM_COUNT] = {
        [REGF_BOOT_OK] = "no problem",
        [REGF_BOOT_BAD_SERVICE_NAME] = "the service name is not 1-63 printable ASCII characters",
        [REGF_BOOT_BAD_IMAGE_PATH] = "ImagePath does not name a file in System32\\drivers",
        [REGF_BOOT_BAD_FILE_NAME] = "the file name is not 1-63 characters of A-Z a-z 0-9 . _ -",
    };

    if ((unsigned)Problem >= REGF_BOOT_PROBLEM_COUNT)
        return "unknown problem";
    return Texts[Problem];
}
