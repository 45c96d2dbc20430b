#!/usr/bin/env bash
# Sets up and builds (scripts/setup.sh), then runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
if [ -x build/platform/vp ]; then
  # The platform on the seed scenario, writing a VCD.
  exec build/platform/vp --firmware build/sw/seed_masked_lowered.elf --vcd seed.vcd "$@"
fi
# Until the platform exists: drive the GIC through its sockets.
exec build/platform/gic_demo "$@"
