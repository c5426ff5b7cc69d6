/* SPDX-License-Identifier: MIT */
/*
 * Access control lists: an 8-byte header and AceCount ACEs packed after it, each starting
 * with an ACE_HEADER that gives its size. Allowed and denied ACEs carry a mask and a SID.
 * Also RtlMapGenericMask, which turns GENERIC_* bits into a type's specific rights.
 */
#include "rtlp.h"
#include "rtlsec.h"

#define RTLP_ACE_SID_OFFSET offsetof(ACCESS_ALLOWED_ACE, SidStart)

NTSTATUS NTAPI
RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision)
{
    if (AclLength < sizeof(ACL))
        return STATUS_BUFFER_TOO_SMALL;
    if (AclRevision < MIN_ACL_REVISION || AclRevision > MAX_ACL_REVISION || AclLength > MAXUSHORT)
        return STATUS_INVALID_PARAMETER;
    Acl->AclRevision = (UCHAR)AclRevision;
    Acl->Sbz1 = 0;
    Acl->AclSize = (USHORT)(AclLength & ~3u); /* ACEs are ULONG-aligned */
    Acl->AceCount = 0;
    Acl->Sbz2 = 0;
    return STATUS_SUCCESS;
}

/* The ACE after Ace, or NULL when Ace does not fit between Acl's header and its end. */
static PACE_HEADER
RtlpCheckedAce(PACL Acl, PUCHAR Ace)
{
    PUCHAR End = (PUCHAR)Acl + Acl->AclSize;
    USHORT Size;

    if (Ace + sizeof(ACE_HEADER) > End)
        return NULL;
    Size = ((PACE_HEADER)Ace)->AceSize;
    if (Size < sizeof(ACE_HEADER) || (Size & 3) != 0 || Ace + Size > End)
        return NULL;
    return (PACE_HEADER)(Ace + Size);
}

/* Where the ACEs end (the first free byte), or NULL when the ACL is malformed. */
static PUCHAR
RtlpAclEnd(PACL Acl)
{
    PUCHAR Ace = (PUCHAR)(Acl + 1);
    ULONG I;

    for (I = 0; I < Acl->AceCount; I++)
    {
        PACE_HEADER Header = (PACE_HEADER)Ace;
        PACE_HEADER Next = RtlpCheckedAce(Acl, Ace);

        if (Next == NULL)
            return NULL;
        if ((Header->AceType == ACCESS_ALLOWED_ACE_TYPE ||
             Header->AceType == ACCESS_DENIED_ACE_TYPE) &&
            (Header->AceSize < RTLP_ACE_SID_OFFSET + RtlLengthRequiredSid(0) ||
             !RtlValidSid(Ace + RTLP_ACE_SID_OFFSET) ||
             RTLP_ACE_SID_OFFSET + RtlLengthSid(Ace + RTLP_ACE_SID_OFFSET) > Header->AceSize))
            return NULL;
        Ace = (PUCHAR)Next;
    }
    return Ace;
}

BOOLEAN NTAPI
RtlValidAcl(PACL Acl)
{
    if (Acl == NULL || Acl->AclRevision < MIN_ACL_REVISION || Acl->AclRevision > MAX_ACL_REVISION ||
        Acl->AclSize < sizeof(ACL) || (Acl->AclSize & 3) != 0)
        return FALSE;
    return RtlpAclEnd(Acl) != NULL;
}

NTSTATUS NTAPI
RtlGetAce(PACL Acl, ULONG AceIndex, PVOID *Ace)
{
    PUCHAR Current = (PUCHAR)(Acl + 1);
    ULONG I;

    *Ace = NULL;
    if (Acl->AclRevision < MIN_ACL_REVISION || Acl->AclRevision > MAX_ACL_REVISION ||
        AceIndex >= Acl->AceCount)
        return STATUS_INVALID_PARAMETER;
    for (I = 0; I < AceIndex; I++)
    {
        Current = (PUCHAR)RtlpCheckedAce(Acl, Current);
        if (Current == NULL)
            return STATUS_INVALID_PARAMETER;
    }
    if (RtlpCheckedAce(Acl, Current) == NULL)
        return STATUS_INVALID_PARAMETER;
    *Ace = Current;
    return STATUS_SUCCESS;
}

/* Append an allowed or denied ACE; the ACL's revision rises to AceRevision when lower. */
static NTSTATUS
RtlpAddAce(PACL Acl, ULONG AceRevision, ULONG AceFlags, UCHAR Type, ACCESS_MASK AccessMask,
           PSID Sid)
{
    PACCESS_ALLOWED_ACE Ace;
    PUCHAR End;
    ULONG Size;

    if (!RtlValidSid(Sid))
        return STATUS_INVALID_SID;
    if (AceRevision < MIN_ACL_REVISION || AceRevision > MAX_ACL_REVISION)
        return STATUS_REVISION_MISMATCH;
    if (!RtlValidAcl(Acl))
        return STATUS_INVALID_ACL;
    if ((AceFlags & ~VALID_INHERIT_FLAGS) != 0)
        return STATUS_INVALID_PARAMETER;
    End = RtlpAclEnd(Acl);
    Size = (ULONG)RTLP_ACE_SID_OFFSET + RtlLengthSid(Sid);
    if (End + Size > (PUCHAR)Acl + Acl->AclSize)
        return STATUS_ALLOTTED_SPACE_EXCEEDED;
    Ace = (PACCESS_ALLOWED_ACE)End;
    Ace->Header.AceType = Type;
    Ace->Header.AceFlags = (UCHAR)AceFlags;
    Ace->Header.AceSize = (USHORT)Size;
    Ace->Mask = AccessMask;
    RtlpMoveBytes(&Ace->SidStart, Sid, RtlLengthSid(Sid));
    Acl->AceCount++;
    if (Acl->AclRevision < AceRevision)
        Acl->AclRevision = (UCHAR)AceRevision;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, 0, ACCESS_ALLOWED_ACE_TYPE, AccessMask, Sid);
}

NTSTATUS NTAPI
RtlAddAccessAllowedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                         PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, AceFlags, ACCESS_ALLOWED_ACE_TYPE, AccessMask, Sid);
}

NTSTATUS NTAPI
RtlAddAccessDeniedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, 0, ACCESS_DENIED_ACE_TYPE, AccessMask, Sid);
}

NTSTATUS NTAPI
RtlAddAccessDeniedAceEx(PACL Acl, ULONG AceRevision, ULONG AceFlags, ACCESS_MASK AccessMask,
                        PSID Sid)
{
    return RtlpAddAce(Acl, AceRevision, AceFlags, ACCESS_DENIED_ACE_TYPE, AccessMask, Sid);
}

VOID NTAPI
RtlMapGenericMask(PACCESS_MASK AccessMask, PGENERIC_MAPPING GenericMapping)
{
    ACCESS_MASK Mask = *AccessMask;

    if (Mask & GENERIC_READ)
        Mask |= GenericMapping->GenericRead;
    if (Mask & GENERIC_WRITE)
        Mask |= GenericMapping->GenericWrite;
    if (Mask & GENERIC_EXECUTE)
        Mask |= GenericMapping->GenericExecute;
    if (Mask & GENERIC_ALL)
        Mask |= GenericMapping->GenericAll;
    *AccessMask = Mask & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}
