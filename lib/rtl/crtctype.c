/* SPDX-License-Identifier: MIT */
/*
 * Character classification and case mapping. The narrow ctype routines follow the CRT's "C"
 * locale (ASCII only), as ntoskrnl's do; the wide case mappings and the helpers behind
 * _stricmp/_strlwr use the Unicode tables in rtlnls.c.
 */
#include "crt.h"

/* Through Unicode as RtlUpperChar does, so 1252's letters outside Latin-1 map too. */
CHAR
RtlpCrtLowerChar(CHAR Character)
{
    WCHAR Lower = RtlDowncaseUnicodeChar(RtlpAnsiToUnicodeChar(Character));
    CHAR Result = RtlpUnicodeToAnsiChar(Lower);

    return Result == '?' && Lower != '?' ? Character : Result;
}

CHAR
RtlpCrtUpperChar(CHAR Character)
{
    return RtlUpperChar(Character);
}

int __cdecl isdigit(int Character)
{
    return Character >= '0' && Character <= '9';
}

int __cdecl islower(int Character)
{
    return Character >= 'a' && Character <= 'z';
}

int __cdecl isupper(int Character)
{
    return Character >= 'A' && Character <= 'Z';
}

int __cdecl isspace(int Character)
{
    return Character == ' ' || (Character >= '\t' && Character <= '\r');
}

int __cdecl isxdigit(int Character)
{
    return isdigit(Character) || (Character >= 'a' && Character <= 'f') ||
           (Character >= 'A' && Character <= 'F');
}

int __cdecl isprint(int Character)
{
    return Character >= 0x20 && Character <= 0x7E;
}

int __cdecl tolower(int Character)
{
    return isupper(Character) ? Character + ('a' - 'A') : Character;
}

int __cdecl toupper(int Character)
{
    return islower(Character) ? Character - ('a' - 'A') : Character;
}

WCHAR __cdecl towlower(WCHAR Character)
{
    return RtlDowncaseUnicodeChar(Character);
}

WCHAR __cdecl towupper(WCHAR Character)
{
    return RtlUpcaseUnicodeChar(Character);
}
