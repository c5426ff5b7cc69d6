#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/write-usb must refuse what is not a USB stick. Runs in dry-run mode, so even a
# wrongly accepted target would not be written. Usage: write-usb-test.sh IMAGE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
image=${1:?image}
export BASALT_WRITE_USB_DRYRUN=1
failures=0

refuses()
{
    local what=$1 device=$2 pattern=$3 out
    if out=$("$root/scripts/write-usb" "$image" "$device" --yes 2>&1); then
        echo "FAILED: $what: accepted $device"
        failures=$((failures + 1))
    elif ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAILED: $what: refused $device without saying why ($out)"
        failures=$((failures + 1))
    else
        echo "ok: $what"
    fi
}

refuses "character device" /dev/null "not a block device"
refuses "regular file" "$image" "not a block device"
refuses "missing device" /dev/basalt-no-such-disk "not a block device|does not exist|no such"

# The disk holding / (when / is on a block device here) must never be a target.
rootdev=$(findmnt -n -o SOURCE / 2>/dev/null || true)
if [[ -b $rootdev ]]; then
    disk=/dev/$(lsblk -n -s -o NAME,TYPE "$rootdev" | awk '$2 == "disk" { print $1 }' | tail -1 |
        sed 's/^[^[:alnum:]]*//')
    refuses "the running system's disk" "$disk" "running system|mounted"
else
    echo "skipped: / is not on a block device here"
fi

if ((failures)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "write-usb: all checks passed"
