/* SPDX-License-Identifier: MIT */
/*
 * Ob micro-benchmarks, run on /BENCH after Ke's. Under scripts/bench a TSC delta counts guest
 * instructions, so each figure is instructions per operation. They use a named event in
 * \BaseNamedObjects that lives for the benchmark only.
 */
#include "obp.h"

#define OBP_BENCH_ROUNDS 10000

/* ObOpenObjectByPointer and ZwClose: a handle-table slot taken and given back. */
static ULONG64
ObpBenchHandle(PVOID Event)
{
    ULONG64 Start = __rdtsc();
    HANDLE Handle;
    ULONG I;

    for (I = 0; I < OBP_BENCH_ROUNDS; I++)
    {
        ObOpenObjectByPointer(Event, OBJ_KERNEL_HANDLE, NULL, EVENT_ALL_ACCESS, NULL, KernelMode,
                              &Handle);
        ZwClose(Handle);
    }
    return (__rdtsc() - Start) / OBP_BENCH_ROUNDS;
}

/* ObReferenceObjectByName on a two-component name, case-insensitively. */
static ULONG64
ObpBenchLookup(PUNICODE_STRING Name)
{
    ULONG64 Start = __rdtsc();
    PVOID Object;
    ULONG I;

    for (I = 0; I < OBP_BENCH_ROUNDS; I++)
    {
        if (NT_SUCCESS(ObReferenceObjectByName(Name, OBJ_CASE_INSENSITIVE, NULL, 0, NULL,
                                               KernelMode, NULL, &Object)))
            ObfDereferenceObject(Object);
    }
    return (__rdtsc() - Start) / OBP_BENCH_ROUNDS;
}

static ULONG64
ObpBenchReference(HANDLE Handle)
{
    ULONG64 Start = __rdtsc();
    PVOID Object;
    ULONG I;

    for (I = 0; I < OBP_BENCH_ROUNDS; I++)
    {
        if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *ExEventObjectType,
                                                 KernelMode, &Object, NULL)))
            ObfDereferenceObject(Object);
    }
    return (__rdtsc() - Start) / OBP_BENCH_ROUNDS;
}

VOID
ObpRunBenchmarks(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\BasaltObBench");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    PVOID Event;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE);
    if (!NT_SUCCESS(Status))
    {
        DbgPrint("Ob: bench: cannot create %wZ: 0x%08X\n", &Name, Status);
        return;
    }
    ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Event, NULL);
    DbgPrint("bench ob_handle_create_close %I64u instructions\n", ObpBenchHandle(Event));
    DbgPrint("bench ob_lookup_by_name %I64u instructions\n", ObpBenchLookup(&Name));
    DbgPrint("bench ob_reference_by_handle %I64u instructions\n", ObpBenchReference(Handle));
    ObfDereferenceObject(Event);
    ZwClose(Handle);
}
