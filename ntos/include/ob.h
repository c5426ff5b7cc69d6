/* SPDX-License-Identifier: MIT */
/*
 * Object manager (Ob): object types, headers with pointer and handle counts, and handle
 * tables. Private layouts; drivers only see POBJECT_TYPE and object bodies.
 */
#ifndef BASALT_OB_H
#define BASALT_OB_H

typedef VOID (*POB_DELETE_PROCEDURE)(PVOID Object);

typedef struct _OBJECT_TYPE
{
    UNICODE_STRING Name;
    ULONG PoolTag;
    ACCESS_MASK ValidAccessMask;
    POB_DELETE_PROCEDURE DeleteProcedure;
    BOOLEAN Waitable; /* bodies start with a DISPATCHER_HEADER */
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
} OBJECT_TYPE;

POBJECT_TYPE ObpCreateObjectType(PCWSTR Name, ULONG PoolTag, ACCESS_MASK ValidAccessMask,
                                 POB_DELETE_PROCEDURE DeleteProcedure);
/* A new object with one pointer reference, its body zeroed. */
NTSTATUS ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize, PVOID *Object);
/* A handle to Object in the kernel or the system process's table; takes a reference. */
NTSTATUS ObpInsertHandle(PVOID Object, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                         PHANDLE Handle);
BOOLEAN ObpIsObject(PVOID Object);
LONG_PTR ObpPointerCount(PVOID Object);
NTSYSAPI NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                              PLARGE_INTEGER Timeout);
NTKERNELAPI POBJECT_TYPE NTAPI ObGetObjectType(PVOID Object); /* exported; the DDK lacks it */

#endif
