/* SPDX-License-Identifier: MIT */
/*
 * Type procedures: a test type whose open, close, okay-to-close, parse, security and delete
 * procedures count their calls, to check Ob calls each at the moment NT does and honours
 * their answers (a refused open or close, a parse that reparses or finds nothing).
 */
#include "ntos.h"

#define KT_PROC_TAG 0x6F725054 /* "TPro" */
#define KT_PROC_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 1)

static struct
{
    ULONG Opens[ObMaxOpenReason];
    ULONG OpenHandleCount;
    ULONG Closes;
    ULONG_PTR CloseHandleCount;
    ULONG Okays, Parses, Deletes, Assigns, Releases;
    BOOLEAN FailOpen, RefuseClose;
    WCHAR Remaining[16];
} KtProc;

static POBJECT_TYPE KtProcType;

static NTSTATUS
KtProcOpen(OB_OPEN_REASON Reason, KPROCESSOR_MODE AccessMode, PEPROCESS Process, PVOID Object,
           PACCESS_MASK GrantedAccess, ULONG HandleCount)
{
    UNREFERENCED_PARAMETER(AccessMode);
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(GrantedAccess);
    if (KtProc.FailOpen)
        return STATUS_ACCESS_DENIED;
    KtProc.Opens[Reason]++;
    KtProc.OpenHandleCount = HandleCount;
    return STATUS_SUCCESS;
}

static VOID
KtProcClose(PEPROCESS Process, PVOID Object, ACCESS_MASK GrantedAccess,
            ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(GrantedAccess);
    UNREFERENCED_PARAMETER(SystemHandleCount);
    KtProc.Closes++;
    KtProc.CloseHandleCount = ProcessHandleCount;
}

static BOOLEAN
KtProcOkayToClose(PEPROCESS Process, PVOID Object, HANDLE Handle, KPROCESSOR_MODE PreviousMode)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(Handle);
    UNREFERENCED_PARAMETER(PreviousMode);
    KtProc.Okays++;
    return !KtProc.RefuseClose;
}

static VOID
KtProcDelete(PVOID Object)
{
    UNREFERENCED_PARAMETER(Object);
    KtProc.Deletes++;
}

static NTSTATUS
KtProcSecurity(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
               PSECURITY_INFORMATION SecurityInformation, PSECURITY_DESCRIPTOR SecurityDescriptor,
               PULONG CapturedLength, PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor,
               POOL_TYPE PoolType, PGENERIC_MAPPING GenericMapping)
{
    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(SecurityInformation);
    UNREFERENCED_PARAMETER(SecurityDescriptor);
    UNREFERENCED_PARAMETER(CapturedLength);
    UNREFERENCED_PARAMETER(ObjectsSecurityDescriptor);
    UNREFERENCED_PARAMETER(PoolType);
    UNREFERENCED_PARAMETER(GenericMapping);
    if (OperationCode == AssignSecurityDescriptor)
        KtProc.Assigns++;
    else if (OperationCode == DeleteSecurityDescriptor)
        KtProc.Releases++;
    return STATUS_SUCCESS;
}

/* "" and "\Self" are the object itself; "\ToEvent" reparses to an event; else not found. */
static NTSTATUS
KtProcParse(PVOID ParseObject, PVOID ObjectType, PACCESS_STATE AccessState,
            KPROCESSOR_MODE AccessMode, ULONG Attributes, PUNICODE_STRING CompleteName,
            PUNICODE_STRING RemainingName, PVOID Context, PSECURITY_QUALITY_OF_SERVICE SecurityQos,
            PVOID *Object)
{
    static const WCHAR Event[] = L"\\BaseNamedObjects\\KtProcEvent";
    UNICODE_STRING Self = RTL_CONSTANT_STRING(L"\\Self"),
                   ToEvent = RTL_CONSTANT_STRING(L"\\ToEvent");
    ULONG Copy = min(RemainingName->Length, sizeof(KtProc.Remaining) - sizeof(WCHAR));

    UNREFERENCED_PARAMETER(ObjectType);
    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(AccessMode);
    UNREFERENCED_PARAMETER(Attributes);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(SecurityQos);
    KtProc.Parses++;
    RtlZeroMemory(KtProc.Remaining, sizeof(KtProc.Remaining));
    RtlCopyMemory(KtProc.Remaining, RemainingName->Buffer, Copy);
    *Object = NULL;
    if (RemainingName->Length == 0 || RtlEqualUnicodeString(RemainingName, &Self, FALSE))
    {
        ObfReferenceObject(ParseObject);
        *Object = ParseObject;
        return STATUS_SUCCESS;
    }
    if (!RtlEqualUnicodeString(RemainingName, &ToEvent, FALSE))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    ExFreePool(CompleteName->Buffer);
    CompleteName->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Event), KT_PROC_TAG);
    if (CompleteName->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(CompleteName->Buffer, Event, sizeof(Event));
    CompleteName->Length = sizeof(Event) - sizeof(WCHAR);
    CompleteName->MaximumLength = sizeof(Event);
    return STATUS_REPARSE;
}

/* Types live forever, as on NT: made before the leak snapshot (leaktest.c). */
VOID
KtObProcedurePrepare(VOID)
{
    KtProcType = ObpCreateObjectType(L"KtProcedures", KT_PROC_TAG, KT_PROC_ACCESS, KtProcDelete);
    if (KtProcType == NULL)
        return;
    KtProcType->OpenProcedure = KtProcOpen;
    KtProcType->CloseProcedure = KtProcClose;
    KtProcType->OkayToCloseProcedure = KtProcOkayToClose;
    KtProcType->ParseProcedure = KtProcParse;
    KtProcType->SecurityProcedure = KtProcSecurity;
}

static NTSTATUS
KtProcCreate(PCWSTR Name, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;
    PVOID Object;
    NTSTATUS Status;

    if (KtProcType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, 0, NULL, NULL);
    Status = ObCreateObject(KernelMode, KtProcType, &Attributes, KernelMode, NULL, sizeof(ULONG64),
                            0, 0, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Object, NULL, KT_PROC_ACCESS, 0, NULL, Handle);
}

/* Open at each kind of handle, refusals, close with the old count, delete and security. */
static VOID
KtTypeProcedures(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\KtProc");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Created, Opened, Copy, Refused = NULL;
    PVOID Object;
    NTSTATUS Status;

    RtlZeroMemory(&KtProc, sizeof(KtProc));
    Status = KtProcCreate(Name.Buffer, &Created);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    KT_CHECK(Context,
             KtProc.Assigns == 1 && KtProc.Opens[ObCreateHandle] == 1 &&
                 KtProc.OpenHandleCount == 1,
             "create: %u assigns, %u creates, count %u", KtProc.Assigns,
             KtProc.Opens[ObCreateHandle], KtProc.OpenHandleCount);
    Object = KtObjectByHandle(Created);
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    Status = ObOpenObjectByName(&Attributes, KtProcType, KernelMode, NULL, KT_PROC_ACCESS, NULL,
                                &Opened);
    KT_CHECK(Context,
             NT_SUCCESS(Status) && KtProc.Opens[ObOpenHandle] == 1 && KtProc.OpenHandleCount == 2 &&
                 KtProc.Parses == 1 && KtProc.Remaining[0] == 0,
             "open by name: 0x%08X, %u opens, %u parses", Status, KtProc.Opens[ObOpenHandle],
             KtProc.Parses);
    Status = ZwDuplicateObject(NtCurrentProcess(), Opened, NtCurrentProcess(), &Copy, 0, 0,
                               DUPLICATE_SAME_ACCESS);
    KT_CHECK(Context, NT_SUCCESS(Status) && KtProc.Opens[ObDuplicateHandle] == 1,
             "duplicate: 0x%08X", Status);
    KtProc.FailOpen = TRUE;
    Status = ObOpenObjectByPointer(Object, 0, NULL, KT_PROC_ACCESS, NULL, KernelMode, &Refused);
    KtProc.FailOpen = FALSE;
    KT_CHECK(Context,
             Status == STATUS_ACCESS_DENIED && Refused == NULL && ObpHandleCount(Object) == 3,
             "refused open: 0x%08X, %Id handles", Status, ObpHandleCount(Object));
    KtProc.RefuseClose = TRUE;
    Status = ZwClose(Copy);
    KtProc.RefuseClose = FALSE;
    KT_CHECK(Context,
             Status == STATUS_HANDLE_NOT_CLOSABLE && KtObjectByHandle(Copy) == Object &&
                 KtProc.Closes == 0,
             "refused close: 0x%08X", Status);
    KT_CHECK(Context,
             ZwClose(Copy) == STATUS_SUCCESS && KtProc.Closes == 1 &&
                 KtProc.CloseHandleCount == 3 && KtProc.Okays == 2,
             "close: %u closes, count %Iu", KtProc.Closes, KtProc.CloseHandleCount);
    ZwClose(Opened);
    KT_CHECK(Context, KtProc.Deletes == 0 && KtObjectByName(Name.Buffer, 0) == Object,
             "gone with a handle left");
    ZwClose(Created);
    KT_CHECK(Context, KtProc.Closes == 3 && KtProc.CloseHandleCount == 1, "last close: count %Iu",
             KtProc.CloseHandleCount);
    KT_CHECK(Context, KtProc.Deletes == 1 && KtProc.Releases == 1,
             "after the last handle: %u deletes, %u security releases", KtProc.Deletes,
             KtProc.Releases);
    KT_CHECK(Context, KtObjectByName(Name.Buffer, 0) == NULL, "the name stayed");
}

/* The parse procedure gets the rest of the name and may reparse or fail the lookup. */
static VOID
KtParseProcedure(PKT_CONTEXT Context)
{
    HANDLE Proc, Event, Handle = NULL;
    NTSTATUS Status;

    RtlZeroMemory(&KtProc, sizeof(KtProc));
    KT_CHECK(Context, NT_SUCCESS(KtProcCreate(L"\\BaseNamedObjects\\KtParse", &Proc)), "create");
    KT_CHECK(Context,
             NT_SUCCESS(KtCreateEvent(L"\\BaseNamedObjects\\KtProcEvent", 0, NULL, &Event)),
             "event");
    KT_CHECK(Context,
             KtObjectByName(L"\\BaseNamedObjects\\KtParse\\Self", 0) == KtObjectByHandle(Proc) &&
                 KtProc.Remaining[0] == L'\\' && KtProc.Remaining[1] == L'S',
             "\\Self: remaining \"%ws\"", KtProc.Remaining);
    KT_CHECK(Context,
             KtObjectByName(L"\\BaseNamedObjects\\KtParse\\ToEvent", 0) == KtObjectByHandle(Event),
             "\\ToEvent did not reparse to the event");
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtParse\\ToEvent", 0, NULL, &Handle);
    KT_CHECK(Context, NT_SUCCESS(Status), "open the event through the parse: 0x%08X", Status);
    ZwClose(Handle);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtParse\\Other", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND && Handle == NULL,
             "the parse's failure: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtParse", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "opened as an event: 0x%08X", Status);
    ZwClose(Event);
    ZwClose(Proc);
    KtProc.FailOpen = TRUE;
    Status = KtProcCreate(L"\\BaseNamedObjects\\KtParse", &Proc);
    KtProc.FailOpen = FALSE;
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED && KtProc.Deletes == 2,
             "a refused first handle: 0x%08X, %u deletes", Status, KtProc.Deletes);
    KT_CHECK(Context, KtObjectByName(L"\\BaseNamedObjects\\KtParse", 0) == NULL,
             "the name outlived a refused insert");
}

/* ObInsertObject's out-parameters, a name with no handle, a second insert, type checks. */
static VOID
KtInsertObject(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\KtInsert");
    OBJECT_ATTRIBUTES Attributes;
    PUBLIC_OBJECT_BASIC_INFORMATION Basic;
    PVOID Event, Inserted = NULL, Found;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_PERMANENT, NULL, NULL);
    Status = ObCreateObject(KernelMode, *ExEventObjectType, &Attributes, KernelMode, NULL,
                            sizeof(KEVENT), 0, 0, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    KeInitializeEvent(Event, NotificationEvent, FALSE);
    Status = ObInsertObject(Event, NULL, 0, 2, &Inserted, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Inserted == Event && ObpPointerCount(Event) == 4,
             "insert without a handle: 0x%08X, %Id references", Status, ObpPointerCount(Event));
    Status = ObInsertObject(Event, NULL, 0, 0, NULL, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "second insert: 0x%08X", Status);
    ObfDereferenceObject(Event);
    ObfDereferenceObject(Event);
    ObfDereferenceObject(Event);
    KT_CHECK(Context, KtObjectByName(Name.Buffer, 0) == Event, "named without a handle");
    Status =
        ObReferenceObjectByName(&Name, 0, NULL, 0, *ExEventObjectType, KernelMode, NULL, &Found);
    KT_CHECK(Context, NT_SUCCESS(Status) && Found == Event, "by name and type: 0x%08X", Status);
    ObfDereferenceObject(Found);
    Status = ObReferenceObjectByName(&Name, 0, NULL, 0, *PsThreadType, KernelMode, NULL, &Found);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH && Found == NULL,
             "by name, wrong type: 0x%08X", Status);
    Status =
        ObOpenObjectByPointer(Event, 0, NULL, EVENT_ALL_ACCESS, *PsThreadType, KernelMode, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH && Handle == NULL,
             "by pointer, wrong type: 0x%08X", Status);
    Status = ObOpenObjectByPointer(Event, 0, NULL, EVENT_ALL_ACCESS, *ExEventObjectType, KernelMode,
                                   &Handle);
    KT_CHECK(Context, NT_SUCCESS(Status), "by pointer: 0x%08X", Status);
    Status = ZwQueryObject(Handle, ObjectBasicInformation, &Basic, sizeof(Basic), NULL);
    KT_CHECK(Context, NT_SUCCESS(Status) && Basic.Attributes == OBJ_PERMANENT,
             "permanent: attributes 0x%X", Basic.Attributes);
    ObMakeTemporaryObject(Event);
    KT_CHECK(Context, KtObjectByName(Name.Buffer, 0) == Event, "went with a handle open");
    ZwClose(Handle);
    KT_CHECK(Context, KtObjectByName(Name.Buffer, 0) == NULL, "stayed when temporary");
}

static const KT_TEST KtObProcedureTests[] = {
    {"type procedures: open, okay-to-close, close, security, delete", KtTypeProcedures},
    {"a type's parse procedure takes the rest of the name", KtParseProcedure},
    {"ObInsertObject: references out, no handle, twice; lookups check types", KtInsertObject},
};

const KT_SUITE KtObProcedureSuite = {"Ob", KtObProcedureTests, RTL_NUMBER_OF(KtObProcedureTests)};
