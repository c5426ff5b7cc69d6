/* SPDX-License-Identifier: MIT */
/* Process manager internals shared by the files of ntos/ps. */
#ifndef BASALT_PSP_H
#define BASALT_PSP_H

#include "ntos.h"

#define PSP_SYSTEM_PROCESS_ID 4

extern POBJECT_TYPE PspProcessType, PspThreadType;

/* Client IDs (pscid.c). Process and thread IDs share one table, as in NT's PspCidTable, so an
 * ID names one object at a time; IDs are multiples of 4 and are reused once deleted. An ID
 * names its object, unreferenced, until the object's delete procedure calls PspDeleteCid;
 * lookups take a reference only while the object is not being deleted. */
NTSTATUS PspInitializeCidTable(VOID);
NTSTATUS PspCreateCid(PVOID Object, PHANDLE Id);
VOID PspDeleteCid(HANDLE Id, PVOID Object);
/* The object Id names if it is of Type and not being deleted, referenced; NULL otherwise. */
PVOID PspReferenceCid(HANDLE Id, POBJECT_TYPE Type);

/* The system process (psproc.c), made at Ps initialisation. */
NTSTATUS PspCreateSystemProcess(VOID);

#endif
