/* SPDX-License-Identifier: MIT */
/*
 * Rtl self-tests: what the host tests of lib/rtl cannot show. The shared routines are reached
 * through ntoskrnl.exe's export table, as a driver binds them, and run as the kernel build
 * compiled them against the DDK's types; RtlGetVersion exists only in the kernel.
 */
#include "ntos.h"
#include "rtlnt.h"

typedef ULONG(NTAPI *PRTL_COMPUTE_CRC32)(ULONG, const VOID *, ULONG);
typedef ULONG(NTAPI *PRTL_FIND_CLEAR_BITS_AND_SET)(PRTL_BITMAP, ULONG, ULONG);
typedef NTSTATUS(NTAPI *PRTL_INTEGER_TO_UNICODE_STRING)(ULONG, ULONG, PUNICODE_STRING);

static PVOID
KtKernelExport(PCSTR Name)
{
    ULONG64 Address = 0;

    if (PeResolveExport(MiFindModuleView, NULL, "ntoskrnl.exe", 12, Name, 0, &Address) != PE_OK)
        return NULL;
    return (PVOID)(ULONG_PTR)Address;
}

static VOID
KtSharedRoutinesThroughExports(PKT_CONTEXT Context)
{
    PRTL_COMPUTE_CRC32 Crc32 = (PRTL_COMPUTE_CRC32)KtKernelExport("RtlComputeCrc32");
    PRTL_FIND_CLEAR_BITS_AND_SET FindAndSet =
        (PRTL_FIND_CLEAR_BITS_AND_SET)KtKernelExport("RtlFindClearBitsAndSet");
    PRTL_INTEGER_TO_UNICODE_STRING ToString =
        (PRTL_INTEGER_TO_UNICODE_STRING)KtKernelExport("RtlIntegerToUnicodeString");
    ULONG Bits[3] = {0xFFFFFFFF, 0x0000FFFF, 0};
    RTL_BITMAP Map;
    WCHAR Buffer[12];
    UNICODE_STRING Text = {0, sizeof(Buffer), Buffer}, Expected;

    KT_CHECK(Context, Crc32 == &RtlComputeCrc32, "RtlComputeCrc32 export %p, routine %p",
             (PVOID)Crc32, (PVOID)&RtlComputeCrc32);
    KT_CHECK(Context,
             FindAndSet == &RtlFindClearBitsAndSet && ToString == &RtlIntegerToUnicodeString,
             "bitmap or string export does not bind to its routine");
    KT_CHECK(Context, Crc32(0, "123456789", 9) == 0xCBF43926, "CRC-32 of 123456789 is %08x",
             Crc32(0, "123456789", 9));
    RtlInitializeBitMap(&Map, Bits, 80);
    KT_CHECK(Context, FindAndSet(&Map, 20, 70) == 48 && Bits[1] == 0xFFFFFFFF && Bits[2] == 0xF,
             "RtlFindClearBitsAndSet across a word boundary");
    KT_CHECK(Context, NT_SUCCESS(ToString(4294967295u, 10, &Text)), "RtlIntegerToUnicodeString");
    RtlInitUnicodeString(&Expected, L"4294967295");
    KT_CHECK(Context, RtlEqualUnicodeString(&Text, &Expected, FALSE), "got %wZ", &Text);
}

/* The DDK's size macros read an exported flag: it must bind and say "single-byte". */
static VOID
KtCodePageTagExported(PKT_CONTEXT Context)
{
    ANSI_STRING Ansi;

    KT_CHECK(Context, KtKernelExport("NlsMbCodePageTag") == &NlsMbCodePageTag,
             "NlsMbCodePageTag is not exported as data");
    RtlInitAnsiString(&Ansi, "abc");
    KT_CHECK(Context, RtlAnsiStringToUnicodeSize(&Ansi) == 8 && !NLS_MB_CODE_PAGE_TAG,
             "RtlAnsiStringToUnicodeSize(\"abc\") is %u", (ULONG)RtlAnsiStringToUnicodeSize(&Ansi));
}

static VOID
KtGetVersion(PKT_CONTEXT Context)
{
    RTL_OSVERSIONINFOEXW Info;

    RtlFillMemory(&Info, sizeof(Info), 0xCC);
    Info.dwOSVersionInfoSize = sizeof(RTL_OSVERSIONINFOW);
    KT_CHECK(Context, RtlGetVersion((PRTL_OSVERSIONINFOW)&Info) == STATUS_SUCCESS, "W failed");
    KT_CHECK(Context,
             Info.dwMajorVersion == 10 && Info.dwMinorVersion == 0 && Info.dwBuildNumber == 19045 &&
                 Info.dwPlatformId == VER_PLATFORM_WIN32_NT && Info.szCSDVersion[0] == 0,
             "version %u.%u.%u platform %u", Info.dwMajorVersion, Info.dwMinorVersion,
             Info.dwBuildNumber, Info.dwPlatformId);
    KT_CHECK(Context, Info.wServicePackMajor == 0xCCCC, "RTL_OSVERSIONINFOW written past its end");

    Info.dwOSVersionInfoSize = sizeof(Info);
    KT_CHECK(Context, RtlGetVersion((PRTL_OSVERSIONINFOW)&Info) == STATUS_SUCCESS, "EXW failed");
    KT_CHECK(Context,
             Info.dwBuildNumber == 19045 && Info.wProductType == VER_NT_WORKSTATION &&
                 Info.wServicePackMajor == 0 && Info.wReserved == 0,
             "EXW: build %u product %u", Info.dwBuildNumber, Info.wProductType);

    Info.dwOSVersionInfoSize = sizeof(RTL_OSVERSIONINFOW) - 1;
    KT_CHECK(Context, RtlGetVersion((PRTL_OSVERSIONINFOW)&Info) == STATUS_INVALID_PARAMETER,
             "a bad dwOSVersionInfoSize was accepted");
}

/* Allocating conversions take their buffer from paged pool under the "Strg" tag and give it
 * back through RtlFreeUnicodeString. */
static VOID
KtStringsAllocateFromPool(PKT_CONTEXT Context)
{
    const ULONG StringTag = 0x67727453; /* "Strg" */
    UNICODE_STRING Source, Upper = {0};
    MM_POOL_TAG_USAGE Before, During, After;
    NTSTATUS Status;

    RtlInitUnicodeString(&Source, L"pool");
    MmQueryPoolTag(StringTag, &Before);
    Status = RtlUpcaseUnicodeString(&Upper, &Source, TRUE);
    KT_CHECK(Context, NT_SUCCESS(Status), "RtlUpcaseUnicodeString: 0x%08X", Status);
    KT_CHECK(Context, MmQueryPoolTag(StringTag, &During), "no \"Strg\" pool tag");
    KT_CHECK(Context, Upper.Length == 8 && Upper.Buffer[0] == L'P' && Upper.Buffer[3] == L'L',
             "upcased to %wZ", &Upper);
    RtlFreeUnicodeString(&Upper);
    MmQueryPoolTag(StringTag, &After);
    KT_CHECK(Context, During.PagedAllocations == Before.PagedAllocations + 1,
             "%u paged allocations, expected %u", During.PagedAllocations,
             Before.PagedAllocations + 1);
    KT_CHECK(Context, After.PagedFrees == Before.PagedFrees + 1 && Upper.Buffer == NULL,
             "the buffer was not freed");
}

/* The host-tested safe-string and checked-arithmetic code as the kernel build compiles it
 * (wchar_t literals, mingw's SIZE_T), through the same calls kernel code makes. */
static VOID
KtSafeStringsInKernel(PKT_CONTEXT Context)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"hello");
    WCHAR Buffer[12];
    SIZE_T Bytes = 0;
    ULONG Product = 0;

    KT_CHECK(Context,
             RtlStringCbPrintfW(Buffer, sizeof(Buffer), L"%s\\%wZ", L"Dr", &Name) == STATUS_SUCCESS,
             "printf into room failed");
    KT_CHECK(Context, RtlCompareMemory(Buffer, L"Dr\\hello", 18) == 18, "printf wrote %ws", Buffer);
    KT_CHECK(Context, RtlStringCbCatW(Buffer, sizeof(Buffer), L"-world") == STATUS_BUFFER_OVERFLOW,
             "cat past the end did not report the truncation");
    KT_CHECK(Context, RtlCompareMemory(Buffer, L"Dr\\hello-wo", 24) == 24, "cat left %ws", Buffer);
    KT_CHECK(Context, RtlStringCbCopyW(Buffer, 0, L"x") == STATUS_INVALID_PARAMETER,
             "empty destination accepted");
    KT_CHECK(Context,
             RtlStringCbLengthW(Buffer, sizeof(Buffer), &Bytes) == STATUS_SUCCESS && Bytes == 22,
             "length %Iu bytes", Bytes);
    KT_CHECK(Context,
             RtlSizeTMult(MAXSIZE_T / 2 + 1, 2, &Bytes) == STATUS_INTEGER_OVERFLOW &&
                 Bytes == MAXSIZE_T,
             "SIZE_T overflow not caught");
    KT_CHECK(Context,
             RtlULongMult(0x10000, 0xFFFF, &Product) == STATUS_SUCCESS && Product == 0xFFFF0000,
             "ULONG product %x", Product);
}

static const KT_TEST KtRtlTests[] = {
    {"allocating string routines use paged pool and RtlFreeUnicodeString",
     KtStringsAllocateFromPool},
    {"shared Rtl routines bind through ntoskrnl's exports and run", KtSharedRoutinesThroughExports},
    {"RtlGetVersion reports Windows 10.0.19045", KtGetVersion},
    {"safe strings and checked arithmetic (lib/rtl) in the kernel", KtSafeStringsInKernel},
    {"NlsMbCodePageTag is exported for the DDK's size macros", KtCodePageTagExported},
};

const KT_SUITE KtRtlSuite = {"Rtl", KtRtlTests, RTL_NUMBER_OF(KtRtlTests)};
