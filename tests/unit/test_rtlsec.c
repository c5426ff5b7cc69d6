/* SPDX-License-Identifier: MIT */
/* Host tests of the Rtl security routines (lib/rtl/rtlsid.c, rtlacl.c, rtlsd.c). */
#include "rtltest.h"
#include "rtlsec.h"

static SID_IDENTIFIER_AUTHORITY NtAuthority = {{0, 0, 0, 0, 0, 5}};
static SID_IDENTIFIER_AUTHORITY WorldAuthority = {{0, 0, 0, 0, 0, 1}};

/* S-1-5-32-544 (Administrators) in Buffer. */
static PSID
MakeAdmins(ULONG *Buffer)
{
    assert_int_equal(RtlInitializeSid(Buffer, &NtAuthority, 2), STATUS_SUCCESS);
    *RtlSubAuthoritySid(Buffer, 0) = 32;
    *RtlSubAuthoritySid(Buffer, 1) = 544;
    return Buffer;
}

static PSID
MakeWorld(ULONG *Buffer)
{
    assert_int_equal(RtlInitializeSid(Buffer, &WorldAuthority, 1), STATUS_SUCCESS);
    *RtlSubAuthoritySid(Buffer, 0) = 0;
    return Buffer;
}

static void
test_sid(void **State)
{
    ULONG A[4], B[4], C[4], Big[20];
    const UCHAR Expected[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0};

    (void)State;
    assert_int_equal(RtlLengthRequiredSid(0), 8);
    assert_int_equal(RtlLengthRequiredSid(15), 68);
    MakeAdmins(A);
    assert_memory_equal(A, Expected, sizeof(Expected));
    assert_int_equal(RtlLengthSid(A), 16);
    assert_true(RtlValidSid(A));
    assert_int_equal(RtlInitializeSid(Big, &NtAuthority, 16), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlInitializeSid(Big, &NtAuthority, 15), STATUS_SUCCESS);
    assert_true(RtlValidSid(Big));
    ((PISID)Big)->SubAuthorityCount = 16;
    assert_false(RtlValidSid(Big));
    ((PISID)Big)->SubAuthorityCount = 1;
    ((PISID)Big)->Revision = 2;
    assert_false(RtlValidSid(Big));
    assert_int_equal(RtlCopySid(15, B, A), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(RtlCopySid(16, B, A), STATUS_SUCCESS);
    assert_true(RtlEqualSid(A, B));
    *RtlSubAuthoritySid(B, 1) = 545;
    assert_false(RtlEqualSid(A, B));
    MakeWorld(C);
    assert_false(RtlEqualSid(A, C));
    assert_int_equal(RtlLengthSid(C), 12);
}

static void
test_acl_create(void **State)
{
    ULONG Buffer[16];
    PACL Acl = (PACL)Buffer;

    (void)State;
    assert_int_equal(RtlCreateAcl(Acl, 7, ACL_REVISION), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(RtlCreateAcl(Acl, 64, 1), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlCreateAcl(Acl, 64, 5), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlCreateAcl(Acl, 0x10000, ACL_REVISION), STATUS_INVALID_PARAMETER);
    assert_int_equal(RtlCreateAcl(Acl, 64, ACL_REVISION), STATUS_SUCCESS);
    assert_int_equal(Acl->AclSize, 64);
    assert_int_equal(Acl->AceCount, 0);
    assert_int_equal(Acl->AclRevision, ACL_REVISION);
    assert_true(RtlValidAcl(Acl));
}

static void
test_acl_add_and_get(void **State)
{
    ULONG Buffer[16], Admins[4], World[4], BadSid[4];
    PACL Acl = (PACL)Buffer;
    PACCESS_ALLOWED_ACE Ace;
    PVOID Found;

    (void)State;
    MakeAdmins(Admins);
    MakeWorld(World);
    assert_int_equal(RtlCreateAcl(Acl, sizeof(ACL) + 24 + 20, ACL_REVISION), STATUS_SUCCESS);
    assert_int_equal(RtlAddAccessDeniedAce(Acl, ACL_REVISION, 0x1, World), STATUS_SUCCESS);
    assert_int_equal(RtlAddAccessAllowedAceEx(Acl, ACL_REVISION, 0x20, 0x2, Admins),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(
        RtlAddAccessAllowedAceEx(Acl, ACL_REVISION, CONTAINER_INHERIT_ACE, 0x2, Admins),
        STATUS_SUCCESS);
    assert_int_equal(Acl->AceCount, 2);
    assert_int_equal(RtlAddAccessAllowedAce(Acl, ACL_REVISION, 0x4, World),
                     STATUS_ALLOTTED_SPACE_EXCEEDED);
    memcpy(BadSid, World, sizeof(World));
    ((PISID)BadSid)->Revision = 3;
    assert_int_equal(RtlAddAccessAllowedAce(Acl, ACL_REVISION, 0x4, BadSid), STATUS_INVALID_SID);
    assert_int_equal(RtlAddAccessAllowedAce(Acl, 7, 0x4, World), STATUS_REVISION_MISMATCH);
    assert_int_equal(RtlGetAce(Acl, 0, &Found), STATUS_SUCCESS);
    Ace = Found;
    assert_int_equal(Ace->Header.AceType, ACCESS_DENIED_ACE_TYPE);
    assert_int_equal(Ace->Header.AceSize, 20);
    assert_int_equal(Ace->Mask, 0x1);
    assert_true(RtlEqualSid(&Ace->SidStart, World));
    assert_int_equal(RtlGetAce(Acl, 1, &Found), STATUS_SUCCESS);
    Ace = Found;
    assert_int_equal(Ace->Header.AceType, ACCESS_ALLOWED_ACE_TYPE);
    assert_int_equal(Ace->Header.AceFlags, CONTAINER_INHERIT_ACE);
    assert_true(RtlEqualSid(&Ace->SidStart, Admins));
    assert_int_equal(RtlGetAce(Acl, 2, &Found), STATUS_INVALID_PARAMETER);
    assert_null(Found);
    /* A DS-revision ACE raises the ACL's revision. */
    assert_int_equal(RtlCreateAcl(Acl, 64, ACL_REVISION), STATUS_SUCCESS);
    assert_int_equal(RtlAddAccessAllowedAce(Acl, ACL_REVISION_DS, 0x4, World), STATUS_SUCCESS);
    assert_int_equal(Acl->AclRevision, ACL_REVISION_DS);
    /* A corrupt ACE size makes the ACL invalid. */
    Ace = (PACCESS_ALLOWED_ACE)(Acl + 1);
    Ace->Header.AceSize = 200;
    assert_false(RtlValidAcl(Acl));
    assert_int_equal(RtlAddAccessAllowedAce(Acl, ACL_REVISION, 0x4, World), STATUS_INVALID_ACL);
}

static void
test_sd_absolute(void **State)
{
    SECURITY_DESCRIPTOR Sd;
    ULONG Admins[4], World[4], AclBuffer[8];
    PACL Acl = (PACL)AclBuffer, Dacl = NULL;
    PSID Sid = NULL;
    BOOLEAN Present = FALSE, Defaulted = TRUE;

    (void)State;
    MakeAdmins(Admins);
    MakeWorld(World);
    assert_int_equal(RtlCreateSecurityDescriptor(&Sd, 2), STATUS_UNKNOWN_REVISION);
    assert_int_equal(RtlCreateSecurityDescriptor(&Sd, SECURITY_DESCRIPTOR_REVISION),
                     STATUS_SUCCESS);
    assert_true(RtlValidSecurityDescriptor(&Sd));
    assert_int_equal(RtlLengthSecurityDescriptor(&Sd), sizeof(SECURITY_DESCRIPTOR));
    assert_int_equal(RtlGetDaclSecurityDescriptor(&Sd, &Present, &Dacl, &Defaulted),
                     STATUS_SUCCESS);
    assert_false(Present);
    assert_int_equal(RtlCreateAcl(Acl, sizeof(AclBuffer), ACL_REVISION), STATUS_SUCCESS);
    assert_int_equal(RtlAddAccessAllowedAce(Acl, ACL_REVISION, 0x1, World), STATUS_SUCCESS);
    assert_int_equal(RtlSetDaclSecurityDescriptor(&Sd, TRUE, Acl, FALSE), STATUS_SUCCESS);
    assert_int_equal(RtlSetOwnerSecurityDescriptor(&Sd, Admins, TRUE), STATUS_SUCCESS);
    assert_int_equal(RtlSetGroupSecurityDescriptor(&Sd, World, FALSE), STATUS_SUCCESS);
    assert_int_equal(RtlGetDaclSecurityDescriptor(&Sd, &Present, &Dacl, &Defaulted),
                     STATUS_SUCCESS);
    assert_true(Present && Dacl == Acl && !Defaulted);
    assert_int_equal(RtlGetOwnerSecurityDescriptor(&Sd, &Sid, &Defaulted), STATUS_SUCCESS);
    assert_true(Sid == Admins && Defaulted);
    assert_int_equal(RtlGetGroupSecurityDescriptor(&Sd, &Sid, &Defaulted), STATUS_SUCCESS);
    assert_true(Sid == World && !Defaulted);
    assert_int_equal(RtlLengthSecurityDescriptor(&Sd), 40 + 16 + 12 + 32);
    assert_true(RtlValidSecurityDescriptor(&Sd));
    Sd.Revision = 2;
    assert_int_equal(RtlSetDaclSecurityDescriptor(&Sd, TRUE, Acl, FALSE), STATUS_UNKNOWN_REVISION);
    assert_int_equal(RtlGetOwnerSecurityDescriptor(&Sd, &Sid, &Defaulted), STATUS_UNKNOWN_REVISION);
    assert_false(RtlValidSecurityDescriptor(&Sd));
}

static void
test_sd_self_relative(void **State)
{
    SECURITY_DESCRIPTOR Sd;
    ULONG Admins[4], World[4], AclBuffer[8], Out[32], Length = 8;
    PACL Acl = (PACL)AclBuffer, Dacl = NULL;
    PISECURITY_DESCRIPTOR_RELATIVE Rel = (PISECURITY_DESCRIPTOR_RELATIVE)Out;
    PSID Sid = NULL;
    BOOLEAN Present = FALSE, Defaulted = FALSE;

    (void)State;
    MakeAdmins(Admins);
    MakeWorld(World);
    RtlCreateSecurityDescriptor(&Sd, SECURITY_DESCRIPTOR_REVISION);
    RtlCreateAcl(Acl, sizeof(AclBuffer), ACL_REVISION);
    RtlAddAccessAllowedAce(Acl, ACL_REVISION, 0x1, World);
    RtlSetDaclSecurityDescriptor(&Sd, TRUE, Acl, FALSE);
    RtlSetOwnerSecurityDescriptor(&Sd, Admins, FALSE);
    assert_int_equal(RtlAbsoluteToSelfRelativeSD(&Sd, Out, &Length), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(Length, 20 + 16 + 32);
    assert_int_equal(RtlAbsoluteToSelfRelativeSD(&Sd, Out, &Length), STATUS_SUCCESS);
    assert_int_equal(Rel->Control, SE_SELF_RELATIVE | SE_DACL_PRESENT);
    assert_int_equal(Rel->Owner, 20);
    assert_int_equal(Rel->Group, 0);
    assert_int_equal(Rel->Dacl, 36);
    assert_int_equal(RtlLengthSecurityDescriptor(Out), 68);
    assert_true(RtlValidSecurityDescriptor(Out));
    assert_int_equal(RtlGetOwnerSecurityDescriptor(Out, &Sid, &Defaulted), STATUS_SUCCESS);
    assert_true(RtlEqualSid(Sid, Admins));
    assert_int_equal(RtlGetGroupSecurityDescriptor(Out, &Sid, &Defaulted), STATUS_SUCCESS);
    assert_null(Sid);
    assert_int_equal(RtlGetDaclSecurityDescriptor(Out, &Present, &Dacl, &Defaulted),
                     STATUS_SUCCESS);
    assert_true(Present);
    assert_memory_equal(Dacl, Acl, 32);
    assert_int_equal(RtlAbsoluteToSelfRelativeSD(Out, Out, &Length), STATUS_BAD_DESCRIPTOR_FORMAT);
    assert_int_equal(RtlSetDaclSecurityDescriptor(Out, FALSE, NULL, FALSE),
                     STATUS_INVALID_SECURITY_DESCR);
    /* A NULL DACL stays present with no offset. */
    RtlSetDaclSecurityDescriptor(&Sd, TRUE, NULL, FALSE);
    Length = sizeof(Out);
    assert_int_equal(RtlAbsoluteToSelfRelativeSD(&Sd, Out, &Length), STATUS_SUCCESS);
    assert_true((Rel->Control & SE_DACL_PRESENT) && Rel->Dacl == 0);
    /* A corrupt part makes the descriptor invalid. */
    Rel->Owner = 20;
    ((PISID)(Out + 5))->Revision = 9;
    assert_false(RtlValidSecurityDescriptor(Out));
}

static void
test_map_generic(void **State)
{
    GENERIC_MAPPING Mapping = {0x1, 0x2, 0x4, 0xF};
    ACCESS_MASK Mask = GENERIC_READ | GENERIC_EXECUTE | SYNCHRONIZE;

    (void)State;
    RtlMapGenericMask(&Mask, &Mapping);
    assert_int_equal(Mask, 0x5 | SYNCHRONIZE);
    Mask = GENERIC_ALL | GENERIC_WRITE;
    RtlMapGenericMask(&Mask, &Mapping);
    assert_int_equal(Mask, 0xF);
    Mask = MAXIMUM_ALLOWED;
    RtlMapGenericMask(&Mask, &Mapping);
    assert_int_equal(Mask, MAXIMUM_ALLOWED);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_sid),
        cmocka_unit_test(test_acl_create),
        cmocka_unit_test(test_acl_add_and_get),
        cmocka_unit_test(test_sd_absolute),
        cmocka_unit_test(test_sd_self_relative),
        cmocka_unit_test(test_map_generic),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
