/* SPDX-License-Identifier: MIT */
/*
 * exprims.sys: the executive primitives as a third-party driver binds them, through
 * mingw-w64's libntoskrnl.a: push locks, cache-aware push locks, shared spin locks, owner
 * transfer of a resource, UUIDs and local time, and the C runtime subset ntoskrnl exports
 * (printf family, strings, `_s` forms, conversions, qsort). mingw-w64's headers declare only some
 * of these, so the rest are declared here with their Windows x64 prototypes, as a driver written
 * against the WDK's headers would get them. Its cases run when the kernel's Drivers self-test
 * suite asks \Device\KtTestExprims for them (kttest.h).
 */
#include <ntifs.h>

#include "kttest.h"

typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;
typedef struct _EX_PUSH_LOCK_CACHE_AWARE *PEX_PUSH_LOCK_CACHE_AWARE;

NTKERNELAPI VOID FASTCALL ExfAcquirePushLockExclusive(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfAcquirePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI BOOLEAN FASTCALL ExfTryAcquirePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLock(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLockExclusive(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfReleasePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID FASTCALL ExfTryToWakePushLock(PEX_PUSH_LOCK PushLock);
NTKERNELAPI PEX_PUSH_LOCK_CACHE_AWARE NTAPI ExAllocateCacheAwarePushLock(VOID);
NTKERNELAPI VOID NTAPI ExFreeCacheAwarePushLock(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
NTKERNELAPI VOID NTAPI ExAcquireCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
NTKERNELAPI VOID NTAPI ExReleaseCacheAwarePushLockExclusive(PEX_PUSH_LOCK_CACHE_AWARE PushLock);
NTKERNELAPI KIRQL ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
NTKERNELAPI KIRQL ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
NTKERNELAPI VOID ExAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockSharedFromDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID ExReleaseSpinLockExclusiveFromDpcLevel(PEX_SPIN_LOCK SpinLock);
NTKERNELAPI LOGICAL ExTryConvertSharedSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int __cdecl _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...);
int __cdecl swprintf_s(wchar_t *Buffer, size_t Size, const wchar_t *Format, ...);
int __cdecl atoi(const char *String);
unsigned long __cdecl wcstoul(const wchar_t *String, wchar_t **End, int Base);
void __cdecl qsort(void *Base, size_t Count, size_t Size,
                   int(__cdecl *Compare)(const void *, const void *));
void *__cdecl bsearch(const void *Key, const void *Base, size_t Count, size_t Size,
                      int(__cdecl *Compare)(const void *, const void *));

DRIVER_INITIALIZE DriverEntry;

#define EXPECT(Condition) KTTEST_EXPECT(Condition)

static PCSTR
PushLockCase(VOID)
{
    EX_PUSH_LOCK Lock;

    ExInitializePushLock(&Lock);
    EXPECT(Lock == 0);
    ExfAcquirePushLockExclusive(&Lock);
    EXPECT(Lock == 1);
    EXPECT(!ExfTryAcquirePushLockShared(&Lock));
    ExfReleasePushLockExclusive(&Lock);
    ExfAcquirePushLockShared(&Lock);
    EXPECT(ExfTryAcquirePushLockShared(&Lock));
    EXPECT(Lock == 0x21);
    ExfReleasePushLockShared(&Lock);
    ExfReleasePushLock(&Lock);
    ExfTryToWakePushLock(&Lock); /* nobody waits: must change nothing */
    EXPECT(Lock == 0);
    return NULL;
}

static PCSTR
CacheAwareCase(VOID)
{
    PEX_PUSH_LOCK_CACHE_AWARE Lock = ExAllocateCacheAwarePushLock();
    PEX_PUSH_LOCK *Locks = (PEX_PUSH_LOCK *)Lock;

    EXPECT(Lock != NULL);
    ExAcquireCacheAwarePushLockExclusive(Lock);
    if (*Locks[0] != 1 || *Locks[63] != 1)
    {
        ExReleaseCacheAwarePushLockExclusive(Lock);
        ExFreeCacheAwarePushLock(Lock);
        return "exclusive owner does not hold the first and last fanned locks";
    }
    ExReleaseCacheAwarePushLockExclusive(Lock);
    EXPECT(*Locks[0] == 0 && *Locks[63] == 0);
    ExFreeCacheAwarePushLock(Lock);
    return NULL;
}

static PCSTR
SharedSpinLockCase(VOID)
{
    EX_SPIN_LOCK Lock = 0;
    KIRQL OldIrql = ExAcquireSpinLockShared(&Lock);
    BOOLEAN Converted;

    ExAcquireSpinLockSharedAtDpcLevel(&Lock);
    Converted = (BOOLEAN)ExTryConvertSharedSpinLockExclusive(&Lock);
    ExReleaseSpinLockSharedFromDpcLevel(&Lock);
    EXPECT(!Converted && Lock == 1);
    EXPECT(ExTryConvertSharedSpinLockExclusive(&Lock) && (ULONG)Lock == 0x80000000);
    ExReleaseSpinLockExclusiveFromDpcLevel(&Lock);
    ExAcquireSpinLockSharedAtDpcLevel(&Lock);
    ExReleaseSpinLockShared(&Lock, OldIrql);
    EXPECT(Lock == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL);
    OldIrql = ExAcquireSpinLockExclusive(&Lock);
    EXPECT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    ExReleaseSpinLockExclusive(&Lock, OldIrql);
    EXPECT(Lock == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL);
    return NULL;
}

static PCSTR
ResourceOwnerCase(VOID)
{
    static ERESOURCE Resource;
    static ULONG_PTR Cookie;
    PVOID Owner = (PVOID)((ULONG_PTR)&Cookie | 3);

    EXPECT(NT_SUCCESS(ExInitializeResourceLite(&Resource)));
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Resource, TRUE);
    ExSetResourceOwnerPointerEx(&Resource, Owner, 0);
    if (ExIsResourceAcquiredExclusiveLite(&Resource))
    {
        KeLeaveCriticalRegion();
        return "ExSetResourceOwnerPointerEx left the caller the owner";
    }
    ExReleaseResourceForThreadLite(&Resource, (ERESOURCE_THREAD)Owner);
    KeLeaveCriticalRegion();
    EXPECT(NT_SUCCESS(ExDeleteResourceLite(&Resource)));
    return NULL;
}

static PCSTR
UuidAndTimeCase(VOID)
{
    LARGE_INTEGER System = {.QuadPart = 116444736000000000ll + 86400ll * 10000000}, Local;
    UUID A, B;
    NTSTATUS Status = ExUuidCreate(&A);
    ULONG Seconds = 0;

    EXPECT(Status == STATUS_SUCCESS || Status == RPC_NT_UUID_LOCAL_ONLY);
    EXPECT(ExUuidCreate(&B) == Status);
    EXPECT((A.Data3 >> 12) == 4 && (A.Data4[0] & 0xC0) == 0x80);
    EXPECT(RtlCompareMemory(&A, &B, sizeof(A)) != sizeof(A));
    ExSystemTimeToLocalTime(&System, &Local);
    ExLocalTimeToSystemTime(&Local, &Local);
    EXPECT(Local.QuadPart == System.QuadPart);
    EXPECT(RtlTimeToSecondsSince1970(&System, &Seconds) && Seconds == 86400);
    RtlSecondsSince1970ToTime(Seconds, &Local);
    EXPECT(Local.QuadPart == System.QuadPart);
    return NULL;
}

static int __cdecl CompareChars(const void *Left, const void *Right)
{
    return *(const char *)Left - *(const char *)Right;
}

/* The CRT routines drivers import from ntoskrnl, with Microsoft's boundary rules. */
static PCSTR
CrtCase(VOID)
{
    char Narrow[8], Sorted[] = "dbeca";
    wchar_t Wide[8];
    wchar_t *End;

    EXPECT(_snprintf(Narrow, 4, "%s", "abcd") == 4 && Narrow[3] == 'd'); /* no terminator */
    EXPECT(_snprintf(Narrow, 4, "%d", 12345) == -1);
    EXPECT(_snwprintf(Wide, 8, L"%s|%S", L"w", "n") == 3 && wcscmp(Wide, L"w|n") == 0);
    EXPECT(swprintf_s(Wide, 3, L"%d", 123) == -1 && Wide[0] == 0);
    EXPECT(strcpy_s(Narrow, 4, "abcd") == 34 /* ERANGE */ && Narrow[0] == 0);
    EXPECT(strcpy_s(Narrow, 8, "Hi") == 0 && _stricmp(Narrow, "hI") == 0);
    EXPECT(_wcsicmp(L"Driver\\X", L"DRIVER\\x") == 0 && strstr("a=b", "=b") != NULL);
    EXPECT(atoi(" -12") == -12 && wcstoul(L"0x1F!", &End, 0) == 0x1F && *End == L'!');
    qsort(Sorted, 5, 1, CompareChars);
    EXPECT(strcmp(Sorted, "abcde") == 0 && bsearch("c", Sorted, 5, 1, CompareChars) == &Sorted[2]);
    return NULL;
}

static const KTTEST_CASE ExpCases[] = {
    {"push lock through Exf* routines", PushLockCase},
    {"cache-aware push lock", CacheAwareCase},
    {"shared spin lock", SharedSpinLockCase},
    {"ExSetResourceOwnerPointerEx", ResourceOwnerCase},
    {"ExUuidCreate and local time", UuidAndTimeCase},
    {"C runtime through libntoskrnl.a", CrtCase},
};

NTSTATUS NTAPI
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = KtTestUnload;
    return KtTestCreateDevice(DriverObject, L"\\Device\\" KTTEST_DEVICE_PREFIX L"Exprims", ExpCases,
                              RTL_NUMBER_OF(ExpCases), &Device);
}
