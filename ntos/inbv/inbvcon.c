/* SPDX-License-Identifier: MIT */
/*
 * Boot video: a text console drawn with a PSF bitmap font on the GOP framebuffer the loader
 * handed over. Scrolls by moving pixel rows; no allocation, so the bugcheck path can use it.
 */
#include "ntos.h"

#define PSF1_MAGIC 0x0436
#define PSF2_MAGIC 0x864AB572u

typedef struct _INBV_FONT
{
    const UCHAR *Glyphs;
    ULONG Count;
    ULONG Width;
    ULONG Height;
    ULONG BytesPerGlyph;
    ULONG BytesPerRow;
} INBV_FONT;

typedef struct _INBV_CONSOLE
{
    volatile ULONG *Pixels;
    ULONG Width, Height, Pitch; /* pitch in pixels */
    BOOLEAN Bgr;
    ULONG Columns, Rows, Column, Row;
    ULONG Foreground, Background; /* 0x00RRGGBB */
} INBV_CONSOLE;

extern const UCHAR InbvpFontData[];
extern const UCHAR InbvpFontDataEnd[];

static INBV_FONT InbvpFont;
static INBV_CONSOLE InbvpConsole;
static BOOLEAN InbvpEnabled;

static BOOLEAN
InbvpParseFont(VOID)
{
    const UCHAR *Data = InbvpFontData;
    SIZE_T Size = (SIZE_T)(InbvpFontDataEnd - InbvpFontData);
    const ULONG *Header = (const ULONG *)Data;

    if (Size >= 4 && (Data[0] | (Data[1] << 8)) == PSF1_MAGIC)
    {
        InbvpFont.Glyphs = Data + 4;
        InbvpFont.Count = (Data[2] & 1) ? 512 : 256;
        InbvpFont.Width = 8;
        InbvpFont.Height = Data[3];
        InbvpFont.BytesPerGlyph = Data[3];
        InbvpFont.BytesPerRow = 1;
    }
    else if (Size >= 32 && Header[0] == PSF2_MAGIC)
    {
        InbvpFont.Glyphs = Data + Header[2];
        InbvpFont.Count = Header[4];
        InbvpFont.BytesPerGlyph = Header[5];
        InbvpFont.Height = Header[6];
        InbvpFont.Width = Header[7];
        InbvpFont.BytesPerRow = (Header[7] + 7) / 8;
    }
    else
        return FALSE;
    return InbvpFont.Height != 0 &&
           (SIZE_T)(InbvpFont.Glyphs - Data) + (SIZE_T)InbvpFont.Count * InbvpFont.BytesPerGlyph <=
               Size;
}

static ULONG
InbvpPixel(ULONG Rgb)
{
    if (!InbvpConsole.Bgr)
        return ((Rgb & 0xFF) << 16) | (Rgb & 0xFF00) | ((Rgb >> 16) & 0xFF);
    return Rgb;
}

VOID
InbvInitializeFramebuffer(const LOADER_FRAMEBUFFER *Framebuffer)
{
    if (Framebuffer->PhysicalBase == 0 || !InbvpParseFont())
        return;
    InbvpConsole.Pixels = (volatile ULONG *)(ULONG_PTR)Framebuffer->PhysicalBase;
    InbvpConsole.Width = Framebuffer->Width;
    InbvpConsole.Height = Framebuffer->Height;
    InbvpConsole.Pitch = Framebuffer->PixelsPerScanLine;
    InbvpConsole.Bgr = Framebuffer->PixelFormat == LOADER_PIXEL_BGRX;
    InbvpConsole.Columns = Framebuffer->Width / InbvpFont.Width;
    InbvpConsole.Rows = Framebuffer->Height / InbvpFont.Height;
    InbvpEnabled = InbvpConsole.Columns > 0 && InbvpConsole.Rows > 0;
    InbvSetColors(INBV_COLOR_GRAY, INBV_COLOR_BLACK);
    InbvClearScreen();
}

BOOLEAN
InbvIsEnabled(VOID)
{
    return InbvpEnabled;
}

VOID
InbvSetColors(ULONG Foreground, ULONG Background)
{
    InbvpConsole.Foreground = InbvpPixel(Foreground);
    InbvpConsole.Background = InbvpPixel(Background);
}

static VOID
InbvpFillRows(ULONG FirstPixelRow, ULONG PixelRows)
{
    ULONG Y, X;

    for (Y = FirstPixelRow; Y < FirstPixelRow + PixelRows && Y < InbvpConsole.Height; Y++)
    {
        for (X = 0; X < InbvpConsole.Width; X++)
            InbvpConsole.Pixels[Y * InbvpConsole.Pitch + X] = InbvpConsole.Background;
    }
}

VOID
InbvClearScreen(VOID)
{
    InbvpFillRows(0, InbvpConsole.Height);
    InbvpConsole.Column = 0;
    InbvpConsole.Row = 0;
}

static VOID
InbvpScroll(VOID)
{
    ULONG LineHeight = InbvpFont.Height;
    SIZE_T Bytes = (SIZE_T)(InbvpConsole.Rows - 1) * LineHeight * InbvpConsole.Pitch * 4;

    RtlMoveMemory((PVOID)InbvpConsole.Pixels,
                  (PVOID)(InbvpConsole.Pixels + LineHeight * InbvpConsole.Pitch), Bytes);
    InbvpFillRows((InbvpConsole.Rows - 1) * LineHeight, LineHeight);
}

static VOID
InbvpDrawGlyph(UCHAR Character)
{
    const UCHAR *Glyph;
    volatile ULONG *Origin;
    ULONG Y, X;

    if (Character >= InbvpFont.Count)
        Character = '?';
    Glyph = InbvpFont.Glyphs + (SIZE_T)Character * InbvpFont.BytesPerGlyph;
    Origin = InbvpConsole.Pixels +
             (SIZE_T)InbvpConsole.Row * InbvpFont.Height * InbvpConsole.Pitch +
             (SIZE_T)InbvpConsole.Column * InbvpFont.Width;
    for (Y = 0; Y < InbvpFont.Height; Y++)
    {
        const UCHAR *Row = Glyph + Y * InbvpFont.BytesPerRow;
        for (X = 0; X < InbvpFont.Width; X++)
        {
            BOOLEAN On = (Row[X / 8] >> (7 - X % 8)) & 1;
            Origin[Y * InbvpConsole.Pitch + X] =
                On ? InbvpConsole.Foreground : InbvpConsole.Background;
        }
    }
}

static VOID
InbvpNewLine(VOID)
{
    InbvpConsole.Column = 0;
    if (InbvpConsole.Row + 1 < InbvpConsole.Rows)
        InbvpConsole.Row++;
    else
        InbvpScroll();
}

VOID
InbvWrite(PCSTR String, SIZE_T Length)
{
    SIZE_T I;

    if (!InbvpEnabled)
        return;
    for (I = 0; I < Length; I++)
    {
        if (String[I] == '\n')
        {
            InbvpNewLine();
            continue;
        }
        if (String[I] == '\r')
            continue;
        InbvpDrawGlyph((UCHAR)String[I]);
        if (++InbvpConsole.Column == InbvpConsole.Columns)
            InbvpNewLine();
    }
}

BOOLEAN NTAPI
InbvDisplayString(PUCHAR String)
{
    if (!InbvpEnabled || String == NULL)
        return FALSE;
    InbvWrite((PCSTR)String, strlen((PCSTR)String));
    return TRUE;
}
