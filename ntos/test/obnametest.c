/* SPDX-License-Identifier: MIT */
/*
 * Object namespace self-tests: the boot namespace, lookup and its exact error statuses,
 * OBJ_OPENIF / OBJ_PERMANENT / OBJ_CASE_INSENSITIVE / RootDirectory, temporary names going
 * with the last handle, symbolic links, directory enumeration and ZwQueryObject.
 */
#include "ntos.h"

NTSTATUS
KtCreateEvent(PCWSTR Name, ULONG Attributes, HANDLE Root, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES ObjectAttributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, Name != NULL ? &String : NULL, Attributes, Root,
                               NULL);
    return ZwCreateEvent(Handle, EVENT_ALL_ACCESS, &ObjectAttributes, NotificationEvent, FALSE);
}

NTSTATUS
KtOpenEvent(PCWSTR Name, ULONG Attributes, HANDLE Root, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES ObjectAttributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, &String, Attributes, Root, NULL);
    return ZwOpenEvent(Handle, EVENT_ALL_ACCESS, &ObjectAttributes);
}

/* The object named Name (any type), unreferenced: only for comparisons. NULL if none. */
PVOID
KtObjectByName(PCWSTR Name, ULONG Attributes)
{
    UNICODE_STRING String;
    PVOID Object;

    RtlInitUnicodeString(&String, Name);
    if (!NT_SUCCESS(
            ObReferenceObjectByName(&String, Attributes, NULL, 0, NULL, KernelMode, NULL, &Object)))
        return NULL;
    ObfDereferenceObject(Object);
    return Object;
}

/* The object behind Handle, unreferenced: only for comparisons. */
PVOID
KtObjectByHandle(HANDLE Handle)
{
    PVOID Object;

    if (!NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object, NULL)))
        return NULL;
    ObfDereferenceObject(Object);
    return Object;
}

static NTSTATUS
KtOpenDirectory(PCWSTR Name, HANDLE Root, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES ObjectAttributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, &String, 0, Root, NULL);
    return ZwOpenDirectoryObject(Handle, DIRECTORY_ALL_ACCESS, &ObjectAttributes);
}

/* The boot directories exist; \?? and \DosDevices lead to \GLOBAL??. */
static VOID
KtBootNamespace(PKT_CONTEXT Context)
{
    static const PCWSTR Names[] = {L"\\",          L"\\ObjectTypes",      L"\\Device",
                                   L"\\Driver",    L"\\KernelObjects",    L"\\BaseNamedObjects",
                                   L"\\GLOBAL??",  L"\\GLOBAL??\\Global", L"\\??",
                                   L"\\DosDevices"};
    PVOID Global = KtObjectByName(L"\\GLOBAL??", 0);
    WCHAR Buffer[32];
    UNICODE_STRING Target = {0, sizeof(Buffer), Buffer};
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Names); I++)
    {
        Status = KtOpenDirectory(Names[I], NULL, &Handle);
        KT_CHECK(Context, NT_SUCCESS(Status), "open %ws: 0x%08X", Names[I], Status);
        KT_CHECK(Context, I < 7 || KtObjectByHandle(Handle) == Global, "%ws is not \\GLOBAL??",
                 Names[I]);
        ZwClose(Handle);
    }
    InitializeObjectAttributes(&Attributes, &Link, 0, NULL, NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, SYMBOLIC_LINK_QUERY, &Attributes);
    KT_CHECK(Context, NT_SUCCESS(Status), "open \\DosDevices as a link: 0x%08X", Status);
    Status = ZwQuerySymbolicLinkObject(Handle, &Target, NULL);
    ZwClose(Handle);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Target.Length == 6 && Buffer[0] == L'\\' && Buffer[1] == L'?' &&
                 Buffer[2] == L'?',
             "\\DosDevices target: 0x%08X, %wZ", Status, &Target);
}

/* \ObjectTypes holds every type, each a Type object, and nothing else. */
static VOID
KtObjectTypesDirectory(PKT_CONTEXT Context)
{
    static const PCWSTR Expected[] = {L"Type",  L"Directory", L"SymbolicLink", L"Thread",
                                      L"Event", L"Mutant",    L"Semaphore",    L"Timer"};
    UCHAR Buffer[256];
    POBJECT_DIRECTORY_INFORMATION Info = (POBJECT_DIRECTORY_INFORMATION)Buffer;
    UNICODE_STRING Type = RTL_CONSTANT_STRING(L"Type"), Name;
    ULONG Index = 0, Count = 0, Found = 0, Length, I;
    HANDLE Directory;
    NTSTATUS Status;

    Status = KtOpenDirectory(L"\\ObjectTypes", NULL, &Directory);
    KT_CHECK(Context, NT_SUCCESS(Status), "open \\ObjectTypes: 0x%08X", Status);
    while ((Status = ZwQueryDirectoryObject(Directory, Buffer, sizeof(Buffer), TRUE, Count == 0,
                                            &Index, &Length)) == STATUS_SUCCESS)
    {
        Count++;
        KT_CHECK(Context, RtlEqualUnicodeString(&Info->TypeName, &Type, FALSE), "%wZ is a %wZ",
                 &Info->Name, &Info->TypeName);
        for (I = 0; I < RTL_NUMBER_OF(Expected); I++)
        {
            RtlInitUnicodeString(&Name, Expected[I]);
            if (RtlEqualUnicodeString(&Info->Name, &Name, FALSE))
                Found |= 1u << I;
        }
    }
    ZwClose(Directory);
    KT_CHECK(Context, Status == STATUS_NO_MORE_ENTRIES, "enumeration ended with 0x%08X", Status);
    KT_CHECK(Context, Found == (1u << RTL_NUMBER_OF(Expected)) - 1, "types found: mask 0x%X",
             Found);
    KT_CHECK(Context, Count == (ULONG)ObpTypeObjectType->TotalNumberOfObjects,
             "%u names for %d types", Count, ObpTypeObjectType->TotalNumberOfObjects);
    KT_CHECK(Context, KtObjectByName(L"\\ObjectTypes\\Event", 0) == *ExEventObjectType,
             "\\ObjectTypes\\Event is not ExEventObjectType");
}

/* Each malformed or missing name fails with the status NT gives for it. */
static VOID
KtNameErrors(PKT_CONTEXT Context)
{
    static const struct
    {
        PCWSTR Name;
        NTSTATUS Create, Open;
    } Cases[] = {
        {L"KtRelative", STATUS_OBJECT_PATH_SYNTAX_BAD, STATUS_OBJECT_PATH_SYNTAX_BAD},
        {L"\\BaseNamedObjects\\\\KtEmpty", STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_NAME_INVALID},
        {L"\\BaseNamedObjects\\", STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_NAME_INVALID},
        {L"\\KtNoSuchDirectory\\KtEvent", STATUS_OBJECT_PATH_NOT_FOUND,
         STATUS_OBJECT_PATH_NOT_FOUND},
        {L"\\BaseNamedObjects\\KtNoSuchEvent", STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND},
        {L"\\BaseNamedObjects", STATUS_OBJECT_NAME_COLLISION, STATUS_OBJECT_TYPE_MISMATCH},
        {L"", STATUS_SUCCESS, STATUS_OBJECT_PATH_SYNTAX_BAD},
    };
    UNICODE_STRING Odd = {3, 4, (PWCH)L"\\A"};
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Cases); I++)
    {
        Status = KtCreateEvent(Cases[I].Name, 0, NULL, &Handle);
        KT_CHECK(Context, Status == Cases[I].Create, "create \"%ws\": 0x%08X, expected 0x%08X",
                 Cases[I].Name, Status, Cases[I].Create);
        if (NT_SUCCESS(Status))
            ZwClose(Handle);
        Status = KtOpenEvent(Cases[I].Name, 0, NULL, &Handle);
        KT_CHECK(Context, Status == Cases[I].Open && Handle == NULL,
                 "open \"%ws\": 0x%08X, expected 0x%08X", Cases[I].Name, Status, Cases[I].Open);
    }
    InitializeObjectAttributes(&Attributes, &Odd, 0, NULL, NULL);
    Status = ZwOpenEvent(&Handle, EVENT_ALL_ACCESS, &Attributes);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_INVALID, "odd length: 0x%08X", Status);
    Status = ZwOpenEvent(&Handle, EVENT_ALL_ACCESS, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "no attributes: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtX", 0x80000000, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "bad attribute bits: 0x%08X", Status);
}

/* A path through an event; a relative name that starts with a backslash. */
static VOID
KtPathErrors(PKT_CONTEXT Context)
{
    HANDLE Event, Root, Handle;
    NTSTATUS Status;

    Status = KtCreateEvent(L"\\BaseNamedObjects\\KtLeaf", 0, NULL, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtLeaf\\KtBelow", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "path through an event: 0x%08X",
             Status);
    Status = KtOpenDirectory(L"\\BaseNamedObjects", NULL, &Root);
    KT_CHECK(Context, NT_SUCCESS(Status), "open the directory: 0x%08X", Status);
    Status = KtOpenEvent(L"\\KtLeaf", 0, Root, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_PATH_SYNTAX_BAD, "relative with a backslash: 0x%08X",
             Status);
    Status = KtOpenEvent(L"KtLeaf", 0, Event, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "an event as root: 0x%08X", Status);
    Status = KtOpenEvent(L"KtLeaf", 0, (HANDLE)(ULONG_PTR)0x7FF0, &Handle);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "a bad root handle: 0x%08X", Status);
    ZwClose(Root);
    ZwClose(Event);
}

/* OBJ_OPENIF opens what is there (STATUS_OBJECT_NAME_EXISTS) if the type matches. */
static VOID
KtCollisionAndOpenIf(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\KtOpenIf");
    LONG Objects = (*ExEventObjectType)->TotalNumberOfObjects;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE First, Second = NULL, Mutant = NULL;
    NTSTATUS Status;

    Status = KtCreateEvent(Name.Buffer, 0, NULL, &First);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "create: 0x%08X", Status);
    Status = KtCreateEvent(Name.Buffer, 0, NULL, &Second);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_COLLISION && Second == NULL,
             "second create: 0x%08X", Status);
    Status = KtCreateEvent(Name.Buffer, OBJ_OPENIF, NULL, &Second);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_EXISTS, "OBJ_OPENIF: 0x%08X", Status);
    KT_CHECK(Context, KtObjectByHandle(First) == KtObjectByHandle(Second),
             "OBJ_OPENIF made a second object");
    KT_CHECK(Context, (*ExEventObjectType)->TotalNumberOfObjects == Objects + 1,
             "%d events, expected %d", (*ExEventObjectType)->TotalNumberOfObjects, Objects + 1);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_OPENIF, NULL, NULL);
    Status = NtCreateMutant(&Mutant, MUTANT_ALL_ACCESS, &Attributes, FALSE);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH && Mutant == NULL,
             "OBJ_OPENIF over another type: 0x%08X", Status);
    ZwClose(Second);
    ZwClose(First);
    KT_CHECK(Context, (*ExEventObjectType)->TotalNumberOfObjects == Objects, "an event leaked");
}

/* Lookups are case-sensitive unless OBJ_CASE_INSENSITIVE. */
static VOID
KtCaseInsensitive(PKT_CONTEXT Context)
{
    HANDLE Event, Handle;
    NTSTATUS Status;

    Status = KtCreateEvent(L"\\BaseNamedObjects\\KtCaseTest", 0, NULL, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KTCASETEST", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "case-sensitive: 0x%08X", Status);
    Status = KtOpenEvent(L"\\basenamedobjects\\ktcasetest", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_PATH_NOT_FOUND, "case-sensitive path: 0x%08X",
             Status);
    Status = KtOpenEvent(L"\\basenamedobjects\\ktcasetest", OBJ_CASE_INSENSITIVE, NULL, &Handle);
    KT_CHECK(Context, NT_SUCCESS(Status), "OBJ_CASE_INSENSITIVE: 0x%08X", Status);
    KT_CHECK(Context, KtObjectByHandle(Handle) == KtObjectByHandle(Event), "another object");
    ZwClose(Handle);
    Status = KtCreateEvent(L"\\BaseNamedObjects\\KTCASETEST", OBJ_CASE_INSENSITIVE, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_COLLISION, "insensitive create: 0x%08X", Status);
    ZwClose(Event);
}

/* Names relative to a RootDirectory handle; an empty one is the directory itself. */
static VOID
KtRootRelative(PKT_CONTEXT Context)
{
    HANDLE Root, Event, Handle;
    NTSTATUS Status;

    Status = KtOpenDirectory(L"\\BaseNamedObjects", NULL, &Root);
    KT_CHECK(Context, NT_SUCCESS(Status), "open the root: 0x%08X", Status);
    Status = KtCreateEvent(L"KtRelative", 0, Root, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "create relative: 0x%08X", Status);
    KT_CHECK(Context,
             KtObjectByName(L"\\BaseNamedObjects\\KtRelative", 0) == KtObjectByHandle(Event),
             "not under \\BaseNamedObjects");
    Status = KtOpenDirectory(L"", Root, &Handle);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtObjectByHandle(Handle) == KtObjectByHandle(Root),
             "empty relative name: 0x%08X", Status);
    ZwClose(Handle);
    Status = KtOpenDirectory(L"..", Root, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "\"..\" exists: 0x%08X", Status);
    ZwClose(Event);
    ZwClose(Root);
}

/* A temporary name goes with the last handle; a permanent one stays until made temporary. */
static VOID
KtTemporaryAndPermanent(PKT_CONTEXT Context)
{
    PCWSTR Name = L"\\BaseNamedObjects\\KtLifetime";
    LONG Objects = (*ExEventObjectType)->TotalNumberOfObjects;
    HANDLE First, Second;
    NTSTATUS Status;

    Status = KtCreateEvent(Name, 0, NULL, &First);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = KtOpenEvent(Name, 0, NULL, &Second);
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    ZwClose(First);
    KT_CHECK(Context, KtObjectByName(Name, 0) != NULL, "the name went with a handle left");
    ZwClose(Second);
    KT_CHECK(Context, KtObjectByName(Name, 0) == NULL, "the name outlived its handles");
    KT_CHECK(Context, (*ExEventObjectType)->TotalNumberOfObjects == Objects, "the event stayed");

    Status = KtCreateEvent(Name, OBJ_PERMANENT, NULL, &First);
    KT_CHECK(Context, NT_SUCCESS(Status), "create permanent: 0x%08X", Status);
    ZwClose(First);
    KT_CHECK(Context, KtObjectByName(Name, 0) != NULL, "a permanent name went");
    Status = KtOpenEvent(Name, 0, NULL, &First);
    KT_CHECK(Context, NT_SUCCESS(Status), "reopen: 0x%08X", Status);
    KT_CHECK(Context, ZwMakeTemporaryObject(First) == STATUS_SUCCESS, "ZwMakeTemporaryObject");
    KT_CHECK(Context, KtObjectByName(Name, 0) != NULL, "the name went with a handle left");
    ZwClose(First);
    KT_CHECK(Context, KtObjectByName(Name, 0) == NULL, "the name stayed once temporary");
    KT_CHECK(Context, (*ExEventObjectType)->TotalNumberOfObjects == Objects, "the event stayed");
    KT_CHECK(Context, ZwMakeTemporaryObject(First) == STATUS_INVALID_HANDLE,
             "ZwMakeTemporaryObject on a closed handle");
}

/* OBJ_INHERIT is recorded on the handle; OBJ_KERNEL_HANDLE picks the kernel table. */
static VOID
KtHandleAttributes(PKT_CONTEXT Context)
{
    OBJECT_HANDLE_INFORMATION Information;
    PUBLIC_OBJECT_BASIC_INFORMATION Basic;
    HANDLE Handle, Kernel;
    PVOID Object;
    NTSTATUS Status;

    Status = KtCreateEvent(NULL, OBJ_INHERIT, NULL, &Handle);
    KT_CHECK(Context, NT_SUCCESS(Status) && !ObIsKernelHandle(Handle), "create: 0x%08X", Status);
    Status = ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object, &Information);
    KT_CHECK(Context, NT_SUCCESS(Status) && (Information.HandleAttributes & OBJ_INHERIT),
             "attributes 0x%X", Information.HandleAttributes);
    ObfDereferenceObject(Object);
    Status = ZwQueryObject(Handle, ObjectBasicInformation, &Basic, sizeof(Basic), NULL);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && Basic.Attributes == OBJ_INHERIT && Basic.HandleCount == 1 &&
                 Basic.GrantedAccess == EVENT_ALL_ACCESS,
             "basic: 0x%08X attributes 0x%X handles %u access 0x%X", Status, Basic.Attributes,
             Basic.HandleCount, Basic.GrantedAccess);
    ZwClose(Handle);
    Status = KtCreateEvent(NULL, OBJ_KERNEL_HANDLE, NULL, &Kernel);
    KT_CHECK(Context, NT_SUCCESS(Status) && (LONG_PTR)Kernel < 0, "kernel handle %p", Kernel);
    Status = ObReferenceObjectByHandle(Kernel, 0, NULL, UserMode, &Object, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "user mode reached a kernel handle");
    KT_CHECK(Context,
             ObIsKernelHandle(Kernel) && !ObIsKernelHandle(NtCurrentProcess()) &&
                 !ObIsKernelHandle(NtCurrentThread()),
             "ObIsKernelHandle");
    KT_CHECK(Context, ObCloseHandle(Kernel, UserMode) == STATUS_INVALID_HANDLE,
             "user mode closed a kernel handle");
    KT_CHECK(Context, ObCloseHandle(Kernel, KernelMode) == STATUS_SUCCESS, "ObCloseHandle");
    KT_CHECK(Context, ZwClose(Kernel) == STATUS_INVALID_HANDLE, "closed twice");
}

#define KT_OB_THREADS 4
#define KT_OB_ROUNDS 500

static struct
{
    volatile LONG Created, Existed, Failed;
} KtObMp;
static KTHREAD KtObThreads[KT_OB_THREADS];

/* Open-or-create one name and close it again, over and over, to race the last close. */
static VOID NTAPI
KtOpenIfWorker(PVOID Context)
{
    HANDLE Handle;
    NTSTATUS Status;
    ULONG I;

    UNREFERENCED_PARAMETER(Context);
    for (I = 0; I < KT_OB_ROUNDS; I++)
    {
        Status = KtCreateEvent(L"\\BaseNamedObjects\\KtRace", OBJ_OPENIF, NULL, &Handle);
        if (Status == STATUS_SUCCESS)
            InterlockedIncrement(&KtObMp.Created);
        else if (Status == STATUS_OBJECT_NAME_EXISTS)
            InterlockedIncrement(&KtObMp.Existed);
        else
            InterlockedIncrement(&KtObMp.Failed);
        if (NT_SUCCESS(Status))
            ZwClose(Handle);
    }
}

/* Threads on every processor create, open and close one name at once: each call succeeds
 * one way or the other, and nothing is left behind. */
static VOID
KtConcurrentOpenIf(PKT_CONTEXT Context)
{
    ULONG Threads = min(KeQueryActiveProcessorCount(NULL) + 1, KT_OB_THREADS), I, Tries;
    LONG Objects = (*ExEventObjectType)->TotalNumberOfObjects;

    RtlZeroMemory((PVOID)&KtObMp, sizeof(KtObMp));
    for (I = 0; I < Threads; I++)
    {
        KT_CHECK(
            Context,
            NT_SUCCESS(KtStartThreadOn(&KtObThreads[I], KtOpenIfWorker, NULL, KT_SYSTEM_PRIORITY,
                                       (KAFFINITY)1 << (I % KeQueryActiveProcessorCount(NULL)))),
            "thread %u not created", I);
    }
    for (I = 0; I < Threads; I++)
    {
        for (Tries = 0; Tries < 30 && KtJoinThread(&KtObThreads[I]) != STATUS_SUCCESS; Tries++)
            ;
        KT_CHECK(Context, Tries < 30, "thread %u still running after 30 s", I);
    }
    KT_CHECK(Context,
             KtObMp.Failed == 0 &&
                 KtObMp.Created + KtObMp.Existed == (LONG)(Threads * KT_OB_ROUNDS),
             "%d created, %d existed, %d failed", KtObMp.Created, KtObMp.Existed, KtObMp.Failed);
    KT_CHECK(Context, KtObjectByName(L"\\BaseNamedObjects\\KtRace", 0) == NULL, "the name stayed");
    KT_CHECK(Context, (*ExEventObjectType)->TotalNumberOfObjects == Objects, "%d events left over",
             (*ExEventObjectType)->TotalNumberOfObjects - Objects);
}

static const KT_TEST KtObNameTests[] = {
    {"the boot namespace: directories, \\?? and \\DosDevices", KtBootNamespace},
    {"\\ObjectTypes names every type", KtObjectTypesDirectory},
    {"bad and missing names fail with NT's statuses", KtNameErrors},
    {"paths through non-directories and bad roots fail", KtPathErrors},
    {"name collisions and OBJ_OPENIF", KtCollisionAndOpenIf},
    {"case-sensitive lookup unless OBJ_CASE_INSENSITIVE", KtCaseInsensitive},
    {"names relative to a RootDirectory", KtRootRelative},
    {"temporary names go with the last handle; OBJ_PERMANENT", KtTemporaryAndPermanent},
    {"OBJ_INHERIT and OBJ_KERNEL_HANDLE on handles", KtHandleAttributes},
    {"racing OBJ_OPENIF creates and last closes on every processor", KtConcurrentOpenIf},
};

const KT_SUITE KtObNameSuite = {"Ob", KtObNameTests, RTL_NUMBER_OF(KtObNameTests)};
