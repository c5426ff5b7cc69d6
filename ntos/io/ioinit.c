/* SPDX-License-Identifier: MIT */
/* I/O manager start-up: the Driver, Device and File object types, before any driver runs. */
#include "iop.h"

POBJECT_TYPE *IoDriverObjectType = &IopDriverObjectType;
POBJECT_TYPE *IoDeviceObjectType = &IopDeviceObjectType;
POBJECT_TYPE *IoFileObjectType = &IopFileObjectType;

NTSTATUS
IoInitSystem(VOID)
{
    NTSTATUS Status = IopInitializeDriverType();

    if (NT_SUCCESS(Status))
        Status = IopInitializeDeviceType();
    if (NT_SUCCESS(Status))
        Status = IopInitializeFileType();
    if (NT_SUCCESS(Status))
        IopInitializeDriverLoading();
    if (!NT_SUCCESS(Status))
        DbgPrint("Io: the object types failed: 0x%08X\n", Status);
    return Status;
}
