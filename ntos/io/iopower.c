/* SPDX-License-Identifier: MIT */
/* A device's power state, kept by the I/O manager for PoSetPowerState (po/popower.c). */
#include "iop.h"

/* Set State and return the one before; a device nobody set yet is working (D0). */
DEVICE_POWER_STATE
IopExchangeDevicePowerState(PDEVICE_OBJECT DeviceObject, DEVICE_POWER_STATE State)
{
    LONG Previous = InterlockedExchange(&IopDeviceExtension(DeviceObject)->PowerState, State);

    return Previous == PowerDeviceUnspecified ? PowerDeviceD0 : (DEVICE_POWER_STATE)Previous;
}
