/* SPDX-License-Identifier: MIT */
/*
 * The security descriptor of a new object. Owner and group come from the creator's
 * descriptor, else from the creator's token (its default owner and primary group). The DACL
 * is the creator's if it gave one; else the inheritable ACEs of the parent directory's DACL
 * (OBJECT_INHERIT_ACE for leaf objects, CONTAINER_INHERIT_ACE for directories, which also
 * pass inheritable ACEs on unless NO_PROPAGATE_INHERIT_ACE); else the token's default DACL.
 * Inherited ACEs are marked INHERITED_ACE and have their generic rights mapped through the
 * new object's type; a directory also keeps an inherit-only copy with the original rights
 * for its own children. Not yet: CREATOR OWNER substitution, SACL inheritance, auditing.
 */
#include "sep.h"

/* What one parent ACE becomes on the child: up to two ACEs (effective, inherit-only). */
typedef struct _SEP_INHERITED
{
    BOOLEAN Effective, Propagated;
    UCHAR PropagatedFlags;
    ACCESS_MASK EffectiveMask;
} SEP_INHERITED;

static SEP_INHERITED
SepInheritAce(PACE_HEADER Ace, BOOLEAN IsDirectory, PGENERIC_MAPPING Mapping)
{
    SEP_INHERITED Result = {FALSE, FALSE, 0, ((PACCESS_ALLOWED_ACE)Ace)->Mask};
    UCHAR Flags = Ace->AceFlags;
    BOOLEAN Propagate = !(Flags & NO_PROPAGATE_INHERIT_ACE);

    if (Ace->AceType != ACCESS_ALLOWED_ACE_TYPE && Ace->AceType != ACCESS_DENIED_ACE_TYPE)
        return Result;
    RtlMapGenericMask(&Result.EffectiveMask, Mapping);
    if (!IsDirectory)
    {
        Result.Effective = (Flags & OBJECT_INHERIT_ACE) != 0;
        return Result;
    }
    Result.Effective = (Flags & CONTAINER_INHERIT_ACE) != 0;
    Result.Propagated = Propagate && (Flags & (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE));
    Result.PropagatedFlags =
        (Flags & (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE)) | INHERIT_ONLY_ACE | INHERITED_ACE;
    return Result;
}

static NTSTATUS
SepAppendAce(PACL Acl, PACE_HEADER Model, ULONG Flags, ACCESS_MASK Mask)
{
    PSID Sid = &((PACCESS_ALLOWED_ACE)Model)->SidStart;

    if (Model->AceType == ACCESS_ALLOWED_ACE_TYPE)
        return RtlAddAccessAllowedAceEx(Acl, ACL_REVISION, Flags, Mask, Sid);
    return RtlAddAccessDeniedAceEx(Acl, ACL_REVISION, Flags, Mask, Sid);
}

/* Build the inherited DACL into Acl (NULL: just size it). *Length is its size; 0 ACEs mean
 * nothing was inheritable. */
static NTSTATUS
SepInheritDacl(PACL Parent, BOOLEAN IsDirectory, PGENERIC_MAPPING Mapping, PACL Acl, PULONG Length,
               PULONG Count)
{
    NTSTATUS Status = STATUS_SUCCESS;
    PVOID Ace;
    ULONG I;

    *Length = sizeof(ACL);
    *Count = 0;
    for (I = 0; NT_SUCCESS(Status) && I < Parent->AceCount; I++)
    {
        SEP_INHERITED Result;

        if (!NT_SUCCESS(RtlGetAce(Parent, I, &Ace)))
            break;
        Result = SepInheritAce(Ace, IsDirectory, Mapping);
        if (Result.Effective)
        {
            *Length += ((PACE_HEADER)Ace)->AceSize;
            (*Count)++;
            if (Acl != NULL)
                Status = SepAppendAce(Acl, Ace, INHERITED_ACE, Result.EffectiveMask);
        }
        if (Result.Propagated && NT_SUCCESS(Status))
        {
            *Length += ((PACE_HEADER)Ace)->AceSize;
            (*Count)++;
            if (Acl != NULL)
                Status = SepAppendAce(Acl, Ace, Result.PropagatedFlags,
                                      ((PACCESS_ALLOWED_ACE)Ace)->Mask);
        }
    }
    return Status;
}

/* The inherited DACL in pool (SEP_SD_TAG), or NULL when the parent passes nothing on. */
static NTSTATUS
SepInheritedDacl(PSECURITY_DESCRIPTOR ParentDescriptor, BOOLEAN IsDirectory,
                 PGENERIC_MAPPING Mapping, PACL *Dacl)
{
    PACL Parent = ParentDescriptor != NULL ? RtlpDaclSd(ParentDescriptor) : NULL;
    ULONG Length, Count;
    NTSTATUS Status;

    *Dacl = NULL;
    if (Parent == NULL || !RtlValidAcl(Parent))
        return STATUS_SUCCESS;
    SepInheritDacl(Parent, IsDirectory, Mapping, NULL, &Length, &Count);
    if (Count == 0)
        return STATUS_SUCCESS;
    *Dacl = ExAllocatePoolWithTag(PagedPool, Length, SEP_SD_TAG);
    if (*Dacl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = RtlCreateAcl(*Dacl, Length, ACL_REVISION);
    if (NT_SUCCESS(Status))
        Status = SepInheritDacl(Parent, IsDirectory, Mapping, *Dacl, &Length, &Count);
    if (!NT_SUCCESS(Status))
    {
        ExFreePoolWithTag(*Dacl, SEP_SD_TAG);
        *Dacl = NULL;
    }
    return Status;
}

static BOOLEAN
SepExplicitDacl(PSECURITY_DESCRIPTOR Explicit)
{
    SECURITY_DESCRIPTOR_CONTROL Control =
        Explicit != NULL ? ((PISECURITY_DESCRIPTOR)Explicit)->Control : 0;

    return (Control & SE_DACL_PRESENT) && !(Control & SE_DACL_DEFAULTED);
}

/* Neither the creator nor the parent decided: a defaulted DACL the creator gave, else the
 * token's default DACL, else none (which grants everyone everything). */
static PACL
SepDefaultDacl(PSECURITY_DESCRIPTOR Explicit, PTOKEN Token, SECURITY_DESCRIPTOR_CONTROL *Control)
{
    if (Explicit != NULL && (((PISECURITY_DESCRIPTOR)Explicit)->Control & SE_DACL_PRESENT))
    {
        *Control |= SE_DACL_PRESENT | SE_DACL_DEFAULTED;
        return RtlpDaclSd(Explicit);
    }
    if (Token->DefaultDacl != NULL)
        *Control |= SE_DACL_PRESENT | SE_DACL_DEFAULTED;
    return Token->DefaultDacl;
}

/* Lay the parts out in a new self-relative descriptor. */
static NTSTATUS
SepBuildDescriptor(SECURITY_DESCRIPTOR_CONTROL Control, PSID Owner, PSID Group, PACL Sacl,
                   PACL Dacl, POOL_TYPE PoolType, PSECURITY_DESCRIPTOR *New)
{
    ULONG Length = RtlpSelfRelativeLength(Owner, Group, Sacl, Dacl);

    *New = ExAllocatePoolWithTag(PoolType, Length, SEP_SD_TAG);
    if (*New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlpBuildSelfRelative(*New, Control, Owner, Group, Sacl, Dacl);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
SeAssignSecurityEx(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR ExplicitDescriptor,
                   PSECURITY_DESCRIPTOR *NewDescriptor, GUID *ObjectType, BOOLEAN IsDirectoryObject,
                   ULONG AutoInheritFlags, PSECURITY_SUBJECT_CONTEXT SubjectContext,
                   PGENERIC_MAPPING GenericMapping, POOL_TYPE PoolType)
{
    PTOKEN Token = SepSubjectToken(SubjectContext);
    PSECURITY_DESCRIPTOR Explicit = ExplicitDescriptor;
    SECURITY_DESCRIPTOR_CONTROL Control = 0;
    PSID Owner = Explicit != NULL ? RtlpOwnerSd(Explicit) : NULL;
    PSID Group = Explicit != NULL ? RtlpGroupSd(Explicit) : NULL;
    PACL Sacl = Explicit != NULL ? RtlpSaclSd(Explicit) : NULL, Dacl = NULL, Inherited = NULL;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(ObjectType);
    UNREFERENCED_PARAMETER(AutoInheritFlags);
    PAGED_CODE();
    *NewDescriptor = NULL;
    if (Explicit != NULL && !RtlValidSecurityDescriptor(Explicit))
        return STATUS_INVALID_SECURITY_DESCR;
    if (Token == NULL)
        return STATUS_NO_TOKEN;
    SeLockSubjectContext(SubjectContext);
    Owner = Owner != NULL ? Owner : Token->DefaultOwner;
    Group = Group != NULL ? Group : Token->PrimaryGroup;
    if (Sacl != NULL)
        Control |= SE_SACL_PRESENT;
    if (SepExplicitDacl(Explicit))
        Dacl = RtlpDaclSd(Explicit);
    else
        Status = SepInheritedDacl(ParentDescriptor, IsDirectoryObject, GenericMapping, &Inherited);
    if (Inherited != NULL)
        Dacl = Inherited;
    else if (!SepExplicitDacl(Explicit))
        Dacl = SepDefaultDacl(Explicit, Token, &Control);
    if (SepExplicitDacl(Explicit) || Inherited != NULL)
        Control |= SE_DACL_PRESENT | (Inherited != NULL ? SE_DACL_AUTO_INHERITED : 0);
    if (NT_SUCCESS(Status))
        Status = SepBuildDescriptor(Control, Owner, Group, Sacl, Dacl, PoolType, NewDescriptor);
    SeUnlockSubjectContext(SubjectContext);
    if (Inherited != NULL)
        ExFreePoolWithTag(Inherited, SEP_SD_TAG);
    return Status;
}

NTSTATUS NTAPI
SeAssignSecurity(PSECURITY_DESCRIPTOR ParentDescriptor, PSECURITY_DESCRIPTOR ExplicitDescriptor,
                 PSECURITY_DESCRIPTOR *NewDescriptor, BOOLEAN IsDirectoryObject,
                 PSECURITY_SUBJECT_CONTEXT SubjectContext, PGENERIC_MAPPING GenericMapping,
                 POOL_TYPE PoolType)
{
    return SeAssignSecurityEx(ParentDescriptor, ExplicitDescriptor, NewDescriptor, NULL,
                              IsDirectoryObject, 0, SubjectContext, GenericMapping, PoolType);
}

NTSTATUS NTAPI
SeDeassignSecurity(PSECURITY_DESCRIPTOR *SecurityDescriptor)
{
    if (*SecurityDescriptor != NULL)
        ExFreePoolWithTag(*SecurityDescriptor, SEP_SD_TAG);
    *SecurityDescriptor = NULL;
    return STATUS_SUCCESS;
}
