/* SPDX-License-Identifier: MIT */
/* Helpers private to the shared Rtl string routines (lib/rtl). */
#ifndef BASALT_RTLP_H
#define BASALT_RTLP_H

#include "rtlnt.h"

/* The single-byte "ANSI" code page: Windows-1252. Unmappable characters become '?'. */
WCHAR RtlpAnsiToUnicodeChar(CHAR Character);
CHAR RtlpUnicodeToAnsiChar(WCHAR Character);

/* A byte loop: this code links into images without a C library. Regions may overlap. */
static inline VOID
RtlpMoveBytes(PVOID Destination, const VOID *Source, SIZE_T Length)
{
    UCHAR *D = Destination;
    const UCHAR *S = Source;
    SIZE_T I;

    if (D <= S || D >= S + Length)
    {
        for (I = 0; I < Length; I++)
            D[I] = S[I];
        return;
    }
    while (Length-- > 0)
        D[Length] = S[Length];
}

#endif
