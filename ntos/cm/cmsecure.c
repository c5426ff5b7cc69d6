/* SPDX-License-Identifier: MIT */
/*
 * Key security. Each node keeps one self-relative descriptor (pool, freed with ExFreePool
 * as SeSetSecurityDescriptorInfo expects): from the hive's sk cell for keys loaded from it,
 * inherited through SeAssignSecurity for keys ZwCreateKey makes, and the default below for
 * the fixed keys. The Key type's security procedure answers Ob from the node, so Ob's open
 * checks (user mode, OBJ_FORCE_ACCESS_CHECK) and Zw(Query|Set)SecurityObject see the key's
 * descriptor whichever Key object they came through.
 */
#include "cmp.h"

/* Owner Administrators, group SYSTEM; Everyone KEY_READ, SYSTEM and Administrators
 * KEY_ALL_ACCESS, inherited by subkeys (what tools/mkhive writes, via lib/regf). */
static const UCHAR CmpDefaultDescriptor[] = {
    1,  0, 0x04, 0x80, 92,   0, 0, 0, 108,  0, 0,  0, 0,    0, 0,    0, 20, 0, 0, 0,
    2,  0, 72,   0,    3,    0, 0, 0, 0,    2, 20, 0, 0x19, 0, 0x02, 0, 1,  1, 0, 0,
    0,  0, 0,    1,    0,    0, 0, 0, 0,    2, 20, 0, 0x3F, 0, 0x0F, 0, 1,  1, 0, 0,
    0,  0, 0,    5,    18,   0, 0, 0, 0,    2, 24, 0, 0x3F, 0, 0x0F, 0, 1,  2, 0, 0,
    0,  0, 0,    5,    32,   0, 0, 0, 0x20, 2, 0,  0, 1,    2, 0,    0, 0,  0, 0, 5,
    32, 0, 0,    0,    0x20, 2, 0, 0, 1,    1, 0,  0, 0,    0, 0,    5, 18, 0, 0, 0};

/* Replace Node's descriptor with a pool copy of Sd (Length bytes). */
NTSTATUS
CmpSetNodeSecurity(PCM_KEY_NODE Node, const VOID *Sd, ULONG Length)
{
    PSECURITY_DESCRIPTOR Copy = ExAllocatePoolWithTag(PagedPool, Length, CMP_VALUE_TAG);

    if (Copy == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Copy, Sd, Length);
    if (Node->Security != NULL)
        ExFreePool(Node->Security);
    Node->Security = Copy;
    return STATUS_SUCCESS;
}

NTSTATUS
CmpSetDefaultSecurity(PCM_KEY_NODE Node)
{
    return CmpSetNodeSecurity(Node, CmpDefaultDescriptor, sizeof(CmpDefaultDescriptor));
}

/* Parent's descriptor copied (no subject yet, early boot), or what inheritance from it gives
 * the current subject, as NT gives a new key. */
NTSTATUS
CmpInheritSecurity(PCM_KEY_NODE Node, PCM_KEY_NODE Parent)
{
    SECURITY_SUBJECT_CONTEXT Subject;
    PSECURITY_DESCRIPTOR New = NULL;
    NTSTATUS Status;

    if (Parent->Security == NULL)
        return STATUS_SUCCESS;
    SeCaptureSubjectContext(&Subject);
    if (SeQuerySubjectContextToken(&Subject) == NULL)
        Status = CmpSetNodeSecurity(Node, Parent->Security,
                                    RtlLengthSecurityDescriptor(Parent->Security));
    else
    {
        Status = SeAssignSecurity(Parent->Security, NULL, &New, TRUE, &Subject,
                                  &CmpKeyObjectType->GenericMapping, PagedPool);
        if (NT_SUCCESS(Status))
            Status = CmpSetNodeSecurity(Node, New, RtlLengthSecurityDescriptor(New));
        SeDeassignSecurity(&New);
    }
    SeReleaseSubjectContext(&Subject);
    return Status;
}

/* A SID or ACL at Offset inside a self-relative descriptor of Length bytes. */
static BOOLEAN
CmpPartFits(const UCHAR *Sd, ULONG Length, ULONG Offset, BOOLEAN Sid)
{
    if (Offset == 0)
        return TRUE;
    if (Offset > Length || Length - Offset < 8)
        return FALSE;
    if (Sid)
        return Sd[Offset + 1] <= SID_MAX_SUB_AUTHORITIES &&
               8u + 4u * Sd[Offset + 1] <= Length - Offset;
    return (ULONG)(Sd[Offset + 2] | (Sd[Offset + 3] << 8)) <= Length - Offset;
}

/* A descriptor from a hive: self-relative, every part inside its Length. */
BOOLEAN
CmpValidHiveSecurity(const VOID *Descriptor, ULONG Length)
{
    const SECURITY_DESCRIPTOR_RELATIVE *Sd = Descriptor;

    if (Length < sizeof(*Sd) || Sd->Revision != SECURITY_DESCRIPTOR_REVISION ||
        !(Sd->Control & SE_SELF_RELATIVE))
        return FALSE;
    if (!CmpPartFits(Descriptor, Length, Sd->Owner, TRUE) ||
        !CmpPartFits(Descriptor, Length, Sd->Group, TRUE) ||
        !CmpPartFits(Descriptor, Length, (Sd->Control & SE_DACL_PRESENT) ? Sd->Dacl : 0, FALSE) ||
        !CmpPartFits(Descriptor, Length, (Sd->Control & SE_SACL_PRESENT) ? Sd->Sacl : 0, FALSE))
        return FALSE;
    return RtlValidSecurityDescriptor((PSECURITY_DESCRIPTOR)Descriptor) &&
           RtlLengthSecurityDescriptor((PSECURITY_DESCRIPTOR)Descriptor) <= Length;
}

NTSTATUS
CmpSecurityProcedure(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
                     PSECURITY_INFORMATION SecurityInformation,
                     PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG CapturedLength,
                     PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, POOL_TYPE PoolType,
                     PGENERIC_MAPPING GenericMapping)
{
    PCM_KEY_NODE Node = ((PCM_KEY_BODY)Object)->Node;
    PSECURITY_DESCRIPTOR Sd;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(ObjectsSecurityDescriptor);
    switch (OperationCode)
    {
        case QuerySecurityDescriptor:
            CmpLockShared();
            Sd = Node->Security;
            Status = SeQuerySecurityDescriptorInfo(SecurityInformation, SecurityDescriptor,
                                                   CapturedLength, &Sd);
            CmpUnlock();
            return Status;
        case SetSecurityDescriptor:
            CmpLockExclusive();
            if (Node->Flags & CMP_KEY_DELETED)
                Status = STATUS_KEY_DELETED;
            else
                Status =
                    SeSetSecurityDescriptorInfo(Object, SecurityInformation, SecurityDescriptor,
                                                &Node->Security, PoolType, GenericMapping);
            CmpUnlock();
            return Status;
        case AssignSecurityDescriptor: /* the node has its descriptor from its creation */
        case DeleteSecurityDescriptor: /* it goes with the node */
            return STATUS_SUCCESS;
        default:
            return STATUS_INVALID_PARAMETER;
    }
}
