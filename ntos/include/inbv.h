/* SPDX-License-Identifier: MIT */
/* Boot video (Inbv): a text console on the GOP framebuffer and the bugcheck screen. */
#ifndef BASALT_INBV_H
#define BASALT_INBV_H

VOID InbvInitializeFramebuffer(const LOADER_FRAMEBUFFER *Framebuffer);
BOOLEAN InbvIsEnabled(VOID);
VOID InbvWrite(PCSTR String, SIZE_T Length);
VOID InbvSetColors(ULONG Foreground, ULONG Background);
VOID InbvClearScreen(VOID);

#define INBV_COLOR_WHITE 0x00FFFFFF
#define INBV_COLOR_GRAY 0x00AAAAAA
#define INBV_COLOR_BLACK 0x00000000
#define INBV_COLOR_BLUE 0x000000AA

/* Exported under NT's name; hal.dll forwards HalDisplayString here. */
BOOLEAN NTAPI InbvDisplayString(PUCHAR String);

#endif
