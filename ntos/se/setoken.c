/* SPDX-License-Identifier: MIT */
/*
 * Tokens: the Token object type, token creation, and the system token every thread runs
 * with for now. A token is one object body: the TOKEN header, then the user-and-groups
 * array, the privileges array, the SIDs and the default DACL, each ULONG-aligned.
 */
#include "sep.h"

#define SEP_ALIGN(Length) (((Length) + 7u) & ~7u)

static POBJECT_TYPE SepTokenObjectType;
POBJECT_TYPE *SeTokenObjectType = &SepTokenObjectType;
PTOKEN SepSystemToken;
static volatile LONG64 SepTokenIds;

static ULONG
SepTokenSize(PSID User, ULONG GroupCount, PSID_AND_ATTRIBUTES Groups, ULONG PrivilegeCount,
             PACL DefaultDacl)
{
    ULONG Size = SEP_ALIGN(sizeof(TOKEN)) + (GroupCount + 1) * sizeof(SID_AND_ATTRIBUTES) +
                 PrivilegeCount * sizeof(LUID_AND_ATTRIBUTES) + SEP_ALIGN(RtlLengthSid(User));
    ULONG I;

    for (I = 0; I < GroupCount; I++)
        Size += SEP_ALIGN(RtlLengthSid(Groups[I].Sid));
    if (DefaultDacl != NULL)
        Size += DefaultDacl->AclSize;
    return Size;
}

/* Copy Sid to *Cursor and advance it. */
static PSID
SepPlaceSid(PUCHAR *Cursor, PSID Sid)
{
    PSID Copy = *Cursor;
    ULONG Length = RtlLengthSid(Sid);

    RtlCopyMemory(Copy, Sid, Length);
    *Cursor += SEP_ALIGN(Length);
    return Copy;
}

static VOID
SepFillToken(PTOKEN Token, PSID User, ULONG GroupCount, PSID_AND_ATTRIBUTES Groups,
             ULONG PrivilegeCount, PLUID_AND_ATTRIBUTES Privileges, PACL DefaultDacl)
{
    PUCHAR Cursor = (PUCHAR)Token + SEP_ALIGN(sizeof(TOKEN));
    LONG64 Id = InterlockedIncrement64(&SepTokenIds);
    ULONG I;

    Token->TokenId.LowPart = (ULONG)Id;
    Token->TokenId.HighPart = (LONG)(Id >> 32);
    ExInitializePushLock(&Token->Lock);
    Token->UserAndGroupCount = GroupCount + 1;
    Token->UserAndGroups = (PSID_AND_ATTRIBUTES)Cursor;
    Cursor += (GroupCount + 1) * sizeof(SID_AND_ATTRIBUTES);
    Token->PrivilegeCount = PrivilegeCount;
    Token->Privileges = (PLUID_AND_ATTRIBUTES)Cursor;
    Cursor += PrivilegeCount * sizeof(LUID_AND_ATTRIBUTES);
    if (PrivilegeCount != 0)
        RtlCopyMemory(Token->Privileges, Privileges, PrivilegeCount * sizeof(LUID_AND_ATTRIBUTES));
    Token->UserAndGroups[0].Sid = SepPlaceSid(&Cursor, User);
    Token->UserAndGroups[0].Attributes = 0;
    Token->DefaultOwner = Token->PrimaryGroup = Token->UserAndGroups[0].Sid;
    for (I = 0; I < GroupCount; I++)
    {
        Token->UserAndGroups[I + 1].Sid = SepPlaceSid(&Cursor, Groups[I].Sid);
        Token->UserAndGroups[I + 1].Attributes = Groups[I].Attributes;
        if ((Groups[I].Attributes & SE_GROUP_OWNER) &&
            Token->DefaultOwner == Token->UserAndGroups[0].Sid)
            Token->DefaultOwner = Token->UserAndGroups[I + 1].Sid;
    }
    if (DefaultDacl != NULL)
    {
        Token->DefaultDacl = (PACL)Cursor;
        RtlCopyMemory(Cursor, DefaultDacl, DefaultDacl->AclSize);
    }
}

NTSTATUS
SepCreateToken(PSID User, ULONG GroupCount, PSID_AND_ATTRIBUTES Groups, ULONG PrivilegeCount,
               PLUID_AND_ATTRIBUTES Privileges, PACL DefaultDacl, PACCESS_TOKEN *Token)
{
    PTOKEN New;
    NTSTATUS Status;
    ULONG I;

    *Token = NULL;
    if (!RtlValidSid(User) || (DefaultDacl != NULL && !RtlValidAcl(DefaultDacl)))
        return STATUS_INVALID_PARAMETER;
    for (I = 0; I < GroupCount; I++)
    {
        if (!RtlValidSid(Groups[I].Sid))
            return STATUS_INVALID_SID;
    }
    Status = ObpCreateObject(SepTokenObjectType,
                             SepTokenSize(User, GroupCount, Groups, PrivilegeCount, DefaultDacl),
                             (PVOID *)&New);
    if (!NT_SUCCESS(Status))
        return Status;
    SepFillToken(New, User, GroupCount, Groups, PrivilegeCount, Privileges, DefaultDacl);
    *Token = New;
    return STATUS_SUCCESS;
}

BOOLEAN
SepTokenHasSid(PTOKEN Token, PSID Sid, BOOLEAN ForDeny)
{
    ULONG I;

    for (I = 0; I < Token->UserAndGroupCount; I++)
    {
        ULONG Attributes = Token->UserAndGroups[I].Attributes;
        BOOLEAN Usable = I == 0 || (Attributes & SE_GROUP_ENABLED) ||
                         (ForDeny && (Attributes & SE_GROUP_USE_FOR_DENY_ONLY));

        if (Usable && RtlEqualSid(Token->UserAndGroups[I].Sid, Sid))
            return TRUE;
    }
    return FALSE;
}

BOOLEAN
SepTokenHasPrivilege(PACCESS_TOKEN AccessToken, LUID Privilege)
{
    PTOKEN Token = AccessToken;
    ULONG I;

    for (I = 0; I < Token->PrivilegeCount; I++)
    {
        if (Token->Privileges[I].Luid.LowPart == Privilege.LowPart &&
            Token->Privileges[I].Luid.HighPart == Privilege.HighPart)
            return (Token->Privileges[I].Attributes & SE_PRIVILEGE_ENABLED) != 0;
    }
    return FALSE;
}

/*
 * The current process's primary token, referenced. Before the system process exists (Ob's
 * boot namespace is made first) the system token stands in, as the one it will get.
 */
PACCESS_TOKEN
SepReferencePrimaryToken(VOID)
{
    if (PsInitialSystemProcess != NULL)
        return PsReferencePrimaryToken(PsGetCurrentProcess());
    if (SepSystemToken != NULL)
        ObfReferenceObject(SepSystemToken);
    return SepSystemToken;
}

/* SYSTEM, in Administrators (the default owner), Everyone and Authenticated Users, with
 * every privilege enabled; new objects default to SYSTEM: all, Administrators: read. */
static NTSTATUS
SepCreateSystemToken(VOID)
{
    const ULONG GroupAttributes =
        SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED;
    SID_AND_ATTRIBUTES Groups[3] = {
        {SepExports.SeAliasAdminsSid, GroupAttributes | SE_GROUP_OWNER},
        {SepExports.SeWorldSid, GroupAttributes},
        {SepExports.SeAuthenticatedUsersSid, GroupAttributes},
    };
    LUID_AND_ATTRIBUTES Privileges[SE_MAX_WELL_KNOWN_PRIVILEGE - SE_MIN_WELL_KNOWN_PRIVILEGE + 1];
    ULONG DaclBuffer[32];
    PACL Dacl = (PACL)DaclBuffer;
    PACCESS_TOKEN Token;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Privileges); I++)
    {
        Privileges[I].Luid = RtlConvertLongToLuid(SE_MIN_WELL_KNOWN_PRIVILEGE + I);
        Privileges[I].Attributes = SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT;
    }
    Status = RtlCreateAcl(Dacl, sizeof(DaclBuffer), ACL_REVISION);
    if (NT_SUCCESS(Status))
        Status =
            RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_ALL, SepExports.SeLocalSystemSid);
    if (NT_SUCCESS(Status))
        Status = RtlAddAccessAllowedAce(Dacl, ACL_REVISION,
                                        GENERIC_READ | GENERIC_EXECUTE | READ_CONTROL,
                                        SepExports.SeAliasAdminsSid);
    if (NT_SUCCESS(Status))
        Status = SepCreateToken(SepExports.SeLocalSystemSid, RTL_NUMBER_OF(Groups), Groups,
                                RTL_NUMBER_OF(Privileges), Privileges, Dacl, &Token);
    if (NT_SUCCESS(Status))
        SepSystemToken = Token; /* this first reference is never dropped */
    return Status;
}

NTSTATUS
SepInitializeTokens(VOID)
{
    static const GENERIC_MAPPING Mapping = {TOKEN_READ, TOKEN_WRITE, TOKEN_EXECUTE,
                                            TOKEN_ALL_ACCESS};

    SepTokenObjectType = ObpCreateTypeUnnamed(L"Token", SEP_TOKEN_TAG, TOKEN_ALL_ACCESS, NULL);
    if (SepTokenObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    SepTokenObjectType->GenericMapping = Mapping;
    return SepCreateSystemToken();
}
