#!/usr/bin/env bash
# Sets up and builds (scripts/setup.sh), then runs the main job: the platform
# on the seed scenario (guest masked, line lowered, fold clears the physical
# active state, next edge delivered), writing seed.vcd. Extra arguments go to vp.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
exec build/platform/vp --firmware build/sw/seed_masked_lowered.elf --vcd seed.vcd "$@"
