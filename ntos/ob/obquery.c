/* SPDX-License-Identifier: MIT */
/*
 * Queries: an object's full name (ObQueryNameString), ZwQueryObject's basic, name and type
 * information, and directory enumeration (ZwQueryDirectoryObject). Names are read under the
 * namespace lock so a path is never half renamed; buffers are the caller's, resident.
 */
#include "obp.h"

C_ASSERT(sizeof(PUBLIC_OBJECT_TYPE_INFORMATION) == 0x68); /* NT's OBJECT_TYPE_INFORMATION */
#define OBP_TYPE_INFO_OBJECTS 0       /* Reserved[] index of TotalNumberOfObjects */
#define OBP_TYPE_INFO_HANDLES 1       /* ... TotalNumberOfHandles */
#define OBP_TYPE_INFO_VALID_ACCESS 17 /* ... ValidAccessMask (offset 0x54) */

/* Length in bytes of Object's full path ("\A\B"; the root is "\"); 0 when it has none, also
 * when a directory on the way has lost its own name. Lock held. */
static ULONG
ObpPathLength(POBJECT_HEADER Header)
{
    ULONG Length = 0;

    if (ObpBody(Header) == ObpRootDirectory)
        return sizeof(WCHAR);
    for (; Header->Directory != NULL; Header = ObpHeader(Header->Directory))
        Length += sizeof(WCHAR) + Header->Name.Length;
    return ObpBody(Header) == ObpRootDirectory ? Length : 0;
}

/* Write the path backwards from End. Lock held. */
static VOID
ObpWritePath(POBJECT_HEADER Header, PWCH Buffer, ULONG Length)
{
    PUCHAR End = (PUCHAR)Buffer + Length;

    Buffer[0] = OBJ_NAME_PATH_SEPARATOR; /* the root's own name */
    for (; Header->Directory != NULL; Header = ObpHeader(Header->Directory))
    {
        End -= Header->Name.Length;
        RtlCopyMemory(End, Header->Name.Buffer, Header->Name.Length);
        End -= sizeof(WCHAR);
        *(PWCH)End = OBJ_NAME_PATH_SEPARATOR;
    }
}

NTSTATUS NTAPI
ObQueryNameString(PVOID Object, POBJECT_NAME_INFORMATION ObjectNameInfo, ULONG Length,
                  PULONG ReturnLength)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG PathLength, Needed;
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
    PathLength = ObpPathLength(Header);
    Needed = sizeof(OBJECT_NAME_INFORMATION) + (PathLength ? PathLength + sizeof(WCHAR) : 0);
    if (Length < Needed || ObjectNameInfo == NULL)
    {
        Status = STATUS_INFO_LENGTH_MISMATCH;
    }
    else if (PathLength == 0)
    {
        RtlZeroMemory(&ObjectNameInfo->Name, sizeof(UNICODE_STRING));
    }
    else
    {
        ObjectNameInfo->Name.Buffer = (PWCH)(ObjectNameInfo + 1);
        ObjectNameInfo->Name.Length = (USHORT)PathLength;
        ObjectNameInfo->Name.MaximumLength = (USHORT)(PathLength + sizeof(WCHAR));
        ObpWritePath(Header, ObjectNameInfo->Name.Buffer, PathLength);
        ObjectNameInfo->Name.Buffer[PathLength / sizeof(WCHAR)] = UNICODE_NULL;
    }
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    *ReturnLength = Needed;
    return Status;
}

static NTSTATUS
ObpQueryBasic(PVOID Object, ACCESS_MASK Granted, ULONG Attributes,
              PPUBLIC_OBJECT_BASIC_INFORMATION Info, ULONG Length, PULONG Needed)
{
    POBJECT_HEADER Header = ObpHeader(Object);

    *Needed = sizeof(*Info);
    if (Length != sizeof(*Info))
        return STATUS_INFO_LENGTH_MISMATCH;
    RtlZeroMemory(Info, sizeof(*Info));
    Info->Attributes =
        (Attributes & OBJ_INHERIT) | ((Header->Flags & OBP_FLAG_PERMANENT) ? OBJ_PERMANENT : 0);
    Info->GrantedAccess = Granted;
    Info->HandleCount = (ULONG)Header->HandleCount;
    Info->PointerCount = (ULONG)Header->PointerCount;
    return STATUS_SUCCESS;
}

static NTSTATUS
ObpQueryType(PVOID Object, PPUBLIC_OBJECT_TYPE_INFORMATION Info, ULONG Length, PULONG Needed)
{
    POBJECT_TYPE Type = ObGetObjectType(Object);

    *Needed = sizeof(*Info) + Type->Name.Length + sizeof(WCHAR);
    if (Length < *Needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    RtlZeroMemory(Info, sizeof(*Info));
    Info->TypeName.Buffer = (PWCH)(Info + 1);
    Info->TypeName.Length = Type->Name.Length;
    Info->TypeName.MaximumLength = Type->Name.Length + sizeof(WCHAR);
    RtlCopyMemory(Info->TypeName.Buffer, Type->Name.Buffer, Type->Name.Length);
    Info->TypeName.Buffer[Type->Name.Length / sizeof(WCHAR)] = UNICODE_NULL;
    Info->Reserved[OBP_TYPE_INFO_OBJECTS] = (ULONG)Type->TotalNumberOfObjects;
    Info->Reserved[OBP_TYPE_INFO_HANDLES] = (ULONG)Type->TotalNumberOfHandles;
    Info->Reserved[OBP_TYPE_INFO_VALID_ACCESS] = Type->ValidAccessMask;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
NtQueryObject(HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
              PVOID ObjectInformation, ULONG ObjectInformationLength, PULONG ReturnLength)
{
    ACCESS_MASK Granted;
    ULONG Attributes, Needed = 0;
    NTSTATUS Status;
    PVOID Object;

    if (ObjectInformationClass != ObjectBasicInformation &&
        ObjectInformationClass != ObjectNameInformation &&
        ObjectInformationClass != ObjectTypeInformation)
        return STATUS_INVALID_INFO_CLASS;
    Object = ObpReferenceHandle(Handle, &Granted, &Attributes);
    if (Object == NULL)
        return STATUS_INVALID_HANDLE;
    switch (ObjectInformationClass)
    {
        case ObjectBasicInformation:
            Status = ObpQueryBasic(Object, Granted, Attributes, ObjectInformation,
                                   ObjectInformationLength, &Needed);
            break;
        case ObjectNameInformation:
            Status = ObQueryNameString(Object, ObjectInformation, ObjectInformationLength, &Needed);
            break;
        default:
            Status = ObpQueryType(Object, ObjectInformation, ObjectInformationLength, &Needed);
            break;
    }
    ObfDereferenceObject(Object);
    if (ReturnLength != NULL)
        *ReturnLength = Needed;
    return Status;
}

NTSTATUS NTAPI
ZwQueryObject(HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
              PVOID ObjectInformation, ULONG ObjectInformationLength, PULONG ReturnLength)
{
    return NtQueryObject(Handle, ObjectInformationClass, ObjectInformation, ObjectInformationLength,
                         ReturnLength);
}

/* Bytes an entry's two strings take, each NUL-terminated. */
static ULONG
ObpEntryStringBytes(PVOID Object)
{
    return ObpHeader(Object)->Name.Length + ObGetObjectType(Object)->Name.Length +
           2 * sizeof(WCHAR);
}

static PWCH
ObpPutString(PUNICODE_STRING Target, PCUNICODE_STRING Source, PWCH Buffer)
{
    Target->Buffer = Buffer;
    Target->Length = Source->Length;
    Target->MaximumLength = Source->Length + sizeof(WCHAR);
    RtlCopyMemory(Buffer, Source->Buffer, Source->Length);
    Buffer[Source->Length / sizeof(WCHAR)] = UNICODE_NULL;
    return Buffer + Source->Length / sizeof(WCHAR) + 1;
}

/*
 * Lock held. How many entries from Start fit in Length (Count), what they take (*Used), and
 * what the first one alone needs (*FirstNeeds). The records come first, with an all-zero one
 * closing the array, then the strings.
 */
static ULONG
ObpFitEntries(POBJECT_DIRECTORY Directory, ULONG Start, ULONG Length, BOOLEAN Single, PULONG Used,
              PULONG FirstNeeds, PBOOLEAN More)
{
    ULONG Count = 0, Strings = 0, Size;
    OBP_DIRECTORY_CURSOR Cursor;
    PVOID Object;

    *Used = *FirstNeeds = 0;
    *More = FALSE;
    for (Object = ObpDirectorySeek(Directory, Start, &Cursor); Object != NULL;
         Object = ObpDirectoryNext(Directory, &Cursor))
    {
        Size = (Count + 2) * sizeof(OBJECT_DIRECTORY_INFORMATION) + Strings +
               ObpEntryStringBytes(Object);
        if (Count == 0)
            *FirstNeeds = Size;
        if ((Single && Count == 1) || Size > Length)
        {
            *More = TRUE;
            break;
        }
        Strings += ObpEntryStringBytes(Object);
        *Used = Size;
        Count++;
    }
    return Count;
}

/* Lock held: fill Buffer with Count entries from Start. */
static VOID
ObpWriteEntries(POBJECT_DIRECTORY Directory, ULONG Start, ULONG Count, PVOID Buffer)
{
    POBJECT_DIRECTORY_INFORMATION Info = Buffer;
    PWCH Strings = (PWCH)(Info + Count + 1);
    OBP_DIRECTORY_CURSOR Cursor;
    PVOID Object = ObpDirectorySeek(Directory, Start, &Cursor);
    ULONG I;

    for (I = 0; I < Count; I++, Object = ObpDirectoryNext(Directory, &Cursor))
    {
        Strings = ObpPutString(&Info[I].Name, &ObpHeader(Object)->Name, Strings);
        Strings = ObpPutString(&Info[I].TypeName, &ObGetObjectType(Object)->Name, Strings);
    }
    RtlZeroMemory(&Info[Count], sizeof(Info[Count]));
}

NTSTATUS NTAPI
NtQueryDirectoryObject(HANDLE DirectoryHandle, PVOID Buffer, ULONG Length,
                       BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan, PULONG Context,
                       PULONG ReturnLength)
{
    POBJECT_DIRECTORY Directory;
    ULONG Start = RestartScan ? 0 : *Context, Count, Used, FirstNeeds;
    BOOLEAN More;
    NTSTATUS Status;
    KIRQL OldIrql;

    Status = ObReferenceObjectByHandle(DirectoryHandle, DIRECTORY_QUERY, ObpDirectoryObjectType,
                                       KernelMode, (PVOID *)&Directory, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
    Count = ObpFitEntries(Directory, Start, Length, ReturnSingleEntry, &Used, &FirstNeeds, &More);
    if (Count == 0 && FirstNeeds == 0)
        Status = STATUS_NO_MORE_ENTRIES;
    else if (Count == 0)
        Status = STATUS_BUFFER_TOO_SMALL;
    else
        ObpWriteEntries(Directory, Start, Count, Buffer);
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    ObfDereferenceObject(Directory);
    if (Status == STATUS_BUFFER_TOO_SMALL && ReturnLength != NULL)
        *ReturnLength = FirstNeeds;
    if (Count == 0)
        return Status;
    *Context = Start + Count;
    if (ReturnLength != NULL)
        *ReturnLength = Used;
    return (More && !ReturnSingleEntry) ? STATUS_MORE_ENTRIES : STATUS_SUCCESS;
}

NTSTATUS NTAPI
ZwQueryDirectoryObject(HANDLE DirectoryHandle, PVOID Buffer, ULONG Length,
                       BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan, PULONG Context,
                       PULONG ReturnLength)
{
    return NtQueryDirectoryObject(DirectoryHandle, Buffer, Length, ReturnSingleEntry, RestartScan,
                                  Context, ReturnLength);
}
