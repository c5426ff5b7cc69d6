/* SPDX-License-Identifier: MIT */
/*
 * Directory objects: 37 buckets of entries hashed on the upcased name, so that case-sensitive
 * and case-insensitive lookups meet in the same bucket. An entry references its object and
 * the object references its directory, so neither goes while the name exists. Everything
 * here runs under ObpNamespaceLock; pool for entries and names is taken before it.
 */
#include "obp.h"

#define OBP_ENTRY_TAG 0x65446F4F /* "OoDe" */

KSPIN_LOCK ObpNamespaceLock;
POBJECT_TYPE ObpDirectoryObjectType;
POBJECT_DIRECTORY ObpRootDirectory;

static ULONG
ObpHashName(PCUNICODE_STRING Name)
{
    ULONG Hash = 0, I;

    for (I = 0; I < Name->Length / sizeof(WCHAR); I++)
        Hash = Hash * 31 + RtlUpcaseUnicodeChar(Name->Buffer[I]);
    return Hash % OBP_DIRECTORY_BUCKETS;
}

PVOID
ObpFindEntry(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name, BOOLEAN CaseInsensitive)
{
    POBP_DIRECTORY_ENTRY Entry;

    for (Entry = Directory->Buckets[ObpHashName(Name)]; Entry != NULL; Entry = Entry->Next)
    {
        if (RtlEqualUnicodeString(&ObpHeader(Entry->Object)->Name, Name, CaseInsensitive))
            return Entry->Object;
    }
    return NULL;
}

NTSTATUS
ObpInsertEntry(POBJECT_DIRECTORY Directory, PVOID Object, PCUNICODE_STRING Name, ULONG Attributes,
               PVOID *Existing)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBP_DIRECTORY_ENTRY Entry;
    PWCH Buffer;
    PVOID Found;
    KIRQL OldIrql;
    ULONG Bucket = ObpHashName(Name);

    *Existing = NULL;
    Entry = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), OBP_ENTRY_TAG);
    Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Name->Length + sizeof(WCHAR), OBP_NAME_TAG);
    if (Entry == NULL || Buffer == NULL)
    {
        if (Entry != NULL)
            ExFreePoolWithTag(Entry, OBP_ENTRY_TAG);
        if (Buffer != NULL)
            ExFreePoolWithTag(Buffer, OBP_NAME_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Buffer, Name->Buffer, Name->Length);
    Buffer[Name->Length / sizeof(WCHAR)] = UNICODE_NULL;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
    Found = ObpFindEntry(Directory, Name, (Attributes & OBJ_CASE_INSENSITIVE) != 0);
    if (Found != NULL)
    {
        ObfReferenceObject(Found);
        KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
        ExFreePoolWithTag(Entry, OBP_ENTRY_TAG);
        ExFreePoolWithTag(Buffer, OBP_NAME_TAG);
        *Existing = Found;
        return STATUS_OBJECT_NAME_COLLISION;
    }
    if (Header->Name.Buffer != NULL)
        ExFreePoolWithTag(Header->Name.Buffer, OBP_NAME_TAG);
    Header->Name.Buffer = Buffer;
    Header->Name.Length = Name->Length;
    Header->Name.MaximumLength = Name->Length + sizeof(WCHAR);
    Header->Directory = Directory;
    if (Attributes & OBJ_PERMANENT)
        Header->Flags |= OBP_FLAG_PERMANENT;
    Entry->Object = Object;
    Entry->Next = Directory->Buckets[Bucket];
    Directory->Buckets[Bucket] = Entry;
    Directory->Count++;
    ObfReferenceObject(Object);
    ObfReferenceObject(Directory);
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    return STATUS_SUCCESS;
}

/* Unlink Object from its directory. Namespace lock held; returns the entry to free. */
static POBP_DIRECTORY_ENTRY
ObpRemoveEntry(POBJECT_HEADER Header)
{
    POBJECT_DIRECTORY Directory = Header->Directory;
    POBP_DIRECTORY_ENTRY *Link = &Directory->Buckets[ObpHashName(&Header->Name)];
    POBP_DIRECTORY_ENTRY Entry;

    while ((Entry = *Link) != NULL && Entry->Object != ObpBody(Header))
        Link = &Entry->Next;
    if (Entry == NULL)
        KeBugCheckEx(BAD_OBJECT_HEADER, (ULONG_PTR)Header, (ULONG_PTR)Directory, 1, 0);
    *Link = Entry->Next;
    Directory->Count--;
    Header->Directory = NULL;
    return Entry;
}

VOID
ObpDeleteNameCheck(PVOID Object)
{
    POBJECT_HEADER Header = ObpCheckedHeader(Object);
    POBP_DIRECTORY_ENTRY Entry = NULL;
    POBJECT_DIRECTORY Directory = NULL;
    KIRQL OldIrql;

    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
    if (Header->HandleCount == 0 && !(Header->Flags & OBP_FLAG_PERMANENT) &&
        Header->Directory != NULL)
    {
        Directory = Header->Directory;
        Entry = ObpRemoveEntry(Header);
    }
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    if (Entry == NULL)
        return;
    ExFreePoolWithTag(Entry, OBP_ENTRY_TAG);
    ObfDereferenceObject(Directory);
    ObfDereferenceObject(Object); /* the entry's reference */
}

/* The first entry at or after Cursor->Bucket when Cursor->Entry is NULL. */
static PVOID
ObpSettle(POBJECT_DIRECTORY Directory, POBP_DIRECTORY_CURSOR Cursor)
{
    while (Cursor->Entry == NULL && ++Cursor->Bucket < OBP_DIRECTORY_BUCKETS)
        Cursor->Entry = Directory->Buckets[Cursor->Bucket];
    return Cursor->Entry != NULL ? Cursor->Entry->Object : NULL;
}

PVOID
ObpDirectoryNext(POBJECT_DIRECTORY Directory, POBP_DIRECTORY_CURSOR Cursor)
{
    if (Cursor->Entry == NULL)
        return NULL;
    Cursor->Entry = Cursor->Entry->Next;
    return ObpSettle(Directory, Cursor);
}

PVOID
ObpDirectorySeek(POBJECT_DIRECTORY Directory, ULONG Index, POBP_DIRECTORY_CURSOR Cursor)
{
    PVOID Object;

    Cursor->Bucket = 0;
    Cursor->Entry = Directory->Buckets[0];
    for (Object = ObpSettle(Directory, Cursor); Object != NULL && Index > 0; Index--)
        Object = ObpDirectoryNext(Directory, Cursor);
    return Object;
}

NTSTATUS NTAPI
ZwCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    PVOID Directory;
    NTSTATUS Status;

    *DirectoryHandle = NULL;
    Status = ObCreateObject(KernelMode, ObpDirectoryObjectType, ObjectAttributes, KernelMode, NULL,
                            sizeof(OBJECT_DIRECTORY), 0, 0, &Directory);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObInsertObject(Directory, NULL, DesiredAccess, 0, NULL, DirectoryHandle);
}

NTSTATUS NTAPI
ZwOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByName(ObjectAttributes, ObpDirectoryObjectType, KernelMode, NULL,
                              DesiredAccess, NULL, DirectoryHandle);
}
