#!/bin/sh
# SPDX-License-Identifier: MIT
# ntoskrnl.exe must export every routine in LIST (ntoskrnl-exports.txt: what drivers commonly
# import). Each name must also be in mingw-w64's libntoskrnl.a, so the list only names real
# NT exports a driver can link against. Fails naming each routine that is missing.
# Usage: ntoskrnl-exports-test.sh NM OBJDUMP LIBNTOSKRNL.A NTOSKRNL.EXE LIST
set -eu
nm=$1 objdump=$2 lib=$3 image=$4 list=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$' | LC_ALL=C sort -u > "$tmp/wanted"
"$nm" "$lib" | awk '$2 == "T" && $3 !~ /^__imp_/ { print $3 }' | LC_ALL=C sort -u > "$tmp/library"
"$objdump" -p "$image" | awk '/\[Ordinal\/Name Pointer\] Table/ { on = 1; next }
    on && /^\t\[ *[0-9]+\] / { print $NF; next } on && !/^\t/ { on = 0 }' |
    LC_ALL=C sort -u > "$tmp/exported"

wanted=$(wc -l < "$tmp/wanted")
exported=$(wc -l < "$tmp/exported")
if [ "$wanted" -lt 100 ] || [ "$exported" -eq 0 ]; then
    echo "FAIL: read $wanted names from $list and $exported exports from $image" >&2
    exit 1
fi
status=0
for name in $(LC_ALL=C comm -23 "$tmp/wanted" "$tmp/library"); do
    echo "FAIL: $name is listed but libntoskrnl.a does not name it"
    status=1
done
for name in $(LC_ALL=C comm -23 "$tmp/wanted" "$tmp/exported"); do
    echo "FAIL: drivers import $name, ntoskrnl.exe does not export it"
    status=1
done
[ "$status" -eq 0 ] && echo "PASS: ntoskrnl.exe exports all $wanted listed routines ($exported exports)"
exit "$status"
