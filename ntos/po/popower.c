/* SPDX-License-Identifier: MIT */
/*
 * Power IRPs for drivers (Po). There is no power manager policy yet — nothing decides to
 * sleep or to power devices down — but the routines a WDM driver's power path calls work:
 * PoCallDriver passes IRP_MJ_POWER down like any IRP (since Vista power IRPs need no
 * serialisation, and PoStartNextPowerIrp has nothing left to do), PoSetPowerState records a
 * device's state, PoRequestPowerIrp builds, sends and completes a power IRP of the driver's
 * own.
 */
#include "ntos.h"

#define POP_IRP_TAG 0x49776F50 /* "PowI" */

NTSTATUS NTAPI
PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return IofCallDriver(DeviceObject, Irp);
}

VOID NTAPI
PoStartNextPowerIrp(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
}

/* The state before this one. A device nobody set yet is working: D0. The system state is
 * not the driver's to set; it is always working here. */
POWER_STATE NTAPI
PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type, POWER_STATE State)
{
    POWER_STATE Previous;

    if (Type != DevicePowerState)
    {
        Previous.SystemState = PowerSystemWorking;
        return Previous;
    }
    Previous.DeviceState = IopExchangeDevicePowerState(DeviceObject, State.DeviceState);
    return Previous;
}

/* No idle detection: drivers must then manage their idle power themselves, as the
 * documented NULL return tells them. */
PULONG NTAPI
PoRegisterDeviceForIdleDetection(PDEVICE_OBJECT DeviceObject, ULONG ConservationIdleTime,
                                 ULONG PerformanceIdleTime, DEVICE_POWER_STATE State)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(ConservationIdleTime);
    UNREFERENCED_PARAMETER(PerformanceIdleTime);
    UNREFERENCED_PARAMETER(State);
    return NULL;
}

typedef struct _POP_REQUEST
{
    PDEVICE_OBJECT DeviceObject; /* as the requester named it */
    PDEVICE_OBJECT Top;          /* the top of its stack, referenced while the IRP is out */
    UCHAR MinorFunction;
    POWER_STATE PowerState;
    PREQUEST_POWER_COMPLETE Complete;
    PVOID Context;
} POP_REQUEST, *PPOP_REQUEST;

static NTSTATUS NTAPI
PopRequestCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PPOP_REQUEST Request = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Request->Complete != NULL)
        Request->Complete(Request->DeviceObject, Request->MinorFunction, Request->PowerState,
                          Request->Context, &Irp->IoStatus);
    ObDereferenceObject(Request->Top);
    ExFreePoolWithTag(Request, POP_IRP_TAG);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * A power IRP of the caller's own to the top of DeviceObject's stack; CompletionFunction
 * runs when it completes, then the IRP is freed. STATUS_PENDING once it is sent (*Irp, if
 * asked, is the IRP); STATUS_INVALID_PARAMETER_2 for a minor function drivers may not
 * request.
 */
NTSTATUS NTAPI
PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
                  PREQUEST_POWER_COMPLETE CompletionFunction, PVOID Context, PIRP *Irp)
{
    PDEVICE_OBJECT Top;
    PIO_STACK_LOCATION Stack;
    PPOP_REQUEST Request;
    PIRP New;

    if (MinorFunction != IRP_MN_SET_POWER && MinorFunction != IRP_MN_QUERY_POWER &&
        MinorFunction != IRP_MN_WAIT_WAKE)
        return STATUS_INVALID_PARAMETER_2;
    Request = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Request), POP_IRP_TAG);
    if (Request == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Top = IoGetAttachedDeviceReference(DeviceObject);
    New = IoAllocateIrp(Top->StackSize, FALSE);
    if (New == NULL)
    {
        ObDereferenceObject(Top);
        ExFreePoolWithTag(Request, POP_IRP_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Request =
        (POP_REQUEST){DeviceObject, Top, MinorFunction, PowerState, CompletionFunction, Context};
    New->IoStatus.Status = STATUS_NOT_SUPPORTED; /* what every power IRP starts with */
    Stack = IoGetNextIrpStackLocation(New);
    Stack->MajorFunction = IRP_MJ_POWER;
    Stack->MinorFunction = MinorFunction;
    if (MinorFunction == IRP_MN_WAIT_WAKE)
    {
        Stack->Parameters.WaitWake.PowerState = PowerState.SystemState;
    }
    else
    {
        Stack->Parameters.Power.Type = DevicePowerState;
        Stack->Parameters.Power.State = PowerState;
    }
    IoSetCompletionRoutine(New, PopRequestCompleted, Request, TRUE, TRUE, TRUE);
    if (Irp != NULL)
        *Irp = New;
    PoCallDriver(Top, New);
    return STATUS_PENDING;
}
