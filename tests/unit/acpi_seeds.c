/* SPDX-License-Identifier: MIT */
/*
 * Writes the fuzz_acpi seed corpus: whole systems from acpibuild.c in fuzz_acpi's input
 * format (RSDP offset, then the memory image). Usage: acpi_seeds DIR. The file names are
 * listed in CMakeLists.txt too.
 */
#include <stdio.h>

#include "acpibuild.h"

static int
WriteSystem(const char *Directory, const char *Name, bool S5InSsdt)
{
    AB_MACHINE Machine;
    AB_SYSTEM System;
    char Path[4096];
    uint32_t Offset;
    uint8_t Header[4];
    FILE *Out;
    int Ok;

    AbInit(&Machine);
    AbBuildSystem(&Machine, &System, S5InSsdt);
    Offset = (uint32_t)(System.Rsdp - AB_RAM_BASE);
    for (int i = 0; i < 4; i++)
        Header[i] = (uint8_t)(Offset >> (8 * i));
    snprintf(Path, sizeof(Path), "%s/%s", Directory, Name);
    Out = fopen(Path, "wb");
    Ok = Out != NULL && fwrite(Header, 1, 4, Out) == 4 &&
         fwrite(Machine.Ram, 1, Machine.Next, Out) == Machine.Next;
    if (Out != NULL && fclose(Out) != 0)
        Ok = 0;
    if (!Ok)
        perror(Path);
    AbFree(&Machine);
    return Ok;
}

int
main(int Argc, char **Argv)
{
    if (Argc != 2)
    {
        fprintf(stderr, "usage: acpi_seeds DIR\n");
        return 2;
    }
    return WriteSystem(Argv[1], "system.bin", false) && WriteSystem(Argv[1], "s5ssdt.bin", true)
               ? 0
               : 1;
}
