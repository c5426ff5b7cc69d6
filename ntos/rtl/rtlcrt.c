/* SPDX-License-Identifier: MIT */
/* Where the kernel's C runtime (lib/rtl/crt*.c) reports a broken `_s` contract: Windows would
 * call the invalid parameter handler (and by default bug-check); Basalt logs and returns. */
#include "crt.h"

void
RtlpCrtInvalidParameter(const char *Function)
{
    DbgPrint("%s: invalid parameter\n", Function);
}
