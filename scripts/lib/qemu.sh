# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Shared by scripts/run, scripts/debug and scripts/bench: building on demand and the QEMU +
# OVMF command line for a Basalt image. Source after lib/common.sh.

BASALT_BUILD=${BASALT_BUILD:-$(basalt_root)/build}

# basalt_build -- configure (first time) and build everything, quietly unless it fails.
basalt_build()
{
    local root log
    root=$(basalt_root)
    basalt_need cmake:cmake gcc:gcc x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 \
        sgdisk:gdisk mcopy:mtools mkfs.fat:dosfstools
    [[ -f /usr/include/efi/efi.h ]] || basalt_need_package gnu-efi
    [[ -f /usr/share/consolefonts/Lat15-Fixed16.psf.gz ]] || basalt_need_package console-setup-linux
    log=$(mktemp)
    if ! { cmake -S "$root" -B "$BASALT_BUILD" && cmake --build "$BASALT_BUILD" -j"$(nproc)"; } \
        >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        basalt_die "build failed"
    fi
    rm -f "$log"
}

# basalt_ovmf_code -- path of the OVMF firmware image.
basalt_ovmf_code()
{
    local f
    for f in /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_CODE.fd; do
        [[ -f $f ]] && { echo "$f"; return 0; }
    done
    basalt_need_package ovmf
    echo /usr/share/OVMF/OVMF_CODE_4M.fd
}

# basalt_qemu_args IMAGE VARS SMP MEM -- the machine every script boots: q35, OVMF, the image
# as a read-only-on-host disk (writes go to a snapshot), the isa-debug-exit device that
# the self-tests report their verdict through, and QEMU's educational PCI device (edu: an
# interrupt, MSI and DMA source for drivers/test/edu).
basalt_qemu_args()
{
    local image=$1 vars=$2 smp=$3 mem=$4
    QEMU_ARGS=(-nodefaults -vga std -machine q35 -cpu max -smp "$smp" -m "$mem" -no-reboot
        -drive "if=pflash,format=raw,readonly=on,file=$(basalt_ovmf_code)"
        -drive "if=pflash,format=raw,file=$vars"
        -drive "format=raw,file=$image,snapshot=on"
        -device isa-debug-exit,iobase=0xf4,iosize=0x04
        -device edu
        -net none)
}

# basalt_ovmf_vars FILE -- a fresh writable copy of the OVMF variable store.
basalt_ovmf_vars()
{
    local code src
    code=$(basalt_ovmf_code)
    src=${code/CODE/VARS}
    cp "$src" "$1"
}

# The guest's verdict from QEMU's exit status: isa-debug-exit turns the kernel's 0x10
# (all self-tests passed) into 33 and 0x11 (a test failed or the kernel bugchecked) into 35.
BASALT_EXIT_PASSED=33
BASALT_EXIT_FAILED=35
