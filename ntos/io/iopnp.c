/* SPDX-License-Identifier: MIT */
/*
 * Plug and Play entry points. Basalt has no PnP manager yet: no device tree, no physical
 * device objects, no interfaces or device registry keys. WDM drivers import these even when
 * they run as legacy drivers, so they are exported — and fail loudly: STATUS_NOT_IMPLEMENTED
 * and one log line per routine naming it, the routines without a status only the line.
 */
#include "iop.h"

static VOID
IopReportNoPnp(PCSTR Routine, volatile LONG *Reported)
{
    if (InterlockedExchange(Reported, 1) == 0)
        DbgPrint("Io: %s is not implemented (no Plug and Play manager)\n", Routine);
}

#define IOP_NO_PNP()                         \
    do                                       \
    {                                        \
        static volatile LONG Reported;       \
        IopReportNoPnp(__func__, &Reported); \
    } while (0)

NTSTATUS NTAPI
IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject, CONST GUID *InterfaceClassGuid,
                          PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName)
{
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    UNREFERENCED_PARAMETER(InterfaceClassGuid);
    UNREFERENCED_PARAMETER(ReferenceString);
    RtlZeroMemory(SymbolicLinkName, sizeof(*SymbolicLinkName));
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable)
{
    UNREFERENCED_PARAMETER(SymbolicLinkName);
    UNREFERENCED_PARAMETER(Enable);
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoGetDeviceInterfaces(CONST GUID *InterfaceClassGuid, PDEVICE_OBJECT PhysicalDeviceObject,
                      ULONG Flags, PWSTR *SymbolicLinkList)
{
    UNREFERENCED_PARAMETER(InterfaceClassGuid);
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    UNREFERENCED_PARAMETER(Flags);
    *SymbolicLinkList = NULL;
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoOpenDeviceInterfaceRegistryKey(PUNICODE_STRING SymbolicLinkName, ACCESS_MASK DesiredAccess,
                                 PHANDLE DeviceInterfaceKey)
{
    UNREFERENCED_PARAMETER(SymbolicLinkName);
    UNREFERENCED_PARAMETER(DesiredAccess);
    *DeviceInterfaceKey = NULL;
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject, ULONG DevInstKeyType,
                        ACCESS_MASK DesiredAccess, PHANDLE DevInstRegKey)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(DevInstKeyType);
    UNREFERENCED_PARAMETER(DesiredAccess);
    *DevInstRegKey = NULL;
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty,
                    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(DeviceProperty);
    UNREFERENCED_PARAMETER(BufferLength);
    UNREFERENCED_PARAMETER(PropertyBuffer);
    *ResultLength = 0;
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI
IoRegisterPlugPlayNotification(IO_NOTIFICATION_EVENT_CATEGORY EventCategory,
                               ULONG EventCategoryFlags, PVOID EventCategoryData,
                               PDRIVER_OBJECT DriverObject,
                               PDRIVER_NOTIFICATION_CALLBACK_ROUTINE CallbackRoutine, PVOID Context,
                               PVOID *NotificationEntry)
{
    UNREFERENCED_PARAMETER(EventCategory);
    UNREFERENCED_PARAMETER(EventCategoryFlags);
    UNREFERENCED_PARAMETER(EventCategoryData);
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(CallbackRoutine);
    UNREFERENCED_PARAMETER(Context);
    *NotificationEntry = NULL;
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

/* Nothing was ever registered (IoRegisterPlugPlayNotification fails), so nothing to undo. */
NTSTATUS NTAPI
IoUnregisterPlugPlayNotification(PVOID NotificationEntry)
{
    UNREFERENCED_PARAMETER(NotificationEntry);
    IOP_NO_PNP();
    return STATUS_NOT_IMPLEMENTED;
}

VOID NTAPI
IoInvalidateDeviceRelations(PDEVICE_OBJECT DeviceObject, DEVICE_RELATION_TYPE Type)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    IOP_NO_PNP();
}

VOID NTAPI
IoInvalidateDeviceState(PDEVICE_OBJECT PhysicalDeviceObject)
{
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    IOP_NO_PNP();
}

VOID NTAPI
IoRequestDeviceEject(PDEVICE_OBJECT PhysicalDeviceObject)
{
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    IOP_NO_PNP();
}
