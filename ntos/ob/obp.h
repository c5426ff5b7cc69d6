/* SPDX-License-Identifier: MIT */
/*
 * Object manager internals shared by the files of ntos/ob.
 *
 * The namespace is a tree of directory objects under one spin lock (ObpNamespaceLock), which
 * guards every directory's buckets and every header's Directory, Name and PERMANENT flag. A
 * named object is referenced by its directory entry and holds a reference on its directory;
 * the entry goes when the last handle closes, unless the object is permanent.
 */
#ifndef BASALT_OBP_H
#define BASALT_OBP_H

#include "ntos.h"

#define OBP_HEADER_SIGNATURE 0x6A624F42 /* "BObj" */
#define OBP_NAME_TAG 0x6D4E624F         /* "ObNm": names, create info, lookup buffers */

#define OBP_FLAG_PERMANENT 0x1        /* OBJ_PERMANENT: the name outlives the handles */
#define OBP_FLAG_INSERTED 0x2         /* ObInsertObject has run */
#define OBP_FLAG_SECURITY 0x4         /* the security procedure assigned a descriptor */
#define OBP_FLAG_CASE_INSENSITIVE 0x8 /* created with OBJ_CASE_INSENSITIVE */

struct _OBJECT_DIRECTORY;

/* What ObCreateObject captured from OBJECT_ATTRIBUTES for ObInsertObject. */
typedef struct _OBP_CREATE_INFO
{
    HANDLE RootDirectory;
    ULONG Attributes;
    KPROCESSOR_MODE ProbeMode;               /* the creator's mode: UserMode opens are checked */
    PSECURITY_DESCRIPTOR SecurityDescriptor; /* captured (Se pool), or NULL */
    UNICODE_STRING Name;                     /* buffer follows the structure */
} OBP_CREATE_INFO, *POBP_CREATE_INFO;

/* Precedes every object body; the body starts 16-byte aligned right after it. */
typedef struct _OBJECT_HEADER
{
    volatile LONG_PTR PointerCount;
    volatile LONG_PTR HandleCount;
    POBJECT_TYPE Type;
    ULONG Signature;
    ULONG Flags;
    struct _OBJECT_HEADER *NextToFree;       /* deferred deletion list */
    POBP_CREATE_INFO CreateInfo;             /* until ObInsertObject */
    struct _OBJECT_DIRECTORY *Directory;     /* referenced while the object is in it */
    UNICODE_STRING Name;                     /* the last component; pool, freed with the object */
    PSECURITY_DESCRIPTOR SecurityDescriptor; /* default method's, in an OBP_SECURITY block */
} OBJECT_HEADER, *POBJECT_HEADER;

C_ASSERT(sizeof(OBJECT_HEADER) % 16 == 0);

static inline POBJECT_HEADER
ObpHeader(PVOID Object)
{
    return (POBJECT_HEADER)Object - 1;
}

static inline PVOID
ObpBody(POBJECT_HEADER Header)
{
    return Header + 1;
}

POBJECT_HEADER ObpCheckedHeader(PVOID Object);
VOID ObpDeleteObject(POBJECT_HEADER Header);

/* Directories (obdir.c). Buckets of singly linked entries, hashed on the upcased name. */
#define OBP_DIRECTORY_BUCKETS 37

typedef struct _OBP_DIRECTORY_ENTRY
{
    struct _OBP_DIRECTORY_ENTRY *Next;
    PVOID Object;
} OBP_DIRECTORY_ENTRY, *POBP_DIRECTORY_ENTRY;

typedef struct _OBJECT_DIRECTORY
{
    POBP_DIRECTORY_ENTRY Buckets[OBP_DIRECTORY_BUCKETS];
    ULONG Count;
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

extern KSPIN_LOCK ObpNamespaceLock;
extern POBJECT_DIRECTORY ObpRootDirectory;

/* Namespace lock held. The object named Name in Directory, or NULL. */
PVOID ObpFindEntry(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name, BOOLEAN CaseInsensitive);
/* Put Object in Directory as Name (a single component). Takes references on both, consumes
 * NameBuffer (pool, holding Name) and Entry. STATUS_OBJECT_NAME_COLLISION when the name is
 * taken, with *Existing referenced. */
NTSTATUS ObpInsertEntry(POBJECT_DIRECTORY Directory, PVOID Object, PCUNICODE_STRING Name,
                        ULONG Attributes, PVOID *Existing);
/* Remove the name once the handles are gone and the object is not permanent. */
VOID ObpDeleteNameCheck(PVOID Object);
/* Enumeration, bucket by bucket (namespace lock held): Seek to the Index-th entry, then Next;
 * each returns the object there, or NULL past the end. */
typedef struct _OBP_DIRECTORY_CURSOR
{
    ULONG Bucket;
    POBP_DIRECTORY_ENTRY Entry;
} OBP_DIRECTORY_CURSOR, *POBP_DIRECTORY_CURSOR;

PVOID ObpDirectorySeek(POBJECT_DIRECTORY Directory, ULONG Index, POBP_DIRECTORY_CURSOR Cursor);
PVOID ObpDirectoryNext(POBJECT_DIRECTORY Directory, POBP_DIRECTORY_CURSOR Cursor);

/* Name lookup (oblookup.c). */
typedef struct _OBP_LOOKUP
{
    ULONG Attributes;        /* OBJ_CASE_INSENSITIVE, OBJ_OPENIF ... */
    POBJECT_TYPE ObjectType; /* expected type, for parse procedures */
    KPROCESSOR_MODE AccessMode;
    PVOID ParseContext;
    PVOID InsertObject;        /* create: name this object if the final component is free */
    BOOLEAN Inserted;          /* out: InsertObject was named (no extra reference returned) */
    BOOLEAN NameInPool;        /* the complete name has been copied for parse procedures */
    PACCESS_STATE AccessState; /* the creator's, for the new object's security */
    PSECURITY_DESCRIPTOR InsertSecurityDescriptor; /* the creator's explicit descriptor */
} OBP_LOOKUP, *POBP_LOOKUP;

NTSTATUS ObpLookupObjectName(HANDLE RootDirectory, PCUNICODE_STRING ObjectName, POBP_LOOKUP Lookup,
                             PVOID *Object);
/* An OBJECT_ATTRIBUTES name must be absolute or relative to a root, with no empty component. */
NTSTATUS ObpValidateName(PCUNICODE_STRING Name, BOOLEAN HasRoot);

/* Handle tables (obhtable.c). Free entries chain through NextFree. */
#define OBP_NO_FREE_ENTRY 0xFFFFFFFFu

typedef struct _OBP_HANDLE_ENTRY
{
    PVOID Object; /* NULL when free */
    union
    {
        ACCESS_MASK GrantedAccess;
        ULONG NextFree;
    };
    ULONG Attributes; /* OBJ_INHERIT, OBJ_KERNEL_HANDLE */
} OBP_HANDLE_ENTRY, *POBP_HANDLE_ENTRY;

struct _HANDLE_TABLE
{
    KSPIN_LOCK Lock;
    POBP_HANDLE_ENTRY Entries;
    ULONG Capacity;
    ULONG FirstFree;
    ULONG HandleCount;
    BOOLEAN Kernel;         /* its handles carry the top bit */
    PEPROCESS QuotaProcess; /* the owner, as NT names it */
};

PHANDLE_TABLE ObpCreateHandleTable(PEPROCESS Owner, BOOLEAN Kernel);
BOOLEAN ObpAllocateHandleEntry(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK Granted,
                               ULONG Attributes, PULONG Slot);
PVOID ObpReferenceHandleEntry(PHANDLE_TABLE Table, ULONG Index, PACCESS_MASK GrantedAccess,
                              PULONG Attributes);
BOOLEAN ObpFreeHandleEntry(PHANDLE_TABLE Table, ULONG Index, PVOID Object, PACCESS_MASK Granted);

/* Handles (obhandle.c). */
NTSTATUS ObpInsertHandleEx(PVOID Object, ACCESS_MASK Access, BOOLEAN AccessIsGranted,
                           ULONG HandleAttributes, OB_OPEN_REASON Reason, PHANDLE Handle);
PVOID ObpReferenceHandle(HANDLE Handle, PACCESS_MASK GrantedAccess, PULONG Attributes);
PVOID ObpReferencePseudoHandle(HANDLE Handle, PACCESS_MASK GrantedAccess);
ACCESS_MASK ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess);

/* Type objects (obtype.c): insert the bootstrap types once \ObjectTypes exists. */
NTSTATUS ObpNameType(POBJECT_TYPE Type);
extern POBJECT_DIRECTORY ObpTypeDirectory;

/* Creation (obname.c). */
VOID ObpFreeCreateInfo(POBP_CREATE_INFO Info);

/* Security (obsecure.c). Assign gives Object its descriptor (once) from the creator's
 * explicit one, the parent directory's inheritable ACEs or the creator's token. */
NTSTATUS ObpAssignSecurity(PVOID Object, PVOID Parent, PACCESS_STATE AccessState,
                           PSECURITY_DESCRIPTOR Explicit);
/*
 * The access an open of Object may have. Trusted kernel-mode requests (no
 * OBJ_FORCE_ACCESS_CHECK in Attributes) are not checked: *Checked is FALSE and the handle
 * maps DesiredAccess as before. Otherwise SeAccessCheck decides for the access state's
 * subject (or the current one), *Granted is the answer and the access state is updated.
 */
NTSTATUS ObpCheckOpenAccess(PVOID Object, PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                            KPROCESSOR_MODE AccessMode, ULONG Attributes, PACCESS_MASK Granted,
                            PBOOLEAN Checked);
#define OBP_SECURITY_TAG 0x64536F4F /* "OoSd": descriptors kept by the default method */

/* Symbolic links (obsymlink.c). */
NTSTATUS ObpInitializeSymbolicLinks(VOID);
NTSTATUS ObpCreateSymbolicLink(PCWSTR Name, PCWSTR Target);

#endif
