/* SPDX-License-Identifier: MIT */
/* Boot-services allocations tagged with the NT memory type they will be handed over as. */
#include "loader.h"

EFI_STATUS
LdrAllocatePages(UINTN Pages, TYPE_OF_MEMORY Type, EFI_PHYSICAL_ADDRESS *Address)
{
    EFI_STATUS Status;

    *Address = 0;
    Status = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, LDR_EFI_TYPE(Type), Pages,
                               Address);
    if (!EFI_ERROR(Status))
        SetMem((void *)(UINTN)*Address, Pages * EFI_PAGE_SIZE, 0);
    return Status;
}

void
LdrFreePages(EFI_PHYSICAL_ADDRESS Address, UINTN Pages)
{
    if (Address != 0)
        uefi_call_wrapper(BS->FreePages, 2, Address, Pages);
}

/* Page-granular zeroed memory that survives into the kernel (loader block and its arrays). */
void *
LdrAllocateZeroed(UINTN Size, TYPE_OF_MEMORY Type)
{
    EFI_PHYSICAL_ADDRESS Address;

    if (EFI_ERROR(LdrAllocatePages(EFI_SIZE_TO_PAGES(Size), Type, &Address)))
        return NULL;
    return (void *)(UINTN)Address;
}
