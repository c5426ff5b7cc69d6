/* SPDX-License-Identifier: MIT */
/*
 * The Drivers suite's filter driver: iofilter.sys attaches over iotest.sys's
 * \Device\IoTestTarget. Loading it at run time through its Services key (demand start) makes
 * the order of boot drivers irrelevant: the target already exists. The suite checks that
 * ZwLoadDriver put the filter on top of the stack, runs its \Device\KtTestIoFilter cases,
 * then unloads it and checks the stack is as it was. A filter already loaded at boot had its
 * cases run with the other test drivers; it is only unloaded and checked here.
 */
#include "ntos.h"

#define KT_FILTER_SERVICE L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\iofilter"
#define KT_FILTER_DRIVER L"\\Driver\\iofilter"
#define KT_FILTER_REPORT L"KtTestIoFilter"
#define KT_FILTER_TARGET L"\\Device\\IoTestTarget"

static PVOID
KtReferenceByName(PCWSTR Path, POBJECT_TYPE Type)
{
    UNICODE_STRING Name;
    PVOID Object;

    RtlInitUnicodeString(&Name, Path);
    if (!NT_SUCCESS(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0, Type, KernelMode,
                                            NULL, &Object)))
        return NULL;
    return Object;
}

static BOOLEAN
KtHaveFilterService(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(KT_FILTER_SERVICE);
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_READ, &Attributes)))
        return FALSE;
    ZwClose(Key);
    return TRUE;
}

/* Whether the top of Target's stack is Driver's, and the device below it (referenced). */
static BOOLEAN
KtFilterOnTop(PDEVICE_OBJECT Target, PDRIVER_OBJECT Driver, PDEVICE_OBJECT *Below)
{
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(Target);
    BOOLEAN OnTop = Driver != NULL && Top->DriverObject == Driver;

    *Below = OnTop ? IoGetLowerDeviceObject(Top) : NULL;
    ObfDereferenceObject(Top);
    return OnTop && *Below != NULL;
}

static VOID
KtReportFilter(BOOLEAN Passed, PCSTR Name, NTSTATUS Status, PULONG PassedCount, PULONG FailedCount)
{
    CHAR Message[64];

    RtlStringCchPrintfA(Message, sizeof(Message), "status 0x%08X", Status);
    KtReportDriverCase(Passed, L"iofilter", Name, Message, PassedCount, FailedCount);
}

/* Load the filter over Before, the top of Target's stack; FALSE if it did not load. */
static BOOLEAN
KtLoadFilter(PDEVICE_OBJECT Target, PDEVICE_OBJECT Before, PULONG Passed, PULONG Failed)
{
    UNICODE_STRING Service = RTL_CONSTANT_STRING(KT_FILTER_SERVICE);
    PDEVICE_OBJECT Below = NULL;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;
    BOOLEAN Attached;

    Status = ZwLoadDriver(&Service);
    Driver = KtReferenceByName(KT_FILTER_DRIVER, *IoDriverObjectType);
    Attached = NT_SUCCESS(Status) && KtFilterOnTop(Target, Driver, &Below) && Below == Before;
    if (Driver != NULL)
        ObfDereferenceObject(Driver);
    if (Below != NULL)
        ObfDereferenceObject(Below);
    KtReportFilter(Attached, "ZwLoadDriver attaches it over \\Device\\IoTestTarget", Status, Passed,
                   Failed);
    return NT_SUCCESS(Status);
}

/* Unload the filter: the device Before is back on top, the filter's names are gone. */
static VOID
KtUnloadFilter(PDEVICE_OBJECT Target, PDEVICE_OBJECT Before, PULONG Passed, PULONG Failed)
{
    UNICODE_STRING Service = RTL_CONSTANT_STRING(KT_FILTER_SERVICE);
    PDEVICE_OBJECT After;
    NTSTATUS Status;
    PVOID Left;

    Status = ZwUnloadDriver(&Service);
    After = IoGetAttachedDeviceReference(Target);
    Left = KtReferenceByName(KT_FILTER_DRIVER, NULL);
    if (Left == NULL)
        Left = KtReferenceByName(L"\\Device\\" KT_FILTER_REPORT, NULL);
    KtReportFilter(NT_SUCCESS(Status) && After == Before && Left == NULL,
                   "ZwUnloadDriver detaches it: the stack is as before", Status, Passed, Failed);
    if (Left != NULL)
        ObfDereferenceObject(Left);
    ObfDereferenceObject(After);
}

VOID
KtRunFilterDriverTests(PULONG Passed, PULONG Failed)
{
    PDEVICE_OBJECT Target, Before = NULL;
    PDRIVER_OBJECT Booted;

    if (!KtHaveFilterService())
    {
        DbgPrint("Drivers: no iofilter service in this image; skipped\n");
        return;
    }
    Target = KtReferenceByName(KT_FILTER_TARGET, *IoDeviceObjectType);
    if (Target == NULL)
    {
        DbgPrint("Drivers: no %ws for iofilter.sys; skipped\n", KT_FILTER_TARGET);
        return;
    }
    Booted = KtReferenceByName(KT_FILTER_DRIVER, *IoDriverObjectType);
    if (Booted != NULL)
    {
        if (!KtFilterOnTop(Target, Booted, &Before))
            KtReportFilter(FALSE, "the boot-loaded filter is on top of its target", 0, Passed,
                           Failed);
        ObfDereferenceObject(Booted);
    }
    else
    {
        Before = IoGetAttachedDeviceReference(Target);
        if (KtLoadFilter(Target, Before, Passed, Failed))
        {
            KtRunDriverDevice(KT_FILTER_REPORT, Passed, Failed);
        }
        else
        {
            ObfDereferenceObject(Before);
            Before = NULL;
        }
    }
    if (Before != NULL)
    {
        KtUnloadFilter(Target, Before, Passed, Failed);
        ObfDereferenceObject(Before);
    }
    ObfDereferenceObject(Target);
}
