/* SPDX-License-Identifier: MIT */
/*
 * Security reference monitor (Se): tokens, subject contexts, access checks and security
 * descriptor assignment. Declarations the rest of the kernel uses; Se's own are in se/sep.h.
 */
#ifndef BASALT_SE_H
#define BASALT_SE_H

#include "rtlsec.h"

/* SID_AND_ATTRIBUTES attributes of a token's groups (winnt.h's; the DDK headers lack them). */
#ifndef SE_GROUP_MANDATORY
#define SE_GROUP_MANDATORY 0x00000001
#define SE_GROUP_ENABLED_BY_DEFAULT 0x00000002
#define SE_GROUP_ENABLED 0x00000004
#define SE_GROUP_OWNER 0x00000008
#define SE_GROUP_USE_FOR_DENY_ONLY 0x00000010
#endif

/* Builds the well-known SIDs (SeExports), the Token type and the system token. Called by
 * ObInitSystem once the Type and Directory types exist, before any named object. */
NTSTATUS SeInitSystem(VOID);

/*
 * A primary token. Groups are copied; User is the token's user and its primary group; the
 * first group with SE_GROUP_OWNER is the default owner of what the token creates (else the
 * user). DefaultDacl (optional) is the DACL objects get when neither creator nor parent
 * gives one. Privileges are copied with their attributes. Returns a referenced Token object.
 */
NTSTATUS SepCreateToken(PSID User, ULONG GroupCount, PSID_AND_ATTRIBUTES Groups,
                        ULONG PrivilegeCount, PLUID_AND_ATTRIBUTES Privileges, PACL DefaultDacl,
                        PACCESS_TOKEN *Token);
/* The current process's primary token, referenced (setoken.c). */
PACCESS_TOKEN SepReferencePrimaryToken(VOID);
/* Is Privilege present and enabled in Token? */
BOOLEAN SepTokenHasPrivilege(PACCESS_TOKEN Token, LUID Privilege);

/* Not in mingw-w64's DDK headers; NT's prototypes. */
NTKERNELAPI NTSTATUS NTAPI SeCreateAccessState(PACCESS_STATE AccessState, PVOID AuxData,
                                               ACCESS_MASK DesiredAccess,
                                               PGENERIC_MAPPING GenericMapping);
NTKERNELAPI VOID NTAPI SeDeleteAccessState(PACCESS_STATE AccessState);
/* A self-relative copy of Source in PoolType (always copied: kernel-mode callers' buffers may
 * change). STATUS_UNKNOWN_REVISION or STATUS_INVALID_SECURITY_DESCR for bad input. */
NTKERNELAPI NTSTATUS NTAPI SeCaptureSecurityDescriptor(PSECURITY_DESCRIPTOR Source,
                                                       KPROCESSOR_MODE RequestorMode,
                                                       POOL_TYPE PoolType, BOOLEAN ForceCapture,
                                                       PSECURITY_DESCRIPTOR *Captured);
NTKERNELAPI VOID NTAPI SeReleaseSecurityDescriptor(PSECURITY_DESCRIPTOR Captured,
                                                   KPROCESSOR_MODE RequestorMode,
                                                   BOOLEAN ForceCapture);
/* A new self-relative descriptor: Old with the parts SecurityInformation names taken from
 * Input. Old is left alone (SeSetSecurityDescriptorInfo frees it; Ob's cache does not). */
NTSTATUS SepMergeSecurityDescriptor(SECURITY_INFORMATION SecurityInformation,
                                    PSECURITY_DESCRIPTOR Input, PSECURITY_DESCRIPTOR Old,
                                    POOL_TYPE PoolType, PSECURITY_DESCRIPTOR *New);

#define SEP_SD_TAG 0x64536553    /* "SeSd": descriptors Se assigns, merges and captures */
#define SEP_TOKEN_TAG 0x656B6F54 /* "Toke": token objects */

#endif
