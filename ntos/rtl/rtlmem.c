/* SPDX-License-Identifier: MIT */
/* The C memory and string routines ntoskrnl.exe exports to drivers, and RtlCompareMemory.
 * Built with -fno-tree-loop-distribute-patterns so gcc cannot turn them into self-calls. */
#include "ntos.h"

void *__cdecl memcpy(void *Dest, const void *Source, size_t Count)
{
    __movsb(Dest, Source, Count);
    return Dest;
}

void *__cdecl memset(void *Dest, int Value, size_t Count)
{
    __stosb(Dest, (UCHAR)Value, Count);
    return Dest;
}

void *__cdecl memmove(void *Dest, const void *Source, size_t Count)
{
    PUCHAR D = Dest;
    const UCHAR *S = Source;

    if (D <= S || D >= S + Count)
        return memcpy(Dest, Source, Count);
    while (Count-- > 0)
        D[Count] = S[Count];
    return Dest;
}

int __cdecl memcmp(const void *Left, const void *Right, size_t Count)
{
    const UCHAR *L = Left, *R = Right;
    size_t I;

    for (I = 0; I < Count; I++)
    {
        if (L[I] != R[I])
            return L[I] < R[I] ? -1 : 1;
    }
    return 0;
}

size_t __cdecl strlen(const char *String)
{
    size_t Length = 0;

    while (String[Length] != 0)
        Length++;
    return Length;
}

size_t __cdecl wcslen(const wchar_t *String)
{
    size_t Length = 0;

    while (String[Length] != 0)
        Length++;
    return Length;
}

SIZE_T NTAPI
RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *A = Source1, *B = Source2;
    SIZE_T I;

    for (I = 0; I < Length && A[I] == B[I]; I++)
        ;
    return I;
}
