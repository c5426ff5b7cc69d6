/* SPDX-License-Identifier: MIT */
/*
 * IofCompleteRequest. The IRP goes back up its stack one location at a time; each location
 * that carries a completion routine (set by the driver above, in the location below its own)
 * runs it when its SL_INVOKE_ON_* flags match the outcome, with the upper driver's device
 * object (NULL for the originator). A routine that answers STATUS_MORE_PROCESSING_REQUIRED
 * takes the IRP back: completion stops there. A location without a routine passes a pending
 * return up (IoMarkIrpPending on the location above), as NT does.
 *
 * Once back with the originator, what is left is the I/O manager's: for a request it built
 * on behalf of a thread, a special kernel APC to that thread copies buffered output, writes
 * the caller's IO_STATUS_BLOCK, signals events, queues the caller's APC routine and frees
 * the IRP (NT's IopCompleteRequest), since the buffers and status block may only be valid
 * in that thread's context. Opens and closes, whose issuer waits on a stack event, and IRPs
 * that name no thread are finished at once.
 */
#include "iop.h"

/* What a finished request leaves: output copied, status block written, events signalled. */
static VOID
IopFinishRequest(PIRP Irp, PFILE_OBJECT FileObject)
{
    if ((Irp->Flags & (IRP_BUFFERED_IO | IRP_INPUT_OPERATION)) ==
            (IRP_BUFFERED_IO | IRP_INPUT_OPERATION) &&
        !NT_ERROR(Irp->IoStatus.Status) && Irp->UserBuffer != NULL &&
        Irp->AssociatedIrp.SystemBuffer != NULL && Irp->IoStatus.Information != 0)
        RtlCopyMemory(Irp->UserBuffer, Irp->AssociatedIrp.SystemBuffer, Irp->IoStatus.Information);
    if (Irp->UserIosb != NULL)
        *Irp->UserIosb = Irp->IoStatus;
    if (FileObject != NULL)
        FileObject->FinalStatus = Irp->IoStatus.Status;
    if (Irp->UserEvent != NULL)
    {
        KeSetEvent(Irp->UserEvent, 0, FALSE);
        if (FileObject != NULL && !(Irp->Flags & IRP_SYNCHRONOUS_API))
            ObfDereferenceObject(Irp->UserEvent);
    }
    if (FileObject != NULL && (Irp->UserEvent == NULL || (FileObject->Flags & FO_SYNCHRONOUS_IO)))
        KeSetEvent(&FileObject->Event, 0, FALSE);
}

/* The caller's APC routine, as a normal APC in its mode; the IRP goes with its kernel part. */
static VOID NTAPI
IopUserApcKernelRoutine(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                        PVOID *SystemArgument1, PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    IopFreeIrpAndMdls(CONTAINING_RECORD(Apc, IRP, Tail.Apc));
}

/* The thread exits before the caller's APC ran: the IRP goes all the same. */
static VOID NTAPI
IopUserApcRundown(PKAPC Apc)
{
    IopFreeIrpAndMdls(CONTAINING_RECORD(Apc, IRP, Tail.Apc));
}

static VOID NTAPI
IopUserApcNormalRoutine(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PIO_APC_ROUTINE Routine = (PIO_APC_ROUTINE)(ULONG_PTR)SystemArgument2;

    Routine(NormalContext, SystemArgument1, 0);
}

/*
 * In the issuing thread (special kernel APC), or at once for unthreaded IRPs. Tail.Apc
 * overlays Tail.Overlay, so the file object and thread come as arguments.
 */
static VOID
IopCompleteInThread(PIRP Irp, PFILE_OBJECT FileObject, PETHREAD Thread)
{
    PIO_APC_ROUTINE ApcRoutine = Irp->Overlay.AsynchronousParameters.UserApcRoutine;

    IopFinishRequest(Irp, FileObject);
    if (ApcRoutine != NULL && Thread != NULL)
    {
        KeInitializeApc(&Irp->Tail.Apc, (PKTHREAD)Thread, CurrentApcEnvironment,
                        IopUserApcKernelRoutine, IopUserApcRundown, IopUserApcNormalRoutine,
                        Irp->RequestorMode, Irp->Overlay.AsynchronousParameters.UserApcContext);
        if (!KeInsertQueueApc(&Irp->Tail.Apc, Irp->UserIosb, (PVOID)(ULONG_PTR)ApcRoutine, 0))
            IopFreeIrpAndMdls(Irp);
    }
    else
    {
        IopFreeIrpAndMdls(Irp);
    }
    if (FileObject != NULL)
        ObfDereferenceObject(FileObject);
}

static VOID NTAPI
IopCompletionApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                 PVOID *SystemArgument1, PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    IopCompleteInThread(CONTAINING_RECORD(Apc, IRP, Tail.Apc), *SystemArgument1, *SystemArgument2);
}

/*
 * The thread exits with the completion APC still queued: the rundown runs in the exiting
 * thread, whose context is still there, so the request is finished as the APC would have.
 */
static VOID NTAPI
IopCompletionRundown(PKAPC Apc)
{
    IopCompleteInThread(CONTAINING_RECORD(Apc, IRP, Tail.Apc), Apc->SystemArgument1,
                        Apc->SystemArgument2);
}

static BOOLEAN
IopShouldInvoke(PIO_STACK_LOCATION Stack, PIRP Irp)
{
    if (Stack->CompletionRoutine == NULL)
        return FALSE;
    if (Irp->Cancel && (Stack->Control & SL_INVOKE_ON_CANCEL))
        return TRUE;
    return NT_SUCCESS(Irp->IoStatus.Status) ? (Stack->Control & SL_INVOKE_ON_SUCCESS) != 0
                                            : (Stack->Control & SL_INVOKE_ON_ERROR) != 0;
}

/* Walk up the stack; FALSE when a completion routine kept the IRP. */
static BOOLEAN
IopRunCompletionRoutines(PIRP Irp)
{
    PIO_STACK_LOCATION Stack;
    PIO_COMPLETION_ROUTINE Routine;
    PVOID Context;
    BOOLEAN Invoke;

    while (Irp->CurrentLocation <= Irp->StackCount)
    {
        Stack = IoGetCurrentIrpStackLocation(Irp);
        Irp->PendingReturned = (Stack->Control & SL_PENDING_RETURNED) != 0;
        Invoke = IopShouldInvoke(Stack, Irp);
        Routine = Stack->CompletionRoutine;
        Context = Stack->Context;
        Stack->MinorFunction = 0;
        Stack->Flags = 0;
        Stack->Control = 0;
        Stack->CompletionRoutine = NULL;
        Stack->Context = NULL;
        Stack->FileObject = NULL;
        Irp->CurrentLocation++;
        Irp->Tail.Overlay.CurrentStackLocation++;
        if (Invoke)
        {
            if (Routine(Irp->CurrentLocation <= Irp->StackCount
                            ? IoGetCurrentIrpStackLocation(Irp)->DeviceObject
                            : NULL,
                        Irp, Context) == STATUS_MORE_PROCESSING_REQUIRED)
                return FALSE;
        }
        else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount)
        {
            IoMarkIrpPending(Irp);
        }
    }
    return TRUE;
}

VOID FASTCALL
IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    PFILE_OBJECT FileObject;
    PETHREAD Thread;

    if (Irp->Type != IO_TYPE_IRP || Irp->CurrentLocation > Irp->StackCount + 1)
        KeBugCheckEx(IOP_MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, 0, 0, 0);
    ASSERT(Irp->IoStatus.Status != STATUS_PENDING);
    if (!IopRunCompletionRoutines(Irp))
        return;
    FileObject = Irp->Tail.Overlay.OriginalFileObject;
    if (Irp->Flags & (IRP_CREATE_OPERATION | IRP_CLOSE_OPERATION))
    {
        /* The issuer waits on UserEvent and frees the IRP itself. */
        *Irp->UserIosb = Irp->IoStatus;
        KeSetEvent(Irp->UserEvent, PriorityBoost, FALSE);
        return;
    }
    /* Off its thread's list here, under the list's lock, so that a thread exiting now
     * either sees it gone (its APC is queued) or disassociates it first (no thread). */
    Thread = IopTakeCompletedIrp(Irp);
    if (Thread == NULL)
    {
        IopCompleteInThread(Irp, FileObject, NULL);
        return;
    }
    KeInitializeApc(&Irp->Tail.Apc, (PKTHREAD)Thread, Irp->ApcEnvironment, IopCompletionApc,
                    IopCompletionRundown, NULL, KernelMode, NULL);
    if (!KeInsertQueueApc(&Irp->Tail.Apc, FileObject, Thread, PriorityBoost))
    {
        DbgPrint("Io: IRP %p completed after its thread ended\n", Irp);
        IopCompleteInThread(Irp, FileObject, NULL);
    }
}
