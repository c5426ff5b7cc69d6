/* SPDX-License-Identifier: MIT */
/*
 * IoGetDmaAdapter. On Windows a PnP bus driver may supply the adapter through its bus
 * interface; with no PnP manager the HAL's adapter (hal/haldma.c) is the only one, as it is
 * for a device whose bus driver offers none. The PDO is therefore not needed and may be NULL.
 */
#include "ntos.h"

PDMA_ADAPTER NTAPI
IoGetDmaAdapter(PDEVICE_OBJECT PhysicalDeviceObject, PDEVICE_DESCRIPTION DeviceDescription,
                PULONG NumberOfMapRegisters)
{
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    PAGED_CODE();
    if (DeviceDescription == NULL || NumberOfMapRegisters == NULL)
        return NULL;
    return HalGetAdapter(DeviceDescription, NumberOfMapRegisters);
}
