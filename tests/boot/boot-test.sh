#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Headless boot tests: build an image for one scenario, boot it under QEMU + OVMF with the
# serial log captured, and check what the loader and kernel printed and the guest's verdict.
# Usage: tests/boot/boot-test.sh SCENARIO [BUILD_DIR]     (scenarios: see the case below)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/lib/common.sh"
. "$root/scripts/lib/qemu.sh"

scenario=${1:?scenario}
BASALT_BUILD=$(cd "${2:-$root/build}" && pwd)
drivers=$BASALT_BUILD/nt/drivers
work=$(mktemp -d)
trap 'kill "$qemu_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
qemu_pid=""
log=$work/serial.log
failures=0
keep_running=0
debug_exit=1
mem=256

# A real machine has no isa-debug-exit device: remove it from QEMU_ARGS.
drop_debug_exit()
{
    local i
    for i in "${!QEMU_ARGS[@]}"; do
        if [[ ${QEMU_ARGS[i]} == isa-debug-exit* ]]; then
            unset 'QEMU_ARGS[i]' 'QEMU_ARGS[i-1]'
        fi
    done
    QEMU_ARGS=("${QEMU_ARGS[@]}")
}

# Values the Cm self-tests look for in the SYSTEM hive (ntos/test/cmtest.c); keep in step
# with efi-image/CMakeLists.txt.
REG_SELFTEST=(--reg 'Basalt\SelfTest:Dword=REG_DWORD:0x12345678'
    --reg 'Basalt\SelfTest:Qword=REG_QWORD:0x1122334455667788'
    --reg 'Basalt\SelfTest:Sz=REG_SZ:hello registry'
    --reg 'Basalt\SelfTest:Expand=REG_EXPAND_SZ:%SystemRoot%\x'
    --reg 'Basalt\SelfTest:Multi=REG_MULTI_SZ:one\0two'
    --reg 'Basalt\SelfTest:Binary=REG_BINARY:deadbeef01')

# The file names of the drivers that mkimage arguments name with --driver, one per line.
named_drivers()
{
    local previous='' arg
    for arg in "$@"; do
        [[ $previous == --driver ]] && basename -- "$arg"
        previous=$arg
    done
    return 0
}

# test_driver_args [--bare] MKIMAGE_ARGS...: sets $test_drivers to the test drivers' mkimage
# arguments (basalt_test_drivers) less those MKIMAGE_ARGS name themselves, and $image_args to
# MKIMAGE_ARGS. --bare leaves the test drivers out: for scenarios that stop before the
# self-tests (the loader gives up, a driver bugchecks) or boot their own drivers only.
test_driver_args()
{
    local -a named
    test_drivers=()
    if [[ ${1:-} == --bare ]]; then
        shift
    else
        mapfile -t named < <(named_drivers "$@")
        mapfile -t test_drivers < <(basalt_test_drivers "$BASALT_BUILD" "${named[@]}")
    fi
    image_args=("$@")
}

# make_image [--bare] MKIMAGE_ARGS...: the test image, with what the self-tests need (the
# run-time load files and Services keys, the Cm values) and the test drivers.
make_image()
{
    local -a ldr_files test_drivers image_args
    mapfile -t ldr_files < <(basalt_ldr_test_files "$BASALT_BUILD")
    test_driver_args "$@"
    "$root/scripts/mkimage" --build "$BASALT_BUILD" -o "$work/test.img" "${ldr_files[@]}" \
        "${test_drivers[@]}" "${REG_SELFTEST[@]}" "${image_args[@]}" >/dev/null
}

# make_image without the self-test values and Services keys (for --hive). A ready-made hive has
# no Services keys for the test drivers: whether they load then is the loader's choice, so
# the scenarios using it do not count their cases (the closing line counts any that run).
make_image_plain()
{
    local -a ldr_files test_drivers image_args
    mapfile -t ldr_files < <(basalt_ldr_test_files "$BASALT_BUILD" --files-only)
    test_driver_args "$@"
    "$root/scripts/mkimage" --build "$BASALT_BUILD" -o "$work/test.img" "${ldr_files[@]}" \
        "${test_drivers[@]}" "${image_args[@]}" >/dev/null
}

# boot SMP SECONDS [UNTIL_REGEX]: boot $work/test.img; stop when QEMU exits, when the serial
# log matches UNTIL_REGEX, or after SECONDS. Sets $status to QEMU's exit status or "killed".
boot()
{
    local smp=$1 seconds=$2 until=${3:-} deadline
    basalt_ovmf_vars "$work/vars.fd"
    basalt_qemu_args "$work/test.img" "$work/vars.fd" "$smp" "$mem"
    ((debug_exit)) || drop_debug_exit
    qemu-system-x86_64 "${QEMU_ARGS[@]}" -display none -serial "file:$log" \
        -monitor "unix:$work/monitor.sock,server,nowait" </dev/null &
    qemu_pid=$!
    deadline=$((SECONDS + seconds))
    status=killed
    while ((SECONDS < deadline)); do
        if ! kill -0 "$qemu_pid" 2>/dev/null; then
            set +e
            wait "$qemu_pid"
            status=$?
            set -e
            qemu_pid=""
            break
        fi
        if [[ -n $until ]] && grep -qE "$until" "$log" 2>/dev/null; then
            sleep 0.2
            break
        fi
        sleep 0.2
    done
    [[ -n $qemu_pid ]] && ((keep_running)) && return 0
    stop_qemu
    show_log
}

stop_qemu()
{
    [[ -n $qemu_pid ]] && { kill "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; }
    qemu_pid=""
}

show_log()
{
    tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' >"$work/clean.log"
    echo "--- serial log ($scenario) ---"
    cat "$work/clean.log"
    echo "--- end of serial log (QEMU status: $status) ---"
}

# screen_colors: dump the guest screen through the QEMU monitor and print the colour of the
# top-left pixel and whether any white (text) pixel is present, as "RRGGBB white|nowhite".
screen_colors()
{
    python3 - "$work/monitor.sock" "$work/screen.ppm" <<'PY'
import socket, sys, time
sock, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX)
s.connect(sock)
time.sleep(0.3)
s.recv(65536)
s.sendall(("screendump %s\n" % out).encode())
for _ in range(50):
    time.sleep(0.2)
    try:
        data = open(out, "rb").read()
        magic, dims, maxval, pixels = data.split(b"\n", 3)
        w, h = map(int, dims.split())
        if len(pixels) >= w * h * 3:
            break
    except (OSError, ValueError):
        continue
print("%02X%02X%02X" % tuple(pixels[0:3]),
      "white" if b"\xff\xff\xff" in pixels else "nowhite")
PY
}

check()
{
    local what=$1
    shift
    if "$@"; then
        echo "ok: $what"
    else
        echo "FAILED: $what"
        failures=$((failures + 1))
    fi
}

has() { grep -qE -- "$1" "$work/clean.log"; }
lacks() { ! grep -qE -- "$1" "$work/clean.log"; }
status_is() { [[ $status == "$1" ]]; }
# at_least N REGEX: the log has N or more lines matching REGEX.
at_least() { (($(grep -cE -- "$2" "$work/clean.log") >= $1)); }

# The cases of each test driver the Drivers self-test suite runs (drivers/test/include/kttest.h):
# \Device\KtTest<Name> and the least number of passed lines it must give.
DRIVER_CASES=(Io:12 IoFilter:5 Seh:14 Kesync:25 Exprims:6 Mmphys:4 Edu:7)

# check_driver_cases [WHERE]: every test driver reported all its cases, and none failed (the
# closing line counts them too; this names the driver).
check_driver_cases()
{
    local entry name
    for entry in "${DRIVER_CASES[@]}"; do
        name=${entry%%:*}
        check "KtTest$name cases passed${1:+ $1}" at_least "${entry#*:}" "^\[ OK \] Drivers: KtTest$name: "
    done
    check "the filter driver loaded and unloaded at run time${1:+ $1}" at_least 2 "^\[ OK \] Drivers: iofilter: "
    check "no driver case failed" lacks "^\[FAIL\] Drivers: "
}

case $scenario in
    selftest-smp1)
        make_image --option /SOS --option /SELFTEST
        boot 1 120
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "banner" has "^Basalt NT kernel "
        check "module list" has "^  hal\.dll +base FFFFF8"
        check "driver DbgPrint with %wZ and %p" has '^\\Driver\\hello: DriverEntry\(FFFFF8[0-9A-F]+, \\Registry\\Machine\\System\\CurrentControlSet\\Services\\hello\)$'
        check "driver bound Ke/Hal time, counter and spin lock routines" has '^\\Driver\\hello: 20[2-9][0-9]-[01][0-9]-[0-3][0-9], performance counter [0-9]+ at [1-9][0-9]+ Hz, IRQL 2 under a spin lock$'
        check "driver bound HalMakeBeep through mingw-w64's libhal.a" has '^\\Driver\\hello: HalMakeBeep\(0\) silenced the speaker: yes$'
        check "driver linked against our import libraries ran" has '^\\Driver\\hellodef: DriverEntry\('
        check "boot driver reinitialisation ran after the boot drivers" has '^\\Driver\\hello: boot reinitialisation, call 1$'
        check "driver reinitialisation ran after the system-start drivers" has '^\\Driver\\hello: driver reinitialisation, call 2$'
        check "a boot driver's image freed on unload" has '^Mm: boot image hello\.sys unloaded, [0-9]+ KiB freed$'
        check "both drivers started" has "^Io: hellodef\.sys DriverEntry returned 0x00000000$"
        check "run-time load names a missing import" has '^Mm: ldrnoname\.sys: import ldrexport\.sys!LdrExportNoSuchRoutine: .* \(status 0xC0000263\)$'
        check "run-time load names a missing ordinal" has '^Mm: ldrnoord\.sys: import ldrexport\.sys!#77: .* \(status 0xC0000262\)$'
        check "run-time load names a corrupt image" has '^Mm: ldrtrunc\.sys: .* \(status 0xC000007B\)$'
        check_driver_cases
        check "self-test lines" has "^\[ OK \] Ldr: "
        check "the Io load tests found their services" lacks "^Io load: no svcload service"
        check "the Beep tests found \\Device\\Beep" lacks "^Beep: no "
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        ;;
    selftest-smp4)
        make_image --option /SELFTEST
        boot 4 150
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "HAL found the four processors" has "MADT: 4 processor\(s\) enabled"
        check "the last application processor started" has "^HAL: processor 3 \(APIC ID 3\) running$"
        check "the kernel runs on all four" has "^Ke: 4 processor\(s\) running$"
        check_driver_cases "on four processors"
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        ;;
    stress)
        make_image --option /SELFTEST --option /STRESS
        boot 4 240
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "the stress test ran and passed" has "^\\[ OK \\] Stress: "
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        check_driver_cases
        ;;
    timezone)
        make_image --option /SELFTEST --option /TIMEZONEBIAS=-120
        boot 1 120
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "the bias is announced" has "^Ex: time-zone bias -120 minutes$"
        check "local time test saw the bias" has "^\\[ OK \\] Ex time: local time follows"
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        check_driver_cases
        ;;
    numproc)
        make_image --option /SELFTEST --option /NUMPROC=2
        boot 4 150
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "two of the four processors run" has "^Ke: 2 processor\(s\) running$"
        check "no third processor started" lacks "^HAL: processor 2 "
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        check_driver_cases
        ;;
    mem-128 | mem-2048)
        # Nothing in Mm may assume a memory size: the PFN database, the zeroed-page target
        # and the self-tests' windows follow what the firmware reports.
        mem=${scenario#mem-}
        make_image --option /SELFTEST
        boot 2 180
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        ram_kib=$(sed -n 's/^Mm: \([0-9]*\) KiB of RAM .*/\1/p' "$work/clean.log")
        check "Mm counted the RAM QEMU was given (${ram_kib:-no} KiB of $mem MiB)" \
            test "${ram_kib:-0}" -gt $((mem * 1024 * 9 / 10)) -a "${ram_kib:-0}" -le $((mem * 1024))
        check "the PFN database is at NT's address" has "PFN database at FFFFFA8000000000"
        check "loader memory reclaimed" has "^Mm: reclaimed [1-9][0-9]* KiB of loader"
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        check_driver_cases
        ;;
    corrupt-hive)
        # A hive whose base block fails its checksum: rejected whole, the boot goes on.
        "$BASALT_BUILD/tools/mkhive" -o "$work/SYSTEM" --root SYSTEM --system
        printf 'X' | dd of="$work/SYSTEM" bs=1 seek=48 conv=notrunc status=none
        # The loader reads no boot drivers from it either, so the self-tests that want one
        # (Io's boot-driver tests, Ldr's module list) are the only ones to fail.
        make_image_plain --hive "$work/SYSTEM" --option /SELFTEST
        boot 1 120
        check "loader rejects the hive: no boot drivers" has "^Basalt loader: SYSTEM hive: base block checksum mismatch; no boot drivers$"
        check "hive rejected with the reason" has "^Cm: SYSTEM hive rejected \(base block checksum mismatch\)"
        check "boot went on to the self-tests" has "^[0-9]+ passed, [0-9]+ failed$"
        check "only the tests that want a boot driver failed" test "$(grep '^\[FAIL\]' "$work/clean.log" | grep -vcE '^\[FAIL\] (Io: (boot drivers ran|hello\.sys)|Ldr: every module is in the loaded-module list)')" -eq 0
        check "guest verdict: failure (no boot driver)" status_is "$BASALT_EXIT_FAILED"
        ;;
    corrupt-hive-cell)
        # One bad value cell (Select\Broken's vk signature): that value is skipped, named.
        # hello's Services key makes it the loader's boot driver.
        "$BASALT_BUILD/tools/mkhive" -o "$work/SYSTEM" --root SYSTEM --system \
            --value 'Select:Broken=REG_DWORD:7' \
            --value 'ControlSet001\Services\hello:ImagePath=REG_EXPAND_SZ:\SystemRoot\System32\drivers\hello.sys' \
            --value 'ControlSet001\Services\hello:Type=REG_DWORD:1' \
            --value 'ControlSet001\Services\hello:Start=REG_DWORD:0'
        offset=$(grep -obUa 'Broken' "$work/SYSTEM" | head -1 | cut -d: -f1)
        printf 'X' | dd of="$work/SYSTEM" bs=1 seek=$((offset - 0x14)) conv=notrunc status=none
        make_image_plain --hive "$work/SYSTEM" --option /SELFTEST
        boot 1 120
        check "the loader reads past the bad cell" has "^Basalt loader: boot drivers of ControlSet001: hello\.sys$"
        check "bad value named and skipped" has '^Cm: SYSTEM hive: value 4 \(cell 0x[0-9A-F]+\) of \\REGISTRY\\MACHINE\\SYSTEM\\Select skipped: bad value node$'
        check "the rest of the hive loaded" has "^Cm: SYSTEM hive loaded: [0-9]+ keys, [0-9]+ bytes, with corrupt cells skipped$"
        check "boot went on to all passed" status_is "$BASALT_EXIT_PASSED"
        ;;
    poweroff)
        make_image --option /SELFTEST
        debug_exit=0
        boot 1 120
        check "QEMU powered off cleanly" status_is 0
        check "self-tests ran first" has "^[0-9]+ passed, 0 failed$"
        check "HAL entered ACPI S5" has "^HAL: powering off \(ACPI S5"
        check_driver_cases
        ;;
    corrupt-hal)
        cp "$BASALT_BUILD/nt/hal/hal.dll" "$work/hal.dll"
        printf 'XX' | dd of="$work/hal.dll" bs=1 seek=$((0x80)) conv=notrunc status=none
        make_image --bare --hal "$work/hal.dll" --option /SELFTEST
        boot 1 60 "boot aborted"
        check "loader names the file and the reason" has 'Basalt loader: error: \\EFI\\BASALT\\hal\.dll: .*signature'
        check "loader gives up instead of jumping" has "boot aborted; returning to firmware"
        check "kernel never started" lacks "^Basalt NT kernel"
        ;;
    truncated-kernel)
        head -c 700 "$BASALT_BUILD/nt/ntos/ntoskrnl.exe" >"$work/ntoskrnl.exe"
        make_image --bare --kernel "$work/ntoskrnl.exe" --option /SELFTEST
        boot 1 60 "boot aborted"
        check "loader reports the truncated kernel" has 'error: \\EFI\\BASALT\\ntoskrnl\.exe: '
        check "loader gives up" has "boot aborted"
        ;;
    bad-config)
        make_image --bare --option /SELFTEST --option /NOSUCHSWITCH
        boot 1 60 "boot aborted"
        check "loader names the line, the switch and the reason" has "BOOT.INI line [0-9]+: unknown or malformed switch /NOSUCHSWITCH"
        check "kernel never started" lacks "^Basalt NT kernel"
        ;;
    boot-ini-driver)
        # Boot drivers come from the SYSTEM hive only: a driver= line is an error.
        make_image --option /SELFTEST
        mtype -i "$work/test.img@@1M" ::/EFI/BASALT/BOOT.INI | sed '3a driver=hello.sys' >"$work/BOOT.INI"
        mcopy -o -i "$work/test.img@@1M" "$work/BOOT.INI" ::/EFI/BASALT/BOOT.INI
        boot 1 60 "boot aborted"
        check "loader names the driver= line and where boot drivers come from" has "BOOT\.INI line 4: driver= is not read: boot drivers come from the SYSTEM hive's Services keys"
        check "kernel never started" lacks "^Basalt NT kernel"
        ;;
    bad-driver)
        # Boot-start services the loader must report and skip: a missing import, a truncated
        # image, a deleted file, an ImagePath naming no file and one naming a subdirectory of
        # System32\drivers. hellosvc loads a copy of hellodef.sys under its own service name; svcload
        # (Start 3) is left to ZwLoadDriver. (The Cm self-test wants every ImagePath under
        # \SystemRoot\System32\drivers, Type 1.)
        head -c 1000 "$drivers/hello.sys" >"$work/broken.sys"
        svc='ControlSet001\Services'
        cp "$drivers/hellodef.sys" "$work/hellocopy.sys"
        make_image --driver "$drivers/badimport.sys" \
            --driver "$work/broken.sys" --driver "$drivers/crash.sys" \
            --file "$work/hellocopy.sys=EFI/BASALT/System32/drivers/" \
            --reg "$svc\hellosvc:ImagePath=REG_EXPAND_SZ:\SystemRoot\System32\drivers\hellocopy.sys" \
            --reg "$svc\hellosvc:Start=REG_DWORD:0" --reg "$svc\hellosvc:Type=REG_DWORD:1" \
            --reg "$svc\ghost:ImagePath=REG_EXPAND_SZ:\SystemRoot\System32\drivers\nosuch.sys" \
            --reg "$svc\ghost:Start=REG_DWORD:0" --reg "$svc\ghost:Type=REG_DWORD:1" \
            --reg "$svc\faraway:ImagePath=REG_EXPAND_SZ:\SystemRoot\System32\drivers\far\away.sys" \
            --reg "$svc\faraway:Start=REG_DWORD:0" --reg "$svc\faraway:Type=REG_DWORD:1" \
            --option /SELFTEST
        mdel -i "$work/test.img@@1M" ::/EFI/BASALT/System32/drivers/crash.sys
        boot 1 120
        check "loader lists the boot-start services in name order" test "$(grep '^Basalt loader: boot drivers of ControlSet001:' "$work/clean.log" | grep -oE ' (badimport\.sys|broken\.sys|crash\.sys|faraway|nosuch\.sys|hello\.sys|hellodef\.sys|hellocopy\.sys)' | tr -d '\n')" = " badimport.sys broken.sys crash.sys faraway nosuch.sys hello.sys hellodef.sys hellocopy.sys"
        check "a demand-start service is not a boot driver" lacks "^Basalt loader: boot drivers of .*svcload"
        check "unresolvable import named" has "badimport\.sys: import ntoskrnl\.exe!BasaltNoSuchRoutine: "
        check "truncated driver named" has 'error: \\EFI\\BASALT\\System32\\drivers\\broken\.sys: '
        check "missing driver named" has 'error: \\EFI\\BASALT\\System32\\drivers\\crash\.sys: cannot open'
        check "missing driver skipped with its service" has "skipping boot driver crash\.sys \(service crash\)"
        check "ImagePath naming a missing file reported and skipped" has "skipping boot driver nosuch\.sys \(service ghost\)"
        check "ImagePath into a subdirectory reported" has 'error: boot driver service faraway: the file name is not 1-63 characters of .* \(ImagePath \\SystemRoot\\System32\\drivers\\far\\away\.sys\)'
        check "non-critical drivers skipped" has "skipping boot driver badimport\.sys"
        check "the boot went on past it" has "^Basalt loader: skipping boot driver service faraway$"
        check "a boot driver gets its service's name and key, not its file's" has '^\\Driver\\hellosvc: DriverEntry\(FFFFF8[0-9A-F]+, \\Registry\\Machine\\System\\CurrentControlSet\\Services\\hellosvc\)$'
        check "boot went on to all passed" status_is "$BASALT_EXIT_PASSED"
        check_driver_cases
        ;;
    system-start)
        # Drivers the kernel starts from their Services keys, in group and tag order, and
        # ones it must report and skip: a missing import and a corrupt image.
        # Boot-start ones the loader orders by the same rules: null.sys is given first, but
        # its group is listed after seh.sys's in ServiceGroupOrder\List.
        head -c 1000 "$drivers/hello.sys" >"$work/broken.sys"
        make_image --driver "$drivers/hellodef.sys" --start system --group "Basalt Test" \
            --driver "$drivers/hello.sys" --start system --group "Basalt Test" \
            --driver "$drivers/beep.sys" --start system \
            --driver "$drivers/badimport.sys" --start system \
            --driver "$work/broken.sys" --start system \
            --driver "$drivers/null.sys" --group "Basalt Late" \
            --driver "$drivers/seh.sys" --group "Basalt Early" \
            --reg 'ControlSet001\Control\ServiceGroupOrder:List=REG_MULTI_SZ:Basalt Early\0Basalt Test\0Basalt Late' \
            --option /SELFTEST
        boot 1 120
        check "loader orders boot drivers by group" test "$(grep '^Basalt loader: boot drivers of ' "$work/clean.log" | grep -oE '\b(seh|null)\.sys' | tr '\n' ' ')" = "seh.sys null.sys "
        check "their DriverEntry ran in that order" test "$(grep -oE '^Io: (seh|null)\.sys DriverEntry' "$work/clean.log" | tr '\n' ' ')" = "Io: seh.sys DriverEntry Io: null.sys DriverEntry "
        check "system-start drivers are not the loader's" lacks "^Basalt loader: boot drivers of .*hello"
        check "guest verdict: all passed" status_is "$BASALT_EXIT_PASSED"
        check "a system-start driver ran with its Services key" has '^\\Driver\\hellodef: DriverEntry\(FFFFF8[0-9A-F]+, \\Registry\\Machine\\System\\CurrentControlSet\\Services\\hellodef\)$'
        check "group order follows the tags" test "$(grep -o '^Io: hello[a-z]* DriverEntry' "$work/clean.log" | tr '\n' ' ')" = "Io: hellodef DriverEntry Io: hello DriverEntry "
        check "beep.sys made \\Device\\Beep" has "^Io: beep DriverEntry returned 0x00000000$"
        check "missing import named, driver skipped" has '^Mm: badimport\.sys: import ntoskrnl\.exe!BasaltNoSuchRoutine: .*\(status 0xC0000263\)$'
        check "its status reported" has '^Io: badimport DriverEntry returned 0xC0000263$'
        check "corrupt image reported and skipped" has '^Io: broken DriverEntry returned 0xC000007B$'
        check "closing line" has "^[0-9]+ passed, 0 failed$"
        check_driver_cases
        ;;
    first-driver)
        # README's "Write your first driver": its source and build command, as written there.
        awk '/^## Write your first driver/{on=1} on&&/^```c$/{c=1;next} c&&/^```$/{exit} c{print}' \
            "$root/README.md" >"$work/mydrv.c"
        (cd "$work" && bash -c "$(awk '/^## Write your first driver/{on=1} on&&/^```sh$/{s=1;next} s&&/^```$/{exit} s{print}' "$root/README.md")")
        make_image --bare --driver "$work/mydrv.sys" --start system --option /SOS
        boot 1 120 "^mydrv: hello from "
        check "the driver built from the README said hello" has '^mydrv: hello from \\Driver\\mydrv, started from \\Registry\\Machine\\System\\CurrentControlSet\\Services\\mydrv$'
        ;;
    critical-driver)
        make_image --bare --driver "$drivers/badimport.sys" --critical --option /SELFTEST
        boot 1 60 "boot aborted"
        check "the failure is named" has "badimport\.sys: import ntoskrnl\.exe!BasaltNoSuchRoutine: "
        check "ErrorControl 3: not skipped" lacks "skipping boot driver badimport"
        check "critical driver failure aborts the boot" has "boot aborted"
        check "kernel never started" lacks "^Basalt NT kernel"
        ;;
    bugcheck)
        make_image --bare --driver "$drivers/crash.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code and parameters" has "^\*\*\* STOP: 0x00000050 \(0xFFFFF7FFDEAD0000,0x0000000000000000,0xFFFFF8[0-9A-F]+,"
        check "stop code name" has "^PAGE_FAULT_IN_NONPAGED_AREA$"
        check "faulting address in the driver" has "^\*\*\* Faulting address: FFFFF8[0-9A-F]+ crash\.sys\+0x"
        check "stack trace through the driver" has "^  #1  FFFFF8[0-9A-F]+ crash\.sys\+0x"
        check "stack trace back into the kernel" has "^  #[2-9] +FFFFF8[0-9A-F]+ ntoskrnl\.exe\+0x"
        ;;
    bugcheck-smp)
        make_image --bare --driver "$drivers/crash.sys" --option /SELFTEST
        boot 4 120
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "four processors ran" has "^Ke: 4 processor\\(s\\) running$"
        check "stop code" has "^\\*\\*\\* STOP: 0x00000050 "
        check "the other three were stopped" has "^3 of 3 other processor\\(s\\) stopped$"
        check "bugcheck reached the halt" has "^System halted\\.$"
        ;;
    spinlock-recursion)
        make_image --bare --driver "$drivers/spinrecurse.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code, lock address" has "^\*\*\* STOP: 0x0000000F \(0xFFFFF8[0-9A-F]+,"
        check "stop code name" has "^SPIN_LOCK_ALREADY_OWNED$"
        check "raised from the driver's call" has "^  #[0-9] +FFFFF8[0-9A-F]+ spinrecurse\.sys\+0x"
        ;;
    wait-at-dispatch)
        make_image --bare --driver "$drivers/waitirql.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code" has "^\\*\\*\\* STOP: 0x0000000A \\("
        check "stop code name" has "^IRQL_NOT_LESS_OR_EQUAL$"
        check "trace reaches the driver" has "^  #[0-9]+ +FFFFF8[0-9A-F]+ waitirql\\.sys\\+0x"
        check "the wait never returned" lacks "the wait returned"
        ;;
    pool-double-free)
        make_image --bare --driver "$drivers/pooldouble.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: double free" has "^\*\*\* STOP: 0x000000C2 \(0x0000000000000007,"
        check "stop code name" has "^BAD_POOL_CALLER$"
        check "trace reaches the driver" has "^  #[0-9] +FFFFF8[0-9A-F]+ pooldouble\.sys\+0x"
        check "the tag is named" has "^\*\*\* Pool tag: Ddbl \(block already free\)$"
        ;;
    pool-wrong-tag)
        make_image --bare --driver "$drivers/poolwrongtag.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: wrong tag, both tags" has "^\*\*\* STOP: 0x000000C2 \(0x000000000000000A,0xFFFFF88[0-9A-F]+,0x0000000067547257,0x0000000072687441\)"
        check "stop code name" has "^BAD_POOL_CALLER$"
        check "both tags named" has "^\*\*\* Pool tag: WrTg, freed as Athr$"
        check "trace reaches the driver" has "^  #[0-9] +FFFFF8[0-9A-F]+ poolwrongtag\.sys\+0x"
        ;;
    pool-not-pool)
        make_image --bare --driver "$drivers/poolnotpool.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: not a pool address" has "^\*\*\* STOP: 0x000000C2 \(0x0000000000000046,0xFFFFF80[0-9A-F]+,"
        check "stop code name" has "^BAD_POOL_CALLER$"
        check "trace reaches the driver" has "^  #[0-9] +FFFFF8[0-9A-F]+ poolnotpool\.sys\+0x"
        ;;
    contiguous-double-free)
        make_image --bare --driver "$drivers/contigdouble.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: bad contiguous free, its address" has "^\*\*\* STOP: 0x000000C2 \(0x0000000000000060,0xFFFFF88[0-9A-F]+,"
        check "stop code name" has "^BAD_POOL_CALLER$"
        check "trace reaches the driver" has "^  #[0-9] +FFFFF8[0-9A-F]+ contigdouble\.sys\+0x"
        ;;
    special-pool-overrun)
        make_image --bare --driver "$drivers/pooloverrun.sys" --option /SELFTEST --option /SPECIALPOOL
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "special pool announced" has "^Mm: special pool on"
        check "the overrun faults at once (a write)" has "^\*\*\* STOP: 0x00000050 \(0xFFFFF88[0-9A-F]+,0x0000000000000001,"
        check "stop code name" has "^PAGE_FAULT_IN_NONPAGED_AREA$"
        check "faulting address in the driver" has "^\*\*\* Faulting address: FFFFF8[0-9A-F]+ pooloverrun\.sys\+0x"
        ;;
    paged-pool-at-dispatch)
        make_image --bare --driver "$drivers/pagedirql.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: paged pool at IRQL 2, a write" has "^\*\*\* STOP: 0x000000D1 \(0xFFFFF8A[0-9A-F]+,0x0000000000000002,0x0000000000000001,0xFFFFF8[0-9A-F]+\)"
        check "stop code name" has "^DRIVER_IRQL_NOT_LESS_OR_EQUAL$"
        check "faulting address in the driver" has "^\*\*\* Faulting address: FFFFF8[0-9A-F]+ pagedirql\.sys\+0x"
        ;;
    kernel-text-write)
        make_image --bare --driver "$drivers/textwrite.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: write to read-only memory" has "^\*\*\* STOP: 0x000000BE \(0xFFFFF800[0-9A-F]+,"
        check "stop code name" has "^ATTEMPTED_WRITE_TO_READONLY_MEMORY$"
        check "faulting address in the driver" has "^\*\*\* Faulting address: FFFFF8[0-9A-F]+ textwrite\.sys\+0x"
        ;;
    bad-kernel-address)
        make_image --bare --driver "$drivers/badaddress.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code: the address, a read" has "^\*\*\* STOP: 0x00000050 \(0xFFFFF8A00FFF0000,0x0000000000000000,0xFFFFF8[0-9A-F]+,"
        check "stop code name" has "^PAGE_FAULT_IN_NONPAGED_AREA$"
        check "faulting module named" has "^\*\*\* Faulting address: FFFFF8[0-9A-F]+ badaddress\.sys\+0x"
        ;;
    unhandled-exception)
        make_image --bare --driver "$drivers/raise.sys" --option /SELFTEST
        boot 1 90
        check "guest verdict: failure" status_is "$BASALT_EXIT_FAILED"
        check "stop code with the raised status" has "^\*\*\* STOP: 0x0000001E \(0x00000000C000009A,"
        check "stop code name" has "^KMODE_EXCEPTION_NOT_HANDLED$"
        check "trace reaches the raising driver" has "^  #[0-9] +FFFFF8[0-9A-F]+ raise\.sys\+0x"
        ;;
    bluescreen)
        make_image --bare --driver "$drivers/crash.sys"
        keep_running=1
        boot 1 90 "^System halted"
        colors=$(screen_colors)
        stop_qemu
        show_log
        echo "screen: $colors"
        check "bugcheck reached the halt" has "^System halted\.$"
        check "screen background is blue" test "${colors% *}" = 0000AA
        check "stop text drawn on the screen" test "${colors#* }" = white
        ;;
    *)
        basalt_die "unknown scenario: $scenario"
        ;;
esac

if ((failures)); then
    echo "$scenario: $failures check(s) failed"
    exit 1
fi
echo "$scenario: all checks passed"
