/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for lib/pe: every input goes through parse, map, open, relocation,
 * import walk, export lookups and binding against itself, so each reader of image data
 * sees hostile bytes. Beyond "no sanitizer report", it checks that a file PeParseFile
 * accepts always maps and opens, and that returned addresses lie inside the image.
 */
#include <stdlib.h>
#include <string.h>

#include "pe.h"

/* Larger images are valid, but zero-filling them on every run would slow fuzzing down. */
#define FUZZ_MAX_IMAGE (1u << 20)
#define FUZZ_MOVE 0x7FFF0000ull

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

static const PE_VIEW *
FindSelf(void *Context, const char *Name, size_t NameLength)
{
    (void)Name;
    (void)NameLength;
    return Context;
}

static PE_STATUS
VisitImport(void *Context, const PE_IMPORT *Import)
{
    size_t *Count = Context;

    /* Touch everything handed out, so ASan/UBSan check it: strings and the slot. */
    *Count += strlen(Import->Dll) + (Import->Name != NULL ? strlen(Import->Name) : 0);
    *Import->Slot += 1;
    return PE_OK;
}

static void
CheckExport(const PE_VIEW *View, PE_STATUS Status, const PE_EXPORT *Export)
{
    (void)PeStatusText(Status);
    if (Status != PE_OK)
    {
        return;
    }
    if (Export->Forwarder != NULL)
    {
        (void)strlen(Export->Forwarder);
    }
    else if (Export->Address - View->LoadBase >= View->Size)
    {
        abort();
    }
}

static void
LookUpExports(const PE_VIEW *View)
{
    static const char *const Names[] = {"DriverEntry", "Alpha", "Beta", "Loop", "a", "", "\xff"};
    static const uint32_t Ordinals[] = {0, 1, 2, 3, 10, 12, 0xFFFF, 0xFFFFFFFF};
    PE_EXPORT Export;
    uint64_t Address;

    for (size_t i = 0; i < sizeof(Names) / sizeof(Names[0]); i++)
    {
        CheckExport(View, PeFindExportByName(View, Names[i], &Export), &Export);
        (void)PeResolveExport(FindSelf, (void *)View, "self", 4, Names[i], 0, &Address);
    }
    for (size_t i = 0; i < sizeof(Ordinals) / sizeof(Ordinals[0]); i++)
    {
        CheckExport(View, PeFindExportByOrdinal(View, Ordinals[i], &Export), &Export);
        (void)PeResolveExport(FindSelf, (void *)View, "self", 4, NULL, Ordinals[i], &Address);
    }
}

static void
ExerciseView(PE_VIEW *View)
{
    const PE_SECTION_HEADER *Sections;
    uint16_t Count;
    size_t Visited = 0;
    PE_IMPORT Failed;

    Sections = PeFirstSection(View, &Count);
    for (uint16_t i = 0; i < Count; i++)
    {
        (void)PeSectionProtection(&Sections[i]);
        (void)PeSectionOfRva(View, Sections[i].VirtualAddress);
    }
    (void)PeRvaToPointer(View, View->Nt->OptionalHeader.AddressOfEntryPoint, 16);

    if (PeRelocate(View) == PE_OK && View->Nt->OptionalHeader.ImageBase != View->LoadBase)
    {
        abort();
    }
    (void)PeForEachImport(View, VisitImport, &Visited);
    LookUpExports(View);
    (void)PeStatusToNtStatus(PeBindImports(View, FindSelf, View, &Failed));
}

int
LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    uint8_t *Copy = malloc(Size != 0 ? Size : 1); /* exact size: overreads are caught */
    uint8_t *Image = NULL;
    PE_FILE File;
    PE_VIEW View;

    memcpy(Copy, Data, Size);
    if (PeParseFile(Copy, Size, &File) == PE_OK && File.SizeOfImage <= FUZZ_MAX_IMAGE)
    {
        Image = aligned_alloc(4096, (File.SizeOfImage + 4095) & ~4095u);
        /* A file that parses must map and open: the two validators agree. */
        if (PeMapFile(&File, Image, File.SizeOfImage) != PE_OK ||
            PeOpenView(Image, File.SizeOfImage, File.ImageBase + FUZZ_MOVE, &View) != PE_OK)
        {
            abort();
        }
        ExerciseView(&View);
    }
    free(Image);
    free(Copy);
    return 0;
}
