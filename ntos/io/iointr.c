/* SPDX-License-Identifier: MIT */
/*
 * Connecting drivers' interrupt service routines: IoConnectInterrupt and IoConnectInterruptEx
 * build interrupt objects in nonpaged pool and connect them through Ke (ke/kiintobj.c).
 *
 * Basalt has no PnP manager yet, so no PDO carries the translated resources Windows reads:
 *  - CONNECT_FULLY_SPECIFIED and IoConnectInterrupt take the vector, IRQL and affinity the
 *    driver got from HalGetInterruptVector, as NT4-style drivers do.
 *  - CONNECT_LINE_BASED needs those resources: with a PDO it fails with STATUS_NOT_FOUND
 *    ("the device has no interrupts"), as Windows does for a device without any.
 *  - CONNECT_MESSAGE_BASED asks the HAL for one message (vector, address, data) and returns
 *    it in the IO_INTERRUPT_MESSAGE_INFO table. The PDO must not be NULL but is not looked
 *    into, and with no PCI bus driver to do it, the driver writes MessageAddress and
 *    MessageData into its device's MSI capability itself (HalSetBusDataByOffset).
 * One interrupt object is connected whatever ProcessorEnableMask says (so long as it names a
 * running processor): the vector is dispatched the same way on every processor and the
 * HAL delivers device interrupts to the boot processor.
 */
#include "ntos.h"

#define IOP_INTERRUPT_TAG 0x72746E49 /* "Intr" */

/* The block a message-based connection allocates: the table the driver gets, then the
 * interrupt object its one entry points to. */
typedef struct _IOP_MESSAGE_CONNECTION
{
    IO_INTERRUPT_MESSAGE_INFO Table;
    KINTERRUPT Interrupt;
} IOP_MESSAGE_CONNECTION, *PIOP_MESSAGE_CONNECTION;

NTSTATUS NTAPI
IoConnectInterrupt(PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
                   PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
                   KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
                   KAFFINITY ProcessorEnableMask, BOOLEAN FloatingSave)
{
    PKINTERRUPT Interrupt;

    PAGED_CODE();
    if (InterruptObject == NULL)
        return STATUS_INVALID_PARAMETER;
    *InterruptObject = NULL;
    if (ServiceRoutine == NULL || SynchronizeIrql < Irql ||
        (ProcessorEnableMask & KeQueryActiveProcessors()) == 0)
        return STATUS_INVALID_PARAMETER;
    Interrupt = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Interrupt), IOP_INTERRUPT_TAG);
    if (Interrupt == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeInterrupt(Interrupt, ServiceRoutine, ServiceContext, SpinLock, Vector, Irql,
                          SynchronizeIrql, InterruptMode, ShareVector, 0, FloatingSave);
    if (!KeConnectInterrupt(Interrupt))
    {
        ExFreePoolWithTag(Interrupt, IOP_INTERRUPT_TAG);
        return STATUS_INVALID_PARAMETER;
    }
    *InterruptObject = Interrupt;
    return STATUS_SUCCESS;
}

VOID NTAPI
IoDisconnectInterrupt(PKINTERRUPT InterruptObject)
{
    PAGED_CODE();
    if (!KeDisconnectInterrupt(InterruptObject))
    {
        DbgPrint("Io: IoDisconnectInterrupt(%p): not connected, left alone\n", InterruptObject);
        return;
    }
    ExFreePoolWithTag(InterruptObject, IOP_INTERRUPT_TAG);
}

static NTSTATUS
IopConnectMessageBased(PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS Parameters)
{
    PIOP_MESSAGE_CONNECTION Connection;
    PIO_INTERRUPT_MESSAGE_INFO_ENTRY Entry;
    KIRQL SynchronizeIrql;
    NTSTATUS Status;

    if (Parameters->ConnectionContext.Generic == NULL)
        return STATUS_INVALID_PARAMETER;
    *Parameters->ConnectionContext.Generic = NULL;
    if (Parameters->PhysicalDeviceObject == NULL || Parameters->MessageServiceRoutine == NULL)
        return STATUS_INVALID_PARAMETER;
    Connection = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Connection), IOP_INTERRUPT_TAG);
    if (Connection == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Connection, sizeof(*Connection));
    Entry = &Connection->Table.MessageInfo[0];
    Status = HalAllocateMessageInterrupt(&Entry->Vector, &Entry->Irql, &Entry->TargetProcessorSet,
                                         &Entry->MessageAddress, &Entry->MessageData);
    if (!NT_SUCCESS(Status))
    {
        ExFreePoolWithTag(Connection, IOP_INTERRUPT_TAG);
        return Status;
    }
    SynchronizeIrql =
        Parameters->SynchronizeIrql > Entry->Irql ? Parameters->SynchronizeIrql : Entry->Irql;
    KeInitializeInterrupt(&Connection->Interrupt, NULL, Parameters->ServiceContext,
                          Parameters->SpinLock, Entry->Vector, Entry->Irql, SynchronizeIrql,
                          Latched, FALSE, 0, Parameters->FloatingSave);
    Connection->Interrupt.MessageServiceRoutine = Parameters->MessageServiceRoutine;
    Connection->Interrupt.MessageId = 0;
    if (!KeConnectInterrupt(&Connection->Interrupt))
    {
        HalFreeMessageInterrupt(Entry->Vector);
        ExFreePoolWithTag(Connection, IOP_INTERRUPT_TAG);
        return STATUS_INVALID_PARAMETER;
    }
    Entry->InterruptObject = &Connection->Interrupt;
    Entry->Mode = Latched;
    Entry->Polarity = InterruptActiveHigh;
    Connection->Table.UnifiedIrql = SynchronizeIrql;
    Connection->Table.MessageCount = 1;
    *Parameters->ConnectionContext.InterruptMessageTable = &Connection->Table;
    return STATUS_SUCCESS;
}

static NTSTATUS
IopConnectFullySpecified(PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS Parameters, BOOLEAN Group)
{
    if (Parameters->InterruptObject == NULL)
        return STATUS_INVALID_PARAMETER;
    *Parameters->InterruptObject = NULL;
    if (Parameters->ProcessorEnableMask == 0)
        return STATUS_INVALID_PARAMETER_10;
    if (Group && Parameters->Group != 0) /* one processor group */
        return STATUS_INVALID_PARAMETER;
    return IoConnectInterrupt(Parameters->InterruptObject, Parameters->ServiceRoutine,
                              Parameters->ServiceContext, Parameters->SpinLock, Parameters->Vector,
                              Parameters->Irql, Parameters->SynchronizeIrql,
                              Parameters->InterruptMode, Parameters->ShareVector,
                              Parameters->ProcessorEnableMask, Parameters->FloatingSave);
}

NTSTATUS NTAPI
IoConnectInterruptEx(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
    PAGED_CODE();
    if (Parameters == NULL)
        return STATUS_INVALID_PARAMETER;
    switch (Parameters->Version)
    {
        case CONNECT_FULLY_SPECIFIED:
        case CONNECT_FULLY_SPECIFIED_GROUP:
            return IopConnectFullySpecified(&Parameters->FullySpecified,
                                            Parameters->Version == CONNECT_FULLY_SPECIFIED_GROUP);
        case CONNECT_LINE_BASED:
            if (Parameters->LineBased.InterruptObject == NULL)
                return STATUS_INVALID_PARAMETER;
            *Parameters->LineBased.InterruptObject = NULL;
            if (Parameters->LineBased.PhysicalDeviceObject == NULL ||
                Parameters->LineBased.ServiceRoutine == NULL)
                return STATUS_INVALID_PARAMETER;
            return STATUS_NOT_FOUND; /* no PnP manager has assigned the device an interrupt */
        case CONNECT_MESSAGE_BASED:
            return IopConnectMessageBased(&Parameters->MessageBased);
        default:
            return STATUS_INVALID_PARAMETER_1;
    }
}

VOID NTAPI
IoDisconnectInterruptEx(PIO_DISCONNECT_INTERRUPT_PARAMETERS Parameters)
{
    PIOP_MESSAGE_CONNECTION Connection;
    ULONG Vector;

    PAGED_CODE();
    switch (Parameters->Version)
    {
        case CONNECT_FULLY_SPECIFIED:
        case CONNECT_FULLY_SPECIFIED_GROUP:
        case CONNECT_LINE_BASED:
            IoDisconnectInterrupt(Parameters->ConnectionContext.InterruptObject);
            return;
        case CONNECT_MESSAGE_BASED:
            Connection = CONTAINING_RECORD(Parameters->ConnectionContext.InterruptMessageTable,
                                           IOP_MESSAGE_CONNECTION, Table);
            Vector = Connection->Interrupt.Vector;
            if (!KeDisconnectInterrupt(&Connection->Interrupt))
            {
                DbgPrint("Io: IoDisconnectInterruptEx(%p): not connected, left alone\n",
                         Connection);
                return;
            }
            HalFreeMessageInterrupt(Vector);
            ExFreePoolWithTag(Connection, IOP_INTERRUPT_TAG);
            return;
        default:
            DbgPrint("Io: IoDisconnectInterruptEx: version %u is not a connection's, ignored\n",
                     Parameters->Version);
    }
}
