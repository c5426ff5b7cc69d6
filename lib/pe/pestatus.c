/* SPDX-License-Identifier: MIT */
/*
 * PE_STATUS in words for messages, and as the NTSTATUS Windows reports for the same failure.
 */
#include "pep.h"

#define PEP_STATUS_SUCCESS ((int32_t)0x00000000)
#define PEP_STATUS_CONFLICTING_ADDRESSES ((int32_t)0xC0000018)
#define PEP_STATUS_BUFFER_TOO_SMALL ((int32_t)0xC0000023)
#define PEP_STATUS_INVALID_IMAGE_FORMAT ((int32_t)0xC000007B)
#define PEP_STATUS_INVALID_IMAGE_NOT_MZ ((int32_t)0xC000012F)
#define PEP_STATUS_DLL_NOT_FOUND ((int32_t)0xC0000135)
#define PEP_STATUS_DRIVER_ORDINAL_NOT_FOUND ((int32_t)0xC0000262)
#define PEP_STATUS_DRIVER_ENTRYPOINT_NOT_FOUND ((int32_t)0xC0000263)

static const char *const PepStatusTexts[PE_STATUS_COUNT] = {
    [PE_OK] = "success",
    [PE_E_TRUNCATED] = "file truncated",
    [PE_E_BAD_DOS_SIGNATURE] = "no MZ signature",
    [PE_E_BAD_NT_SIGNATURE] = "no PE signature at e_lfanew",
    [PE_E_BAD_MACHINE] = "not an AMD64 image",
    [PE_E_BAD_OPTIONAL_HEADER] = "bad optional header",
    [PE_E_BAD_ALIGNMENT] = "bad alignment",
    [PE_E_IMAGE_TOO_LARGE] = "image too large",
    [PE_E_TOO_MANY_SECTIONS] = "too many sections",
    [PE_E_BAD_SECTION] = "section outside image",
    [PE_E_SECTION_OUTSIDE_FILE] = "section outside file",
    [PE_E_OVERLAPPING_SECTIONS] = "overlapping sections",
    [PE_E_BAD_DIRECTORY] = "data directory outside image",
    [PE_E_BAD_RELOCATION] = "bad base relocation",
    [PE_E_RELOCS_STRIPPED] = "image must move but has no relocations",
    [PE_E_BAD_IMPORT] = "bad import table",
    [PE_E_IMPORT_MODULE_NOT_FOUND] = "imported module not loaded",
    [PE_E_IMPORT_NAME_NOT_FOUND] = "export name not found",
    [PE_E_IMPORT_ORDINAL_NOT_FOUND] = "export ordinal not found",
    [PE_E_BAD_EXPORT] = "bad export table",
    [PE_E_BAD_FORWARDER] = "malformed export forwarder",
    [PE_E_FORWARDER_LOOP] = "export forwarder loop",
    [PE_E_BUFFER_TOO_SMALL] = "buffer smaller than image",
};

const char *
PeStatusText(PE_STATUS Status)
{
    /* Compared as unsigned: an enum holding a stray negative value is caught too. */
    if ((unsigned int)Status >= PE_STATUS_COUNT || PepStatusTexts[Status] == NULL)
    {
        return "unknown PE status";
    }
    return PepStatusTexts[Status];
}

int32_t
PeStatusToNtStatus(PE_STATUS Status)
{
    switch (Status)
    {
        case PE_OK:
            return PEP_STATUS_SUCCESS;
        case PE_E_BAD_DOS_SIGNATURE:
            return PEP_STATUS_INVALID_IMAGE_NOT_MZ;
        case PE_E_BUFFER_TOO_SMALL:
            return PEP_STATUS_BUFFER_TOO_SMALL;
        case PE_E_IMPORT_MODULE_NOT_FOUND:
            return PEP_STATUS_DLL_NOT_FOUND;
        case PE_E_IMPORT_NAME_NOT_FOUND:
            return PEP_STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
        case PE_E_IMPORT_ORDINAL_NOT_FOUND:
            return PEP_STATUS_DRIVER_ORDINAL_NOT_FOUND;
        case PE_E_RELOCS_STRIPPED:
            return PEP_STATUS_CONFLICTING_ADDRESSES;
        default:
            return PEP_STATUS_INVALID_IMAGE_FORMAT;
    }
}
