/* SPDX-License-Identifier: MIT */
/*
 * The NT types the shared Rtl routines are written in. The kernel takes them from mingw-w64's
 * DDK headers; a Linux host compiler cannot read those, so the host tests get the few types
 * declared here with the Windows x64 layouts (asserted below) and the routines' prototypes.
 */
#ifndef BASALT_RTLNT_H
#define BASALT_RTLNT_H

#if defined(_WIN64)

#include <ntddk.h>

/* String buffers the routines allocate (AllocateDestinationString = TRUE) come from paged
 * pool, as on NT, and go back through RtlFreeUnicodeString/RtlFreeAnsiString. */
#define RTLP_STRING_TAG 0x67727453 /* "Strg" */
#define RtlpAllocateStringBuffer(Bytes) ExAllocatePoolWithTag(PagedPool, (Bytes), RTLP_STRING_TAG)
#define RtlpFreeStringBuffer(Buffer) ExFreePoolWithTag((Buffer), RTLP_STRING_TAG)

#else

#include <stddef.h>
#include <stdint.h>

#define NTAPI
#define VOID void
#define CONST const
#define FALSE 0
#define TRUE 1

typedef void *PVOID;
typedef uint8_t BOOLEAN, UCHAR, *PUCHAR;
typedef char CHAR, *PCHAR, *PSZ;
typedef const char *PCSZ;
typedef uint16_t USHORT, WCHAR, *PWCHAR, *PWSTR;
typedef const uint16_t *PCWSTR;
typedef int32_t LONG, NTSTATUS, *PLONG;
typedef uint32_t ULONG, *PULONG;
typedef uint64_t ULONG64, SIZE_T, ULONGLONG, *PULONGLONG, *PSIZE_T;
typedef USHORT *PUSHORT;
typedef char *PSTR;
typedef const char *PCSTR;

#define MAXUSHORT 0xFFFF
#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)
#define NT_SUCCESS(Status) ((NTSTATUS)(Status) >= 0)

#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#define STATUS_ACCESS_VIOLATION ((NTSTATUS)0xC0000005)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#define STATUS_INVALID_PARAMETER_2 ((NTSTATUS)0xC00000F0)
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095)

typedef struct _UNICODE_STRING
{
    USHORT Length; /* bytes, excluding any terminating NUL */
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING
{
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING;
typedef const STRING *PCANSI_STRING;

typedef struct _RTL_BITMAP
{
    ULONG SizeOfBitMap; /* bits */
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;

typedef ULONG CLONG;
typedef BOOLEAN *PBOOLEAN;

typedef enum _RTL_GENERIC_COMPARE_RESULTS
{
    GenericLessThan,
    GenericGreaterThan,
    GenericEqual
} RTL_GENERIC_COMPARE_RESULTS;

struct _RTL_AVL_TABLE;
typedef RTL_GENERIC_COMPARE_RESULTS (*PRTL_AVL_COMPARE_ROUTINE)(struct _RTL_AVL_TABLE *Table,
                                                                PVOID FirstStruct,
                                                                PVOID SecondStruct);
typedef PVOID (*PRTL_AVL_ALLOCATE_ROUTINE)(struct _RTL_AVL_TABLE *Table, CLONG ByteSize);
typedef VOID (*PRTL_AVL_FREE_ROUTINE)(struct _RTL_AVL_TABLE *Table, PVOID Buffer);

typedef struct _RTL_BALANCED_LINKS
{
    struct _RTL_BALANCED_LINKS *Parent;
    struct _RTL_BALANCED_LINKS *LeftChild;
    struct _RTL_BALANCED_LINKS *RightChild;
    CHAR Balance;
    UCHAR Reserved[3];
} RTL_BALANCED_LINKS, *PRTL_BALANCED_LINKS;

typedef struct _RTL_AVL_TABLE
{
    RTL_BALANCED_LINKS BalancedRoot;
    PVOID OrderedPointer;
    ULONG WhichOrderedElement;
    ULONG NumberGenericTableElements;
    ULONG DepthOfTree;
    PRTL_BALANCED_LINKS RestartKey;
    ULONG DeleteCount;
    PRTL_AVL_COMPARE_ROUTINE CompareRoutine;
    PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine;
    PRTL_AVL_FREE_ROUTINE FreeRoutine;
    PVOID TableContext;
} RTL_AVL_TABLE, *PRTL_AVL_TABLE;

_Static_assert(sizeof(UNICODE_STRING) == 16, "UNICODE_STRING is 16 bytes on x64");
_Static_assert(offsetof(UNICODE_STRING, MaximumLength) == 2, "MaximumLength at 2");
_Static_assert(offsetof(UNICODE_STRING, Buffer) == 8, "UNICODE_STRING.Buffer at 8");
_Static_assert(sizeof(STRING) == 16 && offsetof(STRING, Buffer) == 8, "STRING layout");
_Static_assert(sizeof(RTL_BITMAP) == 16, "RTL_BITMAP is 16 bytes on x64");
_Static_assert(offsetof(RTL_BITMAP, Buffer) == 8, "RTL_BITMAP.Buffer at 8");
_Static_assert(sizeof(RTL_BALANCED_LINKS) == 32, "RTL_BALANCED_LINKS is 32 bytes on x64");
_Static_assert(sizeof(RTL_AVL_TABLE) == 104, "RTL_AVL_TABLE is 0x68 bytes on x64");
_Static_assert(offsetof(RTL_AVL_TABLE, RestartKey) == 56, "RTL_AVL_TABLE.RestartKey at 0x38");
_Static_assert(offsetof(RTL_AVL_TABLE, CompareRoutine) == 72, "CompareRoutine at 0x48");
_Static_assert(offsetof(RTL_AVL_TABLE, TableContext) == 96, "TableContext at 0x60");

#include <stdlib.h>
#define RtlpAllocateStringBuffer(Bytes) malloc(Bytes)
#define RtlpFreeStringBuffer(Buffer) free(Buffer)

/* The prototypes wdm.h/ntddk.h give the kernel, with the same parameter types. */
VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString);
VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString);
VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source);
NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source);
LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualUnicodeString(CONST UNICODE_STRING *String1, CONST UNICODE_STRING *String2,
                                    BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive);
WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);
WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter);
CHAR NTAPI RtlUpperChar(CHAR Character);
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString);
NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                      PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString);
VOID NTAPI RtlCopyString(PSTRING DestinationString, const PSTRING SourceString);
LONG NTAPI RtlCompareString(const PSTRING String1, const PSTRING String2, BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualString(const PSTRING String1, const PSTRING String2, BOOLEAN CaseInSensitive);
VOID NTAPI RtlUpperString(PSTRING DestinationString, const PSTRING SourceString);
NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String);
NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value);
NTSTATUS NTAPI RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value);
NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString);
ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString);
ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString);

VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap);
VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader);
VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader);
VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear);
VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet);
VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader);
ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader);
ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);
ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);

VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                        PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                        PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                        PRTL_AVL_FREE_ROUTINE FreeRoutine, PVOID TableContext);
PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer, CLONG BufferSize,
                                            PBOOLEAN NewElement);
BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart);
PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I);
ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table);
BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table);

#endif

/* Exported by ntoskrnl.exe but absent from the DDK headers: declared here for both sides. A
 * running CRC: PartialCrc is 0 to start, or a previous result to continue. */
ULONG NTAPI RtlComputeCrc32(ULONG PartialCrc, const VOID *Buffer, ULONG Length);

#endif
