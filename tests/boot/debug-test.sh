#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/debug end to end, without a terminal. Boots the default image under gdb, lets
# basalt-modules load the driver symbols, stops in hello.sys's DriverEntry and checks the stop,
# the backtrace into the kernel and a symbol lookup; picks up an image loaded at run time;
# then boots crash.sys and checks that a
# backtrace from the bugcheck crosses the trap frame back into the faulting driver.
# Usage: tests/boot/debug-test.sh [BUILD_DIR]     (default: build; needs BUILD_DIR/basalt.img)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd) || exit 1
image=$build/basalt.img
[[ -f $image ]] || { echo "debug-test: no image $image: build the image target first"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

pass()
{
    echo "PASS: $1"
    passed=$((passed + 1))
}

fail()
{
    echo "FAIL: $1"
    failed=$((failed + 1))
}

# check DESCRIPTION EXTENDED_REGEX FILE: some line of FILE matches.
check()
{
    if grep -Eq -- "$2" "$3"; then
        pass "$1"
    else
        fail "$1 (no line matching: $2)"
    fi
}

# debug NAME IMAGE: run scripts/debug in batch mode with the gdb commands on standard input;
# leaves gdb's output in $work/NAME.out, the serial log in $work/NAME.log and the backtrace
# lines in $work/NAME.bt.
debug()
{
    local name=$1 image=$2 status
    cat >"$work/$name.gdb"
    BASALT_BUILD=$build timeout -k 10 120 "$root/scripts/debug" --image "$image" \
        --log "$work/$name.log" --batch "$work/$name.gdb" >"$work/$name.out" 2>&1
    status=$?
    echo "---- $name: scripts/debug output (exit status $status)"
    cat "$work/$name.out"
    echo "----"
    if ((status == 0)); then
        pass "$name: gdb exited with status 0"
    else
        fail "$name: gdb exited with status $status (124 or 137: timed out)"
    fi
    grep -E '^#[0-9]+ ' "$work/$name.out" >"$work/$name.bt"
}

# hello.c's DriverEntry: boot drivers load in Services order, not hello.sys first.
debug hello "$image" <<'COMMANDS'
break hello.c:DriverEntry
continue
bt
info symbol $pc
print *RegistryPath
COMMANDS
out=$work/hello.out bt=$work/hello.bt
check "hello: gdb stopped on KiSystemStartup" \
    '^Temporary breakpoint 1, KiSystemStartup \(LoaderBlock=0x' "$out"
check "hello: basalt-modules added hal.dll at its relocated base" \
    '^hal\.dll +0x[0-9a-f]+ 0x[0-9a-f]+ +added .*/hal\.dll -o -?0x[0-9a-f]+$' "$out"
check "hello: basalt-modules added hello.sys" \
    '^hello\.sys +0x[0-9a-f]+ 0x[0-9a-f]+ +added .*/hello\.sys -o -?0x[0-9a-f]+$' "$out"
check "hello: the breakpoint stopped in DriverEntry, in hello.c" \
    '^Breakpoint 2(\.[0-9]+)?, DriverEntry \(DriverObject=(DriverObject@entry=)?0x.* at .*/hello/hello\.c:[0-9]+$' "$out"
check "hello: info symbol places \$pc in hello.sys's DriverEntry" \
    '^DriverEntry in section \.text of .*/hello\.sys$' "$out"
check "hello: the registry path prints as a counted string" \
    '^\$1 = L".*\\\\Services\\\\hello" = \{Length = [0-9]+, MaximumLength = [0-9]+\}$' "$out"
check "hello: backtrace frame #0 is DriverEntry in hello.c" \
    '^#0 +DriverEntry \(.* at .*/hello\.c:' "$bt"
check "hello: backtrace goes through the boot-driver loop (iobootdrv.c)" \
    '^#[1-9][0-9]* .*(IopInitializeBootDriver|IoInitializeBootDrivers) \(.* at .*/iobootdrv\.c:' \
    "$bt"
check "hello: backtrace reaches the start of the phase-1 thread (init.c, kethread.c)" \
    '^#[0-9]+ .* in KiThreadStartup \(\) at .*/kethread\.c:' "$bt"
check "hello: the serial log was written (kernel banner)" '^Basalt NT kernel' "$work/hello.log"

# A module the self-tests load at run time (ldrexport.sys, from System32\drivers) is on the
# kernel's list when MmUnloadSystemImage is first called; basalt-modules must find it there.
debug runtime "$image" <<'COMMANDS'
break MmUnloadSystemImage
continue
basalt-modules
info line LdrExportAdd
COMMANDS
out=$work/runtime.out
check "runtime: stopped in MmUnloadSystemImage" '^Breakpoint 2, MmUnloadSystemImage \(' "$out"
check "runtime: basalt-modules added ldrexport.sys, loaded at run time" \
    '^ldrexport\.sys +0x[0-9a-f]+ 0x[0-9a-f]+ +added .*/ldrexport\.sys -o -?0x[0-9a-f]+$' "$out"
check "runtime: its symbols resolve to its source" '^Line [0-9]+ of ".*/ldrexport\.c"' "$out"

if "$root/scripts/mkimage" --build "$build" -o "$work/crash.img" \
    --driver "$build/nt/drivers/crash.sys" >"$work/mkimage.out" 2>&1; then
    debug crash "$work/crash.img" <<'COMMANDS'
break KiBugCheckWithTrapFrame
continue
bt
COMMANDS
    bt=$work/crash.bt
    check "crash: the page fault reached KiBugCheckWithTrapFrame" \
        '^#0 +KiBugCheckWithTrapFrame \(Code=(Code@entry=)?80,' "$bt"
    check "crash: backtrace crosses the trap frame (KiTrapCommon) into crash.sys's DriverEntry" \
        '^#[0-9]+ .* in DriverEntry \(.* at .*/crash\.c:' "$bt"
    check "crash: and on to the thread's start, KiThreadStartup" '^#[0-9]+ .* in KiThreadStartup \(' "$bt"
else
    cat "$work/mkimage.out"
    fail "crash: scripts/mkimage could not build an image with crash.sys"
fi

echo "debug-test: $passed passed, $failed failed"
((failed == 0))
