/* SPDX-License-Identifier: MIT */
/*
 * Named dispatcher objects through handles: events, mutants, semaphores and timers created by
 * name, opened by name, used and waited on through handles (ZwWaitForMultipleObjects too),
 * with the statuses NT returns for bad parameters.
 */
#include "ntos.h"

static VOID
KtAttributesFor(PCWSTR Name, PUNICODE_STRING String, POBJECT_ATTRIBUTES Attributes)
{
    RtlInitUnicodeString(String, Name);
    InitializeObjectAttributes(Attributes, String, 0, NULL, NULL);
}

/* A named event opened by name elsewhere is the same event. */
static VOID
KtNamedEvent(PKT_CONTEXT Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};
    HANDLE Created, Opened, Handle = NULL;
    NTSTATUS Status;

    Status = KtCreateEvent(L"\\BaseNamedObjects\\KtNamedEvent", 0, NULL, &Created);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtNamedEvent", 0, NULL, &Opened);
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    KT_CHECK(Context, ZwSetEvent(Opened, NULL) == STATUS_SUCCESS, "set through the opened handle");
    Status = ZwWaitForSingleObject(Created, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "wait through the first handle: 0x%08X", Status);
    ZwClose(Opened);
    ZwClose(Created);
    Status = KtOpenEvent(L"\\BaseNamedObjects\\KtNamedEvent", 0, NULL, &Handle);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND && Handle == NULL,
             "open after the last close: 0x%08X", Status);
}

static HANDLE KtMutantHandle;
static NTSTATUS KtMutantStatus;

static VOID NTAPI
KtReleaseElsewhere(PVOID Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};

    UNREFERENCED_PARAMETER(Context);
    KtMutantStatus = NtReleaseMutant(KtMutantHandle, NULL);
    if (KtMutantStatus == STATUS_MUTANT_NOT_OWNED &&
        ZwWaitForSingleObject(KtMutantHandle, FALSE, &Zero) != STATUS_TIMEOUT)
        KtMutantStatus = STATUS_UNSUCCESSFUL; /* acquired while owned elsewhere */
}

/* Owned at creation, recursive, released only by its owner, abandoned if it goes owned. */
static VOID
KtNamedMutant(PKT_CONTEXT Context)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Zero = {.QuadPart = 0};
    HANDLE Opened;
    KTHREAD Thread;
    LONG Previous = 7;
    NTSTATUS Status;

    KtAttributesFor(L"\\BaseNamedObjects\\KtMutant", &Name, &Attributes);
    Status = NtCreateMutant(&KtMutantHandle, MUTANT_ALL_ACCESS, &Attributes, TRUE);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = NtOpenMutant(&Opened, MUTANT_ALL_ACCESS, &Attributes);
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    KT_CHECK(Context,
             NT_SUCCESS(KtStartThread(&Thread, KtReleaseElsewhere, NULL, KT_SYSTEM_PRIORITY)),
             "thread");
    KtJoinThread(&Thread);
    KT_CHECK(Context, KtMutantStatus == STATUS_MUTANT_NOT_OWNED, "release by another: 0x%08X",
             KtMutantStatus);
    Status = ZwWaitForSingleObject(Opened, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "recursive acquire: 0x%08X", Status);
    KT_CHECK(Context, NtReleaseMutant(Opened, &Previous) == STATUS_SUCCESS && Previous == -1,
             "first release, previous %d", Previous);
    KT_CHECK(Context, NtReleaseMutant(KtMutantHandle, &Previous) == STATUS_SUCCESS && Previous == 0,
             "second release, previous %d", Previous);
    KT_CHECK(Context, NtReleaseMutant(KtMutantHandle, NULL) == STATUS_MUTANT_NOT_OWNED,
             "release when free");
    Status = ZwWaitForSingleObject(Opened, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "acquire again: 0x%08X", Status);
    ZwClose(Opened);
    ZwClose(KtMutantHandle); /* goes while owned: abandoned, off this thread's list */
    KT_CHECK(Context, IsListEmpty(&KeGetCurrentThread()->MutantListHead),
             "a deleted mutant is still on its owner's list");
    Status = NtOpenMutant(&Opened, MUTANT_ALL_ACCESS, &Attributes);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "open after close: 0x%08X", Status);
}

/* Counts, the limit (STATUS_SEMAPHORE_LIMIT_EXCEEDED leaves the count alone), bad counts. */
static VOID
KtNamedSemaphore(PKT_CONTEXT Context)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Zero = {.QuadPart = 0};
    HANDLE Semaphore, Opened, Bad = NULL;
    LONG Previous = -1;
    NTSTATUS Status;

    KtAttributesFor(L"\\BaseNamedObjects\\KtSemaphore", &Name, &Attributes);
    KT_CHECK(Context,
             NtCreateSemaphore(&Bad, SEMAPHORE_ALL_ACCESS, NULL, 0, 0) == STATUS_INVALID_PARAMETER,
             "maximum 0");
    KT_CHECK(Context,
             NtCreateSemaphore(&Bad, SEMAPHORE_ALL_ACCESS, NULL, 3, 2) == STATUS_INVALID_PARAMETER,
             "initial above maximum");
    KT_CHECK(Context,
             NtCreateSemaphore(&Bad, SEMAPHORE_ALL_ACCESS, NULL, -1, 2) ==
                     STATUS_INVALID_PARAMETER &&
                 Bad == NULL,
             "negative initial");
    Status = NtCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, &Attributes, 0, 2);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = NtOpenSemaphore(&Opened, SEMAPHORE_ALL_ACCESS, &Attributes);
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    KT_CHECK(Context, NtReleaseSemaphore(Opened, 0, NULL) == STATUS_INVALID_PARAMETER, "release 0");
    KT_CHECK(Context,
             NtReleaseSemaphore(Opened, 3, &Previous) == STATUS_SEMAPHORE_LIMIT_EXCEEDED &&
                 Previous == -1,
             "release past the limit");
    KT_CHECK(Context, NtReleaseSemaphore(Opened, 2, &Previous) == STATUS_SUCCESS && Previous == 0,
             "release 2, previous %d", Previous);
    KT_CHECK(Context, NtReleaseSemaphore(Opened, 1, NULL) == STATUS_SEMAPHORE_LIMIT_EXCEEDED,
             "release at the limit");
    KT_CHECK(Context, ZwWaitForSingleObject(Semaphore, FALSE, &Zero) == STATUS_SUCCESS, "take 1");
    KT_CHECK(Context, ZwWaitForSingleObject(Semaphore, FALSE, &Zero) == STATUS_SUCCESS, "take 2");
    KT_CHECK(Context, ZwWaitForSingleObject(Semaphore, FALSE, &Zero) == STATUS_TIMEOUT,
             "take 3 of 2");
    ZwClose(Opened);
    ZwClose(Semaphore);
}

/* Set, expire, cancel, bad parameters; a timer closed while armed is disarmed. */
static VOID
KtNamedTimer(PKT_CONTEXT Context)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Due = {.QuadPart = -10 * 1000 * 10}, Long = {.QuadPart = -10 * 1000 * 1000 * 60};
    LARGE_INTEGER Second = {.QuadPart = -10 * 1000 * 1000}, Wait = {.QuadPart = -10 * 1000 * 50};
    HANDLE Timer, Opened, Bad = NULL;
    BOOLEAN State = TRUE;
    NTSTATUS Status;

    KtAttributesFor(L"\\BaseNamedObjects\\KtTimer", &Name, &Attributes);
    Status = ZwCreateTimer(&Bad, TIMER_ALL_ACCESS, &Attributes, (TIMER_TYPE)2);
    KT_CHECK(Context, Status == STATUS_INVALID_PARAMETER_4 && Bad == NULL, "type 2: 0x%08X",
             Status);
    Status = ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, &Attributes, NotificationTimer);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%08X", Status);
    Status = ZwOpenTimer(&Opened, TIMER_ALL_ACCESS, &Attributes);
    KT_CHECK(Context, NT_SUCCESS(Status), "open: 0x%08X", Status);
    KT_CHECK(Context,
             ZwSetTimer(Opened, &Due, NULL, NULL, FALSE, -1, NULL) == STATUS_INVALID_PARAMETER_6,
             "negative period");
    Status = ZwSetTimer(Opened, &Due, NULL, NULL, FALSE, 0, &State);
    KT_CHECK(Context, Status == STATUS_SUCCESS && State == FALSE, "set: 0x%08X", Status);
    Status = ZwWaitForSingleObject(Timer, FALSE, &Second);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "expiry: 0x%08X", Status);
    KT_CHECK(Context, ZwCancelTimer(Timer, &State) == STATUS_SUCCESS && State == TRUE,
             "cancel after expiry: state %u", State);
    Status = ZwSetTimer(Timer, &Long, NULL, NULL, TRUE, 0, &State);
    KT_CHECK(Context, Status == STATUS_TIMER_RESUME_IGNORED && State == TRUE, "resume: 0x%08X",
             Status);
    KT_CHECK(Context, ZwCancelTimer(Timer, &State) == STATUS_SUCCESS && State == FALSE,
             "cancel while armed: state %u", State);
    Status = ZwSetTimer(Timer, &Due, NULL, NULL, FALSE, 0, NULL);
    KT_CHECK(Context, NT_SUCCESS(Status), "set again: 0x%08X", Status);
    ZwClose(Opened);
    ZwClose(Timer); /* armed: the delete procedure must cancel it */
    KeDelayExecutionThread(KernelMode, FALSE, &Wait);
    Status = ZwCancelTimer(Timer, NULL);
    KT_CHECK(Context, Status == STATUS_INVALID_HANDLE, "cancel a closed handle: 0x%08X", Status);
}

/* WaitAny, WaitAll, more objects than a thread's own wait blocks, and the bad cases. */
static VOID
KtWaitForMultiple(PKT_CONTEXT Context)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};
    HANDLE Events[5], Pair[2], Directory;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects");
    OBJECT_ATTRIBUTES Attributes;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < 5; I++)
        KT_CHECK(Context, NT_SUCCESS(KtCreateEvent(NULL, 0, NULL, &Events[I])), "event %u", I);
    KT_CHECK(Context,
             ZwWaitForMultipleObjects(0, Events, WaitAny, FALSE, &Zero) ==
                 STATUS_INVALID_PARAMETER_1,
             "no objects");
    KT_CHECK(Context,
             ZwWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, Events, WaitAny, FALSE, &Zero) ==
                 STATUS_INVALID_PARAMETER_1,
             "too many objects");
    KT_CHECK(Context,
             ZwWaitForMultipleObjects(2, Events, (WAIT_TYPE)5, FALSE, &Zero) ==
                 STATUS_INVALID_PARAMETER_3,
             "wait type 5");
    Pair[0] = Pair[1] = Events[0];
    KT_CHECK(Context,
             ZwWaitForMultipleObjects(2, Pair, WaitAll, FALSE, &Zero) ==
                 STATUS_INVALID_PARAMETER_MIX,
             "WaitAll on one object twice");
    InitializeObjectAttributes(&Attributes, &Name, 0, NULL, NULL);
    KT_CHECK(Context, NT_SUCCESS(ZwOpenDirectoryObject(&Directory, DIRECTORY_QUERY, &Attributes)),
             "directory");
    Pair[1] = Directory;
    Status = ZwWaitForMultipleObjects(2, Pair, WaitAny, FALSE, &Zero);
    ZwClose(Directory);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "a directory: 0x%08X", Status);
    Pair[1] = (HANDLE)(ULONG_PTR)0x7FF0;
    KT_CHECK(Context,
             ZwWaitForMultipleObjects(2, Pair, WaitAny, FALSE, &Zero) == STATUS_INVALID_HANDLE,
             "a bad handle");
    KT_CHECK(Context, ZwWaitForMultipleObjects(5, Events, WaitAny, FALSE, &Zero) == STATUS_TIMEOUT,
             "none set");
    ZwSetEvent(Events[3], NULL);
    Status = ZwWaitForMultipleObjects(5, Events, WaitAny, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_WAIT_3, "WaitAny: 0x%08X", Status);
    KT_CHECK(Context, ZwWaitForMultipleObjects(5, Events, WaitAll, FALSE, &Zero) == STATUS_TIMEOUT,
             "WaitAll with one set");
    for (I = 0; I < 5; I++)
        ZwSetEvent(Events[I], NULL);
    Status = ZwWaitForMultipleObjects(5, Events, WaitAll, FALSE, &Zero);
    KT_CHECK(Context, Status == STATUS_SUCCESS, "WaitAll: 0x%08X", Status);
    for (I = 0; I < 5; I++)
        ZwClose(Events[I]);
}

static const KT_TEST KtExObjectTests[] = {
    {"a named event is opened by name and shared", KtNamedEvent},
    {"mutants: owner-only release, recursion, abandoned when deleted", KtNamedMutant},
    {"semaphores: counts, limit and bad parameters", KtNamedSemaphore},
    {"timers: set, expire, cancel, resume, deleted while armed", KtNamedTimer},
    {"ZwWaitForMultipleObjects: any, all, many, bad parameters", KtWaitForMultiple},
};

const KT_SUITE KtExObjectSuite = {"Ex", KtExObjectTests, RTL_NUMBER_OF(KtExObjectTests)};
