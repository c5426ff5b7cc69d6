/* SPDX-License-Identifier: MIT */
/*
 * edu.sys interrupt cases. The device raises its interrupt when a value is written to its
 * raise register and keeps it asserted until the ISR acknowledges every bit: a level-triggered
 * PCI INTx line, or, once its MSI capability is programmed and enabled, a message. The line
 * is found as an NT4 driver found it: the Interrupt Line register the firmware filled in,
 * translated by HalGetInterruptVector. No PCI bus driver programs MSI in Basalt yet, so this
 * driver writes the address and data IoConnectInterruptEx returns into the capability.
 * Every case connects what it uses and disconnects it before returning, so that the cases
 * do not depend on one another's order.
 */
#include "edu.h"

#define EDU_MSI_CONTROL 2
#define EDU_MSI_64BIT 0x80
#define EDU_MSI_ENABLE 0x01
#define EDU_MSI_MULTIPLE 0x70
#define EDU_TIMEOUT_100NS (-10000000ll) /* 1 s */

typedef struct _EDU_INTERRUPT_STATE
{
    volatile LONG Calls;
    KIRQL Irql;
    ULONG Status;
    ULONG MessageId;
    volatile LONG DpcCalls;
    KIRQL DpcIrql;
    KEVENT Done;
} EDU_INTERRUPT_STATE;

static EDU_INTERRUPT_STATE State;
static PKINTERRUPT Line;
static ULONG LineVector;
static KIRQL LineIrql;

static BOOLEAN NTAPI
EduIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
    EDU_INTERRUPT_STATE *S = ServiceContext;
    ULONG Status = EduRead(EDU_IRQ_STATUS);

    UNREFERENCED_PARAMETER(Interrupt);
    if (Status == 0)
        return FALSE; /* another device on a shared line */
    EduWrite(EDU_IRQ_ACK, Status);
    S->Status |= Status;
    S->Irql = KeGetCurrentIrql();
    InterlockedIncrement(&S->Calls);
    IoRequestDpc(EduDevice, NULL, S);
    return TRUE;
}

static BOOLEAN NTAPI
EduMessageIsr(PKINTERRUPT Interrupt, PVOID ServiceContext, ULONG MessageId)
{
    ((EDU_INTERRUPT_STATE *)ServiceContext)->MessageId = MessageId;
    return EduIsr(Interrupt, ServiceContext);
}

static VOID NTAPI
EduDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    EDU_INTERRUPT_STATE *S = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    S->DpcIrql = KeGetCurrentIrql();
    InterlockedIncrement(&S->DpcCalls);
    KeSetEvent(&S->Done, IO_NO_INCREMENT, FALSE);
}

static VOID
EduResetState(VOID)
{
    State.Calls = 0;
    State.Irql = 0;
    State.Status = 0;
    State.MessageId = 0xFFFFFFFF;
    State.DpcCalls = 0;
    State.DpcIrql = 0;
    KeClearEvent(&State.Done);
}

static NTSTATUS
EduWaitForDpc(VOID)
{
    LARGE_INTEGER Timeout = {.QuadPart = EDU_TIMEOUT_100NS};

    return KeWaitForSingleObject(&State.Done, Executive, KernelMode, FALSE, &Timeout);
}

/* Connects the ISR to the device's INTx line; EduDisconnectLine undoes it. */
static PCSTR
EduConnectLine(VOID)
{
    KAFFINITY Affinity = 0;
    NTSTATUS Status;

    LineVector = HalGetInterruptVector(PCIBus, Edu.Bus, Edu.InterruptLine, Edu.InterruptLine,
                                       &LineIrql, &Affinity);
    EXPECT(LineVector != 0, "HalGetInterruptVector: no vector for Interrupt Line",
           Edu.InterruptLine);
    EXPECT(LineIrql > DISPATCH_LEVEL && Affinity != 0, "vector's IRQL", LineIrql);
    Status = IoConnectInterrupt(&Line, EduIsr, &State, NULL, LineVector, LineIrql, LineIrql,
                                LevelSensitive, TRUE, Affinity, FALSE);
    if (!NT_SUCCESS(Status))
        Line = NULL;
    EXPECT(NT_SUCCESS(Status), "IoConnectInterrupt", (ULONG)Status);
    return NULL;
}

static VOID
EduDisconnectLine(VOID)
{
    if (Line != NULL)
        IoDisconnectInterrupt(Line);
    Line = NULL;
}

static PCSTR
EduLineInterruptBody(VOID)
{
    PCSTR Failed = EduConnectLine();

    if (Failed != NULL)
        return Failed;
    EduResetState();
    EduWrite(EDU_IRQ_RAISE, 0x1);
    EXPECT(EduWaitForDpc() == STATUS_SUCCESS, "no DPC within 1 s; ISR calls", State.Calls);
    EXPECT(State.Calls == 1 && State.Status == 0x1, "ISR saw status", State.Status);
    EXPECT(State.Irql == LineIrql, "ISR ran at IRQL", State.Irql);
    EXPECT(State.DpcIrql == DISPATCH_LEVEL, "DPC ran at IRQL", State.DpcIrql);
    EXPECT(EduRead(EDU_IRQ_STATUS) == 0, "status left", EduRead(EDU_IRQ_STATUS));
    return NULL;
}

PCSTR
EduCaseLineInterrupt(VOID)
{
    PCSTR Failed;

    EXPECT_STARTED();
    Failed = EduLineInterruptBody();
    EduDisconnectLine();
    return Failed;
}

typedef struct _EDU_SYNC
{
    KIRQL Irql;
    LONG CallsDuring;
} EDU_SYNC;

/* Raises the interrupt and waits 2 ms: the ISR must not run meanwhile, on any processor. */
static BOOLEAN NTAPI
EduSynchronized(PVOID Context)
{
    EDU_SYNC *Sync = Context;
    LONG Before = State.Calls;

    Sync->Irql = KeGetCurrentIrql();
    EduWrite(EDU_IRQ_RAISE, 0x2);
    KeStallExecutionProcessor(2000);
    Sync->CallsDuring = State.Calls - Before;
    return TRUE;
}

static PCSTR
EduSynchronizeExecutionBody(VOID)
{
    EDU_SYNC Sync = {0};
    PCSTR Failed = EduConnectLine();

    if (Failed != NULL)
        return Failed;
    EduResetState();
    EXPECT(KeSynchronizeExecution(Line, EduSynchronized, &Sync), "routine's result", 0);
    EXPECT(Sync.Irql == LineIrql, "routine ran at IRQL", Sync.Irql);
    EXPECT(Sync.CallsDuring == 0, "ISR calls while synchronised", Sync.CallsDuring);
    EXPECT(EduWaitForDpc() == STATUS_SUCCESS, "no interrupt after the routine; ISR calls",
           State.Calls);
    EXPECT(State.Status == 0x2, "ISR saw status", State.Status);
    return NULL;
}

PCSTR
EduCaseSynchronizeExecution(VOID)
{
    PCSTR Failed;

    EXPECT_STARTED();
    Failed = EduSynchronizeExecutionBody();
    EduDisconnectLine();
    return Failed;
}

/* Once disconnected, a raised interrupt reaches nobody (the line is masked again), and the
 * line keeps its vector for the next driver. */
PCSTR
EduCaseDisconnect(VOID)
{
    KAFFINITY Affinity;
    KIRQL Irql;
    ULONG Again, Status;
    LARGE_INTEGER Delay = {.QuadPart = -500000}; /* 50 ms */
    PCSTR Failed;

    EXPECT_STARTED();
    Failed = EduConnectLine();
    EduDisconnectLine();
    if (Failed != NULL)
        return Failed;
    EduResetState();
    EduWrite(EDU_IRQ_RAISE, 0x4);
    KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    Status = EduRead(EDU_IRQ_STATUS);
    EduWrite(EDU_IRQ_ACK, Status);
    EXPECT(State.Calls == 0, "ISR calls after disconnecting", State.Calls);
    EXPECT(Status == 0x4, "unacknowledged status", Status);
    Again = HalGetInterruptVector(PCIBus, Edu.Bus, Edu.InterruptLine, Edu.InterruptLine, &Irql,
                                  &Affinity);
    EXPECT(Again == LineVector, "the line's vector changed to", Again);
    return NULL;
}

static VOID
EduProgramMsi(PHYSICAL_ADDRESS Address, ULONG Data, BOOLEAN Enable)
{
    ULONG Slot = Edu.Slot.u.AsULONG, Cap = Edu.MsiCapability;
    USHORT Control = 0, Data16 = (USHORT)Data;
    ULONG Low = Address.LowPart, High = (ULONG)Address.HighPart;

    HalGetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Control, Cap + EDU_MSI_CONTROL, 2);
    Control &= ~(EDU_MSI_ENABLE | EDU_MSI_MULTIPLE); /* one message */
    HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Control, Cap + EDU_MSI_CONTROL, 2);
    if (!Enable)
        return;
    HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Low, Cap + 4, 4);
    if (Control & EDU_MSI_64BIT)
    {
        HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &High, Cap + 8, 4);
        HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Data16, Cap + 12, 2);
    }
    else
    {
        HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Data16, Cap + 8, 2);
    }
    Control |= EDU_MSI_ENABLE;
    HalSetBusDataByOffset(PCIConfiguration, Edu.Bus, Slot, &Control, Cap + EDU_MSI_CONTROL, 2);
}

PCSTR
EduCaseMessageInterrupt(VOID)
{
    IO_CONNECT_INTERRUPT_PARAMETERS Connect;
    IO_DISCONNECT_INTERRUPT_PARAMETERS Disconnect;
    PIO_INTERRUPT_MESSAGE_INFO Table = NULL;
    IO_INTERRUPT_MESSAGE_INFO_ENTRY Entry;
    NTSTATUS Status, Wait;

    EXPECT_STARTED();
    EXPECT(Edu.MsiCapability != 0, "the device has no MSI capability", 0);
    RtlZeroMemory(&Connect, sizeof(Connect));
    Connect.Version = CONNECT_MESSAGE_BASED;
    Connect.MessageBased.PhysicalDeviceObject = EduDevice;
    Connect.MessageBased.ConnectionContext.InterruptMessageTable = &Table;
    Connect.MessageBased.MessageServiceRoutine = EduMessageIsr;
    Connect.MessageBased.ServiceContext = &State;
    Status = IoConnectInterruptEx(&Connect);
    EXPECT(NT_SUCCESS(Status) && Table != NULL, "IoConnectInterruptEx", (ULONG)Status);
    Entry = Table->MessageInfo[0];
    EduResetState();
    EduProgramMsi(Entry.MessageAddress, Entry.MessageData, TRUE);
    EduWrite(EDU_IRQ_RAISE, 0x8);
    Wait = EduWaitForDpc();
    EduProgramMsi(Entry.MessageAddress, 0, FALSE);
    Disconnect.Version = CONNECT_MESSAGE_BASED;
    Disconnect.ConnectionContext.InterruptMessageTable = Table;
    IoDisconnectInterruptEx(&Disconnect);
    EXPECT(Wait == STATUS_SUCCESS, "no message within 1 s; status register",
           EduRead(EDU_IRQ_STATUS));
    EXPECT(State.Calls == 1 && State.Status == 0x8, "message ISR saw status", State.Status);
    EXPECT(State.MessageId == 0, "message ID", State.MessageId);
    EXPECT(State.Irql == Entry.Irql && State.Irql > DISPATCH_LEVEL, "message ISR at IRQL",
           State.Irql);
    return NULL;
}

VOID
EduInitializeInterrupts(VOID)
{
    KeInitializeEvent(&State.Done, NotificationEvent, FALSE);
    IoInitializeDpcRequest(EduDevice, EduDpc);
}
