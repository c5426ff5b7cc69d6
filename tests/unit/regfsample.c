/* SPDX-License-Identifier: MIT */
/* The sample key tree of the regf unit tests and fuzz seeds. */
#include <stdlib.h>

#include "regftest.h"

#define W(s) (const uint16_t *)(u##s), (uint16_t)(sizeof(u##s) / 2 - 1)

static uint8_t Big[40000];
static const uint32_t Dword = 0x12345678;
static const uint64_t Qword = 0x1122334455667788ull;
static const uint16_t Sz[] = u"hello";
static const uint16_t Multi[] = u"one\0two\0";
static const uint16_t Link[] = u"\\Registry\\Machine\\SYSTEM\\ControlSet001";

static REGF_WRITE_VALUE RootValues[] = {
    {W("Dword"), 4, &Dword, 4},       {W("Qword"), 11, &Qword, 8},
    {W("String"), 1, Sz, sizeof(Sz)}, {W("Multi"), 7, Multi, sizeof(Multi)},
    {W(""), 1, Sz, sizeof(Sz)},       {W("Empty"), 3, NULL, 0},
    {W("Three"), 3, "abc", 3},        {W("Big"), 3, Big, sizeof(Big)},
    {W("Medium"), 3, Big, 5000},
};

static const REGF_WRITE_VALUE LinkValues[] = {
    {W("SymbolicLinkValue"), 6, Link, sizeof(Link) - 2},
};

static const REGF_WRITE_KEY Many[] = {
    {W("K0"), 0, NULL, 0, NULL, 0}, {W("K1"), 0, NULL, 0, NULL, 0}, {W("K2"), 0, NULL, 0, NULL, 0},
    {W("K3"), 0, NULL, 0, NULL, 0}, {W("K4"), 0, NULL, 0, NULL, 0},
};

static const REGF_WRITE_KEY Deep2[] = {{W("Leaf"), 0, NULL, 0, RootValues, 1}};
static const REGF_WRITE_KEY Deep1[] = {{W("Inner"), 0, Deep2, 1, NULL, 0}};

static const REGF_WRITE_KEY Subkeys[] = {
    {W("alpha"), 0, Deep1, 1, NULL, 0},
    {W("CurrentControlSet"), REGF_KEY_SYM_LINK, NULL, 0, LinkValues, 1},
    {W("Many"), 0, Many, 5, NULL, 0},
    {W("\u00e9t\u00e9"), 0, NULL, 0, NULL, 0},
    {W("\u4e2d\u6587"), 0, NULL, 0, RootValues + 2, 1},
};

static const REGF_WRITE_KEY Root = {W("ROOT"), 0, Subkeys, 5, RootValues, 9};

const REGF_WRITE_KEY *
RegfSampleTree(void)
{
    for (size_t I = 0; I < sizeof(Big); I++)
        Big[I] = (uint8_t)(I * 7 + I / 256);
    return &Root;
}

uint8_t *
RegfSampleHive(const REGF_WRITE_OPTIONS *Options, size_t *Size)
{
    const REGF_WRITE_KEY *Tree = RegfSampleTree();
    uint8_t *Buffer;

    if (RegfWriteHive(Tree, Options, NULL, 0, Size) != REGF_E_BUFFER_TOO_SMALL)
        return NULL;
    Buffer = malloc(*Size);
    if (Buffer != NULL && RegfWriteHive(Tree, Options, Buffer, *Size, Size) != REGF_OK)
    {
        free(Buffer);
        return NULL;
    }
    return Buffer;
}
