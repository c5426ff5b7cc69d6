/* SPDX-License-Identifier: MIT */
/*
 * Private to hal/acpi: byte-wise little-endian field access (table fields are often
 * unaligned, and this code may call no libc), the checksum and bounded mapping.
 */
#ifndef BASALT_ACPIP_H
#define BASALT_ACPIP_H

#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "rtlbytes.h"

#define ACPI_HEADER_LENGTH 36

static inline bool
AcpiSignatureIs(const uint8_t *p, const char *Signature)
{
    return p[0] == (uint8_t)Signature[0] && p[1] == (uint8_t)Signature[1] &&
           p[2] == (uint8_t)Signature[2] && p[3] == (uint8_t)Signature[3];
}

/* A Generic Address Structure at p (12 bytes). */
static inline void
AcpiGetGas(const uint8_t *p, ACPI_GAS *Gas)
{
    Gas->SpaceId = p[0];
    Gas->BitWidth = p[1];
    Gas->BitOffset = p[2];
    Gas->AccessSize = p[3];
    Gas->Address = RtlReadLe64(p + 4);
}

uint8_t AcpiChecksum(const uint8_t *Bytes, uint32_t Length);
/* Host->Map with a null address or a wrapping range refused up front. */
const uint8_t *AcpiMapRange(const ACPI_HOST *Host, uint64_t Address, uint32_t Length);

#endif
