/* SPDX-License-Identifier: MIT */
/*
 * Configuration manager self-tests: the SYSTEM hive as mkimage wrote it (the Select values,
 * CurrentControlSet linking to ControlSet001, a Services key per driver, the values the boot
 * tests add with --reg), and the key and value calls with the statuses, dispositions and
 * buffer rules Windows has. Each test works below \Registry\Machine\SOFTWARE\BasaltCmTest
 * and deletes what it made, so the pool leak check after the suites sees any node it loses.
 */
#include "ntos.h"

#define KT_CM_TAG 0x6D434B54 /* "TKCm" */
#define KT_CM_ROOT L"\\Registry\\Machine\\SOFTWARE\\BasaltCmTest"

static NTSTATUS
KtCmCreate(HANDLE Root, PCWSTR Name, ULONG Options, PULONG Disposition, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Root,
                               NULL);
    return ZwCreateKey(Handle, KEY_ALL_ACCESS, &Attributes, 0, NULL, Options, Disposition);
}

static NTSTATUS
KtCmOpen(HANDLE Root, PCWSTR Name, ULONG Attributes, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Object;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Object, &String, Attributes | OBJ_KERNEL_HANDLE, Root, NULL);
    return ZwOpenKey(Handle, KEY_ALL_ACCESS, &Object);
}

static NTSTATUS
KtCmSet(HANDLE Key, PCWSTR Name, ULONG Type, const VOID *Data, ULONG Length)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return ZwSetValueKey(Key, &String, 0, Type, (PVOID)Data, Length);
}

/* Type and data of a value through KeyValuePartialInformation into Buffer. */
static NTSTATUS
KtCmQuery(HANDLE Key, PCWSTR Name, PKEY_VALUE_PARTIAL_INFORMATION Buffer, ULONG Length,
          PULONG Result)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return ZwQueryValueKey(Key, &String, KeyValuePartialInformation, Buffer, Length, Result);
}

/* Delete Key and everything below it; closes Key. */
static NTSTATUS
KtCmDeleteTree(HANDLE Key)
{
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + 512];
    PKEY_BASIC_INFORMATION Info = (PVOID)Buffer;
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Child;
    ULONG Result;
    NTSTATUS Status;

    while (NT_SUCCESS(ZwEnumerateKey(Key, 0, KeyBasicInformation, Info, sizeof(Buffer), &Result)))
    {
        Name.Buffer = Info->Name;
        Name.Length = Name.MaximumLength = (USHORT)Info->NameLength;
        InitializeObjectAttributes(
            &Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_OPENLINK, Key, NULL);
        Status = ZwOpenKey(&Child, KEY_ALL_ACCESS, &Attributes);
        if (!NT_SUCCESS(Status))
            break;
        KtCmDeleteTree(Child);
    }
    Status = ZwDeleteKey(Key);
    ZwClose(Key);
    return Status;
}

static NTSTATUS
KtCmRoot(PHANDLE Handle)
{
    ULONG Disposition;
    NTSTATUS Status = KtCmCreate(NULL, KT_CM_ROOT, 0, &Disposition, Handle);

    if (NT_SUCCESS(Status) && Disposition != REG_CREATED_NEW_KEY)
    {
        KtCmDeleteTree(*Handle); /* left over from a failed test */
        Status = KtCmCreate(NULL, KT_CM_ROOT, 0, &Disposition, Handle);
    }
    return Status;
}

static ULONG
KtCmDword(HANDLE Key, PCWSTR Name)
{
    UCHAR Buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 8];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PVOID)Buffer;
    ULONG Result;

    if (!NT_SUCCESS(KtCmQuery(Key, Name, Info, sizeof(Buffer), &Result)) ||
        Info->Type != REG_DWORD || Info->DataLength != 4)
        return 0xFFFFFFFF;
    return *(PULONG)Info->Data;
}

/* ---- the boot hive ------------------------------------------------------------------------ */

static BOOLEAN
KtCmStringIs(PKEY_VALUE_PARTIAL_INFORMATION Info, ULONG Type, PCWSTR Expected)
{
    ULONG Length = (ULONG)(wcslen(Expected) + 1) * sizeof(WCHAR);

    return Info->Type == Type && Info->DataLength == Length &&
           RtlCompareMemory(Info->Data, Expected, Length) == Length;
}

/* Every Services subkey: ImagePath names a .sys under \SystemRoot\System32\drivers (its
 * own, but for services such as svcfail that share an image), Type 1. */
static BOOLEAN
KtCmIsDriverPath(PKEY_VALUE_PARTIAL_INFORMATION Data)
{
    static const WCHAR Prefix[] = L"\\SystemRoot\\System32\\drivers\\";
    ULONG Chars = Data->DataLength / sizeof(WCHAR);
    PCWSTR Path = (PCWSTR)Data->Data;

    return Data->Type == REG_EXPAND_SZ && Chars > RTL_NUMBER_OF(Prefix) + 4 &&
           Path[Chars - 1] == 0 &&
           RtlCompareMemory(Path, Prefix, sizeof(Prefix) - sizeof(WCHAR)) ==
               sizeof(Prefix) - sizeof(WCHAR) &&
           _wcsicmp(Path + Chars - 5, L".sys") == 0;
}

static VOID
KtCmCheckServices(PKT_CONTEXT Context, HANDLE Services)
{
    UCHAR Buffer[512], Value[512];
    PKEY_BASIC_INFORMATION Info = (PVOID)Buffer;
    PKEY_VALUE_PARTIAL_INFORMATION Data = (PVOID)Value;
    HANDLE Service;
    ULONG Index, Result, Start, Type;
    NTSTATUS Status;

    for (Index = 0;; Index++)
    {
        Status =
            ZwEnumerateKey(Services, Index, KeyBasicInformation, Info, sizeof(Buffer) - 2, &Result);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        KT_CHECK(Context, NT_SUCCESS(Status), "enumerating Services: 0x%08X", Status);
        Info->Name[Info->NameLength / sizeof(WCHAR)] = 0;
        KT_CHECK(Context, NT_SUCCESS(KtCmOpen(Services, Info->Name, 0, &Service)),
                 "cannot open Services\\%ws", Info->Name);
        Status = KtCmQuery(Service, L"ImagePath", Data, sizeof(Value), &Result);
        Start = KtCmDword(Service, L"Start");
        Type = KtCmDword(Service, L"Type");
        ZwClose(Service);
        KT_CHECK(Context, NT_SUCCESS(Status) && KtCmIsDriverPath(Data),
                 "Services\\%ws: ImagePath 0x%08X type %u is not a driver path", Info->Name, Status,
                 Data->Type);
        KT_CHECK(Context, Type == SERVICE_KERNEL_DRIVER && Start <= 4,
                 "Services\\%ws: Type %u Start %u", Info->Name, Type, Start);
    }
}

/* The values tests/boot/boot-test.sh and efi-image add with --reg, when present. */
static VOID
KtCmCheckRegValues(PKT_CONTEXT Context, HANDLE System)
{
    static const WCHAR Multi[] = L"one\0two\0";
    static const UCHAR Binary[] = {0xDE, 0xAD, 0xBE, 0xEF, 0x01};
    UCHAR Buffer[256];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PVOID)Buffer;
    HANDLE Key;
    ULONG Result;

    if (!NT_SUCCESS(KtCmOpen(System, L"Basalt\\SelfTest", 0, &Key)))
        return; /* an image made without them */
    KT_CHECK(Context, KtCmDword(Key, L"Dword") == 0x12345678, "Dword");
    KT_CHECK(Context,
             NT_SUCCESS(KtCmQuery(Key, L"Qword", Info, sizeof(Buffer), &Result)) &&
                 Info->Type == REG_QWORD && *(PULONG64)Info->Data == 0x1122334455667788ull,
             "Qword");
    KT_CHECK(Context,
             NT_SUCCESS(KtCmQuery(Key, L"Sz", Info, sizeof(Buffer), &Result)) &&
                 KtCmStringIs(Info, REG_SZ, L"hello registry"),
             "Sz");
    KT_CHECK(Context,
             NT_SUCCESS(KtCmQuery(Key, L"Expand", Info, sizeof(Buffer), &Result)) &&
                 KtCmStringIs(Info, REG_EXPAND_SZ, L"%SystemRoot%\\x"),
             "Expand");
    KT_CHECK(Context,
             NT_SUCCESS(KtCmQuery(Key, L"Multi", Info, sizeof(Buffer), &Result)) &&
                 Info->Type == REG_MULTI_SZ && Info->DataLength == sizeof(Multi) &&
                 RtlCompareMemory(Info->Data, Multi, sizeof(Multi)) == sizeof(Multi),
             "Multi: type %u, %u bytes", Info->Type, Info->DataLength);
    KT_CHECK(Context,
             NT_SUCCESS(KtCmQuery(Key, L"Binary", Info, sizeof(Buffer), &Result)) &&
                 Info->Type == REG_BINARY && Info->DataLength == sizeof(Binary) &&
                 RtlCompareMemory(Info->Data, Binary, sizeof(Binary)) == sizeof(Binary),
             "Binary");
    ZwClose(Key);
}

static VOID
KtCmBootHive(PKT_CONTEXT Context)
{
    struct
    {
        ULONG NameLength;
        WCHAR Name[80];
    } Name;
    static const WCHAR Expected[] = L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services";
    HANDLE System, Services, Select;
    ULONG Result;
    NTSTATUS Status;

    KT_CHECK(
        Context,
        NT_SUCCESS(KtCmOpen(NULL, L"\\Registry\\Machine\\SYSTEM", OBJ_CASE_INSENSITIVE, &System)),
        "cannot open \\Registry\\Machine\\SYSTEM");
    Status = KtCmOpen(NULL, L"\\REGISTRY\\MACHINE\\System\\CurrentControlSet\\Services",
                      OBJ_CASE_INSENSITIVE, &Services);
    KT_CHECK(Context, NT_SUCCESS(Status), "CurrentControlSet\\Services: 0x%08X", Status);
    Status = ZwQueryKey(Services, KeyNameInformation, &Name, sizeof(Name), &Result);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Name.NameLength == sizeof(Expected) - sizeof(WCHAR) &&
                 RtlCompareMemory(Name.Name, Expected, Name.NameLength) == Name.NameLength,
             "CurrentControlSet does not lead to ControlSet001 (0x%08X)", Status);
    KtCmCheckServices(Context, Services);
    if (Context->Failed)
        return;
    ZwClose(Services);
    if (NT_SUCCESS(KtCmOpen(System, L"Select", 0, &Select)))
    {
        /* From the hive: mkhive --system writes Select; without a hive it is absent. */
        KT_CHECK(Context, KtCmDword(Select, L"Current") == 1 && KtCmDword(Select, L"Failed") == 0,
                 "Select\\Current %u", KtCmDword(Select, L"Current"));
        ZwClose(Select);
        KtCmCheckRegValues(Context, System);
    }
    ZwClose(System);
}

/* ---- keys ------------------------------------------------------------------------------- */

static VOID
KtCmCreateOpen(PKT_CONTEXT Context)
{
    HANDLE Root, Key, Again, Relative;
    ULONG Disposition = 0;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    Status = KtCmCreate(Root, L"Child", 0, &Disposition, &Key);
    KT_CHECK(Context, NT_SUCCESS(Status) && Disposition == REG_CREATED_NEW_KEY,
             "create: 0x%08X disposition %u", Status, Disposition);
    Status = KtCmCreate(NULL, KT_CM_ROOT L"\\CHILD", 0, &Disposition, &Again);
    KT_CHECK(Context, NT_SUCCESS(Status) && Disposition == REG_OPENED_EXISTING_KEY,
             "create existing: 0x%08X disposition %u", Status, Disposition);
    ZwClose(Again);
    KT_CHECK(Context, NT_SUCCESS(KtCmOpen(Root, L"cHiLd", 0, &Relative)),
             "relative open by another case");
    ZwClose(Relative);
    Status = KtCmOpen(Root, L"Missing", 0, &Again);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND && Again == NULL,
             "open missing: 0x%08X", Status);
    Status = KtCmCreate(Root, L"Missing\\Below", 0, &Disposition, &Again);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND,
             "create under a missing parent: 0x%08X", Status);
    Status = KtCmCreate(Root, L"Bad", 0x100, &Disposition, &Again);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad options: 0x%08X", Status);
    Status = KtCmOpen(NULL, L"\\Registry\\Machine\\HARDWARE", OBJ_CASE_INSENSITIVE, &Again);
    KT_CHECK(Context, NT_SUCCESS(Status), "open HARDWARE: 0x%08X", Status);
    Status = KtCmCreate(Again, L"KtNotVolatile", 0, &Disposition, &Relative);
    KT_CHECK(Context, Status == STATUS_CHILD_MUST_BE_VOLATILE, "stable child of HARDWARE: 0x%08X",
             Status);
    Status = KtCmCreate(Again, L"KtVolatile", REG_OPTION_VOLATILE, &Disposition, &Relative);
    KT_CHECK(Context, NT_SUCCESS(Status), "volatile child of HARDWARE: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(ZwDeleteKey(Relative)), "delete volatile key");
    ZwClose(Relative);
    ZwClose(Again);
    KT_CHECK(Context, ZwFlushKey(Key) == STATUS_SUCCESS, "ZwFlushKey");
    KT_CHECK(Context,
             ZwQueryKey((HANDLE)(ULONG_PTR)0x7FFC, KeyBasicInformation, NULL, 0, &Disposition) ==
                 STATUS_INVALID_HANDLE,
             "bad handle accepted");
    ZwClose(Key);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

static VOID
KtCmDelete(PKT_CONTEXT Context)
{
    UCHAR Buffer[64];
    HANDLE Root, Parent, Child, Machine;
    ULONG Disposition, Result;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Root, L"P", 0, &Disposition, &Parent)), "create P");
    KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Parent, L"C", 0, &Disposition, &Child)), "create C");
    Status = ZwDeleteKey(Parent);
    KT_CHECK(Context, Status == STATUS_CANNOT_DELETE, "delete with a subkey: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(ZwDeleteKey(Child)), "delete C");
    Status = ZwDeleteKey(Child);
    KT_CHECK(Context, Status == STATUS_KEY_DELETED, "delete C twice: 0x%08X", Status);
    Status = KtCmSet(Child, L"V", REG_DWORD, &Result, 4);
    KT_CHECK(Context, Status == STATUS_KEY_DELETED, "set on a deleted key: 0x%08X", Status);
    Status = ZwQueryKey(Child, KeyBasicInformation, Buffer, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_KEY_DELETED, "query a deleted key: 0x%08X", Status);
    KT_CHECK(Context, KtCmOpen(Parent, L"C", 0, &Machine) == STATUS_OBJECT_NAME_NOT_FOUND,
             "deleted key still opens");
    ZwClose(Child);
    KT_CHECK(Context, NT_SUCCESS(ZwDeleteKey(Parent)), "delete P");
    ZwClose(Parent);
    KT_CHECK(Context,
             NT_SUCCESS(KtCmOpen(NULL, L"\\Registry\\Machine", OBJ_CASE_INSENSITIVE, &Machine)),
             "open Machine");
    Status = ZwDeleteKey(Machine);
    KT_CHECK(Context, Status == STATUS_CANNOT_DELETE, "delete \\Registry\\Machine: 0x%08X", Status);
    ZwClose(Machine);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

/* Subkeys enumerate sorted by name whatever the creation order; values in creation order. */
static VOID
KtCmEnumerate(PKT_CONTEXT Context)
{
    static const PCWSTR Created[] = {L"b", L"A", L"c"}, Sorted[] = {L"A", L"b", L"c"};
    UCHAR Buffer[128];
    PKEY_BASIC_INFORMATION Basic = (PVOID)Buffer;
    PKEY_VALUE_BASIC_INFORMATION Value = (PVOID)Buffer;
    HANDLE Root, Key;
    ULONG Disposition, Result, I, Dword = 7;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    for (I = 0; I < RTL_NUMBER_OF(Created); I++)
    {
        KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Root, Created[I], 0, &Disposition, &Key)),
                 "create %ws", Created[I]);
        ZwClose(Key);
        KT_CHECK(Context, NT_SUCCESS(KtCmSet(Root, Created[I], REG_DWORD, &Dword, 4)), "set");
    }
    for (I = 0; I < RTL_NUMBER_OF(Sorted); I++)
    {
        Status = ZwEnumerateKey(Root, I, KeyBasicInformation, Basic, sizeof(Buffer), &Result);
        KT_CHECK(Context,
                 NT_SUCCESS(Status) && Basic->NameLength == sizeof(WCHAR) &&
                     Basic->Name[0] == Sorted[I][0] &&
                     Result == FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + sizeof(WCHAR),
                 "subkey %u: 0x%08X", I, Status);
        Status =
            ZwEnumerateValueKey(Root, I, KeyValueBasicInformation, Value, sizeof(Buffer), &Result);
        KT_CHECK(Context,
                 NT_SUCCESS(Status) && Value->Type == REG_DWORD && Value->Name[0] == Created[I][0],
                 "value %u: 0x%08X", I, Status);
    }
    Status = ZwEnumerateKey(Root, 3, KeyBasicInformation, Basic, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "subkey 3: 0x%08X", Status);
    Status = ZwEnumerateValueKey(Root, 3, KeyValueBasicInformation, Value, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "value 3: 0x%08X", Status);
    Status = ZwEnumerateKey(Root, 0, KeyNameInformation, Basic, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "enumerate by name class: 0x%08X",
             Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

/* ---- values and information classes ------------------------------------------------------ */

static VOID
KtCmValueBuffers(PKT_CONTEXT Context, HANDLE Key)
{
    static const UCHAR Data[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    UCHAR Buffer[64];
    PKEY_VALUE_PARTIAL_INFORMATION Partial = (PVOID)Buffer;
    PKEY_VALUE_FULL_INFORMATION Full = (PVOID)Buffer;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"Bin");
    ULONG Result, Fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data);
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmSet(Key, L"Bin", REG_BINARY, Data, sizeof(Data))), "set");
    RtlFillMemory(Buffer, sizeof(Buffer), 0xCC);
    Status = KtCmQuery(Key, L"Bin", Partial, Fixed - 1, &Result);
    KT_CHECK(Context,
             Status == STATUS_BUFFER_TOO_SMALL && Result == Fixed + sizeof(Data) &&
                 Buffer[0] == 0xCC,
             "below the fixed part: 0x%08X, %u", Status, Result);
    Status = KtCmQuery(Key, L"Bin", Partial, Fixed + 4, &Result);
    KT_CHECK(Context,
             Status == STATUS_BUFFER_OVERFLOW && Result == Fixed + sizeof(Data) &&
                 Partial->Type == REG_BINARY && Partial->DataLength == sizeof(Data) &&
                 Partial->Data[3] == 4 && Buffer[Fixed + 4] == 0xCC,
             "partial: 0x%08X, %u", Status, Result);
    Status = KtCmQuery(Key, L"Bin", Partial, Fixed + sizeof(Data), &Result);
    KT_CHECK(Context,
             Status == STATUS_SUCCESS && Result == Fixed + sizeof(Data) && Partial->Data[9] == 10,
             "exact: 0x%08X", Status);
    Status = ZwQueryValueKey(Key, &Name, KeyValueFullInformation, Full, sizeof(Buffer), &Result);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Full->NameLength == 6 && Full->DataLength == sizeof(Data) &&
                 Full->DataOffset >= FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name) + 6 &&
                 Result == Full->DataOffset + sizeof(Data) &&
                 RtlCompareMemory(Buffer + Full->DataOffset, Data, sizeof(Data)) == sizeof(Data),
             "full: 0x%08X", Status);
    Status =
        ZwQueryValueKey(Key, &Name, (KEY_VALUE_INFORMATION_CLASS)77, Full, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad class: 0x%08X", Status);
}

static VOID
KtCmValues(PKT_CONTEXT Context)
{
    UCHAR Buffer[128];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PVOID)Buffer;
    UNICODE_STRING Missing = RTL_CONSTANT_STRING(L"Missing");
    HANDLE Root;
    ULONG Result, One = 1, Two = 2;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    KtCmValueBuffers(Context, Root);
    if (Context->Failed)
        return;
    Status = KtCmQuery(Root, L"Missing", Info, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "missing value: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmSet(Root, L"", REG_DWORD, &One, 4)), "default value");
    KT_CHECK(Context, KtCmDword(Root, L"") == 1, "default value reads back");
    KT_CHECK(Context, NT_SUCCESS(KtCmSet(Root, L"BIN", REG_DWORD, &Two, 4)), "replace");
    KT_CHECK(Context, KtCmDword(Root, L"bin") == 2, "replaced value reads back, any case");
    Status =
        ZwEnumerateValueKey(Root, 0, KeyValuePartialInformation, Info, sizeof(Buffer), &Result);
    KT_CHECK(Context, NT_SUCCESS(Status) && *(PULONG)Info->Data == 2,
             "a replaced value keeps its place");
    Status = ZwDeleteValueKey(Root, &Missing);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "delete missing: 0x%08X", Status);
    RtlInitUnicodeString(&Missing, L"Bin");
    KT_CHECK(Context, NT_SUCCESS(ZwDeleteValueKey(Root, &Missing)), "delete value");
    Status = KtCmQuery(Root, L"Bin", Info, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "deleted value: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

static VOID
KtCmKeyInformation(PKT_CONTEXT Context)
{
    static WCHAR ClassText[] = L"KtClass";
    UNICODE_STRING Class = RTL_CONSTANT_STRING(ClassText), Name = RTL_CONSTANT_STRING(L"Node");
    UCHAR Buffer[256];
    PKEY_FULL_INFORMATION Full = (PVOID)Buffer;
    PKEY_NODE_INFORMATION Node = (PVOID)Buffer;
    PKEY_BASIC_INFORMATION Basic = (PVOID)Buffer;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Root, Key;
    ULONG Result, Disposition, Fixed;
    UCHAR Big[40] = {0};
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, Root, NULL);
    Status = ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, &Class, 0, &Disposition);
    KT_CHECK(Context, NT_SUCCESS(Status), "create with a class: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmSet(Root, L"LongerName", REG_BINARY, Big, sizeof(Big))),
             "set");
    Status = ZwQueryKey(Root, KeyFullInformation, Full, sizeof(Buffer), &Result);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Full->SubKeys == 1 && Full->Values == 1 &&
                 Full->MaxNameLen == 8 && Full->MaxClassLen == sizeof(ClassText) - 2 &&
                 Full->MaxValueNameLen == 20 && Full->MaxValueDataLen == sizeof(Big) &&
                 Full->ClassLength == 0 && Result == FIELD_OFFSET(KEY_FULL_INFORMATION, Class),
             "full: 0x%08X subkeys %u values %u", Status, Full->SubKeys, Full->Values);
    Status = ZwEnumerateKey(Root, 0, KeyNodeInformation, Node, sizeof(Buffer), &Result);
    Fixed = FIELD_OFFSET(KEY_NODE_INFORMATION, Name);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Node->NameLength == 8 && Node->ClassOffset == Fixed + 8 &&
                 Node->ClassLength == sizeof(ClassText) - 2 &&
                 RtlCompareMemory(Buffer + Node->ClassOffset, ClassText, Node->ClassLength) ==
                     Node->ClassLength &&
                 Result == Fixed + 8 + Node->ClassLength,
             "node: 0x%08X", Status);
    Status = ZwQueryKey(Key, KeyBasicInformation, Basic,
                        FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 2, &Result);
    KT_CHECK(Context,
             Status == STATUS_BUFFER_OVERFLOW && Basic->NameLength == 8 && Basic->Name[0] == L'N' &&
                 Result == FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 8,
             "basic overflow: 0x%08X %u", Status, Result);
    Status = ZwQueryKey(Key, KeyBasicInformation, Basic, 4, &Result);
    KT_CHECK(Context, Status == STATUS_BUFFER_TOO_SMALL, "basic too small: 0x%08X", Status);
    Status = ZwQueryKey(Key, (KEY_INFORMATION_CLASS)99, Basic, sizeof(Buffer), &Result);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad class: 0x%08X", Status);
    ZwClose(Key);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

/* A link made with REG_OPTION_CREATE_LINK leads to its target; OBJ_OPENLINK opens it. */
static VOID
KtCmLinks(PKT_CONTEXT Context)
{
    static const WCHAR Target[] = KT_CM_ROOT L"\\Target";
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"Link");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Root, Key, Link, Through;
    ULONG Disposition, Marker = 0x1234;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Root, L"Target", 0, &Disposition, &Key)), "target");
    KT_CHECK(Context, NT_SUCCESS(KtCmSet(Key, L"Marker", REG_DWORD, &Marker, 4)), "marker");
    ZwClose(Key);
    Status = KtCmCreate(Root, L"Link", REG_OPTION_CREATE_LINK, &Disposition, &Link);
    KT_CHECK(Context, NT_SUCCESS(Status), "create link: 0x%08X", Status);
    KT_CHECK(Context,
             NT_SUCCESS(KtCmSet(Link, L"SymbolicLinkValue", REG_LINK, Target, sizeof(Target) - 2)),
             "link value");
    ZwClose(Link);
    Status = KtCmOpen(Root, L"Link", 0, &Through);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtCmDword(Through, L"Marker") == 0x1234,
             "open through the link: 0x%08X", Status);
    ZwClose(Through);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, Root, NULL);
    Status = ZwOpenKeyEx(&Link, KEY_ALL_ACCESS, &Attributes, REG_OPTION_OPEN_LINK);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtCmDword(Link, L"Marker") == 0xFFFFFFFF,
             "the link itself: 0x%08X", Status);
    ZwClose(Link);
    Status = ZwOpenKeyEx(&Link, KEY_ALL_ACCESS, &Attributes, 0x40);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad open options: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

/* Keys carry descriptors: the hive's, inherited ones, and ones set through the handle; Ob's
 * forced access check honours them. */
static VOID
KtCmSecurity(PKT_CONTEXT Context)
{
    UCHAR Buffer[256];
    PISECURITY_DESCRIPTOR_RELATIVE Sd = (PVOID)Buffer;
    SECURITY_DESCRIPTOR Closed;
    ACL Empty;
    HANDLE Root, Key, Again;
    ULONG Result, Disposition;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    Status = ZwQuerySecurityObject(Root, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, Sd,
                                   sizeof(Buffer), &Result);
    KT_CHECK(Context, NT_SUCCESS(Status) && Sd->Revision == 1 && Sd->Dacl != 0 && Sd->Owner != 0,
             "query a key's descriptor: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Root, L"Closed", 0, &Disposition, &Key)), "create");
    RtlCreateSecurityDescriptor(&Closed, SECURITY_DESCRIPTOR_REVISION);
    RtlCreateAcl(&Empty, sizeof(Empty), ACL_REVISION);
    RtlSetDaclSecurityDescriptor(&Closed, TRUE, &Empty, FALSE);
    Status = ZwSetSecurityObject(Key, DACL_SECURITY_INFORMATION, &Closed);
    KT_CHECK(Context, NT_SUCCESS(Status), "set an empty DACL: 0x%08X", Status);
    Status = KtCmOpen(Root, L"Closed", OBJ_FORCE_ACCESS_CHECK, &Again);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "checked open of a closed key: 0x%08X",
             Status);
    Status = KtCmOpen(Root, L"Closed", 0, &Again);
    KT_CHECK(Context, NT_SUCCESS(Status), "kernel open skips the check: 0x%08X", Status);
    ZwClose(Again);
    Status = KtCmOpen(Root, NULL, OBJ_FORCE_ACCESS_CHECK, &Again);
    KT_CHECK(Context, NT_SUCCESS(Status), "checked open of an open key: 0x%08X", Status);
    ZwClose(Again);
    ZwClose(Key);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

/* ---- Rtl registry routines --------------------------------------------------------------- */

typedef struct _KT_CM_CALLS
{
    ULONG Count;
    ULONG Types[8];
    ULONG Lengths[8];
    WCHAR First[16];
    NTSTATUS Return;
} KT_CM_CALLS, *PKT_CM_CALLS;

static NTSTATUS NTAPI
KtCmRecord(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength, PVOID Context,
           PVOID EntryContext)
{
    PKT_CM_CALLS Calls = Context;

    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(EntryContext);
    if (Calls->Count < 8)
    {
        Calls->Types[Calls->Count] = ValueType;
        Calls->Lengths[Calls->Count] = ValueLength;
        if (Calls->Count == 0 && ValueData != NULL && ValueType == REG_SZ)
            RtlCopyMemory(Calls->First, ValueData, min(ValueLength, sizeof(Calls->First) - 2));
    }
    Calls->Count++;
    return Calls->Return;
}

static VOID
KtCmQueryRoutines(PKT_CONTEXT Context)
{
    static const WCHAR Multi[] = L"a\0bb\0", Expand[] = L"%X%\\y";
    static const WCHAR Environment[] = L"X=abc\0";
    RTL_QUERY_REGISTRY_TABLE Table[3];
    KT_CM_CALLS Calls;
    HANDLE Root;
    ULONG Dword = 5;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    KtCmSet(Root, L"Multi", REG_MULTI_SZ, Multi, sizeof(Multi));
    KtCmSet(Root, L"Expand", REG_EXPAND_SZ, Expand, sizeof(Expand));
    KtCmSet(Root, L"Dword", REG_DWORD, &Dword, 4);

    RtlZeroMemory(Table, sizeof(Table));
    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].QueryRoutine = KtCmRecord;
    Table[0].Name = L"Multi";
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Calls.Count == 2 && Calls.Types[0] == REG_SZ &&
                 Calls.Lengths[0] == 4 && Calls.Lengths[1] == 6,
             "REG_MULTI_SZ split: 0x%08X, %u calls", Status, Calls.Count);
    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Calls.Count == 1 && Calls.Types[0] == REG_MULTI_SZ &&
                 Calls.Lengths[0] == sizeof(Multi),
             "NOEXPAND: %u calls", Calls.Count);
    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].Flags = 0;
    Table[0].Name = L"Expand";
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls,
                                    (PVOID)Environment);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Calls.Types[0] == REG_SZ && Calls.Lengths[0] == 12 &&
                 RtlCompareMemory(Calls.First, L"abc\\y", 10) == 10,
             "REG_EXPAND_SZ expanded: 0x%08X, %u bytes", Status, Calls.Lengths[0]);

    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].Name = NULL; /* every value: 2 strings, 1 expanded, 1 dword */
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Calls.Count == 4, "all values: %u calls", Calls.Count);
    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].Flags = RTL_QUERY_REGISTRY_NOVALUE;
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Calls.Count == 1 && Calls.Types[0] == REG_NONE,
             "NOVALUE: %u calls", Calls.Count);

    RtlZeroMemory(&Calls, sizeof(Calls));
    Calls.Return = STATUS_UNSUCCESSFUL;
    Table[0].Flags = 0;
    Table[0].Name = L"Dword";
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context, Status == STATUS_UNSUCCESSFUL, "routine's error: 0x%08X", Status);

    RtlZeroMemory(&Calls, sizeof(Calls));
    Table[0].Name = L"Absent";
    Table[0].DefaultType = REG_SZ;
    Table[0].DefaultData = L"def";
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Calls.Count == 1 && Calls.Types[0] == REG_SZ &&
                 Calls.Lengths[0] == 8,
             "default: 0x%08X %u calls", Status, Calls.Count);
    Table[0].Flags = RTL_QUERY_REGISTRY_REQUIRED;
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "required: 0x%08X", Status);
    Table[0].Flags = 0;
    Table[0].DefaultType = REG_NONE;
    RtlZeroMemory(&Calls, sizeof(Calls));
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, &Calls, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Calls.Count == 0, "no default: %u calls", Calls.Count);
    Status =
        RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\Nope", Table, &Calls, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "missing key: 0x%08X", Status);
    Status = RtlQueryRegistryValues(RTL_REGISTRY_MAXIMUM, L"", Table, &Calls, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad RelativeTo: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

static VOID
KtCmQueryDirect(PKT_CONTEXT Context)
{
    static const UCHAR Bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    RTL_QUERY_REGISTRY_TABLE Table[6];
    UNICODE_STRING String = {0, 0, NULL};
    LONG Raw[4], Tagged[6];
    ULONG Dword = 0, Value = 0xAB;
    HANDLE Root, Sub;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCmRoot(&Root)), "cannot create the test root");
    KtCmSet(Root, L"Dword", REG_DWORD, &Value, 4);
    KtCmSet(Root, L"Sz", REG_SZ, L"text", 10);
    KtCmSet(Root, L"Bin", REG_BINARY, Bytes, sizeof(Bytes));
    KT_CHECK(Context, NT_SUCCESS(KtCmCreate(Root, L"Sub", 0, NULL, &Sub)), "subkey");
    Value = 0xCD;
    KtCmSet(Sub, L"Inner", REG_DWORD, &Value, 4);
    ZwClose(Sub);

    RtlZeroMemory(Table, sizeof(Table));
    Raw[0] = -(LONG)sizeof(Raw);
    Table[0] = (RTL_QUERY_REGISTRY_TABLE){
        .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Dword", .EntryContext = &Dword};
    Table[1] = (RTL_QUERY_REGISTRY_TABLE){
        .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Sz", .EntryContext = &String};
    Table[2] = (RTL_QUERY_REGISTRY_TABLE){
        .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Bin", .EntryContext = Raw};
    Table[3] = (RTL_QUERY_REGISTRY_TABLE){
        .Flags = RTL_QUERY_REGISTRY_SUBKEY, .Name = L"Sub", .EntryContext = NULL};
    Table[4] =
        (RTL_QUERY_REGISTRY_TABLE){.Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_DELETE,
                                   .Name = L"Inner",
                                   .EntryContext = &Value};
    Status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)Root, Table, NULL, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "direct: 0x%08X", Status);
    KT_CHECK(Context, Dword == 0xAB && Value == 0xCD, "dwords %X %X", Dword, Value);
    KT_CHECK(Context,
             String.Buffer != NULL && String.Length == 8 &&
                 RtlCompareMemory(String.Buffer, L"text", 8) == 8,
             "string %u bytes", String.Length);
    RtlFreeUnicodeString(&String);
    KT_CHECK(Context, RtlCompareMemory(Raw, Bytes, sizeof(Bytes)) == sizeof(Bytes), "raw data");
    KT_CHECK(Context,
             RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\Sub") == STATUS_SUCCESS,
             "subkey present");
    KT_CHECK(Context,
             NT_SUCCESS(KtCmOpen(Root, L"Sub", 0, &Sub)) && KtCmDword(Sub, L"Inner") == 0xFFFFFFFF,
             "DELETE left the value");
    ZwClose(Sub);

    /* Length, type, data; then a buffer too small for that. */
    RtlZeroMemory(Table, sizeof(Table));
    Tagged[0] = sizeof(Tagged);
    Table[0] = (RTL_QUERY_REGISTRY_TABLE){
        .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Bin", .EntryContext = Tagged};
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, NULL, NULL);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Tagged[0] == 8 && Tagged[1] == REG_BINARY &&
                 RtlCompareMemory(Tagged + 2, Bytes, 8) == 8,
             "tagged: 0x%08X", Status);
    Raw[0] = -4;
    Table[0].EntryContext = Raw;
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT, Table, NULL, NULL);
    KT_CHECK(Context, Status == STATUS_BUFFER_TOO_SMALL, "small raw buffer: 0x%08X", Status);
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

static VOID
KtCmRtlKeys(PKT_CONTEXT Context)
{
    ULONG Value = 42;
    HANDLE Root;
    NTSTATUS Status;

    Status = RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A\\B");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "check missing: 0x%08X", Status);
    Status = RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A\\B");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "create below missing keys: 0x%08X",
             Status);
    KT_CHECK(Context, NT_SUCCESS(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT)), "root");
    KT_CHECK(Context, NT_SUCCESS(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A")),
             "A");
    Status = RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A\\B");
    KT_CHECK(Context, NT_SUCCESS(Status), "create B: 0x%08X", Status);
    KT_CHECK(Context,
             RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A\\B") == STATUS_SUCCESS,
             "created path found");
    Status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, KT_CM_ROOT L"\\A\\C", L"V", REG_DWORD,
                                   &Value, 4);
    KT_CHECK(Context, NT_SUCCESS(Status), "write: 0x%08X", Status);
    Status = RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"KtCmService", L"Start", REG_DWORD,
                                   &Value, 4);
    KT_CHECK(Context, NT_SUCCESS(Status), "write under Services: 0x%08X", Status);
    Status = RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, L"KtCmService", L"Start");
    KT_CHECK(Context, NT_SUCCESS(Status), "delete under Services: 0x%08X", Status);
    Status = RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, L"KtCmService", L"Start");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "delete twice: 0x%08X", Status);
    KT_CHECK(Context,
             NT_SUCCESS(KtCmOpen(
                 NULL, L"\\Registry\\Machine\\SYSTEM\\ControlSet001\\Services\\KtCmService",
                 OBJ_CASE_INSENSITIVE, &Root)),
             "Services key written through CurrentControlSet");
    KtCmDeleteTree(Root);
    KT_CHECK(Context, NT_SUCCESS(KtCmOpen(NULL, KT_CM_ROOT, OBJ_CASE_INSENSITIVE, &Root)), "root");
    KT_CHECK(Context, NT_SUCCESS(KtCmDeleteTree(Root)), "cleanup");
}

static const KT_TEST KtCmTests[] = {
    {"boot hive as mkimage wrote it", KtCmBootHive},
    {"create, open, dispositions", KtCmCreateOpen},
    {"delete", KtCmDelete},
    {"enumerate in order", KtCmEnumerate},
    {"values", KtCmValues},
    {"key information classes", KtCmKeyInformation},
    {"links", KtCmLinks},
    {"security", KtCmSecurity},
    {"RtlQueryRegistryValues routines", KtCmQueryRoutines},
    {"RtlQueryRegistryValues direct", KtCmQueryDirect},
    {"Rtl key helpers", KtCmRtlKeys},
};

const KT_SUITE KtCmSuite = {"Cm", KtCmTests, RTL_NUMBER_OF(KtCmTests)};
