#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/mkimage writes the SYSTEM hive the plan promises: a Services key per --driver with
# ImagePath, Type, Start (--start), ErrorControl (--critical), Group and Tag in command-line
# order per group (--group), GroupOrderList and ServiceGroupOrder\List, the --reg values,
# and the CurrentControlSet link. Read back with mkhive --dump. BOOT.INI names no drivers
# (the loader takes boot drivers from the hive). Usage: TEST BUILD_DIR
set -euo pipefail

build=$1
root=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
drivers=$build/nt/drivers
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
export MTOOLS_SKIP_CHECK=1

"$root/scripts/mkimage" --build "$build" -o "$work/test.img" \
    --driver "$drivers/hello.sys" --group "Boot Bus" --start boot \
    --driver "$drivers/seh.sys" --critical --start demand \
    --driver "$drivers/kesync.sys" --group Extended \
    --driver "$drivers/hellodef.sys" --group "Boot Bus" \
    --reg 'HKLM\SYSTEM\CurrentControlSet\Control\Basalt:Multi=REG_MULTI_SZ:a\0b c' \
    --reg 'Software\X:=REG_QWORD:0x10' >/dev/null
mcopy -o -i "$work/test.img@@1M" ::/EFI/BASALT/System32/config/SYSTEM "$work/SYSTEM"
"$build/tools/mkhive" --dump "$work/SYSTEM" >"$work/dump"
mtype -i "$work/test.img@@1M" ::/EFI/BASALT/BOOT.INI >"$work/BOOT.INI"

failures=0
expect()
{
    if ! grep -qxF -- "$1" "$work/dump"; then
        echo "FAILED: no line '$1'"
        failures=$((failures + 1))
    fi
}
# Each key's values follow its name line; check them in order, per key.
expect_key()
{
    local key=$1
    shift
    if ! awk -v key="$key" -v want="$*" '
        $0 == key { on = 1; next }
        on && /^ *[^ ]+ = / { got = got (got ? "|" : "") $0; next }
        on { exit }
        END { gsub(/^ +/, "", got); gsub(/\| +/, "|", got); exit got != want }' "$work/dump"; then
        echo "FAILED: values of '$key' are not '$*'"
        failures=$((failures + 1))
    fi
}

expect_key "      hello" "ImagePath = REG_EXPAND_SZ \\SystemRoot\\System32\\drivers\\hello.sys|Type = REG_DWORD 0x00000001|Start = REG_DWORD 0x00000000|ErrorControl = REG_DWORD 0x00000001|Group = REG_SZ Boot Bus|Tag = REG_DWORD 0x00000001"
expect_key "      seh" "ImagePath = REG_EXPAND_SZ \\SystemRoot\\System32\\drivers\\seh.sys|Type = REG_DWORD 0x00000001|Start = REG_DWORD 0x00000003|ErrorControl = REG_DWORD 0x00000003"
expect_key "      kesync" "ImagePath = REG_EXPAND_SZ \\SystemRoot\\System32\\drivers\\kesync.sys|Type = REG_DWORD 0x00000001|Start = REG_DWORD 0x00000000|ErrorControl = REG_DWORD 0x00000001|Group = REG_SZ Extended|Tag = REG_DWORD 0x00000001"
expect_key "      hellodef" "ImagePath = REG_EXPAND_SZ \\SystemRoot\\System32\\drivers\\hellodef.sys|Type = REG_DWORD 0x00000001|Start = REG_DWORD 0x00000000|ErrorControl = REG_DWORD 0x00000001|Group = REG_SZ Boot Bus|Tag = REG_DWORD 0x00000002"
expect "        Boot Bus = REG_BINARY 12 bytes 020000000100000002000000"
expect "        Extended = REG_BINARY 8 bytes 0100000001000000"
expect "        List = REG_MULTI_SZ Boot Bus\\0Extended"
expect "        Multi = REG_MULTI_SZ a\\0b c"
expect "       = REG_QWORD 0x0000000000000010"
expect "    SymbolicLinkValue = REG_LINK \\Registry\\Machine\\SYSTEM\\ControlSet001"
expect "    Current = REG_DWORD 0x00000001"

if grep -qi '^ *driver *=' "$work/BOOT.INI" || ! grep -qx 'kernel=ntoskrnl.exe' "$work/BOOT.INI"; then
    echo "FAILED: BOOT.INI is not kernel, hal and options only:"
    cat "$work/BOOT.INI"
    failures=$((failures + 1))
fi

# --reg with --hive is refused; a bad --start is a usage error.
if "$root/scripts/mkimage" --build "$build" -o "$work/x.img" --hive "$work/SYSTEM" \
    --reg 'A:B=REG_DWORD:1' >/dev/null 2>&1; then
    echo "FAILED: --reg with --hive accepted"
    failures=$((failures + 1))
fi
if "$root/scripts/mkimage" --build "$build" -o "$work/x.img" --driver "$drivers/hello.sys" \
    --start sometimes >/dev/null 2>&1; then
    echo "FAILED: --start sometimes accepted"
    failures=$((failures + 1))
fi
if ((failures > 0)); then
    cat "$work/dump"
    exit 1
fi
echo "ok: mkimage hive"
