/* SPDX-License-Identifier: MIT */
/*
 * Se initialisation and SeExports: the well-known SIDs and privilege LUIDs drivers read
 * through SE_EXPORTS, laid out as mingw-w64's ntifs.h declares it.
 */
#include "sep.h"

SE_EXPORTS SepExports;
PSE_EXPORTS SeExports = &SepExports;

/* Every well-known SID has at most two sub-authorities: 16 bytes of storage each. */
typedef struct _SEP_WELL_KNOWN_SID
{
    SIZE_T Field; /* offset of the PSID in SE_EXPORTS */
    UCHAR Authority;
    UCHAR Count;
    ULONG Sub[2];
} SEP_WELL_KNOWN_SID;

#define SEP_SID(Name, Authority, Count, A, B)         \
    {                                                 \
        offsetof(SE_EXPORTS, Name), Authority, Count, \
        {                                             \
            A, B                                      \
        }                                             \
    }

static const SEP_WELL_KNOWN_SID SepWellKnownSids[] = {
    SEP_SID(SeNullSid, 0, 1, 0, 0),
    SEP_SID(SeWorldSid, 1, 1, 0, 0),
    SEP_SID(SeLocalSid, 2, 1, 0, 0),
    SEP_SID(SeCreatorOwnerSid, 3, 1, 0, 0),
    SEP_SID(SeCreatorGroupSid, 3, 1, 1, 0),
    SEP_SID(SeOwnerRightsSid, 3, 1, 4, 0),
    SEP_SID(SeNtAuthoritySid, 5, 0, 0, 0),
    SEP_SID(SeDialupSid, 5, 1, 1, 0),
    SEP_SID(SeNetworkSid, 5, 1, 2, 0),
    SEP_SID(SeBatchSid, 5, 1, 3, 0),
    SEP_SID(SeInteractiveSid, 5, 1, 4, 0),
    SEP_SID(SeAnonymousLogonSid, 5, 1, 7, 0),
    SEP_SID(SeAuthenticatedUsersSid, 5, 1, 11, 0),
    SEP_SID(SeRestrictedSid, 5, 1, 12, 0),
    SEP_SID(SeIUserSid, 5, 1, 17, 0),
    SEP_SID(SeLocalSystemSid, 5, 1, 18, 0),
    SEP_SID(SeLocalServiceSid, 5, 1, 19, 0),
    SEP_SID(SeNetworkServiceSid, 5, 1, 20, 0),
    SEP_SID(SeAliasAdminsSid, 5, 2, 32, 544),
    SEP_SID(SeAliasUsersSid, 5, 2, 32, 545),
    SEP_SID(SeAliasGuestsSid, 5, 2, 32, 546),
    SEP_SID(SeAliasPowerUsersSid, 5, 2, 32, 547),
    SEP_SID(SeAliasAccountOpsSid, 5, 2, 32, 548),
    SEP_SID(SeAliasSystemOpsSid, 5, 2, 32, 549),
    SEP_SID(SeAliasPrintOpsSid, 5, 2, 32, 550),
    SEP_SID(SeAliasBackupOpsSid, 5, 2, 32, 551),
    SEP_SID(SeUntrustedMandatorySid, 16, 1, 0x0000, 0),
    SEP_SID(SeLowMandatorySid, 16, 1, 0x1000, 0),
    SEP_SID(SeMediumMandatorySid, 16, 1, 0x2000, 0),
    SEP_SID(SeHighMandatorySid, 16, 1, 0x3000, 0),
    SEP_SID(SeSystemMandatorySid, 16, 1, 0x4000, 0),
};

static ULONG SepSidStorage[RTL_NUMBER_OF(SepWellKnownSids)][4];

typedef struct _SEP_WELL_KNOWN_PRIVILEGE
{
    SIZE_T Field; /* offset of the LUID in SE_EXPORTS */
    ULONG Value;
} SEP_WELL_KNOWN_PRIVILEGE;

#define SEP_PRIVILEGE(Name, Value)        \
    {                                     \
        offsetof(SE_EXPORTS, Name), Value \
    }

static const SEP_WELL_KNOWN_PRIVILEGE SepWellKnownPrivileges[] = {
    SEP_PRIVILEGE(SeCreateTokenPrivilege, SE_CREATE_TOKEN_PRIVILEGE),
    SEP_PRIVILEGE(SeAssignPrimaryTokenPrivilege, SE_ASSIGNPRIMARYTOKEN_PRIVILEGE),
    SEP_PRIVILEGE(SeLockMemoryPrivilege, SE_LOCK_MEMORY_PRIVILEGE),
    SEP_PRIVILEGE(SeIncreaseQuotaPrivilege, SE_INCREASE_QUOTA_PRIVILEGE),
    SEP_PRIVILEGE(SeUnsolicitedInputPrivilege, SE_UNSOLICITED_INPUT_PRIVILEGE),
    SEP_PRIVILEGE(SeTcbPrivilege, SE_TCB_PRIVILEGE),
    SEP_PRIVILEGE(SeSecurityPrivilege, SE_SECURITY_PRIVILEGE),
    SEP_PRIVILEGE(SeTakeOwnershipPrivilege, SE_TAKE_OWNERSHIP_PRIVILEGE),
    SEP_PRIVILEGE(SeLoadDriverPrivilege, SE_LOAD_DRIVER_PRIVILEGE),
    SEP_PRIVILEGE(SeCreatePagefilePrivilege, SE_CREATE_PAGEFILE_PRIVILEGE),
    SEP_PRIVILEGE(SeIncreaseBasePriorityPrivilege, SE_INC_BASE_PRIORITY_PRIVILEGE),
    SEP_PRIVILEGE(SeSystemProfilePrivilege, SE_SYSTEM_PROFILE_PRIVILEGE),
    SEP_PRIVILEGE(SeSystemtimePrivilege, SE_SYSTEMTIME_PRIVILEGE),
    SEP_PRIVILEGE(SeProfileSingleProcessPrivilege, SE_PROF_SINGLE_PROCESS_PRIVILEGE),
    SEP_PRIVILEGE(SeCreatePermanentPrivilege, SE_CREATE_PERMANENT_PRIVILEGE),
    SEP_PRIVILEGE(SeBackupPrivilege, SE_BACKUP_PRIVILEGE),
    SEP_PRIVILEGE(SeRestorePrivilege, SE_RESTORE_PRIVILEGE),
    SEP_PRIVILEGE(SeShutdownPrivilege, SE_SHUTDOWN_PRIVILEGE),
    SEP_PRIVILEGE(SeDebugPrivilege, SE_DEBUG_PRIVILEGE),
    SEP_PRIVILEGE(SeAuditPrivilege, SE_AUDIT_PRIVILEGE),
    SEP_PRIVILEGE(SeSystemEnvironmentPrivilege, SE_SYSTEM_ENVIRONMENT_PRIVILEGE),
    SEP_PRIVILEGE(SeChangeNotifyPrivilege, SE_CHANGE_NOTIFY_PRIVILEGE),
    SEP_PRIVILEGE(SeRemoteShutdownPrivilege, SE_REMOTE_SHUTDOWN_PRIVILEGE),
    SEP_PRIVILEGE(SeUndockPrivilege, SE_UNDOCK_PRIVILEGE),
    SEP_PRIVILEGE(SeSyncAgentPrivilege, SE_SYNC_AGENT_PRIVILEGE),
    SEP_PRIVILEGE(SeEnableDelegationPrivilege, SE_ENABLE_DELEGATION_PRIVILEGE),
    SEP_PRIVILEGE(SeManageVolumePrivilege, SE_MANAGE_VOLUME_PRIVILEGE),
    SEP_PRIVILEGE(SeImpersonatePrivilege, SE_IMPERSONATE_PRIVILEGE),
    SEP_PRIVILEGE(SeCreateGlobalPrivilege, SE_CREATE_GLOBAL_PRIVILEGE),
    SEP_PRIVILEGE(SeTrustedCredManAccessPrivilege, SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE),
    SEP_PRIVILEGE(SeRelabelPrivilege, SE_RELABEL_PRIVILEGE),
    SEP_PRIVILEGE(SeIncreaseWorkingSetPrivilege, SE_INC_WORKING_SET_PRIVILEGE),
    SEP_PRIVILEGE(SeTimeZonePrivilege, SE_TIME_ZONE_PRIVILEGE),
    SEP_PRIVILEGE(SeCreateSymbolicLinkPrivilege, SE_CREATE_SYMBOLIC_LINK_PRIVILEGE),
};

static VOID
SepInitializeExports(VOID)
{
    SID_IDENTIFIER_AUTHORITY Authority = {{0, 0, 0, 0, 0, 0}};
    ULONG I, J;

    for (I = 0; I < RTL_NUMBER_OF(SepWellKnownSids); I++)
    {
        const SEP_WELL_KNOWN_SID *Entry = &SepWellKnownSids[I];
        PSID Sid = SepSidStorage[I];

        Authority.Value[5] = Entry->Authority;
        RtlInitializeSid(Sid, &Authority, Entry->Count);
        for (J = 0; J < Entry->Count; J++)
            *RtlSubAuthoritySid(Sid, J) = Entry->Sub[J];
        *(PSID *)((PUCHAR)&SepExports + Entry->Field) = Sid;
    }
    for (I = 0; I < RTL_NUMBER_OF(SepWellKnownPrivileges); I++)
        *(PLUID)((PUCHAR)&SepExports + SepWellKnownPrivileges[I].Field) =
            RtlConvertLongToLuid(SepWellKnownPrivileges[I].Value);
}

NTSTATUS
SeInitSystem(VOID)
{
    NTSTATUS Status;

    SepInitializeExports();
    Status = SepInitializeTokens();
    if (!NT_SUCCESS(Status))
        DbgPrint("Se: initialisation failed: 0x%08X\n", Status);
    return Status;
}
