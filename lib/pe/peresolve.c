/* SPDX-License-Identifier: MIT */
/*
 * Resolving Dll!Name or Dll!#Ordinal across loaded modules: DLL-name matching as Windows
 * does it, and following forwarders ("NTOSKRNL.ExFoo", "HAL.#12") up to a fixed depth, so
 * a cycle (A.f -> B.f -> A.f) ends as PE_E_FORWARDER_LOOP instead of never.
 */
#include "pep.h"

static bool
PepEqualIgnoringCase(const char *A, size_t ALength, const char *B, size_t BLength)
{
    if (ALength != BLength)
    {
        return false;
    }
    for (size_t i = 0; i < ALength; i++)
    {
        if (PepToLower((uint8_t)A[i]) != PepToLower((uint8_t)B[i]))
        {
            return false;
        }
    }
    return true;
}

/* Index of the last '.' in Text[0, Length), or Length when there is none. */
static size_t
PepLastDot(const char *Text, size_t Length)
{
    for (size_t i = Length; i > 0; i--)
    {
        if (Text[i - 1] == '.')
        {
            return i - 1;
        }
    }
    return Length;
}

int
PeModuleNameMatches(const char *ModuleName, const char *Requested, size_t RequestedLength)
{
    size_t ModuleLength;

    if (ModuleName == NULL || Requested == NULL)
    {
        return 0;
    }
    ModuleLength = PepStringLength(ModuleName);
    if (PepEqualIgnoringCase(ModuleName, ModuleLength, Requested, RequestedLength))
    {
        return 1;
    }
    /* "NTOSKRNL" (a forwarder names no extension) is "ntoskrnl.exe" without its own. */
    if (PepLastDot(Requested, RequestedLength) != RequestedLength)
    {
        return 0;
    }
    return PepEqualIgnoringCase(ModuleName, PepLastDot(ModuleName, ModuleLength), Requested,
                                RequestedLength);
}

/* Decimal ordinal of a "DLL.#123" forwarder: digits only, at least one, fits 32 bits. */
static PE_STATUS
PepParseOrdinal(const char *Digits, uint32_t *Ordinal)
{
    uint64_t Value = 0;

    if (*Digits == '\0')
    {
        return PE_E_BAD_FORWARDER;
    }
    for (; *Digits != '\0'; Digits++)
    {
        if (*Digits < '0' || *Digits > '9')
        {
            return PE_E_BAD_FORWARDER;
        }
        Value = Value * 10 + (uint64_t)(*Digits - '0');
        if (Value > UINT32_MAX)
        {
            return PE_E_BAD_FORWARDER;
        }
    }
    *Ordinal = (uint32_t)Value;
    return PE_OK;
}

/* Split "DLL.Name" / "DLL.#n" at its last dot (DLL names may carry dots, C names cannot).
 * Forwarder is NUL-terminated inside its image, checked by the export lookup. */
static PE_STATUS
PepSplitForwarder(const char *Forwarder, const char **Dll, size_t *DllLength, const char **Name,
                  uint32_t *Ordinal)
{
    size_t Length = PepStringLength(Forwarder);
    size_t Dot = PepLastDot(Forwarder, Length);
    const char *Rest;

    if (Dot == 0 || Dot + 1 >= Length)
    {
        return PE_E_BAD_FORWARDER; /* no dot, no DLL part, or nothing after the dot */
    }
    Rest = Forwarder + Dot + 1;
    *Dll = Forwarder;
    *DllLength = Dot;
    if (*Rest != '#')
    {
        *Name = Rest;
        return PE_OK;
    }
    *Name = NULL;
    return PepParseOrdinal(Rest + 1, Ordinal);
}

PE_STATUS
PeResolveExport(PE_FIND_MODULE Find, void *Context, const char *Dll, size_t DllLength,
                const char *Name, uint32_t Ordinal, uint64_t *Address)
{
    *Address = 0;

    /* One lookup, then at most PE_MAX_FORWARDER_DEPTH forwarders followed. */
    for (uint32_t Depth = 0; Depth <= PE_MAX_FORWARDER_DEPTH; Depth++)
    {
        const PE_VIEW *Module = Find(Context, Dll, DllLength);
        PE_EXPORT Export;
        PE_STATUS Status;

        if (Module == NULL)
        {
            return PE_E_IMPORT_MODULE_NOT_FOUND;
        }
        Status = Name != NULL ? PeFindExportByName(Module, Name, &Export)
                              : PeFindExportByOrdinal(Module, Ordinal, &Export);
        if (Status != PE_OK)
        {
            return Status;
        }
        if (Export.Forwarder == NULL)
        {
            *Address = Export.Address;
            return PE_OK;
        }
        Status = PepSplitForwarder(Export.Forwarder, &Dll, &DllLength, &Name, &Ordinal);
        if (Status != PE_OK)
        {
            return Status;
        }
    }
    return PE_E_FORWARDER_LOOP;
}
