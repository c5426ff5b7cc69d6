/* SPDX-License-Identifier: MIT */
/*
 * "Io load" self-tests: ZwLoadDriver and ZwUnloadDriver on the Services keys every self-test
 * image carries (scripts/lib/common.sh, basalt_ldr_test_files): svcload (reads its key,
 * holds 'SvcL' pool while loaded), svcfail (same image; DriverEntry leaves a device and
 * fails) and svcnoimport (an image with an import nobody exports).
 */
#include "ntos.h"

#define KT_SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define KT_SVC_TAG 0x4C637653 /* 'SvcL' */

/* ZwLoadDriver or ZwUnloadDriver on Services\<Service>. */
static NTSTATUS
KtOnService(NTSTATUS(NTAPI *Routine)(PUNICODE_STRING), PCWSTR Service)
{
    WCHAR Buffer[128];
    UNICODE_STRING Name;

    RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s%s", KT_SERVICES, Service);
    RtlInitUnicodeString(&Name, Buffer);
    return Routine(&Name);
}

#define KtLoad(Service) KtOnService(ZwLoadDriver, (Service))
#define KtUnload(Service) KtOnService(ZwUnloadDriver, (Service))

/* Whether a named object exists (a driver or device). */
static BOOLEAN
KtObjectExists(PCWSTR Path)
{
    UNICODE_STRING Name;
    PVOID Object;

    RtlInitUnicodeString(&Name, Path);
    if (!NT_SUCCESS(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0, NULL, KernelMode,
                                            NULL, &Object)))
        return FALSE;
    ObfDereferenceObject(Object);
    return TRUE;
}

static LONG
KtSvcBlocks(VOID)
{
    MM_POOL_TAG_USAGE Usage;

    if (!MmQueryPoolTag(KT_SVC_TAG, &Usage))
        return 0;
    return (LONG)(Usage.NonPagedAllocations - Usage.NonPagedFrees);
}

static BOOLEAN
KtSvcImageLoaded(VOID)
{
    return MmFindModuleByName("svcload.sys", 11) != NULL;
}

/* An image made with a ready-made hive (the corrupt-hive boot tests) has no test services;
 * the selftest boot tests check that this is never said of theirs. */
static BOOLEAN
KtHaveServices(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(KT_SERVICES L"svcload");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_READ, &Attributes)))
    {
        DbgPrint("Io load: no svcload service in this image; skipped\n");
        return FALSE;
    }
    ZwClose(Key);
    return TRUE;
}

static VOID
KtLoadUnloadDriver(PKT_CONTEXT Context)
{
    NTSTATUS Status;
    ULONG Round;

    if (!KtHaveServices())
        return;
    for (Round = 0; Round < 3; Round++)
    {
        Status = KtLoad(L"svcload");
        KT_CHECK(Context, Status == STATUS_SUCCESS, "round %u: load: 0x%08X", Round, Status);
        KT_CHECK(Context, KtObjectExists(L"\\Driver\\svcload"), "no \\Driver\\svcload");
        KT_CHECK(Context, KtObjectExists(L"\\Device\\SvcLoad"), "DriverEntry made no device");
        KT_CHECK(Context, KtSvcImageLoaded(), "svcload.sys is not in the module list");
        KT_CHECK(Context, KtSvcBlocks() == 1, "'SvcL' blocks while loaded: %d", KtSvcBlocks());
        Status = KtLoad(L"svcload");
        KT_CHECK(Context, Status == STATUS_IMAGE_ALREADY_LOADED, "second load: 0x%08X", Status);
        Status = KtUnload(L"svcload");
        KT_CHECK(Context, Status == STATUS_SUCCESS, "round %u: unload: 0x%08X", Round, Status);
        KT_CHECK(Context, !KtObjectExists(L"\\Driver\\svcload"), "\\Driver\\svcload remains");
        KT_CHECK(Context, !KtObjectExists(L"\\Device\\SvcLoad"), "its device remains");
        KT_CHECK(Context, !KtSvcImageLoaded(), "svcload.sys remains in the module list");
        KT_CHECK(Context, KtSvcBlocks() == 0, "'SvcL' blocks after unload: %d", KtSvcBlocks());
    }
    Status = KtUnload(L"svcload");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "unload when not loaded: 0x%08X",
             Status);
}

static VOID
KtLoadFailures(PKT_CONTEXT Context)
{
    UNICODE_STRING Empty = {0, 0, NULL};
    NTSTATUS Status;

    if (!KtHaveServices())
        return;
    Status = KtLoad(L"svcnosuchservice");
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "no such key: 0x%08X", Status);
    Status = ZwLoadDriver(&Empty);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER, "empty name: 0x%08X", Status);
    Status = KtLoad(L"svcfail");
    KT_CHECK(Context, Status == STATUS_DEVICE_CONFIGURATION_ERROR, "DriverEntry failure: 0x%08X",
             Status);
    KT_CHECK(Context, !KtObjectExists(L"\\Driver\\svcfail"), "failed driver's object remains");
    KT_CHECK(Context, !KtObjectExists(L"\\Device\\SvcLoad"), "failed driver's device remains");
    KT_CHECK(Context, !KtSvcImageLoaded(), "failed driver's image remains");
    Status = KtLoad(L"svcnoimport");
    KT_CHECK(Context, Status == STATUS_DRIVER_ENTRYPOINT_NOT_FOUND, "missing import: 0x%08X",
             Status);
    KT_CHECK(Context, !KtObjectExists(L"\\Driver\\svcnoimport"), "driver object made anyway");
    KT_CHECK(Context, MmFindModuleByName("ldrnoname.sys", 13) == NULL, "image left mapped");
}

/* A driver without DriverUnload cannot be unloaded: hellodef.sys, a boot driver of every
 * self-test image that has it (scripts/lib/common.sh, basalt_test_drivers), sets none. */
static VOID
KtUnloadWithoutRoutine(PKT_CONTEXT Context)
{
    NTSTATUS Status;

    if (!KtObjectExists(L"\\Driver\\hellodef"))
        return;
    Status = KtUnload(L"hellodef");
    KT_CHECK(Context, Status == STATUS_INVALID_DEVICE_REQUEST, "hellodef: 0x%08X", Status);
    KT_CHECK(Context, KtObjectExists(L"\\Driver\\hellodef"), "\\Driver\\hellodef went away");
}

static BOOLEAN
KtIsStartedDriver(PCSTR Name)
{
    ULONG I;

    for (I = 0; I < IoBootDriverCount(); I++)
    {
        if (PeModuleNameMatches(Name, IoBootDriverResult(I)->Module->Loader->BaseDllName,
                                strlen(Name)))
            return TRUE;
    }
    return FALSE;
}

/* A started driver unloads with its image, and loads again at run time from its Services key
 * and its boot file. hello.sys is a boot driver, laid out by the loader, in all images but
 * the system-start boot test's. */
static VOID
KtUnloadBootDriver(PKT_CONTEXT Context)
{
    PKLDR_MODULE Module = MmFindModuleByName("hello.sys", 9);
    NTSTATUS Status;
    PVOID Base;

    if (!KtHaveServices())
        return;
    KT_CHECK(Context, Module != NULL, "hello.sys is not loaded");
    KT_CHECK(Context, KtIsStartedDriver("hello.sys"), "hello.sys is not a started driver");
    DbgPrint("Io load: unloading hello.sys, a %s image\n",
             (Module->MiFlags & MI_MODULE_RUNTIME) ? "run-time" : "boot");
    Base = (PVOID)(ULONG_PTR)Module->View.LoadBase;
    Status = KtUnload(L"hello");
    KT_CHECK(Context, Status == STATUS_SUCCESS, "unload: 0x%08X", Status);
    KT_CHECK(Context, !KtObjectExists(L"\\Driver\\hello"), "\\Driver\\hello remains");
    KT_CHECK(Context, MmFindModuleByName("hello.sys", 9) == NULL, "still in the module list");
    KT_CHECK(Context, !MmIsAddressValid(Base), "its image is still mapped at %p", Base);
    KT_CHECK(Context, !KtIsStartedDriver("hello.sys"), "still listed as a started driver");
    Status = KtLoad(L"hello");
    KT_CHECK(Context, Status == STATUS_SUCCESS, "load at run time: 0x%08X", Status);
    Module = MmFindModuleByName("hello.sys", 9);
    KT_CHECK(Context, Module != NULL && (Module->MiFlags & MI_MODULE_RUNTIME),
             "not reloaded as a run-time image");
    Status = KtUnload(L"hello");
    KT_CHECK(Context, Status == STATUS_SUCCESS, "unload of the run-time image: 0x%08X", Status);
    Status = MmUnloadSystemImage(MmFindModuleByName("hal.dll", 7));
    KT_CHECK(Context, Status == STATUS_NOT_SUPPORTED, "unloading the HAL: 0x%08X", Status);
}

static const KT_TEST KtIoLoadTests[] = {
    {"ZwLoadDriver/ZwUnloadDriver three times, nothing left behind", KtLoadUnloadDriver},
    {"failing loads return their status and leave nothing", KtLoadFailures},
    {"a driver without DriverUnload stays loaded", KtUnloadWithoutRoutine},
    {"a boot driver unloads with its image and loads again at run time", KtUnloadBootDriver},
};

const KT_SUITE KtIoLoadSuite = {"Io load", KtIoLoadTests, RTL_NUMBER_OF(KtIoLoadTests)};
