/* SPDX-License-Identifier: MIT */
/* REGF_STATUS in words, for log lines. */
#include "regfp.h"

static const char *const RegfpStatusTexts[REGF_STATUS_COUNT] = {
    [REGF_OK] = "success",
    [REGF_E_TRUNCATED] = "file truncated",
    [REGF_E_BAD_SIGNATURE] = "no regf signature",
    [REGF_E_BAD_CHECKSUM] = "base block checksum mismatch",
    [REGF_E_BAD_VERSION] = "unsupported format version",
    [REGF_E_BAD_FILE_TYPE] = "not a primary hive file",
    [REGF_E_DIRTY] = "sequence numbers differ (log replay needed)",
    [REGF_E_BAD_BIN] = "bad hive bin",
    [REGF_E_BAD_CELL_OFFSET] = "cell offset not at a cell",
    [REGF_E_BAD_CELL_SIZE] = "bad cell size",
    [REGF_E_FREE_CELL] = "reference to a free cell",
    [REGF_E_BAD_ROOT] = "bad root key",
    [REGF_E_BAD_KEY] = "bad key node",
    [REGF_E_BAD_SUBKEY_LIST] = "bad subkey list",
    [REGF_E_SUBKEY_COUNT] = "subkey count mismatch",
    [REGF_E_BAD_VALUE_LIST] = "bad value list",
    [REGF_E_BAD_VALUE] = "bad value node",
    [REGF_E_BAD_VALUE_DATA] = "value data outside its cell",
    [REGF_E_BAD_BIG_DATA] = "bad big data cell",
    [REGF_E_BAD_SECURITY] = "bad security cell",
    [REGF_E_NO_MORE_ENTRIES] = "no more entries",
    [REGF_E_BUFFER_TOO_SMALL] = "buffer too small",
    [REGF_E_INVALID_PARAMETER] = "invalid key tree",
    [REGF_E_NOT_FOUND] = "not found",
};

const char *
RegfStatusText(REGF_STATUS Status)
{
    if ((unsigned)Status >= REGF_STATUS_COUNT || RegfpStatusTexts[Status] == NULL)
        return "unknown error";
    return RegfpStatusTexts[Status];
}
