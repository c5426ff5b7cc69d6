/* SPDX-License-Identifier: MIT */
/*
 * Writes the fuzz_pe seed corpus: a few valid images that between them use every table the
 * library reads. Usage: pe_seeds DIR. The file names are listed in CMakeLists.txt too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pebuild.h"

static int
WriteImage(const char *Directory, const char *Name, const PB_IMAGE *Image)
{
    char Path[4096];
    size_t Size;
    uint8_t *File = PbLink(Image, &Size);
    FILE *Out;
    int Ok;

    snprintf(Path, sizeof(Path), "%s/%s", Directory, Name);
    Out = fopen(Path, "wb");
    Ok = Out != NULL && fwrite(File, 1, Size, Out) == Size;
    if (Out != NULL && fclose(Out) != 0)
    {
        Ok = 0;
    }
    if (!Ok)
    {
        perror(Path);
    }
    free(File);
    return Ok;
}

static void
BuildImporter(PB_IMAGE *Image, int UseLookupTable)
{
    static const PB_IMPORT Imports[] = {
        {"ntoskrnl.exe", "KeBugCheckEx", 0},
        {"ntoskrnl.exe", "IoCreateDevice", 0},
        {"ntoskrnl.exe", NULL, 12},
        {"HAL.dll", "HalGetTime", 0},
        {"HAL.dll", NULL, 3},
    };
    static const PB_EXPORT Exports[] = {
        {"DriverEntry", 0x1000, NULL}, {"Unload", 0x1020, NULL}, {"Fwd", 0, "importer.Unload"}};
    static const PB_RELOC Relocs[] = {{0x1008, PE_REL_BASED_DIR64},
                                      {0x1010, PE_REL_BASED_HIGHLOW},
                                      {0x1014, PE_REL_BASED_HIGH},
                                      {0x1016, PE_REL_BASED_LOW}};

    PbInit(Image, 0x140000000ull);
    PbAddSection(Image, ".text", PB_CODE, NULL, 0x100, 0);
    PbAddImports(Image, Imports, sizeof(Imports) / sizeof(Imports[0]), UseLookupTable, NULL);
    PbAddExports(Image, "importer.sys", 1, Exports, sizeof(Exports) / sizeof(Exports[0]));
    PbAddRelocs(Image, Relocs, sizeof(Relocs) / sizeof(Relocs[0]));
    Image->EntryPoint = 0x1000;
}

static void
BuildExporter(PB_IMAGE *Image)
{
    static const PB_EXPORT Exports[] = {
        {"Alpha", 0x1000, NULL},
        {NULL, 0x1010, NULL},
        {"Beta", 0, "exporter.Alpha"},
        {"Gamma", 0, "X.#1"},
        {"Delta", 0, "exporter.dll.Beta"},
        {"Loop", 0, "Y.Loop"},
        {"Bad", 0, "NoDot"},
    };

    PbInit(Image, 0x180000000ull);
    PbAddSection(Image, ".text", PB_CODE, NULL, 0x100, 0);
    PbAddExports(Image, "exporter.dll", 10, Exports, sizeof(Exports) / sizeof(Exports[0]));
}

static void
BuildForwarder(PB_IMAGE *Image)
{
    static const PB_EXPORT Exports[] = {{"a", 0, "F.b"}, {"b", 0, "F.c"}, {"c", 0x1000, NULL}};
    static const PB_IMPORT Imports[] = {{"forwarder.dll", "a", 0}, {"forwarder.dll", NULL, 1}};

    PbInit(Image, 0x10000000ull);
    PbAddSection(Image, ".text", PB_CODE, NULL, 0x100, 0);
    PbAddExports(Image, "forwarder.dll", 1, Exports, 3);
    PbAddImports(Image, Imports, 2, 1, NULL);
}

int
main(int Argc, char **Argv)
{
    PB_IMAGE Image;
    int Ok = 1;

    if (Argc != 2)
    {
        fprintf(stderr, "usage: %s DIR\n", Argv[0]);
        return 2;
    }
    PbInit(&Image, PB_DEFAULT_BASE);
    PbBuildSample(&Image);
    Ok &= WriteImage(Argv[1], "sample.sys", &Image);
    PbFree(&Image);
    BuildImporter(&Image, 1);
    Ok &= WriteImage(Argv[1], "importer.sys", &Image);
    PbFree(&Image);
    BuildImporter(&Image, 0);
    Ok &= WriteImage(Argv[1], "noilt.sys", &Image);
    PbFree(&Image);
    BuildExporter(&Image);
    Ok &= WriteImage(Argv[1], "exporter.dll", &Image);
    PbFree(&Image);
    BuildForwarder(&Image);
    Ok &= WriteImage(Argv[1], "forwarder.dll", &Image);
    PbFree(&Image);
    return Ok ? 0 : 1;
}
