/* SPDX-License-Identifier: MIT */
/*
 * The boot-start drivers a SYSTEM hive names, chosen and ordered as NT's boot loader does:
 * the control set Select\Current names (ControlSet00N), every Services subkey with Start 0
 * (SERVICE_BOOT_START) and Type 1 or 2 (kernel or file-system driver). The order is the one
 * the kernel uses for system-start drivers (ntos/io/iosysdrv.c):
 *   1. the service's Group by its place in Control\ServiceGroupOrder\List (REG_MULTI_SZ,
 *      names compared ignoring ASCII case); no Group, or one not listed, comes last;
 *   2. within a group, the Tag by its place in Control\GroupOrderList\<Group> (REG_BINARY:
 *      a DWORD count, then the tags); a Tag not listed, or no Tag, comes after listed ones;
 *   3. then by the Tag value itself (none counts as 0xFFFFFFFF);
 *   4. then in hive order (Services subkeys are stored sorted by name).
 * Freestanding, like the rest of lib/regf: the UEFI loader links it, the unit tests check it.
 */
#ifndef BASALT_REGFBOOT_H
#define BASALT_REGFBOOT_H

#include "regf.h"

#define REGF_BOOT_MAX_DRIVERS 32
#define REGF_BOOT_NAME_CHARS 64 /* 63 characters and the NUL, as the loader block's names */
#define REGF_BOOT_PATH_CHARS 128
#define REGF_BOOT_ERROR_CRITICAL 3 /* SERVICE_ERROR_CRITICAL */

typedef enum _REGF_BOOT_PROBLEM
{
    REGF_BOOT_OK = 0,
    REGF_BOOT_BAD_SERVICE_NAME, /* key name not 1-63 printable ASCII characters (no \) */
    REGF_BOOT_BAD_IMAGE_PATH,   /* ImagePath not a string naming System32\drivers\<file> */
    REGF_BOOT_BAD_FILE_NAME,    /* the file name not 1-63 of A-Z a-z 0-9 . _ - */
    REGF_BOOT_PROBLEM_COUNT
} REGF_BOOT_PROBLEM;

typedef struct _REGF_BOOT_DRIVER
{
    char ServiceName[REGF_BOOT_NAME_CHARS]; /* the key's name ('?' for what is not ASCII) */
    char FileName[REGF_BOOT_NAME_CHARS];    /* in System32\drivers; empty on a problem */
    char ImagePath[REGF_BOOT_PATH_CHARS];   /* as written or defaulted, cut, for messages */
    uint32_t ErrorControl;                  /* REGF_BOOT_ERROR_CRITICAL: failure is fatal */
    uint32_t GroupIndex;                    /* rule 1; REGF_NONE when last */
    uint32_t TagIndex;                      /* rule 2; REGF_NONE when not listed */
    uint32_t Tag;                           /* rule 3; REGF_NONE when none */
    REGF_BOOT_PROBLEM Problem;
} REGF_BOOT_DRIVER;

typedef struct _REGF_BOOT_LIST
{
    uint32_t ControlSet; /* the N of ControlSet00N */
    uint32_t Count;
    uint32_t Omitted;         /* boot-start services past REGF_BOOT_MAX_DRIVERS, last in order */
    uint32_t OmittedCritical; /* of those, how many had ErrorControl 3 or more */
    REGF_BOOT_DRIVER Drivers[REGF_BOOT_MAX_DRIVERS];
} REGF_BOOT_LIST;

/* The boot-start services in load order. REGF_E_NOT_FOUND when Select\Current (REG_DWORD)
 * or the control set it names is missing; a control set without Services has none. */
REGF_STATUS RegfBootDrivers(const REGF_HIVE *Hive, REGF_BOOT_LIST *List);
/* Whether A loads before B by rules 1-3 (neither: hive order decides). */
int RegfBootStartsBefore(const REGF_BOOT_DRIVER *A, const REGF_BOOT_DRIVER *B);
/* REGF_BOOT_PROBLEM in words, for messages. Never NULL. */
const char *RegfBootProblemText(REGF_BOOT_PROBLEM Problem);

#endif
