/* SPDX-License-Identifier: MIT */
/* Shared by the Rtl registry helpers of ntos/cm. */
#ifndef BASALT_CMRTL_H
#define BASALT_CMRTL_H

/* The key RelativeTo and Path name (RTL_REGISTRY_*), opened for Access, or created (the
 * last component only) when Create. *Close says whether the caller must close it (not
 * for RTL_REGISTRY_HANDLE). */
NTSTATUS CmpRtlOpenKey(ULONG RelativeTo, PCWSTR Path, BOOLEAN Create, ACCESS_MASK Access,
                       PHANDLE Handle, PBOOLEAN Close);

#endif
