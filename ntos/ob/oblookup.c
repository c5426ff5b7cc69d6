/* SPDX-License-Identifier: MIT */
/*
 * Name lookup. A name is absolute ("\A\B") or, with a root directory handle, relative to it
 * ("A\B"). Lookup walks it a component at a time, each step under the namespace lock and
 * holding a reference on the directory it stands in. A non-directory object on the way
 * whose type has a parse procedure gets the rest of the name: symbolic links answer
 * STATUS_REPARSE with a new absolute name and the walk starts again at the root (at most
 * OBP_MAX_REPARSE times), the I/O manager's devices will open files. The caller's name is
 * copied to pool only when a parse procedure is about to see it, since it may replace it.
 */
#include "obp.h"

#define OBP_MAX_REPARSE 32

static BOOLEAN
ObpIsDirectory(PVOID Object)
{
    return ObGetObjectType(Object) == ObpDirectoryObjectType;
}

/* Empty components ("\A\\B", "\A\") and odd lengths are STATUS_OBJECT_NAME_INVALID; an absolute
 * name without a root must start with a backslash, a relative one with a root must not. */
NTSTATUS
ObpValidateName(PCUNICODE_STRING Name, BOOLEAN HasRoot)
{
    ULONG Count = Name->Length / sizeof(WCHAR), I;

    if ((Name->Length & 1) != 0 || Name->Length > Name->MaximumLength)
        return STATUS_OBJECT_NAME_INVALID;
    if (Count == 0)
        return HasRoot ? STATUS_SUCCESS : STATUS_OBJECT_PATH_SYNTAX_BAD;
    if ((Name->Buffer[0] == OBJ_NAME_PATH_SEPARATOR) == HasRoot)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (Count == 1 && !HasRoot)
        return STATUS_SUCCESS; /* "\" is the root itself */
    for (I = 1; I < Count; I++)
    {
        if (Name->Buffer[I] == OBJ_NAME_PATH_SEPARATOR &&
            Name->Buffer[I - 1] == OBJ_NAME_PATH_SEPARATOR)
            return STATUS_OBJECT_NAME_INVALID;
    }
    if (Name->Buffer[Count - 1] == OBJ_NAME_PATH_SEPARATOR)
        return STATUS_OBJECT_NAME_INVALID;
    return STATUS_SUCCESS;
}

/* The final component: find it, or name Lookup->InsertObject there when it is free. */
static NTSTATUS
ObpLookupFinal(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Component, POBP_LOOKUP Lookup,
               PVOID *Found)
{
    NTSTATUS Status;
    KIRQL OldIrql;

    if (Lookup->InsertObject != NULL)
    {
        /* The descriptor comes before the name: once named, the object can be opened. */
        Status = ObpAssignSecurity(Lookup->InsertObject, Directory, Lookup->AccessState,
                                   Lookup->InsertSecurityDescriptor);
        if (!NT_SUCCESS(Status))
            return Status;
        Status =
            ObpInsertEntry(Directory, Lookup->InsertObject, Component, Lookup->Attributes, Found);
        if (NT_SUCCESS(Status))
        {
            Lookup->Inserted = TRUE;
            *Found = Lookup->InsertObject;
            return STATUS_SUCCESS;
        }
        return Status == STATUS_OBJECT_NAME_COLLISION ? STATUS_SUCCESS : Status;
    }
    OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
    *Found = ObpFindEntry(Directory, Component, (Lookup->Attributes & OBJ_CASE_INSENSITIVE) != 0);
    if (*Found != NULL)
        ObfReferenceObject(*Found);
    KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
    return STATUS_SUCCESS;
}

/* Hand the rest of the name (from Offset, in bytes) to Object's parse procedure. */
static NTSTATUS
ObpCallParse(PVOID Object, PUNICODE_STRING CompleteName, USHORT Offset, POBP_LOOKUP Lookup,
             PVOID *Found)
{
    POB_PARSE_PROCEDURE Parse = ObGetObjectType(Object)->ParseProcedure;
    UNICODE_STRING Remaining;
    PWCH Copy;

    if (!Lookup->NameInPool)
    {
        Copy = ExAllocatePoolWithTag(NonPagedPoolNx, CompleteName->Length + sizeof(WCHAR),
                                     OBP_NAME_TAG);
        if (Copy == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlCopyMemory(Copy, CompleteName->Buffer, CompleteName->Length);
        Copy[CompleteName->Length / sizeof(WCHAR)] = UNICODE_NULL;
        CompleteName->Buffer = Copy;
        CompleteName->MaximumLength = CompleteName->Length + sizeof(WCHAR);
        Lookup->NameInPool = TRUE;
    }
    Remaining.Buffer = (PWCH)((PUCHAR)CompleteName->Buffer + Offset);
    Remaining.Length = CompleteName->Length - Offset;
    Remaining.MaximumLength = Remaining.Length;
    return Parse(Object, Lookup->ObjectType, NULL, Lookup->AccessMode, Lookup->Attributes,
                 CompleteName, &Remaining, Lookup->ParseContext, NULL, Found);
}

/*
 * Walk Name from Offset (bytes, the start of a component) in Current, a referenced directory
 * whose reference this consumes. *Found is referenced unless Lookup->Inserted.
 */
static NTSTATUS
ObpWalk(PVOID Current, PUNICODE_STRING Name, USHORT Offset, POBP_LOOKUP Lookup, PVOID *Found)
{
    USHORT Length = Name->Length, End;
    UNICODE_STRING Component;
    PVOID Next = NULL;
    NTSTATUS Status;
    KIRQL OldIrql;

    if (Offset >= Length)
    {
        *Found = Current; /* "\" or an empty relative name: the directory itself */
        return STATUS_SUCCESS;
    }
    for (;;)
    {
        for (End = Offset; End < Length && Name->Buffer[End / sizeof(WCHAR)] != L'\\';
             End += sizeof(WCHAR))
            ;
        Component.Buffer = (PWCH)((PUCHAR)Name->Buffer + Offset);
        Component.Length = Component.MaximumLength = End - Offset;
        if (Component.Length == 0)
        {
            ObfDereferenceObject(Current);
            return STATUS_OBJECT_NAME_INVALID;
        }
        if (End == Length)
        {
            Status = ObpLookupFinal(Current, &Component, Lookup, &Next);
        }
        else
        {
            Status = STATUS_SUCCESS;
            OldIrql = KeAcquireSpinLockRaiseToDpc(&ObpNamespaceLock);
            Next =
                ObpFindEntry(Current, &Component, (Lookup->Attributes & OBJ_CASE_INSENSITIVE) != 0);
            if (Next != NULL)
                ObfReferenceObject(Next);
            KeReleaseSpinLock(&ObpNamespaceLock, OldIrql);
        }
        ObfDereferenceObject(Current);
        if (!NT_SUCCESS(Status))
            return Status;
        if (Next == NULL)
            return End == Length ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
        if (Lookup->Inserted || ObpIsDirectory(Next))
        {
            if (End == Length)
            {
                *Found = Next;
                return STATUS_SUCCESS;
            }
            Current = Next;
            Offset = End + sizeof(WCHAR);
            continue;
        }
        if (ObGetObjectType(Next)->ParseProcedure != NULL)
        {
            Status = ObpCallParse(Next, Name, End, Lookup, Found);
            ObfDereferenceObject(Next);
            if (NT_SUCCESS(Status) && Status != STATUS_REPARSE && *Found == NULL)
                return STATUS_OBJECT_NAME_NOT_FOUND;
            return Status;
        }
        if (End != Length)
        {
            ObfDereferenceObject(Next);
            return STATUS_OBJECT_TYPE_MISMATCH; /* a path through something not a directory */
        }
        *Found = Next;
        return STATUS_SUCCESS;
    }
}

/* Where the walk starts: the root, or the root directory handle's object. */
static NTSTATUS
ObpLookupStart(HANDLE RootDirectory, PUNICODE_STRING Name, POBP_LOOKUP Lookup, PVOID *Found)
{
    PVOID Root;
    NTSTATUS Status;

    if (RootDirectory == NULL)
    {
        ObfReferenceObject(ObpRootDirectory);
        return ObpWalk(ObpRootDirectory, Name, sizeof(WCHAR), Lookup, Found);
    }
    Status = ObReferenceObjectByHandle(RootDirectory, 0, NULL, Lookup->AccessMode, &Root, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObpIsDirectory(Root))
        return ObpWalk(Root, Name, 0, Lookup, Found);
    if (ObGetObjectType(Root)->ParseProcedure == NULL)
    {
        ObfDereferenceObject(Root);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    Status = ObpCallParse(Root, Name, 0, Lookup, Found);
    ObfDereferenceObject(Root);
    if (NT_SUCCESS(Status) && Status != STATUS_REPARSE && *Found == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return Status;
}

/*
 * Resolve ObjectName (relative to RootDirectory when given). On success *Object is the
 * object found, referenced, or Lookup->InsertObject now named (Lookup->Inserted, no new
 * reference). A found object of the wrong type is not an error here: callers decide.
 */
NTSTATUS
ObpLookupObjectName(HANDLE RootDirectory, PCUNICODE_STRING ObjectName, POBP_LOOKUP Lookup,
                    PVOID *Object)
{
    UNICODE_STRING Name;
    NTSTATUS Status;
    ULONG Reparse;

    *Object = NULL;
    Lookup->Inserted = FALSE;
    Lookup->NameInPool = FALSE;
    Status = ObpValidateName(ObjectName, RootDirectory != NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Name = *ObjectName;
    Status = ObpLookupStart(RootDirectory, &Name, Lookup, Object);
    for (Reparse = 0; Status == STATUS_REPARSE; Reparse++)
    {
        *Object = NULL;
        if (Reparse == OBP_MAX_REPARSE)
        {
            Status = STATUS_OBJECT_NAME_NOT_FOUND;
            break;
        }
        Status = ObpValidateName(&Name, FALSE);
        if (NT_SUCCESS(Status))
            Status = ObpLookupStart(NULL, &Name, Lookup, Object);
    }
    if (Lookup->NameInPool)
        ExFreePool(Name.Buffer);
    if (!NT_SUCCESS(Status))
        *Object = NULL;
    return Status;
}
