/* SPDX-License-Identifier: MIT */
/* Boot options: the NT-style switches from BOOT.INI, as the loader passed them. */
#include "ntos.h"

static CHAR
ExpUpper(CHAR C)
{
    return (C >= 'a' && C <= 'z') ? (CHAR)(C - 'a' + 'A') : C;
}

static BOOLEAN
ExpIsSeparator(CHAR C)
{
    return C == 0 || C == ' ' || C == '\t' || C == '=';
}

/* Where "/NAME" starts a switch in Options, or NULL. */
static PCSTR
ExpFindSwitch(PCSTR Options, PCSTR Name)
{
    SIZE_T I;

    for (; Options != NULL && *Options != 0; Options++)
    {
        if (*Options != '/')
            continue;
        for (I = 0; Name[I] != 0 && ExpUpper(Options[1 + I]) == Name[I]; I++)
            ;
        if (Name[I] == 0 && ExpIsSeparator(Options[1 + I]))
            return Options + 1 + I;
    }
    return NULL;
}

BOOLEAN
ExpBootOption(PCSTR Name, PCHAR Value, SIZE_T ValueSize)
{
    PCSTR End = KeLoaderBlock != NULL ? ExpFindSwitch(KeLoaderBlock->LoadOptions, Name) : NULL;
    SIZE_T Length = 0;

    if (End == NULL)
        return FALSE;
    if (Value != NULL && ValueSize > 0)
    {
        if (*End == '=')
        {
            for (End++; !ExpIsSeparator(End[Length]) && Length + 1 < ValueSize; Length++)
                Value[Length] = End[Length];
        }
        Value[Length] = 0;
    }
    return TRUE;
}

BOOLEAN
ExpBootOptionNumber(PCSTR Name, PULONG Number)
{
    CHAR Value[16];
    ULONG Result = 0;
    SIZE_T I;

    if (!ExpBootOption(Name, Value, sizeof(Value)) || Value[0] == 0)
        return FALSE;
    for (I = 0; Value[I] != 0; I++)
    {
        if (Value[I] < '0' || Value[I] > '9')
            return FALSE;
        Result = Result * 10 + (ULONG)(Value[I] - '0');
    }
    *Number = Result;
    return TRUE;
}
