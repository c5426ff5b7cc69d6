/* SPDX-License-Identifier: MIT */
/*
 * Little-endian field access and byte fills for parsers of on-disk and firmware formats (PE
 * images, ACPI tables). Byte-wise, so unaligned fields in malformed input are never UB.
 * Freestanding, header-only; shared by the loader, kernel, HAL and host tests.
 */
#ifndef BASALT_RTLBYTES_H
#define BASALT_RTLBYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t
RtlReadLe16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
RtlReadLe32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t
RtlReadLe64(const uint8_t *p)
{
    return (uint64_t)RtlReadLe32(p) | ((uint64_t)RtlReadLe32(p + 4) << 32);
}

static inline void
RtlWriteLe16(uint8_t *p, uint16_t Value)
{
    p[0] = (uint8_t)Value;
    p[1] = (uint8_t)(Value >> 8);
}

static inline void
RtlWriteLe32(uint8_t *p, uint32_t Value)
{
    RtlWriteLe16(p, (uint16_t)Value);
    RtlWriteLe16(p + 2, (uint16_t)(Value >> 16));
}

static inline void
RtlWriteLe64(uint8_t *p, uint64_t Value)
{
    RtlWriteLe32(p, (uint32_t)Value);
    RtlWriteLe32(p + 4, (uint32_t)(Value >> 32));
}

/* Byte loops instead of memset/memcpy: these parsers link into images without a C library. */
static inline void
RtlFillBytes(void *Dest, size_t Size, uint8_t Value)
{
    uint8_t *d = Dest;

    for (size_t i = 0; i < Size; i++)
        d[i] = Value;
}

static inline void
RtlCopyBytes(void *Dest, const void *Source, size_t Size)
{
    uint8_t *d = Dest;
    const uint8_t *s = Source;

    for (size_t i = 0; i < Size; i++)
        d[i] = s[i];
}

#endif
