/* SPDX-License-Identifier: MIT */
/* Counted-string initialisation (RtlInit*String). The full Rtl string library moves into
 * the shared library folder with the executive work. */
#include "ntos.h"

#define RTLP_MAX_USHORT_CHARS(CharSize) ((MAXUSHORT - (CharSize)) / (CharSize))

VOID NTAPI
RtlInitUnicodeString(PUNICODE_STRING Destination, PCWSTR Source)
{
    SIZE_T Length = 0;

    Destination->Buffer = (PWSTR)Source;
    if (Source != NULL)
    {
        while (Source[Length] != 0)
            Length++;
        if (Length > RTLP_MAX_USHORT_CHARS(sizeof(WCHAR)))
            Length = RTLP_MAX_USHORT_CHARS(sizeof(WCHAR));
    }
    Destination->Length = (USHORT)(Length * sizeof(WCHAR));
    Destination->MaximumLength = Source != NULL ? (USHORT)(Destination->Length + sizeof(WCHAR)) : 0;
}

VOID NTAPI
RtlInitAnsiString(PANSI_STRING Destination, PCSZ Source)
{
    SIZE_T Length = Source != NULL ? strlen(Source) : 0;

    if (Length > RTLP_MAX_USHORT_CHARS(1))
        Length = RTLP_MAX_USHORT_CHARS(1);
    Destination->Buffer = (PCHAR)Source;
    Destination->Length = (USHORT)Length;
    Destination->MaximumLength = Source != NULL ? (USHORT)(Length + 1) : 0;
}

VOID NTAPI
RtlInitString(PSTRING Destination, PCSZ Source)
{
    RtlInitAnsiString(Destination, Source);
}
