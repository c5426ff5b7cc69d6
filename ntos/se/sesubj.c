/* SPDX-License-Identifier: MIT */
/*
 * Subject contexts and access states. A subject context is who is asking: the thread's
 * impersonation token (none yet) and its process's primary token, both referenced while
 * captured. An access state carries a subject context and the access still wanted through
 * an open, so Ob and parse procedures check against one captured identity.
 */
#include "sep.h"

static volatile LONG64 SepOperationIds;

VOID NTAPI
SeCaptureSubjectContext(PSECURITY_SUBJECT_CONTEXT SubjectContext)
{
    SubjectContext->ClientToken = NULL;
    SubjectContext->ImpersonationLevel = SecurityAnonymous;
    SubjectContext->PrimaryToken = SepReferencePrimaryToken();
    SubjectContext->ProcessAuditId = KeGetSystemProcess();
}

VOID NTAPI
SeReleaseSubjectContext(PSECURITY_SUBJECT_CONTEXT SubjectContext)
{
    if (SubjectContext->ClientToken != NULL)
        ObfDereferenceObject(SubjectContext->ClientToken);
    if (SubjectContext->PrimaryToken != NULL)
        ObfDereferenceObject(SubjectContext->PrimaryToken);
    SubjectContext->ClientToken = SubjectContext->PrimaryToken = NULL;
}

/* Readers of the tokens: shared, inside a critical region as push locks require. */
VOID NTAPI
SeLockSubjectContext(PSECURITY_SUBJECT_CONTEXT SubjectContext)
{
    KeEnterCriticalRegion();
    if (SubjectContext->PrimaryToken != NULL)
        ExfAcquirePushLockShared(&((PTOKEN)SubjectContext->PrimaryToken)->Lock);
    if (SubjectContext->ClientToken != NULL)
        ExfAcquirePushLockShared(&((PTOKEN)SubjectContext->ClientToken)->Lock);
}

VOID NTAPI
SeUnlockSubjectContext(PSECURITY_SUBJECT_CONTEXT SubjectContext)
{
    if (SubjectContext->ClientToken != NULL)
        ExfReleasePushLock(&((PTOKEN)SubjectContext->ClientToken)->Lock);
    if (SubjectContext->PrimaryToken != NULL)
        ExfReleasePushLock(&((PTOKEN)SubjectContext->PrimaryToken)->Lock);
    KeLeaveCriticalRegion();
}

NTSTATUS NTAPI
SeCreateAccessState(PACCESS_STATE AccessState, PVOID AuxData, ACCESS_MASK DesiredAccess,
                    PGENERIC_MAPPING GenericMapping)
{
    LONG64 Id = InterlockedIncrement64(&SepOperationIds);

    RtlZeroMemory(AccessState, sizeof(ACCESS_STATE));
    if (GenericMapping != NULL)
        RtlMapGenericMask(&DesiredAccess, GenericMapping);
    AccessState->OperationID.LowPart = (ULONG)Id;
    AccessState->OperationID.HighPart = (LONG)(Id >> 32);
    AccessState->RemainingDesiredAccess = DesiredAccess;
    AccessState->OriginalDesiredAccess = DesiredAccess;
    AccessState->AuxData = AuxData;
    AccessState->Privileges.InitialPrivilegeSet.Control = PRIVILEGE_SET_ALL_NECESSARY;
    SeCaptureSubjectContext(&AccessState->SubjectSecurityContext);
    return STATUS_SUCCESS;
}

VOID NTAPI
SeDeleteAccessState(PACCESS_STATE AccessState)
{
    SeReleaseSubjectContext(&AccessState->SubjectSecurityContext);
}
