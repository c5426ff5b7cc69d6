/* SPDX-License-Identifier: MIT */
/*
 * Compile-time checks that the structures drivers share with the kernel have the documented
 * Windows x64 sizes and offsets. The types come from mingw-w64's DDK headers; if a header
 * update or a compiler flag changes a layout, the kernel stops building instead of breaking
 * drivers silently.
 */
#include "ntos.h"

#define KI_LAYOUT(Type, Size) C_ASSERT(sizeof(Type) == (Size))
#define KI_OFFSET(Type, Field, Offset) C_ASSERT(FIELD_OFFSET(Type, Field) == (Offset))

KI_LAYOUT(LIST_ENTRY, 0x10);
KI_LAYOUT(UNICODE_STRING, 0x10);
KI_OFFSET(UNICODE_STRING, Buffer, 0x08);
KI_LAYOUT(DISPATCHER_HEADER, 0x18);

KI_LAYOUT(KEVENT, 0x18);
KI_LAYOUT(KDPC, 0x40);
KI_OFFSET(KDPC, DpcListEntry, 0x08);
KI_OFFSET(KDPC, DeferredRoutine, 0x18);
KI_OFFSET(KDPC, DeferredContext, 0x20);
KI_OFFSET(KDPC, DpcData, 0x38);
KI_LAYOUT(KTIMER, 0x40);
KI_OFFSET(KTIMER, DueTime, 0x18);
KI_OFFSET(KTIMER, TimerListEntry, 0x20);
KI_OFFSET(KTIMER, Dpc, 0x30);
KI_OFFSET(KTIMER, Processor, 0x38);
KI_OFFSET(KTIMER, Period, 0x3C);

KI_LAYOUT(MDL, 0x30);
KI_OFFSET(MDL, Next, 0x00);
KI_OFFSET(MDL, Size, 0x08);
KI_OFFSET(MDL, MdlFlags, 0x0A);
KI_OFFSET(MDL, Process, 0x10);
KI_OFFSET(MDL, MappedSystemVa, 0x18);
KI_OFFSET(MDL, StartVa, 0x20);
KI_OFFSET(MDL, ByteCount, 0x28);
KI_OFFSET(MDL, ByteOffset, 0x2C);

KI_LAYOUT(IRP, 0xD0);
KI_OFFSET(IRP, MdlAddress, 0x08);
KI_OFFSET(IRP, Flags, 0x10);
KI_OFFSET(IRP, AssociatedIrp, 0x18);
KI_OFFSET(IRP, ThreadListEntry, 0x20);
KI_OFFSET(IRP, IoStatus, 0x30);
KI_OFFSET(IRP, RequestorMode, 0x40);
KI_OFFSET(IRP, PendingReturned, 0x41);
KI_OFFSET(IRP, StackCount, 0x42);
KI_OFFSET(IRP, CurrentLocation, 0x43);
KI_OFFSET(IRP, Cancel, 0x44);
KI_OFFSET(IRP, CancelIrql, 0x45);
KI_OFFSET(IRP, UserIosb, 0x48);
KI_OFFSET(IRP, UserEvent, 0x50);
KI_OFFSET(IRP, Overlay, 0x58);
KI_OFFSET(IRP, CancelRoutine, 0x68);
KI_OFFSET(IRP, UserBuffer, 0x70);
KI_OFFSET(IRP, Tail.Overlay.Thread, 0x98);
KI_OFFSET(IRP, Tail.Overlay.ListEntry, 0xA8);
KI_OFFSET(IRP, Tail.Overlay.CurrentStackLocation, 0xB8);
KI_OFFSET(IRP, Tail.Overlay.OriginalFileObject, 0xC0);

KI_LAYOUT(IO_STACK_LOCATION, 0x48);
KI_OFFSET(IO_STACK_LOCATION, MajorFunction, 0x00);
KI_OFFSET(IO_STACK_LOCATION, MinorFunction, 0x01);
KI_OFFSET(IO_STACK_LOCATION, Flags, 0x02);
KI_OFFSET(IO_STACK_LOCATION, Control, 0x03);
KI_OFFSET(IO_STACK_LOCATION, Parameters, 0x08);
KI_OFFSET(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode, 0x18);
KI_OFFSET(IO_STACK_LOCATION, Parameters.DeviceIoControl.Type3InputBuffer, 0x20);
KI_OFFSET(IO_STACK_LOCATION, DeviceObject, 0x28);
KI_OFFSET(IO_STACK_LOCATION, FileObject, 0x30);
KI_OFFSET(IO_STACK_LOCATION, CompletionRoutine, 0x38);
KI_OFFSET(IO_STACK_LOCATION, Context, 0x40);

KI_LAYOUT(DRIVER_OBJECT, 0x150);
KI_OFFSET(DRIVER_OBJECT, DeviceObject, 0x08);
KI_OFFSET(DRIVER_OBJECT, Flags, 0x10);
KI_OFFSET(DRIVER_OBJECT, DriverStart, 0x18);
KI_OFFSET(DRIVER_OBJECT, DriverSize, 0x20);
KI_OFFSET(DRIVER_OBJECT, DriverSection, 0x28);
KI_OFFSET(DRIVER_OBJECT, DriverExtension, 0x30);
KI_OFFSET(DRIVER_OBJECT, DriverName, 0x38);
KI_OFFSET(DRIVER_OBJECT, HardwareDatabase, 0x48);
KI_OFFSET(DRIVER_OBJECT, FastIoDispatch, 0x50);
KI_OFFSET(DRIVER_OBJECT, DriverInit, 0x58);
KI_OFFSET(DRIVER_OBJECT, DriverStartIo, 0x60);
KI_OFFSET(DRIVER_OBJECT, DriverUnload, 0x68);
KI_OFFSET(DRIVER_OBJECT, MajorFunction, 0x70);

/*
 * Windows declares DEVICE_OBJECT DECLSPEC_ALIGN(16), so its sizeof is 0x150; mingw-w64's
 * header omits the alignment and yields 0x148. Every field offset matches, and the I/O
 * manager places the device extension at the 16-byte-aligned 0x150, so drivers see
 * Windows' layout either way.
 */
KI_LAYOUT(DEVICE_OBJECT, 0x148);
C_ASSERT(ALIGN_UP_BY(sizeof(DEVICE_OBJECT), 16) == 0x150);
KI_OFFSET(DEVICE_OBJECT, ReferenceCount, 0x04);
KI_OFFSET(DEVICE_OBJECT, DriverObject, 0x08);
KI_OFFSET(DEVICE_OBJECT, NextDevice, 0x10);
KI_OFFSET(DEVICE_OBJECT, AttachedDevice, 0x18);
KI_OFFSET(DEVICE_OBJECT, CurrentIrp, 0x20);
KI_OFFSET(DEVICE_OBJECT, Flags, 0x30);
KI_OFFSET(DEVICE_OBJECT, Characteristics, 0x34);
KI_OFFSET(DEVICE_OBJECT, DeviceExtension, 0x40);
KI_OFFSET(DEVICE_OBJECT, DeviceType, 0x48);
KI_OFFSET(DEVICE_OBJECT, StackSize, 0x4C);
KI_OFFSET(DEVICE_OBJECT, AlignmentRequirement, 0x98);
KI_OFFSET(DEVICE_OBJECT, Dpc, 0xC8);
KI_OFFSET(DEVICE_OBJECT, DeviceLock, 0x118);
KI_OFFSET(DEVICE_OBJECT, SectorSize, 0x130);
KI_OFFSET(DEVICE_OBJECT, DeviceObjectExtension, 0x138);

KI_LAYOUT(FILE_OBJECT, 0xD8);
KI_OFFSET(FILE_OBJECT, DeviceObject, 0x08);
KI_OFFSET(FILE_OBJECT, Vpb, 0x10);
KI_OFFSET(FILE_OBJECT, FsContext, 0x18);
KI_OFFSET(FILE_OBJECT, FsContext2, 0x20);
KI_OFFSET(FILE_OBJECT, SectionObjectPointer, 0x28);
KI_OFFSET(FILE_OBJECT, PrivateCacheMap, 0x30);
KI_OFFSET(FILE_OBJECT, FinalStatus, 0x38);
KI_OFFSET(FILE_OBJECT, RelatedFileObject, 0x40);
KI_OFFSET(FILE_OBJECT, LockOperation, 0x48);
KI_OFFSET(FILE_OBJECT, FileName, 0x58);
KI_OFFSET(FILE_OBJECT, CurrentByteOffset, 0x68);
KI_OFFSET(FILE_OBJECT, Flags, 0x50);
KI_OFFSET(FILE_OBJECT, Busy, 0x74);
KI_OFFSET(FILE_OBJECT, Lock, 0x80);
KI_OFFSET(FILE_OBJECT, Event, 0x98);
KI_OFFSET(FILE_OBJECT, CompletionContext, 0xB0);
