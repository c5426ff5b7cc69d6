/* SPDX-License-Identifier: MIT */
/*
 * Loading, relocating and binding the boot images with the shared PE library. All images are
 * mapped first and linked afterwards, so ntoskrnl.exe and hal.dll can import from each other.
 */
#include "loader.h"

#define KERNEL_HALF_BASE 0xFFFF800000000000ull

static BOOLEAN
IsCritical(const LDR_IMAGE *Image)
{
    return (Image->Flags & (LDRP_KERNEL_IMAGE | LDRP_HAL_IMAGE | LDRP_CRITICAL)) != 0;
}

UINT64
LdrImageEnd(const LDR_IMAGE *Image)
{
    return Image->View.LoadBase + Image->View.Size;
}

static EFI_STATUS
ImageError(const CHAR16 *Path, PE_STATUS Status)
{
    return LdrFail(EFI_LOAD_ERROR, L"%s: %a", Path, PeStatusText(Status));
}

/* Map Name into fresh pages tagged Type, to run at LoadBase (0: the image's preferred base). */
EFI_STATUS
LdrLoadImage(const CHAR16 *Directory, const char *Name, UINT32 Flags, TYPE_OF_MEMORY Type,
             UINT64 LoadBase, LDR_IMAGE *Image)
{
    CHAR16 Path[128];
    PE_FILE File;
    PE_STATUS PeStatus;
    EFI_STATUS Status;
    void *Data;
    UINTN Size;

    SetMem(Image, sizeof(*Image), 0);
    LdrMakePath(Directory, Name, Path, sizeof(Path) / sizeof(Path[0]));
    Status = LdrReadFile(Path, &Data, &Size);
    if (EFI_ERROR(Status))
        return Status;

    PeStatus = PeParseFile(Data, Size, &File);
    if (PeStatus != PE_OK)
    {
        LdrFreeFile(Data);
        return ImageError(Path, PeStatus);
    }
    /* Each section gets its own page protection, so sections may not share a page. */
    if (File.Nt->OptionalHeader.SectionAlignment < EFI_PAGE_SIZE)
    {
        LdrFreeFile(Data);
        return LdrFail(EFI_UNSUPPORTED, L"%s: section alignment 0x%x is below the page size", Path,
                       (UINTN)File.Nt->OptionalHeader.SectionAlignment);
    }
    if (LoadBase == 0)
        LoadBase = File.ImageBase;
    if (LoadBase < KERNEL_HALF_BASE || (LoadBase & (EFI_PAGE_SIZE - 1)) != 0)
    {
        LdrFreeFile(Data);
        return LdrFail(EFI_LOAD_ERROR, L"%s: base %lx is not a kernel-half page address", Path,
                       LoadBase);
    }

    Image->Pages = EFI_SIZE_TO_PAGES(File.SizeOfImage);
    Status = LdrAllocatePages(Image->Pages, Type, &Image->Physical);
    if (EFI_ERROR(Status))
    {
        LdrFreeFile(Data);
        return LdrFail(Status, L"%s: no memory for %d pages", Path, Image->Pages);
    }
    PeStatus = PeMapFile(&File, (void *)(UINTN)Image->Physical, Image->Pages * EFI_PAGE_SIZE);
    if (PeStatus == PE_OK)
        PeStatus =
            PeOpenView((void *)(UINTN)Image->Physical, File.SizeOfImage, LoadBase, &Image->View);
    LdrFreeFile(Data);
    if (PeStatus != PE_OK)
    {
        LdrFreePages(Image->Physical, Image->Pages);
        return ImageError(Path, PeStatus);
    }

    CopyMem(Image->Name, (void *)Name, strlena((CHAR8 *)Name) + 1);
    Image->Flags = Flags;
    Image->Type = Type;
    Image->Loaded = TRUE;
    return EFI_SUCCESS;
}

void
LdrUnloadImage(LDR_IMAGE *Image)
{
    LdrFreePages(Image->Physical, Image->Pages);
    Image->Physical = 0;
    Image->Loaded = FALSE;
}

typedef struct _LINK_CONTEXT
{
    LDR_IMAGE *Images;
    UINTN Count;
} LINK_CONTEXT;

static const PE_VIEW *
FindModule(void *Context, const char *Name, size_t NameLength)
{
    LINK_CONTEXT *Link = Context;
    UINTN I;

    for (I = 0; I < Link->Count; I++)
    {
        if (Link->Images[I].Loaded && PeModuleNameMatches(Link->Images[I].Name, Name, NameLength))
            return &Link->Images[I].View;
    }
    return NULL;
}

/* A failed non-critical driver is dropped and the boot goes on; anything else is fatal. */
static EFI_STATUS
DropOrFail(LDR_IMAGE *Image)
{
    if (IsCritical(Image))
        return EFI_LOAD_ERROR;
    LdrPrint(L"Basalt loader: skipping boot driver %a\n", Image->Name);
    LdrUnloadImage(Image);
    return EFI_SUCCESS;
}

static EFI_STATUS
BindImage(LINK_CONTEXT *Link, LDR_IMAGE *Image, BOOLEAN *Dropped)
{
    PE_IMPORT Failed;
    PE_STATUS PeStatus;

    PeStatus = PeBindImports(&Image->View, FindModule, Link, &Failed);
    if (PeStatus == PE_OK)
        return EFI_SUCCESS;
    if (PeStatus == PE_E_BAD_IMPORT || Failed.Dll == NULL)
        LdrFail(EFI_LOAD_ERROR, L"%a: imports: %a", Image->Name, PeStatusText(PeStatus));
    else if (Failed.Name != NULL)
        LdrFail(EFI_LOAD_ERROR, L"%a: import %a!%a: %a", Image->Name, Failed.Dll, Failed.Name,
                PeStatusText(PeStatus));
    else
        LdrFail(EFI_LOAD_ERROR, L"%a: import %a!#%d: %a", Image->Name, Failed.Dll,
                (UINTN)Failed.Ordinal, PeStatusText(PeStatus));
    *Dropped = TRUE;
    return DropOrFail(Image);
}

/*
 * Relocate every image, then bind imports. Dropping a driver can break another driver that
 * imported from it, so binding repeats until a pass drops nothing.
 */
EFI_STATUS
LdrLinkImages(LDR_IMAGE *Images, UINTN Count)
{
    LINK_CONTEXT Link = {Images, Count};
    PE_STATUS PeStatus;
    BOOLEAN Dropped;
    UINTN I;

    for (I = 0; I < Count; I++)
    {
        PeStatus = PeRelocate(&Images[I].View);
        if (PeStatus != PE_OK)
        {
            LdrFail(EFI_LOAD_ERROR, L"%a: relocation: %a", Images[I].Name, PeStatusText(PeStatus));
            if (EFI_ERROR(DropOrFail(&Images[I])))
                return EFI_LOAD_ERROR;
        }
    }
    do
    {
        Dropped = FALSE;
        for (I = 0; I < Count; I++)
        {
            if (Images[I].Loaded && EFI_ERROR(BindImage(&Link, &Images[I], &Dropped)))
                return EFI_LOAD_ERROR;
        }
    } while (Dropped);
    return EFI_SUCCESS;
}
