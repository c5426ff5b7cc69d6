/* SPDX-License-Identifier: MIT */
/*
 * Small I/O manager services: WMI registration (accepted; there is no WMI), shutdown
 * notification lists, the WDM version, the current stack's limits and error log entries
 * (logged on the debug port, as there is no event log).
 */
#include "iop.h"

typedef struct _IOP_SHUTDOWN_ENTRY
{
    LIST_ENTRY Link;
    PDEVICE_OBJECT DeviceObject; /* referenced while registered */
    BOOLEAN LastChance;
} IOP_SHUTDOWN_ENTRY, *PIOP_SHUTDOWN_ENTRY;

static KSPIN_LOCK IopShutdownLock;
static LIST_ENTRY IopShutdownList = {&IopShutdownList, &IopShutdownList};

/* Drivers register with WMI through this; without WMI there is nothing to refuse. */
NTSTATUS NTAPI
IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Action);
    return STATUS_SUCCESS;
}

static NTSTATUS
IopRegisterShutdown(PDEVICE_OBJECT DeviceObject, BOOLEAN LastChance)
{
    PIOP_SHUTDOWN_ENTRY Entry = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), IOP_MISC_TAG);
    KIRQL OldIrql;

    if (Entry == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObfReferenceObject(DeviceObject);
    Entry->DeviceObject = DeviceObject;
    Entry->LastChance = LastChance;
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopShutdownLock);
    InsertHeadList(&IopShutdownList, &Entry->Link); /* NT calls the last registered first */
    KeReleaseSpinLock(&IopShutdownLock, OldIrql);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI
IoRegisterShutdownNotification(PDEVICE_OBJECT DeviceObject)
{
    return IopRegisterShutdown(DeviceObject, FALSE);
}

NTSTATUS NTAPI
IoRegisterLastChanceShutdownNotification(PDEVICE_OBJECT DeviceObject)
{
    return IopRegisterShutdown(DeviceObject, TRUE);
}

/* Every registration of the device goes, of either kind. */
VOID NTAPI
IoUnregisterShutdownNotification(PDEVICE_OBJECT DeviceObject)
{
    PLIST_ENTRY Link, Next;
    PIOP_SHUTDOWN_ENTRY Entry;
    LIST_ENTRY Removed;
    KIRQL OldIrql;

    InitializeListHead(&Removed);
    OldIrql = KeAcquireSpinLockRaiseToDpc(&IopShutdownLock);
    for (Link = IopShutdownList.Flink; Link != &IopShutdownList; Link = Next)
    {
        Next = Link->Flink;
        Entry = CONTAINING_RECORD(Link, IOP_SHUTDOWN_ENTRY, Link);
        if (Entry->DeviceObject == DeviceObject)
        {
            RemoveEntryList(Link);
            InsertTailList(&Removed, Link);
        }
    }
    KeReleaseSpinLock(&IopShutdownLock, OldIrql);
    while (!IsListEmpty(&Removed))
    {
        Entry = CONTAINING_RECORD(RemoveHeadList(&Removed), IOP_SHUTDOWN_ENTRY, Link);
        ObfDereferenceObject(Entry->DeviceObject);
        ExFreePoolWithTag(Entry, IOP_MISC_TAG);
    }
}

BOOLEAN
IopIsShutdownRegistered(PDEVICE_OBJECT DeviceObject, BOOLEAN LastChance)
{
    PLIST_ENTRY Link;
    PIOP_SHUTDOWN_ENTRY Entry;
    BOOLEAN Found = FALSE;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopShutdownLock);

    for (Link = IopShutdownList.Flink; Link != &IopShutdownList && !Found; Link = Link->Flink)
    {
        Entry = CONTAINING_RECORD(Link, IOP_SHUTDOWN_ENTRY, Link);
        Found = Entry->DeviceObject == DeviceObject && Entry->LastChance == LastChance;
    }
    KeReleaseSpinLock(&IopShutdownLock, OldIrql);
    return Found;
}

/* The WDM version of the DDK the kernel is built against (6.00: Windows Vista and later). */
BOOLEAN NTAPI
IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion)
{
    return MajorVersion < WDM_MAJORVERSION ||
           (MajorVersion == WDM_MAJORVERSION && MinorVersion <= WDM_MINORVERSION);
}

VOID NTAPI
IoGetStackLimits(PULONG_PTR LowLimit, PULONG_PTR HighLimit)
{
    PKTHREAD Thread = KeGetCurrentThread();

    *LowLimit = (ULONG_PTR)Thread->StackLimit;
    *HighLimit = (ULONG_PTR)Thread->StackBase;
}

/* The top of the current thread's kernel stack (no floating-point save area sits there). */
PVOID NTAPI
IoGetInitialStack(VOID)
{
    return KeGetCurrentThread()->StackBase;
}

PGENERIC_MAPPING NTAPI
IoGetFileObjectGenericMapping(VOID)
{
    return &IopFileObjectType->GenericMapping;
}

/* A link anyone may use, change or delete: its DACL grants the World SID everything (the
 * default descriptor would keep it to the system and administrators). */
NTSTATUS NTAPI
IoCreateUnprotectedSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
    ULONG Buffer[(sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + sizeof(SID)) / 4]; /* World: 1 RID */
    SECURITY_DESCRIPTOR Security;
    PACL Dacl = (PACL)Buffer;
    NTSTATUS Status;

    PAGED_CODE();
    Status = RtlCreateSecurityDescriptor(&Security, SECURITY_DESCRIPTOR_REVISION);
    if (NT_SUCCESS(Status))
        Status = RtlCreateAcl(Dacl, sizeof(Buffer), ACL_REVISION);
    if (NT_SUCCESS(Status))
        Status = RtlAddAccessAllowedAce(Dacl, ACL_REVISION, GENERIC_ALL, SeExports->SeWorldSid);
    if (NT_SUCCESS(Status))
        Status = RtlSetDaclSecurityDescriptor(&Security, TRUE, Dacl, FALSE);
    if (!NT_SUCCESS(Status))
        return Status;
    return IopCreateSymbolicLink(SymbolicLinkName, DeviceName, &Security);
}

/* A zeroed entry of EntrySize bytes; NULL past NT's maximum or without an object. */
PVOID NTAPI
IoAllocateErrorLogEntry(PVOID IoObject, UCHAR EntrySize)
{
    PVOID Entry;

    if (IoObject == NULL || EntrySize < sizeof(IO_ERROR_LOG_PACKET) ||
        EntrySize > ERROR_LOG_MAXIMUM_SIZE)
        return NULL;
    Entry = ExAllocatePoolWithTag(NonPagedPoolNx, EntrySize, IOP_MISC_TAG);
    if (Entry != NULL)
        RtlZeroMemory(Entry, EntrySize);
    return Entry;
}

VOID NTAPI
IoFreeErrorLogEntry(PVOID ElEntry)
{
    ExFreePoolWithTag(ElEntry, IOP_MISC_TAG);
}

VOID NTAPI
IoWriteErrorLogEntry(PVOID ElEntry)
{
    PIO_ERROR_LOG_PACKET Packet = ElEntry;

    DbgPrint("Io: error log: code 0x%08X status 0x%08X major %u unique %u\n", Packet->ErrorCode,
             Packet->FinalStatus, Packet->MajorFunctionCode, Packet->UniqueErrorValue);
    IoFreeErrorLogEntry(ElEntry);
}
