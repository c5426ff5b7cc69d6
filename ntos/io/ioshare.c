/* SPDX-License-Identifier: MIT */
/*
 * Share access: the counts a file system keeps per open file (SHARE_ACCESS) and the access a
 * file object was granted (its ReadAccess..SharedDelete), so that an open asking for access
 * others refused to share, or refusing to share access others hold, fails with
 * STATUS_SHARING_VIOLATION. Only read, write and delete access count (execute is read);
 * an open for none of them (attributes only) neither conflicts nor counts, as on NT.
 * The caller serialises on its own per-file lock.
 */
#include "iop.h"

typedef struct _IOP_SHARE_REQUEST
{
    BOOLEAN Read, Write, Delete;
    BOOLEAN SharedRead, SharedWrite, SharedDelete;
} IOP_SHARE_REQUEST;

static IOP_SHARE_REQUEST
IopShareRequest(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess)
{
    IOP_SHARE_REQUEST Request;

    Request.Read = (DesiredAccess & (FILE_EXECUTE | FILE_READ_DATA)) != 0;
    Request.Write = (DesiredAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    Request.Delete = (DesiredAccess & DELETE) != 0;
    Request.SharedRead = (DesiredShareAccess & FILE_SHARE_READ) != 0;
    Request.SharedWrite = (DesiredShareAccess & FILE_SHARE_WRITE) != 0;
    Request.SharedDelete = (DesiredShareAccess & FILE_SHARE_DELETE) != 0;
    return Request;
}

static VOID
IopRecordShareRequest(PFILE_OBJECT FileObject, const IOP_SHARE_REQUEST *Request)
{
    FileObject->ReadAccess = Request->Read;
    FileObject->WriteAccess = Request->Write;
    FileObject->DeleteAccess = Request->Delete;
    FileObject->SharedRead = Request->SharedRead;
    FileObject->SharedWrite = Request->SharedWrite;
    FileObject->SharedDelete = Request->SharedDelete;
}

static BOOLEAN
IopHasCountedAccess(PFILE_OBJECT FileObject)
{
    return FileObject->ReadAccess || FileObject->WriteAccess || FileObject->DeleteAccess;
}

/* Add (Sign 1) or take away (Sign -1) FileObject's open from the counts. */
static VOID
IopCountShareAccess(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess, LONG Sign)
{
    ShareAccess->OpenCount += Sign;
    ShareAccess->Readers += Sign * FileObject->ReadAccess;
    ShareAccess->Writers += Sign * FileObject->WriteAccess;
    ShareAccess->Deleters += Sign * FileObject->DeleteAccess;
    ShareAccess->SharedRead += Sign * FileObject->SharedRead;
    ShareAccess->SharedWrite += Sign * FileObject->SharedWrite;
    ShareAccess->SharedDelete += Sign * FileObject->SharedDelete;
}

static BOOLEAN
IopShareConflicts(const IOP_SHARE_REQUEST *Request, PSHARE_ACCESS ShareAccess)
{
    ULONG Opens = ShareAccess->OpenCount;

    return (Request->Read && ShareAccess->SharedRead < Opens) ||
           (Request->Write && ShareAccess->SharedWrite < Opens) ||
           (Request->Delete && ShareAccess->SharedDelete < Opens) ||
           (ShareAccess->Readers != 0 && !Request->SharedRead) ||
           (ShareAccess->Writers != 0 && !Request->SharedWrite) ||
           (ShareAccess->Deleters != 0 && !Request->SharedDelete);
}

NTSTATUS NTAPI
IoCheckShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess, PFILE_OBJECT FileObject,
                   PSHARE_ACCESS ShareAccess, BOOLEAN Update)
{
    IOP_SHARE_REQUEST Request = IopShareRequest(DesiredAccess, DesiredShareAccess);

    IopRecordShareRequest(FileObject, &Request);
    if (!IopHasCountedAccess(FileObject))
        return STATUS_SUCCESS;
    if (IopShareConflicts(&Request, ShareAccess))
        return STATUS_SHARING_VIOLATION;
    if (Update)
        IopCountShareAccess(FileObject, ShareAccess, 1);
    return STATUS_SUCCESS;
}

/* The first open of a file: the counts start from it alone. */
VOID NTAPI
IoSetShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess, PFILE_OBJECT FileObject,
                 PSHARE_ACCESS ShareAccess)
{
    IOP_SHARE_REQUEST Request = IopShareRequest(DesiredAccess, DesiredShareAccess);

    IopRecordShareRequest(FileObject, &Request);
    RtlZeroMemory(ShareAccess, sizeof(*ShareAccess));
    if (IopHasCountedAccess(FileObject))
        IopCountShareAccess(FileObject, ShareAccess, 1);
}

/* An open IoCheckShareAccess checked without updating: count it now. */
VOID NTAPI
IoUpdateShareAccess(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    if (IopHasCountedAccess(FileObject))
        IopCountShareAccess(FileObject, ShareAccess, 1);
}

/* The file object's cleanup: its open leaves the counts. */
VOID NTAPI
IoRemoveShareAccess(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    if (IopHasCountedAccess(FileObject))
        IopCountShareAccess(FileObject, ShareAccess, -1);
}
