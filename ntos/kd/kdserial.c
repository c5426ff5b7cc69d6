/* SPDX-License-Identifier: MIT */
/*
 * The debug serial port: a 16550 UART on COM1 by default, /DEBUGPORT=COMn and /BAUDRATE=n
 * select another. Polled output only; it must work before interrupts and after a crash.
 */
#include "ntos.h"

#define UART_DATA 0
#define UART_INTERRUPT_ENABLE 1
#define UART_FIFO_CONTROL 2
#define UART_LINE_CONTROL 3
#define UART_MODEM_CONTROL 4
#define UART_LINE_STATUS 5
#define UART_LSR_THR_EMPTY 0x20
#define UART_CLOCK 115200

static const USHORT KdpComPorts[] = {0x3F8, 0x2F8, 0x3E8, 0x2E8};
static USHORT KdpPort = 0x3F8;
static volatile LONG KdpLock;

VOID
KdInitializeSerial(VOID)
{
    CHAR Value[8];
    ULONG Baud = 115200, Divisor;

    if (ExpBootOption("DEBUGPORT", Value, sizeof(Value)) && Value[3] >= '1' && Value[3] <= '4')
        KdpPort = KdpComPorts[Value[3] - '1'];
    if (!ExpBootOptionNumber("BAUDRATE", &Baud) || Baud == 0 || Baud > UART_CLOCK)
        Baud = 115200;
    Divisor = UART_CLOCK / Baud;

    __outbyte(KdpPort + UART_INTERRUPT_ENABLE, 0);
    __outbyte(KdpPort + UART_LINE_CONTROL, 0x80); /* DLAB: divisor follows */
    __outbyte(KdpPort + UART_DATA, (UCHAR)Divisor);
    __outbyte(KdpPort + UART_INTERRUPT_ENABLE, (UCHAR)(Divisor >> 8));
    __outbyte(KdpPort + UART_LINE_CONTROL, 0x03); /* 8N1 */
    __outbyte(KdpPort + UART_FIFO_CONTROL, 0xC7);
    __outbyte(KdpPort + UART_MODEM_CONTROL, 0x03);
}

static VOID
KdpPutChar(CHAR C)
{
    ULONG Spins;

    /* Bounded wait: a missing UART must not hang the kernel. */
    for (Spins = 0; Spins < 100000; Spins++)
    {
        if (__inbyte(KdpPort + UART_LINE_STATUS) & UART_LSR_THR_EMPTY)
            break;
    }
    __outbyte(KdpPort + UART_DATA, (UCHAR)C);
}

static VOID
KdpWrite(PCSTR String, SIZE_T Length)
{
    SIZE_T I;

    for (I = 0; I < Length; I++)
    {
        if (String[I] == '\n')
            KdpPutChar('\r');
        KdpPutChar(String[I]);
    }
}

/* One message at a time, whole, so lines from different processors do not interleave. */
VOID
KdWriteString(PCSTR String, SIZE_T Length)
{
    ULONG64 Flags = __readeflags();

    _disable();
    while (InterlockedExchange(&KdpLock, 1) != 0)
        YieldProcessor();
    KdpWrite(String, Length);
    InterlockedExchange(&KdpLock, 0);
    __writeeflags(Flags);
}

VOID
KdBugCheckWrite(PCSTR String)
{
    KdpWrite(String, strlen(String));
}
