/* SPDX-License-Identifier: MIT */
/*
 * Security descriptors as Se handles them: always self-relative in pool. Capturing a
 * caller's descriptor, checking a self-relative one against its length, returning the parts
 * a query asks for, and merging a set request into an object's descriptor.
 */
#include "sep.h"

/* Does the part at Offset (0: none) of a Length-byte self-relative descriptor fit? */
static BOOLEAN
SepPartFits(PUCHAR Sd, ULONG Length, ULONG Offset, BOOLEAN IsAcl)
{
    ULONG Size;

    if (Offset == 0)
        return TRUE;
    if (Offset < sizeof(SECURITY_DESCRIPTOR_RELATIVE) || (Offset & 3) != 0 ||
        Offset + (IsAcl ? sizeof(ACL) : RtlLengthRequiredSid(0)) > Length)
        return FALSE;
    Size = IsAcl ? ((PACL)(Sd + Offset))->AclSize : RtlLengthSid(Sd + Offset);
    return Offset + Size <= Length;
}

BOOLEAN NTAPI
SeValidSecurityDescriptor(ULONG Length, PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    PISECURITY_DESCRIPTOR_RELATIVE Sd = SecurityDescriptor;

    if (Length < sizeof(SECURITY_DESCRIPTOR_RELATIVE) ||
        Sd->Revision != SECURITY_DESCRIPTOR_REVISION || !(Sd->Control & SE_SELF_RELATIVE))
        return FALSE;
    if (!SepPartFits((PUCHAR)Sd, Length, Sd->Owner, FALSE) ||
        !SepPartFits((PUCHAR)Sd, Length, Sd->Group, FALSE) ||
        !SepPartFits((PUCHAR)Sd, Length, (Sd->Control & SE_SACL_PRESENT) ? Sd->Sacl : 0, TRUE) ||
        !SepPartFits((PUCHAR)Sd, Length, (Sd->Control & SE_DACL_PRESENT) ? Sd->Dacl : 0, TRUE))
        return FALSE;
    return RtlValidSecurityDescriptor(Sd);
}

NTSTATUS NTAPI
SeCaptureSecurityDescriptor(PSECURITY_DESCRIPTOR Source, KPROCESSOR_MODE RequestorMode,
                            POOL_TYPE PoolType, BOOLEAN ForceCapture,
                            PSECURITY_DESCRIPTOR *Captured)
{
    PSECURITY_DESCRIPTOR Sd = Source;
    SECURITY_DESCRIPTOR_CONTROL Control;
    ULONG Length;

    UNREFERENCED_PARAMETER(RequestorMode);
    UNREFERENCED_PARAMETER(ForceCapture);
    *Captured = NULL;
    if (Source == NULL)
        return STATUS_SUCCESS;
    if (((PISECURITY_DESCRIPTOR)Sd)->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (!RtlValidSecurityDescriptor(Sd))
        return STATUS_INVALID_SECURITY_DESCR;
    Control = ((PISECURITY_DESCRIPTOR)Sd)->Control & ~SE_SELF_RELATIVE;
    Length =
        RtlpSelfRelativeLength(RtlpOwnerSd(Sd), RtlpGroupSd(Sd), RtlpSaclSd(Sd), RtlpDaclSd(Sd));
    *Captured = ExAllocatePoolWithTag(PoolType, Length, SEP_SD_TAG);
    if (*Captured == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlpBuildSelfRelative(*Captured, Control, RtlpOwnerSd(Sd), RtlpGroupSd(Sd), RtlpSaclSd(Sd),
                          RtlpDaclSd(Sd));
    return STATUS_SUCCESS;
}

VOID NTAPI
SeReleaseSecurityDescriptor(PSECURITY_DESCRIPTOR Captured, KPROCESSOR_MODE RequestorMode,
                            BOOLEAN ForceCapture)
{
    UNREFERENCED_PARAMETER(RequestorMode);
    UNREFERENCED_PARAMETER(ForceCapture);
    if (Captured != NULL)
        ExFreePoolWithTag(Captured, SEP_SD_TAG);
}

/* The control bits that travel with the parts SecurityInformation names. */
static SECURITY_DESCRIPTOR_CONTROL
SepControlFor(SECURITY_INFORMATION Information, SECURITY_DESCRIPTOR_CONTROL Control)
{
    SECURITY_DESCRIPTOR_CONTROL Kept = 0;

    if (Information & OWNER_SECURITY_INFORMATION)
        Kept |= SE_OWNER_DEFAULTED;
    if (Information & GROUP_SECURITY_INFORMATION)
        Kept |= SE_GROUP_DEFAULTED;
    if (Information & DACL_SECURITY_INFORMATION)
        Kept |= SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_AUTO_INHERITED | SE_DACL_PROTECTED;
    if (Information & SACL_SECURITY_INFORMATION)
        Kept |= SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_AUTO_INHERITED | SE_SACL_PROTECTED;
    return Control & Kept;
}

/* An object without a descriptor answers with an empty one, as on NT. */
NTSTATUS NTAPI
SeQuerySecurityDescriptorInfo(PSECURITY_INFORMATION SecurityInformation,
                              PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG Length,
                              PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor)
{
    PSECURITY_DESCRIPTOR Sd = *ObjectsSecurityDescriptor;
    SECURITY_INFORMATION Info = *SecurityInformation;
    PSID Owner = NULL, Group = NULL;
    PACL Dacl = NULL, Sacl = NULL;
    SECURITY_DESCRIPTOR_CONTROL Control = 0;
    ULONG Needed;

    if (Sd != NULL)
    {
        Owner = (Info & OWNER_SECURITY_INFORMATION) ? RtlpOwnerSd(Sd) : NULL;
        Group = (Info & GROUP_SECURITY_INFORMATION) ? RtlpGroupSd(Sd) : NULL;
        Dacl = (Info & DACL_SECURITY_INFORMATION) ? RtlpDaclSd(Sd) : NULL;
        Sacl = (Info & SACL_SECURITY_INFORMATION) ? RtlpSaclSd(Sd) : NULL;
        Control = SepControlFor(Info, ((PISECURITY_DESCRIPTOR)Sd)->Control);
    }
    Needed = RtlpSelfRelativeLength(Owner, Group, Sacl, Dacl);
    if (*Length < Needed)
    {
        *Length = Needed;
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlpBuildSelfRelative(SecurityDescriptor, Control, Owner, Group, Sacl, Dacl);
    *Length = Needed;
    return STATUS_SUCCESS;
}

NTSTATUS
SepMergeSecurityDescriptor(SECURITY_INFORMATION Info, PSECURITY_DESCRIPTOR Input,
                           PSECURITY_DESCRIPTOR Old, POOL_TYPE PoolType, PSECURITY_DESCRIPTOR *New)
{
    SECURITY_DESCRIPTOR_CONTROL OldControl = Old ? ((PISECURITY_DESCRIPTOR)Old)->Control : 0;
    SECURITY_DESCRIPTOR_CONTROL InControl = ((PISECURITY_DESCRIPTOR)Input)->Control;
    SECURITY_DESCRIPTOR_CONTROL Control;
    PSID Owner, Group;
    PACL Dacl, Sacl;
    ULONG Length;

    *New = NULL;
    if (!RtlValidSecurityDescriptor(Input))
        return STATUS_INVALID_SECURITY_DESCR;
    if ((Info & OWNER_SECURITY_INFORMATION) && RtlpOwnerSd(Input) == NULL)
        return STATUS_INVALID_OWNER;
    if ((Info & GROUP_SECURITY_INFORMATION) && RtlpGroupSd(Input) == NULL)
        return STATUS_INVALID_PRIMARY_GROUP;
    Owner =
        (Info & OWNER_SECURITY_INFORMATION) ? RtlpOwnerSd(Input) : (Old ? RtlpOwnerSd(Old) : NULL);
    Group =
        (Info & GROUP_SECURITY_INFORMATION) ? RtlpGroupSd(Input) : (Old ? RtlpGroupSd(Old) : NULL);
    Dacl = (Info & DACL_SECURITY_INFORMATION) ? RtlpDaclSd(Input) : (Old ? RtlpDaclSd(Old) : NULL);
    Sacl = (Info & SACL_SECURITY_INFORMATION) ? RtlpSaclSd(Input) : (Old ? RtlpSaclSd(Old) : NULL);
    Control = SepControlFor(Info, InControl) |
              SepControlFor(~Info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                     DACL_SECURITY_INFORMATION | SACL_SECURITY_INFORMATION),
                            OldControl);
    Length = RtlpSelfRelativeLength(Owner, Group, Sacl, Dacl);
    *New = ExAllocatePoolWithTag(PoolType, Length, SEP_SD_TAG);
    if (*New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlpBuildSelfRelative(*New, Control, Owner, Group, Sacl, Dacl);
    return STATUS_SUCCESS;
}

/* Replaces *ObjectsSecurityDescriptor (pool) with the merged descriptor and frees the old. */
NTSTATUS NTAPI
SeSetSecurityDescriptorInfo(PVOID Object, PSECURITY_INFORMATION SecurityInformation,
                            PSECURITY_DESCRIPTOR SecurityDescriptor,
                            PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, POOL_TYPE PoolType,
                            PGENERIC_MAPPING GenericMapping)
{
    PSECURITY_DESCRIPTOR New;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(GenericMapping);
    Status = SepMergeSecurityDescriptor(*SecurityInformation, SecurityDescriptor,
                                        *ObjectsSecurityDescriptor, PoolType, &New);
    if (!NT_SUCCESS(Status))
        return Status;
    if (*ObjectsSecurityDescriptor != NULL)
        ExFreePool(*ObjectsSecurityDescriptor);
    *ObjectsSecurityDescriptor = New;
    return STATUS_SUCCESS;
}
