/* SPDX-License-Identifier: MIT */
/* Shared by the regf unit tests and the fuzz seed tool: a sample key tree and its hive. */
#ifndef BASALT_REGFTEST_H
#define BASALT_REGFTEST_H

#include <stddef.h>
#include <stdint.h>

#include "regf.h"

/* The sample tree (see regfsample.c): values of every common type, big data, a link key,
 * a non-Latin-1 key name and a key with enough subkeys to need an ri list when
 * MaxLeafCount is small. */
const REGF_WRITE_KEY *RegfSampleTree(void);
/* The sample written with Options into a malloc'ed buffer; NULL on failure. */
uint8_t *RegfSampleHive(const REGF_WRITE_OPTIONS *Options, size_t *Size);

#endif
