/* SPDX-License-Identifier: MIT */
/*
 * Interrupt objects, DMA adapters and PCI configuration space (Io, Ke, Hal). Interrupts come
 * from HalRequestInterrupt, which raises a device vector on this processor through its local
 * APIC as a device would; the vectors are message vectors from the HAL, which need no line.
 */
#include "ntos.h"

typedef struct _KT_ISR
{
    volatile LONG Calls;
    KIRQL Irql;
    BOOLEAN Claim;
    BOOLEAN QueueDpc;
    PKINTERRUPT Seen;
    ULONG MessageId;
    KDPC Dpc;
    volatile LONG DpcCalls;
    KIRQL DpcIrql;
} KT_ISR, *PKT_ISR;

static DEVICE_OBJECT KtStandInPdo; /* never looked into: no PnP manager yet */

static BOOLEAN NTAPI
KtIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
    PKT_ISR Isr = ServiceContext;

    Isr->Irql = KeGetCurrentIrql();
    Isr->Seen = Interrupt;
    InterlockedIncrement(&Isr->Calls);
    if (Isr->QueueDpc)
        KeInsertQueueDpc(&Isr->Dpc, NULL, NULL);
    return Isr->Claim;
}

static BOOLEAN NTAPI
KtMessageIsr(PKINTERRUPT Interrupt, PVOID ServiceContext, ULONG MessageId)
{
    ((PKT_ISR)ServiceContext)->MessageId = MessageId;
    return KtIsr(Interrupt, ServiceContext);
}

static VOID NTAPI
KtIsrDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PKT_ISR Isr = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    Isr->DpcIrql = KeGetCurrentIrql();
    InterlockedIncrement(&Isr->DpcCalls);
}

static VOID
KtInitIsr(PKT_ISR Isr, BOOLEAN Claim)
{
    RtlZeroMemory(Isr, sizeof(*Isr));
    Isr->Claim = Claim;
    KeInitializeDpc(&Isr->Dpc, KtIsrDpc, Isr);
}

/* Raises Vector here and waits until Counter reaches Target. The self-interrupt and the DPC
 * it queues arrive almost at once; the generous limit (1 s) is for a loaded host. */
static BOOLEAN
KtRaiseAndWait(ULONG Vector, volatile LONG *Counter, LONG Target)
{
    ULONG Waited;

    if (!NT_SUCCESS(HalRequestInterrupt(Vector)))
        return FALSE;
    for (Waited = 0; Waited < 100000 && *Counter < Target; Waited++)
        KeStallExecutionProcessor(10);
    return *Counter >= Target;
}

typedef struct _KT_VECTOR
{
    ULONG Vector;
    KIRQL Irql;
    KAFFINITY Affinity;
    PHYSICAL_ADDRESS Address;
    ULONG Data;
} KT_VECTOR;

static NTSTATUS
KtAllocateVector(KT_VECTOR *V)
{
    return HalAllocateMessageInterrupt(&V->Vector, &V->Irql, &V->Affinity, &V->Address, &V->Data);
}

static NTSTATUS
KtConnect(PKINTERRUPT *Object, PKT_ISR Isr, const KT_VECTOR *V, KIRQL SynchronizeIrql,
          KINTERRUPT_MODE Mode, BOOLEAN Share, PKSPIN_LOCK Lock)
{
    return IoConnectInterrupt(Object, KtIsr, Isr, Lock, V->Vector, V->Irql, SynchronizeIrql, Mode,
                              Share, V->Affinity, FALSE);
}

static VOID
KtConnectRaiseDisconnect(PKT_CONTEXT Context)
{
    static KT_ISR Isr;
    PKINTERRUPT Object;
    KT_VECTOR V;
    NTSTATUS Status;
    BOOLEAN Delivered;

    KT_CHECK(Context, NT_SUCCESS(Status = KtAllocateVector(&V)), "message vector: 0x%08X", Status);
    KT_CHECK(Context, V.Vector >= HAL_FIRST_DEVICE_VECTOR && V.Irql == V.Vector >> 4,
             "vector 0x%X at IRQL %u", V.Vector, V.Irql);
    KtInitIsr(&Isr, TRUE);
    Isr.QueueDpc = TRUE;
    Status = KtConnect(&Object, &Isr, &V, V.Irql, Latched, FALSE, NULL);
    if (!NT_SUCCESS(Status))
        HalFreeMessageInterrupt(V.Vector);
    KT_CHECK(Context, NT_SUCCESS(Status), "IoConnectInterrupt: 0x%08X", Status);
    Delivered = KtRaiseAndWait(V.Vector, &Isr.DpcCalls, 1);
    IoDisconnectInterrupt(Object);
    HalFreeMessageInterrupt(V.Vector);
    KT_CHECK(Context, Delivered, "ISR ran %d time(s), its DPC %d", Isr.Calls, Isr.DpcCalls);
    KT_CHECK(Context, Isr.Calls == 1 && Isr.Seen == Object, "ISR ran %d time(s), object %p/%p",
             Isr.Calls, Isr.Seen, Object);
    KT_CHECK(Context, Isr.Irql == V.Irql, "ISR at IRQL %u, expected %u", Isr.Irql, V.Irql);
    KT_CHECK(Context, Isr.DpcIrql == DISPATCH_LEVEL, "DPC at IRQL %u", Isr.DpcIrql);
    KT_CHECK(Context, KiGetInterruptHandler(V.Vector) == NULL, "a handler is left on 0x%X",
             V.Vector);
}

/* Level-sensitive: the walk stops at the first routine that claims; latched: all are called.
 * A routine that will not share, or shares in another mode, is refused. */
static VOID
KtSharedChain(PKT_CONTEXT Context, KINTERRUPT_MODE Mode)
{
    static KT_ISR Isr[3], Loner;
    PKINTERRUPT Object[3] = {NULL, NULL, NULL}, Extra = NULL;
    NTSTATUS Status[3], Refused[2];
    KT_VECTOR V;
    BOOLEAN Delivered;
    ULONG I;

    KT_CHECK(Context, NT_SUCCESS(KtAllocateVector(&V)), "no message vector");
    for (I = 0; I < 3; I++)
    {
        KtInitIsr(&Isr[I], I != 0);
        Status[I] = KtConnect(&Object[I], &Isr[I], &V, V.Irql, Mode, TRUE, NULL);
    }
    KtInitIsr(&Loner, TRUE);
    Refused[0] = KtConnect(&Extra, &Loner, &V, V.Irql, Mode, FALSE, NULL);
    Refused[1] = KtConnect(&Extra, &Loner, &V, V.Irql, Mode == Latched ? LevelSensitive : Latched,
                           TRUE, NULL);
    Delivered = KtRaiseAndWait(V.Vector, &Isr[1].Calls, 1);
    KeStallExecutionProcessor(100);
    for (I = 0; I < 3; I++)
    {
        if (Object[I] != NULL)
            IoDisconnectInterrupt(Object[I]);
    }
    HalFreeMessageInterrupt(V.Vector);
    KT_CHECK(Context, NT_SUCCESS(Status[0]) && NT_SUCCESS(Status[1]) && NT_SUCCESS(Status[2]),
             "connections: 0x%08X 0x%08X 0x%08X", Status[0], Status[1], Status[2]);
    KT_CHECK(Context,
             Refused[0] == STATUS_INVALID_PARAMETER && Refused[1] == STATUS_INVALID_PARAMETER &&
                 Extra == NULL,
             "unshared joined: 0x%08X, other mode joined: 0x%08X", Refused[0], Refused[1]);
    KT_CHECK(Context, Delivered, "the interrupt never reached the second routine");
    KT_CHECK(Context, Isr[0].Calls == 1 && Isr[1].Calls == 1,
             "first two routines called %d and %d times", Isr[0].Calls, Isr[1].Calls);
    KT_CHECK(Context, Isr[2].Calls == (Mode == Latched ? 1 : 0), "third routine called %d times",
             Isr[2].Calls);
    KT_CHECK(Context, Object[1]->ServiceCount == 1, "claims counted: %d", Object[1]->ServiceCount);
    KT_CHECK(Context, KiGetInterruptHandler(V.Vector) == NULL, "handler left behind");
}

static VOID
KtSharedLevel(PKT_CONTEXT Context)
{
    KtSharedChain(Context, LevelSensitive);
}

static VOID
KtSharedLatched(PKT_CONTEXT Context)
{
    KtSharedChain(Context, Latched);
}

/* After one of two routines leaves, only the other is called; an interrupt nobody claims
 * is counted. */
static VOID
KtDisconnectOne(PKT_CONTEXT Context)
{
    static KT_ISR Stay, Leave;
    PKINTERRUPT Staying = NULL, Leaving = NULL;
    ULONG Unclaimed;
    KT_VECTOR V;
    BOOLEAN Delivered;

    KT_CHECK(Context, NT_SUCCESS(KtAllocateVector(&V)), "no message vector");
    KtInitIsr(&Stay, FALSE);
    KtInitIsr(&Leave, TRUE);
    KtConnect(&Staying, &Stay, &V, V.Irql, Latched, TRUE, NULL);
    KtConnect(&Leaving, &Leave, &V, V.Irql, Latched, TRUE, NULL);
    if (Leaving != NULL)
        IoDisconnectInterrupt(Leaving);
    Unclaimed = KiUnclaimedInterruptCount(V.Vector);
    Delivered = KtRaiseAndWait(V.Vector, &Stay.Calls, 1);
    KeStallExecutionProcessor(100);
    if (Staying != NULL)
        IoDisconnectInterrupt(Staying);
    HalFreeMessageInterrupt(V.Vector);
    KT_CHECK(Context, Staying != NULL && Leaving != NULL, "connections failed");
    KT_CHECK(Context, Delivered && Leave.Calls == 0, "remaining called %d, removed called %d",
             Stay.Calls, Leave.Calls);
    KT_CHECK(Context, KiUnclaimedInterruptCount(V.Vector) == Unclaimed + 1,
             "unclaimed count went from %u to %u", Unclaimed, KiUnclaimedInterruptCount(V.Vector));
    KT_CHECK(Context, KiGetInterruptHandler(V.Vector) == NULL, "handler left behind");
}

static VOID
KtBadParameters(PKT_CONTEXT Context)
{
    static KT_ISR Isr;
    IO_CONNECT_INTERRUPT_PARAMETERS Ex;
    PKINTERRUPT Object = (PKINTERRUPT)1;
    PIO_INTERRUPT_MESSAGE_INFO Table = (PIO_INTERRUPT_MESSAGE_INFO)1;
    KT_VECTOR V = {.Vector = HAL_FIRST_DEVICE_VECTOR + 0xE, .Irql = 4, .Affinity = 1};
    NTSTATUS Status;

    KtInitIsr(&Isr, TRUE);
    Status = KtConnect(&Object, &Isr, &V, V.Irql - 1, Latched, FALSE, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER && Object == NULL,
             "SynchronizeIrql below Irql: 0x%08X", Status);
    V.Affinity = 0;
    KT_CHECK(Context,
             KtConnect(&Object, &Isr, &V, V.Irql, Latched, FALSE, NULL) == STATUS_INVALID_PARAMETER,
             "no processor accepted");
    V.Affinity = 1;
    /* A device vector the HAL never handed out cannot be enabled. */
    KT_CHECK(Context,
             KtConnect(&Object, &Isr, &V, V.Irql, Latched, FALSE, NULL) == STATUS_INVALID_PARAMETER,
             "unassigned vector 0x%X accepted", V.Vector);
    V.Vector = HAL_CLOCK_VECTOR;
    V.Irql = CLOCK_LEVEL;
    KT_CHECK(Context,
             KtConnect(&Object, &Isr, &V, V.Irql, Latched, FALSE, NULL) == STATUS_INVALID_PARAMETER,
             "the clock's vector accepted");
    V.Vector = HAL_FIRST_DEVICE_VECTOR + 0x10;
    V.Irql = 4;
    KT_CHECK(Context,
             KtConnect(&Object, &Isr, &V, V.Irql, Latched, FALSE, NULL) == STATUS_INVALID_PARAMETER,
             "IRQL not the vector's accepted");
    RtlZeroMemory(&Ex, sizeof(Ex));
    Ex.Version = 7;
    KT_CHECK(Context, IoConnectInterruptEx(&Ex) == STATUS_INVALID_PARAMETER_1, "version 7");
    Ex.Version = CONNECT_FULLY_SPECIFIED;
    Ex.FullySpecified.InterruptObject = &Object;
    Ex.FullySpecified.ServiceRoutine = KtIsr;
    KT_CHECK(Context, IoConnectInterruptEx(&Ex) == STATUS_INVALID_PARAMETER_10, "empty mask");
    RtlZeroMemory(&Ex, sizeof(Ex));
    Ex.Version = CONNECT_LINE_BASED;
    Ex.LineBased.InterruptObject = &Object;
    Ex.LineBased.ServiceRoutine = KtIsr;
    KT_CHECK(Context, IoConnectInterruptEx(&Ex) == STATUS_INVALID_PARAMETER, "line, no PDO");
    Ex.LineBased.PhysicalDeviceObject = &KtStandInPdo;
    KT_CHECK(Context, IoConnectInterruptEx(&Ex) == STATUS_NOT_FOUND, "line, PDO with no resources");
    RtlZeroMemory(&Ex, sizeof(Ex));
    Ex.Version = CONNECT_MESSAGE_BASED;
    Ex.MessageBased.ConnectionContext.InterruptMessageTable = &Table;
    Ex.MessageBased.MessageServiceRoutine = KtMessageIsr;
    KT_CHECK(Context, IoConnectInterruptEx(&Ex) == STATUS_INVALID_PARAMETER && Table == NULL,
             "message, no PDO");
    KT_CHECK(Context, HalFreeMessageInterrupt(HAL_FIRST_DEVICE_VECTOR) == STATUS_INVALID_PARAMETER,
             "freed a vector that is not a message's");
}

/* While KeSynchronizeExecution's routine runs, the interrupt it raises is held off; it is
 * delivered, at SynchronizeIrql, once the lock is released. */
typedef struct _KT_SYNC
{
    PKT_ISR Isr;
    ULONG Vector;
    PKSPIN_LOCK Lock;
    KIRQL Irql;
    BOOLEAN LockHeld;
    LONG CallsInside;
} KT_SYNC;

static BOOLEAN NTAPI
KtSynchronized(PVOID Context)
{
    KT_SYNC *Sync = Context;

    Sync->Irql = KeGetCurrentIrql();
    Sync->LockHeld = !KeTestSpinLock(Sync->Lock);
    HalRequestInterrupt(Sync->Vector);
    KeStallExecutionProcessor(200);
    Sync->CallsInside = Sync->Isr->Calls;
    return TRUE;
}

static VOID
KtSynchronizeExecution(PKT_CONTEXT Context)
{
    static KT_ISR Isr;
    static KSPIN_LOCK Lock;
    PKINTERRUPT Object = NULL;
    KT_SYNC Sync = {0};
    KT_VECTOR V;
    KIRQL SyncIrql, Inside, Old;
    BOOLEAN Result = FALSE, Delivered = FALSE;

    KT_CHECK(Context, NT_SUCCESS(KtAllocateVector(&V)), "no message vector");
    KeInitializeSpinLock(&Lock);
    KtInitIsr(&Isr, TRUE);
    SyncIrql = V.Irql + 1;
    if (NT_SUCCESS(KtConnect(&Object, &Isr, &V, SyncIrql, Latched, FALSE, &Lock)))
    {
        Sync.Isr = &Isr;
        Sync.Vector = V.Vector;
        Sync.Lock = &Lock;
        Result = KeSynchronizeExecution(Object, KtSynchronized, &Sync);
        Delivered = KtRaiseAndWait(V.Vector, &Isr.Calls, 2) || Isr.Calls >= 1;
        Old = KeAcquireInterruptSpinLock(Object);
        Inside = KeGetCurrentIrql();
        KeReleaseInterruptSpinLock(Object, Old);
        IoDisconnectInterrupt(Object);
    }
    HalFreeMessageInterrupt(V.Vector);
    KT_CHECK(Context, Object != NULL, "connection failed");
    KT_CHECK(Context, Result, "KeSynchronizeExecution returned FALSE");
    KT_CHECK(Context, Sync.Irql == SyncIrql && Sync.LockHeld, "routine at IRQL %u, lock held %u",
             Sync.Irql, Sync.LockHeld);
    KT_CHECK(Context, Sync.CallsInside == 0, "the ISR ran inside the synchronised routine");
    KT_CHECK(Context, Delivered && Isr.Irql == SyncIrql, "ISR ran %d time(s), at IRQL %u",
             Isr.Calls, Isr.Irql);
    KT_CHECK(Context, Inside == SyncIrql && Old == PASSIVE_LEVEL,
             "interrupt spin lock at %u from %u", Inside, Old);
}

static VOID
KtMessageBased(PKT_CONTEXT Context)
{
    static KT_ISR Isr;
    IO_CONNECT_INTERRUPT_PARAMETERS Ex;
    IO_DISCONNECT_INTERRUPT_PARAMETERS Dx;
    PIO_INTERRUPT_MESSAGE_INFO Table = NULL;
    IO_INTERRUPT_MESSAGE_INFO_ENTRY Entry;
    NTSTATUS Status;
    BOOLEAN Delivered;
    ULONG Count;

    KtInitIsr(&Isr, TRUE);
    RtlZeroMemory(&Ex, sizeof(Ex));
    Ex.Version = CONNECT_MESSAGE_BASED;
    Ex.MessageBased.PhysicalDeviceObject = &KtStandInPdo;
    Ex.MessageBased.ConnectionContext.InterruptMessageTable = &Table;
    Ex.MessageBased.MessageServiceRoutine = KtMessageIsr;
    Ex.MessageBased.ServiceContext = &Isr;
    Status = IoConnectInterruptEx(&Ex);
    KT_CHECK(Context, NT_SUCCESS(Status) && Table != NULL, "IoConnectInterruptEx: 0x%08X", Status);
    Entry = Table->MessageInfo[0];
    Count = Table->MessageCount;
    Isr.MessageId = 99;
    Delivered = KtRaiseAndWait(Entry.Vector, &Isr.Calls, 1);
    RtlZeroMemory(&Dx, sizeof(Dx));
    Dx.Version = CONNECT_MESSAGE_BASED;
    Dx.ConnectionContext.InterruptMessageTable = Table;
    IoDisconnectInterruptEx(&Dx);
    KT_CHECK(Context, Ex.Version == CONNECT_MESSAGE_BASED && Count == 1,
             "version %u, %u message(s)", Ex.Version, Count);
    KT_CHECK(Context,
             (Entry.MessageAddress.QuadPart & ~0xFF000ull) == 0xFEE00000ull &&
                 Entry.MessageData == Entry.Vector && Entry.Irql == Entry.Vector >> 4,
             "address 0x%I64X data 0x%X vector 0x%X", Entry.MessageAddress.QuadPart,
             Entry.MessageData, Entry.Vector);
    KT_CHECK(Context, Delivered && Isr.MessageId == 0 && Isr.Seen == Entry.InterruptObject,
             "message routine called %d time(s), message %u", Isr.Calls, Isr.MessageId);
    KT_CHECK(Context, KiGetInterruptHandler(Entry.Vector) == NULL, "handler left behind");
    KT_CHECK(Context, HalFreeMessageInterrupt(Entry.Vector) == STATUS_INVALID_PARAMETER,
             "disconnecting did not return the vector");
}

/* Common buffers lie below the address limit the description implies; the map-register
 * and scatter/gather operations fail loudly; an unknown description version gets no adapter. */
static VOID
KtDmaCommonBuffer(PKT_CONTEXT Context)
{
    DEVICE_DESCRIPTION Description;
    PDMA_ADAPTER Adapter32, Adapter24;
    PHYSICAL_ADDRESS Logical32, Logical24;
    PVOID Buffer32 = NULL, Buffer24 = NULL;
    ULONG Registers = 0, Registers24;
    NTSTATUS Channel = STATUS_SUCCESS;

    RtlZeroMemory(&Description, sizeof(Description));
    Description.Version = DEVICE_DESCRIPTION_VERSION2;
    Description.Master = TRUE;
    Description.Dma32BitAddresses = TRUE;
    Description.InterfaceType = PCIBus;
    Description.MaximumLength = 3 * PAGE_SIZE;
    Adapter32 = IoGetDmaAdapter(NULL, &Description, &Registers);
    Description.Dma32BitAddresses = FALSE;
    Adapter24 = IoGetDmaAdapter(NULL, &Description, &Registers24);
    Description.Version = 3;
    KT_CHECK(Context, IoGetDmaAdapter(NULL, &Description, &Registers24) == NULL,
             "version 3 description accepted");
    if (Adapter32 != NULL && Adapter24 != NULL)
    {
        Buffer32 = Adapter32->DmaOperations->AllocateCommonBuffer(Adapter32, 2 * PAGE_SIZE,
                                                                  &Logical32, TRUE);
        Buffer24 =
            Adapter24->DmaOperations->AllocateCommonBuffer(Adapter24, PAGE_SIZE, &Logical24, FALSE);
        Channel = Adapter32->DmaOperations->AllocateAdapterChannel(Adapter32, NULL, 1, NULL, NULL);
    }
    if (Buffer32 != NULL)
    {
        RtlFillMemory(Buffer32, 2 * PAGE_SIZE, 0x5A);
        KT_CHECK(Context,
                 MmGetPhysicalAddress(Buffer32).QuadPart == Logical32.QuadPart &&
                     Logical32.QuadPart + 2 * PAGE_SIZE - 1 <= 0xFFFFFFFFll &&
                     MmGetPhysicalAddress((PUCHAR)Buffer32 + PAGE_SIZE).QuadPart ==
                         Logical32.QuadPart + PAGE_SIZE,
                 "32-bit buffer at %I64X is not the contiguous memory below 4 GiB",
                 Logical32.QuadPart);
        Adapter32->DmaOperations->FreeCommonBuffer(Adapter32, 2 * PAGE_SIZE, Logical32, Buffer32,
                                                   TRUE);
    }
    if (Buffer24 != NULL)
    {
        KT_CHECK(Context,
                 MmGetPhysicalAddress(Buffer24).QuadPart == Logical24.QuadPart &&
                     Logical24.QuadPart + PAGE_SIZE - 1 <= 0xFFFFFFll,
                 "ISA-limited buffer at %I64X", Logical24.QuadPart);
        Adapter24->DmaOperations->FreeCommonBuffer(Adapter24, PAGE_SIZE, Logical24, Buffer24,
                                                   FALSE);
    }
    if (Adapter32 != NULL)
        Adapter32->DmaOperations->PutDmaAdapter(Adapter32);
    if (Adapter24 != NULL)
        Adapter24->DmaOperations->PutDmaAdapter(Adapter24);
    KT_CHECK(Context, Adapter32 != NULL && Adapter24 != NULL, "IoGetDmaAdapter failed");
    KT_CHECK(Context, Registers == 4, "%u map registers for 3 pages", Registers);
    KT_CHECK(Context, Buffer32 != NULL && Buffer24 != NULL, "no common buffer");
    KT_CHECK(Context, Channel == STATUS_NOT_IMPLEMENTED, "AllocateAdapterChannel: 0x%08X", Channel);
}

/* Bus 0 device 0 is the host bridge; an empty slot reads as PCI_INVALID_VENDORID in 2
 * bytes; no bus 256, no other data type; a write reaches the device. */
static VOID
KtPciConfiguration(PKT_CONTEXT Context)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = 0};
    PCI_COMMON_HEADER Header;
    USHORT Vendor = 0, Line;
    UCHAR Saved, Probe = 0xA5, Back = 0;
    ULONG Got, Device;

    Got = HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, &Header, 0, sizeof(Header));
    KT_CHECK(Context, Got == sizeof(Header) && Header.VendorID != PCI_INVALID_VENDORID,
             "host bridge: %u bytes, vendor 0x%04X", Got, Header.VendorID);
    for (Device = 1; Device < PCI_MAX_DEVICES; Device++)
    {
        Slot.u.bits.DeviceNumber = Device;
        if (HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, &Vendor, 0, 2) == 2 &&
            Vendor == PCI_INVALID_VENDORID)
            break;
    }
    KT_CHECK(Context, Device < PCI_MAX_DEVICES, "no empty slot on bus 0");
    KT_CHECK(Context, HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, &Line, 4, 2) == 0,
             "an empty slot read past its vendor ID");
    KT_CHECK(Context, HalGetBusDataByOffset(PCIConfiguration, 256, 0, &Vendor, 0, 2) == 0,
             "bus 256 read");
    KT_CHECK(Context, HalGetBusDataByOffset(Cmos, 0, 0, &Vendor, 0, 2) == 0, "CMOS via PCI");
    KT_CHECK(Context, HalGetBusDataByOffset(PCIConfiguration, 0, 0, &Vendor, 0xFF, 4) == 1,
             "read past offset 255");
    /* The host bridge's Interrupt Line register (0x3C) is a scratch register for software. */
    HalGetBusDataByOffset(PCIConfiguration, 0, 0, &Saved, 0x3C, 1);
    HalSetBusDataByOffset(PCIConfiguration, 0, 0, &Probe, 0x3C, 1);
    HalGetBusDataByOffset(PCIConfiguration, 0, 0, &Back, 0x3C, 1);
    HalSetBusDataByOffset(PCIConfiguration, 0, 0, &Saved, 0x3C, 1);
    KT_CHECK(Context, Back == Probe, "wrote 0x%02X to Interrupt Line, read 0x%02X", Probe, Back);
}

static const KT_TEST KtInterruptTests[] = {
    {"an interrupt object's ISR runs at its IRQL and queues a DPC; disconnect unhooks it",
     KtConnectRaiseDisconnect},
    {"shared level-sensitive vector: routines called until one claims", KtSharedLevel},
    {"shared latched vector: every routine called", KtSharedLatched},
    {"a disconnected routine is no longer called; unclaimed interrupts counted", KtDisconnectOne},
    {"bad connection parameters fail with Windows' statuses", KtBadParameters},
    {"KeSynchronizeExecution holds the ISR off at SynchronizeIrql", KtSynchronizeExecution},
    {"message-based connection: HAL message, routine called with its message ID", KtMessageBased},
    {"DMA common buffers respect the device's address width", KtDmaCommonBuffer},
    {"PCI configuration space reads and writes through the HAL", KtPciConfiguration},
};

const KT_SUITE KtInterruptSuite = {"Io interrupts", KtInterruptTests,
                                   RTL_NUMBER_OF(KtInterruptTests)};
