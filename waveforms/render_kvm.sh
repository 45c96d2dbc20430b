#!/usr/bin/env bash
# Renders Linux KVM's own list-register writes (issue 15) into
# waveforms/pictures/kvm_vtimer.svg/.png: Debian's arm64 kernel at EL2 runs
# the project's VMM and guest (sw/kvm) on vp, with a VCD window of 3 ms from
# the first time PPI 27 (the guest's virtual timer) is pending. Needs a build
# with the firmware (scripts/setup.sh), the Debian images (scripts/boot_images.sh
# fetches them with apt, or exits 77) and rsvg-convert for PNG (librsvg2-bin).
#   bash waveforms/render_kvm.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=waveforms/pictures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

image=$(scripts/boot_images.sh linux)
scripts/kvm_initramfs.sh "$build/sw" "$work/initramfs.cpio.gz"
vcd=$work/kvm_vtimer.vcd
"$build/platform/vp" --kernel "$image" --initrd "$work/initramfs.cpio.gz" --ram 512M \
  --append "console=ttyAMA0 panic=-1" --max-time 120s \
  --vcd "$vcd" --vcd-start irq:27 --vcd-stop +3ms > "$work/console.log" 2>&1 || {
  cat "$work/console.log"; exit 1; }
grep "^vp: VCD" "$work/console.log"
# Which list register KVM used for the vtimer (and the checks of the test).
"$build/tests/kvm/kvm_vcd_check" "$vcd" 20000 | tee "$work/check.txt"
# The second tick (the first may begin before the window): from 2.5 us
# before KVM writes the list register (the timer's edge) to 0.5 us after the
# guest's deactivation; quiet stretches compressed (the guest runs 45 ns).
tick=$(grep ': written HW=1' "$work/check.txt" | sed -n 2p)
[ -n "$tick" ] || { echo "render_kvm: no second vtimer tick in the window" >&2; exit 1; }
lr=$(echo "$tick" | sed 's/^gic\.cpu0\.\(lr[0-9]*\):.*/\1/')
written=$(echo "$tick" | sed 's/.* at \([0-9]*\) ns, acknowledged.*/\1/')
deactivated=$(echo "$tick" | sed 's/.*deactivated at \([0-9]*\) ns.*/\1/')
signals=(
  --signal timer.cpu0.cntvirq=timer.cntvirq
  --signal gic.cpu0.irq27.pending=PPI27.pending
  --signal gic.cpu0.irq27.active=PPI27.active
  --signal cpu0.irq=cpu0.irq
  --signal cpu0.el=cpu0.EL
  --signal gic.cpu0.$lr.state=${lr^^}.State
  --signal gic.cpu0.$lr.hw=${lr^^}.HW
  --signal gic.cpu0.$lr.pid=${lr^^}.pINTID
  --signal cpu0.virq=cpu0.virq
)
"$build/waveforms/vcd2svg" "$vcd" "$out/kvm_vtimer.svg" "${signals[@]}" --compress --width 1100 \
  --from "$((written - 2500))ns" --to "$((deactivated + 500))ns" \
  --title "Linux 6.1 KVM on vp: vtimer via ${lr^^} (HW=1, pINTID 27); the guest's EOI deactivates PPI 27"
if command -v rsvg-convert > /dev/null; then
  rsvg-convert "$out/kvm_vtimer.svg" -o "$out/kvm_vtimer.png"
fi
echo "rendered $out/kvm_vtimer.svg"
