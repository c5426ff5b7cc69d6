/* SPDX-License-Identifier: MIT */
/*
 * Security identifiers: a revision, an identifier authority and up to 15 sub-authorities,
 * 8 + 4 * SubAuthorityCount bytes. Shared by the kernel and the host tests.
 */
#include "rtlp.h"
#include "rtlsec.h"

ULONG NTAPI
RtlLengthRequiredSid(ULONG SubAuthorityCount)
{
    return (ULONG)(offsetof(SID, SubAuthority) + SubAuthorityCount * sizeof(ULONG));
}

NTSTATUS NTAPI
RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority, UCHAR SubAuthorityCount)
{
    PISID S = Sid;

    if (SubAuthorityCount > SID_MAX_SUB_AUTHORITIES)
        return STATUS_INVALID_PARAMETER;
    S->Revision = SID_REVISION;
    S->SubAuthorityCount = SubAuthorityCount;
    RtlpMoveBytes(&S->IdentifierAuthority, IdentifierAuthority, sizeof(SID_IDENTIFIER_AUTHORITY));
    return STATUS_SUCCESS;
}

ULONG NTAPI
RtlLengthSid(PSID Sid)
{
    return RtlLengthRequiredSid(((PISID)Sid)->SubAuthorityCount);
}

BOOLEAN NTAPI
RtlValidSid(PSID Sid)
{
    PISID S = Sid;

    return S != NULL && S->Revision == SID_REVISION &&
           S->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES;
}

BOOLEAN NTAPI
RtlEqualSid(PSID Sid1, PSID Sid2)
{
    const UCHAR *A = Sid1, *B = Sid2;
    ULONG Length, I;

    if (((PISID)Sid1)->Revision != ((PISID)Sid2)->Revision ||
        ((PISID)Sid1)->SubAuthorityCount != ((PISID)Sid2)->SubAuthorityCount)
        return FALSE;
    Length = RtlLengthSid(Sid1);
    for (I = 0; I < Length; I++)
    {
        if (A[I] != B[I])
            return FALSE;
    }
    return TRUE;
}

/* No bounds check, as on NT: the caller knows the count. */
PULONG NTAPI
RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority)
{
    return &((PISID)Sid)->SubAuthority[SubAuthority];
}

NTSTATUS NTAPI
RtlCopySid(ULONG Length, PSID Destination, PSID Source)
{
    ULONG Needed = RtlLengthSid(Source);

    if (Length < Needed)
        return STATUS_BUFFER_TOO_SMALL;
    RtlpMoveBytes(Destination, Source, Needed);
    return STATUS_SUCCESS;
}
