/* SPDX-License-Identifier: MIT */
/*
 * Character tables: Unicode case mapping and the ANSI code page (Windows-1252).
 *
 * Case mapping covers the scripts a kernel meets in names in practice, each with a rule rather
 * than a 64 KB table: Basic Latin, Latin-1, Latin Extended-A (U+0100-U+017F), basic Greek
 * (U+0391-U+03AB) and basic Cyrillic (U+0400-U+044F/U+045F). Other characters, accented Greek,
 * and the irregular ones (U+00B5, U+0131, U+017F, U+00DF) map to themselves.
 */
#include "rtlp.h"

/* Windows-1252 bytes 0x80-0x9F; the five it leaves undefined map to the same C1 control. */
static const WCHAR RtlpAnsi80To9F[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

WCHAR
RtlpAnsiToUnicodeChar(CHAR Character)
{
    UCHAR Byte = (UCHAR)Character;

    return Byte >= 0x80 && Byte <= 0x9F ? RtlpAnsi80To9F[Byte - 0x80] : Byte;
}

CHAR
RtlpUnicodeToAnsiChar(WCHAR Character)
{
    ULONG I;

    if (Character < 0x80 || (Character >= 0xA0 && Character <= 0xFF))
        return (CHAR)Character;
    for (I = 0; I < 32; I++)
    {
        if (RtlpAnsi80To9F[I] == Character)
            return (CHAR)(0x80 + I);
    }
    return '?';
}

/* Latin Extended-A pairs: which code point of a pair is the capital depends on the block. */
static BOOLEAN
RtlpIsLatinExtendedAPair(WCHAR Character, BOOLEAN *CapitalIsEven)
{
    if ((Character >= 0x100 && Character <= 0x12F) || (Character >= 0x132 && Character <= 0x137) ||
        (Character >= 0x14A && Character <= 0x177))
    {
        *CapitalIsEven = TRUE;
        return TRUE;
    }
    if ((Character >= 0x139 && Character <= 0x148) || (Character >= 0x179 && Character <= 0x17E))
    {
        *CapitalIsEven = FALSE;
        return TRUE;
    }
    return FALSE;
}

WCHAR NTAPI
RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
    WCHAR C = SourceCharacter;
    BOOLEAN CapitalIsEven;

    if ((C >= 'a' && C <= 'z') || (C >= 0xE0 && C <= 0xFE && C != 0xF7) ||
        (C >= 0x3B1 && C <= 0x3CB && C != 0x3C2) || (C >= 0x430 && C <= 0x44F))
        return (WCHAR)(C - 0x20);
    if (C == 0xFF)
        return 0x178;
    if (C == 0x3C2) /* final sigma */
        return 0x3A3;
    if (C >= 0x450 && C <= 0x45F)
        return (WCHAR)(C - 0x50);
    if (RtlpIsLatinExtendedAPair(C, &CapitalIsEven) && (C % 2 == 0) != CapitalIsEven)
        return (WCHAR)(C - 1);
    return C;
}

WCHAR NTAPI
RtlDowncaseUnicodeChar(WCHAR SourceCharacter)
{
    WCHAR C = SourceCharacter;
    BOOLEAN CapitalIsEven;

    if ((C >= 'A' && C <= 'Z') || (C >= 0xC0 && C <= 0xDE && C != 0xD7) ||
        (C >= 0x391 && C <= 0x3AB && C != 0x3A2) || (C >= 0x410 && C <= 0x42F))
        return (WCHAR)(C + 0x20);
    if (C == 0x178)
        return 0xFF;
    if (C >= 0x400 && C <= 0x40F)
        return (WCHAR)(C + 0x50);
    if (RtlpIsLatinExtendedAPair(C, &CapitalIsEven) && (C % 2 == 0) == CapitalIsEven)
        return (WCHAR)(C + 1);
    return C;
}

/* Through Unicode, so 1252's letters outside Latin-1 (0x9A s-caron) upcase too. */
CHAR NTAPI
RtlUpperChar(CHAR Character)
{
    WCHAR Upper = RtlUpcaseUnicodeChar(RtlpAnsiToUnicodeChar(Character));
    CHAR Result = RtlpUnicodeToAnsiChar(Upper);

    return Result == '?' && Upper != '?' ? Character : Result;
}
