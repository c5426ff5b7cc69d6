/* SPDX-License-Identifier: MIT */
/*
 * Object manager (Ob): object types, headers with pointer and handle counts, handle tables
 * and the object namespace. Private layouts; drivers only see POBJECT_TYPE and object bodies.
 */
#ifndef BASALT_OB_H
#define BASALT_OB_H

/* Why a handle is being made, for a type's open procedure (NT's OB_OPEN_REASON). */
typedef enum _OB_OPEN_REASON
{
    ObCreateHandle,
    ObOpenHandle,
    ObDuplicateHandle,
    ObInheritHandle,
    ObMaxOpenReason
} OB_OPEN_REASON;

/* The type procedures, with NT's parameters. Process owns the handle table (for kernel
 * handles, the system process). */
typedef NTSTATUS (*POB_OPEN_PROCEDURE)(OB_OPEN_REASON OpenReason, KPROCESSOR_MODE AccessMode,
                                       PEPROCESS Process, PVOID Object, PACCESS_MASK GrantedAccess,
                                       ULONG HandleCount);
/* Called after a handle is removed, with the counts from before (1 means the last one). */
typedef VOID (*POB_CLOSE_PROCEDURE)(PEPROCESS Process, PVOID Object, ACCESS_MASK GrantedAccess,
                                    ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount);
typedef VOID (*POB_DELETE_PROCEDURE)(PVOID Object);
/*
 * Lookup reached an object of this type with RemainingName left ("" or starting with a
 * backslash). Either return a referenced *Object, an error, or STATUS_REPARSE after replacing
 * CompleteName with a new absolute name in pool (freeing the old buffer with ExFreePool);
 * lookup then starts again at the root.
 */
typedef NTSTATUS (*POB_PARSE_PROCEDURE)(PVOID ParseObject, PVOID ObjectType,
                                        PACCESS_STATE AccessState, KPROCESSOR_MODE AccessMode,
                                        ULONG Attributes, PUNICODE_STRING CompleteName,
                                        PUNICODE_STRING RemainingName, PVOID Context,
                                        PSECURITY_QUALITY_OF_SERVICE SecurityQos, PVOID *Object);
typedef NTSTATUS (*POB_SECURITY_PROCEDURE)(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
                                           PSECURITY_INFORMATION SecurityInformation,
                                           PSECURITY_DESCRIPTOR SecurityDescriptor,
                                           PULONG CapturedLength,
                                           PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor,
                                           POOL_TYPE PoolType, PGENERIC_MAPPING GenericMapping);
/* FALSE refuses the close: ZwClose returns STATUS_HANDLE_NOT_CLOSABLE. */
typedef BOOLEAN (*POB_OKAYTOCLOSE_PROCEDURE)(PEPROCESS Process, PVOID Object, HANDLE Handle,
                                             KPROCESSOR_MODE PreviousMode);

/* The body of a Type object; every type is named in \ObjectTypes. */
typedef struct _OBJECT_TYPE
{
    UNICODE_STRING Name;
    ULONG PoolTag;
    ACCESS_MASK ValidAccessMask;
    POB_OPEN_PROCEDURE OpenProcedure;
    POB_CLOSE_PROCEDURE CloseProcedure;
    POB_DELETE_PROCEDURE DeleteProcedure;
    POB_PARSE_PROCEDURE ParseProcedure;
    POB_SECURITY_PROCEDURE SecurityProcedure;
    POB_OKAYTOCLOSE_PROCEDURE OkayToCloseProcedure;
    GENERIC_MAPPING GenericMapping; /* GENERIC_* to the type's rights, for access checks */
    BOOLEAN Waitable;               /* bodies start with a DISPATCHER_HEADER */
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
} OBJECT_TYPE;

/* ZwQueryDirectoryObject's records (NT's layout; not in the DDK headers). */
typedef struct _OBJECT_DIRECTORY_INFORMATION
{
    UNICODE_STRING Name;
    UNICODE_STRING TypeName;
} OBJECT_DIRECTORY_INFORMATION, *POBJECT_DIRECTORY_INFORMATION;

/* The Type type, directories and symbolic links (Ob's own types). */
extern POBJECT_TYPE ObpTypeObjectType, ObpDirectoryObjectType, ObpSymbolicLinkObjectType;

NTSTATUS ObInitSystem(VOID);
VOID ObpRunBenchmarks(VOID); /* /BENCH: bench lines on the debug port */
/* A type object not yet in \ObjectTypes (types made before the directory: Ob's own, Token). */
POBJECT_TYPE ObpCreateTypeUnnamed(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                                  POB_DELETE_PROCEDURE DeleteProcedure);
/* A new type, named \ObjectTypes\Name; procedures other than delete are set by the caller. */
POBJECT_TYPE ObpCreateObjectType(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                                 POB_DELETE_PROCEDURE DeleteProcedure);
/* A new object with one pointer reference, its body zeroed, no name. */
NTSTATUS ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize, PVOID *Object);
/* A handle to Object in the kernel table or the current process's; takes a reference. */
NTSTATUS ObpInsertHandle(PVOID Object, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                         PHANDLE Handle);
/* Handle tables (private layout in ob/obp.h). Each process has one; the kernel handle table
 * (OBJ_KERNEL_HANDLE) is a second one, owned by the system process. */
typedef struct _HANDLE_TABLE HANDLE_TABLE, *PHANDLE_TABLE;
extern PHANDLE_TABLE ObpKernelHandleTable;
/* Give Process its handle table; the first process, System, also gets the kernel table. */
NTSTATUS ObInitProcess(PEPROCESS Process);
ULONG ObpHandleTableCount(PHANDLE_TABLE Table);    /* handles in it */
ULONG ObpHandleTableCapacity(PHANDLE_TABLE Table); /* slots it has grown to */
PEPROCESS ObpHandleTableOwner(PHANDLE_TABLE Table);
BOOLEAN ObpIsObject(PVOID Object);
/* A reference, unless the object is already being deleted (FALSE). */
BOOLEAN ObpReferenceObjectSafe(PVOID Object);
LONG_PTR ObpPointerCount(PVOID Object);
LONG_PTR ObpHandleCount(PVOID Object);
NTSYSAPI NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                              PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtMakeTemporaryObject(HANDLE Handle);
/* Security of an object as Ob keeps it (obsecure.c): what a type's security procedure does
 * when it has no other store, NT's SeDefaultObjectMethod. */
NTSTATUS ObpDefaultSecurityProcedure(PVOID Object, SECURITY_OPERATION_CODE OperationCode,
                                     PSECURITY_INFORMATION SecurityInformation,
                                     PSECURITY_DESCRIPTOR SecurityDescriptor, PULONG CapturedLength,
                                     PSECURITY_DESCRIPTOR *ObjectsSecurityDescriptor,
                                     POOL_TYPE PoolType, PGENERIC_MAPPING GenericMapping);

/* Exported; mingw-w64's DDK headers lack them. */
NTKERNELAPI POBJECT_TYPE NTAPI ObGetObjectType(PVOID Object);
NTKERNELAPI NTSTATUS NTAPI ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE PreviousMode);
NTKERNELAPI NTSTATUS NTAPI ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes,
                                              POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                              PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                                              PVOID ParseContext, PHANDLE Handle);

#endif
