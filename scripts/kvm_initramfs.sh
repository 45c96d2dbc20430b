#!/usr/bin/env bash
# Builds the initramfs of the KVM demo (issue 15, sw/kvm/README.md):
# Debian's static busybox (arm64), the VMM, the guest image and sw/kvm/init.
#   scripts/kvm_initramfs.sh FIRMWARE_DIR OUT.cpio.gz
# FIRMWARE_DIR is build/sw (it holds kvm/vmm and kvm/guest.bin).
# Exit 77 with one line on stderr when busybox cannot be had (see boot_images.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fw=$1 out=$2
busybox=$("$here/boot_images.sh" busybox)
for f in "$fw/kvm/vmm" "$fw/kvm/guest.bin"; do
  [ -f "$f" ] || { echo "kvm_initramfs: $f missing (build the firmware)" >&2; exit 2; }
done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,proc,sys,dev}
cp "$busybox" "$root/bin/busybox"
for applet in sh mount cat grep sed dmesg uname poweroff echo; do ln -s busybox "$root/bin/$applet"; done
cp "$fw/kvm/vmm" "$root/bin/vmm"
cp "$fw/kvm/guest.bin" "$root/guest.bin"
cp "$here/../sw/kvm/init" "$root/init"
chmod 755 "$root/init" "$root/bin/vmm"
# The same inputs give the same bytes (file times fixed, as gzip -n drops the
# name and time): vp is deterministic, so a KVM run on it is then repeatable
# exactly, instruction for instruction (a new mtime per build shifts the
# kernel's unpacking by some thousand instructions and every event after it).
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible | gzip -n -1) > "$out"
