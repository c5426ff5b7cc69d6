/* SPDX-License-Identifier: MIT */
/*
 * The code-page flags drivers read through the DDK's NLS_MB_CODE_PAGE_TAG (in macros such as
 * RtlAnsiStringToUnicodeSize): both the ANSI and the OEM code page are single-byte here.
 */
#include "ntos.h"

BOOLEAN NlsMbCodePageTag = FALSE;
BOOLEAN NlsMbOemCodePageTag = FALSE;
