#!/usr/bin/env bash
# The KVM initramfs is the same bytes when built twice (scripts/kvm_initramfs.sh):
# vp is deterministic, so the Linux KVM runs are then repeatable exactly.
#   initramfs_reproducible.sh FIRMWARE_DIR WORK_DIR
# Exit 0 pass, 1 fail, 77 skip (busybox cannot be had).
set -uo pipefail
fw=$1 work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
"$src/scripts/kvm_initramfs.sh" "$fw" "$work/repro_a.cpio.gz" || exit $?
sleep 1.1 # the copies of the second build get other file times
"$src/scripts/kvm_initramfs.sh" "$fw" "$work/repro_b.cpio.gz" || exit $?
if cmp -s "$work/repro_a.cpio.gz" "$work/repro_b.cpio.gz"; then
  echo "initramfs: two builds are byte-identical ($(stat -c %s "$work/repro_a.cpio.gz") bytes)"
  exit 0
fi
echo "initramfs: two builds differ:"; cmp "$work/repro_a.cpio.gz" "$work/repro_b.cpio.gz"
exit 1
