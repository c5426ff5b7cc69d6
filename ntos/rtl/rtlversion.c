/* SPDX-License-Identifier: MIT */
/*
 * RtlGetVersion. Drivers gate features on the version they are told, so Basalt reports the
 * Windows it aims to be compatible with: Windows 10 22H2 (10.0.19045), a workstation.
 */
#include "ntos.h"

#define RTLP_VERSION_MAJOR 10
#define RTLP_VERSION_MINOR 0
#define RTLP_VERSION_BUILD 19045

C_ASSERT(sizeof(RTL_OSVERSIONINFOW) == 276);
C_ASSERT(sizeof(RTL_OSVERSIONINFOEXW) == 284);

/*
 * The caller says which structure it passed through dwOSVersionInfoSize. Windows documents no
 * failure; a size that is neither structure's is refused with STATUS_INVALID_PARAMETER rather
 * than written past.
 */
NTSTATUS NTAPI
RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation)
{
    ULONG Size = lpVersionInformation->dwOSVersionInfoSize;

    if (Size != sizeof(RTL_OSVERSIONINFOW) && Size != sizeof(RTL_OSVERSIONINFOEXW))
        return STATUS_INVALID_PARAMETER;
    RtlZeroMemory(lpVersionInformation, Size);
    lpVersionInformation->dwOSVersionInfoSize = Size;
    lpVersionInformation->dwMajorVersion = RTLP_VERSION_MAJOR;
    lpVersionInformation->dwMinorVersion = RTLP_VERSION_MINOR;
    lpVersionInformation->dwBuildNumber = RTLP_VERSION_BUILD;
    lpVersionInformation->dwPlatformId = VER_PLATFORM_WIN32_NT;
    if (Size == sizeof(RTL_OSVERSIONINFOEXW))
    {
        PRTL_OSVERSIONINFOEXW Ex = (PRTL_OSVERSIONINFOEXW)lpVersionInformation;

        Ex->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        Ex->wProductType = VER_NT_WORKSTATION;
    }
    return STATUS_SUCCESS;
}
