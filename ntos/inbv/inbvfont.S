/* SPDX-License-Identifier: MIT */
/* The console font: a PC Screen Font (PSF1/PSF2) file from Debian's console-setup-linux,
 * embedded as read-only data. INBV_FONT_FILE is set by the build. */
    .section .rdata,"dr"
    .balign 16
    .globl InbvpFontData
InbvpFontData:
    .incbin INBV_FONT_FILE
    .globl InbvpFontDataEnd
InbvpFontDataEnd:
