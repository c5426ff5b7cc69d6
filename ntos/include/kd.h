/* SPDX-License-Identifier: MIT */
/* Kernel debugger transport (Kd): the serial port DbgPrint writes to. */
#ifndef BASALT_KD_H
#define BASALT_KD_H

VOID KdInitializeSerial(VOID);
VOID KdWriteString(PCSTR String, SIZE_T Length);

/* The debugger output lock is not taken here: bugcheck output must get through even when
 * the processor died holding it. */
VOID KdBugCheckWrite(PCSTR String);

#endif
