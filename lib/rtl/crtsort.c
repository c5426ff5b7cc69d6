/* SPDX-License-Identifier: MIT */
/*
 * qsort and bsearch. qsort is a heapsort: O(n log n) in the worst case, no recursion and no
 * allocation, which suits a kernel stack. Like the CRT's, it is not stable.
 */
#include "crt.h"

static void
RtlpSwapElements(UCHAR *A, UCHAR *B, size_t Size)
{
    while (Size-- > 0)
    {
        UCHAR T = *A;
        *A++ = *B;
        *B++ = T;
    }
}

/* Restores the max-heap below Root within the first Count elements. */
static void
RtlpSiftDown(UCHAR *Base, size_t Root, size_t Count, size_t Size, RTLP_CRT_COMPARE Compare)
{
    for (;;)
    {
        size_t Child = 2 * Root + 1, Largest = Root;

        if (Child < Count && Compare(Base + Child * Size, Base + Largest * Size) > 0)
            Largest = Child;
        if (Child + 1 < Count && Compare(Base + (Child + 1) * Size, Base + Largest * Size) > 0)
            Largest = Child + 1;
        if (Largest == Root)
            return;
        RtlpSwapElements(Base + Root * Size, Base + Largest * Size, Size);
        Root = Largest;
    }
}

void __cdecl qsort(void *Base, size_t Count, size_t Size, RTLP_CRT_COMPARE Compare)
{
    UCHAR *B = Base;
    size_t I;

    if (Count < 2 || Size == 0)
        return;
    for (I = Count / 2; I-- > 0;)
        RtlpSiftDown(B, I, Count, Size, Compare);
    for (I = Count - 1; I > 0; I--)
    {
        RtlpSwapElements(B, B + I * Size, Size);
        RtlpSiftDown(B, 0, I, Size, Compare);
    }
}

void *__cdecl bsearch(const void *Key, const void *Base, size_t Count, size_t Size,
                      RTLP_CRT_COMPARE Compare)
{
    const UCHAR *B = Base;
    size_t Low = 0, High = Count;

    while (Low < High)
    {
        size_t Middle = Low + (High - Low) / 2;
        int Order = Compare(Key, B + Middle * Size);

        if (Order == 0)
            return (void *)(B + Middle * Size);
        if (Order < 0)
            High = Middle;
        else
            Low = Middle + 1;
    }
    return NULL;
}
