/* SPDX-License-Identifier: MIT */
/*
 * Configuration manager (Cm): the registry. The kernel's view: initialisation from the
 * loader's SYSTEM hive. Drivers use the Zw*Key and Rtl*Registry* routines the DDK declares.
 */
#ifndef BASALT_CM_H
#define BASALT_CM_H

/* Build \Registry: the SYSTEM hive from the loader block, the volatile keys around it. A
 * corrupt hive is logged and replaced by an empty SYSTEM key; only a lack of pool fails. */
NTSTATUS CmInitSystem1(PLOADER_PARAMETER_BLOCK LoaderBlock);

#endif
