/* SPDX-License-Identifier: MIT */
/*
 * Security reference monitor internals shared by the files of ntos/se.
 *
 * A token is an object of the Token type whose body holds, in one block, its user and
 * groups, its privileges and its default DACL. Tokens do not change once made, so a subject
 * context's lock (a push lock per token) only orders readers against later adjusters.
 */
#ifndef BASALT_SEP_H
#define BASALT_SEP_H

#include "ntos.h"

typedef struct _TOKEN
{
    LUID TokenId;
    EX_PUSH_LOCK Lock;
    ULONG UserAndGroupCount; /* [0] is the user */
    PSID_AND_ATTRIBUTES UserAndGroups;
    ULONG PrivilegeCount;
    PLUID_AND_ATTRIBUTES Privileges;
    PSID DefaultOwner;
    PSID PrimaryGroup;
    PACL DefaultDacl; /* NULL: objects get no DACL by default */
} TOKEN, *PTOKEN;

extern PTOKEN SepSystemToken;
extern SE_EXPORTS SepExports;

/* The token access checks use for Subject: the impersonation token if any, else primary. */
static inline PTOKEN
SepSubjectToken(PSECURITY_SUBJECT_CONTEXT Subject)
{
    return (PTOKEN)(Subject->ClientToken != NULL ? Subject->ClientToken : Subject->PrimaryToken);
}

NTSTATUS SepInitializeTokens(VOID);
/* Does Token hold Sid: enabled (or, for a deny ACE, deny-only) user or group? */
BOOLEAN SepTokenHasSid(PTOKEN Token, PSID Sid, BOOLEAN ForDeny);

#endif
