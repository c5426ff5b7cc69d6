/* SPDX-License-Identifier: MIT */
/*
 * The access check. A DACL is walked in ACE order: an allowed ACE whose SID the token holds
 * (enabled) grants its rights, a denied ACE whose SID it holds (enabled or deny-only) refuses
 * them, and the first of the two to decide a right wins. No DACL (or a NULL one) grants
 * everything; an empty DACL grants nothing. The owner gets READ_CONTROL and WRITE_DAC
 * whatever the DACL says; ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege and WRITE_OWNER
 * may come from SeTakeOwnershipPrivilege. MAXIMUM_ALLOWED asks for all the DACL allows.
 * Kernel-mode callers get what they ask for, as on NT.
 */
#include "sep.h"

#define SEP_GENERIC_BITS (GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)

/* An ACE's rights and SID if it is an allowed or denied ACE that applies to this object. */
static BOOLEAN
SepEffectiveAce(PACE_HEADER Ace, PGENERIC_MAPPING Mapping, PACCESS_MASK Mask, PSID *Sid)
{
    PACCESS_ALLOWED_ACE Allowed = (PACCESS_ALLOWED_ACE)Ace;

    if ((Ace->AceType != ACCESS_ALLOWED_ACE_TYPE && Ace->AceType != ACCESS_DENIED_ACE_TYPE) ||
        (Ace->AceFlags & INHERIT_ONLY_ACE))
        return FALSE;
    *Mask = Allowed->Mask;
    if (*Mask & SEP_GENERIC_BITS)
        RtlMapGenericMask(Mask, Mapping);
    *Sid = &Allowed->SidStart;
    return TRUE;
}

/* MAXIMUM_ALLOWED: everything the DACL grants before denying it, plus Granted. */
static ACCESS_MASK
SepMaximumAllowed(PACL Dacl, PTOKEN Token, PGENERIC_MAPPING Mapping, ACCESS_MASK Granted)
{
    ACCESS_MASK Denied = 0, Mask;
    PVOID Ace;
    PSID Sid;
    ULONG I;

    for (I = 0; I < Dacl->AceCount && NT_SUCCESS(RtlGetAce(Dacl, I, &Ace)); I++)
    {
        if (!SepEffectiveAce(Ace, Mapping, &Mask, &Sid))
            continue;
        if (((PACE_HEADER)Ace)->AceType == ACCESS_ALLOWED_ACE_TYPE &&
            SepTokenHasSid(Token, Sid, FALSE))
            Granted |= Mask & ~Denied;
        else if (((PACE_HEADER)Ace)->AceType == ACCESS_DENIED_ACE_TYPE &&
                 SepTokenHasSid(Token, Sid, TRUE))
            Denied |= Mask & ~Granted;
    }
    return Granted;
}

/* Whether the DACL grants all of Remaining before denying any of it. */
static BOOLEAN
SepDaclGrants(PACL Dacl, PTOKEN Token, PGENERIC_MAPPING Mapping, ACCESS_MASK Remaining)
{
    ACCESS_MASK Mask;
    PVOID Ace;
    PSID Sid;
    ULONG I;

    for (I = 0; Remaining != 0 && I < Dacl->AceCount && NT_SUCCESS(RtlGetAce(Dacl, I, &Ace)); I++)
    {
        if (!SepEffectiveAce(Ace, Mapping, &Mask, &Sid))
            continue;
        if (((PACE_HEADER)Ace)->AceType == ACCESS_ALLOWED_ACE_TYPE &&
            SepTokenHasSid(Token, Sid, FALSE))
            Remaining &= ~Mask;
        else if (((PACE_HEADER)Ace)->AceType == ACCESS_DENIED_ACE_TYPE && (Mask & Remaining) &&
                 SepTokenHasSid(Token, Sid, TRUE))
            return FALSE;
    }
    return Remaining == 0;
}

/* Rights Token has on Sd whatever the DACL says: privileges and ownership. */
static NTSTATUS
SepImplicitRights(PSECURITY_DESCRIPTOR Sd, PTOKEN Token, ACCESS_MASK Desired, PACCESS_MASK Implicit)
{
    PSID Owner = RtlpOwnerSd(Sd);

    *Implicit = 0;
    if (Desired & ACCESS_SYSTEM_SECURITY)
    {
        if (!SepTokenHasPrivilege(Token, SepExports.SeSecurityPrivilege))
            return STATUS_PRIVILEGE_NOT_HELD;
        *Implicit |= ACCESS_SYSTEM_SECURITY;
    }
    if ((Desired & WRITE_OWNER) && SepTokenHasPrivilege(Token, SepExports.SeTakeOwnershipPrivilege))
        *Implicit |= WRITE_OWNER;
    if (Owner != NULL && SepTokenHasSid(Token, Owner, FALSE))
        *Implicit |= READ_CONTROL | WRITE_DAC;
    return STATUS_SUCCESS;
}

/* The check proper, Desired already mapped; the subject is locked. */
static NTSTATUS
SepAccessCheck(PSECURITY_DESCRIPTOR Sd, PTOKEN Token, ACCESS_MASK Desired, ACCESS_MASK Previous,
               PGENERIC_MAPPING Mapping, PACCESS_MASK Granted)
{
    BOOLEAN Maximum = (Desired & MAXIMUM_ALLOWED) != 0;
    PACL Dacl = RtlpDaclSd(Sd);
    ACCESS_MASK Implicit, Wanted = Desired & ~MAXIMUM_ALLOWED, Result;
    NTSTATUS Status = SepImplicitRights(Sd, Token, Desired, &Implicit);

    *Granted = 0;
    if (!NT_SUCCESS(Status))
        return Status;
    if (Dacl == NULL)
        Result = Maximum ? (Mapping->GenericAll | Wanted | Implicit) : Wanted;
    else if (Maximum)
        Result = SepMaximumAllowed(Dacl, Token, Mapping, Implicit & ~ACCESS_SYSTEM_SECURITY) |
                 (Implicit & ACCESS_SYSTEM_SECURITY);
    else if (SepDaclGrants(Dacl, Token, Mapping, Wanted & ~(Previous | Implicit)))
        Result = Wanted;
    else
        return STATUS_ACCESS_DENIED;
    if ((Result & Wanted) != Wanted || (Result | Previous) == 0)
        return STATUS_ACCESS_DENIED;
    *Granted = Result | Previous;
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI
SeAccessCheck(PSECURITY_DESCRIPTOR SecurityDescriptor,
              PSECURITY_SUBJECT_CONTEXT SubjectSecurityContext, BOOLEAN SubjectContextLocked,
              ACCESS_MASK DesiredAccess, ACCESS_MASK PreviouslyGrantedAccess,
              PPRIVILEGE_SET *Privileges, PGENERIC_MAPPING GenericMapping,
              KPROCESSOR_MODE AccessMode, PACCESS_MASK GrantedAccess, PNTSTATUS AccessStatus)
{
    PAGED_CODE();
    if (Privileges != NULL)
        *Privileges = NULL;
    RtlMapGenericMask(&DesiredAccess, GenericMapping);
    if (AccessMode == KernelMode)
    {
        *GrantedAccess = PreviouslyGrantedAccess |
                         ((DesiredAccess & MAXIMUM_ALLOWED)
                              ? GenericMapping->GenericAll | (DesiredAccess & ~MAXIMUM_ALLOWED)
                              : DesiredAccess);
        *AccessStatus = STATUS_SUCCESS;
        return TRUE;
    }
    if (SecurityDescriptor == NULL || SepSubjectToken(SubjectSecurityContext) == NULL)
    {
        *GrantedAccess = 0;
        *AccessStatus = STATUS_ACCESS_DENIED;
        return FALSE;
    }
    if (!SubjectContextLocked)
        SeLockSubjectContext(SubjectSecurityContext);
    *AccessStatus =
        SepAccessCheck(SecurityDescriptor, SepSubjectToken(SubjectSecurityContext), DesiredAccess,
                       PreviouslyGrantedAccess, GenericMapping, GrantedAccess);
    if (!SubjectContextLocked)
        SeUnlockSubjectContext(SubjectSecurityContext);
    return NT_SUCCESS(*AccessStatus);
}

BOOLEAN NTAPI
SeSinglePrivilegeCheck(LUID PrivilegeValue, KPROCESSOR_MODE PreviousMode)
{
    SECURITY_SUBJECT_CONTEXT Subject;
    BOOLEAN Held;

    if (PreviousMode == KernelMode)
        return TRUE;
    SeCaptureSubjectContext(&Subject);
    SeLockSubjectContext(&Subject);
    Held = SepSubjectToken(&Subject) != NULL &&
           SepTokenHasPrivilege(SepSubjectToken(&Subject), PrivilegeValue);
    SeUnlockSubjectContext(&Subject);
    SeReleaseSubjectContext(&Subject);
    return Held;
}
