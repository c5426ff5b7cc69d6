/* SPDX-License-Identifier: MIT */
/*
 * edu.sys: interrupts and DMA from real (emulated) hardware, QEMU's edu PCI device
 * (scripts/lib/qemu.sh adds it). Built against the DDK headers only. With no PnP manager to
 * hand it a PDO and resources, it finds the device as an NT4-era driver did, scanning PCI
 * configuration space with HalGetBusDataByOffset, maps BAR 0 with MmMapIoSpace and turns on
 * memory decoding and bus mastering itself, in DriverEntry. The cases run when the kernel's
 * Drivers self-test suite asks \Device\KtTestEdu for them (kttest.h); each connects and
 * disconnects what it uses. On a machine without the device it makes no reporting device:
 * there is nothing to test (the boot tests, always given the device, count the cases).
 */
#include "edu.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD EduUnload;

EDU Edu;
PDEVICE_OBJECT EduDevice;
static NTSTATUS EduStartStatus;

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

PCSTR
EduFail(PCSTR What, ULONG64 Value)
{
    static CHAR Message[sizeof(((PKTTEST_RESULT)NULL)->Message)];

    _snprintf(Message, sizeof(Message) - 1, "%s (0x%I64X)", What, Value);
    Message[sizeof(Message) - 1] = 0;
    return Message;
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
    return STATUS_SUCCESS;
}

/* DriverEntry started the device it found. */
static PCSTR
EduCaseStarted(VOID)
{
    EXPECT(NT_SUCCESS(EduStartStatus), "cannot start the device: status", (ULONG)EduStartStatus);
    EXPECT_STARTED();
    return NULL;
}

/* The registers answer as documented: identification and the liveness check. */
static PCSTR
EduCaseRegistersAnswer(VOID)
{
    ULONG Id;

    EXPECT_STARTED();
    Id = EduRead(EDU_ID);
    EXPECT((Id & 0xFF) == 0xED, "identification register reads", Id);
    EduWrite(EDU_LIVENESS, 0x12345678);
    EXPECT(EduRead(EDU_LIVENESS) == ~0x12345678u, "liveness register reads", EduRead(EDU_LIVENESS));
    return NULL;
}

static const KTTEST_CASE EduCases[] = {
    {"the device started: BAR 0 mapped, decoding on", EduCaseStarted},
    {"registers answer", EduCaseRegistersAnswer},
    {"line interrupt reaches the ISR at DIRQL, and its DPC runs", EduCaseLineInterrupt},
    {"KeSynchronizeExecution holds the ISR off", EduCaseSynchronizeExecution},
    {"a disconnected ISR is not called", EduCaseDisconnect},
    {"MSI reaches the message ISR", EduCaseMessageInterrupt},
    {"DMA round trip through a common buffer", EduCaseDmaRoundTrip},
};

static VOID NTAPI
EduUnload(PDRIVER_OBJECT DriverObject)
{
    if (Edu.Registers != NULL)
        MmUnmapIoSpace((PVOID)Edu.Registers, EDU_REGISTERS_SIZE);
    Edu.Registers = NULL;
    KtTestUnload(DriverObject);
}

/* The PCI function, then the device objects. A device that does not start fails the first
 * case rather than DriverEntry, so that the self-test lines say what went wrong. */
NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Report;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = EduUnload;
    if (!EduFind())
    {
        DbgPrint("edu.sys: no edu device (PCI %04X:%04X) found\n", EDU_VENDOR, EDU_DEVICE);
        return STATUS_SUCCESS;
    }
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &EduDevice);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KtTestCreateDevice(DriverObject, L"\\Device\\" KTTEST_DEVICE_PREFIX L"Edu", EduCases,
                                RTL_NUMBER_OF(EduCases), &Report);
    if (!NT_SUCCESS(Status))
    {
        IoDeleteDevice(EduDevice);
        return Status;
    }
    EduInitializeInterrupts();
    EduStartStatus = EduStart();
    DbgPrint("edu.sys: device at %02X:%02X.%X, BAR 0 at %I64X, Interrupt Line %u, MSI at 0x%02X\n",
             Edu.Bus, Edu.Slot.u.bits.DeviceNumber, Edu.Slot.u.bits.FunctionNumber,
             Edu.Bar0.QuadPart, Edu.InterruptLine, Edu.MsiCapability);
    return STATUS_SUCCESS;
}
