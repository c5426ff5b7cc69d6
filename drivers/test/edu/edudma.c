/* SPDX-License-Identifier: MIT */
/*
 * edu.sys DMA case: a pattern goes from a common buffer into the device's 4 KiB buffer and
 * back into the (cleared) common buffer. The device masks DMA addresses to 28 bits, so the
 * adapter is asked for neither 32- nor 64-bit addressing, which keeps buffers below 16 MiB.
 * A transfer moves half the buffer: QEMU 7.2's edu rejects one that ends exactly at the end
 * of its buffer (an off-by-one in its range check) by stopping the whole machine. The other
 * half of the common buffer must come back untouched, so the device wrote what it was told.
 */
#include "edu.h"

#define EDU_TRANSFER (EDU_BUFFER_SIZE / 2)

/* Waits up to 2 s for the device to finish a transfer. */
static BOOLEAN
EduDmaDone(VOID)
{
    LARGE_INTEGER Delay = {.QuadPart = -100000}; /* 10 ms */
    ULONG Polls;

    for (Polls = 0; Polls < 200; Polls++)
    {
        if (!(EduRead(EDU_DMA_COMMAND) & EDU_DMA_START))
            return TRUE;
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    }
    return FALSE;
}

static VOID
EduTransfer(ULONG64 Source, ULONG64 Destination, ULONG Command)
{
    EduWrite64(EDU_DMA_SOURCE, Source);
    EduWrite64(EDU_DMA_DEST, Destination);
    EduWrite64(EDU_DMA_COUNT, EDU_TRANSFER);
    EduWrite64(EDU_DMA_COMMAND, Command | EDU_DMA_START);
}

/* The first byte that is not as expected: the pattern, then zeroes; EDU_BUFFER_SIZE if none. */
static ULONG
EduCompare(const UCHAR *Buffer)
{
    ULONG I;

    for (I = 0; I < EDU_BUFFER_SIZE; I++)
    {
        if (Buffer[I] != (I < EDU_TRANSFER ? (UCHAR)(I * 7 + 3) : 0))
            return I;
    }
    return EDU_BUFFER_SIZE;
}

PCSTR
EduCaseDmaRoundTrip(VOID)
{
    DEVICE_DESCRIPTION Description;
    PDMA_ADAPTER Adapter;
    PHYSICAL_ADDRESS Logical;
    PUCHAR Buffer;
    ULONG MapRegisters = 0, I, Match;
    BOOLEAN In, Out = FALSE;

    EXPECT_STARTED();
    RtlZeroMemory(&Description, sizeof(Description));
    Description.Version = DEVICE_DESCRIPTION_VERSION;
    Description.Master = TRUE;
    Description.InterfaceType = PCIBus;
    Description.BusNumber = Edu.Bus;
    Description.MaximumLength = EDU_BUFFER_SIZE;
    Adapter = IoGetDmaAdapter(EduDevice, &Description, &MapRegisters);
    EXPECT(Adapter != NULL && MapRegisters != 0, "IoGetDmaAdapter; map registers", MapRegisters);
    Buffer = Adapter->DmaOperations->AllocateCommonBuffer(Adapter, EDU_BUFFER_SIZE, &Logical, TRUE);
    if (Buffer == NULL)
        Adapter->DmaOperations->PutDmaAdapter(Adapter);
    EXPECT(Buffer != NULL, "AllocateCommonBuffer", 0);
    for (I = 0; I < EDU_BUFFER_SIZE; I++)
        Buffer[I] = (UCHAR)(I * 7 + 3);
    EduTransfer(Logical.QuadPart, EDU_BUFFER, 0);
    In = EduDmaDone();
    if (In)
    {
        RtlZeroMemory(Buffer, EDU_BUFFER_SIZE);
        EduTransfer(EDU_BUFFER, Logical.QuadPart, EDU_DMA_TO_RAM);
        Out = EduDmaDone();
    }
    Match = EduCompare(Buffer);
    Adapter->DmaOperations->FreeCommonBuffer(Adapter, EDU_BUFFER_SIZE, Logical, Buffer, TRUE);
    Adapter->DmaOperations->PutDmaAdapter(Adapter);
    EXPECT(Logical.QuadPart + EDU_BUFFER_SIZE <= 0x1000000, "buffer above 16 MiB, at",
           Logical.QuadPart);
    EXPECT(In && Out, "a transfer did not finish; command register", EduRead(EDU_DMA_COMMAND));
    EXPECT(Match == EDU_BUFFER_SIZE, "the buffer came back different at byte", Match);
    return NULL;
}
