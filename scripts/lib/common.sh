# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Helpers sourced by every script under scripts/: locating the repository,
# reporting fatal errors, and making sure the host tools a script needs exist.
#
# Usage, from a script in scripts/:
#     . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#     basalt_need sgdisk:gdisk mcopy:mtools
#
# basalt_need installs missing Debian packages itself when running as root (as
# CI does) and otherwise prints the exact `sudo apt-get install` line to run.

if [[ -n "${BASALT_COMMON_SH:-}" ]]; then
    return 0
fi
BASALT_COMMON_SH=1

BASALT_PROG=$(basename -- "$0")
BASALT_APT_UPDATED=0

# sgdisk and mkfs.fat live in /usr/sbin, which is not on a normal user's PATH
# on Debian; look there too so "installed but not found" cannot happen.
for basalt_dir in /usr/local/sbin /usr/sbin /sbin; do
    case ":$PATH:" in
        *":$basalt_dir:"*) ;;
        *) PATH="$PATH:$basalt_dir" ;;
    esac
done
unset basalt_dir
export PATH

# basalt_die MSG... -- print "PROG: error: MSG" to stderr and exit 1.
basalt_die()
{
    printf '%s: error: %s\n' "$BASALT_PROG" "$*" >&2
    exit 1
}

# basalt_warn MSG... -- print "PROG: warning: MSG" to stderr.
basalt_warn()
{
    printf '%s: warning: %s\n' "$BASALT_PROG" "$*" >&2
}

# basalt_root -- print the repository's top directory (the parent of scripts/).
basalt_root()
{
    local lib_dir
    lib_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
    (cd -- "$lib_dir/../.." && pwd -P)
}

# basalt_need CMD[:DEBIAN_PACKAGE]... -- make sure every CMD is on PATH.
# The package defaults to the command's name.  Missing packages are installed
# when running as root; otherwise the install command is printed and we exit 1.
basalt_need()
{
    local spec cmd pkg
    local -a missing_pkgs=()

    for spec in "$@"; do
        cmd=${spec%%:*}
        pkg=${spec#*:}
        if command -v -- "$cmd" >/dev/null 2>&1; then
            continue
        fi
        printf 'missing: %s (Debian package: %s)\n' "$cmd" "$pkg" >&2
        case " ${missing_pkgs[*]-} " in
            *" $pkg "*) ;;
            *) missing_pkgs+=("$pkg") ;;
        esac
    done

    if ((${#missing_pkgs[@]} == 0)); then
        return 0
    fi

    basalt_install_packages "${missing_pkgs[@]}"

    for spec in "$@"; do
        cmd=${spec%%:*}
        command -v -- "$cmd" >/dev/null 2>&1 ||
            basalt_die "'$cmd' is still missing after installing ${spec#*:}"
    done
}

# basalt_install_packages PKG... -- install Debian packages when root (as CI is); otherwise
# print the exact command to run and exit 1.
basalt_install_packages()
{
    if [[ "$(id -u)" != 0 ]]; then
        printf '%s: install them with:\n    sudo apt-get install %s\n' \
            "$BASALT_PROG" "$*" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        basalt_die "apt-get not found; install the packages above with your" \
            "system's package manager"
    fi

    if ((BASALT_APT_UPDATED == 0)); then
        printf '%s: running apt-get update\n' "$BASALT_PROG" >&2
        apt-get update >&2 || basalt_die "apt-get update failed"
        BASALT_APT_UPDATED=1
    fi
    printf '%s: installing %s\n' "$BASALT_PROG" "$*" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2 ||
        basalt_die "apt-get install $* failed"
    hash -r
}

# basalt_need_package PKG... -- like basalt_need, for packages that provide files rather than
# commands (firmware, headers, fonts).
basalt_need_package()
{
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" && continue
        printf 'missing: Debian package %s\n' "$pkg" >&2
        basalt_install_packages "$pkg"
    done
}

# basalt_ldr_test_files BUILD [--files-only]: the mkimage arguments (one per line) that put
# the images the kernel's "Ldr load" and "Io load" self-tests load at run time into
# System32/drivers, and the Services keys of the latter, as the default image
# (efi-image/CMakeLists.txt) has them. Any image booted with /SELFTEST needs them.
# --files-only leaves the keys out (for an image given a ready-made hive).
basalt_ldr_test_files()
{
    local build=$1 name
    for name in ldrexport ldrimport ldrimport2 ldrnoname ldrnoord; do
        printf '%s\n' --file "$build/nt/drivers/$name.sys=EFI/BASALT/System32/drivers/"
    done
    for name in ldrtrunc ldrjunk; do
        printf '%s\n' --file "$build/efi-image/$name.sys=EFI/BASALT/System32/drivers/"
    done
    [[ "${2:-}" == --files-only ]] || basalt_svc_test_args "$build"
}

# basalt_svc_test_args BUILD: mkimage arguments (one per line) for the Services keys the
# self-tests load and unload at run time: svcload (demand start, with the values its
# DriverEntry checks), svcfail (the same image told to fail) and svcnoimport (ldrnoname.sys)
# for "Io load"; iofilter (demand start) for the Drivers suite.
basalt_svc_test_args()
{
    local key='ControlSet001\Services' drivers='\SystemRoot\System32\drivers'
    printf '%s\n' --driver "$1/nt/drivers/iofilter.sys" --start demand
    printf '%s\n' --driver "$1/nt/drivers/svcload.sys" --start demand \
        --reg "$key\svcload:Greeting=REG_SZ:hello from the registry" \
        --reg "$key\svcload:Number=REG_DWORD:42" \
        --reg "$key\svcfail:ImagePath=REG_EXPAND_SZ:$drivers\svcload.sys" \
        --reg "$key\svcfail:Type=REG_DWORD:1" --reg "$key\svcfail:Start=REG_DWORD:3" \
        --reg "$key\svcfail:FailEntry=REG_DWORD:1" \
        --reg "$key\svcnoimport:ImagePath=REG_EXPAND_SZ:$drivers\ldrnoname.sys" \
        --reg "$key\svcnoimport:Type=REG_DWORD:1" --reg "$key\svcnoimport:Start=REG_DWORD:3"
}

# basalt_test_drivers BUILD [NAME.sys...]: the mkimage arguments (one per line) that make the
# test drivers boot drivers: hello.sys and hellodef.sys, \Device\Null and \Device\Beep (which
# the Io and Beep self-tests use), and the drivers whose cases the kernel's "Drivers" self-test
# suite runs through \Device\KtTest* (drivers/test/include/kttest.h). Every image booted with
# /SELFTEST should have them; the default image (efi-image/CMakeLists.txt) does. The NAMEs
# given are left out, for an image that names those drivers itself, with other options.
basalt_test_drivers()
{
    local build=$1 name skip
    shift
    for name in hello hellodef null beep iotest kesync seh exprims mmphys edu; do
        for skip in "$@"; do
            [[ "$skip" == "$name.sys" ]] && continue 2
        done
        printf '%s\n' --driver "$build/nt/drivers/$name.sys"
    done
}
