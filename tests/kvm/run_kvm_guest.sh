#!/usr/bin/env bash
# Linux KVM runs the project's guest (issue 15): boots Debian's arm64 kernel
# at EL2 with the KVM initramfs on PLATFORM and checks what it prints.
#   run_kvm_guest.sh qemu|vp FIRMWARE_DIR WORK_DIR [VP]
#   run_kvm_guest.sh vp-vcd FIRMWARE_DIR WORK_DIR VP KVM_VCD_CHECK
# vp-vcd also writes WORK_DIR/kvm_guest.vcd, a window of 3 ms from the first
# time PPI 27 (the guest's virtual timer) is pending, and checks it with
# kvm_vcd_check: KVM's list-register writes with HW = 1, pINTID 27, the
# guest's acknowledge and deactivation, and a size bound.
# Exit 0 pass, 1 fail, 77 skip (the Debian images cannot be had).
set -uo pipefail
platform=$1 fw=$2 work=$3 vp=${4:-} vcd_check=${5:-}
vcd_max_bytes=20000 # the window holds ≈ 2.7 KB; the whole run ≈ 94 KB
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
image=$("$src/scripts/boot_images.sh" linux) || exit 77
"$src/scripts/kvm_initramfs.sh" "$fw" "$work/kvm_initramfs_$platform.cpio.gz" || exit $?
append="console=ttyAMA0 panic=-1"
log="$work/kvm_guest_$platform.log"
case "$platform" in
  qemu) cmd=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=2 -cpu cortex-a57 -m 512
             -nographic -net none -no-reboot -kernel "$image" -initrd "$work/kvm_initramfs_$platform.cpio.gz"
             -append "$append") ;;
  vp)   cmd=("$vp" --kernel "$image" --initrd "$work/kvm_initramfs_$platform.cpio.gz" --ram 512M
             --append "$append" --max-time 120s) ;;
  vp-vcd) cmd=("$vp" --kernel "$image" --initrd "$work/kvm_initramfs_$platform.cpio.gz" --ram 512M
             --append "$append" --max-time 120s
             --vcd "$work/kvm_guest.vcd" --vcd-start irq:27 --vcd-stop +3ms) ;;
  *) echo "usage: $0 qemu|vp|vp-vcd FIRMWARE_DIR WORK_DIR [VP [KVM_VCD_CHECK]]" >&2; exit 2 ;;
esac
SECONDS=0
timeout 900 "${cmd[@]}" </dev/null >"$log" 2>&1
status=$?
cat "$log"
echo "# $platform: exit status $status, ${SECONDS} s host"
fail=0
need() { grep -Eq "$1" "$log" || { echo "# MISSING: $1"; fail=1; }; }
need "kvm \[[0-9]+\]: Hyp mode initialized successfully"
need "^ok 1 - periodic: every vtimer tick taken through the list register"
need "^ok 2 - seed case: the edge after a lowered, folded line is delivered"
need "^vmm: guest counted 8 periodic vtimer interrupts, 4/4 edges"
need "^vmm: host \"kvm guest vtimer\" interrupts: .*: match"
need "^init: vmm exit status 0"
need "^ *[0-9]+: +[0-9]+ +GICv2 +27 Level +kvm guest vtimer"
[ "$status" -eq 0 ] || { echo "# $platform exited with $status, not 0 (PSCI SYSTEM_OFF)"; fail=1; }
if [ "$platform" = vp-vcd ]; then
  need "^vp: VCD .*kvm_guest.vcd: from [0-9.]+ ms \(irq:27\) to [0-9.]+ ms"
  "$vcd_check" "$work/kvm_guest.vcd" $vcd_max_bytes || fail=1
fi
exit $fail
