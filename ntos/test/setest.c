/* SPDX-License-Identifier: MIT */
/*
 * Security self-tests: the system token and SeExports, SeAccessCheck's rules (ACE order,
 * generic mapping, MAXIMUM_ALLOWED, NULL and empty DACLs, owner rights, privileges), access
 * checks on opens by name and pointer with a restricted token, ZwQuerySecurityObject and
 * ZwSetSecurityObject, DACL inheritance from a directory, and no leaked pool.
 */
#include "ntos.h"

#define KT_OBSD_TAG 0x64536F4F /* Ob's kept descriptors (OBP_SECURITY_TAG) */
#define KT_SE_EVENT L"\\BaseNamedObjects\\KtSeEvent"

static const GENERIC_MAPPING KtEventMapping = {
    STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
    STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS};

/* S-1-5-21-100-200-1001: the restricted token's user. */
static ULONG KtUserSid[8];

static LONG
KtSeOutstanding(VOID)
{
    static const ULONG Tags[] = {SEP_SD_TAG, SEP_TOKEN_TAG, KT_OBSD_TAG};
    MM_POOL_TAG_USAGE Usage;
    LONG Total = 0;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Tags); I++)
    {
        RtlZeroMemory(&Usage, sizeof(Usage));
        MmQueryPoolTag(Tags[I], &Usage);
        Total += (LONG)(Usage.PagedAllocations - Usage.PagedFrees) +
                 (LONG)(Usage.NonPagedAllocations - Usage.NonPagedFrees);
    }
    return Total;
}

/* A token for the user above, in Everyone (enabled) and Users (deny-only), no privileges. */
static NTSTATUS
KtSeRestrictedToken(PACCESS_TOKEN *Token)
{
    SID_IDENTIFIER_AUTHORITY Nt = SECURITY_NT_AUTHORITY;
    SID_AND_ATTRIBUTES Groups[2] = {
        {SeExports->SeWorldSid, SE_GROUP_MANDATORY | SE_GROUP_ENABLED},
        {SeExports->SeAliasUsersSid, SE_GROUP_USE_FOR_DENY_ONLY},
    };

    RtlInitializeSid(KtUserSid, &Nt, 4);
    *RtlSubAuthoritySid(KtUserSid, 0) = 21;
    *RtlSubAuthoritySid(KtUserSid, 1) = 100;
    *RtlSubAuthoritySid(KtUserSid, 2) = 200;
    *RtlSubAuthoritySid(KtUserSid, 3) = 1001;
    return SepCreateToken(KtUserSid, RTL_NUMBER_OF(Groups), Groups, 0, NULL, NULL, Token);
}

/* An access state for Token (referenced here), asking for Desired. */
static VOID
KtSeAccessState(PACCESS_STATE State, PACCESS_TOKEN Token, ACCESS_MASK Desired)
{
    SeCreateAccessState(State, NULL, Desired, (PGENERIC_MAPPING)&KtEventMapping);
    ObfDereferenceObject(State->SubjectSecurityContext.PrimaryToken);
    ObfReferenceObject(Token);
    State->SubjectSecurityContext.PrimaryToken = Token;
}

/* An absolute descriptor owned by Owner over Dacl (NULL: a NULL DACL when Present). */
static VOID
KtSeDescriptor(PSECURITY_DESCRIPTOR Sd, PSID Owner, BOOLEAN Present, PACL Dacl)
{
    RtlCreateSecurityDescriptor(Sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetOwnerSecurityDescriptor(Sd, Owner, FALSE);
    RtlSetDaclSecurityDescriptor(Sd, Present, Dacl, FALSE);
}

/* SeAccessCheck for Token in user mode. */
static NTSTATUS
KtSeCheck(PSECURITY_DESCRIPTOR Sd, PACCESS_TOKEN Token, ACCESS_MASK Desired, PACCESS_MASK Granted)
{
    SECURITY_SUBJECT_CONTEXT Subject = {NULL, SecurityAnonymous, Token, NULL};
    NTSTATUS Status = STATUS_SUCCESS;
    BOOLEAN Result;

    *Granted = 0xDEAD;
    Result = SeAccessCheck(Sd, &Subject, FALSE, Desired, 0, NULL, (PGENERIC_MAPPING)&KtEventMapping,
                           UserMode, Granted, &Status);
    return Result == NT_SUCCESS(Status) ? Status : STATUS_UNSUCCESSFUL;
}

static VOID
KtSeSystemToken(PKT_CONTEXT Context)
{
    SECURITY_SUBJECT_CONTEXT Subject;
    PSID System = SeExports->SeLocalSystemSid;

    KT_CHECK(Context,
             RtlLengthSid(System) == 12 && *RtlSubAuthoritySid(System, 0) == 18 &&
                 *RtlSubAuthoritySid(SeExports->SeAliasAdminsSid, 1) == 544 &&
                 *RtlSubAuthoritySid(SeExports->SeAuthenticatedUsersSid, 0) == 11,
             "well-known SIDs are wrong");
    KT_CHECK(Context,
             SeExports->SeSecurityPrivilege.LowPart == SE_SECURITY_PRIVILEGE &&
                 SeExports->SeCreateSymbolicLinkPrivilege.LowPart == 35,
             "privilege LUIDs are wrong");
    KT_CHECK(Context, KtObjectByName(L"\\ObjectTypes\\Token", 0) == *SeTokenObjectType,
             "\\ObjectTypes\\Token is not SeTokenObjectType");
    SeCaptureSubjectContext(&Subject);
    KT_CHECK(Context,
             Subject.PrimaryToken != NULL && Subject.ClientToken == NULL &&
                 ObGetObjectType(Subject.PrimaryToken) == *SeTokenObjectType,
             "no primary token captured");
    KT_CHECK(Context, SepTokenHasPrivilege(Subject.PrimaryToken, SeExports->SeDebugPrivilege),
             "system token lacks SeDebugPrivilege");
    SeReleaseSubjectContext(&Subject);
    KT_CHECK(Context,
             SeSinglePrivilegeCheck(SeExports->SeSecurityPrivilege, UserMode) &&
                 SeSinglePrivilegeCheck(SeExports->SeTcbPrivilege, KernelMode),
             "system token fails a privilege check");
}

/* DACLs in order: the first ACE to decide a right wins. */
static VOID
KtSeAceOrder(PKT_CONTEXT Context, PACCESS_TOKEN Token)
{
    ULONG Buffer[32];
    PACL Dacl = (PACL)Buffer;
    SECURITY_DESCRIPTOR Sd;
    ACCESS_MASK Granted;
    NTSTATUS Status;

    KtSeDescriptor(&Sd, SeExports->SeLocalSystemSid, TRUE, Dacl);
    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    RtlAddAccessDeniedAce(Dacl, ACL_REVISION, SYNCHRONIZE, KtUserSid);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, EVENT_ALL_ACCESS, SeExports->SeWorldSid);
    Status = KtSeCheck(&Sd, Token, SYNCHRONIZE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED && Granted == 0,
             "denied-before-allowed: 0x%08X, 0x%X", Status, Granted);
    Status = KtSeCheck(&Sd, Token, EVENT_MODIFY_STATE, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == EVENT_MODIFY_STATE,
             "other right: 0x%08X, 0x%X", Status, Granted);
    Status = KtSeCheck(&Sd, Token, MAXIMUM_ALLOWED, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == (EVENT_ALL_ACCESS & ~SYNCHRONIZE),
             "MAXIMUM_ALLOWED: 0x%08X, 0x%X", Status, Granted);
    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, SYNCHRONIZE, SeExports->SeWorldSid);
    RtlAddAccessDeniedAce(Dacl, ACL_REVISION, SYNCHRONIZE, KtUserSid);
    Status = KtSeCheck(&Sd, Token, SYNCHRONIZE, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == SYNCHRONIZE,
             "allowed-before-denied: 0x%08X, 0x%X", Status, Granted);
    Status = KtSeCheck(&Sd, Token, SYNCHRONIZE | EVENT_QUERY_STATE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED && Granted == 0,
             "a right no ACE grants: 0x%08X", Status);
    /* A deny-only group matches denied ACEs only. */
    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, EVENT_QUERY_STATE, SeExports->SeAliasUsersSid);
    Status = KtSeCheck(&Sd, Token, EVENT_QUERY_STATE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "deny-only group allowed: 0x%08X", Status);
    RtlAddAccessDeniedAce(Dacl, ACL_REVISION, SYNCHRONIZE, SeExports->SeAliasUsersSid);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, SYNCHRONIZE, SeExports->SeWorldSid);
    Status = KtSeCheck(&Sd, Token, SYNCHRONIZE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "deny-only group not denied: 0x%08X", Status);
}

/* Generic rights, NULL and empty DACLs, the owner, privileges, kernel mode. */
static VOID
KtSeSpecialCases(PKT_CONTEXT Context, PACCESS_TOKEN Token)
{
    SECURITY_SUBJECT_CONTEXT Subject = {NULL, SecurityAnonymous, Token, NULL};
    ULONG Buffer[32];
    PACL Dacl = (PACL)Buffer;
    SECURITY_DESCRIPTOR Sd;
    ACCESS_MASK Granted;
    NTSTATUS Status;

    KtSeDescriptor(&Sd, SeExports->SeLocalSystemSid, TRUE, Dacl);
    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_READ, SeExports->SeWorldSid);
    Status = KtSeCheck(&Sd, Token, GENERIC_READ, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == (READ_CONTROL | EVENT_QUERY_STATE),
             "GENERIC_READ: 0x%08X, 0x%X", Status, Granted);
    Status = KtSeCheck(&Sd, Token, GENERIC_WRITE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "GENERIC_WRITE: 0x%08X", Status);
    Status = KtSeCheck(&Sd, Token, ACCESS_SYSTEM_SECURITY, &Granted);
    KT_CHECK(Context, Status == STATUS_PRIVILEGE_NOT_HELD, "SACL access: 0x%08X", Status);
    KtSeDescriptor(&Sd, SeExports->SeLocalSystemSid, TRUE, NULL);
    Status = KtSeCheck(&Sd, Token, MAXIMUM_ALLOWED, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == EVENT_ALL_ACCESS,
             "NULL DACL: 0x%08X, 0x%X", Status, Granted);
    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    KtSeDescriptor(&Sd, SeExports->SeLocalSystemSid, TRUE, Dacl);
    Status = KtSeCheck(&Sd, Token, SYNCHRONIZE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "empty DACL: 0x%08X", Status);
    Status = KtSeCheck(&Sd, Token, MAXIMUM_ALLOWED, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "empty DACL, maximum: 0x%08X", Status);
    KtSeDescriptor(&Sd, KtUserSid, TRUE, Dacl);
    Status = KtSeCheck(&Sd, Token, MAXIMUM_ALLOWED, &Granted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Granted == (READ_CONTROL | WRITE_DAC),
             "owner: 0x%08X, 0x%X", Status, Granted);
    Status = KtSeCheck(&Sd, Token, WRITE_DAC | SYNCHRONIZE, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "owner beyond its rights: 0x%08X", Status);
    Status = KtSeCheck(&Sd, Token, 0, &Granted);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED, "nothing asked: 0x%08X", Status);
    KT_CHECK(Context,
             SeAccessCheck(&Sd, &Subject, FALSE, EVENT_MODIFY_STATE, 0, NULL,
                           (PGENERIC_MAPPING)&KtEventMapping, KernelMode, &Granted, &Status) &&
                 Status == STATUS_SUCCESS && Granted == EVENT_MODIFY_STATE,
             "kernel mode refused: 0x%08X", Status);
    KT_CHECK(Context, !SepTokenHasPrivilege(Token, SeExports->SeSecurityPrivilege),
             "restricted token holds SeSecurityPrivilege");
}

static VOID
KtSeAccessCheck(PKT_CONTEXT Context)
{
    LONG Before = KtSeOutstanding();
    PACCESS_TOKEN Token;
    NTSTATUS Status = KtSeRestrictedToken(&Token);

    KT_CHECK(Context, NT_SUCCESS(Status), "restricted token: 0x%08X", Status);
    KtSeAceOrder(Context, Token);
    if (!Context->Failed)
        KtSeSpecialCases(Context, Token);
    ObfDereferenceObject(Token);
    KT_CHECK(Context, KtSeOutstanding() == Before, "%d blocks leaked", KtSeOutstanding() - Before);
}

/* Open Name as an event for Token's access state (UserMode or forced), or the caller's. */
static NTSTATUS
KtSeOpen(PCWSTR Name, PACCESS_TOKEN Token, ACCESS_MASK Desired, KPROCESSOR_MODE Mode,
         ULONG Attributes, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES ObjectAttributes;
    ACCESS_STATE State;
    NTSTATUS Status;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, &String, Attributes, NULL, NULL);
    if (Token == NULL)
        return ObOpenObjectByName(&ObjectAttributes, *ExEventObjectType, Mode, NULL, Desired, NULL,
                                  Handle);
    KtSeAccessState(&State, Token, Desired);
    Status =
        ObOpenObjectByName(&ObjectAttributes, *ExEventObjectType, Mode, &State, 0, NULL, Handle);
    SeDeleteAccessState(&State);
    return Status;
}

static ACCESS_MASK
KtGrantedAccess(HANDLE Handle)
{
    OBJECT_HANDLE_INFORMATION Info = {0, 0};
    PVOID Object;

    if (!NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object, &Info)))
        return 0xFFFFFFFF;
    ObfDereferenceObject(Object);
    return Info.GrantedAccess;
}

/* The event grants the restricted user SYNCHRONIZE and SYSTEM everything. */
static NTSTATUS
KtSeCreateEvent(PHANDLE Handle)
{
    ULONG Buffer[32];
    PACL Dacl = (PACL)Buffer;
    SECURITY_DESCRIPTOR Sd;
    UNICODE_STRING String = RTL_CONSTANT_STRING(KT_SE_EVENT);
    OBJECT_ATTRIBUTES ObjectAttributes;

    RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, SYNCHRONIZE, KtUserSid);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, EVENT_ALL_ACCESS, SeExports->SeLocalSystemSid);
    RtlCreateSecurityDescriptor(&Sd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetDaclSecurityDescriptor(&Sd, TRUE, Dacl, FALSE);
    InitializeObjectAttributes(&ObjectAttributes, &String, 0, NULL, &Sd);
    return ZwCreateEvent(Handle, EVENT_ALL_ACCESS, &ObjectAttributes, NotificationEvent, FALSE);
}

static VOID
KtSeOpenChecks(PKT_CONTEXT Context, PACCESS_TOKEN Token, PVOID Event)
{
    LONG_PTR Handles = ObpHandleCount(Event), Pointers = ObpPointerCount(Event);
    ACCESS_STATE State;
    HANDLE Opened = (HANDLE)1;
    PVOID Object = Event;
    NTSTATUS Status;

    Status = KtSeOpen(KT_SE_EVENT, Token, EVENT_MODIFY_STATE, KernelMode, OBJ_FORCE_ACCESS_CHECK,
                      &Opened);
    KT_CHECK(Context,
             Status == STATUS_ACCESS_DENIED && Opened == NULL && ObpHandleCount(Event) == Handles &&
                 ObpPointerCount(Event) == Pointers,
             "forced, restricted, modify: 0x%08X, %Id handles", Status, ObpHandleCount(Event));
    Status = KtSeOpen(KT_SE_EVENT, Token, EVENT_MODIFY_STATE, UserMode, 0, &Opened);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED && Opened == NULL,
             "user mode, restricted, modify: 0x%08X", Status);
    Status = KtSeOpen(KT_SE_EVENT, Token, SYNCHRONIZE, KernelMode, OBJ_FORCE_ACCESS_CHECK, &Opened);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtGrantedAccess(Opened) == SYNCHRONIZE,
             "forced, restricted, synchronize: 0x%08X, granted 0x%X", Status,
             KtGrantedAccess(Opened));
    ZwClose(Opened);
    Status = KtSeOpen(KT_SE_EVENT, Token, EVENT_MODIFY_STATE, KernelMode, 0, &Opened);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "trusted kernel open refused: 0x%08X", Status);
    ZwClose(Opened);
    Status = KtSeOpen(KT_SE_EVENT, NULL, EVENT_MODIFY_STATE, KernelMode, OBJ_FORCE_ACCESS_CHECK,
                      &Opened);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtGrantedAccess(Opened) == EVENT_MODIFY_STATE,
             "forced, system token: 0x%08X", Status);
    ZwClose(Opened);
    KtSeAccessState(&State, Token, EVENT_MODIFY_STATE);
    Status = ObOpenObjectByPointer(Event, 0, &State, 0, *ExEventObjectType, UserMode, &Opened);
    SeDeleteAccessState(&State);
    KT_CHECK(Context, Status == STATUS_ACCESS_DENIED && Opened == NULL,
             "by pointer, restricted: 0x%08X", Status);
    KtSeAccessState(&State, Token, EVENT_MODIFY_STATE);
    Status = ObReferenceObjectByName((PUNICODE_STRING) &
                                         (UNICODE_STRING)RTL_CONSTANT_STRING(KT_SE_EVENT),
                                     0, &State, 0, *ExEventObjectType, UserMode, NULL, &Object);
    SeDeleteAccessState(&State);
    KT_CHECK(Context,
             Status == STATUS_ACCESS_DENIED && Object == NULL &&
                 ObpPointerCount(Event) == Pointers && ObpHandleCount(Event) == Handles,
             "reference by name, restricted: 0x%08X", Status);
}

static VOID
KtSeOpenByName(PKT_CONTEXT Context)
{
    LONG Before = KtSeOutstanding();
    PACCESS_TOKEN Token;
    HANDLE Event = NULL;
    NTSTATUS Status = KtSeRestrictedToken(&Token);

    KT_CHECK(Context, NT_SUCCESS(Status), "restricted token: 0x%08X", Status);
    Status = KtSeCreateEvent(&Event);
    if (NT_SUCCESS(Status))
        KtSeOpenChecks(Context, Token, KtObjectByHandle(Event));
    else
        KtFail(Context, __FILE__, __LINE__, "create: 0x%08X", Status);
    if (Event != NULL)
        ZwClose(Event);
    ObfDereferenceObject(Token);
    KT_CHECK(Context, KtObjectByName(KT_SE_EVENT, 0) == NULL, "event outlived its handle");
    KT_CHECK(Context, KtSeOutstanding() == Before, "%d blocks leaked", KtSeOutstanding() - Before);
}

/* The ACE at Index of Sd's DACL: its type, flags, mask and SID. */
static BOOLEAN
KtSeAceIs(PSECURITY_DESCRIPTOR Sd, ULONG Index, UCHAR Type, UCHAR Flags, ACCESS_MASK Mask, PSID Sid)
{
    BOOLEAN Present = FALSE, Defaulted;
    PACL Dacl = NULL;
    PACCESS_ALLOWED_ACE Ace;

    if (!NT_SUCCESS(RtlGetDaclSecurityDescriptor(Sd, &Present, &Dacl, &Defaulted)) || !Present ||
        Dacl == NULL || !NT_SUCCESS(RtlGetAce(Dacl, Index, (PVOID *)&Ace)))
        return FALSE;
    return Ace->Header.AceType == Type && Ace->Header.AceFlags == Flags && Ace->Mask == Mask &&
           RtlEqualSid(&Ace->SidStart, Sid);
}

static ULONG
KtSeAceCount(PSECURITY_DESCRIPTOR Sd)
{
    BOOLEAN Present = FALSE, Defaulted;
    PACL Dacl = NULL;

    RtlGetDaclSecurityDescriptor(Sd, &Present, &Dacl, &Defaulted);
    return Present && Dacl != NULL ? Dacl->AceCount : 0xFFFFFFFF;
}

static VOID
KtSeQueryChecks(PKT_CONTEXT Context, HANDLE Event, PACCESS_TOKEN Token)
{
    ULONG Buffer[64], Length = 0xFFFF, AclBuffer[16];
    PSECURITY_DESCRIPTOR Sd = Buffer;
    PACL Dacl = (PACL)AclBuffer;
    SECURITY_DESCRIPTOR New;
    PSID Owner = NULL;
    BOOLEAN Defaulted;
    HANDLE Opened;
    NTSTATUS Status;

    Status = ZwQuerySecurityObject(Event, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                   Sd, 8, &Length);
    KT_CHECK(Context, Status == STATUS_BUFFER_TOO_SMALL && Length > 20 && Length <= sizeof(Buffer),
             "too small: 0x%08X, %u", Status, Length);
    Status = ZwQuerySecurityObject(Event, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                   Sd, Length, &Length);
    KT_CHECK(Context, Status == STATUS_SUCCESS && SeValidSecurityDescriptor(Length, Sd),
             "query: 0x%08X", Status);
    RtlGetOwnerSecurityDescriptor(Sd, &Owner, &Defaulted);
    KT_CHECK(Context, Owner != NULL && RtlEqualSid(Owner, SeExports->SeAliasAdminsSid),
             "owner is not Administrators");
    KT_CHECK(Context,
             KtSeAceCount(Sd) == 2 &&
                 KtSeAceIs(Sd, 0, ACCESS_ALLOWED_ACE_TYPE, 0, SYNCHRONIZE, KtUserSid) &&
                 KtSeAceIs(Sd, 1, ACCESS_ALLOWED_ACE_TYPE, 0, EVENT_ALL_ACCESS,
                           SeExports->SeLocalSystemSid),
             "DACL did not round-trip");
    Status = ZwQuerySecurityObject(Event, DACL_SECURITY_INFORMATION, Sd, sizeof(Buffer), &Length);
    RtlGetOwnerSecurityDescriptor(Sd, &Owner, &Defaulted);
    KT_CHECK(Context, Status == STATUS_SUCCESS && Owner == NULL, "DACL-only query has an owner");
    RtlCreateAcl(Dacl, sizeof(AclBuffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, SYNCHRONIZE | EVENT_MODIFY_STATE, KtUserSid);
    KtSeDescriptor(&New, NULL, TRUE, Dacl);
    Status = ZwSetSecurityObject(Event, OWNER_SECURITY_INFORMATION, &New);
    KT_CHECK(Context, Status == STATUS_INVALID_OWNER, "set without owner: 0x%08X", Status);
    Status = ZwSetSecurityObject(Event, DACL_SECURITY_INFORMATION, &New);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "set DACL: 0x%08X", Status);
    Status = KtSeOpen(KT_SE_EVENT, Token, EVENT_MODIFY_STATE, UserMode, 0, &Opened);
    KT_CHECK(Context, Status == STATUS_SUCCESS && KtGrantedAccess(Opened) == EVENT_MODIFY_STATE,
             "open after set: 0x%08X", Status);
    ZwClose(Opened);
    Status = ZwQuerySecurityObject(Event, OWNER_SECURITY_INFORMATION, Sd, sizeof(Buffer), &Length);
    RtlGetOwnerSecurityDescriptor(Sd, &Owner, &Defaulted);
    KT_CHECK(Context,
             Status == STATUS_SUCCESS && Owner != NULL &&
                 RtlEqualSid(Owner, SeExports->SeAliasAdminsSid),
             "set DACL changed the owner");
}

/* ObCreateObject captures OBJECT_ATTRIBUTES.SecurityDescriptor and checks it. */
static VOID
KtSeBadDescriptor(PKT_CONTEXT Context)
{
    UNICODE_STRING String = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\KtSeBad");
    OBJECT_ATTRIBUTES ObjectAttributes;
    SECURITY_DESCRIPTOR Sd;
    ULONG AclBuffer[4];
    PACL Dacl = (PACL)AclBuffer;
    HANDLE Event = (HANDLE)1;
    NTSTATUS Status;

    RtlCreateSecurityDescriptor(&Sd, SECURITY_DESCRIPTOR_REVISION);
    Sd.Revision = 2;
    InitializeObjectAttributes(&ObjectAttributes, &String, 0, NULL, &Sd);
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &ObjectAttributes, NotificationEvent, FALSE);
    KT_CHECK(Context, Status == STATUS_UNKNOWN_REVISION && Event == NULL, "bad revision: 0x%08X",
             Status);
    Sd.Revision = SECURITY_DESCRIPTOR_REVISION;
    RtlCreateAcl(Dacl, sizeof(AclBuffer), ACL_REVISION);
    Dacl->AceCount = 1; /* an ACE that is not there */
    RtlSetDaclSecurityDescriptor(&Sd, TRUE, Dacl, FALSE);
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &ObjectAttributes, NotificationEvent, FALSE);
    KT_CHECK(Context, Status == STATUS_INVALID_SECURITY_DESCR && Event == NULL, "bad DACL: 0x%08X",
             Status);
}

static VOID
KtSeQuerySet(PKT_CONTEXT Context)
{
    LONG Before = KtSeOutstanding();
    PACCESS_TOKEN Token;
    HANDLE Event = NULL;
    NTSTATUS Status = KtSeRestrictedToken(&Token);

    KT_CHECK(Context, NT_SUCCESS(Status), "restricted token: 0x%08X", Status);
    Status = KtSeCreateEvent(&Event);
    if (NT_SUCCESS(Status))
        KtSeQueryChecks(Context, Event, Token);
    else
        KtFail(Context, __FILE__, __LINE__, "create: 0x%08X", Status);
    if (Event != NULL)
        ZwClose(Event);
    ObfDereferenceObject(Token);
    if (!Context->Failed)
        KtSeBadDescriptor(Context);
    KT_CHECK(Context, KtSeOutstanding() == Before, "%d blocks leaked", KtSeOutstanding() - Before);
}

/* The object's descriptor, in Buffer (from ZwQuerySecurityObject on Handle). */
static PSECURITY_DESCRIPTOR
KtSeQuery(HANDLE Handle, PULONG Buffer, ULONG Size)
{
    ULONG Length;

    if (!NT_SUCCESS(ZwQuerySecurityObject(
            Handle, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, Buffer, Size, &Length)))
        RtlZeroMemory(Buffer, Size);
    return Buffer;
}

static NTSTATUS
KtSeCreateDirectory(PCWSTR Name, HANDLE Root, PSECURITY_DESCRIPTOR Sd, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES ObjectAttributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, &String, 0, Root, Sd);
    return ZwCreateDirectoryObject(Handle, DIRECTORY_ALL_ACCESS, &ObjectAttributes);
}

static VOID
KtSeInheritChecks(PKT_CONTEXT Context, HANDLE Directory)
{
    const UCHAR Inherited = INHERITED_ACE;
    ULONG Buffer[64];
    PSECURITY_DESCRIPTOR Sd;
    HANDLE Event = NULL, Child = NULL, Plain = NULL;
    NTSTATUS Status;

    Status = KtCreateEvent(L"KtSeChild", 0, Directory, &Event);
    KT_CHECK(Context, NT_SUCCESS(Status), "event in directory: 0x%08X", Status);
    Sd = KtSeQuery(Event, Buffer, sizeof(Buffer));
    ZwClose(Event);
    KT_CHECK(Context,
             KtSeAceCount(Sd) == 2 &&
                 KtSeAceIs(Sd, 0, ACCESS_ALLOWED_ACE_TYPE, Inherited,
                           READ_CONTROL | EVENT_QUERY_STATE, SeExports->SeWorldSid) &&
                 KtSeAceIs(Sd, 1, ACCESS_ALLOWED_ACE_TYPE, Inherited, SYNCHRONIZE, KtUserSid),
             "event inherited %u ACEs, not the object-inherit ones", KtSeAceCount(Sd));
    Status = KtSeCreateDirectory(L"KtSeSub", Directory, NULL, &Child);
    KT_CHECK(Context, NT_SUCCESS(Status), "subdirectory: 0x%08X", Status);
    Sd = KtSeQuery(Child, Buffer, sizeof(Buffer));
    ZwClose(Child);
    KT_CHECK(
        Context,
        KtSeAceCount(Sd) == 3 &&
            KtSeAceIs(Sd, 0, ACCESS_ALLOWED_ACE_TYPE,
                      OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE | Inherited, GENERIC_READ,
                      SeExports->SeWorldSid) &&
            KtSeAceIs(Sd, 1, ACCESS_ALLOWED_ACE_TYPE, Inherited, SYNCHRONIZE, KtUserSid) &&
            KtSeAceIs(Sd, 2, ACCESS_ALLOWED_ACE_TYPE,
                      OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE | Inherited,
                      SYNCHRONIZE, KtUserSid),
        "subdirectory inherited %u ACEs", KtSeAceCount(Sd));
    /* \BaseNamedObjects passes nothing on: the token's default DACL applies. */
    Status = KtCreateEvent(L"\\BaseNamedObjects\\KtSePlain", 0, NULL, &Plain);
    KT_CHECK(Context, NT_SUCCESS(Status), "plain event: 0x%08X", Status);
    Sd = KtSeQuery(Plain, Buffer, sizeof(Buffer));
    ZwClose(Plain);
    KT_CHECK(Context,
             KtSeAceCount(Sd) == 2 && KtSeAceIs(Sd, 0, ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL,
                                                SeExports->SeLocalSystemSid),
             "default DACL not applied: %u ACEs", KtSeAceCount(Sd));
}

static VOID
KtSeInheritance(PKT_CONTEXT Context)
{
    LONG Before = KtSeOutstanding();
    ULONG AclBuffer[32];
    PACL Dacl = (PACL)AclBuffer;
    SECURITY_DESCRIPTOR Sd;
    HANDLE Directory = NULL;
    PACCESS_TOKEN Token;
    NTSTATUS Status = KtSeRestrictedToken(&Token); /* sets KtUserSid */

    KT_CHECK(Context, NT_SUCCESS(Status), "restricted token: 0x%08X", Status);
    ObfDereferenceObject(Token);
    RtlCreateAcl(Dacl, sizeof(AclBuffer), ACL_REVISION);
    RtlAddAccessAllowedAceEx(Dacl, ACL_REVISION, OBJECT_INHERIT_ACE, GENERIC_READ,
                             SeExports->SeWorldSid);
    RtlAddAccessAllowedAceEx(Dacl, ACL_REVISION, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE,
                             SYNCHRONIZE, KtUserSid);
    RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_ALL, SeExports->SeLocalSystemSid);
    KtSeDescriptor(&Sd, SeExports->SeLocalSystemSid, TRUE, Dacl);
    Status = KtSeCreateDirectory(L"\\BaseNamedObjects\\KtSeDir", NULL, &Sd, &Directory);
    KT_CHECK(Context, NT_SUCCESS(Status), "directory: 0x%08X", Status);
    KtSeInheritChecks(Context, Directory);
    ZwClose(Directory);
    KT_CHECK(Context, KtSeOutstanding() == Before, "%d blocks leaked", KtSeOutstanding() - Before);
}

static const KT_TEST KtSeTests[] = {
    {"system token and SeExports", KtSeSystemToken},
    {"SeAccessCheck", KtSeAccessCheck},
    {"access checks on open", KtSeOpenByName},
    {"ZwQuerySecurityObject and ZwSetSecurityObject", KtSeQuerySet},
    {"DACL inheritance", KtSeInheritance},
};

const KT_SUITE KtSeSuite = {"Se", KtSeTests, RTL_NUMBER_OF(KtSeTests)};
