/* SPDX-License-Identifier: MIT */
/* Writes the regf fuzz seeds into the directory given: the sample hive in each list kind. */
#include <stdio.h>
#include <stdlib.h>

#include "regftest.h"

int
main(int argc, char **argv)
{
    static const struct
    {
        const char *Name;
        REGF_WRITE_OPTIONS Options;
    } Seeds[] = {{"lh.hive", {0, RegfListLh, 0}},
                 {"li.hive", {0, RegfListLi, 0}},
                 {"ri.hive", {0, RegfListLf, 2}}};
    char Path[4096];
    size_t Size;

    if (argc != 2)
        return 2;
    for (size_t I = 0; I < sizeof(Seeds) / sizeof(Seeds[0]); I++)
    {
        uint8_t *Data = RegfSampleHive(&Seeds[I].Options, &Size);
        FILE *F;
        snprintf(Path, sizeof(Path), "%s/%s", argv[1], Seeds[I].Name);
        F = fopen(Path, "wb");
        if (Data == NULL || F == NULL || fwrite(Data, 1, Size, F) != Size || fclose(F) != 0)
            return 1;
        free(Data);
    }
    return 0;
}
