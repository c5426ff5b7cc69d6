/* SPDX-License-Identifier: MIT */
/*
 * edu.sys: interrupts and DMA from real (emulated) hardware, QEMU's edu PCI device
 * (scripts/lib/qemu.sh adds it). Built against the DDK headers only. With no PnP manager to
 * hand it a PDO and resources, it finds the device as an NT4-era driver did, scanning PCI
 * configuration space with HalGetBusDataByOffset, maps BAR 0 with MmMapIoSpace and turns on
 * memory decoding and bus mastering itself. Every case prints "edu.sys: <case>: ok" or
 * "FAILED: <why>", then a closing "edu.sys: N case(s) failed"; DriverEntry fails if any did.
 * Without the device (a machine without it) nothing runs and the closing line says so.
 */
#include "edu.h"

DRIVER_INITIALIZE DriverEntry;

EDU Edu;
PDEVICE_OBJECT EduDevice;
static ULONG Failures;
static BOOLEAN Failed;
static PCSTR Reason;
static ULONG64 ReasonValue;

ULONG
EduRead(ULONG Register)
{
    return Edu.Registers[Register / 4];
}

VOID
EduWrite(ULONG Register, ULONG Value)
{
    Edu.Registers[Register / 4] = Value;
}

VOID
EduWrite64(ULONG Register, ULONG64 Value)
{
    *(volatile ULONG64 *)&Edu.Registers[Register / 4] = Value;
}

VOID
EduFail(PCSTR What, ULONG64 Value)
{
    if (Failed)
        return;
    Failed = TRUE;
    Reason = What;
    ReasonValue = Value;
}

BOOLEAN
EduFailed(VOID)
{
    return Failed;
}

static VOID
EduRun(PCSTR Name, VOID (*Case)(VOID))
{
    Failed = FALSE;
    Case();
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
    {
        EduFail("case returned above PASSIVE_LEVEL, at IRQL", KeGetCurrentIrql());
        KeLowerIrql(PASSIVE_LEVEL);
    }
    if (!Failed)
    {
        DbgPrint("edu.sys: %s: ok\n", Name);
        return;
    }
    Failures++;
    DbgPrint("edu.sys: %s: FAILED: %s (0x%I64X)\n", Name, Reason, ReasonValue);
}

static BOOLEAN
EduIsAt(ULONG Bus, PCI_SLOT_NUMBER Slot)
{
    USHORT Ids[2];

    return HalGetBusDataByOffset(PCIConfiguration, Bus, Slot.u.AsULONG, Ids, 0, sizeof(Ids)) ==
               sizeof(Ids) &&
           Ids[0] == EDU_VENDOR && Ids[1] == EDU_DEVICE;
}

/* The first edu function on any bus; FALSE when there is none. */
static BOOLEAN
EduFind(VOID)
{
    PCI_SLOT_NUMBER Slot;
    ULONG Bus, Device, Function;
    USHORT Vendor;

    for (Bus = 0; Bus < 256; Bus++)
    {
        for (Device = 0; Device < PCI_MAX_DEVICES; Device++)
        {
            for (Function = 0; Function < PCI_MAX_FUNCTION; Function++)
            {
                Slot.u.AsULONG = 0;
                Slot.u.bits.DeviceNumber = Device;
                Slot.u.bits.FunctionNumber = Function;
                if (HalGetBusDataByOffset(PCIConfiguration, Bus, Slot.u.AsULONG, &Vendor, 0, 2) !=
                        2 ||
                    Vendor == PCI_INVALID_VENDORID)
                    continue;
                if (EduIsAt(Bus, Slot))
                {
                    Edu.Bus = Bus;
                    Edu.Slot = Slot;
                    return TRUE;
                }
            }
        }
    }
    return FALSE;
}

/* The MSI capability's offset, walking the capability list; 0 when absent. */
static UCHAR
EduFindMsi(VOID)
{
    UCHAR Next = 0, Header[2];
    USHORT Status = 0;
    ULONG Hops;

    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Status, 6, 2);
    if (!(Status & PCI_STATUS_CAPABILITIES_LIST))
        return 0;
    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Next, 0x34, 1);
    for (Hops = 0; Next >= 0x40 && Hops < 48; Hops++)
    {
        HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, Header, Next, 2);
        if (Header[0] == PCI_CAPABILITY_ID_MSI)
            return Next;
        Next = Header[1];
    }
    return 0;
}

/* BAR 0 mapped, memory decoding and bus mastering on, INTx not disabled. */
static NTSTATUS
EduStart(VOID)
{
    ULONG Bar = 0;
    USHORT Command = 0;

    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Bar, 0x10, 4);
    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Edu.InterruptLine, 0x3C,
                          1);
    if ((Bar & 1) || (Bar & ~0xFu) == 0)
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    Edu.Bar0.QuadPart = Bar & ~0xFu;
    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Command, 4, 2);
    Command |= PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER;
    Command &= ~0x400; /* Interrupt Disable */
    HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Edu.Slot.u.AsULONG, &Command, 4, 2);
    Edu.Registers = MmMapIoSpace(Edu.Bar0, EDU_REGISTERS_SIZE, MmNonCached);
    if (Edu.Registers == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Edu.MsiCapability = EduFindMsi();
    IoInitializeDpcRequest(EduDevice, NULL); /* the interrupt cases set the routine */
    return STATUS_SUCCESS;
}

/* The registers answer as documented: identification and the liveness check. */
static VOID
EduRegistersAnswer(VOID)
{
    ULONG Id = EduRead(EDU_ID);

    EXPECT((Id & 0xFF) == 0xED, "identification register reads", Id);
    EduWrite(EDU_LIVENESS, 0x12345678);
    EXPECT(EduRead(EDU_LIVENESS) == ~0x12345678u, "liveness register reads", EduRead(EDU_LIVENESS));
}

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    /* The device object interrupts and DMA are connected for (there is no PnP manager to
     * give a physical device object; this one stands for the PCI function). */
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &EduDevice);
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("edu.sys: IoCreateDevice failed: 0x%08X\n", Status);
        DbgPrint("edu.sys: 1 case(s) failed\n");
        return Status;
    }
    if (!EduFind())
    {
        DbgPrint("edu.sys: no edu device (PCI %04X:%04X) found\n", EDU_VENDOR, EDU_DEVICE);
        DbgPrint("edu.sys: 1 case(s) failed\n");
        return STATUS_NO_SUCH_DEVICE;
    }
    Status = EduStart();
    DbgPrint("edu.sys: device at %02X:%02X.%X, BAR 0 at %I64X, Interrupt Line %u, MSI at 0x%02X\n",
             Edu.Bus, Edu.Slot.u.bits.DeviceNumber, Edu.Slot.u.bits.FunctionNumber,
             Edu.Bar0.QuadPart, Edu.InterruptLine, Edu.MsiCapability);
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("edu.sys: cannot start the device: 0x%08X\n", Status);
        DbgPrint("edu.sys: 1 case(s) failed\n");
        return Status;
    }
    EduRun("registers answer", EduRegistersAnswer);
    EduRunInterruptCases(EduRun);
    EduRunDmaCases(EduRun);
    MmUnmapIoSpace((PVOID)Edu.Registers, EDU_REGISTERS_SIZE);
    DbgPrint("edu.sys: %u case(s) failed\n", Failures);
    return Failures == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
