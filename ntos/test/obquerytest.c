/* SPDX-License-Identifier: MIT */
/*
 * Object manager self-tests, second part: directory enumeration, symbolic links followed in
 * lookup, ZwQueryObject, ZwDuplicateObject, and the type procedures called when NT calls them.
 */
#include "ntos.h"

static NTSTATUS
KtCreateDirectory(PCWSTR Name, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, 0, NULL, NULL);
    return ZwCreateDirectoryObject(Handle, DIRECTORY_ALL_ACCESS, &Attributes);
}

static NTSTATUS
KtCreateLink(PCWSTR Name, PCWSTR Target, PHANDLE Handle)
{
    UNICODE_STRING String, TargetString;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&String, Name);
    RtlInitUnicodeString(&TargetString, Target);
    InitializeObjectAttributes(&Attributes, &String, 0, NULL, NULL);
    return ZwCreateSymbolicLinkObject(Handle, SYMBOLIC_LINK_ALL_ACCESS, &Attributes, &TargetString);
}

static BOOLEAN
KtIs(PCUNICODE_STRING String, PCWSTR Expected)
{
    UNICODE_STRING Other;

    RtlInitUnicodeString(&Other, Expected);
    return RtlEqualUnicodeString(String, &Other, FALSE);
}

/* Three events in a new directory: one at a time, all at once, restart, small buffers. */
static VOID
KtDirectoryEnumeration(PKT_CONTEXT Context)
{
    static const PCWSTR Names[] = {L"\\BaseNamedObjects\\KtDir\\A", L"\\BaseNamedObjects\\KtDir\\B",
                                   L"\\BaseNamedObjects\\KtDir\\C"};
    ULONG_PTR Buffer[64];
    POBJECT_DIRECTORY_INFORMATION Info = (POBJECT_DIRECTORY_INFORMATION)Buffer;
    HANDLE Directory, Events[3];
    ULONG Index = 0, Length = 0, I, Seen = 0, One;
    NTSTATUS Status;

    Status = KtCreateDirectory(L"\\BaseNamedObjects\\KtDir", &Directory);
    KT_CHECK(Context, NT_SUCCESS(Status), "create the directory: 0x%08X", Status);
    Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), FALSE, TRUE, &Index, NULL);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "empty directory: 0x%08X", Status);
    for (I = 0; I < 3; I++)
        KT_CHECK(Context, NT_SUCCESS(KtCreateEvent(Names[I], 0, NULL, &Events[I])), "event %u", I);
    for (I = 0; I < 3; I++)
    {
        Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), TRUE, I == 0, &Index,
                                        &Length);
        KT_CHECK(Context, Status == STATUS_SUCCESS && Index == I + 1, "entry %u: 0x%08X index %u",
                 I, Status, Index);
        KT_CHECK(Context,
                 Info[0].Name.Length == 2 && KtIs(&Info[0].TypeName, L"Event") &&
                     Info[1].Name.Buffer == NULL && Info[0].Name.Buffer[1] == 0,
                 "entry %u: %wZ %wZ", I, &Info[0].Name, &Info[0].TypeName);
        Seen |= 1u << (Info[0].Name.Buffer[0] - L'A');
        KT_CHECK(Context, Length == 2 * sizeof(*Info) + 2 * sizeof(WCHAR) + sizeof(L"Event"),
                 "single entry length %u", Length);
    }
    KT_CHECK(Context, Seen == 7, "names seen: mask 0x%X", Seen);
    Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), TRUE, FALSE, &Index, NULL);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "past the end: 0x%08X", Status);
    Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), FALSE, TRUE, &Index, NULL);
    KT_CHECK(Context,
             Status == STATUS_SUCCESS && Index == 3 && Info[3].Name.Length == 0 &&
                 Info[2].Name.Length == 2,
             "all at once: 0x%08X index %u", Status, Index);
    One = 2 * sizeof(*Info) + 2 * sizeof(WCHAR) + sizeof(L"Event");
    Status = ZwQueryDirectoryObject(Directory, Buffer, One - 1, TRUE, TRUE, &Index, &Length);
    KT_CHECK(Context, Status == STATUS_BUFFER_TOO_SMALL && Length == One,
             "too small: 0x%08X, needs %u", Status, Length);
    Status = ZwQueryDirectoryObject(Directory, Buffer, One + 8, FALSE, TRUE, &Index, &Length);
    KT_CHECK(Context, Status == STATUS_MORE_ENTRIES && Index == 1 && Length == One,
             "room for one: 0x%08X index %u length %u", Status, Index, Length);
    Status = ZwQueryDirectoryObject(Events[0], Buffer, sizeof(Buffer), FALSE, TRUE, &Index, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "an event enumerated: 0x%08X", Status);
    for (I = 0; I < 3; I++)
        ZwClose(Events[I]);
    Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), FALSE, TRUE, &Index, NULL);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "names left: 0x%08X", Status);
    ZwClose(Directory);
}

/* Links are followed anywhere in a path, through other links, and opened as themselves. */
static VOID
KtSymbolicLinks(PKT_CONTEXT Context)
{
    WCHAR Small[4], Large[64];
    UNICODE_STRING Target = {0, sizeof(Small), Small};
    UNICODE_STRING LinkName = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\KtLink");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Directory, Event, Link, DosLink, LoopA, LoopB, Handle;
    ULONG Returned = 0;
    NTSTATUS Status;

    Status = KtCreateDirectory(L"\\BaseNamedObjects\\KtLinkDir", &Directory);
    KT_CHECK(Context, NT_SUCCESS(Status), "directory: 0x%08X", Status);
    Status = KtCreateEvent(L"\\BaseNamedObjects\\KtLinkDir\\Ev", 0, NULL, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "event: 0x%08X", Status);
    Status = KtCreateLink(LinkName.Buffer, L"\\BaseNamedObjects\\KtLinkDir", &Link);
    KT_CHECK(Context, NT_SUCCESS(Status), "link: 0x%08X", Status);
    Status = KtCreateLink(L"\\GLOBAL??\\KtDrive", L"\\BaseNamedObjects\\KtLink", &DosLink);
    KT_CHECK(Context, NT_SUCCESS(Status), "DOS link: 0x%08X", Status);
    KT_CHECK(Context,
             KtObjectByName(L"\\BaseNamedObjects\\KtLink\\Ev", 0) == KtObjectByHandle(Event),
             "through the link");
    KT_CHECK(Context, KtObjectByName(L"\\DosDevices\\KtDrive\\Ev", 0) == KtObjectByHandle(Event),
             "through \\DosDevices, \\?? and two links");
    Status = KtOpenEvent(L"\\??\\KtDrive\\Missing", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "missing behind links: 0x%08X",
             Status);

    InitializeObjectAttributes(&Attributes, &LinkName, 0, NULL, NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, SYMBOLIC_LINK_QUERY, &Attributes);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtObjectByHandle(Handle) == KtObjectByHandle(Link),
             "open the link itself: 0x%08X", Status);
    Status = ZwQuerySymbolicLinkObject(Handle, &Target, &Returned);
    KT_CHECK(Context,
             Status == STATUS_BUFFER_TOO_SMALL &&
                 Returned == sizeof(L"\\BaseNamedObjects\\KtLinkDir"),
             "small buffer: 0x%08X, returned %u", Status, Returned);
    Target.Buffer = Large;
    Target.MaximumLength = sizeof(Large);
    Status = ZwQuerySymbolicLinkObject(Handle, &Target, &Returned);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && KtIs(&Target, L"\\BaseNamedObjects\\KtLinkDir") &&
                 Large[Target.Length / sizeof(WCHAR)] == 0,
             "target: 0x%08X %wZ", Status, &Target);
    Status = ZwQuerySymbolicLinkObject(Event, &Target, NULL);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "an event queried as a link: 0x%08X",
             Status);
    ZwClose(Handle);

    Status = KtCreateLink(L"\\BaseNamedObjects\\KtLoopA", L"\\BaseNamedObjects\\KtLoopB", &LoopA);
    KT_CHECK(Context, NT_SUCCESS(Status), "loop A: 0x%08X", Status);
    Status = KtCreateLink(L"\\BaseNamedObjects\\KtLoopB", L"\\BaseNamedObjects\\KtLoopA", &LoopB);
    KT_CHECK(Context, NT_SUCCESS(Status), "loop B: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtLoopA\\X", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "a loop of links: 0x%08X", Status);
    ZwClose(LoopA);
    ZwClose(LoopB);
    ZwClose(DosLink);
    ZwClose(Link);
    ZwClose(Event);
    ZwClose(Directory);
    KT_CHECK(Context, KtObjectByName(L"\\BaseNamedObjects\\KtLinkDir", 0) == NULL, "names left");
}

/* Name, type and basic information, with the exact length statuses. */
static VOID
KtQueryObject(PKT_CONTEXT Context)
{
    ULONG_PTR Buffer[32];
    POBJECT_NAME_INFORMATION Name = (POBJECT_NAME_INFORMATION)Buffer;
    PPUBLIC_OBJECT_TYPE_INFORMATION Type = (PPUBLIC_OBJECT_TYPE_INFORMATION)Buffer;
    PUBLIC_OBJECT_BASIC_INFORMATION Basic;
    PCWSTR Path = L"\\BaseNamedObjects\\KtQuery";
    ULONG Length = 0,
          Needed = sizeof(OBJECT_NAME_INFORMATION) + sizeof(L"\\BaseNamedObjects\\KtQuery");
    HANDLE Event, Unnamed, Root;
    NTSTATUS Status;

    KT_CHECK(Context, NT_SUCCESS(KtCreateEvent(Path, 0, NULL, &Event)), "create");
    Status = ZwQueryObject(Event, ObjectNameInformation, Buffer, sizeof(Buffer), &Length);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtIs(&Name->Name, Path) && Length == Needed,
             "name: 0x%08X %wZ length %u", Status, &Name->Name, Length);
    Status = ZwQueryObject(Event, ObjectNameInformation, Buffer, Needed - 2, &Length);
    KT_CHECK(Context, Status == STATUS_INFO_LENGTH_MISMATCH && Length == Needed,
             "short name buffer: 0x%08X length %u", Status, Length);
    Status = ZwQueryObject(Event, ObjectTypeInformation, Buffer, sizeof(Buffer), &Length);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && KtIs(&Type->TypeName, L"Event") &&
                 Type->Reserved[0] == (ULONG)(*ExEventObjectType)->TotalNumberOfObjects,
             "type: 0x%08X %wZ", Status, &Type->TypeName);
    Status = ZwQueryObject(Event, ObjectTypeInformation, Buffer, sizeof(*Type), &Length);
    KT_CHECK(Context,
             Status == STATUS_INFO_LENGTH_MISMATCH && Length == sizeof(*Type) + sizeof(L"Event"),
             "short type buffer: 0x%08X length %u", Status, Length);
    Status = ZwQueryObject(Event, ObjectBasicInformation, &Basic, sizeof(Basic) - 4, &Length);
    KT_CHECK(Context, Status == STATUS_INFO_LENGTH_MISMATCH, "short basic buffer: 0x%08X", Status);
    Status = ZwQueryObject(Event, ObjectTypesInformation, Buffer, sizeof(Buffer), &Length);
    KT_CHECK(Context, Status == STATUS_INVALID_INFO_CLASS, "class 3: 0x%08X", Status);
    Status = ZwQueryObject((HANDLE)(ULONG_PTR)0x7FF0, ObjectBasicInformation, &Basic, sizeof(Basic),
                           NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "bad handle: 0x%08X", Status);
    ZwClose(Event);
    KT_CHECK(Context, NT_SUCCESS(KtCreateEvent(NULL, 0, NULL, &Unnamed)), "create unnamed");
    Status = ZwQueryObject(Unnamed, ObjectNameInformation, Buffer, sizeof(Buffer), &Length);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Name->Name.Length == 0 &&
                 Length == sizeof(OBJECT_NAME_INFORMATION),
             "unnamed: 0x%08X length %u", Status, Length);
    ZwClose(Unnamed);
    KT_CHECK(Context,
             NT_SUCCESS(ObOpenObjectByPointer(KtObjectByName(L"\\", 0), 0, NULL, 0, NULL,
                                              KernelMode, &Root)),
             "open the root");
    Status = ZwQueryObject(Root, ObjectNameInformation, Buffer, sizeof(Buffer), &Length);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtIs(&Name->Name, L"\\"), "root: 0x%08X %wZ", Status,
             &Name->Name);
    ZwClose(Root);
}

static ACCESS_MASK
KtGrantedAccess(HANDLE Handle, PULONG Attributes)
{
    OBJECT_HANDLE_INFORMATION Information = {0, 0};
    PVOID Object;

    if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object, &Information)))
        ObfDereferenceObject(Object);
    if (Attributes != NULL)
        *Attributes = Information.HandleAttributes;
    return Information.GrantedAccess;
}

/* Same access, a subset, more than the source (granted to kernel callers), close-source. */
static VOID
KtDuplicateObject(PKT_CONTEXT Context)
{
    HANDLE Source, Copy, Other;
    ULONG Attributes = 0;
    NTSTATUS Status;

    Status =
        ZwCreateEvent(&Source, SYNCHRONIZE | EVENT_QUERY_STATE, NULL, NotificationEvent, FALSE);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = ZwDuplicateObject(NtCurrentProcess(), Source, NtCurrentProcess(), &Copy, 0,
                               OBJ_INHERIT, DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, NT_SUCCESS(Status) && Copy != Source, "same access: 0x%08X", Status);
    KT_CHECK(Context,
             KtGrantedAccess(Copy, &Attributes) == (SYNCHRONIZE | EVENT_QUERY_STATE) &&
                 Attributes == OBJ_INHERIT,
             "granted 0x%X attributes 0x%X", KtGrantedAccess(Copy, NULL), Attributes);
    KT_CHECK(Context, ObpHandleCount(KtObjectByHandle(Source)) == 2, "two handles");
    Status = ZwDuplicateObject(NtCurrentProcess(), Copy, NtCurrentProcess(), &Other, SYNCHRONIZE, 0,
                               DUPLICATE_SAME_ATTRIBUTES);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && KtGrantedAccess(Other, &Attributes) == SYNCHRONIZE &&
                 Attributes == OBJ_INHERIT,
             "subset: 0x%08X granted 0x%X", Status, KtGrantedAccess(Other, NULL));
    ZwClose(Other);
    Status = ZwDuplicateObject(NtCurrentProcess(), Source, NtCurrentProcess(), &Other,
                               EVENT_MODIFY_STATE, 0, 0);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtGrantedAccess(Other, NULL) == EVENT_MODIFY_STATE,
             "more than the source: 0x%08X granted 0x%X", Status, KtGrantedAccess(Other, NULL));
    KT_CHECK(Context, ZwSetEvent(Other, NULL) == STATUS_SUCCESS, "set through the duplicate");
    ZwClose(Other);
    Status = ZwDuplicateObject(NtCurrentProcess(), Copy, NtCurrentProcess(), &Other, 0, 0,
                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
    KT_CHECK(Context, NT_SUCCESS(Status) && ZwClose(Copy) == STATUS_INVALID_HANDLE,
             "close source: 0x%08X", Status);
    Status = ZwDuplicateObject(NtCurrentProcess(), Other, NULL, NULL, 0, 0, DUPLICATE_CLOSE_SOURCE);
    KT_CHECK(Context, NT_SUCCESS(Status) && ZwClose(Other) == STATUS_INVALID_HANDLE,
             "close only: 0x%08X", Status);
    Status = ZwDuplicateObject(NtCurrentProcess(), Copy, NtCurrentProcess(), &Other, 0, 0,
                               DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE && Other == NULL, "closed source: 0x%08X",
             Status);
    Status = ZwDuplicateObject((HANDLE)(ULONG_PTR)0x7FF0, Source, NtCurrentProcess(), &Other, 0, 0,
                               DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "bad source process: 0x%08X", Status);
    KT_CHECK(Context, ObpHandleCount(KtObjectByHandle(Source)) == 1, "handles left");
    ZwClose(Source);
}

static const KT_TEST KtObQueryTests[] = {
    {"ZwQueryDirectoryObject: single entries, restart, buffer statuses", KtDirectoryEnumeration},
    {"symbolic links are followed in lookup and queried", KtSymbolicLinks},
    {"ZwQueryObject: basic, name and type information", KtQueryObject},
    {"ZwDuplicateObject: access, attributes, close source", KtDuplicateObject},
};

const KT_SUITE KtObQuerySuite = {"Ob", KtObQueryTests, RTL_NUMBER_OF(KtObQueryTests)};
