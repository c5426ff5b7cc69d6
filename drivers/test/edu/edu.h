/* SPDX-License-Identifier: MIT */
/* edu.sys: QEMU's educational PCI device (docs/specs/edu.rst in QEMU), and what the cases share. */
#pragma once
#include <ntddk.h>

#include "kttest.h"

/* ntddk.h declares it only without NO_LEGACY_DRIVERS, which wdm.h defines: declared here, as
 * a legacy driver does. */
NTHALAPI ULONG NTAPI HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
                                           ULONG BusInterruptLevel, ULONG BusInterruptVector,
                                           PKIRQL Irql, PKAFFINITY Affinity);
/* Exported by ntoskrnl.exe (and in libntoskrnl.a), not declared by the DDK headers. */
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11E8

/* BAR 0 registers (32-bit). */
#define EDU_ID 0x00          /* 0xRRrr00ED: major, minor revision, 0xED */
#define EDU_LIVENESS 0x04    /* reads back the bitwise inverse of what was written */
#define EDU_IRQ_STATUS 0x24  /* pending interrupt bits */
#define EDU_IRQ_RAISE 0x60   /* ORs the value into the status and raises the interrupt */
#define EDU_IRQ_ACK 0x64     /* clears those bits; the interrupt drops when none is left */
#define EDU_DMA_SOURCE 0x80  /* 64-bit */
#define EDU_DMA_DEST 0x88    /* 64-bit */
#define EDU_DMA_COUNT 0x90   /* 64-bit */
#define EDU_DMA_COMMAND 0x98 /* 64-bit */
#define EDU_DMA_START 0x1    /* set until the transfer is done */
#define EDU_DMA_TO_RAM 0x2   /* else from RAM to the device */
#define EDU_DMA_IRQ 0x4      /* raise interrupt bit 0x100 when done */
#define EDU_BUFFER 0x40000   /* the device's 4 KiB buffer, in its DMA address space */
#define EDU_BUFFER_SIZE 4096
#define EDU_REGISTERS_SIZE 0x100

typedef struct _EDU
{
    ULONG Bus;
    PCI_SLOT_NUMBER Slot;
    PHYSICAL_ADDRESS Bar0;
    volatile ULONG *Registers;
    UCHAR InterruptLine;
    UCHAR MsiCapability; /* 0 when the device has none */
} EDU, *PEDU;

extern EDU Edu;
/* The unnamed device object that stands for the PCI function (no PnP manager gives a PDO):
 * interrupts and DMA are connected for it, and its Dpc is what IoRequestDpc queues. */
extern PDEVICE_OBJECT EduDevice;

ULONG EduRead(ULONG Register);
VOID EduWrite(ULONG Register, ULONG Value);
VOID EduWrite64(ULONG Register, ULONG64 Value);

/* The message a case returns for a failed check: what failed, and a value that says how.
 * The buffer is shared; the Drivers suite runs one case at a time. */
PCSTR EduFail(PCSTR What, ULONG64 Value);
#define EXPECT(Condition, What, Value)       \
    do                                       \
    {                                        \
        if (!(Condition))                    \
            return EduFail((What), (Value)); \
    } while (0)
/* Every case but the first needs the device that DriverEntry found and started. */
#define EXPECT_STARTED() EXPECT(Edu.Registers != NULL, "the edu device was not started", 0)

/* The interrupt cases' event and DPC routine, set once by DriverEntry. */
VOID EduInitializeInterrupts(VOID);
/* The cases, listed with their names in edu.c. */
PCSTR EduCaseLineInterrupt(VOID);
PCSTR EduCaseSynchronizeExecution(VOID);
PCSTR EduCaseDisconnect(VOID);
PCSTR EduCaseMessageInterrupt(VOID);
PCSTR EduCaseDmaRoundTrip(VOID);
