#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 8: about a minute in
# all, as CI does), from the seed corpus in tests/fuzz/corpus/<target>, after
# replaying the inputs that once crashed (tests/fuzz/regressions/<target>).
#   tests/fuzz/run.sh BUILD_DIR [SECONDS] [JOBS]
# VP_FUZZ_SEED=N fixes libFuzzer's seed (CI does, so that its short run is
# repeatable; the long run leaves it random to explore).
# New corpus entries go to a scratch directory, not into the repository; a
# crash leaves its input in BUILD_DIR/fuzz-artifacts/ and fails the run.
# Long run (README "Fuzzing"): tests/fuzz/run.sh build-fuzz 3600
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS]}" && pwd)"
seconds="${2:-8}"
work="$build/fuzz-work"
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
status=0
for target in elf_loader linux_image dtb registers a64 a64_unicorn cli; do
  exe="$build/tests/fuzz/fuzz_$target"
  if [ "$target" = a64_unicorn ] && [ ! -x "$exe" ]; then
    echo "fuzz_a64_unicorn: not built (libunicorn-dev missing), skipped"; continue
  fi
  [ -x "$exe" ] || { echo "fuzz: $exe not built"; exit 1; }
  if [ -d "$here/regressions/$target" ]; then
    "$exe" -runs=1 "$here/regressions/$target"/* > "$build/fuzz_$target.replay.log" 2>&1 ||
      { echo "fuzz_$target: a regression input fails again"; tail -30 "$build/fuzz_$target.replay.log"; status=1; }
  fi
  rm -rf "$work/$target" && mkdir -p "$work/$target"
  log="$build/fuzz_$target.log"
  if "$exe" ${VP_FUZZ_SEED:+-seed="$VP_FUZZ_SEED"} -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
       -artifact_prefix="$artifacts/${target}-" "$work/$target" "$here/corpus/$target" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz_$target: ${runs:-?} inputs in ${seconds}s, $cov, no crash"
  else
    echo "fuzz_$target: FAILED (input saved in $artifacts)"; tail -40 "$log"; status=1
  fi
done
exit $status
