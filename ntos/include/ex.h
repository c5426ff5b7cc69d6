/* SPDX-License-Identifier: MIT */
/* Executive (Ex): routines NT exports that mingw-w64's DDK headers do not declare. */
#ifndef BASALT_EX_H
#define BASALT_EX_H

NTKERNELAPI BOOLEAN NTAPI ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource);

#endif
