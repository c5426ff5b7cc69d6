/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of callback objects: open-or-create by name and the documented statuses, the
 * standard callbacks, one-registration objects refusing a second, notification order,
 * arguments and IRQL, and ExUnregisterCallback waiting for a call in progress on another
 * processor (or, with one processor, in another thread).
 */
#include "ntos.h"

typedef struct _KT_CALLBACK_LOG
{
    volatile LONG Calls;
    PVOID Context, Argument1, Argument2;
    KIRQL Irql;
    LONG Order; /* Calls value when this one ran */
} KT_CALLBACK_LOG, *PKT_CALLBACK_LOG;

static volatile LONG KtCallbackSequence;

static VOID NTAPI
KtLogCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PKT_CALLBACK_LOG Log = Context;

    Log->Context = Context;
    Log->Argument1 = Argument1;
    Log->Argument2 = Argument2;
    Log->Irql = KeGetCurrentIrql();
    Log->Order = InterlockedIncrement(&KtCallbackSequence);
    InterlockedIncrement(&Log->Calls);
}

static NTSTATUS
KtCreateCallback(PCWSTR Name, ULONG Attributes, BOOLEAN Create, BOOLEAN Multiple,
                 PCALLBACK_OBJECT *Callback)
{
    OBJECT_ATTRIBUTES ObjectAttributes;
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&ObjectAttributes, Name != NULL ? &String : NULL, Attributes, NULL,
                               NULL);
    return ExCreateCallback(Callback, &ObjectAttributes, Create, Multiple);
}

/* A permanent callback goes once its name is made temporary and the last reference is. */
static VOID
KtDropCallback(PCALLBACK_OBJECT Callback)
{
    ObMakeTemporaryObject(Callback);
    ObfDereferenceObject(Callback);
}

static VOID
KtCallbackStatuses(PKT_CONTEXT Context)
{
    PCALLBACK_OBJECT A, B;
    NTSTATUS Status;

    Status = KtCreateCallback(L"\\Callback\\KtMissing", OBJ_CASE_INSENSITIVE, FALSE, TRUE, &A);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND && A == NULL,
             "opening a missing callback gave 0x%x", Status);
    Status = KtCreateCallback(L"\\KtNoSuchDirectory\\Cb", 0, TRUE, TRUE, &A);
    KT_CHECK(Context, Status == STATUS_OBJECT_PATH_NOT_FOUND, "missing directory gave 0x%x",
             Status);
    Status = KtCreateCallback(NULL, 0, TRUE, TRUE, &A);
    KT_CHECK(Context, Status == STATUS_UNSUCCESSFUL && A == NULL, "unnamed callback gave 0x%x",
             Status);
    Status = KtCreateCallback(L"\\KernelObjects", OBJ_CASE_INSENSITIVE, TRUE, TRUE, &A);
    KT_CHECK(Context, Status == STATUS_OBJECT_TYPE_MISMATCH, "a directory opened as 0x%x", Status);

    Status = KtCreateCallback(L"\\Callback\\KtStatus", OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, TRUE,
                              TRUE, &A);
    KT_CHECK(Context, NT_SUCCESS(Status) && A != NULL, "create gave 0x%x", Status);
    Status = KtCreateCallback(L"\\CALLBACK\\KTSTATUS", OBJ_CASE_INSENSITIVE, FALSE, FALSE, &B);
    KT_CHECK(Context, Status == STATUS_SUCCESS && B == A, "open gave 0x%x, %p for %p", Status, B,
             A);
    ObfDereferenceObject(B);
    /* Create on an existing name opens it (OBJ_OPENIF), with STATUS_SUCCESS. */
    Status = KtCreateCallback(L"\\Callback\\KtStatus", OBJ_CASE_INSENSITIVE, TRUE, FALSE, &B);
    KT_CHECK(Context, Status == STATUS_SUCCESS && B == A, "re-create gave 0x%x", Status);
    ObfDereferenceObject(B);
    KtDropCallback(A);
    Status = KtCreateCallback(L"\\Callback\\KtStatus", OBJ_CASE_INSENSITIVE, FALSE, FALSE, &B);
    KT_CHECK(Context, Status == STATUS_OBJECT_NAME_NOT_FOUND, "deleted callback opened: 0x%x",
             Status);
}

static VOID
KtStandardCallbacks(PKT_CONTEXT Context)
{
    static const PCWSTR Names[] = {L"\\Callback\\SetSystemTime", L"\\Callback\\PowerState",
                                   L"\\Callback\\ProcessorAdd"};
    KT_CALLBACK_LOG Log1 = {0}, Log2 = {0};
    PCALLBACK_OBJECT Callback;
    PVOID R1, R2;
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < RTL_NUMBER_OF(Names); I++)
    {
        Status = KtCreateCallback(Names[I], OBJ_CASE_INSENSITIVE, FALSE, FALSE, &Callback);
        KT_CHECK(Context, NT_SUCCESS(Status), "%ws: 0x%x", Names[I], Status);
        /* Standard callbacks take any number of registrations. */
        R1 = ExRegisterCallback(Callback, KtLogCallback, &Log1);
        R2 = ExRegisterCallback(Callback, KtLogCallback, &Log2);
        if (R1 != NULL)
            ExUnregisterCallback(R1);
        if (R2 != NULL)
            ExUnregisterCallback(R2);
        ObfDereferenceObject(Callback);
        KT_CHECK(Context, R1 != NULL && R2 != NULL, "%ws refused a second registration", Names[I]);
    }
}

static VOID
KtSingleRegistration(PKT_CONTEXT Context)
{
    KT_CALLBACK_LOG Log1 = {0}, Log2 = {0};
    PCALLBACK_OBJECT Callback;
    PVOID R1, R2;
    NTSTATUS Status;

    Status = KtCreateCallback(L"\\Callback\\KtSingle", OBJ_PERMANENT, TRUE, FALSE, &Callback);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%x", Status);
    R1 = ExRegisterCallback(Callback, KtLogCallback, &Log1);
    R2 = ExRegisterCallback(Callback, KtLogCallback, &Log2);
    ExNotifyCallback(Callback, (PVOID)1, (PVOID)2);
    if (R1 != NULL)
        ExUnregisterCallback(R1);
    /* Once the first is gone, another may register. */
    R2 = R2 == NULL ? ExRegisterCallback(Callback, KtLogCallback, &Log2) : NULL;
    if (R2 != NULL)
        ExUnregisterCallback(R2);
    KtDropCallback(Callback);
    KT_CHECK(Context, R1 != NULL, "first registration refused");
    KT_CHECK(Context, Log1.Calls == 1 && Log2.Calls == 0, "calls %d and %d", Log1.Calls,
             Log2.Calls);
    KT_CHECK(Context, R2 != NULL, "registration after unregister refused");
}

static VOID
KtNotifyOrderAndIrql(PKT_CONTEXT Context)
{
    KT_CALLBACK_LOG Log1 = {0}, Log2 = {0};
    PCALLBACK_OBJECT Callback;
    PVOID R1, R2;
    NTSTATUS Status;
    KIRQL OldIrql;

    Status = KtCreateCallback(L"\\Callback\\KtMulti", OBJ_PERMANENT, TRUE, TRUE, &Callback);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%x", Status);
    R1 = ExRegisterCallback(Callback, KtLogCallback, &Log1);
    R2 = ExRegisterCallback(Callback, KtLogCallback, &Log2);
    ExNotifyCallback(Callback, (PVOID)0x11, (PVOID)0x22);
    KT_CHECK(Context, Log1.Calls == 1 && Log2.Calls == 1, "calls %d and %d", Log1.Calls,
             Log2.Calls);
    KT_CHECK(Context, Log1.Order + 1 == Log2.Order, "called out of registration order");
    KT_CHECK(Context,
             Log1.Context == &Log1 && Log1.Argument1 == (PVOID)0x11 &&
                 Log1.Argument2 == (PVOID)0x22 && Log1.Irql == PASSIVE_LEVEL,
             "context %p, arguments %p %p, IRQL %u", Log1.Context, Log1.Argument1, Log1.Argument2,
             Log1.Irql);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    ExNotifyCallback(Callback, NULL, NULL);
    KeLowerIrql(OldIrql);
    KT_CHECK(Context, Log2.Calls == 2 && Log2.Irql == DISPATCH_LEVEL,
             "at DISPATCH_LEVEL: %d calls, IRQL %u", Log2.Calls, Log2.Irql);
    ExUnregisterCallback(R1);
    ExNotifyCallback(Callback, NULL, NULL);
    ExUnregisterCallback(R2);
    ExNotifyCallback(Callback, NULL, NULL);
    KtDropCallback(Callback);
    KT_CHECK(Context, Log1.Calls == 2 && Log2.Calls == 3, "after unregistering: %d and %d",
             Log1.Calls, Log2.Calls);
}

/* A callback that holds the call open until the test releases it. */
typedef struct _KT_BLOCKING_CALL
{
    PCALLBACK_OBJECT Callback;
    PVOID Registration;
    KEVENT Entered, Release;
    volatile LONG Left;         /* the callback has returned */
    volatile LONG Unregistered; /* ExUnregisterCallback has returned */
    LONG LeftBeforeUnregistered;
    ULONG Processor;
} KT_BLOCKING_CALL, *PKT_BLOCKING_CALL;

static VOID NTAPI
KtBlockingCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    PKT_BLOCKING_CALL Call = Context;
    LARGE_INTEGER Timeout = {.QuadPart = -100000000ll}; /* 10 s, so a bug cannot hang */

    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    Call->Processor = KeGetCurrentProcessorNumber();
    KeSetEvent(&Call->Entered, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(&Call->Release, Executive, KernelMode, FALSE, &Timeout);
    InterlockedExchange(&Call->Left, 1);
}

static VOID NTAPI
KtNotifyThread(PVOID Context)
{
    ExNotifyCallback(((PKT_BLOCKING_CALL)Context)->Callback, NULL, NULL);
}

static VOID NTAPI
KtUnregisterThread(PVOID Context)
{
    PKT_BLOCKING_CALL Call = Context;

    ExUnregisterCallback(Call->Registration);
    Call->LeftBeforeUnregistered = Call->Left;
    InterlockedExchange(&Call->Unregistered, 1);
}

static VOID
KtUnregisterWaits(PKT_CONTEXT Context)
{
    static KT_BLOCKING_CALL Call;
    static KTHREAD Notifier, Unregisterer;
    LARGE_INTEGER Timeout = {.QuadPart = -50000000ll}, Pause = {.QuadPart = -1000000ll};
    KAFFINITY Other = KeQueryActiveProcessorCount(NULL) > 1 ? 2 : 1;
    NTSTATUS Status, Waited;

    RtlZeroMemory(&Call, sizeof(Call));
    KeInitializeEvent(&Call.Entered, NotificationEvent, FALSE);
    KeInitializeEvent(&Call.Release, NotificationEvent, FALSE);
    Status =
        KtCreateCallback(L"\\Callback\\KtBlocking", OBJ_PERMANENT, TRUE, FALSE, &Call.Callback);
    KT_CHECK(Context, NT_SUCCESS(Status), "create: 0x%x", Status);
    Call.Registration = ExRegisterCallback(Call.Callback, KtBlockingCallback, &Call);
    KT_CHECK(Context, Call.Registration != NULL, "register");
    KT_CHECK(
        Context,
        NT_SUCCESS(KtStartThreadOn(&Notifier, KtNotifyThread, &Call, KT_SYSTEM_PRIORITY, Other)),
        "notifier thread");
    Waited = KeWaitForSingleObject(&Call.Entered, Executive, KernelMode, FALSE, &Timeout);
    if (Waited == STATUS_SUCCESS)
    {
        KtStartThread(&Unregisterer, KtUnregisterThread, &Call, KT_SYSTEM_PRIORITY);
        KeDelayExecutionThread(KernelMode, FALSE, &Pause); /* 100 ms for a wrong return */
    }
    Status = Call.Unregistered ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    KeSetEvent(&Call.Release, IO_NO_INCREMENT, FALSE);
    KtJoinThread(&Notifier);
    if (Waited == STATUS_SUCCESS)
        KtJoinThread(&Unregisterer);
    KtDropCallback(Call.Callback);
    KT_CHECK(Context, Waited == STATUS_SUCCESS, "the callback never ran (0x%x)", Waited);
    KT_CHECK(Context, Other == 1 || Call.Processor == 1, "callback ran on processor %u",
             Call.Processor);
    KT_CHECK(Context, NT_SUCCESS(Status), "ExUnregisterCallback returned during the call");
    KT_CHECK(Context, Call.Unregistered && Call.LeftBeforeUnregistered,
             "unregistered %d, callback left first %d", Call.Unregistered,
             Call.LeftBeforeUnregistered);
}

static const KT_TEST KtExCallbackTests[] = {
    {"ExCreateCallback: open, create, OPENIF and error statuses", KtCallbackStatuses},
    {"standard callbacks exist and take many registrations", KtStandardCallbacks},
    {"AllowMultipleCallbacks FALSE refuses a second registration", KtSingleRegistration},
    {"ExNotifyCallback: order, context, arguments, caller's IRQL", KtNotifyOrderAndIrql},
    {"ExUnregisterCallback waits for a running callback", KtUnregisterWaits},
};

const KT_SUITE KtExCallbackSuite = {"Ex callbacks", KtExCallbackTests,
                                    RTL_NUMBER_OF(KtExCallbackTests)};
