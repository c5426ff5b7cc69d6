/* SPDX-License-Identifier: MIT */
/* Io self-tests: boot drivers were initialised through DriverEntry with NT's object and
 * registry path conventions. */
#include "ntos.h"

static VOID
KtBootDriversInitialised(PKT_CONTEXT Context)
{
    const IOP_BOOT_DRIVER_RESULT *Result;
    ULONG I;

    KT_CHECK(Context, IoBootDriverCount() > 0, "no boot driver was started");
    for (I = 0; I < IoBootDriverCount(); I++)
    {
        Result = IoBootDriverResult(I);
        KT_CHECK(Context, NT_SUCCESS(Result->Status), "%s: DriverEntry returned 0x%08X",
                 Result->Module->Loader->BaseDllName, Result->Status);
        KT_CHECK(Context,
                 Result->DriverObject->DriverStart ==
                     (PVOID)(ULONG_PTR)Result->Module->View.LoadBase,
                 "%s: DriverStart is not the image base", Result->Module->Loader->BaseDllName);
    }
}

/* drivers/hello sets DriverUnload and records the registry path it was given. */
static VOID
KtHelloDriverSawRegistryPath(PKT_CONTEXT Context)
{
    const IOP_BOOT_DRIVER_RESULT *Result = NULL;
    PDRIVER_OBJECT Driver;
    UNICODE_STRING Expected;
    ULONG I;

    for (I = 0; I < IoBootDriverCount(); I++)
    {
        if (PeModuleNameMatches("hello.sys", IoBootDriverResult(I)->Module->Loader->BaseDllName, 9))
            Result = IoBootDriverResult(I);
    }
    KT_CHECK(Context, Result != NULL, "hello.sys was not a boot driver");
    Driver = Result->DriverObject;
    KT_CHECK(Context, Driver->DriverUnload != NULL, "DriverEntry did not set DriverUnload");
    RtlInitUnicodeString(&Expected, L"\\Driver\\hello");
    KT_CHECK(Context,
             Driver->DriverName.Length == Expected.Length &&
                 RtlCompareMemory(Driver->DriverName.Buffer, Expected.Buffer, Expected.Length) ==
                     Expected.Length,
             "driver name is %wZ", &Driver->DriverName);
    KT_CHECK(Context, Driver->DriverExtension->ServiceKeyName.Length > 0, "no service key name");
}

static const KT_TEST KtIoTests[] = {
    {"boot drivers ran DriverEntry successfully", KtBootDriversInitialised},
    {"hello.sys got its driver object and names", KtHelloDriverSawRegistryPath},
};

const KT_SUITE KtIoSuite = {"Io", KtIoTests, RTL_NUMBER_OF(KtIoTests)};
