#!/bin/sh
# SPDX-License-Identifier: MIT
# hal.dll must export (or forward) every routine mingw-w64's libhal.a names: a driver linked
# against libhal.a binds to hal.dll by name. Fails naming each routine hal.dll lacks.
# Usage: hal-exports-test.sh NM OBJDUMP LIBHAL.A HAL.DLL
set -eu
nm=$1 objdump=$2 libhal=$3 dll=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined code symbols of the import library's stubs (__imp_ pointers excluded).
"$nm" "$libhal" | awk '$2 == "T" && $3 !~ /^__imp_/ { print $3 }' | sort -u > "$tmp/wanted"
# The export name table: "[ordinal] Name" lines after "[Ordinal/Name Pointer] Table".
"$objdump" -p "$dll" | awk '/\[Ordinal\/Name Pointer\] Table/ { on = 1; next }
    on && /^\t\[ *[0-9]+\] / { print $NF; next } on && !/^\t/ { on = 0 }' | sort -u > "$tmp/exported"

wanted=$(wc -l < "$tmp/wanted")
exported=$(wc -l < "$tmp/exported")
if [ "$wanted" -lt 50 ] || [ "$exported" -eq 0 ]; then
    echo "FAIL: read $wanted names from $libhal and $exported exports from $dll" >&2
    exit 1
fi
missing=$(comm -23 "$tmp/wanted" "$tmp/exported")
if [ -n "$missing" ]; then
    for name in $missing; do
        echo "FAIL: libhal.a names $name, hal.dll does not export it"
    done
    exit 1
fi
echo "PASS: hal.dll exports all $wanted routines libhal.a names ($exported exports)"
