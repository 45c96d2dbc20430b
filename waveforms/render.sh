#!/usr/bin/env bash
# Renders the seed scenario and its naive variant into SVG and PNG timing
# diagrams (waveforms/pictures/), from VCDs that vp writes. Needs a build
# (scripts/setup.sh); PNG needs rsvg-convert (Debian: librsvg2-bin).
#   bash waveforms/render.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=waveforms/pictures
mkdir -p "$out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

signals=(
  --signal timer.cpu0.cntvirq=timer.cntvirq
  --signal gic.cpu0.irq27.line=PPI27.line
  --signal gic.cpu0.irq27.pending=PPI27.pending
  --signal gic.cpu0.irq27.active=PPI27.active
  --signal cpu0.irq=cpu0.irq
  --signal cpu0.el=cpu0.EL
  --signal gic.cpu0.lr0.state=LR0.State
  --signal gic.cpu0.lr0.hw=LR0.HW
  --signal cpu0.virq=cpu0.virq
)
for scenario in seed_masked_lowered seed_masked_lowered_naive; do
  vcd=$out/$scenario.vcd
  "$build/platform/vp" --quiet --max-time 2s --firmware "$build/sw/$scenario.elf" --vcd "$vcd" > /dev/null || true
  title="$scenario: guest masked, line lowered, exit"
  [ "$scenario" = seed_masked_lowered ] && title="$title: fold clears physical active, next edge delivered"
  [ "$scenario" = seed_masked_lowered_naive ] && title="$title: naive fold, physical active stays set, edge lost"
  "$build/waveforms/vcd2svg" "$vcd" "$out/$scenario.svg" "${signals[@]}" --compress --width 1100 --title "$title"
  if command -v rsvg-convert > /dev/null; then
    rsvg-convert "$out/$scenario.svg" -o "$out/$scenario.png"
  fi
  rm -f "$vcd"
  echo "rendered $out/$scenario.svg"
done
