/* SPDX-License-Identifier: MIT */
/*
 * RtlComputeCrc32: the CRC-32 of IEEE 802.3, zlib and PNG (reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF). The XORs are inside, so a result passed back as
 * PartialCrc continues the same CRC over more data. Bitwise: no table to build or to share,
 * and nothing in the kernel hashes enough data yet for a table to pay.
 */
#include "rtlp.h"

ULONG NTAPI
RtlComputeCrc32(ULONG PartialCrc, const VOID *Buffer, ULONG Length)
{
    const UCHAR *Bytes = Buffer;
    ULONG Crc = ~PartialCrc, I, Bit;

    for (I = 0; I < Length; I++)
    {
        Crc ^= Bytes[I];
        for (Bit = 0; Bit < 8; Bit++)
            Crc = (Crc >> 1) ^ (0xEDB88320u & (0u - (Crc & 1)));
    }
    return ~Crc;
}
