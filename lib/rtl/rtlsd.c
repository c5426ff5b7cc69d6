/* SPDX-License-Identifier: MIT */
/*
 * Security descriptors: owner, primary group, SACL and DACL. The absolute form points at its
 * parts; the self-relative form (SE_SELF_RELATIVE) holds them in one block, at offsets from
 * its start, which is how the kernel stores and returns them. Setters take only the absolute
 * form; getters read both.
 */
#include "rtlp.h"
#include "rtlsec.h"

#define RTLP_ALIGN4(Length) (((Length) + 3u) & ~3u)

static BOOLEAN
RtlpIsRelative(PSECURITY_DESCRIPTOR Sd)
{
    return (((PISECURITY_DESCRIPTOR)Sd)->Control & SE_SELF_RELATIVE) != 0;
}

/* A part of a self-relative descriptor: the offset, 0 meaning none. */
static PVOID
RtlpRelativePart(PSECURITY_DESCRIPTOR Sd, ULONG Offset)
{
    return Offset != 0 ? (PUCHAR)Sd + Offset : NULL;
}

PSID
RtlpOwnerSd(PSECURITY_DESCRIPTOR Sd)
{
    return RtlpIsRelative(Sd) ? RtlpRelativePart(Sd, ((PISECURITY_DESCRIPTOR_RELATIVE)Sd)->Owner)
                              : ((PISECURITY_DESCRIPTOR)Sd)->Owner;
}

PSID
RtlpGroupSd(PSECURITY_DESCRIPTOR Sd)
{
    return RtlpIsRelative(Sd) ? RtlpRelativePart(Sd, ((PISECURITY_DESCRIPTOR_RELATIVE)Sd)->Group)
                              : ((PISECURITY_DESCRIPTOR)Sd)->Group;
}

PACL
RtlpDaclSd(PSECURITY_DESCRIPTOR Sd)
{
    if (!(((PISECURITY_DESCRIPTOR)Sd)->Control & SE_DACL_PRESENT))
        return NULL;
    return RtlpIsRelative(Sd) ? RtlpRelativePart(Sd, ((PISECURITY_DESCRIPTOR_RELATIVE)Sd)->Dacl)
                              : ((PISECURITY_DESCRIPTOR)Sd)->Dacl;
}

PACL
RtlpSaclSd(PSECURITY_DESCRIPTOR Sd)
{
    if (!(((PISECURITY_DESCRIPTOR)Sd)->Control & SE_SACL_PRESENT))
        return NULL;
    return RtlpIsRelative(Sd) ? RtlpRelativePart(Sd, ((PISECURITY_DESCRIPTOR_RELATIVE)Sd)->Sacl)
                              : ((PISECURITY_DESCRIPTOR)Sd)->Sacl;
}

NTSTATUS NTAPI
RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Revision)
{
    PISECURITY_DESCRIPTOR Sd = SecurityDescriptor;

    if (Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    Sd->Revision = (UCHAR)Revision;
    Sd->Sbz1 = 0;
    Sd->Control = 0;
    Sd->Owner = Sd->Group = NULL;
    Sd->Sacl = Sd->Dacl = NULL;
    return STATUS_SUCCESS;
}

/* Setters: a known revision, and the absolute form only. */
static NTSTATUS
RtlpCheckSettable(PSECURITY_DESCRIPTOR Sd)
{
    if (((PISECURITY_DESCRIPTOR)Sd)->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (RtlpIsRelative(Sd))
        return STATUS_INVALID_SECURITY_DESCR;
    return STATUS_SUCCESS;
}

static VOID
RtlpSetFlag(PSECURITY_DESCRIPTOR Sd, SECURITY_DESCRIPTOR_CONTROL Flag, BOOLEAN Set)
{
    PISECURITY_DESCRIPTOR S = Sd;

    S->Control = Set ? (S->Control | Flag) : (S->Control & ~Flag);
}

NTSTATUS NTAPI
RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN DaclPresent,
                             PACL Dacl, BOOLEAN DaclDefaulted)
{
    NTSTATUS Status = RtlpCheckSettable(SecurityDescriptor);

    if (!NT_SUCCESS(Status))
        return Status;
    ((PISECURITY_DESCRIPTOR)SecurityDescriptor)->Dacl = DaclPresent ? Dacl : NULL;
    RtlpSetFlag(SecurityDescriptor, SE_DACL_PRESENT, DaclPresent);
    RtlpSetFlag(SecurityDescriptor, SE_DACL_DEFAULTED, DaclPresent && DaclDefaulted);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlGetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PBOOLEAN DaclPresent,
                             PACL *Dacl, PBOOLEAN DaclDefaulted)
{
    PISECURITY_DESCRIPTOR Sd = SecurityDescriptor;

    if (Sd->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    *DaclPresent = (Sd->Control & SE_DACL_PRESENT) != 0;
    if (*DaclPresent)
    {
        *Dacl = RtlpDaclSd(Sd);
        *DaclDefaulted = (Sd->Control & SE_DACL_DEFAULTED) != 0;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlSetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Owner,
                              BOOLEAN OwnerDefaulted)
{
    NTSTATUS Status = RtlpCheckSettable(SecurityDescriptor);

    if (!NT_SUCCESS(Status))
        return Status;
    ((PISECURITY_DESCRIPTOR)SecurityDescriptor)->Owner = Owner;
    RtlpSetFlag(SecurityDescriptor, SE_OWNER_DEFAULTED, OwnerDefaulted);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlGetOwnerSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Owner,
                              PBOOLEAN OwnerDefaulted)
{
    PISECURITY_DESCRIPTOR Sd = SecurityDescriptor;

    if (Sd->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    *Owner = RtlpOwnerSd(Sd);
    *OwnerDefaulted = (Sd->Control & SE_OWNER_DEFAULTED) != 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlSetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID Group,
                              BOOLEAN GroupDefaulted)
{
    NTSTATUS Status = RtlpCheckSettable(SecurityDescriptor);

    if (!NT_SUCCESS(Status))
        return Status;
    ((PISECURITY_DESCRIPTOR)SecurityDescriptor)->Group = Group;
    RtlpSetFlag(SecurityDescriptor, SE_GROUP_DEFAULTED, GroupDefaulted);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
RtlGetGroupSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, PSID *Group,
                              PBOOLEAN GroupDefaulted)
{
    PISECURITY_DESCRIPTOR Sd = SecurityDescriptor;

    if (Sd->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    *Group = RtlpGroupSd(Sd);
    *GroupDefaulted = (Sd->Control & SE_GROUP_DEFAULTED) != 0;
    return STATUS_SUCCESS;
}

/* The self-relative size of these parts: header, then each part ULONG-aligned. */
ULONG
RtlpSelfRelativeLength(PSID Owner, PSID Group, PACL Sacl, PACL Dacl)
{
    ULONG Length = sizeof(SECURITY_DESCRIPTOR_RELATIVE);

    if (Owner != NULL)
        Length += RTLP_ALIGN4(RtlLengthSid(Owner));
    if (Group != NULL)
        Length += RTLP_ALIGN4(RtlLengthSid(Group));
    if (Sacl != NULL)
        Length += RTLP_ALIGN4(Sacl->AclSize);
    if (Dacl != NULL)
        Length += RTLP_ALIGN4(Dacl->AclSize);
    return Length;
}

/* Copy a part to *Offset in Buffer and advance it; returns the part's offset (0 for none). */
static ULONG
RtlpPlacePart(PUCHAR Buffer, PULONG Offset, const VOID *Part, ULONG Length)
{
    ULONG At = *Offset;

    if (Part == NULL)
        return 0;
    RtlpMoveBytes(Buffer + At, Part, Length);
    *Offset = At + RTLP_ALIGN4(Length);
    return At;
}

VOID
RtlpBuildSelfRelative(PVOID Buffer, SECURITY_DESCRIPTOR_CONTROL Control, PSID Owner, PSID Group,
                      PACL Sacl, PACL Dacl)
{
    PISECURITY_DESCRIPTOR_RELATIVE Sd = Buffer;
    ULONG Offset = sizeof(SECURITY_DESCRIPTOR_RELATIVE);

    Sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    Sd->Sbz1 = 0;
    Sd->Control = Control | SE_SELF_RELATIVE;
    Sd->Owner = RtlpPlacePart(Buffer, &Offset, Owner, Owner ? RtlLengthSid(Owner) : 0);
    Sd->Group = RtlpPlacePart(Buffer, &Offset, Group, Group ? RtlLengthSid(Group) : 0);
    Sd->Sacl = RtlpPlacePart(Buffer, &Offset, Sacl, Sacl ? Sacl->AclSize : 0);
    Sd->Dacl = RtlpPlacePart(Buffer, &Offset, Dacl, Dacl ? Dacl->AclSize : 0);
}

ULONG NTAPI
RtlLengthSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    ULONG Header = RtlpIsRelative(SecurityDescriptor) ? sizeof(SECURITY_DESCRIPTOR_RELATIVE)
                                                      : sizeof(SECURITY_DESCRIPTOR);

    return Header - sizeof(SECURITY_DESCRIPTOR_RELATIVE) +
           RtlpSelfRelativeLength(RtlpOwnerSd(SecurityDescriptor), RtlpGroupSd(SecurityDescriptor),
                                  RtlpSaclSd(SecurityDescriptor), RtlpDaclSd(SecurityDescriptor));
}

BOOLEAN NTAPI
RtlValidSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    PISECURITY_DESCRIPTOR Sd = SecurityDescriptor;
    PSID Owner, Group;
    PACL Dacl, Sacl;

    if (Sd == NULL || Sd->Revision != SECURITY_DESCRIPTOR_REVISION)
        return FALSE;
    Owner = RtlpOwnerSd(Sd);
    Group = RtlpGroupSd(Sd);
    Dacl = RtlpDaclSd(Sd);
    Sacl = RtlpSaclSd(Sd);
    return (Owner == NULL || RtlValidSid(Owner)) && (Group == NULL || RtlValidSid(Group)) &&
           (Dacl == NULL || RtlValidAcl(Dacl)) && (Sacl == NULL || RtlValidAcl(Sacl));
}

NTSTATUS NTAPI
RtlAbsoluteToSelfRelativeSD(PSECURITY_DESCRIPTOR AbsoluteSecurityDescriptor,
                            PSECURITY_DESCRIPTOR SelfRelativeSecurityDescriptor,
                            PULONG BufferLength)
{
    PISECURITY_DESCRIPTOR Sd = AbsoluteSecurityDescriptor;
    ULONG Needed;

    if (RtlpIsRelative(Sd))
        return STATUS_BAD_DESCRIPTOR_FORMAT;
    Needed = RtlpSelfRelativeLength(Sd->Owner, Sd->Group, RtlpSaclSd(Sd), RtlpDaclSd(Sd));
    if (*BufferLength < Needed)
    {
        *BufferLength = Needed;
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlpBuildSelfRelative(SelfRelativeSecurityDescriptor, Sd->Control, Sd->Owner, Sd->Group,
                          RtlpSaclSd(Sd), RtlpDaclSd(Sd));
    return STATUS_SUCCESS;
}
