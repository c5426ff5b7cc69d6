/* SPDX-License-Identifier: MIT */
/* Object manager internals shared by the files of ntos/ob. */
#ifndef BASALT_OBP_H
#define BASALT_OBP_H

#include "ntos.h"

#define OBP_HEADER_SIGNATURE 0x6A624F42 /* "BObj" */

/* Precedes every object body; the body starts 16-byte aligned right after it. */
typedef struct _OBJECT_HEADER
{
    volatile LONG_PTR PointerCount;
    volatile LONG_PTR HandleCount;
    POBJECT_TYPE Type;
    ULONG Signature;
    ULONG Flags;
    struct _OBJECT_HEADER *NextToFree; /* deferred deletion list */
    ULONG64 Reserved;
} OBJECT_HEADER, *POBJECT_HEADER;

C_ASSERT(sizeof(OBJECT_HEADER) % 16 == 0);

static inline POBJECT_HEADER
ObpHeader(PVOID Object)
{
    return (POBJECT_HEADER)Object - 1;
}

static inline PVOID
ObpBody(POBJECT_HEADER Header)
{
    return Header + 1;
}

POBJECT_HEADER ObpCheckedHeader(PVOID Object);
VOID ObpDeleteObject(POBJECT_HEADER Header);

#endif
