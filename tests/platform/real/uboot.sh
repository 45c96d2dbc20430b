#!/usr/bin/env bash
# Debian's U-Boot for QEMU (u-boot-qemu, qemu_arm64/u-boot.bin) on vp with
# --bios, as on `qemu-system-aarch64 -M virt -bios`: it must reach its prompt
# and answer a scripted session typed on the PL011 (a key to stop autoboot,
# `version`, `poweroff`), and PSCI SYSTEM_OFF must end vp with status 0.
# Usage: uboot.sh VP BOOT_IMAGES_SCRIPT. Exit 77 (skip) when the package
# cannot be had.
set -uo pipefail
vp=$1 images=$2
uboot=$("$images" u-boot) || exit $?
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '\rversion\rpoweroff\r' | timeout 300 "$vp" --bios "$uboot" --max-time 20s >"$out" 2>&1
rc=$?
cat "$out"
fail() { echo "FAIL: $*"; exit 1; }
[ $rc -eq 0 ] || fail "exit status $rc, expected 0 (PSCI SYSTEM_OFF)"
grep -q '^DRAM:  128 MiB' "$out" || fail "U-Boot did not size the RAM from vp's DTB"
grep -q '^=> version' "$out" || fail "no prompt echoing 'version'"
grep -Eq '^U-Boot 20[0-9]{2}\.[0-9]{2}.*\(.*\)' "$out" || fail "no version banner"
grep -q 'aarch64-linux-gnu-gcc' "$out" || fail "'version' did not print the toolchain"
grep -q '^=> poweroff' "$out" || fail "no prompt echoing 'poweroff'"
grep -q '^poweroff \.\.\.' "$out" || fail "poweroff did not run"
echo "PASS"
