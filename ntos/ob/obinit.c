/* SPDX-License-Identifier: MIT */
/*
 * The boot namespace, built before any other subsystem makes a type: the Type, Directory and
 * SymbolicLink types, the root, \ObjectTypes (every type by name), \Device, \Driver,
 * \KernelObjects, \BaseNamedObjects, \GLOBAL?? for DOS device names with \?? and \DosDevices
 * leading to it (one global DOS-devices directory: there are no sessions), and
 * \GLOBAL??\Global back to it, as on NT. All of it is permanent. Se starts right after the
 * first types so that the root and everything named after it has a security descriptor.
 */
#include "obp.h"

#define OBP_DIRECTORY_TAG 0x72694444 /* "DDir" */

/* A permanent directory named Name; *Directory (optional) is an unreferenced pointer. */
static NTSTATUS
ObpCreateBootDirectory(PCWSTR Name, POBJECT_DIRECTORY *Directory)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING String;
    PVOID Object;
    NTSTATUS Status;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_PERMANENT, NULL, NULL);
    Status = ObCreateObject(KernelMode, ObpDirectoryObjectType, &Attributes, KernelMode, NULL,
                            sizeof(OBJECT_DIRECTORY), 0, 0, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObInsertObject(Object, NULL, 0, 0, NULL, NULL);
    if (NT_SUCCESS(Status) && Directory != NULL)
        *Directory = Object; /* the directory entry keeps it */
    return Status;
}

static NTSTATUS
ObpCreateRoot(VOID)
{
    static const GENERIC_MAPPING DirectoryMapping = {
        STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
        STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
        STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE, DIRECTORY_ALL_ACCESS};

    ObpDirectoryObjectType =
        ObpCreateTypeUnnamed(L"Directory", OBP_DIRECTORY_TAG, DIRECTORY_ALL_ACCESS, NULL);
    if (ObpDirectoryObjectType == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObpDirectoryObjectType->GenericMapping = DirectoryMapping;
    /* The root has no name and no directory; this first reference is never dropped. */
    return ObpCreateObject(ObpDirectoryObjectType, sizeof(OBJECT_DIRECTORY),
                           (PVOID *)&ObpRootDirectory);
}

static NTSTATUS
ObpNameBootTypes(VOID)
{
    NTSTATUS Status = ObpNameType(ObpTypeObjectType);

    if (NT_SUCCESS(Status))
        Status = ObpNameType(ObpDirectoryObjectType);
    if (NT_SUCCESS(Status))
        Status = ObpNameType(ObpSymbolicLinkObjectType);
    if (NT_SUCCESS(Status))
        Status = ObpNameType(*SeTokenObjectType);
    return Status;
}

NTSTATUS
ObInitSystem(VOID)
{
    static const PCWSTR Directories[] = {L"\\Device", L"\\Driver", L"\\KernelObjects",
                                         L"\\BaseNamedObjects", L"\\GLOBAL??"};
    NTSTATUS Status;
    ULONG I;

    KeInitializeSpinLock(&ObpNamespaceLock);
    Status = ObpCreateRoot();
    if (NT_SUCCESS(Status))
        Status = ObpInitializeSymbolicLinks();
    if (NT_SUCCESS(Status))
        Status = SeInitSystem();
    if (NT_SUCCESS(Status))
        Status = ObpAssignSecurity(ObpRootDirectory, NULL, NULL, NULL);
    if (NT_SUCCESS(Status))
        Status = ObpCreateBootDirectory(L"\\ObjectTypes", &ObpTypeDirectory);
    if (NT_SUCCESS(Status))
        Status = ObpNameBootTypes();
    for (I = 0; NT_SUCCESS(Status) && I < RTL_NUMBER_OF(Directories); I++)
        Status = ObpCreateBootDirectory(Directories[I], NULL);
    if (NT_SUCCESS(Status))
        Status = ObpCreateSymbolicLink(L"\\??", L"\\GLOBAL??");
    if (NT_SUCCESS(Status))
        Status = ObpCreateSymbolicLink(L"\\DosDevices", L"\\??");
    if (NT_SUCCESS(Status))
        Status = ObpCreateSymbolicLink(L"\\GLOBAL??\\Global", L"\\GLOBAL??");
    if (!NT_SUCCESS(Status))
        DbgPrint("Ob: the boot namespace failed: 0x%08X\n", Status);
    return Status;
}
