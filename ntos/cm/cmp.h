/* SPDX-License-Identifier: MIT */
/*
 * Configuration manager internals shared by the files of ntos/cm.
 *
 * The registry is a tree of key nodes in paged pool, built at boot from the SYSTEM hive
 * (cmhive.c) and changed only in memory: there is no storage stack to write it back to.
 * One resource, CmpRegistryLock, guards the whole tree (shared to read, exclusive to
 * change). A node is referenced by its parent's subkey list while it is in the tree and by
 * every Key object (CM_KEY_BODY) open on it; a deleted node leaves the tree at once and is
 * freed when the last Key object closes, until then answering STATUS_KEY_DELETED.
 */
#ifndef BASALT_CMP_H
#define BASALT_CMP_H

#include "ntos.h"

#define CMP_KEY_TAG 0x4B4D4D43   /* "CMMK": key nodes */
#define CMP_VALUE_TAG 0x564D4D43 /* "CMMV": values and their data */
#define CMP_NAME_TAG 0x4E4D4D43  /* "CMMN": names built for lookups and reparse */

#define CMP_MAX_KEY_NAME 255     /* characters in one key name component */
#define CMP_MAX_VALUE_NAME 16383 /* characters in a value name */
#define CMP_MAX_DEPTH 512        /* key nesting, as Windows */

#define CMP_KEY_VOLATILE 0x0001  /* REG_OPTION_VOLATILE: children must be volatile too */
#define CMP_KEY_LINK 0x0002      /* a registry link: SymbolicLinkValue names the target */
#define CMP_KEY_NO_DELETE 0x0004 /* \Registry and its fixed children */
#define CMP_KEY_DELETED 0x0008   /* out of the tree, waiting for its last Key object */

typedef struct _CM_KEY_NODE
{
    LIST_ENTRY SiblingLink; /* in Parent->Subkeys, sorted by upcased name */
    struct _CM_KEY_NODE *Parent;
    LIST_ENTRY Subkeys;
    ULONG SubkeyCount;
    LIST_ENTRY Values; /* in creation order, as ZwEnumerateValueKey returns them */
    ULONG ValueCount;
    volatile LONG ReferenceCount;
    ULONG Flags; /* CMP_KEY_* */
    LARGE_INTEGER LastWriteTime;
    UNICODE_STRING Class;          /* pool of its own, or empty */
    UNICODE_STRING Name;           /* buffer follows the node */
    PSECURITY_DESCRIPTOR Security; /* self-relative, pool (ExFreePool), or NULL */
    ULONG HiveCell;                /* while loading: the nk cell this node came from */
} CM_KEY_NODE, *PCM_KEY_NODE;

typedef struct _CM_KEY_VALUE
{
    LIST_ENTRY Link;
    ULONG Type;
    ULONG DataLength;
    PVOID Data; /* follows the name in the same block */
    UNICODE_STRING Name;
} CM_KEY_VALUE, *PCM_KEY_VALUE;

/* The body of a Key object: one open of a node. */
typedef struct _CM_KEY_BODY
{
    PCM_KEY_NODE Node;
} CM_KEY_BODY, *PCM_KEY_BODY;

/* What ZwCreateKey hands the parse procedure through Ob; NULL for an open. */
typedef struct _CM_PARSE_CONTEXT
{
    ULONG CreateOptions;
    PCUNICODE_STRING Class;
    ULONG Disposition; /* out: REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY */
} CM_PARSE_CONTEXT, *PCM_PARSE_CONTEXT;

/* NT's records for KeyNameInformation and KeyCachedInformation (not in the DDK headers). */
typedef struct _CMP_KEY_NAME_INFORMATION
{
    ULONG NameLength;
    WCHAR Name[1];
} CMP_KEY_NAME_INFORMATION;

typedef struct _CMP_KEY_CACHED_INFORMATION
{
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG SubKeys;
    ULONG MaxNameLen;
    ULONG Values;
    ULONG MaxValueNameLen;
    ULONG MaxValueDataLen;
    ULONG NameLength;
} CMP_KEY_CACHED_INFORMATION;

extern POBJECT_TYPE CmpKeyObjectType;
extern ERESOURCE CmpRegistryLock;
extern PCM_KEY_NODE CmpRootNode; /* \REGISTRY */

/* cmlock.c */
VOID CmpLockShared(VOID);
VOID CmpLockExclusive(VOID);
VOID CmpUnlock(VOID);

/* cmtree.c: nodes and values; callers hold the lock as noted. */
NTSTATUS CmpCreateNode(PCM_KEY_NODE Parent, PCUNICODE_STRING Name, ULONG Flags,
                       PCM_KEY_NODE *Node); /* exclusive; the tree's reference only */
PCM_KEY_NODE CmpFindSubkey(PCM_KEY_NODE Parent, PCUNICODE_STRING Name); /* shared */
PCM_KEY_NODE CmpSubkeyByIndex(PCM_KEY_NODE Parent, ULONG Index);        /* shared */
VOID CmpReferenceNode(PCM_KEY_NODE Node);
VOID CmpDereferenceNode(PCM_KEY_NODE Node);
NTSTATUS CmpDeleteNode(PCM_KEY_NODE Node);                            /* exclusive */
PCM_KEY_VALUE CmpFindValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name); /* shared */
PCM_KEY_VALUE CmpValueByIndex(PCM_KEY_NODE Node, ULONG Index);        /* shared */
NTSTATUS CmpSetValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name, ULONG Type, const VOID *Data,
                     ULONG DataLength);                      /* exclusive */
VOID CmpDeleteValue(PCM_KEY_NODE Node, PCM_KEY_VALUE Value); /* exclusive */
NTSTATUS CmpSetClass(PCM_KEY_NODE Node, PCUNICODE_STRING Class);
VOID CmpTouchNode(PCM_KEY_NODE Node);
/* The node's full name (\REGISTRY\MACHINE\...) into Buffer of Length bytes; returns the bytes
 * it needs, which may exceed Length (then nothing useful was written). Shared. */
ULONG CmpFullName(PCM_KEY_NODE Node, PWCH Buffer, ULONG Length);

/* cmsecure.c */
NTSTATUS CmpSetNodeSecurity(PCM_KEY_NODE Node, const VOID *Sd, ULONG Length);
NTSTATUS CmpSetDefaultSecurity(PCM_KEY_NODE Node);
NTSTATUS CmpInheritSecurity(PCM_KEY_NODE Node, PCM_KEY_NODE Parent);
BOOLEAN CmpValidHiveSecurity(const VOID *Descriptor, ULONG Length);
NTSTATUS CmpSecurityProcedure(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
                              PSECURITY_INFORMATION SecurityInformation,
                              PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG CapturedLength,
                              PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor, POOL_TYPE PoolType,
                              PGENERIC_MAPPING GenericMapping);

/* cmhive.c */
VOID CmpLoadSystemHive(PCM_KEY_NODE System, PVOID Data, ULONG Length);

/* cmparse.c */
NTSTATUS CmpReferenceLockedKey(HANDLE Handle, ACCESS_MASK Access, BOOLEAN Exclusive,
                               PCM_KEY_BODY *Body);

#endif
